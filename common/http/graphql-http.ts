import type http from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import { statusOf, type ErrorCode } from '../error-codes.js';

/**
 * The small piece of HTTP plumbing the gateway and the subgraphs share: read a bounded body, hand
 * the request to Apollo Server, write its answer. (Apollo Server 5 has no built-in node:http
 * integration besides `startStandaloneServer`, which leaves no room for our own routes, body limit,
 * signature check or request deadline.)
 */

/** Read the body; null when it is larger than `max` bytes (the rest is drained and dropped). */
export function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function headerMap(req: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  return headers;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** A GraphQL-shaped error answer with a registered code, sent with the code's HTTP status. */
export function sendGraphQLError(res: http.ServerResponse, code: ErrorCode, message: string, extra: Record<string, unknown> = {}): void {
  sendJson(res, statusOf(code), { errors: [{ message, extensions: { code, ...extra } }] });
}

/** Parse a JSON body; undefined for an empty body, an Error for bad JSON. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return new Error('bad json');
  }
}

export async function executeGraphQL<C extends BaseContext>(
  server: ApolloServer<C>,
  req: http.IncomingMessage,
  parsedBody: unknown,
  search: string,
  context: () => Promise<C>,
): Promise<HTTPGraphQLResponse> {
  return server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMap(req), search, body: parsedBody },
    context,
  });
}

export async function writeGraphQLResponse(
  res: http.ServerResponse,
  result: HTTPGraphQLResponse,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...extraHeaders };
  for (const [k, v] of result.headers) headers[k] = v;
  res.writeHead(result.status ?? 200, headers);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Listen on host:port and resolve to the actual port. */
export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}

/** Stop accepting, let requests in flight finish (up to `graceMs`), then close what is left. */
export function closeServer(server: http.Server, graceMs = 2000): Promise<void> {
  server.closeIdleConnections();
  return new Promise((resolve) => {
    const t = setTimeout(() => server.closeAllConnections(), graceMs);
    t.unref();
    server.close(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
