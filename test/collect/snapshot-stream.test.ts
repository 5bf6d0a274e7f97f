import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/**
 * A snapshot file is read resource by resource (src/collect/snapshot-reader.ts), never as one
 * string: a 100k-resource snapshot is 65 MB of text, and holding it with its parsed tree set the
 * rescan's peak memory. Whatever the layout, the result is the whole reading's (parseSnapshot),
 * errors with their lines included.
 */
const wholeReads: string[] = [];
vi.mock(import('node:fs'), async (original) => {
  const fs = await original();
  const readFileSync = ((path: unknown, ...rest: unknown[]) => {
    if (typeof path === 'string' && path.endsWith('.json')) wholeReads.push(path);
    return (fs.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

const { loadSnapshot, parseSnapshot } = await import('../../src/collect/snapshot.js');
const { readSnapshotMembers } = await import('../../src/collect/snapshot-reader.js');

const dir = mkdtempSync(join(tmpdir(), 'stance-snapshot-stream-'));
let files = 0;
function file(text: string): string {
  const path = join(dir, `s${files++}.json`);
  writeFileSync(path, text);
  return path;
}

const scopes = [
  { provider: 'aws', account: '111122223333', region: 'eu-west-1', service: 'ec2', status: 'ok' },
  { provider: 'aws', account: '111122223333', region: 'global', service: 'iam', status: 'ok' },
  { provider: 'k8s', account: 'prod', kind: 'ConfigMap', status: 'ok' },
];

/** Resources whose text has everything the byte scanner must not take for structure. */
function resource(i: number) {
  const tricky = `q"uote \\ back ] bracket } brace , comma [ { \u00e9\u4e2d\u{1f600} ${'x'.repeat(i % 7)}`;
  if (i % 3 === 2)
    return {
      id: `k8s://prod/ns/ConfigMap/cm-${i}`,
      type: 'k8s.configmap',
      provider: 'k8s',
      account: 'prod',
      region: 'ns',
      name: `cm-${i}`,
      config: { kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'ns' }, data: { note: tricky } },
    };
  if (i % 3 === 1)
    return {
      id: `arn:aws:iam::111122223333:user/u${i}`,
      type: 'aws.iam.user',
      provider: 'aws',
      account: '111122223333',
      region: 'us-east-1',
      name: `u${i}`,
      tags: { note: tricky },
      config: { UserName: `u${i}`, Nested: [[[{ a: [] }]], {}, [], 'x]'] },
    };
  return {
    id: `arn:aws:ec2:eu-west-1:111122223333:security-group/sg-${i}`,
    type: 'aws.ec2.security_group',
    provider: 'aws',
    account: '111122223333',
    region: 'eu-west-1',
    name: `sg-${i}`,
    config: { GroupId: `sg-${i}`, Description: tricky, IpPermissions: [] },
  };
}

const body = (resources: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 1,
  collectedAt: '2026-11-01T12:00:00Z',
  scopes,
  resources,
  ...extra,
});

/** loadSnapshot gives what parseSnapshot of the whole text gives (a value, or the same error). */
function sameAsWhole(text: string) {
  const path = file(text);
  const outcome = (read: () => unknown) => {
    try {
      return JSON.stringify(read());
    } catch (error) {
      return `error: ${(error as Error).message}`;
    }
  };
  const streamed = outcome(() => loadSnapshot(path));
  expect(streamed).toBe(outcome(() => parseSnapshot(text, path)));
  return streamed;
}

describe('loadSnapshot reading a file', () => {
  it('reads a snapshot of several megabytes in chunks, never whole, with the same result', () => {
    // about 4 MB: elements cross the reader's 1 MB chunks, multi-byte characters included
    const resources = Array.from({ length: 12000 }, (_, i) => resource(i));
    const text = JSON.stringify(body(resources, { clusters: [{ name: 'prod', kubeVersion: 'v1.30' }] }));
    expect(text.length).toBeGreaterThan(3_000_000);
    const path = file(text);
    wholeReads.length = 0;
    const streamed = loadSnapshot(path);
    expect(wholeReads).toEqual([]);
    expect(JSON.stringify(streamed)).toBe(JSON.stringify(parseSnapshot(text, path)));
    expect(streamed.scopes.map((s) => s.resources.length)).toEqual([4000, 4000, 4000]);
    expect(streamed.clusters).toEqual([{ name: 'prod', kubeVersion: 'v1.30' }]);
  });

  it('reads the indented layout writeSnapshot writes, and an empty resource list', () => {
    wholeReads.length = 0;
    expect(sameAsWhole(JSON.stringify(body([resource(0), resource(1)]), null, 2) + '\n')).not.toMatch(
      /^error/,
    );
    expect(sameAsWhole(JSON.stringify(body([])))).not.toMatch(/^error/);
    expect(
      sameAsWhole(' \n{"version":1,"collectedAt":"2026-11-01T12:00:00Z","scopes":[],"resources":[ ]}\n'),
    ).toMatch(/"scopes":\[\]/);
    expect(wholeReads).toEqual([]);
  });

  it('falls back to the whole reading for another layout or a problem, with its located error', () => {
    const good = body([resource(0), resource(1), resource(2)]);
    // resources before the scopes that place them: read whole, same result
    const { resources, ...rest } = good;
    expect(sameAsWhole(JSON.stringify({ resources, ...rest }))).not.toMatch(/^error/);
    // an escaped key name, a duplicate member (the whole reading keeps the last)
    expect(sameAsWhole(JSON.stringify(good).replace('"resources"', '"resour\\u0063es"'))).not.toMatch(
      /^error/,
    );
    expect(
      sameAsWhole(JSON.stringify(good).replace('{"version":1,', '{"version":2,"version":1,')),
    ).not.toMatch(/^error/);
    // errors: syntax (trailing comma, truncated, text after the end), schema, a resource's problem
    const text = JSON.stringify(good, null, 2);
    expect(sameAsWhole(text.replace(/}\n {2}]/, '},\n  ]'))).toMatch(
      /^error: snapshot .*:\d+:\d+: invalid JSON/,
    );
    expect(sameAsWhole(text.slice(0, text.length - 40))).toMatch(/^error: snapshot .*: invalid JSON/);
    expect(sameAsWhole(`${text} {}`)).toMatch(/^error: snapshot .*: invalid JSON/);
    expect(sameAsWhole(text.replace('"version": 1', '"version": 2'))).toMatch(
      /^error: snapshot .*:2: version/,
    );
    expect(sameAsWhole(text.replace('"aws.ec2.security_group"', '"aws ec2"'))).toMatch(
      /^error: snapshot .*:\d+: resources\[0\]\.type: must look like/,
    );
    const dup = JSON.stringify(body([resource(0), resource(0)]), null, 2);
    expect(sameAsWhole(dup)).toMatch(/^error: snapshot .*:\d+: resources\[1\]\.id: duplicate resource id/);
    expect(sameAsWhole(JSON.stringify(body([{ ...resource(0), config: deep(200) }]), null, 1))).toMatch(
      /^error: snapshot .*:\d+: resources\[0\]\.config/,
    );
    expect(sameAsWhole('[]')).toMatch(/^error: snapshot .*: expected object/);
    expect(sameAsWhole('')).toMatch(/^error: snapshot .*: invalid JSON/);
  });

  it.skipIf(process.platform === 'win32')('reads a pipe whole, once', () => {
    // a duplicate id is found at the end: the error needs the text, which a pipe gives only once
    const source = file(JSON.stringify(body([resource(0), resource(1), resource(0)]), null, 2));
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    // a second reading would get `x` (written well after the first reading's end), not the snapshot
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"; sleep 2; printf x > "$1"', source, fifo], {
      stdio: 'ignore',
    });
    try {
      expect(() => loadSnapshot(fifo)).toThrow(/pipe\.json:\d+: resources\[2\]\.id: duplicate resource id/);
    } finally {
      writer.kill();
    }
  });

  it('names a missing file as the whole reading does', () => {
    expect(() => loadSnapshot(join(dir, 'missing.json'))).toThrow(/snapshot .*missing\.json: no such file/);
  });
});

function deep(levels: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('readSnapshotMembers', () => {
  it('hands over each member, then each resource with its index, and does not stream other layouts', () => {
    const seen: string[] = [];
    const reader = {
      onMember: (name: string, value: unknown) => seen.push(`${name}=${JSON.stringify(value)}`),
      onResourcesStart: () => (seen.push('start'), true),
      onResource: (value: unknown, i: number) => seen.push(`${i}:${JSON.stringify(value)}`),
    };
    const path = file('{"a": [1, "]"], "resources": [ {"x": "],"}, [2], "s" ], "b": {"c": "}"}}');
    expect(readSnapshotMembers(path, reader)).toBe(true);
    expect(seen).toEqual(['a=[1,"]"]', 'start', '0:{"x":"],"}', '1:[2]', '2:"s"', 'b={"c":"}"}']);
    expect(readSnapshotMembers(file('{"a": 1}'), reader)).toBe(false);
    expect(readSnapshotMembers(file('{"resources": {}}'), reader)).toBe(false);
    expect(readSnapshotMembers(file('{"resources": [], "resources": []}'), reader)).toBe(false);
    expect(readSnapshotMembers(file('{"resources": []} x'), reader)).toBe(false);
  });
});
