import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from './legacy-resilience.js';

/** What the breaker gauge reads of a legacy system. */
export interface BreakerSource {
  readonly name: string;
  readonly state: BreakerState;
}

/**
 * One subgraph process's Prometheus metrics (served at `GET /metrics`): legacy calls and failures
 * per system, their latency, cache use, breaker state. Each service builds its own set with
 * `createSubgraphMetrics()` and hands it to what it builds, so two subgraphs in one process (as in
 * the tests) never count into each other's registry.
 */
export interface SubgraphMetrics {
  readonly registry: Registry;
  readonly legacyCalls: Counter<'system' | 'outcome'>;
  readonly legacyCallSeconds: Histogram<'system'>;
  readonly cacheLookups: Counter<'system' | 'result'>;
  /** Lookups in the answer cache shared by the replicas (Redis): hit, waited (for another replica's call), miss (fetched here), stale. */
  readonly sharedCacheLookups: Counter<'system' | 'result'>;
  /** Operations served by this process's own state because Redis did not answer, by store. */
  readonly sharedFallbacks: Counter<'store'>;
  /** Report this legacy system's breaker state in `credit_legacy_breaker_open`. */
  watchBreaker(system: BreakerSource): void;
  /** Report the service's Redis connection in `credit_redis_up` (only a service given `REDIS_URL` has the gauge). */
  watchRedis(redis: { readonly status: string }): void;
  /** Report whether a call budget comes from Redis now (1) or from this replica's share (0), in `credit_legacy_rate_budget_shared`. */
  watchRateBudget(budget: { readonly name: string; readonly sharedBudget: boolean }): void;
}

export function createSubgraphMetrics(): SubgraphMetrics {
  const registry = new Registry();
  const breakers = new Set<BreakerSource>();
  const legacyCalls = new Counter({
    name: 'credit_legacy_calls_total',
    help: 'Calls to a legacy system, by outcome (ok or the failure code).',
    labelNames: ['system', 'outcome'] as const,
    registers: [registry],
  });
  const legacyCallSeconds = new Histogram({
    name: 'credit_legacy_call_duration_seconds',
    help: 'Duration of one call to a legacy system.',
    labelNames: ['system'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: 'credit_legacy_cache_lookups_total',
    help: 'Lookups in the cache of legacy answers: hit, miss, or stale (served after a legacy failure).',
    labelNames: ['system', 'result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'credit_legacy_breaker_open',
    help: 'Circuit breaker state per legacy system: 0 closed, 0.5 half-open, 1 open or isolated.',
    labelNames: ['system'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const b of breakers) {
        const state = b.state;
        this.set({ system: b.name }, state === 'closed' ? 0 : state === 'half-open' ? 0.5 : 1);
      }
    },
  });
  const sharedCacheLookups = new Counter({
    name: 'credit_legacy_cache_shared_lookups_total',
    help: 'Lookups in the answer cache shared by the replicas (Redis): hit, waited (another replica was calling), miss (called from here), stale (its older answer served after a failed call).',
    labelNames: ['system', 'result'] as const,
    registers: [registry],
  });
  const sharedFallbacks = new Counter({
    name: 'credit_shared_state_fallbacks_total',
    help: "Operations served by this process's own state because Redis did not answer: rate_budget (a call paced by this replica's share), nonces, answer_cache (a lookup batch).",
    labelNames: ['store'] as const,
    registers: [registry],
  });
  // Registered only when the service has a Redis: a service without one shows no such gauge, not a 0.
  const watchRedis = (redis: { readonly status: string }) => {
    if (registry.getSingleMetric('credit_redis_up')) return;
    new Gauge({
      name: 'credit_redis_up',
      help: "1 when this service's Redis connection is ready, 0 while it is not (the service then uses its own state).",
      registers: [registry],
      collect() {
        this.set(redis.status === 'ready' ? 1 : 0);
      },
    });
  };
  const budgets = new Set<{ readonly name: string; readonly sharedBudget: boolean }>();
  new Gauge({
    name: 'credit_legacy_rate_budget_shared',
    help: "1 while a legacy system's call budget is the one shared by every replica (Redis), 0 while this replica paces with its share.",
    labelNames: ['system'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const b of budgets) this.set({ system: b.name }, b.sharedBudget ? 1 : 0);
    },
  });
  return {
    registry,
    legacyCalls,
    legacyCallSeconds,
    cacheLookups,
    sharedCacheLookups,
    sharedFallbacks,
    watchBreaker: (b) => void breakers.add(b),
    watchRedis,
    watchRateBudget: (b) => void budgets.add(b),
  };
}
