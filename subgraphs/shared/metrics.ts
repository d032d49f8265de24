import { Counter, Gauge, Histogram, register } from 'prom-client';
import { breakerStates } from './legacy-http.js';

/**
 * Prometheus metrics of a department subgraph (prom-client's default registry, served at
 * `GET /metrics`): legacy calls and failures per system, their latency, cache use, breaker state.
 */
export const legacyCalls = new Counter({
  name: 'credit_legacy_calls_total',
  help: 'Calls to a legacy system, by outcome (ok or the failure code).',
  labelNames: ['system', 'outcome'] as const,
});

export const legacyCallSeconds = new Histogram({
  name: 'credit_legacy_call_duration_seconds',
  help: 'Duration of one call to a legacy system.',
  labelNames: ['system'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

export const cacheLookups = new Counter({
  name: 'credit_legacy_cache_lookups_total',
  help: 'Lookups in the cache of legacy answers: hit, miss, or stale (served after a legacy failure).',
  labelNames: ['system', 'result'] as const,
});

new Gauge({
  name: 'credit_legacy_breaker_open',
  help: 'Circuit breaker state per legacy system: 0 closed, 0.5 half-open, 1 open or isolated.',
  labelNames: ['system'] as const,
  collect() {
    this.reset();
    for (const [system, state] of Object.entries(breakerStates())) {
      this.set({ system }, state === 'closed' ? 0 : state === 'half-open' ? 0.5 : 1);
    }
  },
});

export const metricsRegistry = register;
