import { execFileSync } from 'node:child_process';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import {
  call,
  consoleDatabase,
  HOSTILE_NAME,
  rawRequest,
  startConsole,
  type RunningConsole,
} from '../helpers/console.js';
import { postgresEnabled, startPostgres, type PostgresServer } from '../helpers/postgres.js';

// The console's JSON API through `stance serve`, on both backends: its numbers equal the CLI's for
// the same filters, viewers cannot write, the Host header and CSRF token are checked, writes are
// audited, and hostile names come back as data.

interface Backend {
  name: string;
  location(dir: string): Promise<string>;
}

let pg: PostgresServer | undefined;
const backends: Backend[] = [{ name: 'sqlite', location: async (dir) => join(dir, 'stance.db') }];
if (postgresEnabled())
  backends.push({
    name: 'postgres',
    location: async () => await (pg ??= await startPostgres()).schemaUrl(),
  });
afterAll(async () => pg?.stop());

interface CliFinding {
  resourceId: string;
  ruleId: string;
  severity: string;
  status: string;
  muted: boolean;
}

const key = (f: { resourceId: string; rule?: string; ruleId?: string; status: string; muted: boolean }) =>
  `${f.resourceId} ${f.rule ?? f.ruleId} ${f.status} ${f.muted}`;

/** Every page of a findings query. */
async function allFindings(base: string, query: string) {
  const items: { resourceId: string; rule: string; status: string; muted: boolean }[] = [];
  for (let page = 1; ; page++) {
    const r = await call(base, `/api/findings?${query}&pageSize=500&page=${page}`);
    expect(r.status, query).toBe(200);
    items.push(...r.body.items);
    if (items.length >= r.body.total || r.body.items.length === 0) return items;
  }
}

describe.each(backends)('console API ($name)', (backend) => {
  let db: string;
  let server: RunningConsole;
  let hostileId: string;
  let csrf: string;

  const cli = async (args: string[], allowed = [0]) => {
    const r = await runStance([...args, '--db', db]);
    expect(allowed, `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
    return r.stdout;
  };

  beforeAll(async () => {
    const dir = tempDir();
    db = await backend.location(dir);
    ({ hostileId } = await consoleDatabase(db, dir));
    server = await startConsole(db);
    csrf = (await call(server.url, '/api/session')).body.csrfToken;
  }, 240_000);
  afterAll(async () => server?.stop());

  it('says who the local user is, with a CSRF token and the backend', async () => {
    const r = await call(server.url, '/api/session');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'editor', via: 'local', backend: backend.name });
    expect(r.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it(
    'findings equal `stance findings --format json` for the same filters',
    { timeout: 300_000 },
    async () => {
      const filters: [string, string[]][] = [
        ['', []],
        ['status=fail', ['--status', 'fail']],
        ['status=fail&severity=high', ['--status', 'fail', '--severity', 'high']],
        ['account=111122223333&region=us-east-1', ['--account', '111122223333', '--region', 'us-east-1']],
        ['rule=aws-s3-bucket-public-access-block', ['--rule', 'aws-s3-bucket-public-access-block']],
        // the database query's scope rules: a region keeps global resources, a namespace
        // cluster-wide ones; an AWS filter leaves Kubernetes out and the other way round
        ['region=eu-west-1&severity=medium', ['--region', 'eu-west-1', '--severity', 'medium']],
        ['cluster=acme-prod&status=fail', ['--cluster', 'acme-prod', '--status', 'fail']],
        ['namespace=shop', ['--namespace', 'shop']],
        ['cluster=acme-prod&region=eu-west-1', ['--cluster', 'acme-prod', '--region', 'eu-west-1']],
        ['type=aws.iam.user&status=pass', ['--type', 'aws.iam.user', '--status', 'pass']],
        ['newSince=2000-01-01T00:00:00.000Z', ['--since', '2000-01-01T00:00:00.000Z']],
        // a rule filter with a framework filter keeps the rule only if the framework has it
        [
          'rule=aws-s3-bucket-public-access-block&framework=cis-aws-7.0.0',
          ['--rule', 'aws-s3-bucket-public-access-block'],
        ],
      ];
      for (const [query, flags] of filters) {
        const expected = JSON.parse(await cli(['findings', ...flags, '--format', 'json'])) as CliFinding[];
        const items = await allFindings(server.url, query);
        expect(items.length, query).toBe(expected.length);
        expect(items.map(key).sort(), query).toEqual(expected.map(key).sort());
      }
      // paging covers the same list without gaps or repeats
      const all = await call(server.url, '/api/findings?pageSize=100&sort=resource&order=desc&status=fail');
      expect(all.body.items.length).toBeGreaterThan(7);
      const paged = [];
      for (let page = 1; page <= Math.ceil(all.body.items.length / 7); page++)
        paged.push(
          ...(
            await call(
              server.url,
              `/api/findings?pageSize=7&page=${page}&sort=resource&order=desc&status=fail`,
            )
          ).body.items,
        );
      expect(paged.slice(0, all.body.items.length).map(key)).toEqual(all.body.items.map(key));
      // the export is the CLI's bytes
      const exported = await call(server.url, '/api/findings/export?format=csv&status=fail');
      expect(exported.text).toBe(await cli(['findings', '--status', 'fail', '--format', 'csv']));
    },
  );

  it(
    'overview scores and failing counts equal `stance report` and `stance findings`',
    { timeout: 180_000 },
    async () => {
      const overview = await call(server.url, '/api/overview');
      expect(overview.status).toBe(200);
      for (const id of ['cis-aws-7.0.0', 'pss-restricted', 'aws-fsbp']) {
        const report = JSON.parse(await cli(['report', '--framework', id, '--format', 'json'], [0, 1]));
        const shown = overview.body.frameworks.find((f: { id: string }) => f.id === id);
        expect(shown, id).toMatchObject({
          score: report.summary.score,
          passed: report.summary.pass,
          failed: report.summary.fail,
          errored: report.summary.error,
        });
        const detail = await call(server.url, `/api/frameworks/${id}`);
        expect(detail.body.summary).toEqual(report.summary);
        expect(
          detail.body.controls.map((c: { id: string; status: string }) => `${c.id} ${c.status}`),
        ).toEqual(report.controls.map((c: { id: string; status: string }) => `${c.id} ${c.status}`));
        const csv = await call(server.url, `/api/reports/${id}?format=csv`);
        expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
        expect(csv.text).toBe(await cli(['report', '--framework', id, '--format', 'csv'], [0, 1]));
      }
      const failing = (
        JSON.parse(await cli(['findings', '--status', 'fail', '--format', 'json'])) as CliFinding[]
      ).filter((f) => !f.muted);
      const bySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 } as Record<string, number>;
      for (const f of failing) bySeverity[f.severity]!++;
      expect(overview.body.failingBySeverity).toEqual(bySeverity);
      expect(overview.body.changes['24h'].newFailures).toBeGreaterThan(0);
      expect(overview.body.recentSignals.length).toBeGreaterThan(0);
    },
  );

  it(
    "the trend's latest point equals the overview's score and `stance report`'s",
    { timeout: 120_000 },
    async () => {
      const overview = await call(server.url, '/api/overview');
      for (const id of ['aws-fsbp', 'cis-aws-7.0.0', 'pss-restricted']) {
        const report = JSON.parse(await cli(['report', '--framework', id, '--format', 'json'], [0, 1]));
        const trend = await call(server.url, `/api/trend?framework=${id}`);
        expect(trend.status, id).toBe(200);
        const latest = trend.body.points.at(-1);
        const shown = overview.body.frameworks.find((f: { id: string }) => f.id === id);
        expect(latest.score, id).toBe(shown.score);
        expect(latest.score, id).toBe(report.summary.score);
        const failing = new Set(
          report.controls.flatMap((c: { failing: { resourceId: string; ruleId: string }[] }) =>
            c.failing.map((f) => `${f.resourceId} ${f.ruleId}`),
          ),
        );
        expect(latest.failing, id).toBe(failing.size);
        expect(trend.body.scoreFormula, id).toBe(shown.scoreFormula);
      }
      const account = '111122223333';
      const report = JSON.parse(
        await cli(['report', '--framework', 'aws-fsbp', '--account', account, '--format', 'json'], [0, 1]),
      );
      const trend = await call(server.url, `/api/trend?framework=aws-fsbp&account=${account}`);
      expect(trend.body.points.at(-1).score).toBe(report.summary.score);
    },
  );

  it(
    'each failing-by-severity count equals the length of the findings list its link opens',
    { timeout: 120_000 },
    async () => {
      const overview = await call(server.url, '/api/overview');
      const cliFailing = JSON.parse(
        await cli(['findings', '--status', 'fail', '--format', 'json']),
      ) as CliFinding[];
      let nonZero = 0;
      for (const [severity, count] of Object.entries(
        overview.body.failingBySeverity as Record<string, number>,
      )) {
        // the overview page's link: status=fail, this severity only, not muted
        const query = `status=fail&severity=${severity}&severityMode=exact&muted=false`;
        const items = await allFindings(server.url, query);
        expect(items.length, severity).toBe(count);
        const expected = cliFailing.filter((f) => f.severity === severity && !f.muted);
        expect(items.map(key).sort(), severity).toEqual(expected.map(key).sort());
        if (count > 0) nonZero++;
      }
      expect(nonZero).toBeGreaterThan(1);
      // the default stays "this level and above", as `stance findings --severity`
      const atLeast = await allFindings(server.url, 'status=fail&severity=high');
      expect(atLeast.length).toBe(
        JSON.parse(await cli(['findings', '--status', 'fail', '--severity', 'high', '--format', 'json']))
          .length,
      );
      expect((await call(server.url, '/api/findings?severityMode=exact')).status).toBe(400);
    },
  );

  it(
    'findings asOf equal `stance findings --as-of` and the as-of overview counts',
    { timeout: 120_000 },
    async () => {
      const current = await allFindings(server.url, 'status=fail');
      expect(current.length).toBeGreaterThan(0);
      const before = '2020-01-01T00:00:00.000Z'; // before the only scan: nothing was known
      const after = new Date().toISOString(); // after it: the same as now
      for (const asOf of [before, after]) {
        const overview = await call(server.url, `/api/overview?asOf=${encodeURIComponent(asOf)}`);
        expect(overview.status).toBe(200);
        for (const [severity, count] of Object.entries(
          overview.body.failingBySeverity as Record<string, number>,
        )) {
          const query = `status=fail&severity=${severity}&severityMode=exact&muted=false&asOf=${encodeURIComponent(asOf)}`;
          expect((await allFindings(server.url, query)).length, `${asOf} ${severity}`).toBe(count);
        }
        const items = await allFindings(server.url, `status=fail&asOf=${encodeURIComponent(asOf)}`);
        const expected = JSON.parse(
          await cli(['findings', '--status', 'fail', '--as-of', asOf, '--format', 'json']),
        ) as CliFinding[];
        expect(items.map(key).sort(), asOf).toEqual(expected.map(key).sort());
      }
      expect(await allFindings(server.url, `asOf=${before}`)).toEqual([]);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      expect((await call(server.url, `/api/findings?asOf=${tomorrow}`)).status).toBe(400);
    },
  );

  it('hostile names come back as data, and search finds them', async () => {
    const r = await call(server.url, `/api/findings?q=${encodeURIComponent('onerror=alert')}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every((i: { resourceName: string }) => i.resourceName === HOSTILE_NAME)).toBe(true);
    const detail = await call(server.url, `/api/resources/${encodeURIComponent(hostileId)}`);
    expect(detail.body.resource.name).toBe(HOSTILE_NAME);
    expect((await call(server.url, '/api/findings?q=%25%25%25')).body.total).toBe(0);
    expect((await call(server.url, '/api/findings?q=ab')).status).toBe(400);
  });

  it('checks the Host header (DNS rebinding) and the CSRF token on writes', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    expect((await rawRequest(`${base}/api/session`, { headers: { Host: 'attacker.example' } })).status).toBe(
      403,
    );
    expect(
      (await rawRequest(`${base}/api/session`, { headers: { Host: `attacker.example:${server.port}` } }))
        .status,
    ).toBe(403);
    expect(
      (await rawRequest(`${base}/api/session`, { headers: { Host: `localhost:${server.port}` } })).status,
    ).toBe(200);
    const mute = { rule: 'aws-s3-bucket-public-access-block', reason: 'csrf test', expires: '2099-01-01' };
    expect((await call(server.url, '/api/mutes', { method: 'POST', body: mute })).status).toBe(403);
    expect(
      (await call(server.url, '/api/mutes', { method: 'POST', body: mute, headers: { 'X-CSRF-Token': 'x' } }))
        .status,
    ).toBe(403);
    const crossSite = await rawRequest(`${base}/api/mutes`, {
      method: 'POST',
      headers: {
        Host: `127.0.0.1:${server.port}`,
        Origin: 'http://attacker.example',
        'Content-Type': 'application/json',
        'X-CSRF-Token': csrf,
      },
      body: JSON.stringify(mute),
    });
    expect(crossSite.status).toBe(403);
    // a form post (no JSON) is refused even with the token
    const form = await rawRequest(`${base}/api/mutes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrf },
      body: 'rule=x',
    });
    expect(form.status).toBe(415);
    expect(JSON.parse(await cli(['mute', 'list', '--format', 'json']))).toEqual([]);
  });

  it('a signal comes with its first CloudTrail events, as `stance signals show` lists them', async () => {
    const list = await call(server.url, '/api/signals?pageSize=500');
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const { id } of list.body.items.slice(0, 5) as { id: number }[]) {
      const r = await call(server.url, `/api/signals/${id}`);
      expect(r.status).toBe(200);
      const { events, eventsTotal, eventsNote, eventIds, count } = r.body as {
        events: { id: string; time: string; recorded: boolean; eventName: string; eventSource: string }[];
        eventsTotal: number;
        eventsNote: string | null;
        eventIds: string[];
        count: number;
      };
      expect(eventsNote).toBeNull();
      expect(eventsTotal).toBe(count);
      expect(events.length).toBe(Math.min(count, 50));
      expect(events.map((e) => e.id)).toEqual(eventIds.slice(0, 50));
      for (const e of events) {
        expect(e.recorded).toBe(true);
        expect(e.eventName).toMatch(/^\w+$/);
        expect(e.eventSource).toMatch(/\.amazonaws\.com$/);
        expect(Number.isNaN(Date.parse(e.time))).toBe(false);
      }
      const shown = JSON.parse(await cli(['signals', 'show', String(id), '--format', 'json'])) as {
        events: { items: unknown[] };
      };
      expect(shown.events.items).toEqual(events);
      const table = await cli(['signals', 'show', String(id)]);
      expect(table).toContain(events[0]!.eventName);
      expect(table).toContain(events[0]!.id.slice(0, 20));
    }
  });

  it('mutes and triage round-trip, show in the CLI and in the audit', { timeout: 120_000 }, async () => {
    const headers = { 'X-CSRF-Token': csrf };
    const added = await call(server.url, '/api/mutes', {
      method: 'POST',
      headers,
      body: {
        rule: 'aws-s3-bucket-public-access-block',
        resource: hostileId,
        reason: 'accepted <b>risk</b>',
        expires: '2099-01-01',
      },
    });
    expect(added.status, added.text).toBe(200);
    const muted = await call(
      server.url,
      `/api/findings?rule=aws-s3-bucket-public-access-block&resource=${encodeURIComponent(hostileId)}`,
    );
    expect(muted.body.items[0]).toMatchObject({ muted: true, resourceName: HOSTILE_NAME });
    const cliFindings = JSON.parse(
      await cli([
        'findings',
        '--rule',
        'aws-s3-bucket-public-access-block',
        '--resource',
        hostileId,
        '--format',
        'json',
      ]),
    ) as CliFinding[];
    expect(cliFindings[0]!.muted).toBe(true);

    const signals = await call(server.url, '/api/signals');
    const id = signals.body.items[0].id as number;
    const triaged = await call(server.url, `/api/signals/${id}/state`, {
      method: 'POST',
      headers,
      body: { state: 'acknowledged', note: 'looking into it' },
    });
    expect(triaged.status, triaged.text).toBe(200);
    expect(triaged.body.state).toBe('acknowledged');
    const shown = JSON.parse(await cli(['signals', '--format', 'json'])) as { id: number; status: string }[];
    expect(shown.find((s) => s.id === id)!.status).toBe('acknowledged');
    expect(
      (
        await call(server.url, `/api/signals/${id}/state`, {
          method: 'POST',
          headers,
          body: { state: 'bogus' },
        })
      ).status,
    ).toBe(400);

    const removed = await call(server.url, `/api/mutes/${added.body.id}`, { method: 'DELETE', headers });
    expect(removed.status).toBe(200);
    expect(
      (await call(server.url, `/api/mutes/${added.body.id}`, { method: 'DELETE', headers })).status,
    ).toBe(404);

    const audit = JSON.parse(await cli(['audit', '--format', 'json'])) as {
      action: string;
      via: string;
      detail: Record<string, unknown>;
    }[];
    expect(audit.map((e) => e.action).slice(0, 3)).toEqual(['mute.remove', 'signal.state', 'mute.add']);
    expect(audit[2]!.detail.reason).toBe('accepted <b>risk</b>');
    expect(audit.every((e) => e.via === 'local')).toBe(true);
    expect((await call(server.url, '/api/audit')).body.items.length).toBe(audit.length);
  });

  it(
    'tokens: a viewer reads and gets 403 on writes; an editor writes as its name; sessions end with the token',
    { timeout: 120_000 },
    async () => {
      const viewer = (
        await cli(['token', 'create', '--name', `viewer-${backend.name}`, '--role', 'viewer'])
      ).trim();
      const editor = (
        await cli(['token', 'create', '--name', `editor-${backend.name}`, '--role', 'editor'])
      ).trim();
      const authed = await startConsole(db, ['--auth']);
      try {
        expect((await call(authed.url, '/api/overview')).status).toBe(401);
        const asViewer = { Authorization: `Bearer ${viewer}` };
        expect((await call(authed.url, '/api/session', { headers: asViewer })).body).toMatchObject({
          role: 'viewer',
          via: 'token',
        });
        expect((await call(authed.url, '/api/findings?pageSize=1', { headers: asViewer })).status).toBe(200);
        const mute = {
          rule: 'aws-s3-bucket-public-access-block',
          reason: 'viewer try',
          expires: '2099-01-01',
        };
        expect(
          (await call(authed.url, '/api/mutes', { method: 'POST', headers: asViewer, body: mute })).status,
        ).toBe(403);
        expect(
          (
            await call(authed.url, '/api/signals/1/state', {
              method: 'POST',
              headers: asViewer,
              body: { state: 'resolved' },
            })
          ).status,
        ).toBe(403);
        expect(
          (await call(authed.url, '/api/session', { headers: { Authorization: 'Bearer stance_wrong' } }))
            .status,
        ).toBe(401);

        // the login form: a session cookie, httpOnly, Secure, SameSite=Strict
        const login = await call(authed.url, '/api/login', { method: 'POST', body: { token: editor } });
        expect(login.status).toBe(200);
        const cookie = login.headers.get('set-cookie')!;
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/Secure/);
        expect(cookie).toMatch(/SameSite=Strict/);
        const session = { Cookie: cookie.split(';')[0]!, 'X-CSRF-Token': login.body.csrfToken };
        const added = await call(authed.url, '/api/mutes', {
          method: 'POST',
          headers: session,
          body: { ...mute, reason: 'editor' },
        });
        expect(added.status, added.text).toBe(200);
        expect(
          (
            await call(authed.url, '/api/mutes', {
              method: 'POST',
              headers: { Cookie: session.Cookie },
              body: mute,
            })
          ).status,
        ).toBe(403);
        const audit = JSON.parse(await cli(['audit', '--action', 'mute.add', '--format', 'json'])) as {
          actor: string;
          via: string;
        }[];
        expect(audit[0]).toMatchObject({ actor: `editor-${backend.name}`, via: 'session' });
        await cli(['mute', 'remove', String(added.body.id)]);

        await cli(['token', 'revoke', `editor-${backend.name}`]);
        expect((await call(authed.url, '/api/session', { headers: { Cookie: session.Cookie } })).status).toBe(
          401,
        );
        expect(
          (await call(authed.url, '/api/session', { headers: { Authorization: `Bearer ${editor}` } })).status,
        ).toBe(401);
        const tokens = JSON.parse(await cli(['token', 'list', '--format', 'json'])) as {
          name: string;
          revokedAt: string | null;
        }[];
        expect(tokens.find((t) => t.name === `editor-${backend.name}`)!.revokedAt).not.toBeNull();
        expect(JSON.stringify(tokens)).not.toContain(editor);
      } finally {
        await authed.stop();
      }
    },
  );
});

describe('stance serve refuses unsafe binds', () => {
  it('another address needs TLS or --behind-tls-proxy', async () => {
    const r = await runStance(['serve', '--host', '0.0.0.0', '--port', '0', '--db', ':memory:']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--host 0\.0\.0\.0: serving off loopback needs TLS/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('stance serve over TLS', () => {
  it(
    'serves https with --tls-cert/--tls-key and HSTS; a token is needed with --auth',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const cert = join(dir, 'cert.pem');
      const keyFile = join(dir, 'key.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          keyFile,
          '-out',
          cert,
        ],
        { stdio: 'ignore' },
      );
      const db = join(dir, 'stance.db');
      const token = (
        await runStance(['token', 'create', '--name', 'tls', '--role', 'viewer', '--db', db])
      ).stdout.trim();
      const server = await startConsole(db, ['--tls-cert', cert, '--tls-key', keyFile, '--auth']);
      try {
        expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
        const get = (path: string, headers: Record<string, string> = {}) =>
          new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) =>
            httpsGet(new URL(path, server.url), { rejectUnauthorized: false, headers }, (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
            }).on('error', reject),
          );
        const anonymous = await get('/api/session');
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect((await get('/api/session', { Authorization: `Bearer ${token}` })).status).toBe(200);
      } finally {
        await server.stop();
      }
    },
  );
});

describe('stance serve behind an SSO proxy', () => {
  it(
    'a trusted proxy header names the user, with the proxy role; without it, a login is needed',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const db = join(dir, 'stance.db');
      const server = await startConsole(db, [
        '--auth',
        '--proxy-user-header',
        'X-Forwarded-User',
        '--proxy-role',
        'editor',
      ]);
      try {
        expect((await call(server.url, '/api/session')).status).toBe(401);
        const session = await call(server.url, '/api/session', {
          headers: { 'X-Forwarded-User': 'ann@example.com' },
        });
        expect(session.body).toMatchObject({ user: 'ann@example.com', role: 'editor', via: 'proxy' });
        const headers = { 'X-Forwarded-User': 'ann@example.com', 'X-CSRF-Token': session.body.csrfToken };
        const added = await call(server.url, '/api/mutes', {
          method: 'POST',
          headers,
          body: { rule: '*', resource: 'arn:aws:s3:::x', reason: 'sso', expires: '2099-01-01' },
        });
        expect(added.status, added.text).toBe(200);
        // another user's CSRF token is not ann's
        const bob = await call(server.url, '/api/session', { headers: { 'X-Forwarded-User': 'bob' } });
        expect(bob.body.csrfToken).not.toBe(session.body.csrfToken);
        const audit = JSON.parse((await runStance(['audit', '--format', 'json', '--db', db])).stdout) as {
          actor: string;
          via: string;
        }[];
        expect(audit[0]).toMatchObject({ actor: 'ann@example.com', via: 'proxy' });
      } finally {
        await server.stop();
      }
    },
  );
});
