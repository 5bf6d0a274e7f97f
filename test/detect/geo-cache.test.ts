import { afterEach, describe, expect, it, vi } from 'vitest';
import { GeoIp } from '../../src/detect/geo.js';

describe('IP location cache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps the addresses in use when many others pass by (no full reset)', () => {
    // The database itself is not read: the lookups behind the cache are counted.
    const lookup = vi
      .spyOn(GeoIp.prototype as unknown as { lookup: (ip: string) => unknown }, 'lookup')
      .mockImplementation((ip: string) => ({ lat: 1, lon: 2, city: ip, country: 'GB' }));
    const geo = new GeoIp('/nonexistent');
    const office = '203.0.113.10';
    const ip = (i: number) => `198.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    geo.locate(office);
    // The office's address is used between every two others, 10,000 others in all.
    for (let i = 0; i < 10_000; i++) {
      geo.locate(ip(i));
      expect(geo.locate(office)).toMatchObject({ city: office });
    }
    const calls = (address: string) => lookup.mock.calls.filter(([a]) => a === address).length;
    expect(calls(office)).toBe(1);
    expect(lookup).toHaveBeenCalledTimes(10_001);
    // Each answer is looked up once and is the same object each time.
    expect(geo.locate(ip(9_999))).toBe(geo.locate(ip(9_999)));
    expect(lookup).toHaveBeenCalledTimes(10_001);
  });
});
