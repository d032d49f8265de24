import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, TrustedProxies } from './client-address.js';

const req = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as http.IncomingMessage;

describe('the client address behind trusted proxies', () => {
  const haproxy = new TrustedProxies(['172.28.0.10', 'fd00::/8']);

  it.each([
    ['no proxy trusted: the peer, whatever the header says', null, req('203.0.113.7', '198.51.100.1'), '203.0.113.7'],
    ['a peer that is not a trusted proxy: the peer (its header may be forged)', haproxy, req('203.0.113.7', '198.51.100.1'), '203.0.113.7'],
    ['through the trusted proxy: the address it saw', haproxy, req('172.28.0.10', '198.51.100.1'), '198.51.100.1'],
    ['an IPv4 peer on a dual-stack socket', haproxy, req('::ffff:172.28.0.10', '198.51.100.1'), '198.51.100.1'],
    [
      'a client that sent its own header: the entry the proxy added, never the client’s',
      haproxy,
      req('172.28.0.10', '10.9.9.9, 198.51.100.1'),
      '198.51.100.1',
    ],
    ['two trusted hops: the first untrusted from the right', haproxy, req('172.28.0.10', '198.51.100.1, fd00::2'), '198.51.100.1'],
    ['through the proxy without a header: the proxy', haproxy, req('172.28.0.10'), '172.28.0.10'],
    ['garbage in the header: the peer', haproxy, req('172.28.0.10', 'not-an-address'), '172.28.0.10'],
  ])('%s', (_what, trusted, request, expected) => {
    expect(clientAddress(request, trusted)).toBe(expected);
  });

  it.each([['proxy'], ['10.0.0.0/33'], ['10.0.0.0/x'], ['fd00::/129']])('refuses %s', (entry) => {
    expect(() => new TrustedProxies([entry])).toThrow();
  });
});
