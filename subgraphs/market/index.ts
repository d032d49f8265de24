import type { DepartmentConfig, SubgraphModule } from '../shared/index.js';
import { legacyDispatcherFor, LegacyCache, readSubgraphSdl, startSubgraphServer, legacyReadiness } from '../shared/index.js';
import { loadMarketConfig } from './config.js';
import { createMarketLegacyClient } from './legacy-client.js';
import { marketContextFactory, marketResolvers } from './resolvers.js';

const SCHEMA_URL = new URL('./schema.graphql', import.meta.url);

/** 市场监管 — the market-regulation subgraph (`Enterprise.marketRegulation`). */
export const marketSubgraph: SubgraphModule<DepartmentConfig> = {
  name: 'market',
  sdl: () => readSubgraphSdl(SCHEMA_URL),
  loadConfig: loadMarketConfig,
  start(config, options = {}) {
    const clock = options.clock ?? (() => new Date());
    const dispatcher = legacyDispatcherFor(config.legacy, 'market legacy system');
    const client = createMarketLegacyClient({
      url: config.legacy.url,
      key: config.legacy.key,
      timeoutMs: config.legacy.timeoutMs,
      dispatcher,
    });
    return startSubgraphServer(
      {
        name: 'market',
        readiness: () => legacyReadiness(config.legacy.url, 'market legacy system'),
        typeDefs: readSubgraphSdl(SCHEMA_URL),
        resolvers: marketResolvers,
        context: marketContextFactory(client, config.legacy.batchSize, clock, new LegacyCache({ ...config.cache, system: 'market legacy system' })),
        close: () => dispatcher.close(),
      },
      config.http,
    );
  },
};

export { loadMarketConfig } from './config.js';
export { createMarketLegacyClient, MARKET_LEGACY_BATCH_LIMIT, type MarketLegacyClient, type MarketLegacyClientOptions } from './legacy-client.js';
export type { MarketLegacyRecord } from './legacy-models.js';
export type { MarketRegulationRecord, MarketRegistration, MarketPenalty } from './normalize.js';
export type { MarketContext } from './resolvers.js';
