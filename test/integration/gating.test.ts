import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';

const compliant = '{runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}';
const container = (name: string, privileged: boolean) =>
  `{name: ${name}, image: i, securityContext: {privileged: ${privileged}, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}`;
const pod = (name: string, privileged: boolean, annotations = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ci\n${annotations}spec:\n  securityContext: ${compliant}\n  containers: [${container('c', privileged)}]\n`;

describe('CI gating', () => {
  it('--baseline fails only on findings that are not in the baseline', async () => {
    const dir = tempDir();
    const db = join(dir, 's.db');
    writeFileSync(join(dir, 'app.yaml'), pod('legacy', true));
    expect(
      (
        await runStance(['scan', 'k8s', '--manifests', 'app.yaml', '--db', db, '--fail-on', 'high'], {
          cwd: dir,
        })
      ).code,
    ).toBe(1);
    const baseline = (await runStance(['findings', '--format', 'json', '--db', db], { cwd: dir })).stdout;
    writeFileSync(join(dir, 'baseline.json'), baseline);
    // same findings: accepted
    expect(
      (
        await runStance(
          [
            'scan',
            'k8s',
            '--manifests',
            'app.yaml',
            '--db',
            db,
            '--fail-on',
            'high',
            '--baseline',
            'baseline.json',
          ],
          { cwd: dir },
        )
      ).code,
    ).toBe(0);
    // a new privileged pod is not in the baseline
    writeFileSync(join(dir, 'app.yaml'), pod('legacy', true) + '---\n' + pod('new-one', true));
    const gated = await runStance(
      ['scan', 'k8s', '--manifests', 'app.yaml', '--db', db, '--baseline', 'baseline.json'],
      { cwd: dir },
    );
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain('--fail-on: 1 failing finding(s)');
    writeFileSync(join(dir, 'bad.json'), '{"not": "an array"}');
    expect(
      (
        await runStance(['scan', 'k8s', '--manifests', 'app.yaml', '--db', db, '--baseline', 'bad.json'], {
          cwd: dir,
        })
      ).code,
    ).toBe(2);
  });

  it('an annotation stance.dev/ignore mutes one rule for that object and is reported as muted', async () => {
    const dir = tempDir();
    const db = join(dir, 's.db');
    const annotation =
      '  annotations:\n    stance.dev/ignore: "k8s-container-privileged: CNI agent needs the host network stack"\n';
    writeFileSync(join(dir, 'cni.yaml'), pod('cni-agent', true, annotation));
    const result = await runStance(
      ['scan', 'k8s', '--manifests', 'cni.yaml', '--db', db, '--fail-on', 'high'],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const findings = JSON.parse(
      (await runStance(['findings', '--status', 'fail', '--format', 'json', '--db', db], { cwd: dir }))
        .stdout,
    ) as {
      ruleId: string;
      muted: boolean;
      mute?: { reason: string; author: string };
    }[];
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'k8s-container-privileged',
        muted: true,
        mute: expect.objectContaining({
          reason: 'CNI agent needs the host network stack',
          author: 'annotation stance.dev/ignore',
        }),
      }),
    ]);
  });
});
