import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/collect/snapshot.js';
import { InputError } from '../../src/errors.js';
import { loadBundle } from '../../src/policy/bundle.js';
import { createEngine } from '../../src/policy/engine.js';
import { runScan } from '../../src/scan/pipeline.js';
import { namespaceVersions, parsePssVersion, pssVersionFor } from '../../src/scan/pss-version.js';
import { openStore } from '../../src/store/index.js';
import type { Resource } from '../../src/types.js';

const namespace = (name: string, version?: string): Resource => ({
  id: `k8s://prod/_cluster/Namespace/${name}`,
  type: 'k8s.namespace',
  provider: 'k8s',
  account: 'prod',
  region: '_cluster',
  name,
  tags: {},
  config: {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: version === undefined ? {} : { 'pod-security.kubernetes.io/enforce-version': version },
    },
  },
});

// A Pod whose liveness probe targets another host: the hostProbesAndHostLifecycle check exists from v1.34.
const probingPod = (ns: string): Resource => ({
  id: `k8s://prod/${ns}/Pod/probe`,
  type: 'k8s.pod',
  provider: 'k8s',
  account: 'prod',
  region: ns,
  name: 'probe',
  tags: {},
  config: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'probe', namespace: ns },
    spec: {
      automountServiceAccountToken: false,
      containers: [
        {
          name: 'app',
          image: 'registry.example/app:1.0',
          livenessProbe: { httpGet: { host: '169.254.169.254', path: '/', port: 80 } },
        },
      ],
    },
  },
});

describe('Pod Security Standards version of a workload', () => {
  it('is the namespace label when valid, "latest" for an invalid label, and the override above both', () => {
    const versions = namespaceVersions([
      namespace('pinned', 'v1.33'),
      namespace('newest', 'latest'),
      namespace('typo', 'v1.3x'),
      namespace('unlabelled'),
    ]);
    const pod = (ns: string) => probingPod(ns);
    expect(pssVersionFor(pod('pinned'), versions)).toBe('v1.33');
    expect(pssVersionFor(pod('newest'), versions)).toBe('latest');
    expect(pssVersionFor(pod('typo'), versions)).toBe('latest');
    expect(pssVersionFor(pod('unlabelled'), versions)).toBe('latest');
    expect(pssVersionFor(pod('not-collected'), versions)).toBe('latest');
    expect(pssVersionFor(pod('pinned'), versions, 'v1.35')).toBe('v1.35');
  });

  it('rejects a user-given version that Pod Security Admission would not accept', () => {
    expect(parsePssVersion('v1.34', '--pss-version')).toBe('v1.34');
    expect(parsePssVersion('latest', '--pss-version')).toBe('latest');
    for (const bad of ['1.34', 'v1.034', 'v2.0', 'Latest', 'v1.34.1', ''])
      expect(() => parsePssVersion(bad, '--pss-version')).toThrow(InputError);
    expect(() => parsePssVersion('v1.3x', '--pss-version')).toThrow(
      /--pss-version "v1.3x": expected "latest" or v1.<minor>/,
    );
  });

  it('reaches the rules as input.context.pss_version: the check follows each namespace, --pss-version overrides', async () => {
    const bundle = loadBundle();
    const collection = () =>
      parseSnapshot(
        JSON.stringify({
          version: 1,
          collectedAt: '2026-11-01T00:00:00Z',
          scopes: [
            { provider: 'k8s', account: 'prod', region: '_cluster', kind: 'Namespace', status: 'ok' },
            { provider: 'k8s', account: 'prod', region: '_cluster', kind: 'Pod', status: 'ok' },
          ],
          resources: [
            namespace('pinned', 'v1.33'),
            namespace('current'),
            probingPod('pinned'),
            probingPod('current'),
          ],
        }),
        'test.json',
      );
    const verdicts = async (pssVersion?: string) => {
      const store = await openStore(':memory:');
      const engine = await createEngine({ bundle, threads: 1 });
      try {
        await runScan({ store, bundle, engine, command: 'test', collection: collection(), pssVersion });
        return (await store.findings.current())
          .filter((f) => f.ruleId === 'k8s-pss-host-probes')
          .map((f) => `${f.resourceId} ${f.status} ${f.message}`)
          .sort();
      } finally {
        await engine.close();
        await store.close();
      }
    };
    // the namespace pinned to v1.33 has no such check; the other is checked at latest
    expect(await verdicts()).toEqual([
      'k8s://prod/current/Pod/probe fail container "app" sets livenessProbe.httpGet.host 169.254.169.254 (Pod Security Standards baseline, latest = v1.35)',
    ]);
    expect(await verdicts('v1.34')).toEqual([
      'k8s://prod/current/Pod/probe fail container "app" sets livenessProbe.httpGet.host 169.254.169.254 (Pod Security Standards baseline, v1.34)',
      'k8s://prod/pinned/Pod/probe fail container "app" sets livenessProbe.httpGet.host 169.254.169.254 (Pod Security Standards baseline, v1.34)',
    ]);
    expect(await verdicts('v1.30')).toEqual([]);
  });
});

describe('a hostile --pss-version value', () => {
  it('is shown with its control characters escaped and cut short', () => {
    const value = `v1.\u001b]0;owned\u0007\u202e${'9'.repeat(500)}`;
    let message = '';
    try {
      parsePssVersion(value, '--pss-version');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^--pss-version "v1\.\\x1b\]0;owned\\x07\\u202e9+…": expected/);
    expect(message.length).toBeLessThan(140);
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });
});
