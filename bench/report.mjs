#!/usr/bin/env node
// Report benchmark: a store with N resources and 15 months of daily history, then the CIS AWS
// v7.0.0 report as JSON and HTML, for now and as of a date eight months back.
//   node bench/report.mjs [--resources 100000] [--small]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameworkReport, frameworks, openStore, policyBundle, report as renderReport } from 'stance';
import { prng } from './lib/inventory.mjs';

const args = process.argv.slice(2);
const small = args.includes('--small');
const N = args.includes('--resources')
  ? Number(args[args.indexOf('--resources') + 1])
  : small
    ? 2000
    : 100_000;
const DAYS = small ? 30 : 456;
const DAY = 86_400_000;
const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const random = prng(777);
const bundle = policyBundle();
const FRAMEWORK = 'cis-aws-7.0.0';

const kinds = [
  {
    type: 'aws.ec2.security_group',
    service: 'ec2',
    rules: ['aws-ec2-sg-admin-port-open-ipv4', 'aws-ec2-sg-admin-port-open-ipv6'],
  },
  { type: 'aws.iam.user', service: 'iam', rules: ['aws-iam-user-console-without-mfa'] },
  { type: 'aws.s3.bucket', service: 's3', rules: ['aws-s3-bucket-public-access-block'] },
];
const scopeFor = (kind, region) => {
  const r = kind.service === 'ec2' ? region : 'global';
  return {
    key: `aws/${ACCOUNT}/${r}/${kind.service}`,
    provider: 'aws',
    account: ACCOUNT,
    region: r,
    service: kind.service,
  };
};
const estate = new Map();
for (let i = 0; i < N; i++) {
  const kind = kinds[i % 3];
  const region = REGIONS[i % REGIONS.length];
  const id =
    kind.service === 'ec2'
      ? `arn:aws:ec2:${region}:${ACCOUNT}:security-group/sg-${i.toString(16).padStart(17, '0')}`
      : kind.service === 'iam'
        ? `arn:aws:iam::${ACCOUNT}:user/user-${i}`
        : `arn:aws:s3:::bucket-${i}`;
  estate.set(id, {
    kind,
    region,
    n: i,
    revision: 0,
    verdicts: kind.rules.map(() => (random() < 0.1 ? 'fail' : 'pass')),
  });
}
const asResource = (id, e) => ({
  id,
  type: e.kind.type,
  provider: 'aws',
  account: ACCOUNT,
  region: e.region,
  name: `r-${e.n}`,
  tags: {},
  config: { n: e.n, revision: e.revision },
});
const evals = (id, e) =>
  e.kind.rules.map((ruleId, k) => ({
    resourceId: id,
    ruleId,
    status: e.verdicts[k],
    message: e.verdicts[k] === 'fail' ? `resource ${e.n} fails ${ruleId}` : '',
  }));

const dir = mkdtempSync(join(tmpdir(), 'stance-bench-report-'));
const path = join(dir, 'report.db');
const store = await openStore(path);
await store.rules.sync(bundle.manifest.rules);
const end = Date.UTC(2026, 10, 20);
const start = end - DAYS * DAY;
const t0 = performance.now();
{
  const scan = await store.scans.begin({
    startedAt: new Date(start),
    bundleVersion: bundle.manifest.version,
    command: 'bench',
  });
  const groups = new Map();
  for (const [id, e] of estate) {
    const scope = scopeFor(e.kind, e.region);
    const g = groups.get(scope.key) ?? { scope, resources: [], evaluations: [] };
    g.resources.push(asResource(id, e));
    g.evaluations.push(...evals(id, e));
    groups.set(scope.key, g);
  }
  for (const g of groups.values())
    await store.scans.recordScopeRun(scan, g.scope, {
      status: 'ok',
      startedAt: new Date(start),
      finishedAt: new Date(start),
      resources: g.resources,
      evaluations: g.evaluations,
    });
  await store.scans.finish(scan, { finishedAt: new Date(start), status: 'ok' });
}
const ids = [...estate.keys()];
const scopes = [
  ...new Map(
    [...estate.values()].map((e) => [scopeFor(e.kind, e.region).key, scopeFor(e.kind, e.region)]),
  ).values(),
];
for (let d = 1; d <= DAYS; d++) {
  const t = new Date(start + d * DAY);
  const changed = new Map();
  for (let k = 0; k < Math.max(5, N / 500); k++) {
    const id = ids[Math.floor(random() * ids.length)];
    const e = estate.get(id);
    e.revision++;
    const r = Math.floor(random() * e.verdicts.length);
    e.verdicts[r] = e.verdicts[r] === 'pass' ? (random() < 0.4 ? 'fail' : 'pass') : 'pass';
    changed.set(id, e);
  }
  const scan = await store.scans.begin({
    startedAt: t,
    bundleVersion: bundle.manifest.version,
    command: 'bench',
  });
  for (const scope of scopes) {
    const mine = [...changed].filter(([, e]) => scopeFor(e.kind, e.region).key === scope.key);
    await store.scans.recordScopeDelta(scan, scope, {
      startedAt: t,
      finishedAt: t,
      changed: mine.map(([id, e]) => asResource(id, e)),
      evaluations: mine.flatMap(([id, e]) => evals(id, e)),
      deleted: [],
    });
  }
  await store.scans.finish(scan, { finishedAt: t, status: 'ok' });
}
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
