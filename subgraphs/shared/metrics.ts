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
  /** Report this legacy system's breaker state in `credit_legacy_breaker_open`. */
  watchBreaker(system: BreakerSource): void;
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
  return { registry, legacyCalls, legacyCallSeconds, cacheLookups, watchBreaker: (b) => void breakers.add(b) };
}
