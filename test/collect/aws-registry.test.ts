import { describe, expect, it, vi } from 'vitest';
import type { ServiceCollector } from '../../src/collect/aws/service.js';

/**
 * The AWS services Stance knows are the collector registry (src/collect/aws/index.ts): a service
 * added there is offered by --services and scoped the way its collector says, with no other list
 * to update. A registry extended with two services proves that nothing else holds a copy.
 */
vi.mock(import('../../src/collect/aws/index.js'), async (original) => {
  const real = await original();
  const extra = (service: string, global: boolean): ServiceCollector => ({
    service,
    global,
    permissions: [],
    collect: () => Promise.resolve({ resources: [], problems: [] }),
  });
  return {
    ...real,
    AWS_COLLECTORS: [...real.AWS_COLLECTORS, extra('wafglobal', true), extra('lambdax', false)],
  };
});

const { AWS_COLLECTORS } = await import('../../src/collect/aws/index.js');
const { parseSnapshot } = await import('../../src/collect/snapshot.js');
const { main } = await import('../../src/cli/main.js');

const snapshot = (service: string, region: string, resourceRegion: string) =>
  JSON.stringify({
    version: 1,
    collectedAt: '2026-11-01T00:00:00Z',
    scopes: [{ provider: 'aws', account: '111122223333', region, service, status: 'ok' }],
    resources: [
      {
        id: `arn:aws:${service}:${resourceRegion}:111122223333:thing/a`,
        type: `aws.${service}.thing`,
        provider: 'aws',
        account: '111122223333',
        region: resourceRegion,
        name: 'a',
        config: {},
      },
    ],
  });

describe('the AWS collector registry', () => {
  it('is what --services offers', async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    const consoleMethods = { ...console };
    try {
      expect(await main(['node', 'stance', 'scan', '--help'])).toBe(0);
    } finally {
      write.mockRestore();
      Object.assign(console, consoleMethods);
    }
    const help = written.join('').replace(/\s+/g, ' ');
    const services = /--services <list>[^(]*\(([^)]*)\)/.exec(help)?.[1] ?? '';
    for (const { service } of AWS_COLLECTORS) expect(services).toMatch(new RegExp(`\\b${service}\\b`));
  });

  it('decides which services a snapshot lists once per account', () => {
    // a global service's resources live in their own region but belong to the account's global scope
    const global = parseSnapshot(snapshot('wafglobal', 'global', 'eu-west-1'), 'inv.json');
    expect(global.scopes[0]!.resources).toHaveLength(1);
    const regional = parseSnapshot(snapshot('lambdax', 'eu-west-1', 'eu-west-1'), 'inv.json');
    expect(regional.scopes[0]!.resources).toHaveLength(1);
    expect(() => parseSnapshot(snapshot('lambdax', 'global', 'eu-west-1'), 'inv.json')).toThrow(
      /belongs to no scope listed in "scopes" \(expected aws\/111122223333\/eu-west-1\/lambdax\)/,
    );
  });
});
