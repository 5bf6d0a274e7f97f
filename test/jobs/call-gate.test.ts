import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCallGate } from '../../src/collect/aws/call-gate.js';
import { nameCalls } from '../../src/collect/aws/errors.js';
import { usePostgresStore } from '../helpers/jobs-postgres.js';
import { postgresEnabled } from '../helpers/postgres.js';

const IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
<Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>X</UserId><Account>123456789012</Account></GetCallerIdentityResult>
<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

// The worker's rate limit is an SDK middleware on every client the collectors create (nameCalls),
// taking a token from the (account, service) bucket in PostgreSQL before each request.
describe.runIf(postgresEnabled())('AWS call gate (token bucket middleware)', () => {
  const pg = usePostgresStore();
  let api: Server;
  let port: number;
  const requests: number[] = [];
  beforeAll(async () => {
    api = createServer((req, res) => {
      requests.push(Date.now());
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml' }).end(IDENTITY));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    port = (api.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => api?.close(() => r()));
  });

  const client = () =>
    nameCalls(
      new STSClient({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      }),
    );

  it('waits for a token before each request: a burst of 2, then 2 per second', async () => {
    const sts = client();
    const services: string[] = [];
    const gate = async (service: string) => {
      services.push(service);
      for (;;) {
        const wait = await pg.store.distributed!.takeTokens({
          account: '123456789012',
          service,
          n: 1,
          perSecond: 2,
          burst: 2,
        });
        if (wait === 0) return;
        await new Promise((r) => setTimeout(r, wait));
      }
    };
    requests.length = 0;
    const started = Date.now();
    await withCallGate(gate, async () => {
      for (let i = 0; i < 6; i++) await sts.send(new GetCallerIdentityCommand({}));
    });
    const elapsed = Date.now() - started;
    expect(services).toEqual(Array(6).fill('sts'));
    expect(requests).toHaveLength(6);
    // 2 at once, then 4 more at 2 per second: at least about 2 s
    expect(elapsed).toBeGreaterThanOrEqual(1_800);
    expect(requests[5]! - requests[0]!).toBeGreaterThanOrEqual(1_800);
    sts.destroy();
  });

  it('outside a gate nothing waits', async () => {
    const sts = client();
    requests.length = 0;
    const started = Date.now();
    for (let i = 0; i < 6; i++) await sts.send(new GetCallerIdentityCommand({}));
    expect(requests).toHaveLength(6);
    expect(Date.now() - started).toBeLessThan(1_800);
    sts.destroy();
  });
});
