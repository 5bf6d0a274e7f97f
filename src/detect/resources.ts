import type { CloudTrailRecord } from './record.js';

/**
 * The posture resource ids (DESIGN.md "Resource ids", docs/aws-resources.md) an event touches:
 * the acting identity and the resources named in the request, so signals and findings join.
 */

/** An ARN as the posture inventory spells it: assumed-role sessions become their role, root the account. */
export function normalizeArn(arn: string): string {
  const m = /^arn:(aws[\w-]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(arn);
  if (!m) return arn;
  const [, partition, service, region, account, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const role = rest.split('/')[1];
    if (role) return `arn:${partition}:iam::${account}:role/${role}`;
  }
  if (service === 'iam' && rest === 'root') return `aws://${account}/global/account`;
  if (service === 's3' && !region && !account) return `arn:${partition}:s3:::${rest.split('/')[0]}`;
  return arn;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string' && value) return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return [];
}

function items(value: unknown, key: string): string[] {
  const list = (value as { items?: unknown[] } | undefined)?.items;
  return Array.isArray(list) ? list.flatMap((i) => strings((i as Record<string, unknown>)?.[key])) : [];
}

/** Resource ids an event involves, sorted and unique. */
export function resourceIds(record: CloudTrailRecord): string[] {
  const out = new Set<string>();
  const account = record.recipientAccountId ?? record.userIdentity?.accountId ?? '';
  const region = record.awsRegion ?? '';
  const req = (record.requestParameters ?? {}) as Record<string, unknown>;
  const res = (record.responseElements ?? {}) as Record<string, unknown>;
  const identity = record.userIdentity;
  if (identity?.type === 'Root' && identity.accountId) out.add(`aws://${identity.accountId}/global/account`);
  else if (identity?.arn && /^arn:aws[\w-]*:(iam|sts)::/.test(identity.arn))
    out.add(normalizeArn(identity.arn));
  for (const r of record.resources ?? []) if (typeof r?.ARN === 'string') out.add(normalizeArn(r.ARN));
  if (!account) return [...out].sort();
  const source = record.eventSource;
  const iam = (kind: string, name: string) =>
    name.startsWith('arn:') ? name : `arn:aws:iam::${account}:${kind}/${name}`;
  if (source === 'iam.amazonaws.com') {
    for (const name of strings(req.userName)) out.add(iam('user', name));
    for (const name of strings(req.roleName)) out.add(iam('role', name));
    for (const name of strings(req.groupName)) out.add(iam('group', name));
    for (const arn of strings(req.policyArn)) out.add(arn);
  }
  if (source === 's3.amazonaws.com')
    for (const name of strings(req.bucketName)) out.add(`arn:aws:s3:::${name}`);
  if (source === 'ec2.amazonaws.com' && region) {
    const instances = [
      ...strings(req.instanceId),
      ...items(req.instancesSet, 'instanceId'),
      ...items(res.instancesSet, 'instanceId'),
    ];
    for (const id of instances) out.add(`arn:aws:ec2:${region}:${account}:instance/${id}`);
    for (const id of strings(req.groupId)) out.add(`arn:aws:ec2:${region}:${account}:security-group/${id}`);
  }
  if (source === 'cloudtrail.amazonaws.com' && region) {
    for (const name of [...strings(req.name), ...strings(req.trailName)]) {
      out.add(name.startsWith('arn:') ? name : `arn:aws:cloudtrail:${region}:${account}:trail/${name}`);
    }
    out.add(`aws://${account}/${region}/cloudtrail`);
  }
  if (source === 'kms.amazonaws.com' && region) {
    for (const key of strings(req.keyId))
      out.add(key.startsWith('arn:') ? key : `arn:aws:kms:${region}:${account}:key/${key}`);
  }
  if (source === 'config.amazonaws.com' && region) out.add(`aws://${account}/${region}/config`);
  if (source === 'securityhub.amazonaws.com' && region) out.add(`aws://${account}/${region}/security-hub`);
  if (source === 'ssm.amazonaws.com' && region) {
    for (const id of [...strings(req.instanceIds), ...strings(req.target)]) {
      if (/^i-[0-9a-f]+$/.test(id)) out.add(`arn:aws:ec2:${region}:${account}:instance/${id}`);
    }
  }
  return [...out].sort();
}
