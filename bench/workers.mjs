#!/usr/bin/env node
// Workers benchmark (issue 14): one run of a target with many AWS accounts, served by a local fake
// AWS endpoint with injected latency per call (moto would measure itself), done by 1, 2 and 4
// `stance worker` processes against a throwaway PostgreSQL server. Reports jobs per minute and the
// scaling factor against one worker, with the machine's cores and load beside the numbers.
// Also reports the workers' CPU time (user+sys, read from /proc before they are stopped) per job,
// which shared-machine load disturbs less than wall time. `--profile DIR` runs each worker under
// `node --cpu-prof` into DIR (open the .cpuprofile files in Chrome DevTools).
//   node bench/workers.mjs [--accounts 1000] [--latency 100] [--workers 1,2,4] [--small] [--profile DIR]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const PROFILE = arg('--profile', undefined);
if (PROFILE) mkdirSync(PROFILE, { recursive: true });
const nodeArgs = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : [];

/** CPU seconds (user+sys) a running process has used so far, from /proc (Linux; 0 elsewhere). */
function statOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // after the command name: state, ppid, …; [11..14] utime, stime, cutime, cstime (100 ticks/s)
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
  } catch {
    return undefined;
  }
}
const cpuSeconds = (pid) => {
  const f = statOf(pid);
  return f ? (f[11] + f[12]) / 100 : 0;
};

/**
 * CPU seconds the PostgreSQL server has used so far: the postmaster, its live children (the
 * connections' backends) and the children that have exited (cutime/cstime).
 */
function serverCpuSeconds() {
  const pid = Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const own = statOf(pid);
  if (!own) return 0;
  let ticks = own[11] + own[12] + own[13] + own[14];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statOf(entry);
    if (f && f[1] === pid) ticks += f[11] + f[12];
  }
  return ticks / 100;
}

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
    const serverCpuBefore = serverCpuSeconds();
    const started = Date.now();
    const workers = Array.from({ length: n }, () =>
      spawn(process.execPath, [...nodeArgs, bin, 'worker', '--config', config, '--db', db], {
        env,
        stdio: 'ignore',
      }),
    );
    let jobs;
    let cpu = 0;
    let serverCpu = 0;
    try {
      jobs = await waitFinished(schema, 30 * 60_000);
      cpu = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0);
      serverCpu = serverCpuSeconds() - serverCpuBefore;
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
      workerCpuSeconds: Math.round(cpu * 10) / 10,
      cpuMsPerJob: Math.round((cpu / jobs) * 1000),
      postgresCpuSeconds: Math.round(serverCpu * 10) / 10,
      postgresCpuMsPerJob: Math.round((serverCpu / jobs) * 1000),
      cores: cpus().length,
      load1: Math.round(load * 100) / 100,
    };
    results.push(result);
    console.log(JSON.stringify(result));
    if (PROFILE)
      await Promise.all(
        workers.map((w) => new Promise((r) => (w.exitCode !== null ? r() : w.once('exit', r)))),
      );
  }
  const base = results[0];
  console.log('');
  console.log(
    `| workers | jobs | seconds | jobs/min | scaling vs ${base.workers} | worker CPU ms/job | PostgreSQL CPU ms/job | load (1 min) |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results)
    console.log(
      `| ${r.workers} | ${r.jobs} | ${r.seconds} | ${r.jobsPerMinute} | ${(r.jobsPerMinute / base.jobsPerMinute).toFixed(2)}× | ${r.cpuMsPerJob} | ${r.postgresCpuMsPerJob} | ${r.load1} |`,
    );
  console.log(
    `\n${cpus().length} cores; fake AWS latency ${LATENCY} ms per call; ${fake.state.calls} SQS calls answered`,
  );
} finally {
  await fake.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
