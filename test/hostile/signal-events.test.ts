import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { call, startConsole } from '../helpers/console.js';

/**
 * Hostile CloudTrail events that raise a signal: markup and terminal escapes in every text field the
 * signal's event summaries keep, a megabyte user agent, credentials in the request and response and
 * in fields named like identifiers. The summaries stay bounded, keep no secret, and reach the
 * terminal escaped and the console as JSON data.
 */

const XSS = '<img src=x onerror=alert(1)>';
const ESCAPES = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTILEKEY';
const TOKEN = 'FwoGZXIvYXdzHOSTILESESSIONTOKEN0123456789';
const EVENTS = 60;

const RULE = `title: Hostile source
name: hostile-source
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventSource: hostile.amazonaws.com}
  condition: selection
level: high
`;

function event(i: number) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: `IAMUser${ESCAPES}`,
      principalId: `AIDA${XSS}`,
      arn: `arn:aws:sts::111122223333:assumed-role/Admin/${XSS}${ESCAPES}`,
      accountId: '111122223333',
      userName: `${XSS}${ESCAPES}`,
      accessKeyId: SECRET,
      sessionContext: { sessionToken: TOKEN, sessionIssuer: { userName: 'Admin' } },
    },
    eventTime: new Date(Date.UTC(2026, 2, 2, 10, 0, i)).toISOString(),
    eventSource: 'hostile.amazonaws.com',
    eventName: `${XSS}${ESCAPES}`,
    awsRegion: `us-east-1${ESCAPES}`,
    sourceIPAddress: `${XSS}${ESCAPES}`,
    userAgent: `${XSS}${ESCAPES}${'A'.repeat(i === 0 ? 1_000_000 : 10)}`,
    errorCode: `${XSS}${ESCAPES}`,
    requestParameters: {
      name: `${XSS}${ESCAPES}`,
      password: SECRET,
      secretString: SECRET,
      policyDocument: `{"Statement":"${SECRET}"}`,
      bucketName: `https://user:${SECRET}@example.com/x`,
    },
    responseElements: { credentials: { secretAccessKey: SECRET, sessionToken: TOKEN } },
    eventID: `hostile-${String(i).padStart(4, '0')}${i === 1 ? ESCAPES : ''}`,
    eventType: 'AwsApiCall',
    recipientAccountId: `111122223333${ESCAPES}`,
  };
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('hostile CloudTrail events in a signal', () => {
  it('are kept bounded and without secrets, shown escaped by `stance signals show` and as data by the console', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'hostile.yaml'), RULE);
    const records = Array.from({ length: EVENTS }, (_, i) => event(i));
    writeFileSync(join(dir, 'events.json'), JSON.stringify({ Records: records }));
    const started = Date.now();
    const run = await runStance([
      'detect',
      'cloudtrail',
      '--files',
      join(dir, 'events.json'),
      '--rules',
      join(dir, 'rules'),
      '--db',
      db,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);

    // Stored: one signal, 50 bounded summaries, no secret anywhere in the row.
    const raw = new Database(db, { readonly: true });
    const rows = raw.prepare('SELECT * FROM signals').all() as Record<string, unknown>[];
    raw.close();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    for (const leaked of [SECRET, TOKEN]) expect(stored).not.toContain(leaked);
    expect(String(rows[0]!.event_summaries).length).toBeLessThan(EVENTS * 4096);
    const id = Number(rows[0]!.id);

    const json = await runStance(['signals', 'show', String(id), '--format', 'json', '--db', db]);
    expect(json.code, json.stderr).toBe(0);
    const signal = JSON.parse(json.stdout) as {
      events: { recorded: boolean; total: number; items: Record<string, unknown>[] };
    };
    expect(signal.events).toMatchObject({ recorded: true, total: EVENTS });
    expect(signal.events.items).toHaveLength(50);
    const first = signal.events.items[0]!;
    expect(first.eventName).toBe(`${XSS}${ESCAPES}`);
    expect(String(first.userAgent).length).toBeLessThanOrEqual(200);
    expect(first.accessKeyId).toBeNull();
    expect(first.resources).toMatchObject({ name: `${XSS}${ESCAPES}` });
    expect(Object.keys(first.resources as object).sort()).toEqual(['bucketName', 'name']);

    const table = await runStance(['signals', 'show', String(id), '--db', db]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    expect(table.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e');
    expect(table.stdout).toContain(XSS);
    expect(table.stdout).toContain(`first 50 of ${EVENTS}`);
    for (const leaked of [SECRET, TOKEN]) expect(table.stdout).not.toContain(leaked);

    const server = await startConsole(db);
    try {
      const r = await call(server.url, `/api/signals/${id}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.body.events[0].eventName).toBe(`${XSS}${ESCAPES}`);
      expect(r.body.eventsTotal).toBe(EVENTS);
      for (const leaked of [SECRET, TOKEN]) expect(r.text).not.toContain(leaked);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
