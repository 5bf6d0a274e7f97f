// Realistic synthetic CloudTrail traffic for bench/detect.mjs: one account over 14 days of the
// benign traffic in src/detect/benign-traffic.ts (read from dist/: run npm run build first), and a
// fixed set of injected attacks (after the 7-day learning period of the new-value rules), each
// naming the pack rules that must detect it.
// Written as CloudTrail writes it: gzip `{"Records": [...]}` files per region. A file spans an hour
// at 1M events and proportionally longer at smaller sizes, so files hold the same number of events
// (about 1,600 in us-east-1) at every size: memory per file is the same, and what peak RSS does
// between sizes is what the run keeps across events.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  BENIGN_ACCOUNT as ACCOUNT,
  apps,
  backgroundEvents as background,
  baseEvent as base,
  consoleLogin as login,
  isoSeconds as iso,
  people,
  prng,
} from '../../dist/detect/benign-traffic.js';

export { ACCOUNT };
const START = Date.UTC(2026, 2, 1);
const DAYS = 14;
const DAY = 86_400_000;
const FILE_EVENTS = 5000;
const FILE_SPAN_AT_1M = 3600_000;

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
