import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { SubgraphDataSource } from './subgraph-data-source.js';

export interface GatewayOptions {
  /** The composed supergraph SDL (any supergraph: the factory knows nothing of departments). */
  supergraphSdl: string;
  /** Subgraph name → URL; overrides the URLs written in the supergraph. */
  subgraphUrls?: Record<string, string>;
  /** Per-subgraph call timeout. Default 4500 ms. */
  subgraphTimeoutMs?: number;
  /** Largest accepted request body. Default 256 KiB. */
  maxBodyBytes?: number;
  /** Introspection on (development) or off. Default true. */
  introspection?: boolean;
}

export interface RunningGateway {
  /** `http://host:port/graphql` */
  url: string;
  stop(): Promise<void>;
}

/** Strip anything internal from an error before it leaves the gateway. */
function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _s, exception: _e, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  return { ...formatted, extensions };
}

/** Build the gateway (not listening yet). */
export function createGateway(options: GatewayOptions) {
  const sources: SubgraphDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new SubgraphDataSource({
        name,
        url: options.subgraphUrls?.[name] ?? url ?? '',
        timeoutMs: options.subgraphTimeoutMs ?? 4500,
      });
      sources.push(source);
      return source;
    },
  });
  const server = new ApolloServer({
    gateway,
    introspection: options.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    formatError,
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  return {
    server,
    async close() {
      await server.stop();
      await Promise.all(sources.map((s) => s.close()));
    },
  };
}

/** Build the gateway and serve it over HTTP at `/graphql` on `host:port` (0 = ephemeral). */
export async function startGateway(options: GatewayOptions, listen: { port: number; host?: string }): Promise<RunningGateway> {
  const { server, close } = createGateway(options);
  await server.start();
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      } else res.destroy();
    });
  });
  httpServer.keepAliveTimeout = 30_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname !== '/graphql') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Not found. The GraphQL endpoint is /graphql.' }));
      return;
    }
    const body = await readBody(req, maxBody);
    if (body === null) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ message: `Request body larger than ${maxBody} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }));
      return;
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    let parsedBody: unknown = undefined;
    if (req.method === 'POST' && body.length > 0) {
      try {
        parsedBody = JSON.parse(body.toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] }));
        return;
      }
    }
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsedBody },
      context: async () => ({}),
    });
    const outHeaders: Record<string, string> = {};
    for (const [k, v] of result.headers) outHeaders[k] = v;
    res.writeHead(result.status ?? 200, outHeaders);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, listen.host ?? '127.0.0.1', () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  return {
    url: `http://${listen.host ?? '127.0.0.1'}:${address.port}/graphql`,
    async stop() {
      httpServer.closeIdleConnections();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        setTimeout(() => httpServer.closeAllConnections(), 2000).unref();
      });
      await close();
    },
  };
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
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
