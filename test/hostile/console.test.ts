import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { call, consoleDatabase, rawRequest, startConsole, type RunningConsole } from '../helpers/console.js';

// Hostile requests to `stance serve`: each gets a 4xx with a one-line {error} (never a 500, a
// stack trace or a file outside the console's assets), quickly, and the store is unchanged.

describe('console server: hostile requests', () => {
  let dir: string;
  let db: string;
  let server: RunningConsole;
  let base: string;
  let csrf: string;

  beforeAll(async () => {
    dir = tempDir();
    db = join(dir, 'stance.db');
    await consoleDatabase(db, dir);
    server = await startConsole(db);
    base = `http://127.0.0.1:${server.port}`;
    csrf = (await call(server.url, '/api/session')).body.csrfToken;
  }, 240_000);
  afterAll(async () => server?.stop());

  const expectError = (r: { status: number; text: string }, status: number) => {
    expect(r.status, r.text).toBe(status);
    const body = JSON.parse(r.text) as { error: string };
    expect(body.error).toMatch(/^[^\n]+$/);
    expect(body.error).not.toMatch(/\bat .*\.js:\d+/);
  };

  it('paths that leave the assets folder are refused', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..\\..\\package.json',
      '/.hidden.js',
      '/x%00.js',
      '/%E0%A4%A.js',
      '/assets/../../../etc/passwd.txt',
    ]) {
      const r = await rawRequest(`${base}${path}`, { headers: { Host: `127.0.0.1:${server.port}` } });
      expect([400, 404], path).toContain(r.status);
      expect(r.text, path).not.toContain('"name": "stance"');
      expect(r.text, path).not.toContain('root:');
    }
  });

  it('malformed query parameters get a 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/findings?pageSize=100000', /^pageSize=/],
      ['/api/findings?page=-1', /^page=/],
      ['/api/findings?sort=severity;DROP', /^sort=/],
      ['/api/findings?severity=%3Cscript%3E', /^severity=/],
      ['/api/findings?newSince=yesterday', /^newSince=/],
      [`/api/findings?q=${'a'.repeat(5000)}`, /^q: longer/],
      ['/api/overview?asOf=2999-01-01', /^asOf: the date is in the future/],
      ['/api/signals/1e9', /^signal id/],
      ['/api/resources/%E0%A4%A', /no API route/],
    ];
    for (const [path, message] of cases) {
      const r = await call(server.url, path);
      expect([400, 404], path).toContain(r.status);
      expect(r.body.error, path).toMatch(message);
    }
  });

  it('search text with FTS and LIKE syntax is taken literally', async () => {
    for (const q of [
      'NEAR(a b)',
      '"*"',
      'a OR b',
      '^abc',
      '%_%',
      "'); DROP TABLE resources; --",
      'col:val',
      '\u202Eevil',
    ]) {
      const r = await call(server.url, `/api/findings?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      expect(r.body.total, q).toBe(0);
    }
  });

  it('hostile bodies and methods are refused before anything is written', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      rawRequest(`${base}/api/mutes`, {
        method: 'POST',
        headers: {
          Host: `127.0.0.1:${server.port}`,
          'Content-Type': 'application/json',
          'X-CSRF-Token': csrf,
          ...headers,
        },
        body,
      });
    expectError(await post('{"rule":'), 400);
    expectError(await post('[1,2]'), 400);
    expectError(await post(JSON.stringify({ rule: 'x', reason: 'r'.repeat(200_000) })), 413);
    expectError(await post(JSON.stringify({ rule: { $ne: 1 }, reason: 'x' })), 400);
    expectError(await post(JSON.stringify({ rule: '*', reason: 'x', expires: '1999-01-01' })), 400);
    expectError(await post(JSON.stringify({ reason: 'no target' })), 400);
    expectError(
      await rawRequest(`${base}/api/findings`, {
        method: 'PUT',
        headers: { Host: `127.0.0.1:${server.port}` },
      }),
      405,
    );
    expectError(
      await rawRequest(`${base}/api/session`, {
        headers: { Host: `127.0.0.1:${server.port}`, Authorization: 'Basic YTpi' },
      }),
      401,
    );
    expectError(
      await rawRequest(`${base}/api/session`, {
        headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${'x'.repeat(100)}` },
      }),
      401,
    );
    const started = Date.now();
    const r = await rawRequest(`${base}/api/session`, {
      headers: { Host: `127.0.0.1:${server.port}`, Cookie: `stance_session=${'%'.repeat(4000)}; a=b` },
    });
    expect(r.status).toBe(200); // an unknown session on an unauthenticated local console is the local user
    expect(Date.now() - started).toBeLessThan(5000);
    const mutes = await runStance(['mute', 'list', '--format', 'json', '--db', db]);
    expect(JSON.parse(mutes.stdout)).toEqual([]);
    const audit = await runStance(['audit', '--format', 'json', '--db', db]);
    expect(JSON.parse(audit.stdout)).toEqual([]);
  });
});

describe('stance token: hostile names', () => {
  it('refuses control characters and overlong names, exit 2, one line', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x'), '');
    for (const name of ['evil\u001b[31mred', 'a\u202Eb', 'x'.repeat(101), '   ']) {
      const r = await runStance([
        'token',
        'create',
        '--name',
        name,
        '--role',
        'viewer',
        '--db',
        join(dir, 'stance.db'),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--name .*: expected 1 to 100 printable characters/);
      expect(r.stdout).toBe('');
    }
    const role = await runStance([
      'token',
      'create',
      '--name',
      'ok',
      '--role',
      'admin',
      '--db',
      join(dir, 'stance.db'),
    ]);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role admin: expected one of viewer, editor/);
  });
});
