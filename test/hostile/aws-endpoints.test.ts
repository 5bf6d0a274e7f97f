/**
 * `stance scan aws` the way a user points it at an emulator: the one plain AWS_ENDPOINT_URL variable
 * (an IP address and port), no per-service overrides. S3 Control must not build an account-prefixed
 * host on the IP; services the emulator lacks must fail their scope with an error naming the
 * service, the API call and what came back instead of an AWS answer; and a failing account-level
 * Block Public Access call leaves the S3 scope partial with every bucket still evaluated.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { FailingProxy, freePort, startMoto, stopMoto } from '../helpers/aws.js';

const REGION = 'us-east-1';
const BUCKET = 'emulated-invoices';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;

interface Summary {
  status: string;
  scopes: { scope: string; status: string; error?: string }[];
}
interface Finding {
  resourceId: string;
  ruleId: string;
  status: string;
  message: string;
}

let port: number;
let moto: string;
let proxy: FailingProxy;

const userEnv = (endpoint: string): NodeJS.ProcessEnv => ({
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: REGION,
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  STANCE_AWS_MAX_ATTEMPTS: '2',
});

async function scan(endpoint: string) {
  const db = join(tempDir('stance-aws-endpoint-'), 'stance.db');
  const env = userEnv(endpoint);
  const out = await runStance(['scan', 'aws', '--regions', REGION, '--db', db, '--format', 'json'], { env });
  const summary = JSON.parse(out.stdout || '{"scopes": []}') as Summary;
  const scope = (service: string) => summary.scopes.find((s) => s.scope.endsWith(`/${service}`));
  const findings = async () => {
    const f = await runStance(['findings', '--format', 'json', '--db', db], { env });
    expect(f.code, f.stderr).toBe(0);
    return JSON.parse(f.stdout) as Finding[];
  };
  return { out, summary, scope, findings };
}

beforeAll(async () => {
  port = await freePort();
  moto = startMoto(port);
  const s3 = new S3Client({
    endpoint: moto,
    region: REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
  proxy = new FailingProxy(new URL(moto));
  await proxy.start();
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  if (port) stopMoto(port);
});

describe('AWS_ENDPOINT_URL=http://127.0.0.1:PORT (an emulator)', () => {
  it('scans S3 through the emulator and names what the emulator could not answer', async () => {
    const { out, summary, scope, findings } = await scan(moto);
    expect(out.code, out.stderr).toBe(3);
    expect(out.stderr).not.toMatch(/Invalid URL|TypeError|SyntaxError|Failed to construct/);
    expect(scope('s3')).toMatchObject({ status: 'ok' });
    for (const s of summary.scopes.filter((x) => x.status === 'error')) {
      expect(s.error, s.scope).not.toMatch(/SyntaxError|Unexpected token|TypeError/);
    }
    // moto has no IAM Access Analyzer: it answers with an HTML error page.
    expect(scope('accessanalyzer')).toMatchObject({ status: 'error' });
    expect(scope('accessanalyzer')!.error).toMatch(
      /^AccessAnalyzer ListAnalyzers: expected an AWS response, got text\/html \(HTTP \d+\)/,
    );
    const bucket = (await findings()).filter((f) => f.resourceId === BUCKET_ARN);
    expect(bucket.find((f) => f.ruleId === 'aws-s3-bucket-public-access-block')?.status).toBe('fail');
  }, 180_000);

  it('a denied account-level Block Public Access leaves S3 partial, every bucket evaluated, that rule unknown', async () => {
    proxy.reset([{ action: 'GET /v20180820/configuration/publicAccessBlock', failure: 'AccessDenied' }]);
    const { out, scope, findings } = await scan(proxy.endpoint);
    expect(out.code, out.stderr).toBe(3);
    expect(scope('s3')).toMatchObject({ status: 'partial' });
    expect(scope('s3')!.error).toMatch(
      /account Block Public Access: S3Control GetPublicAccessBlock: AccessDenied/,
    );
    const bucket = (await findings()).filter((f) => f.resourceId === BUCKET_ARN);
    // Not invented: whether the account blocks public access is unknown, so this rule reads error.
    expect(bucket.find((f) => f.ruleId === 'aws-s3-bucket-public-access-block')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/account-level Block Public Access/),
    });
    // The bucket's other rules are decided as usual.
    expect(bucket.filter((f) => f.status === 'fail' || f.status === 'pass').length).toBeGreaterThan(2);
  }, 180_000);

  it('an endpoint with nothing listening, or one that is no AWS API, is a configuration error: exit 2, one line', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const web = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Not Found</title>');
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const notAws = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    try {
      for (const [endpoint, why] of [
        [closed, /STS GetCallerIdentity: connect ECONNREFUSED/],
        [notAws, /STS GetCallerIdentity: expected an AWS response, got text\/html \(HTTP 404\)/],
      ] as const) {
        const { out } = await scan(endpoint);
        expect(out.code, out.stderr).toBe(2);
        expect(out.stderr.trim().split('\n')).toHaveLength(1);
        expect(out.stderr).toMatch(/^stance: cannot identify the AWS caller \(default credential chain\): /);
        expect(out.stderr).toMatch(why);
      }
    } finally {
      await new Promise((r) => web.close(r));
    }
  }, 120_000);
});
