import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixture, runStance, tempDir } from '../helpers/cli.js';
import { fakeKubernetesApi } from '../helpers/fake-k8s.js';

interface Finding {
  resourceId: string;
  ruleId: string;
  status: string;
}

const objects = () =>
  parseAllDocuments(readFileSync(fixture('manifests', 'helm-rendered.yaml'), 'utf8'))
    .map((d) => d.toJS() as Record<string, unknown>)
    .concat(
      Array.from({ length: 7 }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `worker-${i}`, namespace: 'shop' },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{ name: 'w', image: 'worker:1', securityContext: { privileged: i === 3, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
        },
      })),
    );

const verdicts = (findings: Finding[]) => findings.map((f) => `${f.resourceId.replace(/^k8s:\/\/[^/]+\//, '')} ${f.ruleId} ${f.status}`).sort();

describe('live Kubernetes collection through @kubernetes/client-node', () => {
  it('paginates, and gives the same verdicts as scanning the same objects as manifests', async () => {
    const api = await fakeKubernetesApi(objects());
    const dir = tempDir();
    try {
      const live = await runStance(['scan', 'k8s', '--kubeconfig', api.kubeconfig(dir), '--db', join(dir, 'live.db'), '--format', 'json']);
      expect(live.code, live.stderr).toBe(0);
      // 8 pods at the collector's page size: the fake server was asked with limit and continue
      expect(api.requests.some((r) => r.startsWith('/api/v1/pods?') && r.includes('limit='))).toBe(true);
      const liveFindings = JSON.parse((await runStance(['findings', '--format', 'json', '--db', join(dir, 'live.db')])).stdout) as Finding[];
      expect(liveFindings[0]!.resourceId.startsWith('k8s://test-cluster/')).toBe(true);

      const manifests = join(dir, 'all.yaml');
      (await import('node:fs')).writeFileSync(manifests, objects().map((o) => JSON.stringify(o)).join('\n---\n'));
      expect((await runStance(['scan', 'k8s', '--manifests', manifests, '--db', join(dir, 'm.db')])).code).toBe(0);
      const manifestFindings = JSON.parse((await runStance(['findings', '--format', 'json', '--db', join(dir, 'm.db')])).stdout) as Finding[];
      expect(verdicts(liveFindings)).toEqual(verdicts(manifestFindings));
      expect(verdicts(liveFindings).filter((v) => v.endsWith(' fail'))).toContain('shop/Pod/worker-3 k8s-container-privileged fail');
      // Secret data never reaches the store
      expect(readFileSync(join(dir, 'live.db')).includes(Buffer.from('c3VwZXItc2VjcmV0LXZhbHVl'))).toBe(false);
    } finally {
      await api.close();
    }
  });

  it('paginates with small pages', async () => {
    const { collectLive } = await import('../../src/collect/k8s/live.js');
    const api = await fakeKubernetesApi(objects());
    try {
      const collection = await collectLive({ kubeconfig: api.kubeconfig(tempDir()), pageSize: 3 });
      const pods = collection.scopes.find((s) => s.scope.key === 'k8s/test-cluster/Pod')!;
      expect(pods.resources).toHaveLength(7);
      expect(api.requests.filter((r) => r.startsWith('/api/v1/pods?'))).toHaveLength(3);
      expect(api.requests.filter((r) => r.startsWith('/api/v1/pods?') && r.includes('continue='))).toHaveLength(2);
    } finally {
      await api.close();
    }
  });

  it('a kind the credentials may not list is a scope error (partial scan), not a crash', async () => {
    const api = await fakeKubernetesApi(objects(), { forbidden: ['Secret'] });
    const dir = tempDir();
    try {
      const result = await runStance(['scan', 'k8s', '--kubeconfig', api.kubeconfig(dir), '--db', join(dir, 's.db')]);
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/k8s\/test-cluster\/Secret\s+list Secret: HTTP 403/);
      expect(result.stdout + result.stderr).not.toContain('fake-token-never-logged');
    } finally {
      await api.close();
    }
  });

  it('an unreachable server is one line and exit 2', async () => {
    const api = await fakeKubernetesApi([]);
    const dir = tempDir();
    const kubeconfig = api.kubeconfig(dir);
    await api.close();
    const result = await runStance(['scan', 'k8s', '--kubeconfig', kubeconfig, '--db', join(dir, 's.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/cannot read the Kubernetes API at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });
});

describe('stance collect k8s --out', () => {
  it('writes a snapshot that scans to the same verdicts as the live scan', async () => {
    const api = await fakeKubernetesApi(objects(), { forbidden: ['Secret'] });
    const dir = tempDir();
    try {
      const kubeconfig = api.kubeconfig(dir);
      const collected = await runStance(['collect', 'k8s', '--kubeconfig', kubeconfig, '--out', join(dir, 'cluster.json')]);
      expect(collected.code).toBe(3); // Secrets were forbidden: recorded as an errored scope in the snapshot
      expect(collected.stderr).toMatch(/wrote .*cluster\.json: \d+ resources in \d+ scopes, 1 not listed completely/);
      expect((await runStance(['scan', '--snapshot', join(dir, 'cluster.json'), '--db', join(dir, 'a.db')])).code).toBe(3);
      expect((await runStance(['scan', 'k8s', '--kubeconfig', kubeconfig, '--db', join(dir, 'b.db')])).code).toBe(3);
      const a = JSON.parse((await runStance(['findings', '--format', 'json', '--db', join(dir, 'a.db')])).stdout) as Finding[];
      const b = JSON.parse((await runStance(['findings', '--format', 'json', '--db', join(dir, 'b.db')])).stdout) as Finding[];
      expect(verdicts(a)).toEqual(verdicts(b));
      expect(a.length).toBeGreaterThan(10);
    } finally {
      await api.close();
    }
  });
});
