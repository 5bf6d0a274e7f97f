/**
 * Realistic benign CloudTrail traffic for one account: mostly read-only API calls by application
 * roles (on EC2 instances) and people, console sign-ins with MFA from each person's own address (now
 * and then one mistyped password first), IAM changes by a few administrators and scattered
 * AccessDenied errors. One definition, used by the detection benchmark (bench/lib/cloudtrail.mjs),
 * by the rule tests that mix each test event into it (coverage), and by the noise test that runs the
 * whole pack over it. Deterministic for a seed.
 */
import type { CloudTrailRecord } from './record.js';

export const BENIGN_ACCOUNT = '111122223333';

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
type Params = (random: Random, who: Actor) => Record<string, unknown> | null;

export interface Actor {
  kind: string;
  name?: string;
  ip: string;
  ua?: string;
  admin?: boolean;
  secrets?: string[];
  identity: Record<string, unknown>;
}

const hex = (random: Random, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(random() * 16)];
  return s;
};
const uuid = (random: Random) =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`;
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36';
const CLI =
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.ubuntu.22 prompt/off command/ec2.describe-instances';
const SDKS = [
  'aws-sdk-java/2.25.10 Linux/6.1.79 OpenJDK_64-Bit_Server_VM/21.0.2',
  'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.1.79 lang/python#3.11.8',
  'aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux',
];
const ACCOUNT = BENIGN_ACCOUNT;

// People work from public addresses that the bundled geolocation database places (offices and homes
// in London, Paris, Falkenstein, Warsaw): each keeps one address, so travel rules stay quiet, and the
// database is loaded as in production.
const OFFICES = ['81.2.69', '212.58.244', '62.210.0', '176.9.0', '93.184.216'];

export const people: Actor[] = Array.from({ length: 120 }, (_, i) => ({
  kind: 'user',
  name: `user-${i}`,
  ip: `${OFFICES[i % OFFICES.length]}.${20 + (i % 200)}`,
  admin: i < 5,
  identity: {
    type: 'IAMUser',
    principalId: `AIDA${String(i).padStart(17, 'X')}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/user-${i}`,
    accountId: ACCOUNT,
    accessKeyId: `AKIA${String(i).padStart(16, 'Q')}`,
    userName: `user-${i}`,
  },
}));

export const apps: Actor[] = Array.from({ length: 40 }, (_, i) => {
  const instance = `i-0${String(i).padStart(16, 'a')}`;
  return {
    kind: 'role',
    name: `app-role-${i}`,
    ip: `10.0.${i}.${10 + (i % 3)}`,
    ua: SDKS[i % SDKS.length],
    secrets: [`prod/app-${i}/db`, `prod/app-${i}/api-key`],
    identity: {
      type: 'AssumedRole',
      principalId: `AROA${String(i).padStart(17, 'R')}:${instance}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role-${i}/${instance}`,
      accountId: ACCOUNT,
      accessKeyId: `ASIA${String(i).padStart(16, 'T')}`,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: `AROA${String(i).padStart(17, 'R')}`,
          arn: `arn:aws:iam::${ACCOUNT}:role/app-role-${i}`,
          accountId: ACCOUNT,
          userName: `app-role-${i}`,
        },
        attributes: { creationDate: '2026-03-01T00:00:00Z', mfaAuthenticated: 'false' },
        ec2RoleDelivery: '2.0',
      },
    },
  };
});

type Call = [weight: number, source: string, name: string, readOnly: boolean, params: Params];

const APP_CALLS: Call[] = [
  [
    20,
    's3.amazonaws.com',
    'GetObject',
    true,
    (r, w) => ({ bucketName: `${w.name}-data`, key: `objects/${Math.floor(r() * 5000)}.json` }),
  ],
  [
    5,
    's3.amazonaws.com',
    'PutObject',
    false,
    (r, w) => ({ bucketName: `${w.name}-data`, key: `objects/${Math.floor(r() * 5000)}.json` }),
  ],
  [15, 'dynamodb.amazonaws.com', 'Query', true, (r, w) => ({ tableName: `${w.name}-table`, limit: 50 })],
  [4, 'dynamodb.amazonaws.com', 'PutItem', false, (r, w) => ({ tableName: `${w.name}-table` })],
  [10, 'kms.amazonaws.com', 'Decrypt', true, () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })],
  [
    3,
    'kms.amazonaws.com',
    'GenerateDataKey',
    true,
    (r, w) => ({ keyId: `alias/${w.name}`, keySpec: 'AES_256' }),
  ],
  [
    5,
    'sts.amazonaws.com',
    'AssumeRole',
    true,
    (r, w) => ({
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${w.name}-worker`,
      roleSessionName: `session-${Math.floor(r() * 100)}`,
    }),
  ],
  [
    2,
    'secretsmanager.amazonaws.com',
    'GetSecretValue',
    true,
    (r, w) => ({ secretId: w.secrets![Math.floor(r() * w.secrets!.length)] }),
  ],
  [
    2,
    'ssm.amazonaws.com',
    'GetParameter',
    true,
    (r, w) => ({ name: `/${w.name}/config`, withDecryption: true }),
  ],
  [3, 'ec2.amazonaws.com', 'DescribeInstances', true, () => ({ instancesSet: {}, filterSet: {} })],
  [
    3,
    'sqs.amazonaws.com',
    'ReceiveMessage',
    true,
    (r, w) => ({ queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${w.name}` }),
  ],
  [2, 'cloudwatch.amazonaws.com', 'PutMetricData', false, (r, w) => ({ namespace: w.name })],
];
const PERSON_CALLS: Call[] = [
  [25, 'ec2.amazonaws.com', 'DescribeInstances', true, () => ({ instancesSet: {}, filterSet: {} })],
  [6, 'ec2.amazonaws.com', 'DescribeSecurityGroups', true, () => ({ securityGroupSet: {}, filterSet: {} })],
  [4, 'ec2.amazonaws.com', 'DescribeVolumes', true, () => ({ volumeSet: {}, filterSet: {} })],
  [6, 'iam.amazonaws.com', 'ListRoles', true, () => null],
  [4, 'iam.amazonaws.com', 'GetRole', true, (r) => ({ roleName: `app-role-${Math.floor(r() * 40)}` })],
  [8, 's3.amazonaws.com', 'ListBuckets', true, () => ({ Host: 's3.amazonaws.com' })],
  [
    4,
    's3.amazonaws.com',
    'GetBucketPolicy',
    true,
    (r) => ({ bucketName: `app-role-${Math.floor(r() * 40)}-data`, policy: '' }),
  ],
  [10, 'monitoring.amazonaws.com', 'GetMetricData', true, () => ({ startTime: 'x', endTime: 'y' })],
  [
    6,
    'logs.amazonaws.com',
    'FilterLogEvents',
    true,
    (r) => ({ logGroupName: `/aws/app/app-role-${Math.floor(r() * 40)}` }),
  ],
  [5, 'cloudformation.amazonaws.com', 'DescribeStacks', true, () => null],
  [3, 'lambda.amazonaws.com', 'ListFunctions20150331', true, () => null],
  [
    2,
    'ec2.amazonaws.com',
    'CreateTags',
    false,
    (r) => ({
      resourcesSet: { items: [{ resourceId: `i-0${hex(r, 16)}` }] },
      tagSet: { items: [{ key: 'team', value: 'web' }] },
    }),
  ],
];
const IAM_CHANGES: [string, Params][] = [
  [
    'CreateRole',
    (r) => ({
      roleName: `svc-${Math.floor(r() * 1000)}`,
      assumeRolePolicyDocument:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    }),
  ],
  [
    'AttachRolePolicy',
    (r) => ({
      roleName: `app-role-${Math.floor(r() * 40)}`,
      policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
  ],
  [
    'PutRolePolicy',
    (r) => ({
      roleName: `app-role-${Math.floor(r() * 40)}`,
      policyName: 'bucket-access',
      policyDocument:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::app-data/*"}]}',
    }),
  ],
  [
    'TagRole',
    (r) => ({ roleName: `app-role-${Math.floor(r() * 40)}`, tags: [{ key: 'owner', value: 'platform' }] }),
  ],
  ['CreateAccessKey', (r, w) => ({ userName: w.name })],
  ['DeleteAccessKey', (r, w) => ({ userName: w.name, accessKeyId: `AKIA${hex(r, 16).toUpperCase()}` })],
];

function weighted(list: Call[]): (random: Random) => Call {
  const total = list.reduce((n, c) => n + c[0], 0);
  return (r) => {
    let x = r() * total;
    for (const c of list) if ((x -= c[0]) < 0) return c;
    return list[list.length - 1]!;
  };
}
const appCall = weighted(APP_CALLS);
const personCall = weighted(PERSON_CALLS);
const REGIONS: [string, number][] = [
  ['us-east-1', 0.55],
  ['eu-west-1', 0.35],
  ['us-west-2', 0.1],
];
const region = (r: Random) => {
  let x = r();
  for (const [name, p] of REGIONS) if ((x -= p) < 0) return name;
  return 'us-east-1';
};
const GLOBAL = new Set(['iam.amazonaws.com', 'sts.amazonaws.com', 'signin.amazonaws.com']);

/** One CloudTrail record as AWS writes it; `extra` overrides or adds fields. */
export function baseEvent(
  random: Random,
  t: number,
  who: Actor,
  source: string,
  name: string,
  extra: Record<string, unknown> = {},
): CloudTrailRecord {
  const role = who.kind === 'role';
  const console = source === 'signin.amazonaws.com';
  const awsRegion = extra.awsRegion as string | undefined;
  return {
    eventVersion: '1.09',
    userIdentity: who.identity,
    eventTime: isoSeconds(t),
    eventSource: source,
    eventName: name,
    awsRegion: GLOBAL.has(source) ? 'us-east-1' : (awsRegion ?? region(random)),
    sourceIPAddress: who.ip,
    userAgent: console ? BROWSER : role ? who.ua : CLI,
    requestParameters: null,
    responseElements: null,
    requestID: uuid(random),
    eventID: uuid(random),
    readOnly: true,
    eventType: console ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...(console
      ? {}
      : {
          tlsDetails: {
            tlsVersion: 'TLSv1.3',
            cipherSuite: 'TLS_AES_128_GCM_SHA256',
            clientProvidedHostHeader: `${source.split('.')[0]}.${awsRegion ?? 'us-east-1'}.amazonaws.com`,
          },
        }),
    ...extra,
  };
}

export function consoleLogin(
  random: Random,
  t: number,
  who: Actor,
  ok: boolean,
  mfa = 'Yes',
  ip = who.ip,
): CloudTrailRecord {
  return baseEvent(random, t, { ...who, ip }, 'signin.amazonaws.com', 'ConsoleLogin', {
    responseElements: { ConsoleLogin: ok ? 'Success' : 'Failure' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: mfa,
    },
    ...(ok ? {} : { errorMessage: 'Failed authentication' }),
    readOnly: false,
  });
}

/** One background event at time t (sometimes two: a mistyped password before a sign-in). */
export function backgroundEvents(random: Random, t: number): CloudTrailRecord[] {
  if (random() < 0.6) {
    const who = apps[Math.floor(random() * apps.length)]!;
    const [, source, name, readOnly, params] = appCall(random);
    return [baseEvent(random, t, who, source, name, { requestParameters: params(random, who), readOnly })];
  }
  const who = people[Math.floor(random() * people.length)]!;
  const r = random();
  if (r < 0.025) {
    const out: CloudTrailRecord[] = [];
    if (random() < 0.05) out.push(consoleLogin(random, t - 40_000, who, false));
    out.push(consoleLogin(random, t, who, true));
    return out;
  }
  if (r < 0.0375) {
    const admin = people[Math.floor(random() * 5)]!;
    const [name, params] = IAM_CHANGES[Math.floor(random() * IAM_CHANGES.length)]!;
    return [
      baseEvent(random, t, admin, 'iam.amazonaws.com', name, {
        requestParameters: params(random, admin),
        readOnly: false,
      }),
    ];
  }
  const [, source, name, readOnly, params] = personCall(random);
  const event = baseEvent(random, t, who, source, name, { requestParameters: params(random, who), readOnly });
  if (random() < 0.01)
    Object.assign(event, {
      errorCode: 'AccessDenied',
      errorMessage: `User: ${String(who.identity.arn)} is not authorized to perform: ${name}`,
    });
  return [event];
}

/** `count` background events spread evenly over [fromMs, toMs], in time order. */
export function benignTraffic(count: number, fromMs: number, toMs: number, seed = 1): CloudTrailRecord[] {
  const random = prng(seed);
  const out: CloudTrailRecord[] = [];
  const span = Math.max(0, toMs - fromMs);
  for (let i = 0; out.length < count; i++) {
    const t = fromMs + Math.floor((out.length / count) * span);
    for (const e of backgroundEvents(random, t)) if (out.length < count) out.push(e);
  }
  return out.sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));
}
