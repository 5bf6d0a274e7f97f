#!/usr/bin/env node
// Console benchmark: the report benchmark's estate (100k resources, 15 months of daily history;
// bench/lib/history-estate.mjs) in SQLite and in PostgreSQL, served by the console server, then
// the overview and findings API calls timed over HTTP: computed (the data changed just before
// each call, so nothing cached answers) and cached (unchanged data), p50 and p95 of each.
//   node bench/console.mjs [--resources 100000] [--small] [--only sqlite|postgres] [--rounds 20]
import { mkdtempSync, rmSync } from 'node:fs';
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

const CALLS = [
  ['overview', '/api/overview'],
  ['findings (first page)', '/api/findings'],
  ['findings failing, high+', '/api/findings?status=fail&severity=high'],
  ['findings by framework, sorted by resource', '/api/findings?framework=cis-aws-7.0.0&sort=resource&page=3'],
  ['findings search', '/api/findings?q=user-4242'],
  ['findings region, page 100', '/api/findings?region=eu-west-1&page=100&pageSize=100'],
];

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(url) {
  const s = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - s;
}

async function run(backend, location) {
  const store = await openStore(location);
  await store.rules.sync(bundle.manifest.rules);
  const t0 = performance.now();
  await buildHistory(store, { resources: N, days: DAYS, bundleVersion: bundle.manifest.version, end });
  const setupMs = Math.round(performance.now() - t0);
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
      for (let i = 0; i < ROUNDS; i++) {
        await touch();
        fresh.push(await time(url));
      }
      const cached = [];
      for (let i = 0; i < ROUNDS; i++) cached.push(await time(url));
      fresh.sort((a, b) => a - b);
      cached.sort((a, b) => a - b);
      const r = {
        backend,
        call: label,
        path,
        computedP50Ms: Math.round(percentile(fresh, 50)),
        computedP95Ms: Math.round(percentile(fresh, 95)),
        cachedP50Ms: Math.round(percentile(cached, 50)),
        cachedP95Ms: Math.round(percentile(cached, 95)),
        load: loadavg()[0].toFixed(2),
      };
      rows.push(r);
      process.stderr.write(
        `${backend} ${label}: computed p50 ${r.computedP50Ms} ms, p95 ${r.computedP95Ms} ms; cached p50 ${r.cachedP50Ms} ms, p95 ${r.cachedP95Ms} ms (load ${r.load})\n`,
      );
    }
  } finally {
    await server.close();
    await store.close();
  }
  return { setupMs, rows };
}

const results = [];
if (!only || only === 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'stance-bench-console-'));
  try {
    results.push({ backend: 'sqlite', ...(await run('sqlite', join(dir, 'console.db'))) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!only || only === 'postgres') {
  const availability = postgresAvailability();
  if (!availability.ok) process.stderr.write(`postgres skipped: ${availability.reason}\n`);
  else {
    const pg = await startPostgres();
    try {
      results.push({ backend: 'postgres', ...(await run('postgres', await pg.databaseUrl())) });
    } finally {
      await pg.stop();
    }
  }
}
process.stdout.write(
  JSON.stringify({ bench: 'console', resources: N, days: DAYS, rounds: ROUNDS, results }) + '\n',
);
