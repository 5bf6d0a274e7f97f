#!/usr/bin/env node
// Workers benchmark (issue 14): one run of a target with many AWS accounts, served by a local fake
// AWS endpoint with injected latency per call (moto would measure itself), done by 1, 2 and 4
// `stance worker` processes against a throwaway PostgreSQL server. Reports jobs per minute and the
// scaling factor against one worker, with the machine's cores and load beside the numbers.
//   node bench/workers.mjs [--accounts 1000] [--latency 100] [--workers 1,2,4] [--small]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAws } from './lib/fake-aws.mjs';
import { startPostgres } from './lib/postgres.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'stance.js');
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const small = args.includes('--small');
const ACCOUNTS = Number(arg('--accounts', small ? 100 : 1000));
const LATENCY = Number(arg('--latency', 100));
const COUNTS = String(arg('--workers', small ? '1,2' : '1,2,4'))
  .split(',')
  .map(Number);

const hasWorker = spawnSync(process.execPath, [bin, 'worker', '--help'], { encoding: 'utf8' }).status === 0;
if (!hasWorker) {
  console.error('bench/workers.mjs: this build has no `stance worker` command yet; nothing measured');
  process.exit(0);
}

const accounts = Array.from({ length: ACCOUNTS }, (_, i) => String(200000000000 + i));
const fake = await startFakeAws({ accounts: accounts.map((id) => ({ id })), latencyMs: LATENCY });
const server = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), 'stance-bench-workers-'));
const config = join(dir, 'stance.yaml');
writeFileSync(
  config,
  [
    'targets:',
    '  - name: fleet',
    '    aws:',
    '      regions: [us-east-1]',
    '      services: [sqs]',
    '      roleArns:',
    ...accounts.map((a) => `        - arn:aws:iam::${a}:role/stance-audit`),
  ].join('\n') + '\n',
);
const env = { ...process.env, ...fake.env };

function stance(argv, db) {
  const run = spawnSync(process.execPath, [bin, ...argv, '--db', db], { env, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`stance ${argv.join(' ')}: exit ${run.status}: ${run.stderr.slice(-500)}`);
  return run.stdout;
}

async function waitFinished(schema, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await server.query(
      `SELECT count(*) FILTER (WHERE state = 'done')::int AS done, count(*)::int AS total FROM ${schema}.scan_jobs`,
    );
    if (row.total > 0 && row.done === row.total) return row.total;
    if (Date.now() > deadline) throw new Error(`timed out: ${row.done}/${row.total} jobs done`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const results = [];
try {
  for (const n of COUNTS) {
    const schema = `w${n}_${process.pid}`;
    const db = await server.schemaUrl(schema);
    stance(['jobs', 'enqueue', '--target', 'fleet', '--config', config], db);
    const load = loadavg()[0];
    const started = Date.now();
    const workers = Array.from({ length: n }, () =>
      spawn(process.execPath, [bin, 'worker', '--config', config, '--db', db], { env, stdio: 'ignore' }),
    );
    let jobs;
    try {
      jobs = await waitFinished(schema, 30 * 60_000);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
    }
    const seconds = (Date.now() - started) / 1000;
    const result = {
      bench: 'workers',
      workers: n,
      accounts: ACCOUNTS,
      jobs,
      latencyMs: LATENCY,
      seconds: Math.round(seconds * 10) / 10,
      jobsPerMinute: Math.round((jobs / seconds) * 60),
      cores: cpus().length,
      load1: Math.round(load * 100) / 100,
    };
    results.push(result);
    console.log(JSON.stringify(result));
  }
  const base = results[0];
  console.log('');
  console.log(`| workers | jobs | seconds | jobs/min | scaling vs ${base.workers} | load (1 min) |`);
  console.log('|---|---|---|---|---|---|');
  for (const r of results)
    console.log(
      `| ${r.workers} | ${r.jobs} | ${r.seconds} | ${r.jobsPerMinute} | ${(r.jobsPerMinute / base.jobsPerMinute).toFixed(2)}× | ${r.load1} |`,
    );
  console.log(
    `\n${cpus().length} cores; fake AWS latency ${LATENCY} ms per call; ${fake.state.calls} SQS calls answered`,
  );
} finally {
  await fake.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
