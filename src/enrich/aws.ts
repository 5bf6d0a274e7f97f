import type { CollectedScope, Resource } from '../types.js';
import { clearFact, configOf, setFact } from './facts.js';

/**
 * Joins across AWS scopes: what a rule needs from another service. Each fact is recomputed on every
 * run (a snapshot's copy of it is replaced). A fact whose source scope errored or was not scanned
 * is written as `{collected: false}`, so the rule reports `error` rather than guess
 * (docs/aws-resources.md).
 */

interface FieldSelector {
  Field?: string;
  Equals?: string[];
  StartsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
}

interface TrailView {
  TrailARN?: string;
  Status?: { IsLogging?: boolean };
  EventSelectors?: { ReadWriteType?: string; DataResources?: { Type?: string; Values?: string[] }[] }[];
  AdvancedEventSelectors?: { FieldSelectors?: FieldSelector[] }[];
}

type Access = { read: boolean; write: boolean };

function basicCoverage(trail: TrailView, bucketArn: string): Access {
  const out = { read: false, write: false };
  const whole = `${bucketArn}/`;
  const partition = bucketArn.split(':')[1];
  for (const selector of trail.EventSelectors ?? []) {
    const covers = (selector.DataResources ?? []).some(
      (d) =>
        d.Type === 'AWS::S3::Object' &&
        (d.Values ?? []).some(
          (v) => v === `arn:${partition}:s3` || v === `arn:${partition}:s3:::` || v === whole,
        ),
    );
    if (!covers) continue;
    const rw = selector.ReadWriteType ?? 'All';
    if (rw === 'All' || rw === 'ReadOnly') out.read = true;
    if (rw === 'All' || rw === 'WriteOnly') out.write = true;
  }
  return out;
}

function advancedCoverage(trail: TrailView, bucketArn: string): Access {
  const out = { read: false, write: false };
  const object = `${bucketArn}/`;
  for (const selector of trail.AdvancedEventSelectors ?? []) {
    const fields = selector.FieldSelectors ?? [];
    const field = (name: string) => fields.find((f) => f.Field === name);
    if (!field('eventCategory')?.Equals?.includes('Data')) continue;
    if (!field('resources.type')?.Equals?.includes('AWS::S3::Object')) continue;
    const arn = field('resources.ARN');
    if (arn) {
      const included =
        (arn.Equals === undefined && arn.StartsWith === undefined) ||
        (arn.StartsWith ?? []).some((prefix) => object.startsWith(prefix));
      const excluded = (arn.NotStartsWith ?? []).some(
        (prefix) => object.startsWith(prefix) || prefix.startsWith(object),
      );
      if (!included || excluded) continue;
    }
    // Selectors narrowed to some event names do not log every object operation.
    if (field('eventName')) continue;
    const readOnly = field('readOnly')?.Equals;
    if (!readOnly || readOnly.includes('true')) out.read = true;
    if (!readOnly || readOnly.includes('false')) out.write = true;
  }
  return out;
}

function s3DataEvents(scopes: CollectedScope[]): void {
  const trailsByRegion = new Map<string, { ok: boolean; trails: TrailView[] }>();
  for (const s of scopes) {
    if (s.scope.service !== 'cloudtrail') continue;
    const fact = s.resources.find((r) => r.type === 'aws.cloudtrail.region');
    const listed = fact ? (configOf(fact) as { Trails?: TrailView[] }).Trails : undefined;
    const trails = (listed ?? []).filter((t) => t.Status?.IsLogging);
    trailsByRegion.set(`${s.scope.account}/${s.scope.region}`, {
      ok: s.status === 'ok' && Boolean(fact),
      trails,
    });
  }
  for (const s of scopes) {
    for (const bucket of s.resources) {
      if (bucket.type !== 'aws.s3.bucket') continue;
      const seen = trailsByRegion.get(`${bucket.account}/${bucket.region}`);
      if (!seen?.ok) {
        setFact(bucket, 'dataEvents', { collected: false });
        continue;
      }
      const read: string[] = [];
      const write: string[] = [];
      for (const trail of seen.trails) {
        const basic = basicCoverage(trail, bucket.id);
        const advanced = advancedCoverage(trail, bucket.id);
        if (basic.read || advanced.read) read.push(trail.TrailARN ?? '');
        if (basic.write || advanced.write) write.push(trail.TrailARN ?? '');
      }
      setFact(bucket, 'dataEvents', { collected: true, read: read.sort(), write: write.sort() });
    }
  }
}

interface ScopeIndex {
  ok(key: string): boolean;
  resources(key: string): Resource[];
}

function indexScopes(scopes: CollectedScope[]): ScopeIndex {
  const byKey = new Map(scopes.map((s) => [s.scope.key, s]));
  return {
    ok: (key) => byKey.get(key)?.status === 'ok',
    resources: (key) => byKey.get(key)?.resources ?? [],
  };
}

interface MetricFilter {
  logGroupName?: string;
  metricTransformations?: { metricName?: string; metricNamespace?: string }[];
}

interface Alarm {
  MetricName?: string;
  Namespace?: string;
  AlarmActions?: string[];
}

/** arn:aws:logs:<region>:<account>:log-group:<name>[:*] → its parts. */
function logGroupOf(arn: string): { account: string; region: string; name: string } | undefined {
  const m = /^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/**
 * CloudTrail → its CloudWatch Logs group → metric filters → alarms on their metrics → SNS topics
 * with confirmed subscriptions, written on each region's aws.cloudtrail.region fact.
 */
function monitoring(scopes: CollectedScope[], index: ScopeIndex): void {
  for (const s of scopes) {
    const fact = s.resources.find((r) => r.type === 'aws.cloudtrail.region');
    if (!fact) continue;
    const config = configOf(fact) as { Trails?: (TrailView & { CloudWatchLogsLogGroupArn?: string })[] };
    const missing = new Set<string>();
    const trails = [];
    for (const trail of config.Trails ?? []) {
      const group = trail.CloudWatchLogsLogGroupArn ? logGroupOf(trail.CloudWatchLogsLogGroupArn) : undefined;
      if (!group) continue;
      const key = (service: string) => `aws/${group.account}/${group.region}/${service}`;
      for (const service of ['logs', 'cloudwatch', 'sns'])
        if (!index.ok(key(service))) missing.add(key(service));
      const alarms = index
        .resources(key('cloudwatch'))
        .map((r) => configOf(r) as Alarm & { AlarmName?: string });
      const topics = new Map(
        index
          .resources(key('sns'))
          .map((r) => [
            r.id,
            (configOf(r) as { ConfirmedSubscriptions?: number }).ConfirmedSubscriptions ?? 0,
          ]),
      );
      const filters = index
        .resources(key('logs'))
        .map((r) => configOf(r) as MetricFilter & { filterName?: string; filterPattern?: string })
        .filter((f) => f.logGroupName === group.name)
        .map((f) => ({
          filterName: f.filterName,
          filterPattern: f.filterPattern ?? '',
          metricTransformations: f.metricTransformations ?? [],
          Alarms: alarms
            .filter((a) =>
              (f.metricTransformations ?? []).some(
                (m) => m.metricName === a.MetricName && m.metricNamespace === a.Namespace,
              ),
            )
            .map((a) => ({
              AlarmName: a.AlarmName,
              AlarmActions: a.AlarmActions ?? [],
              Topics: (a.AlarmActions ?? [])
                .filter((action) => action.includes(':sns:'))
                .map((arn) => ({ TopicArn: arn, ConfirmedSubscriptions: topics.get(arn) ?? 0 })),
            })),
        }));
      trails.push({
        TrailARN: trail.TrailARN,
        LogGroupArn: trail.CloudWatchLogsLogGroupArn,
        MetricFilters: filters,
      });
    }
    setFact(
      fact,
      'monitoring',
      missing.size ? { collected: false, missing: [...missing].sort() } : { collected: true, trails },
    );
  }
}

/** The access logging of each trail's destination bucket, found among the buckets of every scanned account. */
function trailBucketLogging(scopes: CollectedScope[], index: ScopeIndex): void {
  const buckets = new Map<string, Resource>();
  for (const s of scopes) for (const r of s.resources) if (r.type === 'aws.s3.bucket') buckets.set(r.name, r);
  for (const s of scopes) {
    for (const trail of s.resources) {
      if (trail.type !== 'aws.cloudtrail.trail') continue;
      const name = (configOf(trail) as { S3BucketName?: string }).S3BucketName;
      const bucket = name ? buckets.get(name) : undefined;
      if (bucket) {
        const logging = (configOf(bucket) as { Logging?: { TargetBucket?: string } | null }).Logging;
        setFact(trail, 'bucketLogging', {
          collected: true,
          bucket: name,
          enabled: Boolean(logging?.TargetBucket),
          target: logging?.TargetBucket ?? null,
        });
      } else if (!index.ok(`aws/${trail.account}/global/s3`)) {
        setFact(trail, 'bucketLogging', {
          collected: false,
          bucket: name ?? null,
          reason: "the S3 scope of the trail's account was not listed",
        });
      } else {
        setFact(trail, 'bucketLogging', {
          collected: false,
          bucket: name ?? null,
          reason: `bucket ${name} is not in the scanned accounts`,
        });
      }
    }
  }
}

/**
 * Which network interfaces use each security group (EC2.22, unused groups): both are listed by the
 * same EC2 scope; when that scope was not read completely the count is not collected.
 */
function securityGroupUse(scopes: CollectedScope[]): void {
  for (const s of scopes) {
    if (s.scope.service !== 'ec2') continue;
    const used = new Map<string, string[]>();
    for (const r of s.resources) {
      if (r.type !== 'aws.ec2.network_interface') continue;
      const eni = configOf(r) as { NetworkInterfaceId?: string; Groups?: { GroupId?: string }[] };
      for (const g of eni.Groups ?? [])
        if (g.GroupId) used.set(g.GroupId, [...(used.get(g.GroupId) ?? []), eni.NetworkInterfaceId ?? r.id]);
    }
    for (const r of s.resources) {
      if (r.type !== 'aws.ec2.security_group') continue;
      const id = (configOf(r) as { GroupId?: string }).GroupId ?? '';
      setFact(
        r,
        'networkInterfaces',
        s.status === 'ok' ? { collected: true, ids: (used.get(id) ?? []).sort() } : { collected: false },
      );
    }
  }
}

interface PeeringView {
  VpcPeeringConnectionId?: string;
  AccepterVpcInfo?: VpcInfo;
  RequesterVpcInfo?: VpcInfo;
}
interface VpcInfo {
  VpcId?: string;
  CidrBlock?: string;
  CidrBlockSet?: { CidrBlock?: string }[];
  Ipv6CidrBlockSet?: { Ipv6CidrBlock?: string }[];
}

const cidrsOf = (v: VpcInfo | undefined): string[] => [
  ...new Set(
    [
      v?.CidrBlock,
      ...(v?.CidrBlockSet ?? []).map((c) => c.CidrBlock),
      ...(v?.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock),
    ].filter((c): c is string => Boolean(c)),
  ),
];

/**
 * The address ranges of both sides of each VPC peering connection a route table routes to (CIS AWS
 * 6.6: peering routes should be narrower than the whole VPC), from the peering connections the same
 * EC2 scope listed.
 */
function peeringRoutes(scopes: CollectedScope[]): void {
  for (const s of scopes) {
    if (s.scope.service !== 'ec2') continue;
    const peerings = new Map<string, PeeringView>();
    for (const r of s.resources)
      if (r.type === 'aws.ec2.vpc_peering_connection') {
        const p = configOf(r) as PeeringView;
        if (p.VpcPeeringConnectionId) peerings.set(p.VpcPeeringConnectionId, p);
      }
    for (const r of s.resources) {
      if (r.type !== 'aws.ec2.route_table') continue;
      const routes = (configOf(r) as { Routes?: { VpcPeeringConnectionId?: string }[] }).Routes ?? [];
      const ids = [...new Set(routes.map((x) => x.VpcPeeringConnectionId).filter((x): x is string => !!x))];
      if (!ids.length) {
        clearFact(r, 'peerings');
        continue;
      }
      const connections: Record<string, { requesterCidrs: string[]; accepterCidrs: string[] }> = {};
      for (const id of ids) {
        const p = peerings.get(id);
        if (p)
          connections[id] = {
            requesterCidrs: cidrsOf(p.RequesterVpcInfo),
            accepterCidrs: cidrsOf(p.AccepterVpcInfo),
          };
      }
      setFact(r, 'peerings', s.status === 'ok' ? { collected: true, connections } : { collected: false });
    }
  }
}

export function enrichAws(scopes: CollectedScope[]): void {
  s3DataEvents(scopes);
  const index = indexScopes(scopes);
  monitoring(scopes, index);
  trailBucketLogging(scopes, index);
  securityGroupUse(scopes);
  peeringRoutes(scopes);
}
