import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { record } from '../detect/helpers.js';
import { repoRoot, runStance, stanceBin, tempDir } from '../helpers/cli.js';

/**
 * Hostile input to `stance detect`: events dated in the future, a gzip file that expands to one
 * huge record, regular expressions built to backtrack, directories with loops, dangling links and
 * unreadable files. Each is generated here; each run is bounded in time (and memory where it matters).
 */

const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A StopLogging call of alice's at `time`, fields overridden as given. */
const event = (time: number, overrides: Record<string, unknown> = {}) =>
  record({
    eventTime: iso(time),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    requestParameters: { name: 'main' },
    ...overrides,
  });

const jsonl = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set of the CLI process, MB. */
  peakRssMb: number;
}

/** Runs the CLI with a time limit (killed past it) and records its peak RSS. */
async function stance(args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<Run> {
  const work = tempDir('stance-hostile-rss-');
  const rssFile = join(work, 'rss');
  const preload = join(work, 'rss.mjs');
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', preload, stanceBin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, CI: 'true' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(opts.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const ms = Date.now() - started;
  const peakRssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  return { code, stdout, stderr, ms, peakRssMb };
}

interface SignalJson {
  ruleId: string;
  count: number;
  eventIds: string[];
}

async function signals(db: string): Promise<SignalJson[]> {
  const out = await runStance(['signals', '--format', 'json', '--db', db]);
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as SignalJson[];
}

const eventIdsOf = (list: SignalJson[]) => list.flatMap((s) => s.eventIds).sort();

const readable = (path: string) => {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * A file the CLI cannot read. chmod 000 stops everyone but root; as root (CI), a link to a
 * write-only kernel setting, which the kernel refuses to open for reading even to root.
 */
function unreadableFile(path: string): void {
  writeFileSync(path, '{}\n');
  chmodSync(path, 0o000);
  if (!readable(path)) return;
  rmSync(path);
  symlinkSync('/proc/sys/vm/compact_memory', path);
  if (readable(path)) throw new Error(`cannot make an unreadable file here (${path})`);
}

describe('hostile detection input', () => {
  it('an event dated 2099 is bad input (reported, skipped, exit 3) and does not switch detection off', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const now = Date.now();
    const future = event(Date.UTC(2099, 0, 1));
    const real = [event(now - 3 * HOUR), event(now - 2 * HOUR)];
    writeFileSync(join(dir, 'a.jsonl'), jsonl(future, ...real));
    const first = await stance(['detect', 'cloudtrail', '--files', join(dir, 'a.jsonl'), '--db', db]);
    expect(first.code).toBe(3);
    expect(first.stderr).toContain(
      `stance: ${join(dir, 'a.jsonl')}:1: record 0: eventTime "2099-01-01T00:00:00Z" is in the future (more than 15m ahead of the clock)\n`,
    );
    expect(eventIdsOf(await signals(db))).toEqual(real.map((e) => e.eventID).sort());
    // The watermark stays at or before now + the skew allowance.
    const sqlite = new Database(db, { readonly: true });
    const watermark = Number(
      JSON.parse(
        (sqlite.prepare("SELECT value FROM detect_state WHERE key = 'watermark'").get() as { value: string })
          .value,
      ),
    );
    sqlite.close();
    expect(watermark).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    // Later real events are still detected.
    const later = event(now - HOUR);
    const second = await stance(['detect', 'cloudtrail', '--files', '-', '--db', db], {
      input: jsonl(later),
    });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/too old|too late/);
    expect(eventIdsOf(await signals(db))).toEqual([...real, later].map((e) => e.eventID).sort());
  }, 120_000);

  it('a 50 MB record in a small gzip: skipped fast with a bounded memory (exit 3), the other files read', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const files = join(dir, 'trail');
    mkdirSync(files);
    const huge = event(Date.now() - HOUR, { requestParameters: { pad: 'a'.repeat(50_000_000) } });
    const zipped = gzipSync(JSON.stringify({ Records: [huge] }), { level: 9 });
    expect(zipped.length).toBeLessThan(100_000);
    writeFileSync(join(files, 'huge.json.gz'), zipped);
    const good = event(Date.now() - HOUR);
    writeFileSync(join(files, 'good.jsonl'), jsonl(good));
    const run = await stance(['detect', 'cloudtrail', '--files', files, '--db', db], { timeoutMs: 45_000 });
    expect(run.code).toBe(3);
    expect(run.ms).toBeLessThan(20_000);
    expect(run.peakRssMb).toBeLessThan(400);
    expect(run.stderr).toContain(
      `stance: ${join(files, 'huge.json.gz')}:1: record 0: record larger than 4 MiB (the limit for one record); skipped`,
    );
    expect(eventIdsOf(await signals(db))).toEqual([good.eventID]);
  }, 120_000);

  it('a large trail read in the detection worker: a broken record, a future event and an oversized record midway are each reported with file:line (exit 3, no stack trace), the rest detected', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const file = join(dir, 'trail.jsonl');
    const start = Date.now() - 20 * HOUR;
    const pad = 'p'.repeat(1500);
    const good = Array.from({ length: 6000 }, (_, i) =>
      event(start + i * 10_000, { requestParameters: { name: 'main', pad } }),
    );
    const lines = good.map((e) => JSON.stringify(e));
    // Past 8 MiB of input, detection parses and evaluates in a worker thread.
    lines.splice(3000, 0, '{"eventID": "cut short", "eventTime": ');
    lines.splice(4000, 0, JSON.stringify(event(Date.UTC(2099, 0, 1))));
    lines.splice(
      5000,
      0,
      JSON.stringify(event(start, { requestParameters: { pad: 'x'.repeat(5_000_000) } })),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    const run = await stance(['detect', 'cloudtrail', '--files', file, '--db', db, '--format', 'json'], {
      timeoutMs: 110_000,
    });
    expect(run.stderr).toBe(
      [
        `stance: ${file}:3001: record 3000: invalid JSON: the record is not complete`,
        `stance: ${file}:4001: record 4000: eventTime "2099-01-01T00:00:00Z" is in the future (more than 15m ahead of the clock)`,
        `stance: ${file}:5001: record 5000: record larger than 4 MiB (the limit for one record); skipped`,
        'stance: 6000 event(s) read, 3 skipped (1 file(s) with problems)',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout) as {
      events: number;
      skipped: number;
      evaluation: { thread: string };
    };
    expect(result).toMatchObject({ events: 6000, skipped: 3, evaluation: { thread: 'worker' } });
    const stored = await signals(db);
    expect(stored.reduce((n, s) => n + s.count, 0)).toBe(6000);
    expect(run.peakRssMb).toBeLessThan(1000);
  }, 150_000);

  it('the database stays writable by other commands while detection reads its input', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const child = spawn(process.execPath, [stanceBin, 'detect', 'cloudtrail', '--files', '-', '--db', db], {
      cwd: repoRoot,
      env: { ...process.env, CI: 'true' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    const first = event(Date.now() - 2 * HOUR);
    child.stdin.write(jsonl(first));
    // Wait until the detection process has the database open (and, before the fix, its write lock).
    const deadline = Date.now() + 30_000;
    const hasDb = () => {
      try {
        return readdirSync(`/proc/${child.pid}/fd`).some((fd) => {
          try {
            return readlinkSync(`/proc/${child.pid}/fd/${fd}`) === db;
          } catch {
            return false;
          }
        });
      } catch {
        return false;
      }
    };
    while (!hasDb() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(hasDb()).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    const mute = await runStance(
      [
        'mute',
        'add',
        '--rule',
        'aws-ec2-sg-admin-port-open-ipv4',
        '--reason',
        'drill',
        '--author',
        'ana',
        '--db',
        db,
      ],
      { env: { STANCE_DB_BUSY_TIMEOUT_MS: '3000' } },
    );
    expect(mute.stderr).toBe('');
    expect(mute.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    const second = event(Date.now() - HOUR);
    child.stdin.end(jsonl(second));
    expect(await closed).toBe(0);
    expect(stderr).toBe('');
    expect(eventIdsOf(await signals(db))).toEqual([first.eventID, second.eventID].sort());
  }, 120_000);

  it('a rule regular expression built to backtrack (^(a+)+$) finishes quickly; a lookahead rule is refused by name', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    const rule = (name: string, pattern: string) =>
      `title: ${name}\nname: ${name}\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s:\n    userAgent|re: '${pattern}'\n  condition: s\nlevel: high\n`;
    writeFileSync(join(rules, 'backtrack.yaml'), rule('backtrack', '^(a+)+$'));
    writeFileSync(join(rules, 'look.yaml'), rule('look', 'aws(?=-cli)'));
    writeFileSync(join(rules, 'plain.yaml'), rule('plain', '^aaa'));
    const ev = event(Date.now() - HOUR, { userAgent: 'a'.repeat(50_000) + 'b' });
    const run = await stance(['detect', 'cloudtrail', '--files', '-', '--rules', rules, '--db', db], {
      input: jsonl(ev),
      timeoutMs: 45_000,
    });
    expect(run.ms).toBeLessThan(20_000);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /stance: .*look\.yaml: rule look: selection 's', field 'userAgent\|re': regular expression "aws\(\?=-cli\)" uses a lookahead \(\?=\.\.\.\).* \(rule skipped\)/,
    );
    expect((await signals(db)).map((s) => s.ruleId)).toEqual(['plain']);
  }, 120_000);

  it('an input directory with a symlink loop, a dangling link and an unreadable file: each reported, the good files read (exit 3)', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const files = join(dir, 'trail');
    mkdirSync(join(files, 'sub'), { recursive: true });
    const good = [event(Date.now() - 2 * HOUR), event(Date.now() - HOUR)];
    writeFileSync(join(files, 'a.jsonl'), jsonl(good[0]!));
    writeFileSync(join(files, 'sub', 'b.jsonl'), jsonl(good[1]!));
    symlinkSync('..', join(files, 'sub', 'loop'));
    symlinkSync('self.json', join(files, 'self.json'));
    symlinkSync(join(dir, 'missing.json'), join(files, 'dangling.json'));
    unreadableFile(join(files, 'locked.json'));
    const run = await stance(['detect', 'cloudtrail', '--files', files, '--db', db], { timeoutMs: 45_000 });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`stance: ${join(files, 'dangling.json')}: dangling symbolic link`);
    expect(run.stderr).toContain(`stance: ${join(files, 'self.json')}: symbolic link loop`);
    expect(run.stderr).toContain(
      `stance: ${join(files, 'sub', 'loop')}: symbolic link loop (leads back to a directory above it); skipped`,
    );
    expect(run.stderr).toContain(`stance: ${join(files, 'locked.json')}: permission denied`);
    expect(eventIdsOf(await signals(db))).toEqual(good.map((e) => e.eventID).sort());
  }, 120_000);

  it('a rules directory with a loop, a dangling link, an unreadable file and a YAML alias bomb: each reported, the good rules run (exit 3)', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(
      join(rules, 'stop.yaml'),
      'title: Stop\nname: stop\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {eventName: StopLogging}\n  condition: s\nlevel: high\n',
    );
    symlinkSync('.', join(rules, 'loop'));
    symlinkSync('missing.yaml', join(rules, 'dangling.yaml'));
    unreadableFile(join(rules, 'locked.yaml'));
    const levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    writeFileSync(join(rules, 'bomb.yaml'), levels.join('\n') + '\n');
    const ev = event(Date.now() - HOUR);
    const run = await stance(['detect', 'cloudtrail', '--files', '-', '--rules', rules, '--db', db], {
      input: jsonl(ev),
      timeoutMs: 45_000,
    });
    expect(run.code).toBe(3);
    expect(run.peakRssMb).toBeLessThan(400);
    const rel = (name: string) => relative(repoRoot, join(rules, name));
    expect(run.stderr).toContain(`${rel('dangling.yaml')}: dangling symbolic link`);
    expect(run.stderr).toContain(
      `${rel('loop')}: symbolic link loop (leads back to a directory above it) (skipped)`,
    );
    expect(run.stderr).toContain(`${rel('locked.yaml')}: permission denied`);
    expect(run.stderr).toMatch(/bomb\.yaml.*alias/i);
    expect((await signals(db)).map((s) => s.ruleId)).toEqual(['stop']);
  }, 120_000);
});
