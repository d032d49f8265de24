import { readFileSync } from 'node:fs';
import { createDataset, loadGoldenCases, type Dataset, type GoldenCase } from '../../legacy/dataset/index.js';
import {
  LEGACY_SYSTEM_NAMES,
  startLegacySystems,
  type LegacySystemName,
  type LegacySystemOptions,
  type RunningLegacySystems,
} from '../../legacy/systems.js';
import { SUBGRAPH_MODULES } from '../../subgraphs/index.js';
import type { RunningServer } from '../../subgraphs/shared/index.js';
import { chinaDate } from '../../subgraphs/shared/index.js';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../gateway/index.js';
import { DEV_SUBGRAPH_SECRET } from '../../common/http/index.js';
import { loadCallersConfig, type CallersConfig, type OperatorTokenVerifier } from '../../gateway/auth/index.js';
import type { QueryLimits } from '../../gateway/access/query-limits.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * POST a query to a gateway as a caller (default the development report developer, purpose
 * CREDIT_REPORT; `purpose: null` sends none): the answer with its HTTP status.
 */
export async function queryAs<T = Record<string, unknown>>(
  gatewayUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  as: AsCaller = {},
): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${as.key ?? 'dev-report-developer'}`,
    ...as.headers,
  };
  const purpose = as.purpose === undefined ? 'CREDIT_REPORT' : as.purpose;
  if (purpose !== null) headers['x-query-purpose'] = purpose;
  if (as.reference) headers['x-query-reference'] = as.reference;
  const res = await fetch(gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { ...((await res.json()) as GraphQLResult<T>), status: res.status };
}

export interface StackOptions {
  /** Synthetic enterprises besides the golden cases. Default 2,000. */
  datasetSize?: number;
  /** Per legacy system options (latency, rate limit). */
  legacy?: Partial<Record<LegacySystemName, LegacySystemOptions>>;
  /** Extra environment for the subgraphs' configuration (e.g. `TAX_LEGACY_TIMEOUT_MS`). */
  env?: Record<string, string>;
  /** Gateway → subgraph timeout. Default 4,500 ms. */
  subgraphTimeoutMs?: number;
  /** The gateway's request deadline. Default 5,000 ms. */
  requestDeadlineMs?: number;
  /**
   * Replace a subgraph's URL in the gateway (e.g. with a fault proxy in front of it), or give the URLs
   * of several replicas. `context.legacyUrls` says where the stack's legacy systems listen, for a test
   * that starts more replicas of a subgraph.
   */
  gatewayUrlOverride?: (
    name: string,
    url: string,
    context: { legacyUrls: Record<LegacySystemName, string> },
  ) => string | readonly string[] | Promise<string | readonly string[]>;
  clock?: () => Date;
  /** Where the audit log goes. Default: a fresh temporary directory, removed on stop. */
  auditLogPath?: string;
  /** Callers and purposes. Default: the development callers. */
  callers?: CallersConfig;
  /** Verifies operator tokens (X-Operator-Token). Default: none configured. */
  operatorTokens?: OperatorTokenVerifier | null;
  /** Gateway query limits. */
  limits?: Partial<QueryLimits>;
  /** Run the gateway in production mode (no introspection, no field suggestions). */
  production?: boolean;
  /** Bulk check jobs' options (their directory defaults to `jobs/` beside the audit log). */
  jobs?: GatewayOptions['jobs'];
}

/** Who a test request comes as: the development key and purpose of a caller kind (default: report developer). */
export interface AsCaller {
  key?: string;
  purpose?: string | null;
  reference?: string;
  headers?: Record<string, string>;
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface Stack {
  gatewayUrl: string;
  dataset: Dataset;
  golden: GoldenCase[];
  goldenCase(id: string): GoldenCase;
  legacy: RunningLegacySystems;
  subgraphs: Record<string, RunningServer>;
  /** POST a query as a caller (default the development report developer, purpose CREDIT_REPORT). */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, as?: AsCaller): Promise<GraphQLResult<T>>;
  auditLogPath: string;
  /** Stop one subgraph server (its port then refuses connections). */
  stopSubgraph(name: string): Promise<void>;
  /** Stop the gateway alone (as if its process were killed mid-work); `startGatewayAgain` starts a new one on the same files. */
  stopGateway(): Promise<void>;
  /** Start the gateway again on the same audit log and jobs directory (the same address is not kept: read `gatewayUrl`). */
  startGatewayAgain(): Promise<void>;
  /** Reset every simulator's counters. */
  resetStats(): void;
  stats(): Record<LegacySystemName, { calls: number; codes: number }>;
  stop(): Promise<void>;
}

const SUPERGRAPH = new URL('../../schema/supergraph.graphql', import.meta.url);

/** The whole system in this process, every server on 127.0.0.1 with an ephemeral port. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clock = options.clock ?? (() => new Date());
  const today = chinaDate(clock());
  const dataset = createDataset({ size: options.datasetSize ?? 2000, today });
  const golden = loadGoldenCases(today);
  const legacy = await startLegacySystems(dataset, {
    ports: Object.fromEntries(LEGACY_SYSTEM_NAMES.map((n) => [n, 0])),
    systems: options.legacy,
  });
  const subgraphs: Record<string, RunningServer> = {};
  const stopped = new Set<string>();
  // Everything the stack writes (audit log, case journal) goes to a fresh directory, removed on stop.
  const dataDir = mkdtempSync(join(tmpdir(), 'credit-stack-'));
  const auditLogPath = options.auditLogPath ?? join(dataDir, 'audit.log');
  let gateway: RunningGateway | undefined;
  let gatewayOptions: GatewayOptions | undefined;
  try {
    for (const module of SUBGRAPH_MODULES) {
      const prefix = module.name.toUpperCase();
      const env: Record<string, string | undefined> = {
        // Tests count legacy calls and inject faults: no cache unless a test asks for one.
        [`${prefix}_CACHE_TTL_MS`]: '0',
        // Fault tests fail a system many times in a row; only the breaker tests want it to open.
        [`${prefix}_BREAKER_THRESHOLD`]: '1000000',
        ...options.env,
        [`${prefix}_SUBGRAPH_PORT`]: '0',
        [`${prefix}_LEGACY_URL`]: legacy.urls[module.name as LegacySystemName],
        CREDIT_JOURNAL_DIR: join(dataDir, 'credit'),
      };
      subgraphs[module.name] = await module.start(module.loadConfig(env), { clock });
    }
    const urls: Record<string, string | readonly string[]> = {};
    const context = { legacyUrls: legacy.urls as Record<LegacySystemName, string> };
    for (const [name, s] of Object.entries(subgraphs)) urls[name] = (await options.gatewayUrlOverride?.(name, s.url, context)) ?? s.url;
    gatewayOptions = {
      supergraphSdl: readFileSync(SUPERGRAPH, 'utf8'),
      subgraphUrls: urls,
      subgraphTimeoutMs: options.subgraphTimeoutMs,
      requestDeadlineMs: options.requestDeadlineMs,
      sharedSecret: DEV_SUBGRAPH_SECRET,
      callers: options.callers ?? loadCallersConfig({}),
      operatorTokens: options.operatorTokens ?? null,
      auditLogPath,
      limits: options.limits,
      logLevel: 'silent',
      production: options.production,
      jobs: options.jobs,
    };
    gateway = await startGateway(gatewayOptions, { port: 0 });
  } catch (err) {
    await Promise.allSettled(Object.values(subgraphs).map((s) => s.stop()));
    await legacy.close();
    throw err;
  }
  let gatewayUrl = gateway.url;
  let running: RunningGateway | null = gateway;
  const sims = legacy.simulators as Record<LegacySystemName, NonNullable<RunningLegacySystems['simulators'][LegacySystemName]>>;
  return {
    get gatewayUrl() {
      return gatewayUrl;
    },
    dataset,
    golden,
    goldenCase(id) {
      const c = golden.find((g) => g.id === id);
      if (!c) throw new Error(`no golden case ${id}`);
      return c;
    },
    legacy,
    subgraphs,
    auditLogPath,
    query: (query, variables, as) => queryAs(gatewayUrl, query, variables, as),
    async stopGateway() {
      await running?.stop();
      running = null;
    },
    async startGatewayAgain() {
      running = await startGateway(gatewayOptions!, { port: 0 });
      gatewayUrl = running.url;
    },
    async stopSubgraph(name) {
      if (stopped.has(name)) return;
      stopped.add(name);
      await subgraphs[name]!.stop();
    },
    resetStats() {
      for (const s of Object.values(sims)) s.resetStats();
    },
    stats() {
      return Object.fromEntries(Object.entries(sims).map(([n, s]) => [n, s.stats()])) as Record<LegacySystemName, { calls: number; codes: number }>;
    },
    async stop() {
      await running?.stop();
      await Promise.allSettled(
        Object.entries(subgraphs)
          .filter(([n]) => !stopped.has(n))
          .map(([, s]) => s.stop()),
      );
      await legacy.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
