import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot, runStance, tempDir } from '../helpers/cli.js';

/** The manifests Stance ships (deploy/kubernetes), scanned by Stance itself. */

const nodeCheck = join(repoRoot, 'deploy', 'kubernetes', 'node-check');
const agent = join(repoRoot, 'deploy', 'kubernetes', 'agent');

/** Where a node reader must differ from the restricted Pod Security Standard (hostPath, root). */
const EXCEPTIONS = [
  'k8s-pss-hostpath-volumes',
  'k8s-pss-restricted-run-as-non-root',
  'k8s-pss-restricted-run-as-user',
  'k8s-pss-restricted-volume-types',
];

/**
 * Every rule muted on each node-check workload: the PSS exceptions above, root group for the same
 * reason as root user, the release tag the repository ships instead of a digest, and (DaemonSet
 * only) no liveness probe on the pause container, which has nothing to probe.
 */
const NODE_CHECK_MUTED: Record<string, string[]> = {
  'DaemonSet/stance-node-check': [
    ...EXCEPTIONS,
    'k8s-container-liveness-probe-missing',
    'k8s-container-root-group',
    'k8s-image-not-pinned-by-digest',
  ],
  'Job/stance-node-check': [...EXCEPTIONS, 'k8s-container-root-group', 'k8s-image-not-pinned-by-digest'],
};

interface Finding {
  resourceId: string;
  ruleId: string;
  status: string;
  muted: boolean;
}

function kubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The kustomization directories under `root`, relative to it (the variants' names given). */
function kustomizationDirs(root: string, variants: string[]): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    if (existsSync(join(d, 'kustomization.yaml'))) found.push(d);
    for (const name of variants) if (existsSync(join(d, name))) walk(join(d, name));
  };
  walk(root);
  return found;
}

/** Every resource a kustomization lists exists; directories are kustomizations; files are inside it. */
function expectResourcesExist(kustomizations: string[]): void {
  for (const k of kustomizations) {
    const { resources } = parse(readFileSync(join(k, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    for (const r of resources) {
      const path = join(k, r);
      expect(existsSync(path), `${k}: ${r}`).toBe(true);
      if (statSync(path).isDirectory()) expect(existsSync(join(path, 'kustomization.yaml')), path).toBe(true);
      else expect(dirname(path).startsWith(k), `${r} is outside ${k}`).toBe(true);
    }
  }
}

describe('deploy/kubernetes/node-check', () => {
  it("passes Stance's own pss-restricted scan, but for the node reader's hostPath and root, muted with their reasons", async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const scan = await runStance(['scan', 'k8s', '--manifests', nodeCheck, '--db', db, '--fail-on', 'low']);
    expect(scan.code, scan.stdout + scan.stderr).toBe(0);
    const failing = (
      JSON.parse(
        (await runStance(['findings', '--status', 'fail', '--format', 'json', '--db', db])).stdout,
      ) as Finding[]
    ).map(
      (f) =>
        `${f.resourceId.replace('k8s://manifests/stance-node-check/', '')} ${f.ruleId} ${f.muted ? 'muted' : 'open'}`,
    );
    expect(failing.sort()).toEqual(
      Object.entries(NODE_CHECK_MUTED)
        .flatMap(([w, rules]) => rules.map((rule) => `${w} ${rule} muted`))
        .sort(),
    );
    const report = JSON.parse(
      (await runStance(['report', '--framework', 'pss-restricted', '--format', 'json', '--db', db])).stdout,
    ) as {
      summary: { pass: number; fail: number; error: number };
      controls: { id: string; status: string; muted: { ruleId: string; mute: { reason: string } }[] }[];
    };
    expect(report.summary).toMatchObject({ fail: 0, error: 0, pass: report.controls.length });
    const muted = report.controls.flatMap((c) => c.muted);
    expect([...new Set(muted.map((m) => m.ruleId))].sort()).toEqual(EXCEPTIONS);
    expect(muted.find((m) => m.ruleId === 'k8s-pss-restricted-run-as-user')!.mute.reason).toBe(
      'runAsUser 0 for the same reason',
    );
  });

  it('is a Kustomize tree whose every resource exists (and builds, where kubectl is installed)', async () => {
    const kustomizations = kustomizationDirs(nodeCheck, ['base', 'daemonset', 'job']);
    expect(kustomizations.map((k) => k.slice(nodeCheck.length))).toEqual(['', '/base', '/daemonset', '/job']);
    expectResourcesExist(kustomizations);
    if (!kubectl()) return; // the structure above is what kustomize needs; building it needs the binary
    for (const variant of ['daemonset', 'job']) {
      const built = execFileSync('kubectl', ['kustomize', join(nodeCheck, variant)], { encoding: 'utf8' });
      const dir = tempDir();
      const scan = await runStance(
        ['scan', 'k8s', '--manifests', '-', '--db', join(dir, 's.db'), '--fail-on', 'low'],
        {
          input: built,
        },
      );
      expect(scan.code, scan.stderr).toBe(0);
    }
  });
});

/**
 * Where a cluster scanner must differ from CIS Kubernetes 5.1.2, 5.1.10 and (worker) 5.4.1; and the
 * release tag the repository ships instead of a digest. The worker has its liveness probe.
 */
const AGENT_EXCEPTIONS = [
  '_cluster/ClusterRole/stance-agent k8s-rbac-node-proxy muted',
  '_cluster/ClusterRole/stance-agent k8s-rbac-secrets-access muted',
  'stance-agent/CronJob/stance-agent k8s-image-not-pinned-by-digest muted',
  'stance-agent/Deployment/stance-agent k8s-image-not-pinned-by-digest muted',
  'stance-agent/Deployment/stance-agent k8s-secrets-in-env muted',
];

interface FrameworkReport {
  summary: { pass: number; fail: number; error: number };
  controls: { id: string; status: string; muted: { ruleId: string; mute: { reason: string } }[] }[];
}

describe('deploy/kubernetes/agent', () => {
  it("passes Stance's own pss-restricted and CIS Kubernetes rules, but for the scanner's reads, muted with their reasons", async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const scan = await runStance(['scan', 'k8s', '--manifests', agent, '--db', db, '--fail-on', 'low']);
    expect(scan.code, scan.stdout + scan.stderr).toBe(0);
    const failing = (
      JSON.parse(
        (await runStance(['findings', '--status', 'fail', '--format', 'json', '--db', db])).stdout,
      ) as Finding[]
    ).map((f) => `${f.resourceId.replace('k8s://manifests/', '')} ${f.ruleId} ${f.muted ? 'muted' : 'open'}`);
    expect(failing.sort()).toEqual(AGENT_EXCEPTIONS);

    const report = async (framework: string) =>
      JSON.parse(
        (await runStance(['report', '--framework', framework, '--format', 'json', '--db', db])).stdout,
      ) as FrameworkReport;
    const pss = await report('pss-restricted');
    expect(pss.summary).toMatchObject({ fail: 0, error: 0, pass: pss.controls.length });
    expect(pss.controls.flatMap((c) => c.muted)).toEqual([]);
    for (const framework of ['cis-k8s-2.0.1', 'cis-k8s-1.12.0']) {
      const cis = await report(framework);
      expect(cis.summary.fail, framework).toBe(0);
      // Section 5 (policies) is what manifests can show; sections 1-4 read the control plane and
      // the nodes, which a manifest scan does not collect (error there means "not seen").
      const policies = cis.controls.filter((c) => c.id.startsWith('5.'));
      expect(
        policies.filter((c) => !['pass', 'not_applicable', 'manual'].includes(c.status)).map((c) => c.id),
        framework,
      ).toEqual([]);
      expect(policies.filter((c) => c.status === 'pass').length, framework).toBeGreaterThan(20);
      const muted = policies.flatMap((c) => c.muted.map((m) => `${c.id} ${m.ruleId}`));
      expect(muted.sort(), framework).toEqual([
        '5.1.10 k8s-rbac-node-proxy',
        '5.1.2 k8s-rbac-secrets-access',
        '5.4.1 k8s-secrets-in-env',
      ]);
    }
  });

  it('is a Kustomize tree whose every resource exists (and builds, where kubectl is installed)', async () => {
    const kustomizations = kustomizationDirs(agent, ['base', 'cronjob', 'worker']);
    expect(kustomizations.map((k) => k.slice(agent.length))).toEqual(['', '/base', '/cronjob', '/worker']);
    expectResourcesExist(kustomizations);
    if (!kubectl()) return;
    for (const variant of ['cronjob', 'worker']) {
      const built = execFileSync('kubectl', ['kustomize', join(agent, variant)], { encoding: 'utf8' });
      const scan = await runStance(
        ['scan', 'k8s', '--manifests', '-', '--db', join(tempDir(), 's.db'), '--fail-on', 'low'],
        { input: built },
      );
      expect(scan.code, scan.stderr).toBe(0);
    }
  });
});
