import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixture, runStance, tempDir } from '../helpers/cli.js';
import { fakeKubernetesApi } from '../helpers/fake-k8s.js';
import { joinFactsIn } from '../helpers/join-facts.js';
import type { Resource } from '../../src/types.js';

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
          containers: [
            {
              name: 'w',
              image: 'worker:1',
              securityContext: {
                privileged: i === 3,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      })),
    );

const verdicts = (findings: Finding[]) =>
  findings.map((f) => `${f.resourceId.replace(/^k8s:\/\/[^/]+\//, '')} ${f.ruleId} ${f.status}`).sort();

describe('live Kubernetes collection through @kubernetes/client-node', () => {
  it('paginates, and gives the same verdicts as scanning the same objects as manifests', async () => {
    const api = await fakeKubernetesApi(objects());
    const dir = tempDir();
    try {
      const live = await runStance([
        'scan',
        'k8s',
        '--kubeconfig',
        api.kubeconfig(dir),
        '--db',
        join(dir, 'live.db'),
        '--format',
        'json',
      ]);
      expect(live.code, live.stderr).toBe(0);
      // 8 pods at the collector's page size: the fake server was asked with limit and continue
      expect(api.requests.some((r) => r.startsWith('/api/v1/pods?') && r.includes('limit='))).toBe(true);
      const liveFindings = JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, 'live.db')])).stdout,
      ) as Finding[];
      expect(liveFindings[0]!.resourceId.startsWith('k8s://test-cluster/')).toBe(true);

      const manifests = join(dir, 'all.yaml');
      (await import('node:fs')).writeFileSync(
        manifests,
        objects()
          .map((o) => JSON.stringify(o))
          .join('\n---\n'),
      );
      expect(
        (await runStance(['scan', 'k8s', '--manifests', manifests, '--db', join(dir, 'm.db')])).code,
      ).toBe(0);
      const manifestFindings = JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, 'm.db')])).stdout,
      ) as Finding[];
      expect(verdicts(liveFindings)).toEqual(verdicts(manifestFindings));
      expect(verdicts(liveFindings).filter((v) => v.endsWith(' fail'))).toContain(
        'shop/Pod/worker-3 k8s-container-privileged fail',
      );
      // the Namespace/NetworkPolicy join gives the same verdict live and from manifests
      expect(verdicts(liveFindings)).toContain('_cluster/Namespace/shop k8s-namespace-network-policy pass');
      // Secret data never reaches the store
      expect(readFileSync(join(dir, 'live.db')).includes(Buffer.from('c3VwZXItc2VjcmV0LXZhbHVl'))).toBe(
        false,
      );
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
      expect(
        api.requests.filter((r) => r.startsWith('/api/v1/pods?') && r.includes('continue=')),
      ).toHaveLength(2);
    } finally {
      await api.close();
    }
  });

  it('a kind the credentials may not list is a scope error (partial scan), not a crash', async () => {
    const api = await fakeKubernetesApi(objects(), { forbidden: ['Secret'] });
    const dir = tempDir();
    try {
      const result = await runStance([
        'scan',
        'k8s',
        '--kubeconfig',
        api.kubeconfig(dir),
        '--db',
        join(dir, 's.db'),
      ]);
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
    expect(result.stderr).toMatch(
      /cannot read the Kubernetes API at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
  });
});

const controlPlaneDir = fixture('manifests', 'control-plane');
const controlPlane = () =>
  readdirSync(controlPlaneDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(controlPlaneDir, f), 'utf8')).map(
        (d) => d.toJS() as Record<string, unknown>,
      ),
    );
const node = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  status: { nodeInfo: { kubeletVersion: 'v1.32.2' } },
});
const kubeletFixture = (name: string) =>
  JSON.parse(readFileSync(fixture('kubelet', `${name}.json`), 'utf8')) as Record<string, unknown>;
const KUBELET_RULES = [
  'k8s-kubelet-anonymous-auth',
  'k8s-kubelet-authorization-mode',
  'k8s-kubelet-client-ca-file',
  'k8s-kubelet-event-record-qps',
  'k8s-kubelet-make-iptables-util-chains',
  'k8s-kubelet-pod-pids-limit',
  'k8s-kubelet-read-only-port',
  'k8s-kubelet-rotate-certificates',
  'k8s-kubelet-rotate-server-certificate',
  'k8s-kubelet-seccomp-default',
  'k8s-kubelet-streaming-connection-idle-timeout',
];
const CONTROL_PLANE_RULE = /^k8s-(apiserver|controller-manager|scheduler|etcd)-/;

describe('control plane and kubelets through the API', () => {
  it('decides the control-plane flag rules on static Pods as the manifest scan does', async () => {
    const api = await fakeKubernetesApi(controlPlane());
    const dir = tempDir();
    try {
      const live = await runStance([
        'scan',
        'k8s',
        '--kubeconfig',
        api.kubeconfig(dir),
        '--db',
        join(dir, 'live.db'),
      ]);
      expect(live.code, live.stderr).toBe(0);
      const liveFindings = JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, 'live.db')])).stdout,
      ) as Finding[];
      expect(
        (await runStance(['scan', 'k8s', '--manifests', controlPlaneDir, '--db', join(dir, 'm.db')])).code,
      ).toBe(0);
      const manifestFindings = JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, 'm.db')])).stdout,
      ) as Finding[];
      const cp = (findings: Finding[]) => verdicts(findings.filter((f) => CONTROL_PLANE_RULE.test(f.ruleId)));
      expect(cp(liveFindings)).toEqual(cp(manifestFindings));
      expect(cp(liveFindings)).toHaveLength(2 * (23 + 6 + 2 + 6));
      expect(
        cp(liveFindings)
          .filter((v) => v.includes('-cp-1 '))
          .every((v) => v.endsWith(' pass')),
      ).toBe(true);
      expect(cp(liveFindings)).toEqual(
        expect.arrayContaining([
          'kube-system/Pod/kube-apiserver-cp-legacy k8s-apiserver-authorization-always-allow fail',
          'kube-system/Pod/kube-apiserver-cp-legacy k8s-apiserver-audit-log-maxsize fail',
          'kube-system/Pod/kube-controller-manager-cp-legacy k8s-controller-manager-rotate-kubelet-server-certificate fail',
          'kube-system/Pod/kube-scheduler-cp-legacy k8s-scheduler-profiling fail',
          'kube-system/Pod/etcd-cp-legacy k8s-etcd-client-cert-auth fail',
          'kube-system/Pod/etcd-cp-legacy k8s-etcd-peer-cert-file pass',
        ]),
      );
    } finally {
      await api.close();
    }
  });

  it('reads each kubelet configuration through the node proxy; forbidden or failing proxy calls give error, never pass', async () => {
    const nodes = ['worker-hardened', 'worker-legacy', 'worker-forbidden', 'worker-gone'].map(node);
    const api = await fakeKubernetesApi(nodes, {
      kubeletConfigs: {
        'worker-hardened': kubeletFixture('hardened'),
        'worker-legacy': kubeletFixture('legacy'),
        'worker-forbidden': 'forbidden',
      },
    });
    const dir = tempDir();
    try {
      const scan = await runStance([
        'scan',
        'k8s',
        '--kubeconfig',
        api.kubeconfig(dir),
        '--db',
        join(dir, 'live.db'),
      ]);
      expect(scan.code, scan.stderr).toBe(0); // a per-node problem does not fail the Node scope
      expect(api.requests).toEqual(
        expect.arrayContaining(nodes.map((n) => `/api/v1/nodes/${n.metadata.name}/proxy/configz`)),
      );
      const findings = JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, 'live.db')])).stdout,
      ) as (Finding & { message: string })[];
      const of = (nodeName: string) =>
        findings.filter(
          (f) => f.resourceId.endsWith(`/Node/${nodeName}`) && f.ruleId.startsWith('k8s-kubelet-'),
        );
      const statuses = (nodeName: string) =>
        Object.fromEntries(of(nodeName).map((f) => [f.ruleId, f.status]));
      expect(statuses('worker-hardened')).toEqual(Object.fromEntries(KUBELET_RULES.map((r) => [r, 'pass'])));
      expect(statuses('worker-legacy')).toEqual(Object.fromEntries(KUBELET_RULES.map((r) => [r, 'fail'])));
      expect(statuses('worker-forbidden')).toEqual(
        Object.fromEntries(KUBELET_RULES.map((r) => [r, 'error'])),
      );
      expect(of('worker-forbidden')[0]!.message).toMatch(
        /could not be read: GET \/api\/v1\/nodes\/worker-forbidden\/proxy\/configz: HTTP 403/,
      );
      expect(statuses('worker-gone')).toEqual(Object.fromEntries(KUBELET_RULES.map((r) => [r, 'error'])));
      expect(of('worker-gone')[0]!.message).toMatch(/HTTP 404/);

      // the same Nodes as manifests carry no kubelet configuration: the kubelet rules do not apply
      const manifests = join(dir, 'nodes.yaml');
      writeFileSync(manifests, nodes.map((n) => JSON.stringify(n)).join('\n---\n'));
      expect(
        (await runStance(['scan', 'k8s', '--manifests', manifests, '--db', join(dir, 'm.db')])).code,
      ).toBe(0);
      const fromManifests = JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, 'm.db')])).stdout,
      ) as Finding[];
      expect(fromManifests.filter((f) => f.ruleId.startsWith('k8s-kubelet-'))).toEqual([]);
    } finally {
      await api.close();
    }
  });
});

describe('stance collect k8s --out', () => {
  it('writes a snapshot that scans to the same verdicts as the live scan', async () => {
    const api = await fakeKubernetesApi(objects(), { forbidden: ['Secret'] });
    const dir = tempDir();
    try {
      const kubeconfig = api.kubeconfig(dir);
      const collected = await runStance([
        'collect',
        'k8s',
        '--kubeconfig',
        kubeconfig,
        '--out',
        join(dir, 'cluster.json'),
      ]);
      expect(collected.code).toBe(3); // Secrets were forbidden: recorded as an errored scope in the snapshot
      expect(collected.stderr).toMatch(
        /wrote .*cluster\.json: \d+ resources in \d+ scopes, 1 not listed completely/,
      );
      // what the API said, nothing joined: the scan that reads it does the joins
      const snapshot = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as {
        resources: Resource[];
      };
      expect(snapshot.resources.some((r) => r.type === 'k8s.namespace')).toBe(true);
      expect(joinFactsIn(snapshot.resources)).toEqual([]);
      expect(
        (await runStance(['scan', '--snapshot', join(dir, 'cluster.json'), '--db', join(dir, 'a.db')])).code,
      ).toBe(3);
      expect(
        (await runStance(['scan', 'k8s', '--kubeconfig', kubeconfig, '--db', join(dir, 'b.db')])).code,
      ).toBe(3);
      const a = JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, 'a.db')])).stdout,
      ) as Finding[];
      const b = JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, 'b.db')])).stdout,
      ) as Finding[];
      expect(verdicts(a)).toEqual(verdicts(b));
      expect(a.length).toBeGreaterThan(10);
    } finally {
      await api.close();
    }
  });
});

describe('the Kubernetes version API versions are checked against', () => {
  // applied with a beta Ingress API; the live cluster serves it at networking.k8s.io/v1 now
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'shop',
      namespace: 'shop',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          apiVersion: 'networking.k8s.io/v1beta1',
          kind: 'Ingress',
          metadata: { name: 'shop', namespace: 'shop' },
        }),
      },
    },
    spec: {
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com' }],
    },
  };
  const apiFindings = async (dir: string, db: string) =>
    (
      JSON.parse(
        (await runStance(['findings', '--format', 'json', '--db', join(dir, db)])).stdout,
      ) as (Finding & { message: string })[]
    )
      .filter((f) => f.ruleId.startsWith('k8s-api-version-'))
      .map((f) => `${f.ruleId} ${f.status}${f.message ? `: ${f.message}` : ''}`)
      .sort();

  it("is the live cluster's own (GET /version), --kube-version overrides it, and an unreadable one is said", async () => {
    const dir = tempDir();
    const at121 = await fakeKubernetesApi([ingress], {
      version: { major: '1', minor: '21', gitVersion: 'v1.21.14' },
    });
    try {
      const scan = await runStance([
        'scan',
        'k8s',
        '--kubeconfig',
        at121.kubeconfig(dir),
        '--db',
        join(dir, 'a.db'),
      ]);
      expect(scan.code, scan.stderr).toBe(0);
      expect(at121.requests).toContain('/version');
      expect(await apiFindings(dir, 'a.db')).toEqual([
        'k8s-api-version-deprecated fail: Ingress shop was last applied with networking.k8s.io/v1beta1, deprecated since v1.19 (target v1.21); it is removed in v1.22; use networking.k8s.io/v1',
        'k8s-api-version-removed pass',
      ]);
      const overridden = await runStance([
        'scan',
        'k8s',
        '--kubeconfig',
        at121.kubeconfig(dir),
        '--kube-version',
        'v1.22',
        '--db',
        join(dir, 'b.db'),
      ]);
      expect(overridden.code, overridden.stderr).toBe(0);
      expect(await apiFindings(dir, 'b.db')).toEqual([
        'k8s-api-version-deprecated pass',
        'k8s-api-version-removed fail: Ingress shop was last applied with networking.k8s.io/v1beta1, which Kubernetes stopped serving in v1.22 (target v1.22); use networking.k8s.io/v1',
      ]);
      // the snapshot keeps the version: scanning it later checks against the same cluster version
      const collected = await runStance([
        'collect',
        'k8s',
        '--kubeconfig',
        at121.kubeconfig(dir),
        '--out',
        join(dir, 's.json'),
      ]);
      expect(collected.code, collected.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'))).toMatchObject({
        clusters: [{ name: 'test-cluster', kubeVersion: 'v1.21' }],
      });
      expect(
        (await runStance(['scan', '--snapshot', join(dir, 's.json'), '--db', join(dir, 'c.db')])).code,
      ).toBe(0);
      expect(await apiFindings(dir, 'c.db')).toEqual(await apiFindings(dir, 'a.db'));
    } finally {
      await at121.close();
    }

    const hidden = await fakeKubernetesApi([ingress], { version: 'forbidden' });
    try {
      const scan = await runStance([
        'scan',
        'k8s',
        '--kubeconfig',
        hidden.kubeconfig(dir),
        '--db',
        join(dir, 'd.db'),
      ]);
      expect(scan.code, scan.stderr).toBe(0);
      expect(scan.stderr).toMatch(
        /^stance: note: cluster test-cluster: the Kubernetes version is not known \(GET \/version: HTTP 403: forbidden\); API versions are checked against the newest version the rules know \(give --kube-version\)$/m,
      );
      expect(await apiFindings(dir, 'd.db')).toEqual([
        'k8s-api-version-deprecated pass',
        'k8s-api-version-removed fail: Ingress shop was last applied with networking.k8s.io/v1beta1, which Kubernetes stopped serving in v1.22 (target latest known, v1.35); use networking.k8s.io/v1',
      ]);
    } finally {
      await hidden.close();
    }
    const bad = await runStance(
      ['scan', 'k8s', '--manifests', '-', '--kube-version', 'v1.x', '--db', join(dir, 'e.db')],
      {
        input: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n',
      },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--kube-version "v1\.x": expected a Kubernetes version such as v1\.31/);
  }, 300_000);
});
