import { describe, expect, it } from 'vitest';
import type { ConsoleFindingsQuery, FindingRow, Store } from '../../src/store/index.js';
import { findingRows } from '../../src/api/findings.js';
import { inScopeFilters } from '../../src/model/filters.js';
import { SEVERITIES, type Resource, type ScopeRef } from '../../src/types.js';
import { at, backends, evaluation, openStore } from './helpers.js';

// The console's findings list is filtered, sorted, counted and paged by the database
// (ConsoleRepository.findings). It must keep exactly the rows, in exactly the order, that the
// library's current findings give once the same filters are applied in memory.

const awsScope = (region: string): ScopeRef => ({
  key: `aws/1/${region}/ec2`,
  provider: 'aws',
  account: '1',
  region,
  service: 'ec2',
});
const k8sScope: ScopeRef = {
  key: 'k8s/prod/Pod',
  provider: 'k8s',
  account: 'prod',
  region: '_',
  service: 'Pod',
};

const aws = (id: string, region: string, tags: Record<string, string> = {}): Resource => ({
  id,
  type: 'aws.ec2.thing',
  provider: 'aws',
  account: '1',
  region,
  name: `name-${id}`,
  tags,
  config: { id },
});
const pod = (id: string, namespace: string, tags: Record<string, string> = {}): Resource => ({
  id,
  type: 'k8s.pod',
  provider: 'k8s',
  account: 'prod',
  region: namespace,
  name: `pod ${id}`,
  tags,
  config: { id },
});

async function estate(store: Store) {
  const runs: [ScopeRef, Resource[], number][] = [
    [
      awsScope('eu'),
      [aws('zeta', 'eu', { owner: 'ops' }), aws('alpha', 'eu'), aws('Mid', 'eu', { owner: 'dev' })],
      0,
    ],
    [awsScope('us'), [aws('beta', 'us', { env: 'prod' }), aws('gamma', 'us')], 30],
    [awsScope('global'), [aws('iam-thing', 'global', { owner: 'ops' })], 60],
    [k8sScope, [pod('web', 'shop', { owner: 'ops' }), pod('dns', '_cluster'), pod('db', 'data')], 90],
  ];
  let i = 0;
  for (const [scope, resources, minute] of runs) {
    const scan = await store.scans.begin({ startedAt: at(minute), bundleVersion: 'b1', command: 'test' });
    await store.scans.recordScopeRun(scan, scope, {
      status: 'ok',
      startedAt: at(minute),
      finishedAt: at(minute),
      resources,
      evaluations: resources.flatMap((r) => [
        evaluation(
          r.id,
          'r-a',
          i++ % 3 === 0 ? 'pass' : 'fail',
          `r-a on ${r.id}: port ${i} open to the world`,
        ),
        evaluation(r.id, 'r-b', i++ % 4 === 0 ? 'error' : 'fail', `r-b on ${r.id} listening`),
      ]),
    });
    await store.scans.finish(scan, { finishedAt: at(minute), status: 'ok' });
  }
  // history: in eu, a resource goes and statuses change; later the us scope's run fails
  const later = await store.scans.begin({ startedAt: at(200), bundleVersion: 'b2', command: 'test' });
  const eu = [aws('zeta', 'eu', { owner: 'ops' }), aws('Mid', 'eu', { owner: 'dev' })];
  await store.scans.recordScopeRun(later, awsScope('eu'), {
    status: 'ok',
    startedAt: at(200),
    finishedAt: at(200),
    resources: eu,
    evaluations: eu.flatMap((r) => [
      evaluation(r.id, 'r-a', 'pass'),
      evaluation(r.id, 'r-b', 'fail', `r-b on ${r.id} still listening`),
    ]),
  });
  await store.scans.recordScopeRun(later, awsScope('us'), {
    status: 'error',
    startedAt: at(210),
    finishedAt: at(210),
    error: 'throttled',
  });
  await store.scans.finish(later, { finishedAt: at(210), status: 'partial' });
}

const RANK = {
  severity: (r: FindingRow) => SEVERITIES.indexOf(r.severity),
  status: (r: FindingRow) => ({ fail: 2, error: 1, pass: 0 })[r.status],
  rule: (r: FindingRow) => r.ruleId,
  resource: (r: FindingRow) => r.resourceId,
  name: (r: FindingRow) => r.name,
  type: (r: FindingRow) => r.resourceType,
  account: (r: FindingRow) => r.account,
  region: (r: FindingRow) => r.region,
  since: (r: FindingRow) => r.since,
};
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** The in-memory answer: current findings, the filters applied one by one, sorted. */
async function reference(store: Store, q: ConsoleFindingsQuery): Promise<FindingRow[]> {
  let rows = q.asOf
    ? await findingRows(store, {
        asOf: q.asOf,
        status: q.status,
        resourceId: q.resourceId,
        resourceType: q.resourceType,
      })
    : await store.findings.current({
        status: q.status,
        resourceId: q.resourceId,
        resourceType: q.resourceType,
      });
  rows = rows.filter((r) => inScopeFilters(q, r.provider, r.account, r.region));
  if (q.severities) rows = rows.filter((r) => q.severities!.includes(r.severity));
  if (q.ruleIds) rows = rows.filter((r) => q.ruleIds!.includes(r.ruleId));
  if (q.since) rows = rows.filter((r) => Date.parse(r.since) >= q.since!.getTime());
  if (q.tag) {
    const { key, value } = q.tag;
    const tagged = new Set(
      (await store.resources.list())
        .filter((r) => Object.hasOwn(r.tags, key) && (value === undefined || r.tags[key] === value))
        .map((r) => r.resourceId),
    );
    rows = rows.filter((r) => tagged.has(r.resourceId));
  }
  if (q.search) {
    const hits = await store.console.search(q.search);
    const ids = new Set(hits.resourceIds);
    const pairs = new Set(hits.findings.map(([r, u]) => `${r} ${u}`));
    rows = rows.filter((r) => ids.has(r.resourceId) || pairs.has(`${r.resourceId} ${r.ruleId}`));
  }
  const sign = q.order === 'asc' ? 1 : -1;
  return rows.sort(
    (a, b) =>
      sign * cmp(RANK[q.sort](a), RANK[q.sort](b)) ||
      cmp(a.resourceId, b.resourceId) ||
      cmp(a.ruleId, b.ruleId),
  );
}

const QUERIES: Partial<ConsoleFindingsQuery>[] = [
  {},
  { status: 'fail' },
  { status: 'error', sort: 'resource', order: 'asc' },
  { severities: ['high', 'critical'] },
  { severities: ['low'], sort: 'name', order: 'asc' },
  { severities: [] },
  { ruleIds: ['r-b'], sort: 'rule', order: 'desc' },
  { ruleIds: [] },
  { account: '1' },
  { region: 'eu', sort: 'region', order: 'asc' },
  { region: 'us', status: 'fail' },
  { cluster: 'prod' },
  { namespace: 'shop', sort: 'type', order: 'desc' },
  { cluster: 'prod', region: 'eu' },
  { resourceType: 'k8s.pod', sort: 'account', order: 'asc' },
  { resourceId: 'alpha' },
  { since: at(45), sort: 'since', order: 'desc' },
  { since: at(45), sort: 'since', order: 'asc' },
  { tag: { key: 'owner' } },
  { tag: { key: 'owner', value: 'ops' }, sort: 'status', order: 'desc' },
  { tag: { key: 'missing' } },
  { search: 'world' },
  { search: 'name-', status: 'fail' },
  { search: 'POD W' },
  { search: '%_' },
  { search: 'listening', region: 'eu', sort: 'resource', order: 'desc' },
  // as of past instants: before any scan, before the eu changes, after them, after the us failure
  { asOf: at(-10) },
  { asOf: at(100) },
  { asOf: at(100), status: 'fail', region: 'eu', sort: 'resource', order: 'asc' },
  { asOf: at(205), sort: 'since', order: 'desc' },
  { asOf: at(205), search: 'listening', tag: { key: 'owner' } },
  { asOf: at(215) },
  { asOf: at(215), status: 'error', severities: ['high'] },
  { asOf: at(215), since: at(100), sort: 'status', order: 'asc' },
];

describe.each(backends)('store ($name): console findings in SQL', (backend) => {
  it('equal the library rows with the same filters applied in memory: count, order, every page', async () => {
    const store = await openStore(backend);
    await estate(store);
    for (const partial of QUERIES) {
      const q: ConsoleFindingsQuery = { sort: 'severity', order: 'desc', offset: 0, limit: 1000, ...partial };
      const expected = await reference(store, q);
      const label = JSON.stringify(partial);
      const whole = await store.console.findings(q);
      expect(whole.total, label).toBe(expected.length);
      expect(whole.rows, label).toEqual(expected);
      const paged: FindingRow[] = [];
      for (let offset = 0; offset < expected.length; offset += 4) {
        const page = await store.console.findings({ ...q, offset, limit: 4 });
        expect(page.total, label).toBe(expected.length);
        paged.push(...page.rows);
      }
      expect(paged, label).toEqual(expected);
    }
    expect(
      (await store.console.findings({ sort: 'severity', order: 'desc', offset: 0, limit: 1000 })).total,
    ).toBe(16);
    await store.close();
  });
});
