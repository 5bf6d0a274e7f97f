import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type DistributedStore, type Store } from '../../src/store/index.js';
import { usePostgresStore } from '../helpers/jobs-postgres.js';
import { postgresEnabled } from '../helpers/postgres.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Leases, per-account slots and token buckets live in PostgreSQL so they hold across workers: two
// stores here are two workers (separate pools), deciding on the database's clock.
describe.runIf(postgresEnabled())('distributed limits (PostgreSQL)', () => {
  const pg = usePostgresStore();
  let b: Store;
  let da: DistributedStore;
  let db: DistributedStore;
  beforeAll(async () => {
    b = await openStore(pg.url);
    da = pg.store.distributed!;
    db = b.distributed!;
  });
  afterAll(async () => {
    await b?.close();
  });

  it('a lease is held by one attempt; an expired one is taken over and the old token is dead', async () => {
    const first = await da.takeLease({ key: 'k1', holder: 'w1', jobId: 'j', ttlMs: 300 });
    expect(first).toBeTruthy();
    expect(await db.takeLease({ key: 'k1', holder: 'w2', jobId: 'j', ttlMs: 300 })).toBeUndefined();
    expect(await da.renewLease('k1', first!, 300)).toBe(true);
    await sleep(450);
    const second = await db.takeLease({ key: 'k1', holder: 'w2', jobId: 'j', ttlMs: 5_000 });
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(await da.renewLease('k1', first!, 300)).toBe(false);
    expect(await da.releaseLease('k1', first!)).toBe(false);
    expect(await db.releaseLease('k1', second!)).toBe(true);
    expect(await da.takeLease({ key: 'k1', holder: 'w1', jobId: 'j', ttlMs: 300 })).toBeTruthy();
  });

  it('an account has at most `limit` slots held at once, across workers; expired slots are free', async () => {
    const taken = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? da : db).takeSlot({ account: '111111111111', limit: 2, holder: `h${i}`, ttlMs: 400 }),
      ),
    );
    const held = taken.filter((s) => s !== undefined).sort();
    expect(held).toEqual([1, 2]);
    // another account is not limited by this one
    expect(await da.takeSlot({ account: '222222222222', limit: 1, holder: 'x', ttlMs: 400 })).toBe(1);
    const holderOf1 = `h${taken.indexOf(1)}`;
    expect(await da.releaseSlot('111111111111', 1, holderOf1)).toBe(true);
    expect(await db.takeSlot({ account: '111111111111', limit: 2, holder: 'late', ttlMs: 400 })).toBe(1);
    expect(
      await db.takeSlot({ account: '111111111111', limit: 2, holder: 'later', ttlMs: 400 }),
    ).toBeUndefined();
    await sleep(550);
    // the holders stopped renewing: their slots expired
    expect(await db.renewSlot('111111111111', 1, 'late', 400)).toBe(false);
    expect(await db.takeSlot({ account: '111111111111', limit: 2, holder: 'after', ttlMs: 400 })).toBe(1);
    await expect(da.takeSlot({ account: 'x', limit: 0, holder: 'h', ttlMs: 1 })).rejects.toThrow(/limit 0/);
  });

  it('a token bucket grants at most its burst at once, across workers, then refills at its rate', async () => {
    const bucket = { account: '111111111111', service: 'ec2', n: 1, perSecond: 1, burst: 5 };
    const waits = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? da : db).takeTokens(bucket)),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    for (const w of waits.filter((w) => w > 0)) {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(1000);
    }
    // another service of the account has its own bucket
    expect(await da.takeTokens({ ...bucket, service: 's3' })).toBe(0);
    await sleep(1050);
    // one token refilled in a second (and less than two, unless the machine stalled for a second)
    expect(await da.takeTokens(bucket)).toBe(0);
    expect(await db.takeTokens(bucket)).toBeGreaterThan(0);
    await expect(da.takeTokens({ ...bucket, n: 6 })).rejects.toThrow(/n <= burst/);
  });
});
