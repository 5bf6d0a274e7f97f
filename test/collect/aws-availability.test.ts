import { beforeEach, describe, expect, it } from 'vitest';
import { regionalFact } from '../../src/collect/aws/availability.js';
import type { ServiceContext } from '../../src/collect/aws/service.js';

const ctx = {
  session: { accountId: '111122223333', via: 'test', credentials: undefined, homeRegion: 'us-east-1' },
  region: 'ap-southeast-7',
  apiRegion: 'ap-southeast-7',
} as ServiceContext;

const dnsFailure = Object.assign(new Error('getaddrinfo ENOTFOUND guardduty.ap-southeast-7.amazonaws.com'), {
  code: 'ENOTFOUND',
});

/** An SSM stand-in answering GetParameter with the given outcome, recording what was asked. */
function ssm(outcome: 'found' | 'missing' | 'denied') {
  const asked: string[] = [];
  const stub = {
    asked,
    destroyed: false,
    make(region: string) {
      asked.push(`region ${region}`);
      return {
        send(command: { input: { Name?: string } }) {
          asked.push(command.input.Name ?? '');
          if (outcome === 'found') return Promise.resolve({ Parameter: { Value: 'guardduty' } });
          const name = outcome === 'missing' ? 'ParameterNotFound' : 'AccessDeniedException';
          return Promise.reject(Object.assign(new Error(name), { name }));
        },
        destroy() {
          stub.destroyed = true;
        },
      };
    },
  };
  return stub;
}

describe('a per-region service that AWS may not offer', () => {
  beforeEach(() => {
    // A custom endpoint answers for every region: the not-offered path applies only to AWS's own.
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_GUARDDUTY;
  });

  it('answers normally when the call works, without asking SSM', async () => {
    const s = ssm('missing');
    const out = await regionalFact(
      ctx,
      'guardduty',
      () => Promise.resolve(42),
      (r) => s.make(r),
    );
    expect(out).toEqual({ offered: true, value: 42 });
    expect(s.asked).toEqual([]);
  });

  it('is not offered only when the endpoint does not resolve and AWS lists no such service there', async () => {
    const s = ssm('missing');
    const out = await regionalFact(
      ctx,
      'guardduty',
      () => Promise.reject(dnsFailure),
      (r) => s.make(r),
    );
    expect(out).toEqual({ offered: false });
    expect(s.asked).toEqual([
      'region us-east-1',
      '/aws/service/global-infrastructure/regions/ap-southeast-7/services/guardduty',
    ]);
    expect(s.destroyed).toBe(true);
  });

  it('keeps the error when AWS lists the service there, or SSM cannot say', async () => {
    for (const outcome of ['found', 'denied'] as const) {
      const s = ssm(outcome);
      await expect(
        regionalFact(
          ctx,
          'guardduty',
          () => Promise.reject(dnsFailure),
          (r) => s.make(r),
        ),
      ).rejects.toBe(dnsFailure);
    }
  });

  it('keeps any other error without asking SSM', async () => {
    const s = ssm('missing');
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    await expect(
      regionalFact(
        ctx,
        'guardduty',
        () => Promise.reject(denied),
        (r) => s.make(r),
      ),
    ).rejects.toBe(denied);
    expect(s.asked).toEqual([]);
  });
});
