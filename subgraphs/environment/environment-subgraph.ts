import {
  chinaDate,
  createBatchLookupLoader,
  LegacyCache,
  legacyDispatcherFor,
  readSubgraphSdl,
  startSubgraphServer,
  type DepartmentConfig,
  type RunningServer,
  type SubgraphModule, legacyReadiness } from '../shared/index.js';
import { loadEnvironmentConfig } from './config.js';
import { createEnvironmentLegacyClient } from './legacy-client.js';
import { resolvers, type EnvironmentContext } from './resolvers.js';

const SCHEMA_URL = new URL('./schema.graphql', import.meta.url);

/**
 * Build the environment subgraph over its legacy platform and listen on `config.http`.
 * `clock` decides "today" for rating windows and finding states (default: the system clock).
 */
function startEnvironmentSubgraph(config: DepartmentConfig, options: { clock?: () => Date } = {}): Promise<RunningServer> {
  const clock = options.clock ?? (() => new Date());
  const dispatcher = legacyDispatcherFor(config.legacy, 'environment legacy system');
  const client = createEnvironmentLegacyClient({
    url: config.legacy.url,
    key: config.legacy.key,
    batchSize: config.legacy.batchSize,
    timeoutMs: config.legacy.timeoutMs,
    dispatcher,
  });
  const cache = new LegacyCache<Awaited<ReturnType<typeof client.fetch>> extends Map<string, infer T> ? T : never>({ ...config.cache, system: 'environment legacy system' });
  return startSubgraphServer<EnvironmentContext>(
    {
      name: 'environment',
      readiness: () => legacyReadiness(config.legacy.url, 'environment legacy system'),
      typeDefs: readSubgraphSdl(SCHEMA_URL),
      resolvers,
      context: () => ({
        loader: createBatchLookupLoader(config.legacy.batchSize, (codes) => client.fetch(codes), clock, cache),
        today: chinaDate(clock()),
      }),
      close: () => dispatcher.close(),
    },
    config.http,
  );
}

/** 生态环境 — the environment department's subgraph (环境信用评价, 环境行政处罚). */
export const environmentSubgraph: SubgraphModule<DepartmentConfig> = {
  name: 'environment',
  sdl: () => readSubgraphSdl(SCHEMA_URL),
  loadConfig: loadEnvironmentConfig,
  start: startEnvironmentSubgraph,
};
