import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, MIGRATIONS } from '../../src/store/sqlite/index.js';
import { failedSignIn, minute } from '../detect/helpers.js';
import { runStance, tempDir } from '../helpers/cli.js';

/** The i-th failed sign-in, i minutes after 2026-03-02T10:00Z. */
const event = (i: number, overrides: Record<string, unknown> = {}) => failedSignIn(i, minute(i), overrides);

interface SignalJson {
  id: number;
  ruleId: string;
  count: number;
  status: string;
  mitre: string[];
}

describe('stance detect (CLI)', () => {
  it('detects from gzip trail files and JSON lines on stdin, idempotently; signals list, archive and show on the resource', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const trail = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '03', '02');
    mkdirSync(trail, { recursive: true });
    writeFileSync(
      join(trail, 'a.json.gz'),
      gzipSync(JSON.stringify({ Records: Array.from({ length: 12 }, (_, i) => event(i)) })),
    );
    const stop = event(20, {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventType: 'AwsApiCall',
      requestParameters: { name: 'main' },
      responseElements: null,
    });

    const first = await runStance(
      ['detect', 'cloudtrail', '--files', dir, '-', '--db', db, '--format', 'json'],
      { input: JSON.stringify(stop) + '\n' },
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(
      JSON.parse(first.stdout)
        .newSignals.map((s: SignalJson) => s.ruleId)
        .sort(),
    ).toEqual(['aws-ct-cloudtrail-stop-logging', 'aws-ct-console-login-brute-force']);

    const again = await runStance(['detect', 'cloudtrail', '--files', dir, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/12 duplicate\(s\) skipped; 0 new signal\(s\)/);

    const list = JSON.parse(
      (await runStance(['signals', '--format', 'json', '--db', db])).stdout,
    ) as SignalJson[];
    const brute = list.find((s) => s.ruleId === 'aws-ct-console-login-brute-force')!;
    expect(brute).toMatchObject({ count: 12, status: 'open' });
    expect(brute.mitre).toContain('attack.t1110.001');

    expect((await runStance(['signals', 'archive', String(brute.id), '--db', db])).code).toBe(0);
    const open = JSON.parse(
      (await runStance(['signals', '--status', 'open', '--format', 'json', '--db', db])).stdout,
    ) as SignalJson[];
    expect(open.map((s) => s.ruleId)).toEqual(['aws-ct-cloudtrail-stop-logging']);

    const resource = await runStance([
      'resource',
      'arn:aws:cloudtrail:us-east-1:111122223333:trail/main',
      '--db',
      db,
    ]);
    expect(resource.code).toBe(0);
    expect(resource.stdout).toMatch(/aws-ct-cloudtrail-stop-logging/);
    expect((await runStance(['signals', 'archive', '9999', '--db', db])).code).toBe(2);
  });

  it('signal triage from the CLI: states with who and a note, archive as resolved, suppressions audited', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const records = [
      ...Array.from({ length: 12 }, (_, i) => event(i)),
      event(20, {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        eventType: 'AwsApiCall',
        requestParameters: { name: 'main' },
        responseElements: null,
      }),
    ];
    writeFileSync(join(dir, 'events.json'), JSON.stringify({ Records: records }));
    expect(
      (await runStance(['detect', 'cloudtrail', '--files', join(dir, 'events.json'), '--db', db])).code,
    ).toBe(0);
    const list = JSON.parse((await runStance(['signals', '-f', 'json', '--db', db])).stdout) as SignalJson[];
    const brute = list.find((s) => s.ruleId === 'aws-ct-console-login-brute-force')!;
    expect((await runStance(['signals', 'archive', String(brute.id), '--db', db])).code).toBe(0);
    const open = JSON.parse(
      (await runStance(['signals', '--status', 'open', '-f', 'json', '--db', db])).stdout,
    ) as SignalJson[];
    // Triage states with who, when and a note; archive is the old name of resolved.
    const resolved = JSON.parse(
      (await runStance(['signals', '--status', 'resolved', '-f', 'json', '--db', db])).stdout,
    ) as SignalJson[];
    expect(resolved.map((s) => s.id)).toEqual([brute.id]);
    const stopped = open[0]!;
    const set = await runStance([
      'signals',
      'set',
      String(stopped.id),
      '--state',
      'acknowledged',
      '--note',
      'paging the owner',
      '--by',
      'ann',
      '--db',
      db,
    ]);
    expect([set.code, set.stdout]).toEqual([0, `signal ${stopped.id} acknowledged\n`]);
    const fp = await runStance([
      'signals',
      'set',
      String(stopped.id),
      '--state',
      'false_positive',
      '--db',
      db,
    ]);
    expect(fp.code).toBe(0);
    const shown = JSON.parse(
      (await runStance(['signals', 'show', String(stopped.id), '-f', 'json', '--db', db])).stdout,
    ) as SignalJson & {
      history: { state: string; by: string | null; note: string | null }[];
      closedAt: string;
    };
    expect(shown.status).toBe('false_positive');
    expect(shown.closedAt).toMatch(/^\d{4}-/);
    expect(shown.history.map((h) => [h.state, h.by, h.note])).toEqual([
      ['acknowledged', 'ann', 'paging the owner'],
      ['false_positive', expect.any(String), null],
    ]);
    const bad = await runStance(['signals', 'set', String(stopped.id), '--state', 'closed', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--state closed: expected one of open, acknowledged, resolved, false_positive/,
    );
    expect((await runStance(['signals', '--status', 'archived', '--db', db])).code).toBe(0);

    // Suppressions: added with a reason, listed, removed (kept in the audit with who and when).
    const add = await runStance([
      'signals',
      'suppress',
      'add',
      '--rule',
      'aws-ct-console-login-brute-force',
      '--cidr',
      '198.51.100.0/24',
      '--reason',
      'red team exercise',
      '--by',
      'ann',
      '--db',
      db,
    ]);
    expect([add.code, add.stdout]).toEqual([0, 'suppression 1 added\n']);
    expect((await runStance(['signals', 'suppress', 'add', '--reason', 'x', '--db', db])).code).toBe(2);
    expect((await runStance(['signals', 'suppress', 'list', '--db', db])).stdout).toMatch(
      /red team exercise/,
    );
    expect((await runStance(['signals', 'suppress', 'remove', '1', '--by', 'bob', '--db', db])).code).toBe(0);
    const audit = JSON.parse(
      (await runStance(['signals', 'suppress', 'audit', '-f', 'json', '--db', db])).stdout,
    ) as { ended: { id: number; removedBy: string }[] };
    expect(audit.ended).toMatchObject([{ id: 1, removedBy: 'bob' }]);
  }, 240_000);

  it('bad input: each bad record reported with file and position, the rest processed and stored, exit 3; a fixed file reads clean', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ Records: [event(0)] }));
    expect(
      (await runStance(['detect', 'cloudtrail', '--files', join(dir, 'good.json'), '--db', db])).code,
    ).toBe(0);
    const stop = event(30, {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventType: 'AwsApiCall',
      requestParameters: { name: 'main' },
      responseElements: null,
    });
    const lines = [
      JSON.stringify(event(1)),
      '{"eventID": ',
      JSON.stringify(event(2, { eventTime: 'soon' })),
      JSON.stringify(stop),
    ];
    writeFileSync(join(dir, 'bad.jsonl'), lines.join('\n') + '\n');
    const cut = gzipSync(JSON.stringify({ Records: Array.from({ length: 400 }, (_, i) => event(100 + i)) }));
    writeFileSync(join(dir, 'cut.json.gz'), cut.subarray(0, cut.length - 100));

    const bad = await runStance(['detect', 'cloudtrail', '--files', dir, '--db', db, '--format', 'json']);
    expect(bad.code).toBe(3);
    const stderr = bad.stderr.trim().split('\n');
    expect(stderr).toEqual([
      `stance: ${join(dir, 'bad.jsonl')}:2: record 1: invalid JSON: the record is not complete`,
      `stance: ${join(dir, 'bad.jsonl')}:3: record 2: eventTime "soon" is not a date`,
      expect.stringMatching(
        new RegExp(
          `^stance: ${join(dir, 'cut.json.gz').replace(/[.]/g, '\\.')}: truncated gzip \\(unexpected end of file\\) after (\\d+) event\\(s\\); the rest of the file is skipped$`,
        ),
      ),
      expect.stringMatching(/^stance: \d+ event\(s\) read, 3 skipped \(2 file\(s\) with problems\)$/),
    ]);
    const usedFromCut = Number(/after (\d+) event/.exec(stderr[2]!)![1]);
    expect(usedFromCut).toBeGreaterThan(0);
    const result = JSON.parse(bad.stdout);
    expect(result).toMatchObject({
      events: 3 + usedFromCut,
      skipped: 3,
      filesWithProblems: 2,
      rulesSkipped: 0,
    });
    expect(result.newSignals.map((s: SignalJson) => s.ruleId)).toContain('aws-ct-cloudtrail-stop-logging');
    const stored = JSON.parse(
      (await runStance(['signals', '--format', 'json', '--db', db])).stdout,
    ) as SignalJson[];
    expect(stored.map((s) => s.ruleId)).toContain('aws-ct-cloudtrail-stop-logging');

    // The file fixed: only the record that was bad is new; a clean run exits 0 with nothing on stderr.
    lines[1] = JSON.stringify(event(3));
    lines[2] = JSON.stringify(event(2));
    writeFileSync(join(dir, 'bad.jsonl'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'cut.json.gz'), cut);
    const fixed = await runStance(['detect', 'cloudtrail', '--files', dir, '--db', db]);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(
      new RegExp(
        // The two repaired sign-in failures predate the brute-force window of their address by hours:
        // their single-event rules run, the window counts them as too late.
        `^${5 + 400} event\\(s\\) read, ${2 + 400 - usedFromCut} matched a rule, ${3 + usedFromCut} duplicate\\(s\\) skipped(, 2 too late for windowed rules)?;`,
      ),
    );
  });

  it('rules: an unknown key is a warning and the rule loads; a rule that does not compile is skipped, the others run, exit 3', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(
      join(rules, 'ok.yaml'),
      'title: Stop\nname: stop\nsurprise: 1\nlogsource: {product: aws, service: cloudtrail}\ndetection: {s: {eventName: StopLogging}, condition: s}\n',
    );
    writeFileSync(
      join(rules, 'r.yaml'),
      'title: t\nid: r\nlogsource: {product: aws, service: cloudtrail}\ndetection: {s: {a|base64: x}, condition: s}\n',
    );
    const stop = event(30, {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventType: 'AwsApiCall',
    });
    writeFileSync(join(dir, 'e.json'), JSON.stringify({ Records: [stop] }));
    const out = await runStance([
      'detect',
      'cloudtrail',
      '--files',
      join(dir, 'e.json'),
      '--rules',
      rules,
      '--db',
      join(dir, 'db'),
      '--format',
      'json',
    ]);
    expect(out.code).toBe(3);
    expect(out.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^stance: warning: .*ok\.yaml: rule stop: unknown key 'surprise' \(ignored\)$/),
      expect.stringMatching(
        /^stance: .*r\.yaml: rule r: selection 's', field 'a\|base64': modifier 'base64' is not supported \(rule skipped\)$/,
      ),
      'stance: 1 event(s) read, 0 skipped (0 file(s) with problems); 1 rule(s) skipped',
    ]);
    expect(JSON.parse(out.stdout)).toMatchObject({
      rules: 1,
      rulesSkipped: 1,
      skipped: 0,
      newSignals: [{ ruleId: 'stop' }],
    });
    // No rule at all: a usage error.
    rmSync(join(rules, 'ok.yaml'));
    const none = await runStance([
      'detect',
      'cloudtrail',
      '--files',
      join(dir, 'e.json'),
      '--rules',
      rules,
      '--db',
      join(dir, 'db'),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no detection rules loaded/);
  });

  it('stance detect test passes for the bundled pack and fails for a broken rule', async () => {
    const ok = await runStance(['detect', 'test']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/(\d+)\/\1 test\(s\) passed/);
    const dir = tempDir();
    writeFileSync(
      join(dir, 'r.yaml'),
      'title: t\nid: r\nlogsource: {product: aws, service: cloudtrail}\ndetection: {s: {a|base64: x}, condition: s}\n',
    );
    const bad = await runStance(['detect', 'test', '--rules', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /r\.yaml: rule r: selection 's', field 'a\|base64': modifier 'base64' is not supported/,
    );
  });

  it('stance signals on a database last written before detection migrates it instead of failing in SQL', async () => {
    const db = join(tempDir(), 'old.db');
    const old = new Database(db);
    old.exec(MIGRATIONS[0] as string);
    old.exec(MIGRATIONS[1] as string);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    old.pragma('user_version = 2');
    old.close();
    const list = await runStance(['signals', '--db', db]);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('No signals match.\n');
    expect((await runStance(['signals', '--format', 'json', '--db', db])).stdout.trim()).toBe('[]');
    const check = new Database(db, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });
});
