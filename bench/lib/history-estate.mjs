// The report benchmark's estate, shared with the console benchmark: N resources (security groups,
// IAM users, S3 buckets; 10% failing at the start) in one account over three regions, one first
// scan, then a daily scan over DAYS days in which max(5, N/500) resources change a verdict.
import { prng } from './inventory.mjs';

export const ACCOUNT = '123456789012';
export const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
export const DAY = 86_400_000;

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

/**
 * Fills an open store (its rules synced) with the estate and its history, the last scan at `end`.
 * Returns the first scan's time.
 */
export async function buildHistory(store, { resources: N, days: DAYS, bundleVersion, end, seed = 777 }) {
  const random = prng(seed);
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
  const start = end - DAYS * DAY;
  {
    const scan = await store.scans.begin({ startedAt: new Date(start), bundleVersion, command: 'bench' });
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
    const scan = await store.scans.begin({ startedAt: t, bundleVersion, command: 'bench' });
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
  return start;
}
