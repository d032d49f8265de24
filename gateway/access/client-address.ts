import { BlockList, isIP } from 'node:net';
import type http from 'node:http';

/**
 * The proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`): addresses or CIDR blocks,
 * IPv4 or IPv6. Behind a load balancer every request comes from the balancer's address; without
 * this, a per-address limit (`/verify`) would count every reader together.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  /** `entries`: `10.0.0.5`, `172.28.0.0/24`, `fd00::/8`. Throws on anything else. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, bits] = entry.split('/') as [string, string | undefined];
      const family = isIP(address);
      if (family === 0) throw new Error(`${entry} is not an IP address or CIDR block`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) this.list.addAddress(address, type);
      else {
        const prefix = Number(bits);
        if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`${entry}: the prefix length is not valid`);
        this.list.addSubnet(address, prefix, type);
      }
    }
    this.size = entries.length;
  }

  has(address: string): boolean {
    const a = plain(address);
    const family = isIP(a);
    return family !== 0 && this.list.check(a, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** `::ffff:10.0.0.5` (an IPv4 peer on a dual-stack socket) as `10.0.0.5`. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/**
 * The address of the client a request came from: the socket's peer, unless the peer is a trusted
 * proxy — then the nearest address in `X-Forwarded-For` (read from the right) that is not a trusted
 * proxy itself. Entries left of it could be written by the client and are never used.
 */
export function clientAddress(req: http.IncomingMessage, trusted: TrustedProxies | null): string {
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  if (!trusted || trusted.size === 0 || !trusted.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => plain(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return peer; // not an address: the chain cannot be followed further
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}
