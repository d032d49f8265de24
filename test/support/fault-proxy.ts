import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of a real subgraph that breaks its answers the way a faulty deployment does,
 * for the gateway's fault tests:
 * - `null-entities`: every `_entities` item replaced by null (no error);
 * - `wrong-count`: one entity dropped;
 * - `garbage`: HTTP 200 with a body that is not JSON;
 * - `http-502`: an HTML 502 page from a load balancer;
 * - `reset-after-forward`: forwards the request (the subgraph runs it and accepts its signature), then
 *   drops the connection without answering — a replica killed just after it did the work;
 * - `pass`: forwards unchanged.
 */
export type ProxyMode = 'pass' | 'null-entities' | 'wrong-count' | 'garbage' | 'http-502' | 'reset-after-forward';

export interface FaultProxy {
  url: string;
  mode: ProxyMode;
  /** Requests received. */
  requests: number;
  /** The HTTP status of each answer the subgraph behind gave to a forwarded request. */
  upstreamStatuses: number[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, mode: ProxyMode = 'pass'): Promise<FaultProxy> {
  const proxy: FaultProxy = { url: '', mode, requests: 0, upstreamStatuses: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    proxy.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (proxy.mode === 'http-502') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body>502 Bad Gateway nginx/1.24 upstream 10.0.3.7:4003</body></html>');
        return;
      }
      // Forward what the gateway sent: the signature and deadline headers too.
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const h of ['x-gateway-signature', 'x-request-deadline']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const upstream = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) });
      const text = await upstream.text();
      proxy.upstreamStatuses.push(upstream.status);
      if (proxy.mode === 'reset-after-forward') {
        req.socket.destroy();
        return;
      }
      if (proxy.mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": {"_entities": [');
        return;
      }
      let body = text;
      if (proxy.mode !== 'pass') {
        const json = JSON.parse(text) as { data?: { _entities?: unknown[] } };
        const entities = json.data?._entities;
        if (Array.isArray(entities)) {
          json.data!._entities = proxy.mode === 'null-entities' ? entities.map(() => null) : entities.slice(1);
        }
        body = JSON.stringify(json);
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  proxy.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return proxy;
}
