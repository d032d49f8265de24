import { defineDepartmentSubgraph, sourceStatusOf, type Lookup, type SourceStatus } from '../shared/index.js';
import { assertNever } from '../../common/assert-never.js';
import { loadEconomyConfig } from './config.js';
import { createEconomyLegacyClient } from './legacy-client.js';
import type { PlatformRecord } from './legacy-models.js';
import { normalizeEconomyRecord, type EconomySections } from './normalize.js';

/** GraphQL `EconomyRecord`. */
export interface EconomyRecordView extends EconomySections {
  source: SourceStatus;
}

/** The record for a lookup: a failed or missing lookup holds nothing, so it never looks clean. */
export function economyRecordOf(lookup: Lookup<PlatformRecord>, today: string): EconomyRecordView {
  const source = sourceStatusOf('ECONOMY_IT', lookup);
  switch (lookup.kind) {
    case 'found':
      return { source, ...normalizeEconomyRecord(lookup.record, today) };
    case 'missing':
    case 'failed':
      return { source, honors: [], commitments: [], findings: [] };
    default: {
      return assertNever(lookup);
    }
  }
}

/**
 * The economy & IT (经信) subgraph: `Enterprise.economy` — honours, credit commitments and
 * safety-production dishonesty from the department's credit platform, with normalised findings.
 */
export const economySubgraph = defineDepartmentSubgraph({
  department: 'ECONOMY_IT',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  loadConfig: loadEconomyConfig,
  connect({ config, legacy }) {
    const client = createEconomyLegacyClient(config.legacy, legacy);
    return { kind: 'batch', fetchBatch: (codes) => client.fetchRecords(codes) };
  },
  section: economyRecordOf,
});

export type { EconomyHonor, EconomyCreditCommitment } from './normalize.js';
