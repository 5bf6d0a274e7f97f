import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { fakeKubernetesApi } from '../helpers/fake-k8s.js';
import { runStanceMeasured } from './helpers.js';

interface Finding {
  resourceId: string;
  ruleId: string;
  status: string;
  message: string;
  muted: boolean;
  source?: { file: string; line: number };
}

const pod = (name: string, privileged = false) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    `metadata: {name: ${name}, namespace: shop}`,
    `spec: {containers: [{name: c, image: "registry.example/app:1", securityContext: {privileged: ${privileged}}}]}`,
  ].join('\n') + '\n';

const deployment = (name: string, privileged: boolean) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: registry.example/web:1',
    `          securityContext: {privileged: ${privileged}}`,
  ].join('\n') + '\n';

async function findingsOf(db: string, cwd: string): Promise<Finding[]> {
  const out = await runStance(['findings', '--format', 'json', '--db', db], { cwd });
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as Finding[];
}

/** A database with one earlier scan in it, and its bytes: "nothing written" compares against them. */
async function databaseWithOneScan(dir: string): Promise<{ db: string; bytes: Buffer }> {
  const db = join(dir, 'stance.db');
  writeFileSync(join(dir, 'earlier.yaml'), pod('earlier'));
  const first = await runStance(['scan', 'k8s', '--manifests', 'earlier.yaml', '--db', db], { cwd: dir });
  expect(first.code, first.stderr).toBe(0);
  expect(existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`).length : 0).toBe(0);
  return { db, bytes: readFileSync(db) };
}

describe('hostile manifests: YAML alias bombs', () => {
  it('a document whose aliases expand past the bound is skipped with file:line; the rest is scanned in bounded memory (exit 3)', async () => {
    const dir = tempDir();
    const m = join(dir, 'm');
    mkdirSync(m);
    writeFileSync(join(m, 'a-ok.yaml'), pod('p', true));
    // 5 MB scalar referenced 99 times: under yaml's maxAliasCount (100), 495 MB once expanded
    const big = 'x'.repeat(5 * 1024 * 1024);
    writeFileSync(
      join(m, 'bomb.yaml'),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: bomb, namespace: shop}',
        `x: &a "${big}"`,
        `y: [${Array.from({ length: 99 }, () => '*a').join(', ')}]`,
        '---',
        pod('q', true),
      ].join('\n'),
    );
    // billion laughs: ten levels of ten references
    const laughs = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: laughs, namespace: shop}',
      'data:',
    ];
    laughs.push(`  l0: &l0 [${Array.from({ length: 10 }, () => '"lol"').join(', ')}]`);
    for (let i = 1; i < 10; i++)
      laughs.push(`  l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
    writeFileSync(join(m, 'laughs.yaml'), laughs.join('\n') + '\n');

    const db = join(dir, 'stance.db');
    const result = await runStanceMeasured(
      ['scan', 'k8s', '--manifests', 'm', '--db', db, '--format', 'json'],
      { cwd: dir },
    );
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/^stance: m\/bomb\.yaml:1: .*alias/im);
    expect(result.stderr).toMatch(/^stance: m\/laughs\.yaml:\d+: .*alias/im);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // Measured: ~350 MiB after the fix (what any 5 MB scalar costs), 1.7 GiB before it.
    expect(result.peakRssMiB).toBeLessThan(1024);
    expect(result.seconds).toBeLessThan(60);

    const findings = await findingsOf(db, dir);
    const privileged = findings
      .filter((f) => f.ruleId === 'k8s-container-privileged')
      .map((f) => `${f.resourceId} ${f.status}`)
      .sort();
    // the good file and the good document after the bomb in the same file are both evaluated
    expect(privileged).toEqual(['k8s://manifests/shop/Pod/p fail', 'k8s://manifests/shop/Pod/q fail']);
    const resources = JSON.parse(
      (await runStance(['resources', '--format', 'json', '--db', db], { cwd: dir })).stdout,
    ) as { resourceId: string }[];
    expect(resources.map((r) => r.resourceId)).not.toContain('k8s://manifests/shop/ConfigMap/bomb');
  });
});

describe('hostile manifests: bad directory entries', () => {
  it('symbolic link loops and dangling links are skipped with their path and reason; the rest is scanned (exit 3)', async () => {
    const dir = tempDir();
    const m = join(dir, 'm');
    mkdirSync(m);
    writeFileSync(join(m, 'ok.yaml'), pod('p', true));
    symlinkSync('.', join(m, 'loop')); // a directory that contains itself
    symlinkSync('b.yaml', join(m, 'a.yaml')); // a ↔ b
    symlinkSync('a.yaml', join(m, 'b.yaml'));
    symlinkSync('missing.yaml', join(m, 'dangling.yaml'));
    const db = join(dir, 'stance.db');
    const result = await runStance(['scan', 'k8s', '--manifests', 'm', '--db', db], { cwd: dir });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/^stance: m\/loop: .*loop/im);
    expect(result.stderr).toMatch(/^stance: m\/a\.yaml: .*loop/im);
    expect(result.stderr).toMatch(/^stance: m\/dangling\.yaml: .*dangling/im);
    expect(result.stderr).not.toMatch(/ELOOP|ENOENT/);
    const findings = await findingsOf(db, dir);
    expect(
      findings.find(
        (f) => f.resourceId === 'k8s://manifests/shop/Pod/p' && f.ruleId === 'k8s-container-privileged',
      )?.status,
    ).toBe('fail');
  });
});

describe('hostile manifests and snapshots: deep nesting', () => {
  it('a manifest nested thousands of levels deep is exit 2 naming file, line and path; nothing is written', async () => {
    const dir = tempDir();
    const { db, bytes } = await databaseWithOneScan(dir);
    const m = join(dir, 'm');
    mkdirSync(m);
    writeFileSync(join(m, 'a-good.yaml'), pod('good', true));
    const depth = 3000;
    writeFileSync(
      join(m, 'deep.yaml'),
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: deep, namespace: shop}',
        'spec:',
        '  containers: [{name: c, image: i}]',
        `  extra: ${'['.repeat(depth)}${']'.repeat(depth)}`,
      ].join('\n') + '\n',
    );
    // block style: each level indented one more space
    const block = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: block, namespace: shop}',
      'nested:',
    ];
    for (let i = 1; i < depth; i++) block.push(`${' '.repeat(i)}k:`);
    block.push(`${' '.repeat(depth)}k: end`);
    writeFileSync(join(m, 'z-block.yaml'), block.join('\n') + '\n');

    const result = await runStance(['scan', 'k8s', '--manifests', 'm', '--db', db], { cwd: dir });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^stance: m\/deep\.yaml:6: spec\.extra\[0\]\[0\]\S*.*deeper than \d+ levels/,
    );
    expect(readFileSync(db).equals(bytes)).toBe(true);

    const alone = await runStance(['scan', 'k8s', '--manifests', 'm/z-block.yaml', '--db', db], { cwd: dir });
    expect(alone.code, alone.stderr).toBe(2);
    expect(alone.stderr).toMatch(/^stance: m\/z-block\.yaml:\d+: nested(\.k){5,}.*deeper than \d+ levels/);
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });

  it('a snapshot with a resource nested thousands of levels deep is exit 2 naming file and path; nothing is written', async () => {
    const dir = tempDir();
    const { db, bytes } = await databaseWithOneScan(dir);
    const depth = 5000;
    const resource = (name: string, config: string) =>
      `{"id":"k8s://c/shop/Pod/${name}","type":"k8s.pod","provider":"k8s","account":"c","region":"shop","name":"${name}","tags":{},"config":${config}}`;
    const snapshot = [
      '{"version":1,"collectedAt":"2026-01-01T00:00:00Z",',
      '"scopes":[{"provider":"k8s","account":"c","kind":"ConfigMap","status":"ok"},{"provider":"k8s","account":"c","kind":"Pod","status":"ok"}],',
      '"resources":[',
      resource('a', '{"kind":"Pod","spec":{"containers":[{"name":"c","image":"i"}]}}') + ',',
      resource('deep', `{"kind":"Pod","spec":{"deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`),
      ']}',
    ].join('\n');
    writeFileSync(join(dir, 'deep.json'), snapshot);
    const result = await runStance(['scan', '--snapshot', 'deep.json', '--db', db], { cwd: dir });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^stance: snapshot deep\.json:5: resources\[1\]\.config\.spec\.deep\.a\.a.*deeper than \d+ levels/,
    );
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });

  it('a live object nested thousands of levels deep is an error for that resource; the scan goes on', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const objects = [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'deep',
          namespace: 'shop',
          managedFields: [{ manager: 'x', fieldsV1: '@@DEEP@@' }],
        },
        spec: { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'normal', namespace: 'shop' },
        spec: { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] },
      },
    ];
    const api = await fakeKubernetesApi(objects, { rawJson: { '@@DEEP@@': deep } });
    try {
      const dir = tempDir();
      const db = join(dir, 'stance.db');
      const result = await runStance(
        ['scan', 'k8s', '--kubeconfig', api.kubeconfig(dir), '--db', db, '--format', 'json'],
        { cwd: dir },
      );
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as { scopes: { scope: string; status: string }[] };
      expect(summary.scopes.find((s) => s.scope === 'k8s/test-cluster/Pod')?.status).toBe('ok');
      const findings = await findingsOf(db, dir);
      const deepFindings = findings.filter((f) => f.resourceId === 'k8s://test-cluster/shop/Pod/deep');
      expect(deepFindings.length).toBeGreaterThan(0);
      for (const f of deepFindings) {
        expect(f.status).toBe('error');
        expect(f.message).toMatch(/metadata\.managedFields\[0\]\.fieldsV1\.a\.a.*deeper than \d+ levels/);
      }
      expect(
        findings.find(
          (f) =>
            f.resourceId === 'k8s://test-cluster/shop/Pod/normal' && f.ruleId === 'k8s-container-privileged',
        )?.status,
      ).toBe('fail');
    } finally {
      await api.close();
    }
  });
});

describe('hostile manifests: the same object defined more than once', () => {
  it('every definition is evaluated and can trip the gate, with its file:line; a mute by id covers them all', async () => {
    const dir = tempDir();
    for (const env of ['prod', 'staging']) mkdirSync(join(dir, 'overlays', env), { recursive: true });
    writeFileSync(join(dir, 'overlays', 'prod', 'deploy.yaml'), deployment('web', false));
    // the privileged copy is read second: it used to be skipped with a warning (exit 3)
    writeFileSync(join(dir, 'overlays', 'staging', 'deploy.yaml'), deployment('web', true));
    mkdirSync(join(dir, 'rendered'));
    writeFileSync(
      join(dir, 'rendered', 'all.yaml'),
      deployment('api', false) + '---\n' + deployment('api', true),
    );
    const db = join(dir, 'stance.db');
    const scan = await runStance(
      ['scan', 'k8s', '--manifests', 'overlays', 'rendered', '--db', db, '--fail-on', 'high'],
      { cwd: dir },
    );
    expect(scan.code, scan.stderr + scan.stdout).toBe(1);

    const privileged = (await findingsOf(db, dir))
      .filter((f) => f.ruleId === 'k8s-container-privileged')
      .map((f) => `${f.resourceId} ${f.source?.file}:${f.source?.line} ${f.status}`)
      .sort();
    expect(privileged).toEqual([
      'k8s://manifests/shop/Deployment/api rendered/all.yaml:1 pass',
      'k8s://manifests/shop/Deployment/api rendered/all.yaml:16 fail',
      'k8s://manifests/shop/Deployment/web overlays/prod/deploy.yaml:1 pass',
      'k8s://manifests/shop/Deployment/web overlays/staging/deploy.yaml:1 fail',
    ]);
    const resources = JSON.parse(
      (await runStance(['resources', '--format', 'json', '--db', db], { cwd: dir })).stdout,
    ) as { resourceId: string; sourceFile: string }[];
    expect(
      resources
        .filter((r) => r.resourceId.endsWith('Deployment/web'))
        .map((r) => r.sourceFile)
        .sort(),
    ).toEqual(['overlays/prod/deploy.yaml', 'overlays/staging/deploy.yaml']);
    const shown = await runStance(
      ['resource', 'k8s://manifests/shop/Deployment/web', '--db', db, '--format', 'json'],
      { cwd: dir },
    );
    expect(shown.code, shown.stderr).toBe(0);
    const detail = JSON.parse(shown.stdout) as { definitions: { resource: { sourceFile: string } }[] };
    expect(detail.definitions.map((d) => d.resource.sourceFile).sort()).toEqual([
      'overlays/prod/deploy.yaml',
      'overlays/staging/deploy.yaml',
    ]);

    // a rescan changes nothing (each definition kept apart, none flip-flops)
    const again = await runStance(
      ['scan', 'k8s', '--manifests', 'overlays', 'rendered', '--db', db, '--format', 'json'],
      { cwd: dir },
    );
    expect((JSON.parse(again.stdout) as { transitionCounts: { total: number } }).transitionCounts.total).toBe(
      0,
    );

    for (const id of ['k8s://manifests/shop/Deployment/web', 'k8s://manifests/shop/Deployment/api']) {
      const mute = await runStance(
        [
          'mute',
          'add',
          '--rule',
          'k8s-container-privileged',
          '--resource',
          id,
          '--reason',
          'accepted',
          '--db',
          db,
        ],
        { cwd: dir },
      );
      expect(mute.code, mute.stderr).toBe(0);
    }
    const muted = await runStance(
      ['scan', 'k8s', '--manifests', 'overlays', 'rendered', '--db', db, '--fail-on', 'high'],
      { cwd: dir },
    );
    expect(muted.code, muted.stderr + muted.stdout).toBe(0);
    const after = (await findingsOf(db, dir)).filter(
      (f) => f.ruleId === 'k8s-container-privileged' && f.status === 'fail',
    );
    expect(after).toHaveLength(2);
    expect(after.every((f) => f.muted)).toBe(true);
  });

  it('a stance.dev/ignore annotation in one definition mutes that definition only', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), deployment('cni', true));
    writeFileSync(
      join(dir, 'b.yaml'),
      deployment('cni', true).replace(
        '  namespace: shop\n',
        '  namespace: shop\n  annotations:\n    stance.dev/ignore: "k8s-container-privileged: the CNI agent needs it"\n',
      ),
    );
    const db = join(dir, 'stance.db');
    const scan = await runStance(
      ['scan', 'k8s', '--manifests', 'a.yaml', 'b.yaml', '--db', db, '--fail-on', 'high'],
      {
        cwd: dir,
      },
    );
    expect(scan.code, scan.stderr + scan.stdout).toBe(1);
    const privileged = (await findingsOf(db, dir))
      .filter((f) => f.ruleId === 'k8s-container-privileged')
      .map((f) => `${f.source?.file} ${f.status} muted=${f.muted}`)
      .sort();
    expect(privileged).toEqual(['a.yaml fail muted=false', 'b.yaml fail muted=true']);
  });

  it('files a kustomization.yaml lists as patches are skipped with a notice to scan the rendered output', async () => {
    const dir = tempDir();
    const base = join(dir, 'base');
    mkdirSync(base);
    writeFileSync(
      join(base, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources: [deploy.yaml]',
        'patches:',
        '  - path: patch-privileged.yaml',
        '    target: {kind: Deployment, name: web}',
        'patchesStrategicMerge:',
        '  - psm.yaml',
      ].join('\n') + '\n',
    );
    writeFileSync(join(base, 'deploy.yaml'), deployment('web', false));
    writeFileSync(join(base, 'patch-privileged.yaml'), deployment('web', true));
    writeFileSync(
      join(base, 'psm.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {replicas: 3}\n',
    );
    const db = join(dir, 'stance.db');
    const scan = await runStance(['scan', 'k8s', '--manifests', 'base', '--db', db, '--fail-on', 'high'], {
      cwd: dir,
    });
    expect(scan.code, scan.stderr + scan.stdout).toBe(0);
    expect(scan.stderr).toMatch(
      /base\/patch-privileged\.yaml: .*patch.*base\/kustomization\.yaml.*rendered output/i,
    );
    expect(scan.stderr).toMatch(/base\/psm\.yaml: .*patch.*rendered output/i);
    const resources = JSON.parse(
      (await runStance(['resources', '--format', 'json', '--db', db], { cwd: dir })).stdout,
    ) as { resourceId: string; sourceFile: string }[];
    expect(resources.map((r) => r.sourceFile)).toEqual(['base/deploy.yaml']);
  });
});

describe('hostile configuration files', () => {
  it('a stance.yaml alias bomb is exit 2 with one line naming the file', async () => {
    const dir = tempDir();
    const laughs = ['mutes:'];
    laughs.push(`  - {rule: "*", reason: &l0 [${Array.from({ length: 10 }, () => '"lol"').join(', ')}]}`);
    for (let i = 1; i < 10; i++)
      laughs.push(
        `  - {rule: "*", reason: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]}`,
      );
    writeFileSync(join(dir, 'laughs.yaml'), laughs.join('\n') + '\n');
    const big = 'x'.repeat(5 * 1024 * 1024);
    writeFileSync(
      join(dir, 'wide.yaml'),
      [
        `ownerKey: &a "${big}"`,
        'mutes:',
        ...Array.from({ length: 99 }, () => '  - {rule: "*", reason: *a}'),
      ].join('\n') + '\n',
    );
    for (const file of ['laughs.yaml', 'wide.yaml']) {
      const result = await runStanceMeasured(['findings', '--config', file, '--db', join(dir, 'x.db')], {
        cwd: dir,
      });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(new RegExp(`^stance: config ${file.replace('.', '\\.')}:\\d+: .*alias`));
      expect(result.peakRssMiB).toBeLessThan(1024);
    }
    writeFileSync(join(dir, 'deep.yaml'), `mutes: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const deep = await runStance(['findings', '--config', 'deep.yaml', '--db', join(dir, 'x.db')], {
      cwd: dir,
    });
    expect(deep.code, deep.stderr).toBe(2);
    expect(deep.stderr).toMatch(
      /^stance: config deep\.yaml:1: mutes\[0\]\[0\]\S* nested deeper than 200 levels/,
    );
  });
});
