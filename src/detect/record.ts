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

/** How far ahead of the run's clock an event may be dated (clocks differ a little). */
export const DEFAULT_CLOCK_SKEW_MS = 15 * 60_000;

/** `15m`, `2h`, `90s`: a duration as the CLI takes it. */
function durationText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/**
 * The latest event time a run accepts: its clock plus the skew allowance. An event dated later is
 * bad input (a broken clock or a forged record): accepted, it would carry the engine's sense of
 * "now" into the future and make every real event after it look late.
 */
export interface TimeLimit {
  latest: number;
  skewMs: number;
}

/** Why an event's time is not acceptable, or undefined when it is. */
export function futureProblem(record: CloudTrailRecord, time: number, limit?: TimeLimit): string | undefined {
  if (!limit || time <= limit.latest) return undefined;
  return `eventTime ${JSON.stringify(record.eventTime)} is in the future (more than ${durationText(limit.skewMs)} ahead of the clock)`;
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
