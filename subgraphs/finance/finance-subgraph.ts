import { defineDepartmentSubgraph, type PerCodeSource } from '../shared/index.js';
import { createFinanceLegacyClient, type FinanceLegacyClient } from './legacy-client.js';
import type { FinanceLegacyRecord } from './legacy-models.js';
import { financeRecordOf } from './normalize.js';

/** The finance system as a per-code source: every listing of a supplier, or null when it has none. */
export function financeSource(client: FinanceLegacyClient): PerCodeSource<FinanceLegacyRecord[]> {
  return {
    kind: 'per-code',
    async fetchOne(uscc, deadlineAt) {
      const records = await client.fetchRecords(uscc, deadlineAt);
      // The search answers `total: 0` alike for a supplier never listed and a code it never saw.
      return records.length === 0 ? null : records;
    },
  };
}

/**
 * 财政 — the finance department's subgraph (政府采购严重违法失信行为记录名单) over its paginated
 * search by unified social credit code. Configuration: the department variables (`FINANCE_SUBGRAPH_PORT`
 * 4008, `FINANCE_LEGACY_URL` http://127.0.0.1:4108, `FINANCE_LEGACY_KEY`, `FINANCE_LEGACY_TIMEOUT_MS`, …).
 */
export const financeSubgraph = defineDepartmentSubgraph({
  department: 'FINANCE',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  connect: ({ config, legacy }) => financeSource(createFinanceLegacyClient(config.legacy, legacy)),
  section: financeRecordOf,
});
