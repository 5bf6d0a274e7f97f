import { describe, expect, it, vi } from 'vitest';
import { AWS_COLLECTORS } from '../../src/collect/aws/index.js';
import { AWS_SERVICE_NAMES, GLOBAL_AWS_SERVICES } from '../../src/collect/aws/service-metadata.js';
import { parseSnapshot } from '../../src/collect/snapshot.js';
import { main } from '../../src/cli/main.js';

/**
 * The AWS services Stance knows are listed once, in src/collect/aws/service-metadata.ts (no AWS
 * SDK there, so a snapshot scan does not load it): the collector registry has a collector for each,
 * in that order, taking its service name and global flag from the list; --services offers them and
 * a snapshot's resources are scoped by them.
 */
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

describe('the AWS service list', () => {
  it('has exactly one collector per service, in order, global where the list says', () => {
    expect(AWS_COLLECTORS.map((c) => c.service)).toEqual(AWS_SERVICE_NAMES);
    for (const c of AWS_COLLECTORS) expect(c.global, c.service).toBe(GLOBAL_AWS_SERVICES.has(c.service));
    expect([...GLOBAL_AWS_SERVICES].sort()).toEqual(['account', 'cloudfront', 'iam', 'organizations', 's3']);
  });

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
    expect(services.split(', ')).toEqual(AWS_SERVICE_NAMES);
  });

  it('decides which services a snapshot lists once per account', () => {
    // a global service's resources live in their own region but belong to the account's global scope
    const global = parseSnapshot(snapshot('cloudfront', 'global', 'eu-west-1'), 'inv.json');
    expect(global.scopes[0]!.resources).toHaveLength(1);
    const regional = parseSnapshot(snapshot('lambda', 'eu-west-1', 'eu-west-1'), 'inv.json');
    expect(regional.scopes[0]!.resources).toHaveLength(1);
    expect(() => parseSnapshot(snapshot('lambda', 'global', 'eu-west-1'), 'inv.json')).toThrow(
      /belongs to no scope listed in "scopes" \(expected aws\/111122223333\/eu-west-1\/lambda\)/,
    );
  });
});
