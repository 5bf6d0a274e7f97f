import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot, runStance, tempDir } from '../helpers/cli.js';

/** The manifests Stance ships (deploy/kubernetes), scanned by Stance itself. */

const nodeCheck = join(repoRoot, 'deploy', 'kubernetes', 'node-check');

/** Where a node reader must differ from the restricted Pod Security Standard (hostPath, root). */
const EXCEPTIONS = [
  'k8s-pss-hostpath-volumes',
  'k8s-pss-restricted-run-as-non-root',
  'k8s-pss-restricted-run-as-user',
  'k8s-pss-restricted-volume-types',
];

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
      ['DaemonSet/stance-node-check', 'Job/stance-node-check']
        .flatMap((w) => EXCEPTIONS.map((rule) => `${w} ${rule} muted`))
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
    const kustomizations: string[] = [];
    const walk = (d: string) => {
      if (existsSync(join(d, 'kustomization.yaml'))) kustomizations.push(d);
      for (const name of ['base', 'daemonset', 'job']) if (existsSync(join(d, name))) walk(join(d, name));
    };
    walk(nodeCheck);
    expect(kustomizations.map((k) => k.slice(nodeCheck.length))).toEqual(['', '/base', '/daemonset', '/job']);
    for (const k of kustomizations) {
      const { resources } = parse(readFileSync(join(k, 'kustomization.yaml'), 'utf8')) as {
        resources: string[];
      };
      for (const r of resources) {
        const path = join(k, r);
        expect(existsSync(path), `${k}: ${r}`).toBe(true);
        if (statSync(path).isDirectory())
          expect(existsSync(join(path, 'kustomization.yaml')), path).toBe(true);
        else expect(dirname(path).startsWith(k), `${r} is outside ${k}`).toBe(true);
      }
    }
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
