import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { fakeKubernetesApi } from '../helpers/fake-k8s.js';
import {
  buildRoot,
  canChown,
  ETCD_ID,
  proc,
  staticPod,
  USER_ID,
  type FakeEntry,
} from '../helpers/fake-node.js';

interface Finding {
  resourceId: string;
  ruleId: string;
  status: string;
  message: string;
}

/**
 * A kubeadm control-plane node whose kubelet runs with a configuration file and a static Pod
 * directory of its own (so the defaults hold decoys that must not count), built fresh per test.
 * Each entry says which verdict it causes.
 */
export function controlPlaneNode(root: string, hostname = 'cp-1'): string {
  const entries: FakeEntry[] = [
    { path: '/etc/hostname', mode: '644', content: `${hostname}\n` },
    proc(1, ['/sbin/init']),
    proc(4242, [
      '/usr/bin/kubelet',
      '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
      '--kubeconfig=/etc/kubernetes/kubelet.conf',
      '--config',
      '/etc/kubernetes/kubelet/custom.yaml',
    ]),
    {
      path: '/etc/kubernetes/kubelet/custom.yaml',
      mode: '600',
      content:
        'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nstaticPodPath: /etc/kubernetes/static\nauthentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n',
    },
    // decoys at the default paths, which this kubelet does not read
    { path: '/var/lib/kubelet/config.yaml', mode: '666', uid: USER_ID },
    { path: '/etc/kubernetes/manifests/kube-apiserver.yaml', mode: '666', uid: USER_ID },
    { path: '/var/lib/etcd', dir: true, mode: '755', uid: USER_ID },
    // 1.1.1 fail (644), 1.1.2 pass
    {
      path: '/etc/kubernetes/static/kube-apiserver.yaml',
      mode: '644',
      content: staticPod('kube-apiserver', ['kube-apiserver']),
    },
    {
      path: '/etc/kubernetes/static/kube-controller-manager.yaml',
      mode: '600',
      content: staticPod('kube-controller-manager', [
        'kube-controller-manager',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
      ]),
    },
    // 1.1.5 pass (400), 1.1.6 fail (kube:root)
    {
      path: '/etc/kubernetes/static/kube-scheduler.yaml',
      mode: '400',
      uid: USER_ID,
      content: staticPod('kube-scheduler', ['kube-scheduler']),
    },
    // etcd keeps its data in /data/etcd (its manifest says so): 1.1.11 and 1.1.12 judge that directory
    {
      path: '/etc/kubernetes/static/etcd.yaml',
      mode: '600',
      content: staticPod('etcd', ['etcd', '--data-dir=/data/etcd', '--name=cp-1']),
    },
    { path: '/data/etcd', dir: true, mode: '700', uid: ETCD_ID, gid: ETCD_ID },
    // 1.1.13 pass (both 600), 1.1.14 fail (admin.conf owned by kube)
    { path: '/etc/kubernetes/admin.conf', mode: '600', uid: USER_ID },
    { path: '/etc/kubernetes/super-admin.conf', mode: '600' },
    // 1.1.15 fail (640)
    { path: '/etc/kubernetes/scheduler.conf', mode: '640' },
    { path: '/etc/kubernetes/controller-manager.conf', mode: '600' },
    // PKI: 1.1.20 fails through an absolute link that resolves on the host's filesystem, 1.1.21 fails (apiserver.key 644)
    { path: '/etc/kubernetes/pki', dir: true, mode: '755' },
    { path: '/etc/kubernetes/pki/ca.crt', mode: '644' },
    { path: '/etc/kubernetes/pki/ca.key', mode: '600' },
    { path: '/etc/kubernetes/pki/apiserver.crt', mode: '644' },
    { path: '/etc/kubernetes/pki/apiserver.key', mode: '644' },
    { path: '/etc/kubernetes/pki/etcd/ca.crt', mode: '644' },
    { path: '/etc/kubernetes/pki/etcd/ca.key', mode: '600' },
    { path: '/srv/pki/front-proxy-ca.crt', mode: '666' },
    { path: '/etc/kubernetes/pki/front-proxy-ca.crt', link: '/srv/pki/front-proxy-ca.crt' },
    // 1.1.9 fail (644)
    { path: '/etc/cni/net.d/10-calico.conflist', mode: '644' },
    // 4.1.1 fail: the packaged unit is 644
    { path: '/usr/lib/systemd/system/kubelet.service', mode: '644' },
    { path: '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf', mode: '600' },
    { path: '/etc/kubernetes/kubelet.conf', mode: '600' },
  ];
  return buildRoot(root, entries);
}

/** A worker: kubelet files only, the kubeconfig at the given mode. */
export function workerNode(root: string, hostname: string, kubeconfigMode = '600'): string {
  return buildRoot(root, [
    { path: '/etc/hostname', mode: '644', content: `${hostname}\n` },
    {
      path: '/var/lib/kubelet/config.yaml',
      mode: '600',
      content: 'authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n',
    },
    { path: '/etc/kubernetes/kubelet.conf', mode: kubeconfigMode },
    { path: '/etc/kubernetes/pki/ca.crt', mode: '644' },
    { path: '/etc/systemd/system/kubelet.service', mode: '600' },
  ]);
}

const MODE_VERDICTS: Record<string, string> = {
  'k8s-node-apiserver-manifest-mode': 'fail',
  'k8s-node-controller-manager-manifest-mode': 'pass',
  'k8s-node-scheduler-manifest-mode': 'pass',
  'k8s-node-etcd-manifest-mode': 'pass',
  'k8s-node-cni-files-mode': 'fail',
  'k8s-node-etcd-data-dir-mode': 'pass',
  'k8s-node-admin-kubeconfig-mode': 'pass',
  'k8s-node-scheduler-kubeconfig-mode': 'fail',
  'k8s-node-controller-manager-kubeconfig-mode': 'pass',
  'k8s-node-pki-cert-mode': 'fail',
  'k8s-node-pki-key-mode': 'fail',
  'k8s-node-kubelet-service-mode': 'fail',
  'k8s-node-kubelet-kubeconfig-mode': 'pass',
  'k8s-node-client-ca-mode': 'pass',
  'k8s-node-kubelet-config-mode': 'pass',
};

const OWNER_VERDICTS: Record<string, string> = {
  'k8s-node-apiserver-manifest-owner': 'pass',
  'k8s-node-controller-manager-manifest-owner': 'pass',
  'k8s-node-scheduler-manifest-owner': 'fail',
  'k8s-node-etcd-manifest-owner': 'pass',
  'k8s-node-cni-files-owner': 'pass',
  'k8s-node-etcd-data-dir-owner': 'pass',
  'k8s-node-admin-kubeconfig-owner': 'fail',
  'k8s-node-scheduler-kubeconfig-owner': 'pass',
  'k8s-node-controller-manager-kubeconfig-owner': 'pass',
  'k8s-node-pki-owner': 'pass',
  'k8s-node-kubelet-service-owner': 'pass',
  'k8s-node-kubelet-kubeconfig-owner': 'pass',
  'k8s-node-client-ca-owner': 'pass',
  'k8s-node-kubelet-config-owner': 'pass',
};

const NODE_ID = 'k8s://prod/_cluster/NodeFiles/cp-1';

async function findings(db: string): Promise<Finding[]> {
  const out = await runStance(['findings', '--format', 'json', '--db', db]);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as Finding[];
}

const verdictsOf = (all: Finding[], rules: Record<string, string>) =>
  Object.fromEntries(
    all.filter((f) => f.resourceId === NODE_ID && f.ruleId in rules).map((f) => [f.ruleId, f.status]),
  );

describe('stance node on a fake node filesystem', () => {
  it('judges file modes where the kubelet says its files are, live into the store and from a snapshot alike', async () => {
    const dir = tempDir();
    const root = controlPlaneNode(join(dir, 'host'));
    const db = join(dir, 'node.db');
    const live = await runStance([
      'node',
      '--root',
      root,
      '--cluster',
      'prod',
      '--db',
      db,
      '--format',
      'json',
    ]);
    expect(live.code, live.stderr).toBe(0);
    expect(JSON.parse(live.stdout)).toMatchObject({
      status: 'ok',
      scopes: [{ scope: 'k8s/prod/NodeFiles/cp-1' }],
    });
    const stored = await findings(db);
    expect(verdictsOf(stored, MODE_VERDICTS)).toEqual(MODE_VERDICTS);
    // no kube-proxy kubeconfig on this node: 4.1.3 does not apply (no finding)
    expect(stored.some((f) => f.ruleId === 'k8s-node-proxy-kubeconfig-mode')).toBe(false);
    const message = (rule: string) =>
      stored.find((f) => f.resourceId === NODE_ID && f.ruleId === rule)?.message;
    // paths from the kubelet's command line and configuration, not the decoys at the defaults
    expect(message('k8s-node-apiserver-manifest-mode')).toBe(
      'node cp-1: /etc/kubernetes/static/kube-apiserver.yaml has mode 644, more permissive than 600',
    );
    expect(message('k8s-node-pki-cert-mode')).toContain(
      '/etc/kubernetes/pki/front-proxy-ca.crt (-> /srv/pki/front-proxy-ca.crt) has mode 666',
    );
    expect(message('k8s-node-pki-key-mode')).toContain('/etc/kubernetes/pki/apiserver.key has mode 644');
    expect(message('k8s-node-kubelet-service-mode')).toContain(
      '/usr/lib/systemd/system/kubelet.service has mode 644',
    );

    // the same node as a snapshot, scanned elsewhere: the same verdicts
    const snapshot = join(dir, 'cp-1.json');
    const written = await runStance(['node', '--root', root, '--cluster', 'prod', '--out', snapshot]);
    expect(written.code, written.stderr).toBe(0);
    const db2 = join(dir, 'from-snapshot.db');
    const scanned = await runStance(['scan', '--snapshot', snapshot, '--db', db2]);
    expect(scanned.code, scanned.stderr).toBe(0);
    const fromSnapshot = await findings(db2);
    const all = (list: Finding[]) =>
      list.map((f) => `${f.resourceId} ${f.ruleId} ${f.status} ${f.message}`).sort();
    expect(all(fromSnapshot)).toEqual(all(stored));
    // and on standard output, for a Job's log
    const stdout = await runStance(['node', '--root', root, '--cluster', 'prod', '--out', '-']);
    expect(stdout.code, stdout.stderr).toBe(0);
    const parsed = JSON.parse(stdout.stdout) as { resources: { id: string }[] };
    expect(parsed.resources.map((r) => r.id)).toEqual([NODE_ID]);
    // the snapshot keeps only the flags it reads of a command line, never the rest of it
    expect(readFileSync(snapshot, 'utf8')).not.toContain('bootstrap-kubelet.conf');
  });

  it.skipIf(!canChown)(
    "judges owners by the host's ids and names (needs root to chown; CI runs as root)",
    async () => {
      const dir = tempDir();
      const root = controlPlaneNode(join(dir, 'host'));
      const db = join(dir, 'node.db');
      const live = await runStance(['node', '--root', root, '--cluster', 'prod', '--db', db]);
      expect(live.code, live.stderr).toBe(0);
      const stored = await findings(db);
      expect(verdictsOf(stored, OWNER_VERDICTS)).toEqual(OWNER_VERDICTS);
      expect(stored.find((f) => f.ruleId === 'k8s-node-admin-kubeconfig-owner')?.message).toBe(
        'node cp-1: /etc/kubernetes/admin.conf is owned by kube:root, not root:root',
      );
    },
  );

  it('refuses a root that is not a node, a bad node name and a missing cluster name (exit 2, one line)', async () => {
    const dir = tempDir();
    const empty = buildRoot(join(dir, 'empty'), []);
    const notNode = await runStance([
      'node',
      '--root',
      empty,
      '--cluster',
      'prod',
      '--node',
      'n1',
      '--out',
      '-',
    ]);
    expect(notNode.code).toBe(2);
    expect(notNode.stderr).toMatch(/^stance: --root .*: no Kubernetes node there/);
    expect(notNode.stdout).toBe('');
    const root = workerNode(join(dir, 'w'), 'w1');
    const badName = await runStance([
      'node',
      '--root',
      root,
      '--cluster',
      'prod',
      '--node',
      'Bad/Name',
      '--out',
      '-',
    ]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/--node "Bad\/Name": not a Kubernetes node name/);
    const noCluster = await runStance(['node', '--root', root, '--out', '-']);
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toMatch(/give --cluster NAME/);
    const missing = await runStance(['node', '--root', join(dir, 'nope'), '--cluster', 'prod']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--root .*nope: no such directory/);
  });
});

interface ReportControl {
  id: string;
  status: string;
  errors: { ruleId: string; reason: string; resourceId?: string }[];
  failing: { resourceId: string }[];
}

describe('node checks in framework reports', () => {
  const node = (name: string, labels: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels } },
    spec: {},
  });

  it('a node of a scanned cluster without a node check is error (not observed), never pass; a node gone from the cluster no longer counts', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const api = await fakeKubernetesApi([
      node('cp-1', { 'node-role.kubernetes.io/control-plane': '' }),
      node('worker-1'),
      // Fargate runs no DaemonSet and AWS keeps its node files: no node check is expected there
      node('fargate-ip-10-0-1-5.ec2.internal', { 'eks.amazonaws.com/compute-type': 'fargate' }),
    ]);
    const report = async (): Promise<Map<string, ReportControl>> => {
      const out = await runStance([
        'report',
        '--framework',
        'cis-k8s-1.12.0',
        '--format',
        'json',
        '--db',
        db,
      ]);
      expect(out.code, out.stderr).toBe(0);
      return new Map(
        (JSON.parse(out.stdout) as { controls: ReportControl[] }).controls.map((c) => [c.id, c]),
      );
    };
    try {
      const scan = await runStance([
        'scan',
        'k8s',
        '--kubeconfig',
        api.kubeconfig(dir),
        '--cluster',
        'prod',
        '--db',
        db,
      ]);
      expect([0, 1]).toContain(scan.code);

      // no node check at all: every node-file control is error, naming each node without one
      let controls = await report();
      for (const id of ['1.1.1', '1.1.13', '1.1.19', '4.1.1', '4.1.5', '4.1.9', '4.1.10']) {
        expect(controls.get(id)!.status, id).toBe('error');
        const reasons = controls
          .get(id)!
          .errors.map((e) => e.reason)
          .join('\n');
        expect(reasons, id).toContain('node cp-1: no node check (run stance node on it)');
        expect(reasons, id).toContain('node worker-1: no node check (run stance node on it)');
        expect(reasons, id).not.toContain('fargate');
      }

      // the control plane node checked: controls it passes stay error while worker-1 is unknown
      const cp = await runStance([
        'node',
        '--root',
        controlPlaneNode(join(dir, 'cp')),
        '--cluster',
        'prod',
        '--db',
        db,
      ]);
      expect(cp.code, cp.stderr).toBe(0);
      controls = await report();
      expect(controls.get('1.1.1')!.status).toBe('fail'); // a failure on cp-1 decides
      expect(controls.get('1.1.3')!.status).toBe('error');
      expect(controls.get('1.1.3')!.errors.map((e) => e.reason)).toEqual([
        'node worker-1: no node check (run stance node on it)',
      ]);

      // every node checked: decided; a node that is no longer in the cluster does not count
      const worker = await runStance([
        'node',
        '--root',
        workerNode(join(dir, 'w'), 'worker-1'),
        '--cluster',
        'prod',
        '--db',
        db,
      ]);
      expect(worker.code, worker.stderr).toBe(0);
      const gone = await runStance([
        'node',
        '--root',
        workerNode(join(dir, 'g'), 'gone-1', '644'),
        '--cluster',
        'prod',
        '--db',
        db,
      ]);
      expect(gone.code, gone.stderr).toBe(0);
      controls = await report();
      expect(controls.get('1.1.3')).toMatchObject({ status: 'pass', errors: [] });
      expect(controls.get('4.1.9')).toMatchObject({ status: 'pass', errors: [] });
      // gone-1's kubeconfig is 644, but gone-1 is not a node of the cluster the live scan listed
      expect(controls.get('4.1.5')).toMatchObject({ status: 'pass', failing: [] });
      // its finding is still in the store (nothing is deleted that no scan of its scope removed)
      expect(
        (await findings(db)).find(
          (f) =>
            f.resourceId === 'k8s://prod/_cluster/NodeFiles/gone-1' &&
            f.ruleId === 'k8s-node-kubelet-kubeconfig-mode',
        )?.status,
      ).toBe('fail');
    } finally {
      await api.close();
    }
  });
});
