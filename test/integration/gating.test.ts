import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';

/**
 * A DaemonSet that passes every rule but, when `privileged`, k8s-container-privileged: the tests
 * below are about baselines and annotations, so nothing else may fail (a bare Pod would also fail
 * k8s-naked-pod, and a container without probes, digest, limits or read-only root the hygiene rules).
 */
const workload = (name: string, privileged: boolean, annotations = '') =>
  [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    `  name: ${name}`,
    '  namespace: ci',
    `${annotations}spec:`,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    `      serviceAccountName: ${name}`,
    '      automountServiceAccountToken: false',
    '      securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: {type: RuntimeDefault}}',
    '      containers:',
    '        - name: c',
    `          image: registry.example/i@sha256:${'0123456789abcdef'.repeat(4)}`,
    '          imagePullPolicy: Always',
    `          securityContext: {privileged: ${privileged}, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}`,
    '          resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 100m, memory: 64Mi}}',
    '          livenessProbe: {exec: {command: [/bin/true]}}',
    '          readinessProbe: {exec: {command: [/bin/true]}}',
    '',
  ].join('\n');

describe('CI gating', () => {
  it('--baseline fails only on findings that are not in the baseline', async () => {
    const dir = tempDir();
    const db = join(dir, 's.db');
    writeFileSync(join(dir, 'app.yaml'), workload('legacy', true));
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
    // a new privileged workload is not in the baseline
    writeFileSync(join(dir, 'app.yaml'), workload('legacy', true) + '---\n' + workload('new-one', true));
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
    writeFileSync(join(dir, 'cni.yaml'), workload('cni-agent', true, annotation));
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
