/**
 * A user's own framework (issue 16 item 4): a directory of framework YAML given with --frameworks
 * or stance.yaml's frameworks:, mapping built-in rules to the user's control ids, reported and
 * listed like a bundled framework; a rule id the bundle lacks is a one-line error, exit 2.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';

const ACME = `id: acme-cloud-baseline
name: "Acme cloud baseline"
version: "2026.1"
source: "Acme security team"
complete: true
controls:
  - id: "ACME-S3-01"
    title: "Buckets refuse plain HTTP"
    section: "Storage"
    assessment: automated
    rules:
      - aws-s3-bucket-deny-http
  - id: "ACME-S3-02"
    title: "Buckets are never public"
    section: "Storage"
    assessment: automated
    rules:
      - aws-s3-bucket-public-read
      - aws-s3-bucket-public-write
  - id: "ACME-HR-01"
    title: "Leavers lose access the same day"
    section: "People"
    assessment: manual
`;

interface ControlJson {
  id: string;
  status: string;
}

describe('custom frameworks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    expect((await runStance(['demo'], { cwd: dir })).code).toBe(0);
    mkdirSync(join(dir, 'acme'));
    writeFileSync(join(dir, 'acme', 'baseline.yaml'), ACME);
  }, 120_000);

  it('lists and reports a framework from --frameworks DIR like a bundled one', async () => {
    const list = await runStance(['frameworks', '--frameworks', 'acme', '--format', 'json'], { cwd: dir });
    expect(list.code, list.stderr).toBe(0);
    const acme = (JSON.parse(list.stdout) as { id: string; controls: number; withRules: number }[]).find(
      (f) => f.id === 'acme-cloud-baseline',
    );
    expect(acme).toMatchObject({ controls: 3, withRules: 2 });

    const report = await runStance(
      [
        'report',
        '--framework',
        'acme-cloud-baseline',
        '--frameworks',
        'acme',
        '--format',
        'json',
        '--db',
        'stance-demo.db',
      ],
      { cwd: dir },
    );
    expect(report.code, report.stderr).toBe(0);
    const controls = (JSON.parse(report.stdout) as { controls: ControlJson[] }).controls;
    // the demo's buckets all lack the TLS-only policy and none is public
    expect(controls.map((c) => [c.id, c.status])).toEqual([
      ['ACME-S3-01', 'fail'],
      ['ACME-S3-02', 'pass'],
      ['ACME-HR-01', 'manual'],
    ]);

    const findings = await runStance(
      [
        'findings',
        '--rule',
        'aws-s3-bucket-deny-http',
        '--frameworks',
        'acme',
        '--format',
        'json',
        '--db',
        'stance-demo.db',
      ],
      { cwd: dir },
    );
    expect(findings.code, findings.stderr).toBe(0);
    for (const f of JSON.parse(findings.stdout) as { controls: string[] }[])
      expect(f.controls).toContain('acme-cloud-baseline:ACME-S3-01');
  });

  it("takes stance.yaml's frameworks: relative to the file, from any working directory", async () => {
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'stance.yaml'), 'frameworks: ../acme\n');
    const elsewhere = tempDir();
    const report = await runStance(
      [
        'report',
        '--framework',
        'acme-cloud-baseline',
        '--config',
        join(dir, 'conf', 'stance.yaml'),
        '--format',
        'json',
        '--db',
        join(dir, 'stance-demo.db'),
      ],
      { cwd: elsewhere },
    );
    expect(report.code, report.stderr).toBe(0);
    expect((JSON.parse(report.stdout) as { controls: ControlJson[] }).controls).toHaveLength(3);
    const list = await runStance(['frameworks', '--config', join(dir, 'conf', 'stance.yaml')], {
      cwd: elsewhere,
    });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('acme-cloud-baseline');
  });

  it('an unknown rule id is one line naming the file, line and control: exit 2', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(
      join(bad, 'baseline.yaml'),
      ACME.replace('aws-s3-bucket-public-write', 'aws-s3-bucket-pubic-write'),
    );
    for (const args of [
      ['frameworks', '--frameworks', 'bad'],
      ['report', '--framework', 'acme-cloud-baseline', '--frameworks', 'bad', '--db', 'stance-demo.db'],
      ['findings', '--frameworks', 'bad', '--db', 'stance-demo.db'],
      ['rules', '--frameworks', 'bad'],
    ]) {
      const out = await runStance(args, { cwd: dir });
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr.trim().split('\n')).toEqual([
        `stance: framework ${join(bad, 'baseline.yaml')}:19: control ACME-S3-02: unknown rule id aws-s3-bucket-pubic-write (see stance rules)`,
      ]);
    }
  });

  it('a missing or empty directory is an error, never silently nothing', async () => {
    const missing = await runStance(['frameworks', '--frameworks', 'nowhere'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`stance: frameworks ${join(dir, 'nowhere')}: no such directory`);
    mkdirSync(join(dir, 'empty'));
    const empty = await runStance(['frameworks', '--frameworks', 'empty'], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim()).toBe(
      `stance: frameworks ${join(dir, 'empty')}: no framework files (*.yaml, *.yml)`,
    );
  });

  it('a framework id the bundle already has is refused', async () => {
    const clash = join(dir, 'clash');
    mkdirSync(clash);
    writeFileSync(join(clash, 'fsbp.yaml'), ACME.replace('id: acme-cloud-baseline', 'id: aws-fsbp'));
    const out = await runStance(['frameworks', '--frameworks', 'clash'], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toBe(
      `stance: framework ${join(clash, 'fsbp.yaml')}: id aws-fsbp is defined twice`,
    );
  });
});
