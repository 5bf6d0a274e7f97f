// Realistic synthetic CloudTrail traffic for bench/detect.mjs: one account over 14 days, mostly
// read-only API calls by application roles (on EC2 instances) and people, console sign-ins with
// MFA from each person's own address (now and then one mistyped password first), IAM changes by a
// few administrators, scattered AccessDenied errors, and a fixed set of injected attacks (after the
// 7-day learning period of the new-value rules), each naming the pack rules that must detect it.
// Written as CloudTrail writes it: gzip `{"Records": [...]}` files per region. A file spans an hour
// at 1M events and proportionally longer at smaller sizes, so files hold the same number of events
// (about 1,600 in us-east-1) at every size: memory per file is the same, and what peak RSS does
// between sizes is what the run keeps across events.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { prng } from './inventory.mjs';

export const ACCOUNT = '111122223333';
const START = Date.UTC(2026, 2, 1);
const DAYS = 14;
const DAY = 86_400_000;
const FILE_EVENTS = 5000;
const FILE_SPAN_AT_1M = 3600_000;

const hex = (random, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(random() * 16)];
  return s;
};
const uuid = (random) =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36';
const CLI =
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.ubuntu.22 prompt/off command/ec2.describe-instances';
const SDKS = [
  'aws-sdk-java/2.25.10 Linux/6.1.79 OpenJDK_64-Bit_Server_VM/21.0.2',
  'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.1.79 lang/python#3.11.8',
  'aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux',
];

// People work from public addresses that the bundled geolocation database places (offices and homes
// in London, Paris, Falkenstein, Warsaw): each keeps one address, so travel rules stay quiet, and the
// database is loaded as in production.
const OFFICES = ['81.2.69', '212.58.244', '62.210.0', '176.9.0', '93.184.216'];
const people = Array.from({ length: 120 }, (_, i) => ({
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
const apps = Array.from({ length: 40 }, (_, i) => {
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

/** [weight, eventSource, eventName, readOnly, requestParameters(random, who)] */
const APP_CALLS = [
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
    (r, w) => ({ secretId: w.secrets[Math.floor(r() * w.secrets.length)] }),
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
const PERSON_CALLS = [
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
const IAM_CHANGES = [
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

function weighted(list) {
  const total = list.reduce((n, c) => n + c[0], 0);
  return (r) => {
    let x = r() * total;
    for (const c of list) if ((x -= c[0]) < 0) return c;
    return list[list.length - 1];
  };
}
const appCall = weighted(APP_CALLS);
const personCall = weighted(PERSON_CALLS);
const REGIONS = [
  ['us-east-1', 0.55],
  ['eu-west-1', 0.35],
  ['us-west-2', 0.1],
];
const region = (r) => {
  let x = r();
  for (const [name, p] of REGIONS) if ((x -= p) < 0) return name;
  return 'us-east-1';
};
const GLOBAL = new Set(['iam.amazonaws.com', 'sts.amazonaws.com', 'signin.amazonaws.com']);

function base(random, t, who, source, name, extra = {}) {
  const role = who.kind === 'role';
  const console = source === 'signin.amazonaws.com';
  return {
    eventVersion: '1.09',
    userIdentity: who.identity,
    eventTime: iso(t),
    eventSource: source,
    eventName: name,
    awsRegion: GLOBAL.has(source) ? 'us-east-1' : (extra.awsRegion ?? region(random)),
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
            clientProvidedHostHeader: `${source.split('.')[0]}.${extra.awsRegion ?? 'us-east-1'}.amazonaws.com`,
          },
        }),
    ...extra,
  };
}

function login(random, t, who, ok, mfa = 'Yes', ip = who.ip) {
  return base(random, t, { ...who, ip }, 'signin.amazonaws.com', 'ConsoleLogin', {
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

/** One background event (sometimes two: a mistyped password before a sign-in). */
function background(random, t) {
  if (random() < 0.6) {
    const who = apps[Math.floor(random() * apps.length)];
    const [, source, name, readOnly, params] = appCall(random);
    return [base(random, t, who, source, name, { requestParameters: params(random, who), readOnly })];
  }
  const who = people[Math.floor(random() * people.length)];
  const r = random();
  if (r < 0.025) {
    const out = [];
    if (random() < 0.05) out.push(login(random, t - 40_000, who, false));
    out.push(login(random, t, who, true));
    return out;
  }
  if (r < 0.0375) {
    const admin = people[Math.floor(random() * 5)];
    const [name, params] = IAM_CHANGES[Math.floor(random() * IAM_CHANGES.length)];
    return [
      base(random, t, admin, 'iam.amazonaws.com', name, {
        requestParameters: params(random, admin),
        readOnly: false,
      }),
    ];
  }
  const [, source, name, readOnly, params] = personCall(random);
  const event = base(random, t, who, source, name, { requestParameters: params(random, who), readOnly });
  if (random() < 0.01)
    Object.assign(event, {
      errorCode: 'AccessDenied',
      errorMessage: `User: ${who.identity.arn} is not authorized to perform: ${name}`,
    });
  return [event];
}

const attacker = '203.0.113.66';
const victim = people[7];
const stolenRole = apps[3];
const outsider = '999988887777';

/** The injected attacks: when (day of the 14), the events, and the pack rules that must fire. */
export const ATTACKS = [
  {
    name: 'console brute force, then a sign-in without MFA',
    day: 8.2,
    rules: [
      'aws-ct-console-login-brute-force',
      'aws-ct-console-login-success-after-failure',
      'aws-ct-console-login-without-mfa',
    ],
    events: (r, t) => [
      ...Array.from({ length: 25 }, (_, i) => login(r, t + i * 12_000, victim, false, 'No', attacker)),
      login(r, t + 330_000, victim, true, 'No', attacker),
    ],
  },
  {
    name: 'persistence: an access key for another user, made administrator',
    day: 8.25,
    rules: ['aws-ct-iam-access-key-for-other-user', 'aws-ct-iam-admin-policy-attached'],
    events: (r, t) => {
      const who = { ...victim, ip: attacker };
      return [
        base(r, t, who, 'iam.amazonaws.com', 'CreateAccessKey', {
          requestParameters: { userName: 'user-42' },
          readOnly: false,
        }),
        base(r, t + 20_000, who, 'iam.amazonaws.com', 'AttachUserPolicy', {
          requestParameters: {
            userName: 'user-42',
            policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          },
          readOnly: false,
        }),
      ];
    },
  },
  {
    name: 'defense evasion: trail stopped, GuardDuty detector deleted',
    day: 8.3,
    rules: ['aws-ct-cloudtrail-stop-logging', 'aws-ct-guardduty-detector-deleted'],
    events: (r, t) => {
      const who = { ...people[42], ip: attacker };
      return [
        base(r, t, who, 'cloudtrail.amazonaws.com', 'StopLogging', {
          requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management` },
          readOnly: false,
          awsRegion: 'us-east-1',
        }),
        base(r, t + 30_000, who, 'guardduty.amazonaws.com', 'DeleteDetector', {
          requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0' },
          readOnly: false,
          awsRegion: 'us-east-1',
        }),
      ];
    },
  },
  {
    name: 'stolen role credentials: discovery burst with AccessDenied',
    day: 9.1,
    rules: ['aws-ct-discovery-burst-access-denied'],
    events: (r, t) => {
      const names = [
        'ListUsers',
        'ListRoles',
        'ListPolicies',
        'GetAccountAuthorizationDetails',
        'ListGroups',
        'ListAccessKeys',
        'GetAccountSummary',
        'ListAttachedUserPolicies',
        'ListInstanceProfiles',
        'ListSAMLProviders',
        'ListOpenIDConnectProviders',
        'GetCredentialReport',
        'ListMFADevices',
        'ListServerCertificates',
      ];
      return names.map((name, i) =>
        base(
          r,
          t + i * 9_000,
          { ...stolenRole, ip: attacker, ua: 'aws-cli/2.15.30' },
          'iam.amazonaws.com',
          name,
          { errorCode: 'AccessDenied', errorMessage: `not authorized to perform: iam:${name}` },
        ),
      );
    },
  },
  {
    name: 'stolen role credentials: secrets read in bulk',
    day: 9.15,
    rules: ['aws-ct-secrets-bulk-read'],
    events: (r, t) =>
      Array.from({ length: 15 }, (_, i) =>
        base(
          r,
          t + i * 15_000,
          { ...stolenRole, ip: attacker },
          'secretsmanager.amazonaws.com',
          'GetSecretValue',
          { requestParameters: { secretId: `prod/app-${i}/db` }, awsRegion: 'us-east-1' },
        ),
      ),
  },
  {
    name: 'recon tool user agent',
    day: 9.2,
    rules: ['aws-ct-recon-tool-user-agent'],
    events: (r, t) => [
      base(
        r,
        t,
        { ...stolenRole, ip: attacker, ua: 'pacu/1.5.2 (enumerate)' },
        'sts.amazonaws.com',
        'GetCallerIdentity',
      ),
    ],
  },
  {
    name: 'exfiltration: EBS snapshot shared with an outside account',
    day: 10,
    rules: ['aws-ct-ebs-snapshot-shared'],
    events: (r, t) => [
      base(r, t, { ...people[42], ip: attacker }, 'ec2.amazonaws.com', 'ModifySnapshotAttribute', {
        awsRegion: 'eu-west-1',
        readOnly: false,
        requestParameters: {
          snapshotId: 'snap-0123456789abcdef0',
          attributeType: 'CREATE_VOLUME_PERMISSION',
          createVolumePermission: { add: { items: [{ userId: outsider }] } },
        },
      }),
    ],
  },
  {
    name: 'trust policy opened to an outside account',
    day: 10.5,
    rules: ['aws-ct-iam-trust-policy-opened'],
    events: (r, t) => [
      base(r, t, { ...people[42], ip: attacker }, 'iam.amazonaws.com', 'UpdateAssumeRolePolicy', {
        readOnly: false,
        requestParameters: {
          roleName: 'app-role-5',
          policyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${outsider}:root"},"Action":"sts:AssumeRole"}]}`,
        },
      }),
    ],
  },
  {
    name: 'instance role creates an IAM user',
    day: 11,
    rules: ['aws-ct-iam-user-created-by-instance-role'],
    events: (r, t) => [
      base(r, t, apps[9], 'iam.amazonaws.com', 'CreateUser', {
        requestParameters: { userName: 'backup-svc' },
        readOnly: false,
      }),
    ],
  },
  {
    name: 'instances launched in a region never used',
    day: 11.5,
    rules: ['aws-ct-first-use-of-region'],
    events: (r, t) => [
      base(r, t, { ...people[42], ip: attacker }, 'ec2.amazonaws.com', 'RunInstances', {
        awsRegion: 'ap-southeast-3',
        readOnly: false,
        requestParameters: {
          instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 1, maxCount: 1 }] },
          instanceType: 'c5.large',
        },
      }),
    ],
  },
  {
    name: 'KMS key deletion scheduled',
    day: 12,
    rules: ['aws-ct-kms-key-deletion-scheduled'],
    events: (r, t) => [
      base(r, t, { ...people[42], ip: attacker }, 'kms.amazonaws.com', 'ScheduleKeyDeletion', {
        awsRegion: 'us-east-1',
        readOnly: false,
        requestParameters: {
          keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          pendingWindowInDays: 7,
        },
      }),
    ],
  },
  {
    name: 'impossible travel: a console sign-in from Sydney 20 minutes after one from the office',
    day: 10.4,
    rules: ['aws-ct-impossible-travel-console'],
    events: (r, t) => [
      login(r, t, people[11], true),
      login(r, t + 20 * 60_000, people[11], true, 'Yes', '1.1.1.1'),
    ],
  },
  {
    name: 'sequence: a new access key, an IAM enumeration burst, then a privilege change',
    day: 10.6,
    rules: ['aws-ct-seq-key-enumeration-privilege-change'],
    events: (r, t) => {
      const who = { ...people[13], ip: attacker, ua: 'aws-cli/2.15.30' };
      const reads = [
        'ListUsers',
        'ListRoles',
        'ListPolicies',
        'GetAccountAuthorizationDetails',
        'ListGroups',
        'ListAttachedUserPolicies',
        'GetUser',
        'ListAccessKeys',
        'ListUserPolicies',
        'ListGroupsForUser',
        'GetAccountSummary',
        'ListInstanceProfiles',
        'ListMFADevices',
        'GetLoginProfile',
        'ListSAMLProviders',
        'ListOpenIDConnectProviders',
      ];
      return [
        base(r, t, who, 'iam.amazonaws.com', 'CreateAccessKey', {
          requestParameters: { userName: who.name },
          readOnly: false,
        }),
        ...reads.map((name, i) =>
          base(r, t + 60_000 + i * 20_000, who, 'iam.amazonaws.com', name, { readOnly: true }),
        ),
        base(r, t + 15 * 60_000, who, 'iam.amazonaws.com', 'AttachUserPolicy', {
          requestParameters: { userName: who.name, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          readOnly: false,
        }),
      ];
    },
  },
  {
    name: 'root console sign-in',
    day: 13,
    rules: ['aws-ct-root-console-login'],
    events: (r, t) => [
      login(
        r,
        t,
        {
          kind: 'root',
          ip: attacker,
          identity: {
            type: 'Root',
            principalId: ACCOUNT,
            arn: `arn:aws:iam::${ACCOUNT}:root`,
            accountId: ACCOUNT,
            accessKeyId: '',
          },
        },
        true,
        'No',
        attacker,
      ),
    ],
  },
];

/**
 * Writes `count` events (background plus every attack) under `dir` in the trail layout; returns
 * the number of files and of attack events.
 */
export function generateTrail(dir, count, seed) {
  const random = prng(seed);
  const attackRandom = prng(7);
  const pending = ATTACKS.map((a) => ({ at: START + a.day * DAY, attack: a })).sort((a, b) => a.at - b.at);
  const attackEvents = ATTACKS.length
    ? pending.map((p) => p.attack.events(attackRandom, p.at).length).reduce((a, b) => a + b, 0)
    : 0;
  const backgroundCount = count - attackEvents;
  const open = new Map();
  const fileSpan = FILE_SPAN_AT_1M * (1_000_000 / count);
  let files = 0;
  const flush = (regionName) => {
    const f = open.get(regionName);
    if (!f || !f.records.length) return;
    const d = new Date(f.start);
    const folder = join(
      dir,
      'AWSLogs',
      ACCOUNT,
      'CloudTrail',
      regionName,
      String(d.getUTCFullYear()),
      String(d.getUTCMonth() + 1).padStart(2, '0'),
      String(d.getUTCDate()).padStart(2, '0'),
    );
    mkdirSync(folder, { recursive: true });
    const stamp = iso(f.start).replace(/[-:]/g, '').slice(0, 13) + 'Z';
    writeFileSync(
      join(
        folder,
        `${ACCOUNT}_CloudTrail_${regionName}_${stamp}_${String(files++).padStart(6, '0')}.json.gz`,
      ),
      gzipSync(JSON.stringify({ Records: f.records })),
    );
    open.delete(regionName);
  };
  const add = (event) => {
    const t = Date.parse(event.eventTime);
    let f = open.get(event.awsRegion);
    if (f && (f.records.length >= FILE_EVENTS || t - f.start > fileSpan)) {
      flush(event.awsRegion);
      f = undefined;
    }
    if (!f) open.set(event.awsRegion, (f = { start: t, records: [] }));
    f.records.push(event);
  };
  let written = 0;
  for (let i = 0; written < backgroundCount; i++) {
    const t = START + Math.floor((written / backgroundCount) * DAYS * DAY);
    while (pending.length && pending[0].at <= t) {
      const { at, attack } = pending.shift();
      for (const e of attack.events(attackRandom, at)) add(e);
    }
    for (const e of background(random, t)) {
      if (written >= backgroundCount) break;
      add(e);
      written++;
    }
  }
  for (const { at, attack } of pending) for (const e of attack.events(attackRandom, at)) add(e);
  for (const name of [...open.keys()]) flush(name);
  return { files, attackEvents };
}
