import { LegacyCache, readSubgraphSdl, startSubgraphServer, type DepartmentConfig, type SubgraphModule, legacyReadiness } from '../shared/index.js';
import { loadEconomyConfig } from './config.js';
import { createEconomyLegacyClient } from './legacy-client.js';
import { createEconomyContext, createEconomyResolvers } from './resolvers.js';

const SCHEMA_URL = new URL('./schema.graphql', import.meta.url);

/**
 * The economy & IT (经信) subgraph: `Enterprise.economy` — honours, credit commitments and
 * safety-production dishonesty from the department's credit platform, with normalised findings.
 */
export const economySubgraph: SubgraphModule<DepartmentConfig> = {
  name: 'economy',
  sdl: () => readSubgraphSdl(SCHEMA_URL),
  loadConfig: loadEconomyConfig,
  start(config, options = {}) {
    const clock = options.clock ?? (() => new Date());
    const client = createEconomyLegacyClient(config.legacy);
    return startSubgraphServer(
      {
        name: 'economy',
        readiness: () => legacyReadiness(config.legacy.url, 'economy legacy system'),
        typeDefs: readSubgraphSdl(SCHEMA_URL),
        resolvers: createEconomyResolvers(clock),
        context: createEconomyContext(client, config.legacy.batchSize, clock, new LegacyCache({ ...config.cache, system: 'economy legacy system' })),
        close: () => client.close(),
      },
      config.http,
    );
  },
};

export type { EconomyContext, EconomyRecordView } from './resolvers.js';
export type { EconomyHonor, EconomyCreditCommitment } from './normalize.js';
