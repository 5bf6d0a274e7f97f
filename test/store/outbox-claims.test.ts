import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { channelsSchema } from '../../src/notify/config.js';
import { channelId } from '../../src/notify/channel-id.js';
import { deliverPending } from '../../src/notify/deliver.js';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { postgresEnabled } from '../helpers/postgres.js';
import { at, postgresServer } from './helpers.js';

/** A webhook receiver that answers slowly (so two deliverers overlap) and records every delivery id. */
async function receiver(delayMs: number): Promise<{ server: Server; url: string; ids: string[] }> {
  const ids: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['stance-delivery-id']));
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/hook`, ids };
}

describe.runIf(postgresEnabled())('outbox across processes (PostgreSQL)', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('two deliverers on one database send each message once (claims with SKIP LOCKED)', async () => {
    const url = await (await postgresServer()).schemaUrl();
    const a = await PostgresStore.open(url);
    const b = await PostgresStore.open(url);
    closers.push(
      () => a.close(),
      () => b.close(),
    );
    const rx = await receiver(20);
    closers.push(() => new Promise((resolve) => rx.server.close(resolve)));
    const channels = channelsSchema.parse([{ type: 'webhook', url: rx.url, allowPrivateTargets: true }]);
    const messages = Array.from({ length: 30 }, (_, i) => ({
      channel: channelId(channels[0]!),
      payload: JSON.stringify({ type: 'stance.stale', text: `m${i}` }),
    }));
    await a.outbox.enqueue(messages, at(0));
    const [ra, rb] = await Promise.all([
      deliverPending(a, channels, at(1)),
      deliverPending(b, channels, at(1)),
    ]);
    expect(ra.delivered + rb.delivered).toBe(30);
    expect(rx.ids).toHaveLength(30);
    expect(new Set(rx.ids).size).toBe(30);
    expect(await a.outbox.status()).toEqual({ delivered: 30, pending: 0, failed: 0 });
  });

  it('a message queued twice under one delivery id is stored once', async () => {
    const store = await PostgresStore.open(await (await postgresServer()).schemaUrl());
    closers.push(() => store.close());
    const message = {
      channel: 'webhook:http://x',
      payload: '{}',
      deliveryId: 'stale:t:never:webhook:http://x',
    };
    await store.outbox.enqueue([message], at(0));
    await store.outbox.enqueue([message], at(1));
    const due = await store.outbox.due(undefined, 10);
    expect(due.map((r) => r.deliveryId)).toEqual(['stale:t:never:webhook:http://x']);
  });
});
