import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { ChannelConfig } from '../../src/notify/config.js';
import { enqueueSignals } from '../../src/detect/notify.js';
import type { Signal } from '../../src/detect/signals.js';
import { channelId, legacyChannelKey } from '../../src/notify/channels.js';
import { deliverPending } from '../../src/notify/deliver.js';
import { openStore } from '../../src/store/index.js';
import { APPLICATION_ID, inspectSqlite, MIGRATIONS } from '../../src/store/sqlite/index.js';
import { tempDir } from '../helpers/cli.js';

const signal: Signal = {
  id: 1,
  ruleId: 'aws-ct-cloudtrail-stop-logging',
  title: 'CloudTrail logging stopped',
  status: 'open',
  severity: 'high',
  ruleSeverity: 'high',
  reason: null,
  group: { recipientAccountId: '111122223333' },
  count: 1,
  firstSeen: '2026-03-02T10:00:00.000Z',
  lastSeen: '2026-03-02T10:00:00.000Z',
  mitre: [],
  eventIds: ['e-1'],
  resourceIds: [],
  notes: [],
  closedAt: null,
  history: [],
};
const NOW = new Date('2026-03-02T10:05:00Z');

const channels = (yaml: string): ChannelConfig[] => parseConfig(`notify:\n${yaml}`, 'stance.yaml', {}).notify;

let port: number;
let received: { headers: IncomingHttpHeaders; body: string }[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(204).end();
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => void server.close());

const webhook = (secret: string, minSeverity: string) =>
  channels(
    `  - type: webhook\n    url: http://127.0.0.1:${port}/hook/tok\n    secret: ${secret}\n    minSeverity: ${minSeverity}\n    allowPrivateTargets: true\n`,
  );

describe('outbox channel identity', () => {
  it('is not derived from the secret: a rotated secret and a raised minSeverity keep pending messages, sent with the new settings', async () => {
    received = [];
    const store = await openStore(':memory:');
    const before = webhook('old-secret-1', 'low');
    const after = webhook('new-secret-2', 'critical');
    expect(await store.transaction((tx) => enqueueSignals(tx, before, [signal], new Map(), NOW))).toBe(1);
    const { channel } = (await store.outbox.due(NOW, 10))[0]!;
    expect(channel).toBe(`webhook:http://127.0.0.1:${port}`);
    expect(channelId(after[0]!)).toBe(channel);

    const result = await deliverPending(store, after, NOW);
    expect(result).toMatchObject({ delivered: 1, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['stance-signature']).toBe(
      `sha256=${createHmac('sha256', 'new-secret-2').update(received[0]!.body).digest('hex')}`,
    );
    await store.close();
  });

  it('a name: keeps the identity across a new URL; two channels with the same identity must be told apart', () => {
    const [named] = channels(
      '  - type: slack\n    name: k8s-alerts\n    url: https://hooks.slack.com/services/T/B/X\n',
    );
    expect(channelId(named!)).toBe('name:k8s-alerts');
    expect(() =>
      channels(
        '  - type: slack\n    url: https://hooks.slack.com/services/T/B/X\n  - type: slack\n    url: https://hooks.slack.com/services/T/B/Y\n',
      ),
    ).toThrow(
      /^config stance\.yaml:4: notify\[1\]\.name: notify\[0\] and notify\[1\] both send to slack https:\/\/hooks\.slack\.com; give each a name: so queued alerts stay with their channel$/,
    );
    expect(() =>
      channels(
        '  - type: slack\n    name: a\n    url: https://hooks.slack.com/services/T/B/X\n  - type: webhook\n    name: a\n    url: https://h.example.com/\n',
      ),
    ).toThrow(/notify\[1\]\.name: notify\[0\] has the same name/);
  });

  it('rows queued before the upgrade (keyed by a hash of the whole channel) are kept and delivered; finished ones lose the hash', async () => {
    // Keys as Stance 0.1 computed them (sha256 over the channel's JSON, secret included).
    const legacy = channels(
      '  - type: webhook\n    url: https://hooks.example.com/T/tok\n    secret: old-secret-1\n    minSeverity: medium\n  - type: slack\n    url: https://hooks.slack.com/services/T/B/X\n    providers: [aws]\n  - type: email\n    smtp: smtp://u:p@mail.example.com:587\n    from: a@b.c\n    to: [x@y.z]\n',
    );
    expect(legacy.map(legacyChannelKey)).toEqual([
      'webhook:4e01d8856fcd95d0',
      'slack:1fd94966bc41df51',
      'email:2fe1079dd1033eee',
    ]);

    received = [];
    const file = join(tempDir(), 'old.db');
    const old = new Database(file);
    for (const sql of MIGRATIONS.slice(0, 3)) old.exec(sql as string);
    old.pragma('user_version = 3');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    const configured = webhook('old-secret-1', 'low');
    const insert = old.prepare(
      `INSERT INTO outbox (created_at, channel, payload, delivery_id, attempts, next_attempt_at, delivered_at) VALUES (0, ?, ?, ?, 0, 0, ?)`,
    );
    const payload = JSON.stringify({ type: 'stance.stale', text: 'old message' });
    insert.run(legacyChannelKey(configured[0]!), payload, 'pending-1', null);
    insert.run('webhook:4e01d8856fcd95d0', payload, 'done-1', 1);
    insert.run('slack:0123456789abcdef', payload, 'orphan-1', null); // a channel no longer configured
    old
      .prepare('INSERT INTO alert_items (scan_id, route, item, created_at) VALUES (1, ?, ?, 0)')
      .run(legacyChannelKey(configured[0]!), '{}');
    old.close();

    const store = await openStore(file);
    const keys = () =>
      inspectSqlite(
        store,
        (db) =>
          db.prepare('SELECT delivery_id AS id, channel FROM outbox ORDER BY id').all() as {
            id: string;
            channel: string;
          }[],
      );
    expect(await keys()).toEqual([
      { id: 'done-1', channel: 'webhook:legacy' },
      { id: 'orphan-1', channel: 'slack:0123456789abcdef' },
      { id: 'pending-1', channel: legacyChannelKey(configured[0]!) },
    ]);
    const result = await deliverPending(store, configured, NOW);
    expect(result).toMatchObject({ delivered: 1, failed: 1 });
    expect(received.map((r) => r.headers['stance-delivery-id'])).toEqual(['pending-1']);
    expect(await keys()).toEqual([
      { id: 'done-1', channel: 'webhook:legacy' },
      { id: 'orphan-1', channel: 'slack:legacy' },
      { id: 'pending-1', channel: `webhook:http://127.0.0.1:${port}` },
    ]);
    expect(await inspectSqlite(store, (db) => db.prepare('SELECT route FROM alert_items').all())).toEqual([
      { route: `webhook:http://127.0.0.1:${port}` },
    ]);
    await store.close();
  });
});
