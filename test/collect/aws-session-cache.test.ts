import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../bench/lib/fake-aws.mjs';
import { AwsSessionCache, collectAws } from '../../src/collect/aws/index.js';

// A worker collects one account per job: without a cache each job asked STS who the caller is and
// assumed the account's role again, each with a new STS client (issue 14, per-job cost).
describe('AWS session cache (a worker across jobs)', () => {
  let fake: FakeAws;
  const saved = { ...process.env };
  const account = '210000000001';
  const roleArn = `arn:aws:iam::${account}:role/stance-audit`;
  beforeAll(async () => {
    fake = await startFakeAws({ accounts: [{ id: account }], latencyMs: 1 });
    Object.assign(process.env, fake.env);
    delete process.env.AWS_PROFILE;
  });
  afterAll(async () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    await fake?.close();
  });

  const job = (sessionCache?: AwsSessionCache) =>
    collectAws({ roleArns: [roleArn], regions: ['us-east-1'], services: ['sqs'], sessionCache });

  it('two collections of an account: the caller identified once, the role assumed once, the same result', async () => {
    const before = { ...fake.state.stsCalls };
    const uncached = await job();
    const cache = new AwsSessionCache();
    try {
      const mid = { ...fake.state.stsCalls };
      const first = await job(cache);
      const second = await job(cache);
      expect(fake.state.stsCalls.GetCallerIdentity - mid.GetCallerIdentity).toBe(1);
      expect(fake.state.stsCalls.AssumeRole - mid.AssumeRole).toBe(1);
      // without the cache: each collection asks both again
      expect(mid.GetCallerIdentity - before.GetCallerIdentity).toBe(1);
      expect(mid.AssumeRole - before.AssumeRole).toBe(1);
      const shape = (c: Awaited<ReturnType<typeof job>>) =>
        c.scopes.map((s) => ({ key: s.scope.key, status: s.status, ids: s.resources.map((r) => r.id) }));
      expect(shape(first)).toEqual(shape(uncached));
      expect(shape(second)).toEqual(shape(uncached));
      expect(shape(first)[0]).toMatchObject({ status: 'ok', ids: [expect.stringContaining(account)] });
    } finally {
      cache.close();
    }
  });

  it('identity and role credentials are asked again once their time is up', async () => {
    let now = Date.now();
    const cache = new AwsSessionCache({ now: () => now });
    try {
      const mid = { ...fake.state.stsCalls };
      await job(cache);
      now += 16 * 60_000; // past the identity's 5 minutes and the role's 15
      await job(cache);
      expect(fake.state.stsCalls.GetCallerIdentity - mid.GetCallerIdentity).toBe(2);
      expect(fake.state.stsCalls.AssumeRole - mid.AssumeRole).toBe(2);
    } finally {
      cache.close();
    }
  });
});
