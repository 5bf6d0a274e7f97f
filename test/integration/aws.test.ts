/**
 * `stance scan aws` as a subprocess against moto (a real AWS API emulator on loopback). Access
 * Analyzer, Security Hub and the Account API, which moto lacks, and API Gateway, which moto's
 * server cannot serve here, are served by a small fake speaking their wire format
 * (test/helpers/aws.ts). A loopback proxy in front of moto injects real AWS error
 * responses (AccessDenied, throttling, invalid token) for chosen calls, and gives EKS answers the
 * epoch-seconds timestamps AWS sends (moto writes ISO text the SDK refuses).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runStance, tempDir } from '../helpers/cli.js';
import { joinFactsIn } from '../helpers/join-facts.js';
import type { Resource } from '../../src/types.js';
import { FailingProxy, FakeAnalyzerAndHub, freePort, startMoto, stopMoto } from '../helpers/aws.js';
import { iamActionOf } from '../helpers/aws-operations.js';
import { AccountBuilder, ACCOUNT, HOME, OTHER, type Expectation } from '../fixtures/aws/account.js';

interface Finding {
  resourceId: string;
  ruleId: string;
  status: string;
  message: string;
}

let port: number;
let proxy: FailingProxy;
let fake: FakeAnalyzerAndHub;
let expected: Expectation[];
let env: NodeJS.ProcessEnv;

const key = (f: { resourceId: string; ruleId: string }) => `${f.resourceId} ${f.ruleId}`;

async function findings(db: string, ...args: string[]): Promise<Finding[]> {
  const out = await runStance(['findings', '--format', 'json', '--db', db, ...args], { env });
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as Finding[];
}

async function scan(db: string, ...args: string[]) {
  return runStance(
    ['scan', 'aws', '--regions', `${HOME},${OTHER}`, '--db', db, '--format', 'json', ...args],
    { env },
  );
}

beforeAll(async () => {
  port = await freePort();
  const moto = startMoto(port);
  fake = new FakeAnalyzerAndHub();
  await fake.start();
  proxy = new FailingProxy(new URL(moto));
  await proxy.start();
  expected = await new AccountBuilder(moto, fake, proxy.endpoint).build();
  env = {
    AWS_ENDPOINT_URL: proxy.endpoint,
    // S3 Control puts the account id in the host name: "localhost" keeps that name valid.
    AWS_ENDPOINT_URL_S3_CONTROL: proxy.endpoint.replace('127.0.0.1', 'localhost'),
    AWS_ENDPOINT_URL_ACCESSANALYZER: fake.endpoint,
    AWS_ENDPOINT_URL_SECURITYHUB: fake.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: fake.endpoint,
    AWS_ENDPOINT_URL_ACCOUNT: fake.endpoint,
    AWS_ENDPOINT_URL_API_GATEWAY: fake.endpoint,
    AWS_ENDPOINT_URL_APIGATEWAYV2: fake.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'stance-test-secret-never-stored',
    AWS_REGION: HOME,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    STANCE_AWS_MAX_ATTEMPTS: '3',
  };
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  await fake?.close();
  if (port) stopMoto(port);
});

describe('stance scan aws against moto', () => {
  it('gives exactly the verdicts written next to each resource', async () => {
    const db = join(tempDir(), 'aws.db');
    const out = await scan(db);
    expect(out.code, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout) as { status: string; scopes: { scope: string; status: string }[] };
    expect(summary.status).toBe('ok');
    expect(summary.scopes.filter((s) => s.status !== 'ok')).toEqual([]);
    const got = new Map((await findings(db)).map((f) => [key(f), f]));
    const want = new Map(expected.map((e) => [key(e), e]));
    const wrong = expected
      .filter((e) => got.get(key(e))?.status !== e.status)
      .map(
        (e) =>
          `${e.ruleId} on ${e.resourceId}: expected ${e.status} (${e.why}), got ${got.get(key(e))?.status ?? 'no finding'} ${got.get(key(e))?.message ?? ''}`,
      );
    const unexpected = [...got.values()]
      .filter((f) => !want.has(key(f)))
      .map((f) => `${f.ruleId} on ${f.resourceId}: ${f.status} ${f.message}`);
    expect(wrong, 'verdicts that differ').toEqual([]);
    expect(unexpected, 'findings nobody expected').toEqual([]);
  }, 180_000);

  it('sends only operations the least-privilege policy allows (docs/aws-iam-policy.json)', async () => {
    proxy.reset();
    fake.operations.clear();
    const out = await scan(join(tempDir(), 'ops.db'));
    expect(out.code, out.stderr).toBe(0);
    // Everything on the wire: moto through the proxy, the fake's services directly.
    const operations = [...new Set([...proxy.operations, ...fake.operations])].sort();
    expect(
      operations.filter((op) => op.startsWith('unmapped:')),
      'operations nobody can name',
    ).toEqual([]);
    const policy = JSON.parse(readFileSync(join(repoRoot, 'docs', 'aws-iam-policy.json'), 'utf8')) as {
      Statement: { Action: string[] }[];
    };
    const allowed = new Set(policy.Statement.flatMap((st) => st.Action));
    const denied = operations
      .map((op) => [op, iamActionOf(op)] as const)
      .filter(([, action]) => !action || !allowed.has(action))
      .map(([op, action]) => `${op} needs ${action ?? '(no mapped action)'}`);
    expect(denied, 'operations the policy does not allow').toEqual([]);
    // Every collector was exercised: an operation of each service's IAM prefix was seen.
    expect(operations.length).toBeGreaterThan(60);
  }, 180_000);

  it('an AccessDenied service is an errored scope: exit 3, the rest scanned, earlier findings kept', async () => {
    const db = join(tempDir(), 'denied.db');
    proxy.reset();
    expect((await scan(db)).code).toBe(0);
    const before = await findings(db);
    const euGroups = before.filter((f) => f.resourceId.startsWith(`arn:aws:ec2:${OTHER}:`));
    expect(euGroups.length).toBeGreaterThan(5);

    proxy.reset([
      { action: 'DescribeSecurityGroups', region: OTHER, failure: 'AccessDenied' },
      { action: 'GetAccountAuthorizationDetails', failure: 'AccessDenied' },
    ]);
    const out = await scan(db);
    expect(out.code, out.stderr).toBe(3);
    const summary = JSON.parse(out.stdout) as {
      status: string;
      scopes: { scope: string; status: string; error?: string }[];
    };
    const errored = summary.scopes.filter((s) => s.status !== 'ok');
    expect(errored.map((s) => s.scope).sort()).toEqual([
      `aws/${ACCOUNT}/${OTHER}/ec2`,
      `aws/${ACCOUNT}/global/iam`,
    ]);
    expect(errored.find((s) => s.scope.endsWith('/ec2'))!.error).toMatch(/UnauthorizedOperation/);
    expect(errored.find((s) => s.scope.endsWith('/iam'))!.error).toMatch(/AccessDenied/);
    // Nothing of the failed scopes was resolved or deleted: every earlier verdict is still there.
    const after = new Map((await findings(db)).map((f) => [key(f), f.status]));
    for (const f of before) expect(after.get(key(f)), key(f)).toBe(f.status);
    // Compliance report: controls that read the failed scopes say error, not pass.
    const report = await runStance(
      ['report', '--framework', 'cis-aws-7.0.0', '--format', 'json', '--db', db],
      { env },
    );
    const controls = (JSON.parse(report.stdout) as { controls: { id: string; status: string }[] }).controls;
    expect(controls.find((c) => c.id === '6.4')!.status).toBe('fail'); // eu-west-1 unseen, but us-east-1 still fails
    // The password policy lives in the IAM scope, which was not observed: error, never a stale verdict.
    expect(controls.find((c) => c.id === '2.8')!.status).toBe('error');
    expect(controls.find((c) => c.id === '3.2.1')!.status).toBe('fail'); // RDS was scanned: the unencrypted instance
    proxy.reset();
  }, 180_000);

  it('throttling is retried with backoff: a throttle that clears completes, one that never clears errors that scope only', async () => {
    const db = join(tempDir(), 'throttle.db');
    proxy.reset([{ action: 'ListKeys', region: HOME, failure: 'Throttling', times: 2 }]);
    const cleared = await scan(db, '--services', 'kms');
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(proxy.count('ListKeys', HOME)).toBe(3);

    proxy.reset([{ action: 'ListKeys', region: HOME, failure: 'Throttling' }]);
    const stuck = await scan(db, '--services', 'kms');
    expect(stuck.code, stuck.stderr).toBe(3);
    // STANCE_AWS_MAX_ATTEMPTS=3: three requests on the wire, then the scope is recorded as failed.
    expect(proxy.count('ListKeys', HOME)).toBe(3);
    const summary = JSON.parse(stuck.stdout) as {
      scopes: { scope: string; status: string; error?: string }[];
    };
    const kms = summary.scopes.find((s) => s.scope === `aws/${ACCOUNT}/${HOME}/kms`)!;
    expect(kms.status).toBe('error');
    expect(kms.error).toMatch(/ThrottlingException.*after 3 attempts/);
    expect(summary.scopes.find((s) => s.scope === `aws/${ACCOUNT}/${OTHER}/kms`)!.status).toBe('ok');
    proxy.reset();
  }, 180_000);

  it('a bucket whose settings are denied leaves the S3 scope partial: the others are evaluated, its findings kept', async () => {
    const db = join(tempDir(), 'bucket.db');
    proxy.reset();
    expect((await scan(db, '--services', 's3,cloudtrail')).code).toBe(0);
    const before = await findings(db);
    const ofOpen = before.filter((f) => f.resourceId === 'arn:aws:s3:::stance-open');
    expect(ofOpen.length).toBeGreaterThan(3);

    // Every read of one bucket's settings is denied (its location, policy, ACL, ...).
    proxy.reset([{ action: 'GET /stance-open/', failure: 'AccessDenied' }]);
    const out = await scan(db, '--services', 's3,cloudtrail');
    proxy.reset();
    expect(out.code, out.stderr).toBe(3);
    const s3 = (
      JSON.parse(out.stdout) as {
        scopes: { scope: string; status: string; error?: string; resources: number }[];
      }
    ).scopes.find((s) => s.scope === `aws/${ACCOUNT}/global/s3`)!;
    expect(s3.status).toBe('partial');
    expect(s3.error).toMatch(/bucket stance-open: S3 GetBucket\w+: AccessDenied/);
    expect(s3.resources).toBeGreaterThanOrEqual(5); // the other buckets were read and evaluated
    const after = new Map((await findings(db)).map((f) => [key(f), f.status]));
    for (const f of before) expect(after.get(key(f)), key(f)).toBe(f.status);
    const resources = await runStance(
      ['resources', '--type', 'aws.s3.bucket', '--format', 'json', '--db', db],
      { env },
    );
    const buckets = JSON.parse(resources.stdout) as { resourceId: string; deletedAt: string | null }[];
    expect(buckets.find((b) => b.resourceId === 'arn:aws:s3:::stance-open')!.deletedAt).toBeNull();
  }, 120_000);

  it('a node group that cannot be described leaves the EKS scope partial: the rest evaluated, its findings kept', async () => {
    const db = join(tempDir(), 'eks.db');
    proxy.reset();
    expect((await scan(db, '--services', 'eks')).code).toBe(0);
    const group = expected.find((e) => e.resourceId.includes(':nodegroup/legacy/ssh-open/'))!.resourceId;
    expect((await findings(db)).find((f) => f.resourceId === group)?.status).toBe('fail');

    proxy.reset([
      { action: 'GET /clusters/legacy/node-groups/ssh-open', region: HOME, failure: 'AccessDenied' },
    ]);
    const out = await scan(db, '--services', 'eks');
    proxy.reset();
    expect(out.code, out.stderr).toBe(3);
    const eks = (
      JSON.parse(out.stdout) as {
        scopes: { scope: string; status: string; error?: string; resources: number }[];
      }
    ).scopes.find((s) => s.scope === `aws/${ACCOUNT}/${HOME}/eks`)!;
    expect(eks.status).toBe('partial');
    expect(eks.error).toMatch(/node group legacy\/ssh-open: EKS DescribeNodegroup: AccessDeniedException/);
    expect(eks.resources).toBe(3); // both clusters and the other node group
    const after = await findings(db);
    expect(after.find((f) => f.resourceId === group)?.status).toBe('fail');
    expect(
      after.filter(
        (f) =>
          f.resourceId.startsWith(`arn:aws:eks:${HOME}:`) && f.ruleId === 'aws-eks-cluster-endpoint-public',
      ),
    ).toHaveLength(2);
  }, 120_000);

  it('a region the account has not opted into errors its scopes only, saying so', async () => {
    // AWS answers calls to a disabled opt-in region as if the token were unknown.
    proxy.reset([{ action: '*', region: 'ap-east-1', failure: 'InvalidClientTokenId' }]);
    const out = await runStance(
      [
        'scan',
        'aws',
        '--regions',
        `${HOME},ap-east-1`,
        '--services',
        'kms,config',
        '--db',
        join(tempDir(), 'optin.db'),
        '--format',
        'json',
      ],
      { env },
    );
    proxy.reset();
    expect(out.code, out.stderr).toBe(3);
    const scopes = (JSON.parse(out.stdout) as { scopes: { scope: string; status: string; error?: string }[] })
      .scopes;
    expect(
      scopes
        .filter((s) => s.status === 'ok')
        .map((s) => s.scope)
        .sort(),
    ).toEqual([`aws/${ACCOUNT}/${HOME}/config`, `aws/${ACCOUNT}/${HOME}/kms`]);
    for (const s of scopes.filter((x) => x.scope.includes('/ap-east-1/'))) {
      expect(s.status).toBe('error');
      expect(s.error).toMatch(/region ap-east-1 is not enabled for this account/);
    }
  }, 60_000);

  it('rejected credentials: exit 2 with one line, no stack trace, nothing written', async () => {
    const dir = tempDir();
    proxy.reset([{ action: 'GetCallerIdentity', failure: 'InvalidClientTokenId' }]);
    const out = await scan(join(dir, 'creds.db'));
    proxy.reset();
    expect(out.code).toBe(2);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/AWS credentials .*InvalidClientTokenId/);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('collect aws --out writes a snapshot that scans to the same verdicts', async () => {
    const dir = tempDir();
    const snapshot = join(dir, 'aws.json');
    const collected = await runStance(
      ['collect', 'aws', '--regions', `${HOME},${OTHER}`, '--out', snapshot],
      { env },
    );
    expect(collected.code, collected.stderr).toBe(0);
    const text = readFileSync(snapshot, 'utf8');
    expect(text).not.toContain('stance-test-secret-never-stored'); // no credentials in the inventory
    // what the APIs said, nothing joined: the scan that reads it does the joins
    const written = JSON.parse(text) as { resources: Resource[] };
    expect(written.resources.some((r) => r.type === 'aws.cloudtrail.trail')).toBe(true);
    expect(joinFactsIn(written.resources)).toEqual([]);
    const db = join(dir, 'snap.db');
    const scanned = await runStance(['scan', '--snapshot', snapshot, '--db', db], { env });
    expect(scanned.code, scanned.stderr).toBe(0);
    const got = new Map((await findings(db)).map((f) => [key(f), f.status]));
    for (const e of expected) expect(got.get(key(e)), `${key(e)}: ${e.why}`).toBe(e.status);
  }, 180_000);
});

describe('stance scan aws --org-role', () => {
  it('lists the organization, assumes the role in each account and scans them all', async () => {
    const { OrganizationsClient, CreateAccountCommand } = await import('@aws-sdk/client-organizations');
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const { IAMClient, UpdateAccountPasswordPolicyCommand } = await import('@aws-sdk/client-iam');
    const base = {
      region: HOME,
      endpoint: proxy.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    };
    const org = new OrganizationsClient(base);
    // The account fixture made this account the management account of an organization.
    const member = (
      await org.send(new CreateAccountCommand({ AccountName: 'shop-prod', Email: 'shop-prod@example.com' }))
    ).CreateAccountStatus!.AccountId!;
    // A second member keeps moto's defaults: no password policy at all (absence fails).
    const second = (
      await org.send(new CreateAccountCommand({ AccountName: 'shop-dev', Email: 'shop-dev@example.com' }))
    ).CreateAccountStatus!.AccountId!;
    const assumed = await new STSClient(base).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'setup',
      }),
    );
    const memberIam = new IAMClient({
      ...base,
      credentials: {
        accessKeyId: assumed.Credentials!.AccessKeyId!,
        secretAccessKey: assumed.Credentials!.SecretAccessKey!,
        sessionToken: assumed.Credentials!.SessionToken,
      },
    });
    // The member account has a CIS-grade password policy (pass) and no support role (fail).
    await memberIam.send(
      new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 16, PasswordReusePrevention: 24 }),
    );

    const db = join(tempDir(), 'org.db');
    const out = await runStance(
      [
        'scan',
        'aws',
        '--org-role',
        'OrganizationAccountAccessRole',
        '--regions',
        HOME,
        '--services',
        'iam',
        '--db',
        db,
        '--format',
        'json',
      ],
      { env },
    );
    expect(out.code, out.stderr).toBe(0);
    const scopes = (JSON.parse(out.stdout) as { scopes: { scope: string; status: string }[] }).scopes;
    expect(scopes.map((s) => `${s.scope} ${s.status}`).sort()).toEqual(
      [`aws/${ACCOUNT}/global/iam ok`, `aws/${member}/global/iam ok`, `aws/${second}/global/iam ok`].sort(),
    );
    const got = new Map((await findings(db)).map((f) => [key(f), f.status]));
    expect(got.get(`aws://${member}/global/iam-password-policy aws-iam-password-min-length`)).toBe('pass');
    expect(got.get(`aws://${member}/global/iam-password-policy aws-iam-password-reuse`)).toBe('pass');
    expect(got.get(`aws://${member}/global/account aws-iam-support-role`)).toBe('fail');
    expect(got.get(`aws://${ACCOUNT}/global/iam-password-policy aws-iam-password-min-length`)).toBe('fail');
    expect(got.get(`aws://${second}/global/iam-password-policy aws-iam-password-min-length`)).toBe('fail');

    // --exclude-accounts leaves the members out.
    const excluded = await runStance(
      [
        'scan',
        'aws',
        '--org-role',
        'OrganizationAccountAccessRole',
        '--exclude-accounts',
        `${member},${second}`,
        '--regions',
        HOME,
        '--services',
        'iam',
        '--db',
        join(tempDir(), 'x.db'),
        '--format',
        'json',
      ],
      { env },
    );
    expect(excluded.code, excluded.stderr).toBe(0);
    expect(
      (JSON.parse(excluded.stdout) as { scopes: { scope: string }[] }).scopes.map((s) => s.scope),
    ).toEqual([`aws/${ACCOUNT}/global/iam`]);
  }, 180_000);
});

describe('stance daemon with an AWS target', () => {
  it('scans the account on its schedule and sends one webhook alert per newly failing resource', async () => {
    const { createServer } = await import('node:http');
    const { writeFileSync } = await import('node:fs');
    const { startStance } = await import('../helpers/cli.js');
    const bodies: { alerts?: { ruleId: string; resourceId: string }[] }[] = [];
    const receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => {
        bodies.push(JSON.parse(text) as (typeof bodies)[number]);
        res.end('ok');
      });
    });
    const hookPort = await freePort();
    await new Promise<void>((r) => receiver.listen(hookPort, '127.0.0.1', r));
    const dir = tempDir();
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: aws-home',
        `    aws: {regions: [${HOME}], services: [ec2]}`,
        '    schedule: "*/2 * * * * *"',
        'notify:',
        `  - type: webhook`,
        `    url: http://127.0.0.1:${hookPort}/hook`,
        '    allowPrivateTargets: true',
        '    minSeverity: high',
        'daemon:',
        '  jitterSeconds: 0',
      ].join('\n'),
    );
    const { child, done } = startStance(['daemon', '--config', config, '--db', join(dir, 'daemon.db')], {
      env,
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 60_000;
    while ((stderr.match(/"scan finished"/g) ?? []).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    const result = await done;
    receiver.close();
    expect(result.code).toBe(0);
    expect((stderr.match(/"scan finished"/g) ?? []).length).toBeGreaterThanOrEqual(2);
    // One message for the first scan (every high failure of the home region's EC2), none for the unchanged rescans.
    expect(bodies).toHaveLength(1);
    const alerted = (bodies[0]!.alerts ?? []).map((i) => `${i.ruleId} ${i.resourceId}`).sort();
    const manifest = JSON.parse(
      readFileSync(join(repoRoot, 'policies', 'bundle', 'manifest.json'), 'utf8'),
    ) as { rules: { id: string; severity: string }[] };
    const severe = new Set(
      manifest.rules.filter((r) => r.severity === 'high' || r.severity === 'critical').map((r) => r.id),
    );
    const inHomeEc2 = (id: string) =>
      id.startsWith(`arn:aws:ec2:${HOME}:`) || id === `aws://${ACCOUNT}/${HOME}/ebs-encryption-default`;
    const want = expected
      .filter((e) => e.status === 'fail' && inHomeEc2(e.resourceId) && severe.has(e.ruleId))
      .map((e) => `${e.ruleId} ${e.resourceId}`)
      .sort();
    expect(want.length).toBeGreaterThanOrEqual(3);
    expect(alerted).toEqual(want);
  }, 120_000);
});
