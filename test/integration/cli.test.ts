import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, runStance, tempDir } from '../helpers/cli.js';
import { schemaValidator } from '../helpers/schema.js';

const validateFindings = schemaValidator('findings');

interface FindingJson {
  resourceId: string;
  ruleId: string;
  status: string;
  severity: string;
  since: string;
}

function findingKey(f: FindingJson) {
  return `${f.resourceId} ${f.ruleId} ${f.status}`;
}

describe('stance demo', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('scans the bundled environment and says where the database is', async () => {
    const first = await runStance(['demo'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Acme Retail');
    expect(first.stdout).toContain(`Database: ${join(dir, 'stance-demo.db')}`);
    expect(first.stdout).toMatch(/Failing \(\d+\)/);
    // a score per framework the sample environment is relevant to, before the failing findings
    expect(first.stdout).toMatch(
      /Framework scores[^\n]*\nFRAMEWORK +SCORE[^\n]*\n(.*\n)*cis-k8s-1\.12\.0 +\d+% +\d+ +\d+/,
    );
    expect(first.stdout.indexOf('Framework scores')).toBeLessThan(first.stdout.indexOf('Failing ('));
    // each seed rule finds something in the sample environment
    for (const rule of ['aws-ec2', 'aws-iam', 'aws-s3', 'k8s-']) expect(first.stdout).toContain(rule);

    const again = await runStance(['demo'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 status change(s) since the previous demo scan');
  });

  it('writes findings JSON that validates against the shared schema', async () => {
    const result = await runStance(['findings', '--format', 'json', '--db', 'stance-demo.db'], { cwd: dir });
    expect(result.code).toBe(0);
    const findings = JSON.parse(result.stdout) as FindingJson[];
    expect(findings.length).toBeGreaterThan(10);
    expect(validateFindings(findings)).toEqual([]);
    expect(findings.some((f) => f.status === 'fail')).toBe(true);
    expect(findings.some((f) => f.status === 'pass')).toBe(true);
  });
});

describe('stance report', () => {
  const validateReport = schemaValidator('report');

  it('reports every control of each bundled framework, now and as of a past date', async () => {
    const dir = tempDir();
    expect((await runStance(['demo'], { cwd: dir })).code).toBe(0);
    const frameworks = JSON.parse((await runStance(['frameworks', '--format', 'json'])).stdout) as {
      id: string;
      controls: number;
    }[];
    expect(frameworks.map((f) => f.id)).toEqual(
      expect.arrayContaining([
        'cis-aws-7.0.0',
        'cis-aws-5.0.0',
        'cis-k8s-1.12.0',
        'k8s-best-practices',
        'nsa-k8s-hardening',
      ]),
    );
    for (const f of frameworks) {
      const result = await runStance(
        ['report', '--framework', f.id, '--format', 'json', '--db', 'stance-demo.db'],
        { cwd: dir },
      );
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as {
        controls: { id: string; status: string }[];
        summary: { fail: number };
      };
      expect(validateReport(report)).toEqual([]);
      expect(report.controls).toHaveLength(f.controls);
      expect(report.summary.fail).toBeGreaterThan(0);
    }
    const aws = JSON.parse(
      (
        await runStance(
          ['report', '--framework', 'cis-aws-7.0.0', '--format', 'json', '--db', 'stance-demo.db'],
          { cwd: dir },
        )
      ).stdout,
    ) as {
      controls: { id: string; status: string; failing: { resourceId: string }[] }[];
    };
    expect(aws.controls.find((c) => c.id === '2.10')).toMatchObject({ status: 'fail' });
    expect(
      aws.controls
        .find((c) => c.id === '2.10')!
        .failing.map((f) => f.resourceId)
        .sort(),
    ).toEqual(['arn:aws:iam::111122223333:user/finance-analyst', 'arn:aws:iam::111122223333:user/tom.baker']);
    // before the first scan nothing was observed: automated controls with rules read "error", never pass
    const past = JSON.parse(
      (
        await runStance(
          [
            'report',
            '--framework',
            'cis-aws-7.0.0',
            '--format',
            'json',
            '--as-of',
            '2025-01-01',
            '--db',
            'stance-demo.db',
          ],
          { cwd: dir },
        )
      ).stdout,
    ) as { asOf: string; controls: { rules: string[]; status: string }[] };
    expect(past.asOf).toBe('2025-01-01T23:59:59.999Z');
    expect(new Set(past.controls.filter((c) => c.rules.length).map((c) => c.status))).toEqual(
      new Set(['error']),
    );
    const csv = await runStance(
      ['report', '--framework', 'cis-aws-7.0.0', '--format', 'csv', '--db', 'stance-demo.db'],
      { cwd: dir },
    );
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^framework,control_id/);
    expect(
      (await runStance(['report', '--framework', 'nope', '--db', 'stance-demo.db'], { cwd: dir })).code,
    ).toBe(2);
  }, 300_000);
});

describe('stance scan --snapshot', () => {
  it('records verdicts, gates with --fail-on and keeps findings of a scope that errored', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const ok = await runStance([
      'scan',
      '--snapshot',
      fixture('snapshots', 'minimal.json'),
      '--db',
      db,
      '--format',
      'json',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const summary = JSON.parse(ok.stdout) as { status: string; counts: { fail: number } };
    expect(summary.status).toBe('ok');
    expect(summary.counts.fail).toBeGreaterThan(0);

    const before = JSON.parse(
      (await runStance(['findings', '--format', 'json', '--db', db])).stdout,
    ) as FindingJson[];
    expect(before.length).toBeGreaterThan(0);

    const gated = await runStance([
      'scan',
      '--snapshot',
      fixture('snapshots', 'minimal.json'),
      '--db',
      db,
      '--fail-on',
      'high',
    ]);
    expect(gated.code).toBe(1);
    const notGated = await runStance([
      'scan',
      '--snapshot',
      fixture('snapshots', 'minimal.json'),
      '--db',
      db,
      '--fail-on',
      'critical',
    ]);
    expect([0, 1]).toContain(notGated.code);

    const partial = await runStance(['scan', '--snapshot', fixture('snapshots', 'partial.json'), '--db', db]);
    expect(partial.code).toBe(3);
    expect(partial.stdout).toContain('AccessDenied');
    const after = JSON.parse(
      (await runStance(['findings', '--format', 'json', '--db', db])).stdout,
    ) as FindingJson[];
    expect(after.map(findingKey).sort()).toEqual(before.map(findingKey).sort());
    expect(after.map((f) => f.since).sort()).toEqual(before.map((f) => f.since).sort());

    // --fail-on tripped and a partial scan: 1 takes precedence over 3
    const both = await runStance([
      'scan',
      '--snapshot',
      fixture('snapshots', 'partial.json'),
      '--db',
      db,
      '--fail-on',
      'low',
    ]);
    expect(both.code).toBe(1);
  });

  it.each([
    ['bad-json.json', /bad-json\.json:\d+:\d+: invalid JSON/],
    ['bad-version.json', /bad-version\.json:\d+: version: unsupported snapshot version/],
    ['bad-resource.json', /bad-resource\.json:\d+: resources\[3\]\.id: /],
    ['bad-scope-ref.json', /bad-scope-ref\.json:\d+: resources\[\d+\]: resource .* belongs to no scope/],
  ])('rejects %s with one line naming file, line and field (exit 2)', async (name, pattern) => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    await runStance(['scan', '--snapshot', fixture('snapshots', 'minimal.json'), '--db', db]);
    const before = (await runStance(['findings', '--format', 'json', '--db', db])).stdout;
    const result = await runStance(['scan', '--snapshot', fixture('snapshots', name), '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect((await runStance(['findings', '--format', 'json', '--db', db])).stdout).toBe(before);
  });

  it('shows a stack trace only with --debug', async () => {
    const result = await runStance([
      '--debug',
      'scan',
      '--snapshot',
      fixture('snapshots', 'bad-version.json'),
      '--db',
      join(tempDir(), 'x.db'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('rejects unknown flags and commands with exit 2', async () => {
    expect((await runStance(['scan', '--no-such-flag'])).code).toBe(2);
    expect((await runStance(['no-such-command'])).code).toBe(2);
    expect((await runStance(['findings', '--format', 'xml', '--db', join(tempDir(), 'x.db')])).code).toBe(2);
  });
});

describe('bad databases', () => {
  it('refuses a corrupt database with exit 4 and one line', async () => {
    const db = join(tempDir(), 'corrupt.db');
    writeFileSync(db, 'this is not an SQLite database, just text '.repeat(200));
    const result = await runStance(['findings', '--db', db]);
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(db);
  });

  it('refuses a foreign SQLite database without touching it', async () => {
    const db = join(tempDir(), 'foreign.db');
    const foreign = new Database(db);
    foreign.exec(
      "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('ada')",
    );
    foreign.close();
    const bytes = readFileSync(db);
    const result = await runStance(['scan', '--snapshot', fixture('snapshots', 'minimal.json'), '--db', db]);
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });

  it('reports a missing policy bundle as a runtime error (exit 4)', async () => {
    const dir = tempDir();
    const result = await runStance(
      ['scan', '--snapshot', fixture('snapshots', 'minimal.json'), '--db', join(dir, 's.db')],
      {
        env: { STANCE_BUNDLE_DIR: join(dir, 'no-bundle-here') },
      },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/bundle/i);
  });
});

describe('missing database', () => {
  it('a query on a database that does not exist is a usage error (exit 2) and creates nothing', async () => {
    const dir = tempDir();
    const result = await runStance(['findings', '--db', join(dir, 'none.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no database at .*none\.db/);
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  });
});
