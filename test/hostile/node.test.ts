import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { buildRoot, proc } from '../helpers/fake-node.js';
import { runStanceMeasured } from './helpers.js';

/**
 * A node's filesystem is input too: whoever controls a node (or a compromised CNI plugin writing to
 * /etc/cni/net.d) controls what `stance node` reads. Links that loop or point out of the mounted
 * root, directories of many thousands of entries, endless command lines and account files: each is
 * bounded, reported where it is, and never crashes the check or reads outside the root.
 */

interface Snapshot {
  resources: {
    config: {
      files: Record<
        string,
        { entries: { path: string; error?: string; permissions?: string }[]; truncated?: boolean }
      >;
    };
  }[];
}

const worker = (root: string) =>
  buildRoot(root, [
    { path: '/etc/hostname', mode: '644', content: 'w1\n' },
    {
      path: '/var/lib/kubelet/config.yaml',
      mode: '600',
      content: 'staticPodPath: /etc/kubernetes/manifests\n',
    },
    { path: '/etc/kubernetes/kubelet.conf', mode: '600' },
  ]);

async function snapshotOf(
  root: string,
  extra: string[] = [],
): Promise<{ snapshot: Snapshot; seconds: number; peakRssMiB: number }> {
  const out = await runStanceMeasured(['node', '--root', root, '--cluster', 'prod', '--out', '-', ...extra]);
  expect(out.code, out.stderr).toBe(0);
  return { snapshot: JSON.parse(out.stdout) as Snapshot, seconds: out.seconds, peakRssMiB: out.peakRssMiB };
}

describe('hostile node filesystems', () => {
  it('a link loop is an error entry, and a link out of the root resolves inside it', async () => {
    const dir = tempDir();
    const root = worker(join(dir, 'host'));
    writeFileSync(join(dir, 'outside.key'), "not the node's");
    mkdirSync(join(root, 'etc/kubernetes/pki'), { recursive: true });
    symlinkSync('loop-b.key', join(root, 'etc/kubernetes/pki/loop-a.key'));
    symlinkSync('loop-a.key', join(root, 'etc/kubernetes/pki/loop-b.key'));
    // relative and absolute links that would leave the root on this machine
    symlinkSync('../../../../outside.key', join(root, 'etc/kubernetes/pki/escape.key'));
    symlinkSync(join(dir, 'outside.key'), join(root, 'etc/kubernetes/pki/absolute.key'));
    const { snapshot, seconds } = await snapshotOf(root);
    const pki = snapshot.resources[0]!.config.files.pki!.entries;
    expect(pki.find((e) => e.path === '/etc/kubernetes/pki/loop-a.key')).toEqual({
      path: '/etc/kubernetes/pki/loop-a.key',
      error: 'ELOOP',
    });
    // neither link names a file on the node: nothing outside the root is reported
    expect(pki.map((e) => e.path)).not.toContain('/etc/kubernetes/pki/escape.key');
    expect(pki.map((e) => e.path)).not.toContain('/etc/kubernetes/pki/absolute.key');
    expect(JSON.stringify(snapshot)).not.toContain('outside.key');
    expect(seconds).toBeLessThan(60);
    // the loop makes the key rule error (not examined), never pass
    const db = join(dir, 's.db');
    const scan = await runStance(['node', '--root', root, '--cluster', 'prod', '--db', db]);
    expect(scan.code, scan.stderr).toBe(0);
    const findings = JSON.parse((await runStance(['findings', '--format', 'json', '--db', db])).stdout) as {
      ruleId: string;
      status: string;
      message: string;
    }[];
    expect(findings.find((f) => f.ruleId === 'k8s-node-pki-key-mode')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('/etc/kubernetes/pki/loop-a.key could not be examined: ELOOP'),
    });
  });

  it('a directory of 20,000 files and 30 levels, a 2 MB command line and a 6 MB /etc/passwd stay bounded', async () => {
    const dir = tempDir();
    const root = worker(join(dir, 'host'));
    const cni = join(root, 'etc/cni/net.d');
    mkdirSync(cni, { recursive: true });
    for (let i = 0; i < 20_000; i++) writeFileSync(join(cni, `f${i}.conf`), '');
    let deep = join(root, 'etc/kubernetes/pki');
    for (let i = 0; i < 30; i++) deep = join(deep, `d${i}`);
    mkdirSync(deep, { recursive: true });
    buildRoot(root, [
      proc(77, [
        '/usr/bin/kubelet',
        `--node-labels=${'x'.repeat(2 * 1024 * 1024)}`,
        '--config=/var/lib/kubelet/config.yaml',
      ]),
    ]);
    writeFileSync(
      join(root, 'etc/passwd'),
      `root:x:0:0::/root:/bin/sh\n${'u:x:5:5::/:/bin/sh\n'.repeat(350_000)}`,
    );
    const { snapshot, seconds, peakRssMiB } = await snapshotOf(root);
    const files = snapshot.resources[0]!.config.files;
    expect(files.cniFiles!.truncated).toBe(true);
    expect(files.cniFiles!.entries.length).toBeLessThanOrEqual(2000);
    expect(files.pki!.truncated).toBe(true);
    expect(seconds).toBeLessThan(120);
    expect(peakRssMiB).toBeLessThan(600);
  });

  it('a host name that is not a node name is refused with one line (exit 2)', async () => {
    const dir = tempDir();
    const root = worker(join(dir, 'host'));
    writeFileSync(join(root, 'etc/hostname'), 'evil\u001b[31m/../x\n');
    const out = await runStance(['node', '--root', root, '--cluster', 'prod', '--out', '-']);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/node name from the host's \/etc\/hostname .*not a Kubernetes node name/);
    expect(out.stderr).not.toContain('\u001b');
  });
});
