import { defineDepartmentSubgraph, readSubgraphSdl } from '../shared/index.js';
import { loadTaxConfig } from './config.js';
import { createTaxLegacyClient } from './legacy-client.js';
import { toTaxRecord } from './normalize.js';

const SCHEMA_URL = new URL('./schema.graphql', import.meta.url);

/** The tax subgraph's full SDL (own schema + shared credit types). */
export function taxSdl(): string {
  return readSubgraphSdl(SCHEMA_URL);
}

/** 税务 — the tax subgraph (纳税信用等级, 重大税收违法失信案件, 欠税公告) over the tax credit web service. */
export const taxSubgraph = defineDepartmentSubgraph({
  department: 'TAX',
  schemaUrl: SCHEMA_URL,
  loadConfig: loadTaxConfig,
  connect({ config, legacy }) {
    const client = createTaxLegacyClient({ legacy, url: config.legacy.url, key: config.legacy.key, timeoutMs: config.legacy.timeoutMs });
    return { kind: 'batch', fetchBatch: (usccs) => client.fetchByUscc(usccs) };
  },
  section: toTaxRecord,
});

/** Start the tax subgraph (see `taxSubgraph.start`). */
export const startTaxSubgraph = taxSubgraph.start;
