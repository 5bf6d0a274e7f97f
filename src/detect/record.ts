/** The CloudTrail record fields Stance relies on; everything else is read through field paths. */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  eventType?: string;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    principalId?: string;
    userName?: string;
    [key: string]: unknown;
  };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  resources?: { ARN?: string; accountId?: string; type?: string }[];
  [key: string]: unknown;
}

const REQUIRED = ['eventID', 'eventTime', 'eventSource', 'eventName'] as const;

/** Why a parsed value is not a usable CloudTrail record, or undefined when it is. */
export function checkRecord(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return 'not a CloudTrail record (expected an object)';
  const record = value as Record<string, unknown>;
  for (const field of REQUIRED) {
    if (typeof record[field] !== 'string' || record[field] === '') return `missing ${field}`;
  }
  if (Number.isNaN(Date.parse(record.eventTime as string)))
    return `eventTime ${JSON.stringify(record.eventTime)} is not a date`;
  return undefined;
}

/** Stricter: what a rule's test event must carry to be a realistic record. */
export function checkTestRecord(value: unknown): string | undefined {
  const basic = checkRecord(value);
  if (basic) return basic;
  const record = value as Record<string, unknown>;
  for (const field of [
    'eventVersion',
    'awsRegion',
    'recipientAccountId',
    'eventType',
    'sourceIPAddress',
    'userIdentity',
  ]) {
    if (record[field] === undefined || record[field] === null) return `missing ${field}`;
  }
  const identity = record.userIdentity as Record<string, unknown>;
  if (typeof identity.type !== 'string') return 'missing userIdentity.type';
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(record.eventTime as string))
    return 'eventTime must look like 2026-01-31T12:00:00Z';
  return undefined;
}
