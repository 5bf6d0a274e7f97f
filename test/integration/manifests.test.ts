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
    // every failure is the Deployment's (privileged init container, hygiene of its containers), at its line
    const results = sarif.runs[0]!.results;
    expect(results.map((r) => r.ruleId)).toContain('k8s-container-privileged');
    for (const r of results)
      expect(r.locations[0]!.physicalLocation, r.ruleId).toEqual({
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
    expect(JSON.parse(result.stdout)).toMatchObject({ counts: { fail: expect.any(Number) } });
    const failing = JSON.parse(
      (
        await runStance(['findings', '--status', 'fail', '--format', 'json', '--db', join(dir, 's.db')], {
          cwd: dir,
        })
      ).stdout,
    ) as Finding[];
    expect(failing.map((f) => `${f.resourceId} ${f.ruleId}`)).toContain(
      'k8s://staging/jobs/Pod/p k8s-container-privileged',
    );
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

describe('workload hygiene rules and the system namespaces', () => {
  const pod = (namespace: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${namespace}}\nspec: {containers: [{name: c, image: nginx}]}\n`;
  const hygiene = async (dir: string, args: string[], namespace: string) => {
    const db = join(dir, `${namespace}-${args.join('_').replace(/[^a-z0-9_-]/gi, '')}.db`);
    const scan = await runStance(['scan', 'k8s', '--manifests', '-', '--db', db, ...args], {
      cwd: dir,
      input: pod(namespace),
    });
    if (scan.code === 2) return { code: scan.code, stderr: scan.stderr, rules: new Set<string>() };
    const findings = JSON.parse(
      (await runStance(['findings', '--format', 'json', '--db', db], { cwd: dir })).stdout,
    ) as Finding[];
    return { code: scan.code, stderr: scan.stderr, rules: new Set(findings.map((f) => f.ruleId)) };
  };

  it('skips kube-system by default, the namespaces --system-namespaces or stance.yaml name otherwise', async () => {
    const dir = tempDir();
    // a workload namespace: the untagged image is reported
    expect((await hygiene(dir, [], 'platform')).rules.has('k8s-image-latest-tag')).toBe(true);
    // the default system namespaces are skipped by hygiene rules, not by security rules
    const system = await hygiene(dir, [], 'kube-system');
    expect(system.rules.has('k8s-image-latest-tag')).toBe(false);
    expect(system.rules.has('k8s-pss-restricted-run-as-non-root')).toBe(true);
    // named on the command line
    expect(
      (await hygiene(dir, ['--system-namespaces', 'platform'], 'platform')).rules.has('k8s-image-latest-tag'),
    ).toBe(false);
    expect(
      (await hygiene(dir, ['--system-namespaces', 'platform'], 'kube-system')).rules.has(
        'k8s-image-latest-tag',
      ),
    ).toBe(true);
    // named in stance.yaml
    writeFileSync(join(dir, 'stance.yaml'), 'kubernetes:\n  systemNamespaces: [platform, kube-system]\n');
    expect(
      (await hygiene(dir, ['--config', 'stance.yaml'], 'platform')).rules.has('k8s-image-latest-tag'),
    ).toBe(false);
    const bad = await hygiene(dir, ['--system-namespaces', 'kube-system,Not_A_Namespace'], 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--system-namespaces "Not_A_Namespace": not a namespace name/);
  }, 300_000);

  it('joins within the scanned files: a Deployment with its PodDisruptionBudget and Service passes, without them fails', async () => {
    const dir = tempDir();
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n' +
      'spec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n' +
      '    spec: {serviceAccountName: web, containers: [{name: web, image: "registry.example/web:1.0"}]}\n';
    const budget =
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}\n';
    const service =
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n';
    const verdict = async (input: string, rule: string) => {
      const db = join(dir, `${rule}-${input.length}.db`);
      await runStance(['scan', 'k8s', '--manifests', '-', '--db', db], { cwd: dir, input });
      const findings = JSON.parse(
        (await runStance(['findings', '--rule', rule, '--format', 'json', '--db', db], { cwd: dir })).stdout,
      ) as Finding[];
      return findings.filter((f) => f.resourceId.endsWith('/Deployment/web')).map((f) => f.status);
    };
    expect(await verdict(deployment, 'k8s-workload-pdb-missing')).toEqual(['fail']);
    expect(await verdict(`${deployment}---\n${budget}`, 'k8s-workload-pdb-missing')).toEqual(['pass']);
    // no Service in the files: the readiness probe does not matter
    expect(await verdict(deployment, 'k8s-container-readiness-probe-missing')).toEqual([]);
    expect(await verdict(`${deployment}---\n${service}`, 'k8s-container-readiness-probe-missing')).toEqual([
      'fail',
    ]);
  }, 300_000);
});
