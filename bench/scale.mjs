#!/usr/bin/env node
// Scale benchmark: the CLI scanning a generated snapshot (`stance scan --snapshot`), on SQLite and on
// PostgreSQL: a first scan, an unchanged rescan (the same snapshot) and a rescan with 1% of the
// resources changed. Wall time and peak RSS of each run; database size.
//   node bench/scale.mjs [--resources 100000] [--backends sqlite,postgres] [--small]
// PostgreSQL: a throwaway server (bench/lib/postgres.mjs); without PostgreSQL installed that backend
// is skipped with a message, unless CI=true, where it is an error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSnapshot } from './lib/inventory.mjs';
import { postgresAvailability, startPostgres } from './lib/postgres.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const small = args.includes('--small');
const N = Number(value('--resources', small ? 2000 : 100_000));
const backends = value('--backends', 'sqlite,postgres').split(',');

/** The same inventory with 1% of the resources changed: a configuration field and a tag. */
function changed(snapshot) {
  const next = JSON.parse(JSON.stringify(snapshot));
  next.collectedAt = new Date(Date.parse(snapshot.collectedAt) + 60_000).toISOString();
  next.resources.forEach((r, i) => {
    if (i % 100 !== 7) return;
    r.tags = { ...r.tags, 'bench-revision': '1' };
    r.config = { ...r.config, BenchRevision: 1 };
  });
  return next;
}

function scan(file, db) {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      join(here, 'lib', 'maxrss.mjs'),
      join(root, 'bin', 'stance.js'),
      'scan',
      '--snapshot',
      file,
      '--db',
      db,
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, STANCE_DB: '' } },
  );
  const ms = Math.round(performance.now() - started);
  if (run.status !== 0) throw new Error(`stance scan exited ${run.status}: ${run.stderr.slice(-2000)}`);
  const rss = /STANCE_BENCH_MAXRSS_KB (\d+)/.exec(run.stderr);
  const cpu = /STANCE_BENCH_CPU_US (\d+)/.exec(run.stderr);
  return {
    ms,
    peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null,
    cpuMs: cpu ? Math.round(Number(cpu[1]) / 1000) : null,
    // the machine's load average at the end of the run (benchmarks on a shared machine)
    load: Number(loadavg()[0].toFixed(1)),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'stance-bench-scale-'));
let server;
try {
  const first = generateSnapshot({ resources: N, seed: 11, mix: true });
  const files = [join(dir, 'first.json'), join(dir, 'changed.json')];
  writeFileSync(files[0], JSON.stringify(first));
  writeFileSync(files[1], JSON.stringify(changed(first)));
  for (const backend of backends) {
    let db;
    let size;
    if (backend === 'sqlite') {
      db = join(dir, 'bench.db');
      size = () => statSync(db).size + (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    } else if (backend === 'postgres') {
      const availability = postgresAvailability();
      if (!availability.ok) {
        if (process.env.CI === 'true') throw new Error(availability.reason);
        process.stderr.write(`scale: PostgreSQL skipped: ${availability.reason}\n`);
        continue;
      }
      server ??= await startPostgres();
      db = await server.databaseUrl('bench');
      size = async () => Number((await server.query("SELECT pg_database_size('bench') AS n"))[0].n);
    } else throw new Error(`unknown backend ${backend} (sqlite, postgres)`);
    const firstScan = scan(files[0], db);
    const unchanged = scan(files[0], db);
    const changedScan = scan(files[1], db);
    const result = {
      bench: 'scale',
      backend,
      resources: first.resources.length,
      firstScanMs: firstScan.ms,
      firstScanCpuMs: firstScan.cpuMs,
      firstScanPeakRssMb: firstScan.peakRssMb,
      firstScanLoad: firstScan.load,
      unchangedRescanMs: unchanged.ms,
      unchangedRescanCpuMs: unchanged.cpuMs,
      unchangedRescanPeakRssMb: unchanged.peakRssMb,
      unchangedRescanLoad: unchanged.load,
      unchangedShareOfFirst: Number((unchanged.ms / firstScan.ms).toFixed(3)),
      unchangedCpuShareOfFirst: Number((unchanged.cpuMs / firstScan.cpuMs).toFixed(3)),
      changed1pctRescanMs: changedScan.ms,
      changed1pctRescanCpuMs: changedScan.cpuMs,
      changed1pctRescanPeakRssMb: changedScan.peakRssMb,
      changed1pctRescanLoad: changedScan.load,
      dbBytes: await size(),
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    process.stderr.write(
      `scale (${backend}): ${result.resources} resources: first scan ${firstScan.ms} ms, ${firstScan.cpuMs} ms CPU (${firstScan.peakRssMb} MB), ` +
        `unchanged rescan ${unchanged.ms} ms, ${unchanged.cpuMs} ms CPU (${unchanged.peakRssMb} MB, ${(result.unchangedShareOfFirst * 100).toFixed(0)}% of first), ` +
        `1% changed ${changedScan.ms} ms, ${changedScan.cpuMs} ms CPU (${changedScan.peakRssMb} MB)\n`,
    );
  }
} finally {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
