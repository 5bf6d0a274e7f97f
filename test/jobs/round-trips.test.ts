import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DistributedStore } from '../../src/store/index.js';
import { usePostgresStore } from '../helpers/jobs-postgres.js';
import { postgresEnabled } from '../helpers/postgres.js';

// A worker's fixed cost per job is mostly round trips to PostgreSQL (issue 14, bench/workers.mjs):
// each lease, slot and token-bucket call is one statement, sent on its own (autocommit), not
// wrapped in BEGIN … COMMIT, once its rows exist.
describe.runIf(postgresEnabled())('distributed calls: one round trip each (PostgreSQL)', () => {
  const postgres = usePostgresStore();
  let d: DistributedStore;
  beforeAll(() => {
    d = postgres.store.distributed!;
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  /** The statements a call sends to the server. */
  async function statementsOf<T>(call: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
      this: pg.Client,
      ...args: unknown[]
    ) {
      const text = args[0];
      sent.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query);
    try {
      return { result: await call(), sent };
    } finally {
      spy.mockRestore();
    }
  }

  it('takeTokens on an existing bucket: one statement', async () => {
    const p = { account: '111111111111', service: 'sqs', n: 1, perSecond: 20, burst: 40 };
    expect(await d.takeTokens(p)).toBe(0); // creates the bucket
    const { result, sent } = await statementsOf(() => d.takeTokens(p));
    expect(result).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('takeLease, renewLease, releaseLease: one statement each', async () => {
    const take = await statementsOf(() => d.takeLease({ key: 'rt', holder: 'w', jobId: 'j', ttlMs: 5_000 }));
    expect(take.result).toBeTruthy();
    expect(take.sent).toHaveLength(1);
    const renew = await statementsOf(() => d.renewLease('rt', take.result!, 5_000));
    expect(renew.result).toBe(true);
    expect(renew.sent).toHaveLength(1);
    const release = await statementsOf(() => d.releaseLease('rt', take.result!));
    expect(release.result).toBe(true);
    expect(release.sent).toHaveLength(1);
  });

  it("takeSlot once the account's slots exist, renewSlot, releaseSlot: one statement each", async () => {
    const first = await d.takeSlot({ account: '222222222222', limit: 2, holder: 'a', ttlMs: 5_000 });
    expect(first).toBe(1);
    const take = await statementsOf(() =>
      d.takeSlot({ account: '222222222222', limit: 2, holder: 'b', ttlMs: 5_000 }),
    );
    expect(take.result).toBe(2);
    expect(take.sent).toHaveLength(1);
    const renew = await statementsOf(() => d.renewSlot('222222222222', 2, 'b', 5_000));
    expect(renew.result).toBe(true);
    expect(renew.sent).toHaveLength(1);
    const release = await statementsOf(() => d.releaseSlot('222222222222', 2, 'b'));
    expect(release.result).toBe(true);
    expect(release.sent).toHaveLength(1);
  });
});
