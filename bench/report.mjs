#!/usr/bin/env node
// Report benchmark: a store with N resources and 15 months of daily history, then the CIS AWS
// v7.0.0 report as JSON and HTML, for now and as of a date eight months back.
//   node bench/report.mjs [--resources 100000] [--small]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameworkReport, frameworks, openStore, policyBundle, report as renderReport } from 'stance';
import { buildHistory, DAY } from './lib/history-estate.mjs';

const args = process.argv.slice(2);
const small = args.includes('--small');
const N = args.includes('--resources')
  ? Number(args[args.indexOf('--resources') + 1])
  : small
    ? 2000
    : 100_000;
const DAYS = small ? 30 : 456;
const bundle = policyBundle();
const FRAMEWORK = 'cis-aws-7.0.0';

const dir = mkdtempSync(join(tmpdir(), 'stance-bench-report-'));
const path = join(dir, 'report.db');
const store = await openStore(path);
await store.rules.sync(bundle.manifest.rules);
const end = Date.UTC(2026, 10, 20);
const t0 = performance.now();
await buildHistory(store, { resources: N, days: DAYS, bundleVersion: bundle.manifest.version, end });
const setupMs = Math.round(performance.now() - t0);

await frameworks(); // loaded once per process, not part of a report's time
const measure = async (label, asOf, staleAfterMs) => {
  const opts = { framework: FRAMEWORK, asOf, staleAfterMs, now: new Date(end + 3600_000) };
  const s = performance.now();
  const json = await renderReport(store, { ...opts, format: 'json' });
  const jsonMs = performance.now() - s;
  const h = performance.now();
  const html = await renderReport(store, { ...opts, format: 'html' });
  const htmlMs = performance.now() - h;
  const report = await frameworkReport(store, opts);
  return {
    label,
    failing: report.controls.reduce((n, c) => n + c.failing.length, 0),
    jsonMs: Math.round(jsonMs),
    htmlMs: Math.round(htmlMs),
    jsonBytes: json.length,
    htmlBytes: html.length,
  };
};
const back = Math.min(240, Math.floor(DAYS / 2));
const rows = [
  await measure('now', undefined, undefined),
  await measure(`as of ${back} days ago`, new Date(end - back * DAY), 2 * DAY),
];
await store.close();
const dbBytes = statSync(path).size;
rmSync(dir, { recursive: true, force: true });
const result = { bench: 'report', resources: N, days: DAYS, setupMs, dbBytes, rows };
process.stdout.write(JSON.stringify(result) + '\n');
for (const r of rows)
  process.stderr.write(
    `report ${r.label}: ${r.failing} failing; json ${r.jsonMs} ms (${(r.jsonBytes / 1e6).toFixed(1)} MB), html ${r.htmlMs} ms (${(r.htmlBytes / 1e6).toFixed(1)} MB)\n`,
  );
