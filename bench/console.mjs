#!/usr/bin/env node
// Console benchmark: the report benchmark's estate (100k resources, 15 months of daily history;
// bench/lib/history-estate.mjs) in SQLite and in PostgreSQL, served by the console server, then
// the overview and findings API calls timed over HTTP: cold (the data changed just before each
// call, as after a scan, so the answer is computed: what a user gets on the first load after a
// scan) and warm (the same call again on unchanged data: the kept answer), p50 and p95 of each,
// with the CPU each cold call cost this process (server and client) and, on PostgreSQL, the
// database server's processes.
//   node bench/console.mjs [--resources 100000] [--small] [--only sqlite|postgres] [--rounds 20]
//                          [--sqlite-file F]  (keep the SQLite estate in F; an existing F is reused)
//                          [--calls TEXT]  (only the calls whose label contains TEXT, e.g. "overview")
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { openStore, policyBundle } from 'stance';
import { startServer } from '../dist/serve/server.js';
import { buildHistory } from './lib/history-estate.mjs';
import { postgresAvailability, startPostgres } from './lib/postgres.mjs';

const args = process.argv.slice(2);
const small = args.includes('--small');
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const N = Number(arg('--resources', small ? 2000 : 100_000));
const DAYS = small ? 30 : 456;
const ROUNDS = Number(arg('--rounds', small ? 5 : 20));
const only = arg('--only', undefined);
const end = Date.UTC(2026, 10, 20);
const bundle = policyBundle();

const ASOF = new Date(end - 30 * 86_400_000).toISOString();
const YEAR_AGO = new Date(end - 365 * 86_400_000).toISOString();
const ALL_CALLS = [
  ['overview', '/api/overview'],
  ['overview as of 30 days ago', `/api/overview?asOf=${ASOF}`],
  ['overview as of a year ago', `/api/overview?asOf=${YEAR_AGO}`],
  ['findings (first page)', '/api/findings'],
  ['findings failing, high+', '/api/findings?status=fail&severity=high'],
  ['findings by framework, sorted by resource', '/api/findings?framework=cis-aws-7.0.0&sort=resource&page=3'],
  ['findings search', '/api/findings?q=user-4242'],
  ['findings search, failing', '/api/findings?q=fails&status=fail&sort=name'],
  ['findings page 50', '/api/findings?page=50'],
  ['findings region, page 100', '/api/findings?region=eu-west-1&page=100&pageSize=100'],
  ['findings as of 30 days ago', `/api/findings?status=fail&asOf=${ASOF}`],
];
const CALLS = ALL_CALLS.filter(([label]) => label.includes(arg('--calls', '')));

/** CPU (user+sys, ms) of a PostgreSQL server's processes: the postmaster and its children. */
function postgresCpuMs(dataDir) {
  if (!dataDir) return 0;
  const root = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid === root || ppid === root) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10; // USER_HZ = 100
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(url) {
  const s = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - s;
}

async function run(backend, location, dataDir, reuse = false) {
  const store = await openStore(location);
  await store.rules.sync(bundle.manifest.rules);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  if (!reuse)
    await buildHistory(store, { resources: N, days: DAYS, bundleVersion: bundle.manifest.version, end });
  const setupMs = Math.round(performance.now() - t0);
  const setup = process.cpuUsage(c0);
  process.stderr.write(
    `${backend}: estate ${reuse ? 'reused' : 'written'} in ${setupMs} ms, this process's CPU ${Math.round((setup.user + setup.system) / 1000)} ms\n`,
  );
  const server = await startServer({
    store,
    host: '127.0.0.1',
    port: 0,
    now: () => new Date(end + 3600_000),
  });
  const rows = [];
  // a new data version: every cached answer is recomputed on the next call
  // (a mute that silences nothing, kept: the data version counts mutes)
  const touch = async () => {
    await store.mutes.add({
      ruleId: 'aws-iam-user-console-without-mfa',
      resourcePattern: 'bench-nothing',
      account: null,
      region: null,
      tagKey: null,
      tagValue: null,
      reason: 'bench',
      author: null,
      createdAt: new Date(end),
      expiresAt: null,
    });
  };
  try {
    // the process's one-time loads (frameworks, rules), as a running console has them
    await time(new URL('/api/frameworks', server.url));
    for (const [label, path] of CALLS) {
      const url = new URL(path, server.url);
      const fresh = [];
      const cpu = [];
      const dbCpu = [];
      for (let i = 0; i < ROUNDS; i++) {
        await touch();
        const c0 = process.cpuUsage();
        const d0 = postgresCpuMs(dataDir);
        fresh.push(await time(url));
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        dbCpu.push(postgresCpuMs(dataDir) - d0);
      }
      const cached = [];
      for (let i = 0; i < ROUNDS; i++) cached.push(await time(url));
      for (const list of [fresh, cached, cpu, dbCpu]) list.sort((a, b) => a - b);
      const r = {
        backend,
        call: label,
        path,
        coldP50Ms: Math.round(percentile(fresh, 50)),
        coldP95Ms: Math.round(percentile(fresh, 95)),
        coldCpuP50Ms: Math.round(percentile(cpu, 50)),
        coldCpuP95Ms: Math.round(percentile(cpu, 95)),
        ...(dataDir
          ? { dbCpuP50Ms: Math.round(percentile(dbCpu, 50)), dbCpuP95Ms: Math.round(percentile(dbCpu, 95)) }
          : {}),
        warmP50Ms: Math.round(percentile(cached, 50)),
        warmP95Ms: Math.round(percentile(cached, 95)),
        load: loadavg()[0].toFixed(2),
      };
      rows.push(r);
      process.stderr.write(`${JSON.stringify(r)}\n`);
    }
  } finally {
    await server.close();
    await store.close();
  }
  return { setupMs, rows };
}

const results = [];
if (!only || only === 'sqlite') {
  const kept = arg('--sqlite-file', undefined);
  if (kept) results.push({ backend: 'sqlite', ...(await run('sqlite', kept, undefined, existsSync(kept))) });
  else {
    const dir = mkdtempSync(join(tmpdir(), 'stance-bench-console-'));
    try {
      results.push({ backend: 'sqlite', ...(await run('sqlite', join(dir, 'console.db'))) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
if (!only || only === 'postgres') {
  const availability = postgresAvailability();
  if (!availability.ok) process.stderr.write(`postgres skipped: ${availability.reason}\n`);
  else {
    const pg = await startPostgres();
    try {
      results.push({
        backend: 'postgres',
        ...(await run('postgres', await pg.databaseUrl(), pg.dataDir)),
      });
    } finally {
      await pg.stop();
    }
  }
}
process.stdout.write(
  JSON.stringify({ bench: 'console', resources: N, days: DAYS, rounds: ROUNDS, results }) + '\n',
);
