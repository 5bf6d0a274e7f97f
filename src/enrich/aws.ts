import type { CollectedScope, Collection } from '../collect/snapshot.js';

/**
 * Joins across AWS scopes, done once after collection: facts a rule needs from another service.
 * A fact whose source scope errored or was not scanned is written as `{collected: false}`, so the
 * rule reports `error` rather than guess (docs/aws-resources.md).
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
      (d) => d.Type === 'AWS::S3::Object' && (d.Values ?? []).some((v) => v === `arn:${partition}:s3` || v === `arn:${partition}:s3:::` || v === whole),
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
        (arn.Equals === undefined && arn.StartsWith === undefined) || (arn.StartsWith ?? []).some((prefix) => object.startsWith(prefix));
      const excluded = (arn.NotStartsWith ?? []).some((prefix) => object.startsWith(prefix) || prefix.startsWith(object));
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
    const trails = ((fact?.config as { Trails?: TrailView[] } | undefined)?.Trails ?? []).filter((t) => t.Status?.IsLogging);
    trailsByRegion.set(`${s.scope.account}/${s.scope.region}`, { ok: s.status === 'ok' && Boolean(fact), trails });
  }
  for (const s of scopes) {
    for (const bucket of s.resources) {
      if (bucket.type !== 'aws.s3.bucket') continue;
      const seen = trailsByRegion.get(`${bucket.account}/${bucket.region}`);
      const config = bucket.config as { stance?: Record<string, unknown> };
      const stance = (config.stance ??= {});
      if (!seen?.ok) {
        stance.dataEvents = { collected: false };
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
      stance.dataEvents = { collected: true, read: read.sort(), write: write.sort() };
    }
  }
}

export function enrichAws(collection: Collection): Collection {
  s3DataEvents(collection.scopes);
  return collection;
}

