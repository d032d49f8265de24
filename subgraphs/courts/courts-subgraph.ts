import { chinaDate, LegacyCache, readSubgraphSdl, startSubgraphServer, type RunningServer, type SubgraphModule, legacyReadiness } from '../shared/index.js';
import type { CourtsLegacyRecord } from './legacy-models.js';
import { loadCourtsConfig, type CourtsConfig } from './config.js';
import { createJudicialLoader } from './judicial-loader.js';
import { createCourtsLegacyClient } from './legacy-client.js';
import { resolvers, type CourtsContext } from './resolvers.js';

const SCHEMA_URL = new URL('./schema.graphql', import.meta.url);

/**
 * Build the courts subgraph over the courts' enforcement-information system and listen on
 * `config.http`. One legacy client (dispatcher + call gate) serves every request, so the
 * concurrency bound and the rate are global; each request gets its own loader and deadline.
 * `clock` decides "today" for finding states (default: the system clock).
 */
function startCourtsSubgraph(config: CourtsConfig, options: { clock?: () => Date } = {}): Promise<RunningServer> {
  const clock = options.clock ?? (() => new Date());
  const client = createCourtsLegacyClient(config.legacy);
  const cache = new LegacyCache<CourtsLegacyRecord[]>({ ...config.cache, system: 'courts legacy system' });
  return startSubgraphServer<CourtsContext>(
    {
      name: 'courts',
      readiness: () => legacyReadiness(config.legacy.url, 'courts legacy system'),
      typeDefs: readSubgraphSdl(SCHEMA_URL),
      resolvers,
      context: () => ({
        loader: createJudicialLoader(client, config.legacy.timeoutMs, clock, cache),
        today: chinaDate(clock()),
      }),
      close: () => client.close(),
    },
    config.http,
  );
}

/** 法院 — the courts' subgraph (失信被执行人, 限制消费, 被执行人). */
export const courtsSubgraph: SubgraphModule<CourtsConfig> = {
  name: 'courts',
  sdl: () => readSubgraphSdl(SCHEMA_URL),
  loadConfig: loadCourtsConfig,
  start: startCourtsSubgraph,
};
