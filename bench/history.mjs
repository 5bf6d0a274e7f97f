#!/usr/bin/env node
// History benchmark: 15 months of 15-minute scans (~43,800) of 10k resources with realistic churn,
// written through the store's own API (recordScopeDelta: the same write path as full scope runs,
// fed with the churn directly), then checked against ~500 full pipeline-shaped scans
// (recordScopeRun with the complete listing). Reports database size, "as of" latency at several
// dates, and prune time.
//   node bench/history.mjs [--resources 10000] [--months 15] [--small] [--backend sqlite|postgres]
//     [--step-minutes 15] [--full-scans 500]
// --backend postgres writes into a throwaway PostgreSQL server (bench/lib/postgres.mjs).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutoffFor, openStore } from 'stance';
import { startPostgres } from './lib/postgres.mjs';
import { prng } from './lib/inventory.mjs';

const args = process.argv.slice(2);
const small = args.includes('--small');
const num = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const N = num('--resources', small ? 500 : 10_000);
const DAYS = small ? 14 : Math.round(num('--months', 15) * 30.44);
const RULES = 10;
const SCOPES = 8;
// --step-minutes 360: one scan every 6 hours carrying the churn of the 24 15-minute scans it stands
// for, so the history holds as many intervals in fewer transactions (for slower backends).
const STEP_MINUTES = num('--step-minutes', 15);
const STEP = STEP_MINUTES * 60_000;
const CHURN_PER_SCAN = Math.max(1, Math.round(STEP_MINUTES / 15));
const REAL_SCANS = num('--full-scans', small ? 50 : 500);
const start = Date.UTC(2025, 7, 1);
const scans = Math.floor((DAYS * 86_400_000) / STEP);
const random = prng(4242);

const rules = Array.from({ length: RULES }, (_, i) => ({
  id: `aws-history-rule-${i}`,
  title: `rule ${i}`,
  description: '',
  severity: ['low', 'medium', 'high', 'critical'][i % 4],
  resourceTypes: ['aws.ec2.instance'],
  remediation: '',
  package: `stance.rules.aws.history.rule_${i}`,
  file: '',
}));
const scopeOf = (s) => ({
  key: `aws/123456789012/region-${s}/ec2`,
  provider: 'aws',
  account: '123456789012',
  region: `region-${s}`,
  service: 'ec2',
});

// The simulated estate: resource → {scope, revision, verdicts}
let nextId = 0;
const estate = new Map();
function newResource() {
  const n = nextId++;
  const id = `arn:aws:ec2:region-${n % SCOPES}:123456789012:instance/i-${n.toString(16).padStart(17, '0')}`;
  const entry = {
    scope: n % SCOPES,
    n,
    revision: 0,
    verdicts: rules.map((_, r) => ((n + r) % 13 === 0 ? 'fail' : 'pass')),
  };
  estate.set(id, entry);
  return id;
}
const asResource = (id, e) => ({
  id,
  type: 'aws.ec2.instance',
  provider: 'aws',
  account: '123456789012',
  region: `region-${e.scope}`,
  name: `i-${e.n}`,
  tags: { owner: `team-${e.n % 7}` },
  config: { InstanceId: `i-${e.n}`, InstanceType: 't3.small', Revision: e.revision },
});
const evaluationsOf = (id, e) =>
  e.verdicts.map((status, r) => ({
    resourceId: id,
    ruleId: rules[r].id,
    status,
    message: status === 'fail' ? 'misconfigured' : '',
  }));
for (let i = 0; i < N; i++) newResource();

const dir = mkdtempSync(join(tmpdir(), 'stance-bench-history-'));
const backend = args.includes('--backend') ? args[args.indexOf('--backend') + 1] : 'sqlite';
if (backend !== 'sqlite' && backend !== 'postgres')
  throw new Error(`--backend ${backend}: sqlite or postgres`);
const server = backend === 'postgres' ? await startPostgres() : undefined;
const path = server ? await server.databaseUrl('history') : join(dir, 'history.db');
let store = await openStore(path);
await store.rules.sync(rules);

async function fullScan(t) {
  const id = await store.scans.begin({
    startedAt: new Date(t),
    bundleVersion: 'history',
    command: 'bench full',
  });
  let rows = 0;
  for (let s = 0; s < SCOPES; s++) {
    const ids = [...estate].filter(([, e]) => e.scope === s);
    rows += (
      await store.scans.recordScopeRun(id, scopeOf(s), {
        status: 'ok',
        startedAt: new Date(t),
        finishedAt: new Date(t),
        resources: ids.map(([rid, e]) => asResource(rid, e)),
        evaluations: ids.flatMap(([rid, e]) => evaluationsOf(rid, e)),
      })
    ).rowsWritten;
  }
  await store.scans.finish(id, { finishedAt: new Date(t), status: 'ok' });
  return rows;
}

function churn() {
  // per 15 minutes: a few config changes with verdict flips, an occasional create and delete
  const changed = new Map();
  const deleted = [];
  const ids = [...estate.keys()];
  for (let k = 0; k < 3; k++) {
    const id = ids[Math.floor(random() * ids.length)];
    const e = estate.get(id);
    e.revision++;
    const r = Math.floor(random() * RULES);
    e.verdicts[r] = e.verdicts[r] === 'pass' ? 'fail' : 'pass';
    changed.set(id, e);
  }
  if (random() < 0.3) changed.set(newResource(), undefined);
  if (random() < 0.3) {
    const id = ids[Math.floor(random() * ids.length)];
    if (!changed.has(id)) {
      deleted.push([id, estate.get(id).scope]);
      estate.delete(id);
    }
  }
  return { changed: [...changed.keys()].filter((id) => estate.has(id)), deleted };
}

function churnOfScan() {
  const changed = new Set();
  const deleted = [];
  for (let k = 0; k < CHURN_PER_SCAN; k++) {
    const step = churn();
    for (const id of step.changed) changed.add(id);
    deleted.push(...step.deleted);
  }
  return { changed: [...changed].filter((id) => estate.has(id)), deleted };
}

async function deltaScan(t) {
  const { changed, deleted } = churnOfScan();
  const id = await store.scans.begin({
    startedAt: new Date(t),
    bundleVersion: 'history',
    command: 'bench delta',
  });
  let rows = 0;
  let partial = false;
  for (let s = 0; s < SCOPES; s++) {
    const mine = changed.filter((rid) => estate.get(rid).scope === s);
    const gone = deleted.filter(([, scope]) => scope === s).map(([rid]) => rid);
    if (random() < 0.002 && mine.length === 0 && gone.length === 0) {
      await store.scans.recordScopeRun(id, scopeOf(s), {
        status: 'error',
        startedAt: new Date(t),
        finishedAt: new Date(t),
        error: 'ThrottlingException: Rate exceeded',
      });
      partial = true;
      continue;
    }
    rows += (
      await store.scans.recordScopeDelta(id, scopeOf(s), {
        startedAt: new Date(t),
        finishedAt: new Date(t),
        changed: mine.map((rid) => asResource(rid, estate.get(rid))),
        evaluations: mine.flatMap((rid) => evaluationsOf(rid, estate.get(rid))),
        deleted: gone,
      })
    ).rowsWritten;
  }
  await store.scans.finish(id, { finishedAt: new Date(t), status: partial ? 'partial' : 'ok' });
  return rows;
}

const t0 = performance.now();
let t = start;
await fullScan(t);
let deltaRows = 0;
for (let i = 1; i < scans; i++) {
  t += STEP;
  deltaRows += await deltaScan(t);
  if (!small && i % 5000 === 0) process.stderr.write(`  ${i}/${scans} scans\n`);
}
const generateMs = performance.now() - t0;

// ~500 scans through the full pipeline shape, with the same churn applied between them
const r0 = performance.now();
let fullRows = 0;
for (let i = 0; i < REAL_SCANS; i++) {
  t += STEP;
  churn();
  fullRows += await fullScan(t);
}
const realMs = performance.now() - r0;
const end = t;

const problems = await store.checkInvariants();
const asOf = {};
for (const [label, back] of [
  ['1d', 1],
  ['30d', 30],
  ['210d', 210],
  ['420d', Math.min(420, DAYS - 1)],
]) {
  const at = new Date(end - back * 86_400_000);
  const s = performance.now();
  const result = await store.findings.asOf(at);
  asOf[label] = { ms: Math.round(performance.now() - s), findings: result.findings.length };
}
// Closing the last connection checkpoints the write-ahead log into the file: its size is the database's.
await store.close();
const dbBytes = server
  ? Number((await server.query("SELECT pg_database_size('history') AS n"))[0].n)
  : statSync(path).size;
store = await openStore(path);
const p0 = performance.now();
const pruned = await store.prune({
  olderThan: cutoffFor(new Date(end + 30 * 86_400_000), small ? { days: 7 } : { months: 15 }),
});
const pruneMs = Math.round(performance.now() - p0);
await store.close();
await server?.stop();
rmSync(dir, { recursive: true, force: true });

const result = {
  bench: 'history',
  backend,
  resources: N,
  rules: RULES,
  scans: scans + REAL_SCANS,
  stepMinutes: STEP_MINUTES,
  generateMs: Math.round(generateMs),
  deltaRowsPerScan: +(deltaRows / (scans - 1)).toFixed(2),
  fullPipelineScans: REAL_SCANS,
  fullPipelineMsPerScan: Math.round(realMs / REAL_SCANS),
  fullPipelineRowsPerScan: +(fullRows / REAL_SCANS).toFixed(2),
  dbBytes,
  asOf,
  pruneMs,
  pruned,
  invariants: problems,
};
process.stdout.write(JSON.stringify(result) + '\n');
process.stderr.write(
  `history: ${result.scans} scans of ${N} resources in ${result.generateMs} ms; db ${(dbBytes / 1e6).toFixed(1)} MB; ` +
    `rows/scan delta ${result.deltaRowsPerScan} vs full ${result.fullPipelineRowsPerScan}; as-of ${JSON.stringify(asOf)}; prune ${pruneMs} ms\n`,
);
if (problems.length) {
  process.stderr.write(`bench/history: invariants broken: ${problems.join('; ')}\n`);
  process.exitCode = 1;
}
