#!/usr/bin/env node
// Store benchmark: a first scan of N resources × R rules, then a rescan with 1% of resources changed.
//   node bench/store.mjs [--resources 100000] [--rules 50] [--small] [--backend sqlite|postgres]
// --backend postgres writes into a throwaway PostgreSQL server (bench/lib/postgres.mjs).
// Reports time and rows written; a rescan must write rows in proportion to the changes only.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from 'stance';
import { prng } from './lib/inventory.mjs';
import { startPostgres } from './lib/postgres.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const small = args.includes('--small');
const N = arg('--resources', small ? 2000 : 100_000);
const R = arg('--rules', 50);
const SCOPES = 20;

const rules = Array.from({ length: R }, (_, i) => ({
  id: `aws-bench-rule-${i}`,
  title: `rule ${i}`,
  description: '',
  severity: ['low', 'medium', 'high'][i % 3],
  resourceTypes: ['aws.ec2.instance'],
  remediation: '',
  package: `stance.rules.aws.bench.rule_${i}`,
  file: '',
}));
const scopeOf = (s) => ({
  key: `aws/123456789012/region-${s}/ec2`,
  provider: 'aws',
  account: '123456789012',
  region: `region-${s}`,
  service: 'ec2',
});

function inventory(version) {
  const random = prng(99 + version);
  const byScope = Array.from({ length: SCOPES }, () => ({ resources: [], evaluations: [] }));
  let changed = 0;
  for (let i = 0; i < N; i++) {
    const s = i % SCOPES;
    const isChanged = version > 0 && i % 100 === 7; // 1% of resources change config and one verdict
    if (isChanged) changed++;
    const id = `arn:aws:ec2:region-${s}:123456789012:instance/i-${i.toString(16).padStart(17, '0')}`;
    byScope[s].resources.push({
      id,
      type: 'aws.ec2.instance',
      provider: 'aws',
      account: '123456789012',
      region: `region-${s}`,
      name: `i-${i}`,
      tags: { owner: `team-${i % 9}` },
      config: {
        InstanceId: `i-${i}`,
        InstanceType: 't3.micro',
        MetadataOptions: { HttpTokens: isChanged ? 'optional' : 'required' },
        Revision: isChanged ? version : 0,
      },
    });
    for (let r = 0; r < R; r++) {
      const fail = (i * 31 + r * 17) % 23 === 0 || (isChanged && r === 0);
      byScope[s].evaluations.push({
        resourceId: id,
        ruleId: rules[r].id,
        status: fail ? 'fail' : 'pass',
        message: fail ? 'bad' : '',
      });
    }
    void random;
  }
  return { byScope, changed };
}

async function scan(store, version, minute) {
  const { byScope, changed } = inventory(version);
  const at = new Date(Date.UTC(2026, 0, 1) + minute * 60_000);
  const started = performance.now();
  const id = await store.scans.begin({ startedAt: at, bundleVersion: 'bench', command: 'bench' });
  let rows = 0;
  let transitions = 0;
  for (const [s, run] of byScope.entries()) {
    const r = await store.scans.recordScopeRun(id, scopeOf(s), {
      status: 'ok',
      startedAt: at,
      finishedAt: at,
      resources: run.resources,
      evaluations: run.evaluations,
    });
    rows += r.rowsWritten;
    transitions += r.transitions.length;
  }
  await store.scans.finish(id, { finishedAt: at, status: 'ok' });
  return { ms: Math.round(performance.now() - started), rows, transitions, changed };
}

const backend = args.includes('--backend') ? args[args.indexOf('--backend') + 1] : 'sqlite';
if (backend !== 'sqlite' && backend !== 'postgres')
  throw new Error(`--backend ${backend}: sqlite or postgres`);
const dir = mkdtempSync(join(tmpdir(), 'stance-bench-store-'));
const server = backend === 'postgres' ? await startPostgres() : undefined;
const path = server ? await server.databaseUrl('bench') : join(dir, 'bench.db');
try {
  const store = await openStore(path);
  await store.rules.sync(rules);
  const first = await scan(store, 0, 0);
  const second = await scan(store, 1, 15);
  const unchanged = await scan(store, 1, 30);
  await store.close();
  const size = server
    ? Number((await server.query("SELECT pg_database_size('bench') AS n"))[0].n)
    : statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  const result = {
    bench: 'store',
    backend,
    resources: N,
    rules: R,
    findings: N * R,
    firstScanMs: first.ms,
    firstScanRows: first.rows,
    rescan1pctMs: second.ms,
    rescan1pctRows: second.rows,
    rescan1pctChangedResources: second.changed,
    rescan1pctTransitions: second.transitions,
    unchangedRescanMs: unchanged.ms,
    unchangedRescanRows: unchanged.rows,
    dbBytes: size,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.stderr.write(
    `store (${backend}): first scan of ${N} resources × ${R} rules: ${first.ms} ms, ${first.rows} rows; ` +
      `rescan with ${second.changed} changed: ${second.ms} ms, ${second.rows} rows; unchanged rescan: ${unchanged.ms} ms, ${unchanged.rows} rows\n`,
  );
  if (unchanged.rows !== 0) {
    process.stderr.write('bench/store: an unchanged rescan wrote finding rows\n');
    process.exitCode = 1;
  }
} finally {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
