import http from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode } from 'graphql';
import {
  closeServer,
  createMemoryNonceStore,
  DEADLINE_HEADER,
  executeGraphQL,
  listen as listenOn,
  parseJsonBody,
  readBody,
  sendGraphQLError,
  sendJson,
  SIGNATURE_HEADER,
  verifyRequest,
  writeGraphQLResponse,
  type NonceStore,
  type SignatureRefusal,
} from '../../common/http/index.js';
import type { ErrorCode } from '../../common/error-codes.js';
import { runInRequestScope } from './request-scope.js';
import type { Work } from './work-queue.js';
import { createSubgraphMetrics, type SubgraphMetrics } from './metrics.js';
import type { Readiness } from './readiness.js';

const SHARED_TYPES_URL = new URL('./shared-types.graphql', import.meta.url);

/** One fixed code per signature refusal, so a refusal is told apart without reading the message. */
const SIGNATURE_CODES = {
  MISSING: 'SIGNATURE_MISSING',
  MALFORMED: 'SIGNATURE_MALFORMED',
  EXPIRED: 'SIGNATURE_EXPIRED',
  MISMATCH: 'SIGNATURE_MISMATCH',
  REPLAYED: 'SIGNATURE_REPLAYED',
} as const satisfies Record<SignatureRefusal, ErrorCode>;

/**
 * A subgraph's full SDL: its own `schema.graphql` followed by the shared types
 * (`SourceStatus`, `CreditFinding`, their enums) that every department uses identically.
 */
export function readSubgraphSdl(schemaUrl: URL, options: { sharedTypes?: boolean } = {}): string {
  const own = readFileSync(schemaUrl, 'utf8');
  return options.sharedTypes === false ? own : own + '\n' + readFileSync(SHARED_TYPES_URL, 'utf8');
}

export interface SubgraphServerOptions<C extends object> {
  /** Subgraph name as the supergraph knows it (`tax`, `market`, …). */
  name: string;
  typeDefs: DocumentNode | string;
  // The resolver map's context type is the subgraph's own context.
  resolvers: GraphQLResolverMap<C>;
  /** Builds the per-request context (one DataLoader set per request). */
  context: () => C | Promise<C>;
  /** What `GET /readyz` reports (e.g. whether the legacy system is reachable). Default: ready. */
  readiness?: () => Promise<Readiness>;
  /**
   * Releases what the subgraph holds besides its server (legacy dispatchers, journals): called
   * after the server stops, or when it fails to start.
   */
  close?: () => Promise<void>;
  /** The service's metrics, served at `GET /metrics`. Default: an empty set of its own. */
  metrics?: SubgraphMetrics;
  /** Headers on every GraphQL answer (e.g. the credit subgraph's `x-catalogue-version`, which the gateway audits). */
  responseHeaders?: Readonly<Record<string, string>>;
}

export interface SubgraphListenOptions {
  port: number;
  host?: string;
  /** The secret the gateway signs its requests with; requests without a valid signature get 401. */
  sharedSecret: string;
  /**
   * Where the nonces of accepted signatures are remembered, so that a replayed request gets 401
   * `SIGNATURE_REPLAYED`. Default: a bounded in-memory store of this process.
   */
  nonces?: NonceStore;
  /** Largest request body. Default 4 MiB (1,000 entity representations with their `@requires` data). */
  maxBodyBytes?: number;
}

export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4003/`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Build and start a subgraph on `host:port` (port 0 = ephemeral). It answers only signed requests
 * from the gateway, runs each request in a scope that carries the gateway's deadline and an abort
 * signal for when the gateway stops waiting, and never includes stack traces.
 */
export async function startSubgraphServer<C extends object>(
  options: SubgraphServerOptions<C>,
  listen: SubgraphListenOptions,
): Promise<RunningServer> {
  try {
    const running = await start(options, listen);
    return {
      url: running.url,
      async stop() {
        await running.stop();
        await options.close?.();
      },
    };
  } catch (err) {
    await options.close?.();
    throw err;
  }
}

async function start<C extends object>(options: SubgraphServerOptions<C>, listen: SubgraphListenOptions): Promise<RunningServer> {
  const typeDefs = typeof options.typeDefs === 'string' ? parse(options.typeDefs) : options.typeDefs;
  const server = new ApolloServer<C>({
    schema: buildSubgraphSchema({ typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }),
    // Subgraphs are reached only by the gateway; traces would cost time on every entity fetch.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: it stops the server, closes the legacy dispatchers and exits.
    stopOnTerminationSignals: false,
    // The gateway has validated the operation; subgraph CSRF checks would only cost time.
    csrfPrevention: false,
  });
  await server.start();
  const maxBody = listen.maxBodyBytes ?? 4 * 1024 * 1024;
  const nonces = listen.nonces ?? createMemoryNonceStore();
  const metricsRegistry = (options.metrics ?? createSubgraphMetrics()).registry;

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch(() => sendGraphQLError(res, 'INTERNAL_SERVER_ERROR', `The ${options.name} subgraph failed.`));
  });
  httpServer.keepAliveTimeout = 65_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    // Operations endpoints answer without the gateway's signature: they hold no enterprise data.
    if (req.method === 'GET') {
      const path = new URL(req.url ?? '/', 'http://subgraph').pathname;
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok', subgraph: options.name });
      if (path === '/readyz') {
        const r = (await options.readiness?.()) ?? { ready: true, checks: [] };
        return sendJson(res, r.ready ? 200 : 503, { subgraph: options.name, ...r });
      }
      if (path === '/metrics') {
        res.writeHead(200, { 'content-type': metricsRegistry.contentType });
        res.end(await metricsRegistry.metrics());
        return;
      }
    }
    const body = await readBody(req, maxBody);
    if (body === null) return sendGraphQLError(res, 'PAYLOAD_TOO_LARGE', `Request body larger than ${maxBody} bytes.`);
    const signature = req.headers[SIGNATURE_HEADER];
    const check = await verifyRequest(listen.sharedSecret, Array.isArray(signature) ? signature[0] : signature, body, { nonces });
    if (!check.ok) {
      return sendGraphQLError(
        res,
        SIGNATURE_CODES[check.reason],
        `The ${options.name} subgraph answers only the gateway (signature ${check.reason.toLowerCase()}).`,
      );
    }
    const parsed = parseJsonBody(body);
    if (parsed instanceof Error) return sendGraphQLError(res, 'BAD_REQUEST', 'The request body is not valid JSON.');
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const deadlineHeader = Number(req.headers[DEADLINE_HEADER]);
    const scope = {
      signal: controller.signal,
      deadlineAt: Number.isFinite(deadlineHeader) && deadlineHeader > 0 ? deadlineHeader : undefined,
      work: workOf(parsed),
    };
    const url = new URL(req.url ?? '/', 'http://subgraph');
    const result = await runInRequestScope(scope, () => executeGraphQL(server, req, parsed, url.search, async () => options.context()));
    await writeGraphQLResponse(res, result, options.responseHeaders);
  }

  const host = listen.host ?? '127.0.0.1';
  const port = await listenOn(httpServer, listen.port, host);
  return {
    url: `http://${host}:${port}/`,
    async stop() {
      await closeServer(httpServer);
      await server.stop();
    },
  };
}

/**
 * The work mark the gateway put in the signed body (`extensions.creditWork`): whose work and which
 * class. It is covered by the signature, and the gateway never forwards a client's body, so a caller
 * cannot mark its own work; anything malformed counts as unmarked (interactive).
 */
function workOf(body: unknown): Work | undefined {
  const w = (body as { extensions?: { creditWork?: unknown } } | null)?.extensions?.creditWork as { class?: unknown; caller?: unknown } | undefined;
  if (!w || (w.class !== 'interactive' && w.class !== 'job') || typeof w.caller !== 'string' || w.caller.length > 128) return undefined;
  return { class: w.class, caller: w.caller };
}
