import http from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { SubgraphDataSource, entityKeysOf, type ReplicaAttempt, type RequestLimits } from './subgraph-data-source.js';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { closeServer, listen as listenOn, sendGraphQLError, sendJson } from '../common/http/index.js';
import { openFileAuditStore, openPostgresAuditStore, type AuditStore } from './audit/index.js';
import { createSharedPool, migrate, type EnginesConfig } from '../common/engines/index.js';
import type { CallersConfig, OperatorTokenVerifier } from './auth/index.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './access/query-limits.js';
import { clientAddress, TrustedProxies } from './access/client-address.js';
import { createPreparedCache, handleAuditQuery, handleGraphQL, handleJobEvents, type JobEventsDeps, type PipelineDeps } from './request-pipeline.js';
import { checkReadiness, createGatewayMetrics, createLogger, type GatewayMetrics } from './observability.js';
import { consoleConfigFor, createConsoleHandler } from './console/index.js';
import { createVerifyHandler } from './report/index.js';
import { BulkJobs, JOBS_SUBGRAPH, jobsDataSource, PgJobStore } from './jobs/index.js';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

export interface GatewayOptions {
  /** Proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`), for the per-address limit of `/verify`. Default none. */
  trustedProxies?: string[];
  /**
   * This replica's name in the shared state (`REPLICA_NAME`): the `writer` of its audit rows and the
   * `owner` of the bulk jobs it runs. Default `gateway@<host>:<pid>/<random>`, unique per start.
   */
  replicaName?: string;
  /** The composed supergraph SDL (any supergraph: the factory knows nothing of departments). */
  supergraphSdl: string;
  /** Subgraph name → URL, or the URLs of its replicas; overrides the URLs written in the supergraph. */
  subgraphUrls?: Record<string, string | readonly string[]>;
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
  /** Who may call, with which keys, scopes and purposes. */
  callers: CallersConfig;
  /**
   * Verifies operator tokens (`X-Operator-Token`) against the identity provider's keys
   * (`createOperatorTokenVerifier`). Default none: operators can only be asserted, a token sent is
   * refused, and a caller configured `operator: "verified"` stops the start.
   */
  operatorTokens?: OperatorTokenVerifier | null;
  /** The append-only, hash-chained audit log (查询留痕), when it is kept in a file (no `engines.databaseUrl`). */
  auditLogPath: string;
  /**
   * The shared engines (`config.engines`). With `databaseUrl` the audit trail is kept in
   * PostgreSQL, one hash chain for every gateway replica (migrations applied at start), instead of
   * the file `auditLogPath`, and so are bulk jobs (any replica reads a job and resumes it when its
   * runner dies) instead of `jobs.dir`. Default none: files, as one process on one machine always did.
   */
  engines?: Partial<EnginesConfig>;
  /** Bounds on operations (depth, aliases, …); defaults in `DEFAULT_QUERY_LIMITS`. */
  limits?: Partial<QueryLimits>;
  /** Production: no introspection, no field suggestions. Default false. */
  production?: boolean;
  /** Log level for the structured request log. Default 'info'. */
  logLevel?: string;
  /** `GET /verify/<report number>`: requests one client address may make per minute. Default 60. */
  verifyRatePerMinute?: number;
  /**
   * Where readers of a printed report verify it: the origin (and path prefix) put before
   * `/verify/…` in the report's QR code. Default: the address the console was opened at.
   */
  verifyBaseUrl?: string;
  /** Serve the console pages at `/`. Default true. */
  console?: boolean;
  /**
   * Bulk check jobs (批量核查任务): where they are kept (default `jobs/` beside the audit log) and
   * their limits; see `BulkJobsOptions`.
   */
  jobs?: {
    dir?: string;
    maxCodes?: number;
    maxBodyBytes?: number;
    chunkSize?: number;
    deadlineMs?: number;
    chunkTimeoutMs?: number;
    /** `GET /jobs/<id>/events`: how often progress is looked at (default 500 ms), heartbeat (15 s), streams per caller (4). */
    eventsIntervalMs?: number;
    eventsHeartbeatMs?: number;
    eventsPerCaller?: number;
    /** With `engines.databaseUrl`: how long a replica's hold on a job lasts unrenewed (`BULK_JOB_LEASE_MS`, default 15 s). */
    leaseMs?: number;
  };
  /** Other routes; return true when handled. */
  extraRoutes?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

export interface RunningGateway {
  /** `http://host:port/graphql` */
  url: string;
  stop(): Promise<void>;
}

/**
 * Strip anything internal from an error before it leaves the gateway; in production also the
 * field suggestions ("Did you mean …?") that would map the schema for a stranger.
 */
function errorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const { stacktrace: _s, exception: _e, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const message = production ? formatted.message.replace(/ ?Did you mean .*\?$/, '') : formatted.message;
    return { ...formatted, message, extensions };
  };
}

/** Build the gateway (not listening yet). `metrics`: where each subgraph replica's attempts and state are reported. */
export function createGateway(options: GatewayOptions, jobs?: BulkJobs, metrics?: Pick<GatewayMetrics, 'recordAttempt' | 'watchReplicas'>) {
  const sources: SubgraphDataSource[] = [];
  const entityKeys = entityKeysOf(options.supergraphSdl);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      // The bulk jobs subgraph runs in this process.
      if (name === JOBS_SUBGRAPH && jobs) return jobsDataSource(jobs);
      const source = new SubgraphDataSource({
        name,
        url: options.subgraphUrls?.[name] ?? url ?? '',
        timeoutMs: options.subgraphTimeoutMs ?? 4500,
        sharedSecret: options.sharedSecret,
        entityKeys,
        ...(metrics ? { onAttempt: (a: ReplicaAttempt) => metrics.recordAttempt(a) } : {}),
      });
      sources.push(source);
      metrics?.watchReplicas({ name, replicaStates: () => source.replicaStates() });
      return source;
    },
  });
  const server = new ApolloServer<RequestLimits>({
    gateway,
    introspection: options.introspection ?? !options.production,
    includeStacktraceInErrorResponses: false,
    formatError: errorFormatter(options.production ?? false),
    // Automatic persisted queries would store whatever anyone sends; only full queries are run.
    persistedQueries: false,
    // CSRF prevention stays on (Apollo's default): JSON content type or a preflight header required.
    csrfPrevention: true,
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
  const needVerified = options.callers.callers.filter((c) => c.operator === 'verified').map((c) => c.id);
  if (needVerified.length && !options.operatorTokens) {
    throw new Error(
      `Callers ${needVerified.join(', ')} need a verified operator (operator: "verified" in CALLERS_FILE), but no identity provider is configured: set OPERATOR_JWKS_FILE or OPERATOR_JWKS_URL, OPERATOR_JWT_ISSUER and OPERATOR_JWT_AUDIENCE.`,
    );
  }
  await mkdir(dirname(options.auditLogPath), { recursive: true });
  const log = createLogger(options.logLevel ?? 'info');
  const replicaName = options.replicaName ?? `gateway@${hostname()}:${process.pid}/${randomUUID().slice(0, 8)}`;
  const trail = await openAuditTrail(options, log, replicaName);
  const audit = trail.store;
  // Bulk jobs in PostgreSQL when DATABASE_URL is set (every replica reads them; one runs each, under a
  // lease, and another resumes it when that one dies); otherwise in files beside the audit log. A pool
  // of their own: a job's writes and page reads never hold the connections every answer's audit
  // record waits for.
  const jobsPool = options.engines?.databaseUrl ? createSharedPool(options.engines.databaseUrl, { name: 'gateway-jobs' }) : null;
  const jobs = new BulkJobs({
    ...options.jobs,
    dir: options.jobs?.dir ?? join(dirname(options.auditLogPath), 'jobs'),
    ...(jobsPool ? { store: new PgJobStore(jobsPool, { leaseMs: options.jobs?.leaseMs, owner: replicaName }) } : {}),
    audit,
  });
  const metrics = createGatewayMetrics({ auditAnchor: () => audit.anchor() });
  const { server, close } = createGateway(options, jobs, metrics);
  await server.start();
  // Jobs left unfinished by the last stop resume now, without checking their finished rows again.
  await jobs.start(server).catch(async (err: unknown) => {
    await close();
    await jobsPool?.end();
    await trail.close();
    throw err;
  });
  const subgraphUrls = options.subgraphUrls ?? {};
  const deps: PipelineDeps = {
    onRequest: (o) => {
      metrics.record(o);
      log.info(
        {
          requestId: o.requestId,
          caller: o.callerId,
          purpose: o.purpose,
          outcome: o.outcome,
          status: o.status,
          code: o.refusalCode,
          durationMs: Math.round(o.durationMs),
        },
        'request',
      );
    },
    server,
    apiSchema: apiSchemaOf(options.supergraphSdl),
    callers: options.callers,
    operatorTokens: options.operatorTokens ?? null,
    audit,
    limits: { ...DEFAULT_QUERY_LIMITS, ...options.limits },
    maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
    jobMaxBodyBytes: options.jobs?.maxBodyBytes ?? 1024 * 1024,
    requestDeadlineMs: options.requestDeadlineMs ?? 5000,
    prepared: createPreparedCache(),
  };
  const jobEvents: JobEventsDeps = {
    jobs,
    intervalMs: options.jobs?.eventsIntervalMs,
    heartbeatMs: options.jobs?.eventsHeartbeatMs,
    perCaller: options.jobs?.eventsPerCaller,
    open: new Map(),
  };
  // The service-hall console, bidder files, report and explorer (static, same origin, no CDN).
  const consoleHandler =
    options.console === false
      ? null
      : createConsoleHandler({
          config: { ...consoleConfigFor(options.callers), production: options.production ?? false, verifyBaseUrl: options.verifyBaseUrl ?? null },
        });
  // Report verification (报告核验): no key, bounded per client address, answered from the audit trail by its index.
  const proxies = new TrustedProxies(options.trustedProxies ?? []);
  const handleVerify = createVerifyHandler({
    index: audit,
    clientOf: (req) => clientAddress(req, proxies),
    ratePerMinute: options.verifyRatePerMinute,
    production: options.production ?? false,
    onAnswer: (o) => log.info({ path: '/verify', status: o.status, result: o.result, code: o.code }, 'verify'),
  });
  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch(() => sendGraphQLError(res, 'INTERNAL_SERVER_ERROR', 'Internal error.'));
  });
  httpServer.keepAliveTimeout = 30_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://gateway');
    switch (url.pathname) {
      case '/graphql':
        return handleGraphQL(deps, req, res, url.search);
      case '/audit':
        return handleAuditQuery(deps, req, res, url);
      case '/healthz':
        return sendJson(res, 200, { status: 'ok' });
      case '/readyz': {
        const r = await checkReadiness(subgraphUrls);
        return sendJson(res, r.ready ? 200 : 503, r);
      }
      case '/metrics':
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
        return;
      default:
        if (url.pathname.startsWith('/verify/')) return handleVerify(req, res, url);
        {
          const events = /^\/jobs\/([^/]{1,128})\/events$/.exec(url.pathname);
          if (events) return handleJobEvents(deps, jobEvents, req, res, events[1]!);
        }
        if (consoleHandler?.(req, res)) return;
        if (options.extraRoutes?.(req, res)) return;
        return sendJson(res, 404, { error: 'Not found. The GraphQL endpoint is /graphql; the console is at /.' });
    }
  }

  const host = listen.host ?? '127.0.0.1';
  const port = await listenOn(httpServer, listen.port, host);
  return {
    url: `http://${host}:${port}/graphql`,
    async stop() {
      // Live progress streams end now (clients reconnect to the next gateway), not after the close grace.
      for (const streams of jobEvents.open.values()) for (const r of streams) r.end();
      await closeServer(httpServer);
      await jobs.stop();
      await close();
      await jobsPool?.end();
      await trail.close();
    },
  };
}

/**
 * The 查询留痕 trail this gateway writes: in PostgreSQL when `engines.databaseUrl` is set (one chain
 * that every replica appends to; the schema migrated first, replicas starting together wait for
 * each other), else in the file `auditLogPath`. Either fails the start rather than run without an
 * audit trail: no record, no answer.
 */
async function openAuditTrail(
  options: GatewayOptions,
  log: ReturnType<typeof createLogger>,
  writer: string,
): Promise<{ store: AuditStore; close(): Promise<void> }> {
  const url = options.engines?.databaseUrl;
  if (!url) {
    const store = await openFileAuditStore({ path: options.auditLogPath });
    return { store, close: () => store.close() };
  }
  const pool = createSharedPool(url, { name: 'gateway', onError: (err) => log.warn({ err: err.message }, 'audit database connection lost') });
  try {
    await migrate(pool);
    const store = await openPostgresAuditStore({ pool, writer });
    return {
      store,
      async close() {
        await store.close();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`the audit trail's database (DATABASE_URL) cannot be used: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The API schema of a supergraph, built with this module's graphql (the federation packages load
 * graphql as CommonJS, a separate copy): used to bound and authorise operations before planning.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  const cjs = createRequire(import.meta.url)('graphql') as typeof import('graphql');
  return buildSchema(cjs.printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema() as never));
}
