import { defineDepartmentSubgraph } from '../shared/index.js';
import { loadMarketConfig } from './config.js';
import { createMarketLegacyClient } from './legacy-client.js';
import { marketRecordOf } from './normalize.js';

/** 市场监管 — the market-regulation subgraph (`Enterprise.marketRegulation`). */
export const marketSubgraph = defineDepartmentSubgraph({
  department: 'MARKET_REGULATION',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  loadConfig: loadMarketConfig,
  connect({ config, legacy }) {
    const client = createMarketLegacyClient({ legacy, url: config.legacy.url, key: config.legacy.key, timeoutMs: config.legacy.timeoutMs });
    return { kind: 'batch', fetchBatch: (codes) => client.fetchBatch(codes) };
  },
  section: marketRecordOf,
});

export { loadMarketConfig } from './config.js';
export { createMarketLegacyClient, MARKET_LEGACY_BATCH_LIMIT, type MarketLegacyClient, type MarketLegacyClientOptions } from './legacy-client.js';
export type { MarketLegacyRecord } from './legacy-models.js';
export type { MarketRegulationRecord, MarketRegistration, MarketPenalty } from './normalize.js';
