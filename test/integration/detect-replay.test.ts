import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { repoRoot, runStance, tempDir } from '../helpers/cli.js';

const SAMPLES = join(repoRoot, 'samples', 'cloudtrail');
const PACK = join(repoRoot, 'policies', 'detections');

/** Every row of the tables a detection run writes, as text: equal dumps mean an unchanged database. */
function dump(db: string): string {
  const conn = new Database(db, { readonly: true });
  try {
    return [
      'signals',
      'signal_history',
      'detect_state',
      'detect_events',
      'detect_checkpoints',
      'outbox',
      'suppressions',
    ]
      .map(
        (t) =>
          `${t}: ${JSON.stringify(
            conn
              .prepare(`SELECT * FROM ${t}`)
              .all()
              .map((row) => JSON.stringify(row))
              .sort(),
          )}`,
      )
      .join('\n');
  } finally {
    conn.close();
  }
}

interface ReplayJson {
  events: number;
  replayed: number;
  afterUntil: number;
  beforeSince: number;
  signals: { wouldRaise: number; current: number };
  rows: { ruleId: string; day: string; candidate: { signals: number }; current: { signals: number } }[];
}

describe('stance detect replay and stats (backtesting)', () => {
  it('replays the bundled sample logs from a fresh clone: per rule and day, nothing stored', async () => {
    const dir = tempDir('stance-replay-');
    const db = join(dir, 's.db');
    // A real database whose watermark is past every sample event: a normal run finds them all seen or late.
    const live = await runStance([
      '--db',
      db,
      'detect',
      'cloudtrail',
      '--files',
      SAMPLES,
      '--format',
      'json',
    ]);
    expect(live.code, live.stderr).toBe(0);
    const liveSignals = (JSON.parse(live.stdout) as { newSignals: unknown[] }).newSignals.length;
    expect(liveSignals).toBeGreaterThan(10);
    const before = dump(db);

    const replay = await runStance(['--db', db, 'detect', 'replay', '--files', SAMPLES, '--format', 'json']);
    expect(replay.code, replay.stderr).toBe(0);
    const out = JSON.parse(replay.stdout) as ReplayJson;
    expect(out.events).toBe(6000);
    expect(out.signals.wouldRaise).toBe(liveSignals);
    expect(out.signals.current).toBe(liveSignals);
    const rules = new Set(out.rows.map((r) => r.ruleId));
    for (const id of [
      'aws-ct-console-login-brute-force',
      'aws-ct-impossible-travel-console',
      'aws-ct-seq-key-enumeration-privilege-change',
    ])
      expect(rules, id).toContain(id);
    expect(out.rows.find((r) => r.ruleId === 'aws-ct-impossible-travel-console')!.day).toBe('2026-03-11');
    expect(dump(db)).toBe(before);

    const table = await runStance(['--db', db, 'detect', 'replay', '--files', SAMPLES]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /6000 event\(s\) replayed of 6000 read; would raise \d+ signal\(s\), the current pack \d+/,
    );
    expect(table.stdout).toMatch(/2026-03-09\s+aws-ct-console-login-brute-force\s+1 \(25 ev\)\s+1 \(25 ev\)/);
    expect(dump(db)).toBe(before);
  });

  it('compares a changed pack with the current one, limited to a time range and to named rules', async () => {
    const dir = tempDir('stance-replay-');
    const changed = join(dir, 'pack');
    cpSync(PACK, changed, { recursive: true });
    // Tuning: the brute-force threshold raised above what the sample's attack reaches.
    const file = join(changed, 'console-login-brute-force.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/gte: 10/);
    writeFileSync(file, text.replace(/gte: 10/, 'gte: 50'));
    const r = await runStance([
      '--db',
      join(dir, 'none.db'),
      'detect',
      'replay',
      '--files',
      SAMPLES,
      '--rules',
      changed,
      '--since',
      '2026-03-09',
      '--until',
      '2026-03-10',
      '--rule',
      'aws-ct-console-login-brute-force',
      '--rule',
      'aws-ct-cloudtrail-stop-logging',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ReplayJson;
    expect(out.beforeSince + out.afterUntil + out.replayed).toBe(6000);
    expect(out.replayed).toBeLessThan(1000);
    expect(out.rows.map((x) => [x.day, x.ruleId, x.candidate.signals, x.current.signals])).toEqual([
      ['2026-03-09', 'aws-ct-cloudtrail-stop-logging', 1, 1],
      ['2026-03-09', 'aws-ct-console-login-brute-force', 0, 1],
    ]);
    const table = await runStance(
      [
        'detect',
        'replay',
        '--files',
        SAMPLES,
        '--rules',
        changed,
        '--rule',
        'aws-ct-console-login-brute-force',
      ],
      { cwd: dir },
    );
    expect(table.stdout).toMatch(/aws-ct-console-login-brute-force\s+-\s+1 \(25 ev\)\s+-1/);
  });

  it('refuses bad usage with exit 2 and a one-line message', async () => {
    const dir = tempDir('stance-replay-');
    const none = await runStance(['detect', 'replay'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give exactly one source/);
    const rule = await runStance(['detect', 'replay', '--files', SAMPLES, '--rule', 'no-such-rule'], {
      cwd: dir,
    });
    expect(rule.code).toBe(2);
    expect(rule.stderr).toMatch(/--rule no-such-rule: no such rule in the replayed pack/);
    const range = await runStance(
      ['detect', 'replay', '--files', SAMPLES, '--since', '2026-03-10', '--until', '2026-03-09'],
      { cwd: dir },
    );
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/--until must be after --since/);
  });

  it('stats: signals per rule over time, noisiest first, with false positives', async () => {
    const dir = tempDir('stance-stats-');
    const db = join(dir, 's.db');
    expect((await runStance(['--db', db, 'detect', 'cloudtrail', '--files', SAMPLES])).code).toBe(0);
    const conn = new Database(db);
    const id = (
      conn.prepare("SELECT id FROM signals WHERE rule_id = 'aws-ct-impossible-travel-console'").get() as {
        id: number;
      }
    ).id;
    conn.close();
    expect(
      (
        await runStance([
          '--db',
          db,
          'signals',
          'set',
          String(id),
          '--state',
          'false_positive',
          '--note',
          'VPN',
        ])
      ).code,
    ).toBe(0);
    const json = await runStance(['--db', db, 'detect', 'stats', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const stats = JSON.parse(json.stdout) as {
      rules: { ruleId: string; signals: number; falsePositives: number; days: number }[];
      days: { ruleId: string; day: string; signals: number }[];
    };
    expect(stats.rules[0]!.signals).toBeGreaterThanOrEqual(stats.rules[stats.rules.length - 1]!.signals);
    expect(stats.rules.find((r) => r.ruleId === 'aws-ct-impossible-travel-console')).toMatchObject({
      signals: 1,
      falsePositives: 1,
      days: 1,
    });
    expect(
      stats.rules.find((r) => r.ruleId === 'aws-ct-console-login-success-after-failure')!.days,
    ).toBeGreaterThan(1);
    const table = await runStance([
      '--db',
      db,
      'detect',
      'stats',
      '--by-day',
      '--since',
      '2026-03-11',
      '--until',
      '2026-03-12',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/signals per rule, 2026-03-11 to 2026-03-11/);
    expect(table.stdout).toMatch(/2026-03-11\s+aws-ct-impossible-travel-console\s+1\s+1\s+1/);
    expect(table.stdout).not.toMatch(/2026-03-09/);
  });
});
