import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/collect/snapshot.js';
import { loadBundle } from '../../src/policy/bundle.js';
import { createEngine, type PolicyEngine } from '../../src/policy/engine.js';
import type { Notifier } from '../../src/notify/alerts.js';
import { runScan, scanExitCode } from '../../src/scan/pipeline.js';
import { openStore, type Store } from '../../src/store/index.js';
import { generateSnapshot } from '../helpers/inventory.js';

const sg = (id: string, cidr: string) => ({
  id: `arn:aws:ec2:eu-west-1:1:security-group/${id}`,
  type: 'aws.ec2.security_group',
  provider: 'aws',
  account: '1',
  region: 'eu-west-1',
  name: id,
  tags: {},
  config: {
    GroupId: id,
    IpPermissions: [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: cidr }], Ipv6Ranges: [] },
    ],
  },
});

function snapshot(ec2Status: 'ok' | 'error', resources: unknown[]) {
  return parseSnapshot(
    JSON.stringify({
      version: 1,
      collectedAt: '2026-11-01T00:00:00Z',
      scopes: [
        {
          provider: 'aws',
          account: '1',
          region: 'eu-west-1',
          service: 'ec2',
          status: ec2Status,
          ...(ec2Status === 'error' ? { error: 'Throttling: Rate exceeded' } : {}),
        },
        { provider: 'aws', account: '1', region: 'eu-west-1', service: 'lambda', status: 'ok' },
      ],
      resources,
    }),
    'test.json',
  );
}

describe('scan pipeline', () => {
  it('stores verdicts per scope, keeps an errored scope untouched, and reports uncovered types', async () => {
    const bundle = loadBundle();
    const store = await openStore(':memory:');
    const engine = await createEngine({ bundle, threads: 1 });
    let minute = 0;
    const clock = () => new Date(Date.UTC(2026, 10, 1) + minute++ * 60_000);
    const fn = {
      id: 'arn:aws:lambda:eu-west-1:1:layer:f',
      type: 'aws.lambda.layer',
      provider: 'aws',
      account: '1',
      region: 'eu-west-1',
      name: 'f',
      tags: {},
      config: {},
    };

    const first = await runScan({
      store,
      bundle,
      engine,
      command: 'test',
      clock,
      collection: snapshot('ok', [sg('sg-open', '0.0.0.0/0'), sg('sg-closed', '10.0.0.0/8'), fn]),
    });
    expect(first.status).toBe('ok');
    // four rules per group (admin ports over IPv4 and IPv6, CIFS, unused): the open port fails, and
    // both groups are unused (the ec2 scope was listed completely and holds no network interface)
    expect(first.counts).toMatchObject({ resources: 3, pass: 5, fail: 3, error: 0 });
    expect(first.uncoveredTypes).toEqual(['aws.lambda.layer']); // no rule reads layers
    expect(scanExitCode(first, false)).toBe(0);
    const before = await store.findings.current();

    const throttled = await runScan({
      store,
      bundle,
      engine,
      command: 'test',
      clock,
      collection: snapshot('error', [fn]),
    });
    expect(throttled.status).toBe('partial');
    expect(scanExitCode(throttled, false)).toBe(3);
    expect(scanExitCode(throttled, true)).toBe(1);
    expect(throttled.scopes.find((s) => s.key.endsWith('/ec2'))).toMatchObject({
      status: 'error',
      error: 'Throttling: Rate exceeded',
    });
    expect(await store.findings.current()).toEqual(before);
    expect((await store.resources.list()).map((r) => r.name).sort()).toEqual(['f', 'sg-closed', 'sg-open']);

    const fixed = await runScan({
      store,
      bundle,
      engine,
      command: 'test',
      clock,
      collection: snapshot('ok', [sg('sg-open', '10.0.0.0/8'), fn]),
    });
    const transitions = fixed.scopes
      .flatMap((s) => s.transitions)
      .map((t) => `${t.resourceId.split('/').pop()} ${t.ruleId} ${t.from}->${t.to} ${t.cause}`);
    expect(transitions.sort()).toEqual([
      'sg-closed aws-ec2-sg-admin-port-open-ipv4 pass->null deleted',
      'sg-closed aws-ec2-sg-admin-port-open-ipv6 pass->null deleted',
      'sg-closed aws-ec2-sg-cifs-open pass->null deleted',
      'sg-closed aws-ec2-sg-unused fail->null deleted',
      'sg-open aws-ec2-sg-admin-port-open-ipv4 fail->pass config',
    ]);
    expect(await store.checkInvariants()).toEqual([]);
    await engine.close();
  });
});

describe('scan pipeline: recording while evaluating (issue 15, scan speed)', () => {
  it('records each scope as soon as its verdicts are in, while the engine still evaluates the next scopes, with the same result', async () => {
    const bundle = loadBundle();
    const collection = () =>
      parseSnapshot(JSON.stringify(generateSnapshot({ resources: 300, seed: 7, mix: true })), 'g.json');
    const real = await createEngine({ bundle, threads: 1 });
    const events: string[] = [];
    let recorded = 0;
    const recordedAtLeast = async (n: number) => {
      // bounded: a pipeline that records nothing before everything is evaluated fails, never hangs
      for (let waited = 0; recorded < n && waited < 5_000; waited += 10)
        await new Promise((r) => setTimeout(r, 10));
    };
    const grouped: PolicyEngine = {
      evaluate: (items) => real.evaluate(items),
      // group i is evaluated once the scopes before it are recorded
      evaluateGroups: (groups) =>
        groups.map(async (items, i) => {
          await recordedAtLeast(i);
          const verdicts = await real.evaluate(items);
          events.push(`evaluated ${i}`);
          return verdicts;
        }),
      stats: () => real.stats(),
      close: () => real.close(),
    };
    const notifier = {
      queue: () => {
        events.push(`recorded ${recorded++}`);
        return Promise.resolve();
      },
    } as unknown as Notifier;
    const scan = async (store: Store, engine: PolicyEngine, notify?: Notifier) => {
      let minute = 0;
      const clock = () => new Date(Date.UTC(2026, 10, 1) + minute++ * 60_000);
      return runScan({
        store,
        bundle,
        engine,
        command: 'test',
        clock,
        collection: collection(),
        notifier: notify,
      });
    };
    const overlapped = await openStore(':memory:');
    const plain = await openStore(':memory:');
    try {
      const a = await scan(overlapped, grouped, notifier);
      const b = await scan(plain, real);
      const scopes = a.scopes.length;
      expect(scopes).toBeGreaterThan(3);
      expect(events).toEqual(
        Array.from({ length: scopes }, (_, i) => [`evaluated ${i}`, `recorded ${i}`]).flat(),
      );
      expect(a).toEqual(b);
      expect(await overlapped.findings.current()).toEqual(await plain.findings.current());
      expect(await overlapped.checkInvariants()).toEqual([]);
    } finally {
      await overlapped.close();
      await plain.close();
      await real.close();
    }
  });
});
