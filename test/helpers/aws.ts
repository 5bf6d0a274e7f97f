import { execFileSync } from 'node:child_process';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

// The SDK's notice about its future Node requirement is noise in test output (Stance pins the SDK).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const MOTO = join(repoRoot, '..', 'shared', 'tools', 'moto-server.sh');

/** moto, the AWS API emulator, as a real HTTP server on loopback. Throws when it cannot start. */
export function startMoto(port: number): string {
  // AWS managed policies (AWSSupportAccess, ...) exist in moto only when it loads them.
  const env = { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' };
  const out = execFileSync('bash', [MOTO, 'start', String(port)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
    env,
  });
  const endpoint = out.trim().split('\n').pop()!;
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)) throw new Error(`moto did not start: ${out}`);
  return endpoint;
}

export function stopMoto(port: number): void {
  execFileSync('bash', [MOTO, 'stop', String(port)], { stdio: 'ignore' });
}

/** A free port on loopback (for moto, which takes a port number). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The region and service a SigV4-signed request was signed for. */
export function signedFor(req: IncomingMessage): { region: string; service: string } {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  return { region: m?.[1] ?? '', service: m?.[2] ?? '' };
}

/**
 * What moto cannot answer for the SDK, served in the services' real wire formats with state per
 * region: IAM Access Analyzer and Security Hub (moto lacks them; REST-JSON ListAnalyzers
 * GET /analyzer, DescribeHub GET /accounts) and CloudWatch alarms (moto 5.1 speaks only
 * CloudWatch's older query protocol, the SDK speaks its JSON 1.0 protocol: DescribeAlarms).
 */
export class FakeAnalyzerAndHub {
  /** region → metric alarms */
  alarms = new Map<
    string,
    { AlarmName: string; AlarmArn: string; MetricName: string; Namespace: string; AlarmActions: string[] }[]
  >();
  /** region → analyzers */
  analyzers = new Map<string, { arn: string; name: string; type: string; status: string }[]>();
  /** regions where Security Hub is enabled */
  hubs = new Set<string>();
  private server = createServer((req, res) => {
    const { region, service } = signedFor(req);
    const account = '123456789012';
    res.setHeader('content-type', 'application/json');
    if (service === 'monitoring' && String(req.headers['x-amz-target'] ?? '').endsWith('.DescribeAlarms')) {
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end(JSON.stringify({ MetricAlarms: this.alarms.get(region) ?? [], CompositeAlarms: [] }));
      return;
    }
    if (service === 'access-analyzer' && req.method === 'GET' && req.url?.startsWith('/analyzer')) {
      const analyzers = (this.analyzers.get(region) ?? []).map((a) => ({
        ...a,
        createdAt: '2026-01-05T10:00:00Z',
      }));
      res.end(JSON.stringify({ analyzers }));
      return;
    }
    if (service === 'securityhub' && req.method === 'GET' && req.url?.startsWith('/accounts')) {
      if (!this.hubs.has(region)) {
        res.statusCode = 401;
        res.setHeader('x-amzn-errortype', 'InvalidAccessException');
        res.end(
          JSON.stringify({
            Code: 'InvalidAccessException',
            Message: `Account ${account} is not subscribed to AWS Security Hub`,
          }),
        );
        return;
      }
      res.end(
        JSON.stringify({
          HubArn: `arn:aws:securityhub:${region}:${account}:hub/default`,
          SubscribedAt: '2026-01-05T10:00:00.000Z',
          AutoEnableControls: true,
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ message: `fake: no route for ${service} ${req.method} ${req.url}` }));
  });
  endpoint = '';

  async start(): Promise<string> {
    this.endpoint = await listen(this.server);
    return this.endpoint;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** What a failure rule sends back: AWS's own error shapes per protocol. */
export type Failure = 'AccessDenied' | 'Throttling' | 'InvalidClientTokenId';

export interface FailureRule {
  /**
   * The API action, e.g. "DescribeSecurityGroups", "ListKeys", "GetAccountAuthorizationDetails";
   * for S3's REST calls the method and path ("GET /bucket/", every read of that bucket); "*" for every call.
   */
  action: string;
  region?: string;
  failure: Failure;
  /** Fail only the first N matching requests (a throttle that clears); default: every one. */
  times?: number;
}

/** The operation name of a request in any of the AWS protocols moto speaks. */
function actionOf(req: IncomingMessage, body: Buffer): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop()!;
  const query = new URLSearchParams(req.url?.split('?')[1] ?? '');
  const fromQuery = query.get('Action');
  if (fromQuery) return fromQuery;
  const text = body.toString('utf8');
  const m = /(?:^|&)Action=([A-Za-z]+)/.exec(text);
  return m?.[1] ?? `${req.method} ${req.url?.split('?')[0]}`;
}

function errorResponse(
  protocol: 'json' | 'ec2' | 'query' | 's3',
  failure: Failure,
  action: string,
): { status: number; headers: Record<string, string>; body: string } {
  const code =
    failure === 'AccessDenied'
      ? protocol === 'json'
        ? 'AccessDeniedException'
        : protocol === 'ec2'
          ? 'UnauthorizedOperation'
          : 'AccessDenied'
      : failure === 'Throttling'
        ? protocol === 'json'
          ? 'ThrottlingException'
          : protocol === 'ec2'
            ? 'RequestLimitExceeded'
            : 'Throttling'
        : 'InvalidClientTokenId';
  const message =
    failure === 'AccessDenied'
      ? `User: arn:aws:iam::123456789012:user/scanner is not authorized to perform: ${action}`
      : failure === 'Throttling'
        ? 'Rate exceeded'
        : 'The security token included in the request is invalid.';
  const status =
    failure === 'AccessDenied' ? 403 : failure === 'Throttling' ? (protocol === 'ec2' ? 503 : 400) : 403;
  if (protocol === 'json') {
    return {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code },
      body: JSON.stringify({ __type: code, message }),
    };
  }
  if (protocol === 's3') {
    return {
      status,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake-1</RequestId></Error>`,
    };
  }
  if (protocol === 'ec2') {
    return {
      status,
      headers: { 'content-type': 'text/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fake-1</RequestID></Response>`,
    };
  }
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake-1</RequestId></ErrorResponse>`,
  };
}

/**
 * A loopback reverse proxy in front of moto that answers chosen calls with real AWS errors
 * (AccessDenied, throttling, invalid token) and counts every request per action and region, so
 * tests can see the scanner's retries on the wire.
 */
export class FailingProxy {
  rules: FailureRule[] = [];
  private used = new Map<FailureRule, number>();
  /** "Action region" → requests seen */
  counts = new Map<string, number>();
  /** Every request as "METHOD /path?query", in arrival order (REST APIs like S3 are told apart by path). */
  log: string[] = [];
  private server = createServer(async (req, res) => {
    const body = await readBody(req);
    this.log.push(`${req.method} ${req.url}`);
    const action = actionOf(req, body);
    const { region, service } = signedFor(req);
    const key = `${action} ${region}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const rule = this.rules.find(
      (r) =>
        (r.action === '*' || r.action === action) &&
        (!r.region || r.region === region) &&
        (r.times === undefined || (this.used.get(r) ?? 0) < r.times),
    );
    if (rule) {
      this.used.set(rule, (this.used.get(rule) ?? 0) + 1);
      const protocol = req.headers['x-amz-target']
        ? 'json'
        : service === 'ec2'
          ? 'ec2'
          : service === 's3'
            ? 's3'
            : 'query';
      const error = errorResponse(protocol, rule.failure, action);
      res.writeHead(error.status, error.headers);
      res.end(error.body);
      return;
    }
    if (await this.emulate(req, res, body)) return;
    const upstream = httpRequest(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      res.statusCode = 502;
      res.end(String(e));
    });
    upstream.end(body);
  });
  endpoint = '';

  constructor(private readonly target: URL) {}

  /** One request to moto: its status and its body parsed as JSON (null when empty). */
  private moto(
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
    body?: Buffer,
  ): Promise<{ status: number; json: unknown }> {
    return new Promise((resolve, reject) => {
      const up = httpRequest(
        { host: this.target.hostname, port: this.target.port, method, path, headers },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = null;
            }
            resolve({ status: r.statusCode ?? 502, json });
          });
        },
      );
      up.on('error', reject);
      up.end(body);
    });
  }

  /**
   * What moto 5.1 answers wrongly or not at all, answered in AWS's wire format from moto's own state:
   * - Lambda ListFunctionUrlConfigs (GET /2021-10-31/functions/NAME/urls), absent from moto: built
   *   from GetFunctionUrlConfig (moto keeps one URL per function, the unqualified one);
   * - ECR GetLifecyclePolicy: moto writes lastEvaluatedAt as an ISO string where the JSON protocol
   *   has epoch seconds (the SDK rejects it); passed through with the date converted.
   */
  private async emulate(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
    const urls = /^\/2021-10-31\/functions\/([^/?]+)\/urls(?:\?|$)/.exec(req.url ?? '');
    if (req.method === 'GET' && urls) {
      const got = await this.moto('GET', `/2021-10-31/functions/${urls[1]}/url`, req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ FunctionUrlConfigs: got.status < 300 && got.json ? [got.json] : [] }));
      return true;
    }
    if (String(req.headers['x-amz-target'] ?? '').endsWith('.GetLifecyclePolicy')) {
      const got = await this.moto(req.method ?? 'POST', req.url ?? '/', req.headers, body);
      const answer = got.json as { lastEvaluatedAt?: unknown; __type?: string } | null;
      if (answer && typeof answer.lastEvaluatedAt === 'string')
        answer.lastEvaluatedAt = Date.parse(answer.lastEvaluatedAt) / 1000;
      res.writeHead(got.status, {
        'content-type': 'application/x-amz-json-1.1',
        ...(answer?.__type ? { 'x-amzn-errortype': answer.__type } : {}),
      });
      res.end(JSON.stringify(answer));
      return true;
    }
    return false;
  }

  async start(): Promise<string> {
    this.endpoint = await listen(this.server);
    return this.endpoint;
  }

  reset(rules: FailureRule[] = []): void {
    this.rules = rules;
    this.used.clear();
    this.counts.clear();
    this.log = [];
  }

  count(action: string, region: string): number {
    return this.counts.get(`${action} ${region}`) ?? 0;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
