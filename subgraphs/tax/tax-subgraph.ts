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
import { loadTaxConfig } from './config.js';
import { createTaxLegacyClient } from './legacy-client.js';
import { taxResolvers, type TaxContext } from './resolvers.js';

const SCHEMA_URL = new URL('./schema.graphql', import.meta.url);

/** The tax subgraph's full SDL (own schema + shared credit types). */
export function taxSdl(): string {
  return readSubgraphSdl(SCHEMA_URL);
}

/**
 * Build and start the tax subgraph over the tax credit web service.
 * @param options.clock decides "today" for rating windows and finding states. Default: the system clock.
 */
export function startTaxSubgraph(config: DepartmentConfig, options: { clock?: () => Date } = {}): Promise<RunningServer> {
  const clock = options.clock ?? (() => new Date());
  const dispatcher = legacyDispatcherFor(config.legacy, 'tax legacy system');
  const client = createTaxLegacyClient({
    dispatcher,
    url: config.legacy.url,
    key: config.legacy.key,
    timeoutMs: config.legacy.timeoutMs,
  });
  const cache = new LegacyCache<Awaited<ReturnType<typeof client.fetchByUscc>> extends Map<string, infer T> ? T : never>({ ...config.cache, system: 'tax legacy system' });
  const context = (): TaxContext => ({
    taxpayers: createBatchLookupLoader(config.legacy.batchSize, (usccs) => client.fetchByUscc(usccs), clock, cache),
    today: chinaDate(clock()),
  });
  return startSubgraphServer(
    {
      name: 'tax',
      readiness: () => legacyReadiness(config.legacy.url, 'tax legacy system'),
      typeDefs: taxSdl(),
      resolvers: taxResolvers,
      context,
      close: () => dispatcher.close(),
    },
    config.http,
  );
}

/** 税务 — the tax subgraph (纳税信用等级, 重大税收违法失信案件, 欠税公告). */
export const taxSubgraph: SubgraphModule<DepartmentConfig> = {
  name: 'tax',
  sdl: taxSdl,
  loadConfig: loadTaxConfig,
  start: startTaxSubgraph,
};
