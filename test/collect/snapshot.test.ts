import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSnapshot, writeSnapshot } from '../../src/collect/snapshot.js';
import { k8sScope } from '../../src/model/scopes.js';
import { InputError } from '../../src/errors.js';

const sg = (id: string, region = 'eu-west-1') => ({
  id: `arn:aws:ec2:${region}:111122223333:security-group/${id}`,
  type: 'aws.ec2.security_group',
  provider: 'aws',
  account: '111122223333',
  region,
  name: id,
  tags: {},
  config: { GroupId: id, IpPermissions: [] },
});

function snapshot(extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    collectedAt: '2026-11-01T12:00:00Z',
    scopes: [
      { provider: 'aws', account: '111122223333', region: 'eu-west-1', service: 'ec2', status: 'ok' },
      {
        provider: 'aws',
        account: '111122223333',
        region: 'global',
        service: 'iam',
        status: 'error',
        error: 'AccessDenied',
      },
      { provider: 'k8s', account: 'prod', region: '_cluster', kind: 'Pod', status: 'ok' },
    ],
    resources: [
      sg('sg-1'),
      sg('sg-2'),
      {
        id: 'k8s://prod/shop/Pod/web',
        type: 'k8s.pod',
        provider: 'k8s',
        account: 'prod',
        region: 'shop',
        name: 'web',
        tags: {},
        config: { kind: 'Pod', metadata: { name: 'web', namespace: 'shop' } },
      },
    ],
    ...extra,
  };
}

function errorOf(text: string): string {
  try {
    parseSnapshot(text, 'inv.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('parseSnapshot', () => {
  it('assigns resources to their scopes and keeps errored scopes empty', () => {
    const collection = parseSnapshot(JSON.stringify(snapshot()), 'inv.json');
    const byKey = Object.fromEntries(collection.scopes.map((s) => [s.scope.key, s]));
    expect(Object.keys(byKey).sort()).toEqual([
      'aws/111122223333/eu-west-1/ec2',
      'aws/111122223333/global/iam',
      'k8s/prod/Pod',
    ]);
    expect(byKey['aws/111122223333/eu-west-1/ec2']!.resources.map((r) => r.name)).toEqual(['sg-1', 'sg-2']);
    expect(byKey['aws/111122223333/global/iam']!.status).toBe('error');
    expect(byKey['k8s/prod/Pod']!.resources).toHaveLength(1);
    expect(collection.collectedAt.toISOString()).toBe('2026-11-01T12:00:00.000Z');
  });

  it('names file, line and field for a JSON syntax error', () => {
    expect(errorOf('{\n  "version": 1,\n  "scopes": [,]\n}')).toMatch(
      /^snapshot inv\.json:3:\d+: invalid JSON/,
    );
  });

  it('locates a syntax error in hostile nesting without overflowing the stack', () => {
    expect(errorOf(`{"version": 1, "x": ${'['.repeat(100_000)}`)).toMatch(
      /^snapshot inv\.json:1:\d+: invalid JSON/,
    );
  });

  it('names the field of a schema error with its line', () => {
    const s = snapshot();
    delete (s.resources[1] as Record<string, unknown>).id;
    expect(errorOf(JSON.stringify(s, null, 2))).toMatch(/^snapshot inv\.json:\d+: resources\[1\]\.id: /);
  });

  it('rejects an unknown version, a duplicate id, a resource outside every scope and one inside an errored scope', () => {
    expect(errorOf(JSON.stringify(snapshot({ version: 2 })))).toMatch(
      /version: unsupported snapshot version/,
    );
    const dup = snapshot();
    dup.resources.push(sg('sg-1'));
    expect(errorOf(JSON.stringify(dup))).toMatch(/resources\[3\]\.id: duplicate resource id/);
    const stray = snapshot();
    stray.resources.push(sg('sg-9', 'us-east-1'));
    expect(errorOf(JSON.stringify(stray))).toMatch(
      /belongs to no scope .*expected aws\/111122223333\/us-east-1\/ec2/,
    );
    const inErrored = snapshot();
    inErrored.resources.push({
      ...sg('x'),
      id: 'arn:aws:iam::111122223333:user/bob',
      type: 'aws.iam.user',
      region: 'global',
    });
    expect(errorOf(JSON.stringify(inErrored))).toMatch(/has status "error"/);
  });

  it('rejects a malformed resource type and a scope without service, kind or paths', () => {
    const badType = snapshot();
    (badType.resources[0] as Record<string, unknown>).type = 'SecurityGroup';
    expect(errorOf(JSON.stringify(badType))).toMatch(/resources\[0\]\.type: must look like/);
    const badScope = snapshot();
    delete (badScope.scopes[0] as Record<string, unknown>).service;
    expect(errorOf(JSON.stringify(badScope))).toMatch(/scopes\[0\]: needs exactly one of/);
  });
});

describe('snapshot cluster facts', () => {
  it('writes and reads back each live cluster version, and refuses a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stance-snap-'));
    const file = join(dir, 'live.json');
    writeSnapshot(file, {
      collectedAt: new Date('2026-11-01T00:00:00Z'),
      scopes: [{ scope: k8sScope('prod', 'Pod'), status: 'ok', resources: [] }],
      clusters: [{ name: 'prod', kubeVersion: 'v1.29' }],
    });
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ clusters: [{ name: 'prod', kubeVersion: 'v1.29' }] });
    expect(parseSnapshot(text, 'live.json').clusters).toEqual([{ name: 'prod', kubeVersion: 'v1.29' }]);
    const bad = JSON.stringify({
      ...JSON.parse(text),
      clusters: [{ name: 'prod', kubeVersion: '1.29; rm' }],
    });
    expect(() => parseSnapshot(bad, 'bad.json')).toThrow(/clusters\[0\]\.kubeVersion: must look like v1\.31/);
  });
});
