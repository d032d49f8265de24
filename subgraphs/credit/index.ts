import { readSubgraphSdl, startSubgraphServer, type SubgraphModule } from '../shared/index.js';
import { loadCreditConfig, type CreditConfig } from './config.js';
import { creditResolvers } from './resolvers.js';
import { loadCatalogue } from './catalogue/catalogue.js';
import { openJournal } from './journal/open-journal.js';
import { CATALOGUE_VERSION_HEADER } from '../../common/http/index.js';

export type { CreditConfig } from './config.js';

/** The `credit` subgraph: owns the root fields (codes validated here, no legacy call) and the rules. */
export const creditSubgraph: SubgraphModule<CreditConfig> = {
  name: 'credit',
  sdl: () => readSubgraphSdl(new URL('./schema.graphql', import.meta.url)),
  loadConfig: loadCreditConfig,
  async start(config, options = {}) {
    const clock = options.clock ?? (() => new Date());
    // A bad catalogue stops start-up here (a rejected start), with a message naming each problem.
    const catalogue = loadCatalogue(config.catalogueUrl);
    // PostgreSQL when DATABASE_URL is set (shared by every replica), otherwise month files.
    const journal = await openJournal(config, { clock });
    return startSubgraphServer(
      {
        name: 'credit',
        typeDefs: creditSubgraph.sdl(),
        resolvers: creditResolvers(config, catalogue, journal),
        context: () => ({ clock }),
        close: () => journal.close(),
        // The gateway writes the catalogue version into the audit record of every request that reached the rules.
        responseHeaders: { [CATALOGUE_VERSION_HEADER]: encodeURIComponent(catalogue.version) },
      },
      config.http,
    );
  },
};
