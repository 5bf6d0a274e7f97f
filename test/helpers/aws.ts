import { execFileSync } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { operationOf } from './aws-operations.js';
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

/** An HTTP or WebSocket API of the fake API Gateway v2, in the REST-JSON shapes of GetApis, GetRoutes, GetStages. */
export interface FakeV2Api {
  api: Record<string, unknown> & { apiId: string };
  routes: Record<string, unknown>[];
  stages: Record<string, unknown>[];
}

/**
 * What moto cannot answer for the SDK, served in the services' real wire formats with state per
 * region: IAM Access Analyzer and Security Hub (moto lacks them; REST-JSON ListAnalyzers
 * GET /analyzer, DescribeHub GET /accounts), CloudWatch alarms (moto 5.1 speaks only
 * CloudWatch's older query protocol, the SDK speaks its JSON 1.0 protocol: DescribeAlarms), the
 * Account API (moto lacks it; REST-JSON POST /getContactInformation, POST /getAlternateContact)
 * and API Gateway (moto's REST API backend needs a Python module, openapi_spec_validator, that
 * its Debian package lacks, and its server routes every apigateway-signed request to that backend,
 * v2 included; REST-JSON GET /restapis, /restapis/{id}/stages, /v2/apis, /v2/apis/{id}/routes,
 * /v2/apis/{id}/stages).
 */
export class FakeAnalyzerAndHub {
  /** Account API: alternate contacts by type (absent: ResourceNotFoundException). */
  contacts = new Map<string, { Name: string; Title: string; EmailAddress: string; PhoneNumber: string }>();
  contactInformation: Record<string, string> | null = {
    FullName: 'Stance Test Ltd',
    AddressLine1: '1 Test Street',
    City: 'Seattle',
    PostalCode: '98101',
    CountryCode: 'US',
    PhoneNumber: '+1 555 0199',
  };
  /** region → API Gateway v2 APIs */
  apis = new Map<string, FakeV2Api[]>();
  /** region → API Gateway REST APIs with their stages (GetRestApis, GetStages shapes) */
  restApis = new Map<
    string,
    { api: Record<string, unknown> & { id: string }; stages: Record<string, unknown>[] }[]
  >();
  /** region → metric alarms */
  alarms = new Map<
    string,
    { AlarmName: string; AlarmArn: string; MetricName: string; Namespace: string; AlarmActions: string[] }[]
  >();
  /** region → analyzers */
  analyzers = new Map<string, { arn: string; name: string; type: string; status: string }[]>();
  /** regions where Security Hub is enabled */
  hubs = new Set<string>();
  /** Every operation served, as "<signing service>:<Operation>" (see aws-operations.ts). */
  operations = new Set<string>();
  private server = createServer((req, res) => {
    const { region, service } = signedFor(req);
    this.operations.add(operationOf(req, Buffer.alloc(0)));
    const account = '123456789012';
    res.setHeader('content-type', 'application/json');
    if (service === 'monitoring' && String(req.headers['x-amz-target'] ?? '').endsWith('.DescribeAlarms')) {
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end(JSON.stringify({ MetricAlarms: this.alarms.get(region) ?? [], CompositeAlarms: [] }));
      return;
    }
    if (service === 'account' && req.method === 'POST') {
      void this.account(req, res);
      return;
    }
    if (service === 'apigateway' && req.method === 'GET' && req.url?.startsWith('/restapis')) {
      const path = req.url.split('?')[0]!;
      const apis = this.restApis.get(region) ?? [];
      if (path === '/restapis') {
        res.end(JSON.stringify({ item: apis.map((a) => a.api) }));
        return;
      }
      const m = /^\/restapis\/([^/]+)\/stages$/.exec(path);
      const api = m ? apis.find((a) => a.api.id === m[1]) : undefined;
      if (api) {
        res.end(JSON.stringify({ item: api.stages }));
        return;
      }
    }
    if (service === 'apigateway' && req.method === 'GET' && req.url?.startsWith('/v2/apis')) {
      const path = req.url.split('?')[0]!;
      const apis = this.apis.get(region) ?? [];
      if (path === '/v2/apis') {
        res.end(JSON.stringify({ items: apis.map((a) => a.api) }));
        return;
      }
      const m = /^\/v2\/apis\/([^/]+)\/(routes|stages)$/.exec(path);
      const api = m ? apis.find((a) => a.api.apiId === m[1]) : undefined;
      if (api) {
        res.end(JSON.stringify({ items: m![2] === 'routes' ? api.routes : api.stages }));
        return;
      }
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

  /** The Account API: GetContactInformation and GetAlternateContact, as AWS answers them. */
  private async account(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as {
      AlternateContactType?: string;
    };
    const notFound = (message: string) => {
      res.statusCode = 404;
      res.setHeader('x-amzn-errortype', 'ResourceNotFoundException');
      res.end(JSON.stringify({ message }));
    };
    if (req.url === '/getContactInformation') {
      if (!this.contactInformation) return notFound('No contact information found');
      res.end(JSON.stringify({ ContactInformation: this.contactInformation }));
      return;
    }
    if (req.url === '/getAlternateContact') {
      const type = body.AlternateContactType ?? '';
      const contact = this.contacts.get(type);
      if (!contact) return notFound('No contact of the inputted alternate contact type found.');
      res.end(JSON.stringify({ AlternateContact: { AlternateContactType: type, ...contact } }));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ message: `fake: no route for account POST ${req.url}` }));
  }

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

/** Services whose operations are REST paths with JSON bodies (the action is "METHOD /path"). */
const REST_JSON_SERVICES = new Set(['eks']);

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
 * moto 5.1 writes EKS timestamps (createdAt, modifiedAt) as ISO-8601 text; EKS itself, and so the
 * SDK, use epoch seconds, and the SDK refuses the text. The proxy gives the SDK what AWS sends.
 */
export function epochTimestamps(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  const fix = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fix);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [
        k,
        (k === 'createdAt' || k === 'modifiedAt') && typeof x === 'string' && !Number.isNaN(Date.parse(x))
          ? Date.parse(x) / 1000
          : fix(x),
      ]),
    );
  };
  return JSON.stringify(fix(body));
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
  /** Every operation sent, as "<signing service>:<Operation>" (see aws-operations.ts). */
  operations = new Set<string>();
  private server = createServer(async (req, res) => {
    const body = await readBody(req);
    this.log.push(`${req.method} ${req.url}`);
    this.operations.add(operationOf(req, body));
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
      // REST-JSON services (EKS) read the error type from the same header and body as JSON ones
      const protocol =
        req.headers['x-amz-target'] || REST_JSON_SERVICES.has(service)
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
    if (service === 'autoscaling') {
      // moto writes a group's CreatedTime without a zone ("2026-12-01T17:30:46.066320"), which
      // the SDK rejects; AWS sends UTC with a "Z". The proxy adds it.
      const up = await this.forward(req, body);
      const fixed = up.body
        .toString('utf8')
        .replace(
          /<CreatedTime>(\d{4}-\d{2}-\d{2}T[\d:.]+)<\/CreatedTime>/g,
          '<CreatedTime>$1Z</CreatedTime>',
        );
      res.writeHead(up.status, { ...up.headers, 'content-length': String(Buffer.byteLength(fixed)) });
      res.end(fixed);
      return;
    }
    if (action === 'DescribeSnapshots' && /(?:^|&)RestorableBy\.\d+=all(?:&|$)/.test(body.toString('utf8'))) {
      const up = await this.forward(req, body);
      const filtered = await this.restorableByAll(req, up.body.toString('utf8'));
      res.writeHead(up.status, { ...up.headers, 'content-length': String(Buffer.byteLength(filtered)) });
      res.end(filtered);
      return;
    }
    const upstream = httpRequest(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        if (service !== 'eks') {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        void readBody(up).then((raw) => {
          const fixed = Buffer.from(epochTimestamps(raw.toString('utf8')));
          res.writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': String(fixed.length) });
          res.end(fixed);
        });
      },
    );
    upstream.on('error', (e) => {
      res.statusCode = 502;
      res.end(String(e));
    });
    upstream.end(body);
  });

  private forward(
    req: IncomingMessage,
    body: Buffer | string,
    path = req.url,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
      const upstream = httpRequest(
        { host: this.target.hostname, port: this.target.port, method: req.method, path, headers },
        (up) => {
          void readBody(up).then((b) =>
            resolve({ status: up.statusCode ?? 502, headers: up.headers, body: b }),
          );
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  /**
   * moto ignores DescribeSnapshots' RestorableByUserIds filter (it answers every snapshot); AWS
   * answers only the snapshots that account may restore. For "all" the proxy applies the filter
   * as AWS does, asking moto for each listed snapshot's createVolumePermission.
   */
  private async restorableByAll(req: IncomingMessage, xml: string): Promise<string> {
    const open = xml.indexOf('<snapshotSet>');
    const close = xml.lastIndexOf('</snapshotSet>');
    if (open < 0 || close < 0) return xml;
    const inner = xml.slice(open + '<snapshotSet>'.length, close);
    const items: string[] = [];
    let depth = 0;
    let start = 0;
    for (const m of inner.matchAll(/<(\/?)item>/g)) {
      if (!m[1]) {
        if (depth === 0) start = m.index;
        depth++;
      } else if (--depth === 0) items.push(inner.slice(start, m.index + '</item>'.length));
    }
    const kept: string[] = [];
    for (const item of items) {
      const id = /<snapshotId>([^<]+)<\/snapshotId>/.exec(item)?.[1];
      if (!id) continue;
      const attribute = await this.forward(
        req,
        `Action=DescribeSnapshotAttribute&Version=2016-11-15&SnapshotId=${id}&Attribute=createVolumePermission`,
        '/',
      );
      if (/<group>all<\/group>/.test(attribute.body.toString('utf8'))) kept.push(item);
    }
    return `${xml.slice(0, open)}<snapshotSet>${kept.join('')}</snapshotSet>${xml.slice(close + '</snapshotSet>'.length)}`;
  }
  endpoint = '';

  constructor(private readonly target: URL) {}

  async start(): Promise<string> {
    this.endpoint = await listen(this.server);
    return this.endpoint;
  }

  reset(rules: FailureRule[] = []): void {
    this.rules = rules;
    this.used.clear();
    this.counts.clear();
    this.log = [];
    this.operations.clear();
  }

  count(action: string, region: string): number {
    return this.counts.get(`${action} ${region}`) ?? 0;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
