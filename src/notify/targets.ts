import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be delivered. Link-local and cloud metadata addresses are never a receiver (a
 * webhook there reads instance credentials); loopback and private networks only when the channel says
 * `allowPrivateTargets: true`. The check runs on the addresses a host name resolves to, when the
 * connection is made, so a name that later resolves elsewhere (DNS rebinding) cannot slip through.
 */

const LINK_LOCAL_OR_METADATA = new BlockList();
LINK_LOCAL_OR_METADATA.addSubnet('169.254.0.0', 16, 'ipv4'); // includes 169.254.169.254 (AWS, GCP, Azure)
LINK_LOCAL_OR_METADATA.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
LINK_LOCAL_OR_METADATA.addSubnet('fe80::', 10, 'ipv6');
LINK_LOCAL_OR_METADATA.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6

const NOT_UNICAST = new BlockList();
NOT_UNICAST.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network": 0.0.0.0 reaches the local host
NOT_UNICAST.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
NOT_UNICAST.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved and broadcast
NOT_UNICAST.addAddress('::', 'ipv6');
NOT_UNICAST.addSubnet('ff00::', 8, 'ipv6');

const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT
PRIVATE.addSubnet('198.18.0.0', 15, 'ipv4');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6'); // unique local
PRIVATE.addSubnet('fec0::', 10, 'ipv6'); // site local (deprecated)

export const PRIVATE_ADVICE = 'set allowPrivateTargets: true on the channel to allow it';

/** The eight 16-bit groups of an IPv6 address (which may end in dotted IPv4). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16));
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, which routes to it. */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return undefined;
}

/**
 * Why an IP address may not receive alerts, or undefined when it may. IPv4-mapped, NAT64 and 6to4
 * forms are judged by the IPv4 address they reach.
 */
export function refusalFor(address: string, allowPrivate: boolean): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const embedded = family === 6 ? embeddedIpv4(address) : undefined;
  if (embedded) return refusalFor(embedded, allowPrivate);
  if (LINK_LOCAL_OR_METADATA.check(address, type))
    return 'a link-local or cloud metadata address; alerts are never sent there';
  if (NOT_UNICAST.check(address, type)) return 'not a unicast address; alerts are never sent there';
  if (!allowPrivate && PRIVATE.check(address, type))
    return `a loopback or private address; ${PRIVATE_ADVICE}`;
  return undefined;
}

/** An IP literal in a URL's host (`[::1]` included), or undefined for a host name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : undefined;
}

/** Refused before a connection is made: a host's address is not an allowed delivery target. */
export class TargetRefusedError extends Error {
  override name = 'TargetRefusedError';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for net/http/https connections: resolves the name, refuses the connection when any of
 * its addresses is not allowed, and otherwise hands the addresses to the socket as dns.lookup would.
 */
export function guardedLookup(
  allowPrivate: boolean,
  resolve: Resolver = dnsLookup as unknown as Resolver,
): (hostname: string, options: LookupOptions, callback: LookupCallback) => void {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!addresses.length) {
        const missing: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        missing.code = 'ENOTFOUND';
        return callback(missing, []);
      }
      for (const { address } of addresses) {
        const refusal = refusalFor(address, allowPrivate);
        if (refusal)
          return callback(new TargetRefusedError(`${hostname} resolves to ${address}, ${refusal}`), []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
