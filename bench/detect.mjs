#!/usr/bin/env node
// Detection benchmark: realistic CloudTrail traffic (bench/lib/cloudtrail.mjs: read-heavy API
// calls, console sign-ins, IAM changes, a dozen injected attacks) written as gzip files the way
// CloudTrail delivers them, then read by child processes, one after the other, over the same
// files: parse only (read, gunzip, parse, check each record), and the full bundled pack into a
// fresh database. Events/s and peak RSS side by side, at a tenth of the size and at full size, and
// whether the targets are met: the full pack at least half the parse-only throughput (judged both
// by wall clock and per CPU second of the child: on a shared, loaded machine wall clock swings by
// ±50%), and peak RSS at full size within 10% of that at a tenth ("flat": what a run holds does
// not grow with its input; large file inputs are evaluated in a worker thread with a capped young
// generation for this). Every injected attack must be detected.
//   node bench/detect.mjs [--events 1000000] [--small]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTACKS, generateTrail } from './lib/cloudtrail.mjs';

const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;

if (arg('--child')) {
  // Child: one measurement over the files of a directory.
  const mode = arg('--child');
  const dir = arg('--dir');
  const { cloudTrailEvents } = await import('stance');
  const started = performance.now();
  let events = 0;
  let skipped = 0;
  let thread;
  const byRule = {};
  if (mode === 'parse') {
    for await (const _ of cloudTrailEvents([dir], () => skipped++)) events++;
  } else {
    const { openStore, detect } = await import('stance');
    const store = await openStore(join(arg('--db')));
    const result = await detect(store, {
      source: { files: [dir] },
      rulesDirs: [join(here, '..', 'policies', 'detections')],
    });
    events = result.events;
    skipped = result.skipped;
    thread = result.evaluation?.thread;
    for (const s of result.newSignals) byRule[s.ruleId] = (byRule[s.ruleId] ?? 0) + 1;
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  // CPU time of this process: on a shared, loaded machine wall-clock throughput swings by ±50%.
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  const signals = Object.values(byRule).reduce((a, b) => a + b, 0);
  process.stdout.write(
    JSON.stringify({
      events,
      skipped,
      signals,
      thread,
      byRule,
      seconds,
      eventsPerSecond: Math.round(events / seconds),
      cpuSeconds: Math.round(cpuSeconds * 10) / 10,
      eventsPerCpuSecond: Math.round(events / cpuSeconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }) + '\n',
  );
  process.exit(0);
}

const small = args.includes('--small');
const TOTAL = Number(arg('--events') ?? (small ? 20_000 : 1_000_000));
const sizes = [Math.round(TOTAL / 10), TOTAL];

function measure(mode, dir, db) {
  const run = spawnSync(
    process.execPath,
    [join(here, 'detect.mjs'), '--child', mode, '--dir', dir, '--db', db],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

const k = (n) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n));
const work = mkdtempSync(join(tmpdir(), 'stance-bench-detect-'));
try {
  const rows = [];
  for (const size of sizes) {
    const dir = join(work, `events-${size}`);
    const genStart = performance.now();
    const { files, attackEvents } = generateTrail(dir, size, size);
    const generateSeconds = (performance.now() - genStart) / 1000;
    const parse = measure('parse', dir, join(work, 'unused.db'));
    const detect = measure('detect', dir, join(work, `detect-${size}.db`));
    if (parse.events !== size || detect.events !== size || parse.skipped || detect.skipped)
      throw new Error(`expected ${size} clean events, read ${parse.events} / ${detect.events}`);
    const missed = ATTACKS.filter((a) => !a.rules.every((r) => detect.byRule[r] > 0));
    rows.push({ size, parse, detect, missed });
    process.stdout.write(
      JSON.stringify({
        bench: 'detect',
        events: size,
        files,
        attackEvents,
        generateSeconds: Math.round(generateSeconds * 10) / 10,
        parseEventsPerSecond: parse.eventsPerSecond,
        detectEventsPerSecond: detect.eventsPerSecond,
        detectVsParse: Math.round((detect.eventsPerSecond / parse.eventsPerSecond) * 100) / 100,
        parseEventsPerCpuSecond: parse.eventsPerCpuSecond,
        detectEventsPerCpuSecond: detect.eventsPerCpuSecond,
        detectVsParseCpu: Math.round((detect.eventsPerCpuSecond / parse.eventsPerCpuSecond) * 100) / 100,
        parsePeakRssMb: parse.peakRssMb,
        detectPeakRssMb: detect.peakRssMb,
        detectThread: detect.thread,
        signals: detect.signals,
        attacksDetected: ATTACKS.length - missed.length,
        attacks: ATTACKS.length,
        signalsByRule: detect.byRule,
      }) + '\n',
    );
  }
  const [a, b] = rows;
  const ratio = b.detect.eventsPerSecond / b.parse.eventsPerSecond;
  const cpuRatio = b.detect.eventsPerCpuSecond / b.parse.eventsPerCpuSecond;
  const growth = b.detect.peakRssMb / a.detect.peakRssMb - 1;
  const pct = (x) => `${Math.round(x * 100)}%`;
  process.stdout.write(
    `\ndetect, ${k(b.size)} events (same files, same run):\n` +
      `  parse only  ${b.parse.eventsPerSecond} events/s, peak RSS ${b.parse.peakRssMb} MB (${a.parse.peakRssMb} MB at ${k(a.size)})\n` +
      `  full pack   ${b.detect.eventsPerSecond} events/s, peak RSS ${b.detect.peakRssMb} MB (${a.detect.peakRssMb} MB at ${k(a.size)}), ${b.detect.signals} signals\n` +
      `  per CPU second: parse only ${b.parse.eventsPerCpuSecond} events (${b.parse.cpuSeconds} s), full pack ${b.detect.eventsPerCpuSecond} events (${b.detect.cpuSeconds} s)\n` +
      `  target throughput >= 50% of parse only: wall clock ${pct(ratio)}: ${ratio >= 0.5 ? 'met' : 'NOT met'}; ` +
      `per CPU second ${pct(cpuRatio)}: ${cpuRatio >= 0.5 ? 'met' : 'NOT met'}\n` +
      `  target peak RSS at ${k(b.size)} within 10% of ${k(a.size)}: ${growth >= 0 ? '+' : ''}${pct(growth)}: ${growth <= 0.1 ? 'met' : 'NOT met'}\n` +
      rows
        .map(
          (r) =>
            `  injected attacks detected at ${k(r.size)}: ${ATTACKS.length - r.missed.length}/${ATTACKS.length}${r.missed.length ? ` (missed: ${r.missed.map((m) => m.name).join('; ')})` : ''}\n`,
        )
        .join(''),
  );
  if (rows.some((r) => r.missed.length)) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
