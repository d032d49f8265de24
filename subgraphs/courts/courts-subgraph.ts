import { defineDepartmentSubgraph, type PerCodeSource } from '../shared/index.js';
import { loadCourtsConfig } from './config.js';
import { createCourtsLegacyClient, type CourtsLegacyClient } from './legacy-client.js';
import type { CourtsLegacyRecord } from './legacy-models.js';

/** The courts system as a per-code source: every record of a subject, or null when it has none. */
export function courtsSource(client: CourtsLegacyClient): PerCodeSource<CourtsLegacyRecord[]> {
  return {
    kind: 'per-code',
    async fetchOne(code, deadlineAt) {
      // The gateway's deadline is wall-clock time; the client's clock is monotonic.
      const records = await client.fetchRecords(code, client.now() + (deadlineAt - Date.now()));
      // The system answers `total: 0` both for a code it never saw and for one with nothing on file.
      return records.length === 0 ? null : records;
    },
  };
}
import { judicialRecordOf } from './normalize.js';

/**
 * 法院 — the courts' subgraph (失信被执行人, 限制消费, 被执行人) over the courts' enforcement-information
 * system. One legacy client (and its call gate) serves every request, so the concurrency bound and
 * the rate are global; each request gets its own loader and deadline. The system is keyed by
 * organisation code `XXXXXXXX-X`, so two spellings of one enterprise cost one call.
 */
export const courtsSubgraph = defineDepartmentSubgraph({
  department: 'COURTS',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  loadConfig: loadCourtsConfig,
  keyOf: (code) => code.organizationCode,
  // The call gate paces the calls and handles 429 itself, within the request's deadline.
  resilience: { retryRateLimited: false },
  // Each readiness probe is a call the courts system counts against its 300/s, outside the call gate:
  // at most one a second per replica, whoever asks /readyz and how often.
  readinessProbeEveryMs: 1000,
  connect: ({ config, legacy, redis, metrics, log }) => {
    // With REDIS_URL every replica draws on one budget (issue 11); REPLICAS sets each one's share while Redis fails.
    const share = Math.round((config.legacy.ratePerSecond / config.engines.replicas) * 100) / 100;
    const client = createCourtsLegacyClient(config.legacy, legacy, {
      shared: redis
        ? {
            redis,
            key: 'credit:{courts}:budget',
            replicas: config.engines.replicas,
            onChange: (shared, detail) =>
              log(
                shared
                  ? `courts subgraph: the courts call budget is shared by every replica again (${config.legacy.ratePerSecond}/s in all)`
                  : `courts subgraph: the shared courts call budget failed (${detail}); this replica paces at its share, ${share}/s (COURTS_LEGACY_RATE_PER_SECOND ÷ REPLICAS ${config.engines.replicas}), until Redis answers`,
              ),
            onFallback: () => metrics.sharedFallbacks.inc({ store: 'rate_budget' }),
          }
        : undefined,
    });
    if (redis)
      metrics.watchRateBudget({
        name: legacy.name,
        get sharedBudget() {
          return client.gate.sharedBudget;
        },
      });
    return courtsSource(client);
  },
  section: judicialRecordOf,
});
