/**
 * The summary of a CloudTrail event a signal keeps for its reader (console, `stance signals show`):
 * who did what, where and from where. Built from an allow-list of fields, so nothing else of the
 * record is stored: never requestParameters or responseElements as a whole (they can carry policy
 * documents, passwords, secret values, session tokens), only the request parameters that name a
 * resource. Every text is cut to a bounded length; rendering escapes it (HTML, terminal).
 *
 * userIdentity.accessKeyId is kept: AWS treats an access key id as an identifier, not a secret
 * (the secret access key and session token never appear in CloudTrail), and it is what a responder
 * needs to find and deactivate the key that acted, or to tell a long-term key (AKIA…) from a
 * temporary one (ASIA…). It is kept only when it has the shape of a key id (upper-case letters and
 * digits, 16 to 128 characters), so a forged record cannot smuggle a secret in under that name.
 */
import type { SignalEventSummary } from '../store/index.js';
import { redactUrlsInText } from '../util/redact.js';
import type { CloudTrailRecord } from './record.js';

/** How many events of a signal keep a summary (the earliest by time); the count covers the rest. */
export const MAX_EVENT_SUMMARIES = 50;

const MAX_TEXT = 256;
const MAX_USER_AGENT = 200;
const MAX_ARN = 512;
const MAX_RESOURCES = 10;

/**
 * Request parameters that name a resource (an id, a name or an ARN), never a value or a document.
 * `key` (an S3 object key) is a name too. Anything else in requestParameters is not stored.
 */
const RESOURCE_PARAMETERS = [
  'bucketName',
  'key',
  'roleName',
  'roleArn',
  'roleSessionName',
  'userName',
  'groupName',
  'policyArn',
  'policyName',
  'instanceId',
  'functionName',
  'dBInstanceIdentifier',
  'dBClusterIdentifier',
  'dBSnapshotIdentifier',
  'trailName',
  'name',
  'keyId',
  'secretId',
  'tableName',
  'clusterName',
  'repositoryName',
  'topicArn',
  'groupId',
  'vpcId',
  'subnetId',
  'snapshotId',
  'volumeId',
  'imageId',
  'stackName',
  'logGroupName',
  'detectorId',
  'hostedZoneId',
  'certificateArn',
  'serialNumber',
] as const;

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/** A string field cut to `max` characters (with an ellipsis), URLs reduced to scheme and host; null otherwise. */
function text(value: unknown, max = MAX_TEXT): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const cut = value.length > max * 4 ? value.slice(0, max * 4) : value;
  // Cheap first: most fields hold no URL (every matched event of a correlation is summarised).
  const safe = cut.includes('://') ? redactUrlsInText(cut) : cut;
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** The session name of an assumed-role ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`). */
function sessionNameOf(arn: string | null): string | null {
  const m = arn?.includes(':assumed-role/') ? /:assumed-role\/[^/]+\/(.+)$/.exec(arn) : null;
  return m ? text(m[1]) : null;
}

function resourcesOf(params: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!params || typeof params !== 'object' || Array.isArray(params)) return out;
  const record = params as Record<string, unknown>;
  let n = 0;
  for (const key of RESOURCE_PARAMETERS) {
    if (n >= MAX_RESOURCES) break;
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const value = text(record[key]);
    if (value === null) continue;
    out[key] = value;
    n++;
  }
  return out;
}

/** The summary of one event (`time`: its parsed eventTime, epoch ms). */
export function summariseEvent(record: CloudTrailRecord, time: number): SignalEventSummary {
  const identity =
    record.userIdentity && typeof record.userIdentity === 'object' && !Array.isArray(record.userIdentity)
      ? record.userIdentity
      : {};
  const arn = text(identity.arn, MAX_ARN);
  const keyId = typeof identity.accessKeyId === 'string' ? identity.accessKeyId : '';
  return {
    id: text(record.eventID) ?? '',
    time: new Date(time).toISOString(),
    recorded: true,
    eventName: text(record.eventName),
    eventSource: text(record.eventSource),
    awsRegion: text(record.awsRegion),
    sourceIPAddress: text(record.sourceIPAddress),
    userAgent: text(record.userAgent, MAX_USER_AGENT),
    identityType: text(identity.type),
    identityArn: arn,
    principalId: text(identity.principalId),
    userName: text(identity.userName),
    sessionName: sessionNameOf(arn),
    accessKeyId: ACCESS_KEY_ID.test(keyId) ? keyId : null,
    recipientAccountId: text(record.recipientAccountId),
    errorCode: text(record.errorCode),
    resources: resourcesOf(record.requestParameters),
  };
}

/** An event counted without its record at hand: only its id and time. */
export function unrecordedEvent(id: string, time: number): SignalEventSummary {
  return {
    id,
    time: new Date(time).toISOString(),
    recorded: false,
    eventName: null,
    eventSource: null,
    awsRegion: null,
    sourceIPAddress: null,
    userAgent: null,
    identityType: null,
    identityArn: null,
    principalId: null,
    userName: null,
    sessionName: null,
    accessKeyId: null,
    recipientAccountId: null,
    errorCode: null,
    resources: {},
  };
}
