import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runStance, tempDir } from '../helpers/cli.js';

interface Finding {
  resourceId: string;
  ruleId: string;
  status: string;
}

describe('stance scan k8s --manifests', () => {
  it('scans manifests with file and line, reports broken documents, and never deletes what it could not read', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const file = join(dir, 'app.yaml');
    copyFileSync(fixture('manifests', 'helm-rendered.yaml'), file);
    const first = await runStance(
      ['scan', 'k8s', '--manifests', 'app.yaml', '--db', db, '--fail-on', 'high'],
      { cwd: dir },
    );
    expect(first.code).toBe(1);
    const sarif = JSON.parse(
      (await runStance(['findings', '--format', 'sarif', '--db', db], { cwd: dir })).stdout,
    ) as {
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'app.yaml' },
      region: { startLine: 3 },
    });
    const db1 = readFileSync(db);
    expect(db1.includes(Buffer.from('c3VwZXItc2VjcmV0LXZhbHVl'))).toBe(false);

    // the Deployment's document becomes unreadable: reported with its line, the rest still scanned, nothing deleted
    const broken = readFileSync(file, 'utf8').replace(
      '  name: storefront\n  namespace: shop',
      '  name: [storefront\n  namespace: shop',
    );
    writeFileSync(file, broken);
    const second = await runStance(['scan', 'k8s', '--manifests', 'app.yaml', '--db', db], { cwd: dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/^stance: app\.yaml:\d+: /m);
    const resources = JSON.parse(
      (await runStance(['resources', '--format', 'json', '--db', db], { cwd: dir })).stdout,
    ) as { resourceId: string }[];
    expect(resources.map((r) => r.resourceId)).toContain('k8s://manifests/shop/Deployment/storefront');
    const findings = JSON.parse(
      (await runStance(['findings', '--format', 'json', '--db', db], { cwd: dir })).stdout,
    ) as Finding[];
    expect(
      findings.find(
        (f) => f.resourceId.endsWith('Deployment/storefront') && f.ruleId === 'k8s-container-privileged',
      )?.status,
    ).toBe('fail');

    // scanning another path never touches this file's findings
    writeFileSync(
      join(dir, 'other.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec: {containers: [{name: c, image: i}]}\n',
    );
    expect(
      (await runStance(['scan', 'k8s', '--manifests', 'other.yaml', '--db', db], { cwd: dir })).code,
    ).toBe(0);
    const after = JSON.parse(
      (await runStance(['resources', '--format', 'json', '--db', db], { cwd: dir })).stdout,
    ) as { resourceId: string }[];
    expect(after.map((r) => r.resourceId)).toEqual(
      expect.arrayContaining(['k8s://manifests/shop/Deployment/storefront', 'k8s://manifests/x/Pod/p']),
    );
  });

  it('reads manifests from standard input', async () => {
    const dir = tempDir();
    const result = await runStance(
      [
        'scan',
        'k8s',
        '--manifests',
        '-',
        '--cluster',
        'staging',
        '--db',
        join(dir, 's.db'),
        '--format',
        'json',
      ],
      {
        cwd: dir,
        input:
          'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: jobs}\nspec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n' +
          '  containers: [{name: c, image: i, securityContext: {privileged: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]\n',
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ counts: { fail: 1 } });
  });

  it('checks Pod Security Standards at the namespace label version, or at --pss-version', async () => {
    const dir = tempDir();
    const manifests =
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: legacy, labels: {pod-security.kubernetes.io/enforce-version: v1.33}}\n---\n' +
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: legacy}\n' +
      'spec: {containers: [{name: c, image: i, livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}}]}\n';
    const probes = async (args: string[]) => {
      const db = join(dir, `${args.join('_') || 'default'}.db`);
      const scan = await runStance(['scan', 'k8s', '--manifests', '-', '--db', db, ...args], {
        cwd: dir,
        input: manifests,
      });
      const findings = JSON.parse(
        (
          await runStance(['findings', '--rule', 'k8s-pss-host-probes', '--format', 'json', '--db', db], {
            cwd: dir,
          })
        ).stdout,
      ) as (Finding & { message: string })[];
      return { code: scan.code, findings };
    };
    // pinned below v1.34 by its namespace: the check does not exist there
    expect((await probes([])).findings).toEqual([]);
    const overridden = await probes(['--pss-version', 'v1.34']);
    expect(overridden.findings.map((f) => [f.status, f.message])).toEqual([
      [
        'fail',
        'container "c" sets livenessProbe.httpGet.host 10.0.0.1 (Pod Security Standards baseline, v1.34)',
      ],
    ]);

    const bad = await runStance(
      ['scan', 'k8s', '--manifests', '-', '--pss-version', '1.34', '--db', join(dir, 'x.db')],
      {
        cwd: dir,
        input: manifests,
      },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--pss-version "1\.34": expected "latest" or v1\.<minor>/);
    const aws = await runStance(['scan', 'aws', '--pss-version', 'v1.34', '--db', join(dir, 'y.db')], {
      cwd: dir,
    });
    expect(aws.code).toBe(2);
    expect(aws.stderr).toMatch(/--pss-version applies to Kubernetes workloads/);
  });
});
