import http from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { SubgraphDataSource, type RequestLimits } from './subgraph-data-source.js';
import {
  closeServer,
  executeGraphQL,
  listen as listenOn,
  parseJsonBody,
  readBody,
  sendGraphQLError,
  sendJson,
  writeGraphQLResponse,
} from '../common/http/index.js';

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
  /** The secret subgraph requests are signed with. */
  sharedSecret: string;
  /** Every request is answered within this (subgraph calls are cut to fit). Default 5000 ms. */
  requestDeadlineMs?: number;
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
        sharedSecret: options.sharedSecret,
      });
      sources.push(source);
      return source;
    },
  });
  const server = new ApolloServer<RequestLimits>({
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
  const deadlineMs = options.requestDeadlineMs ?? 5000;
  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch(() => sendGraphQLError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal error.'));
  });
  httpServer.keepAliveTimeout = 30_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const startedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname !== '/graphql') {
      return sendJson(res, 404, { error: 'Not found. The GraphQL endpoint is /graphql.' });
    }
    const body = await readBody(req, maxBody);
    if (body === null) {
      return sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', `Request body larger than ${maxBody} bytes (请求体过大).`);
    }
    const parsed = req.method === 'POST' ? parseJsonBody(body) : undefined;
    if (parsed instanceof Error) return sendGraphQLError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    // A client that goes away aborts the subgraph calls made for it.
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const limits: RequestLimits = { deadlineAt: startedAt + deadlineMs, signal: controller.signal };
    const result = await executeGraphQL(server, req, parsed, url.search, async () => limits);
    await writeGraphQLResponse(res, result);
  }

  const host = listen.host ?? '127.0.0.1';
  const port = await listenOn(httpServer, listen.port, host);
  return {
    url: `http://${host}:${port}/graphql`,
    async stop() {
      await closeServer(httpServer);
      await close();
    },
  };
}
