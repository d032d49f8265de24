import DataLoader from 'dataloader';
import type { Dispatcher } from 'undici';
import type { Redis } from 'ioredis';
import { closeSharedRedis, createSharedRedis, redisReady } from '../../common/engines/index.js';
import { createRedisNonceStore, type NonceStore } from '../../common/http/index.js';
import { departmentEntry, type DepartmentEntry, type DepartmentName } from '../../common/departments.js';
import { explainInvalid, parseUscc, type UsccInfo } from '../../common/uscc/index.js';
import { graphQLError } from '../../common/error-codes.js';
import { assertNever } from '../../common/assert-never.js';
import { chinaDate, createBatchLookupLoader, lookupThroughCache, lookupThroughSharedTier, type Lookup } from './department.js';
import { LegacyTimeoutError } from './legacy-errors.js';
import { loadDepartmentConfig, type DepartmentConfig } from './config.js';
import { LegacyCache } from './legacy-cache.js';
import { SharedAnswerTier } from './shared-answer-tier.js';
import { legacySystemFor, type LegacySystem } from './legacy-system.js';
import type { ResilienceOptions } from './legacy-resilience.js';
import { createSubgraphMetrics, type SubgraphMetrics } from './metrics.js';
import { currentRequestScope, currentWork } from './request-scope.js';
import { FairQueue, reservedForInteractive, type Work } from './work-queue.js';
import type { Readiness } from './readiness.js';
import { readSubgraphSdl, startSubgraphServer, type RunningServer } from './subgraph-server.js';
import type { SubgraphModule } from './subgraph-module.js';

/**
 * How a department's legacy system is asked about enterprises — the one thing besides its models
 * and normalisation that differs between departments.
 * - `batch`: one call answers many codes, at most the registry's `batchLimit` (and the configured
 *   batch size); the factory splits, caches and dedups.
 * - `per-code`: one call (or several pages) per code; all are started at once, each within the
 *   request's deadline (`deadlineAt`, epoch ms); the client paces itself if it must.
 * - `local`: the department's data is held in this process (a loaded export); `lookup` answers at
 *   once, with the export's own `asOf`, and says when the export is outdated.
 */
export type DepartmentSource<R> =
  | { kind: 'batch'; fetchBatch(keys: readonly string[]): Promise<Map<string, R>>; close?(): Promise<void> }
  | { kind: 'per-code'; fetchOne(key: string, deadlineAt: number): Promise<R | null>; close?(): Promise<void> }
  | { kind: 'local'; lookup(key: string): Lookup<R>; readiness(): Promise<Readiness>; close?(): Promise<void> };

export type BatchSource<R> = Extract<DepartmentSource<R>, { kind: 'batch' }>;
export type PerCodeSource<R> = Extract<DepartmentSource<R>, { kind: 'per-code' }>;
export type LocalSource<R> = Extract<DepartmentSource<R>, { kind: 'local' }>;

/** What the factory hands a department's `connect`: everything the protocol client may use. */
export interface DepartmentWiring<C extends DepartmentConfig> {
  config: C;
  /** The legacy system: dispatcher, breaker, bulkhead and metrics, for every call the client makes. */
  legacy: LegacySystem;
  /** The service's metrics registry. */
  metrics: SubgraphMetrics;
  /** "Now" for the whole service (tests move it). */
  clock: () => Date;
  /**
   * The service's one Redis connection (`REDIS_URL`), for state shared with the other replicas (the
   * courts call budget), or null: everything stays in this process. The factory owns and closes it.
   */
  redis: Redis | null;
  /** Where the service logs a change of state (e.g. a shared budget falling back to its share). */
  log: (line: string) => void;
}

export interface DepartmentSubgraphSpec<C extends DepartmentConfig, R, S> {
  /** The department's registry entry name (`common/departments.ts`). */
  department: DepartmentName;
  /** The department's own `schema.graphql` (the shared types are appended). */
  schemaUrl: URL;
  /** Configuration beyond the shared department variables. Default: `loadDepartmentConfig` from the registry. */
  loadConfig?(env: Record<string, string | undefined>): C;
  /** Which form of the code the legacy system is keyed by. Default: the 18-character USCC. */
  keyOf?(code: UsccInfo): string;
  /** Resilience settings for the legacy system (e.g. no retry of a 429 for a client that paces itself). */
  resilience?: Omit<ResilienceOptions, 'breakerThreshold' | 'breakerHalfOpenAfterMs'>;
  /** How long a readiness probe of the legacy system stands (`LegacySystemOptions.readinessProbeEveryMs`). Default 0: every `/readyz` asks. */
  readinessProbeEveryMs?: number;
  /** Build the protocol client over the legacy system. */
  connect(wiring: DepartmentWiring<C>): DepartmentSource<R>;
  /** Normalise one lookup into the department's section (`today`: YYYY-MM-DD, China time). */
  section(lookup: Lookup<R>, today: string): S;
}

/** Options of a department subgraph's `start` beyond its configuration. */
export interface DepartmentStartOptions {
  /** Decides "today" for finding states and "now" for caches and exports. Default: the system clock. */
  clock?: () => Date;
  /** Send the legacy calls through this dispatcher (left open for its owner to close). */
  dispatcher?: Dispatcher;
  /** Where changes of state are logged (Redis lost and back). Default `console.warn`. */
  log?: (line: string) => void;
}

/** Per-request context: one loader per request, and "today" fixed for the whole request. */
interface DepartmentContext<R> {
  loader: DataLoader<string, Lookup<R>>;
  today: string;
}

/** What `__resolveReference` hands to the section resolver. */
type EnterpriseRef<R> = { uscc: string; kind: 'looked-up'; lookup: Lookup<R> } | { uscc: string; kind: 'invalid'; message: string };

/**
 * A department subgraph from its protocol client and normalisation: the entity reference, the
 * per-request context and loader (batch splitting at the registry's limit, the cache, deadlines),
 * the legacy system's dispatcher, breaker and metrics (one registry per service), readiness, and
 * `Enterprise.<sectionField>`. A department folder holds only its client, models and normalisation.
 */
export function defineDepartmentSubgraph<C extends DepartmentConfig, R, S>(
  spec: DepartmentSubgraphSpec<C, R, S>,
): SubgraphModule<C, DepartmentStartOptions> {
  const entry: DepartmentEntry = departmentEntry(spec.department);
  const sdl = () => readSubgraphSdl(spec.schemaUrl);
  const keyOf = spec.keyOf ?? ((info: UsccInfo) => info.uscc);
  const loadConfig = spec.loadConfig ?? ((env: Record<string, string | undefined>) => loadDepartmentConfig(env, entry) as C);

  async function start(config: C, options: DepartmentStartOptions = {}): Promise<RunningServer> {
    const clock = options.clock ?? (() => new Date());
    const log = options.log ?? ((line: string) => console.warn(line));
    const metrics = createSubgraphMetrics();
    const systemName = `${entry.subgraph} legacy system`;
    const shared = await connectShared(entry.subgraph, config, metrics, log);
    try {
      return await startWith(config, clock, log, metrics, systemName, shared, options.dispatcher);
    } catch (err) {
      // startSubgraphServer closes what it was given; a failure before it must not leave Redis open.
      if (shared) await closeSharedRedis(shared.redis);
      throw err;
    }
  }

  async function startWith(
    config: C,
    clock: () => Date,
    log: (line: string) => void,
    metrics: SubgraphMetrics,
    systemName: string,
    shared: SharedState | null,
    dispatcher: Dispatcher | undefined,
  ): Promise<RunningServer> {
    const legacy = legacySystemFor(config.legacy, {
      name: systemName,
      metrics,
      dispatcher,
      resilience: spec.resilience,
      readinessProbeEveryMs: spec.readinessProbeEveryMs,
    });
    const source = spec.connect({ config, legacy, metrics, clock, redis: shared?.redis ?? null, log });
    const tier =
      shared && config.cache.ttlMs > 0
        ? new SharedAnswerTier<R>({
            redis: shared.redis,
            key: `credit:{${entry.subgraph}}:answers:v1`,
            claimMs: config.legacy.timeoutMs,
            onChange: (up, detail) =>
              log(
                up
                  ? `${entry.subgraph} subgraph: the shared answer cache answers again`
                  : `${entry.subgraph} subgraph: the shared answer cache failed (${detail}): this process's cache only, codes fetched directly, until Redis answers`,
              ),
            onFallback: () => metrics.sharedFallbacks.inc({ store: 'answer_cache' }),
          })
        : undefined;
    const cache = new LegacyCache<R>({ ...config.cache, system: systemName, metrics, shared: tier });
    // A system without a batch endpoint gets one call per code: at most `connections` at once for the
    // whole service, the rest waiting their turn (a bidder list must not overrun the bulkhead).
    const limited = concurrencyLimit(config.legacy.connections);
    // The legacy system's own limit holds whatever the configuration says.
    const maxBatch = Math.max(1, Math.min(config.legacy.batchSize, entry.batchLimit));
    const newLoader = (): DataLoader<string, Lookup<R>> => {
      switch (source.kind) {
        case 'batch':
          return createBatchLookupLoader(maxBatch, (keys) => source.fetchBatch(keys), clock, cache);
        case 'per-code':
          return createPerCodeLookupLoader(limited(source.fetchOne), config.legacy.timeoutMs, clock, cache);
        case 'local':
          return new DataLoader<string, Lookup<R>>(async (keys) => keys.map((k) => source.lookup(k)));
        default:
          return assertNever(source);
      }
    };
    const resolvers = {
      Enterprise: {
        async __resolveReference(ref: { uscc?: unknown }, ctx: DepartmentContext<R>): Promise<EnterpriseRef<R>> {
          const raw = typeof ref.uscc === 'string' ? ref.uscc : '';
          const parsed = parseUscc(raw);
          // An invalid code never reaches the legacy system; the section says why.
          if (!parsed.valid) return { uscc: raw, kind: 'invalid', message: explainInvalid(parsed) };
          return { uscc: raw, kind: 'looked-up', lookup: await ctx.loader.load(keyOf(parsed.info)) };
        },
        [entry.sectionField](parent: EnterpriseRef<R>, _args: unknown, ctx: DepartmentContext<R>): S {
          if (parent.kind === 'invalid') throw graphQLError('BAD_USER_INPUT', `Invalid unified social credit code: ${parent.message}`);
          return spec.section(parent.lookup, ctx.today);
        },
      },
    };
    return startSubgraphServer<DepartmentContext<R>>(
      {
        name: entry.subgraph,
        readiness: () => (source.kind === 'local' ? source.readiness() : legacy.readiness()),
        typeDefs: sdl(),
        resolvers,
        context: () => ({ loader: newLoader(), today: chinaDate(clock()) }),
        metrics,
        close: async () => {
          await source.close?.();
          await legacy.close();
          if (shared) await closeSharedRedis(shared.redis);
        },
      },
      { ...config.http, nonces: shared?.nonces },
    );
  }

  return { name: entry.subgraph, department: spec.department, sdl, loadConfig, start };
}

/** What a replica shares through Redis: the connection and the signature nonces on it. */
interface SharedState {
  redis: Redis;
  nonces: NonceStore;
}

/**
 * The service's one Redis connection when `REDIS_URL` is set (issue 11), and the nonce store on it.
 * A Redis that is down at start does not stop the service: it starts on its own state and moves to
 * the shared state when Redis answers (readiness never depends on Redis; `credit_redis_up` shows it).
 */
async function connectShared(
  subgraph: string,
  config: DepartmentConfig,
  metrics: SubgraphMetrics,
  log: (line: string) => void,
): Promise<SharedState | null> {
  const url = config.engines.redisUrl;
  if (!url) return null;
  let connectedOnce = false;
  const redis = createSharedRedis(url, {
    name: `${subgraph}-subgraph`,
    onStateChange: (up, detail) => {
      if (up && !connectedOnce) {
        connectedOnce = true;
        return;
      }
      log(
        up
          ? `${subgraph} subgraph: Redis is reachable again; state is shared with the other replicas again`
          : `${subgraph} subgraph: Redis is unreachable (${detail}); this replica keeps to its own state and its share of shared budgets until it is back`,
      );
    },
  });
  metrics.watchRedis(redis);
  if (!(await redisReady(redis))) log(`${subgraph} subgraph: Redis did not answer at start; starting on this replica's own state`);
  const nonces = createRedisNonceStore(redis, {
    onChange: (up, detail) =>
      log(
        up
          ? `${subgraph} subgraph: signature nonces are shared again`
          : `${subgraph} subgraph: signature nonces fall back to this process (${detail}): a replay to another replica is not seen until Redis answers`,
      ),
    onFallback: () => metrics.sharedFallbacks.inc({ store: 'nonces' }),
  });
  return { redis, nonces };
}

/**
 * At most `n` calls of the wrapped function at once; the others wait their turn — interactive work
 * before job work, callers in turn within each class (`FairQueue`) — and job work never holds the
 * last quarter of the places, so a counter's check finds one free while a bulk job runs. A call
 * whose deadline (its second argument, epoch ms) passes while it waits, or whose request was
 * abandoned, fails without being made.
 */
function concurrencyLimit(n: number) {
  let running = 0;
  let runningJobs = 0;
  const jobSlots = n - reservedForInteractive(n);
  const waiting = new FairQueue<{ work: Work; go: () => void }>();
  // A finished call hands its place straight to the next waiting one, so no newcomer slips in between.
  const grant = () => {
    while (running < n) {
      const next = waiting.size('interactive') ? waiting.shift('interactive') : runningJobs < jobSlots ? waiting.shift('job') : undefined;
      if (!next) return;
      running++;
      if (next.work.class === 'job') runningJobs++;
      next.go();
    }
  };
  const acquire = (work: Work): Promise<void> | void => {
    if (running < n && waiting.size() === 0 && (work.class === 'interactive' || runningJobs < jobSlots)) {
      running++;
      if (work.class === 'job') runningJobs++;
      return;
    }
    return new Promise<void>((resolve) => waiting.push(work, { work, go: resolve }));
  };
  const release = (work: Work) => {
    running--;
    if (work.class === 'job') runningJobs--;
    grant();
  };
  return <R>(fn: (key: string, deadlineAt: number) => Promise<R>) =>
    async (key: string, deadlineAt: number): Promise<R> => {
      const work = currentWork();
      await acquire(work);
      try {
        if (Date.now() >= deadlineAt)
          throw new LegacyTimeoutError("the request's deadline passed while the call waited its turn", { systemFault: false });
        if (currentRequestScope()?.signal?.aborted)
          throw new LegacyTimeoutError('the request was abandoned while the call waited its turn', { systemFault: false });
        return await fn(key, deadlineAt);
      } finally {
        release(work);
      }
    };
}

/**
 * The loader of a system without a batch endpoint: each distinct key is one `fetchOne`, all started
 * at once; each key gets its own outcome (one refused code does not spoil the others). The
 * request's deadline is the gateway's when it sent one (a long bidder list needs it), else
 * `timeoutMs` from the first lookup.
 */
export function createPerCodeLookupLoader<R>(
  fetchOne: (key: string, deadlineAt: number) => Promise<R | null>,
  timeoutMs: number,
  clock: () => Date,
  cache?: LegacyCache<R>,
): DataLoader<string, Lookup<R>> {
  let deadlineAt: number | undefined;
  return new DataLoader<string, Lookup<R>>(async (keys) => {
    deadlineAt ??= currentRequestScope()?.deadlineAt ?? Date.now() + timeoutMs;
    const at = deadlineAt;
    if (cache?.shared) {
      const fetchClaimed = (ks: readonly string[]) => new Map(ks.map((k) => [k, Promise.resolve().then(() => fetchOne(k, at))]));
      return Promise.all(lookupThroughSharedTier(cache, keys, clock, fetchClaimed, at));
    }
    return Promise.all(keys.map((key) => lookupThroughCache(cache, key, clock, () => fetchOne(key, at))));
  });
}
