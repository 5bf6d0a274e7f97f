import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postJson } from '../../src/notify/http-post.js';
import { refusalFor, type Resolver } from '../../src/notify/targets.js';

/** A resolver that answers every name with fixed addresses, counting the lookups. */
function fixedResolver(addresses: string[]): Resolver & { calls: number } {
  const resolver = ((_host, _opts, callback) => {
    resolver.calls++;
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  }) as Resolver & { calls: number };
  resolver.calls = 0;
  return resolver;
}

describe('delivery targets', () => {
  it('classify addresses: metadata and link-local never, private only when allowed', () => {
    const never = [
      '169.254.169.254',
      '169.254.0.1',
      '100.100.100.200',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::169.254.169.254',
      '2002:a9fe:a9fe::1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      'ff02::1',
    ];
    for (const address of never) expect(refusalFor(address, true), address).toMatch(/never sent there/);
    const privateOnes = [
      '127.0.0.1',
      '10.0.0.1',
      '172.31.255.1',
      '192.168.1.1',
      '100.64.0.1',
      '::1',
      'fd12::1',
    ];
    for (const address of privateOnes) {
      expect(refusalFor(address, false), address).toMatch(
        /loopback or private address; set allowPrivateTargets/,
      );
      expect(refusalFor(address, true), address).toBeUndefined();
    }
    for (const address of ['93.184.216.34', '2606:4700::1', '64:ff9b::5db8:d822', '172.32.0.1'])
      expect(refusalFor(address, false), address).toBeUndefined();
  });

  it('judge the resolved address when connecting: a name that resolves to metadata is refused with no request sent', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const opts = (resolve: Resolver, allowPrivateTargets = true) => ({
      allowPrivateTargets,
      timeoutMs: 5000,
      resolve,
    });
    try {
      // "rebind.invalid" exists in no DNS: the socket reaches the server only through the lookup given
      const loopback = fixedResolver(['127.0.0.1']);
      await postJson(`http://rebind.invalid:${port}/x`, '{}', {}, opts(loopback));
      expect(loopback.calls).toBe(1);
      expect(requests).toBe(1);

      const rebound = fixedResolver(['93.184.216.34', '169.254.169.254']);
      await expect(postJson(`http://rebind.invalid:${port}/x`, '{}', {}, opts(rebound))).rejects.toThrow(
        'rebind.invalid resolves to 169.254.169.254, a link-local or cloud metadata address; alerts are never sent there',
      );
      await expect(
        postJson(`http://rebind.invalid:${port}/x`, '{}', {}, opts(fixedResolver(['127.0.0.1']), false)),
      ).rejects.toThrow(/resolves to 127\.0\.0\.1, a loopback or private address/);
      await expect(
        postJson(`http://[::ffff:7f00:1]:${port}/x`, '{}', {}, opts(loopback, false)),
      ).rejects.toThrow(/^\[::ffff:7f00:1\] is a loopback or private address/);
      expect(requests).toBe(1);
    } finally {
      server.close();
    }
  });
});
