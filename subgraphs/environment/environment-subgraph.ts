import { defineDepartmentSubgraph } from '../shared/index.js';
import { loadEnvironmentConfig } from './config.js';
import { createEnvironmentLegacyClient } from './legacy-client.js';
import { environmentRecordOf } from './normalize.js';

/** 生态环境 — the environment department's subgraph (环境信用评价, 环境行政处罚). */
export const environmentSubgraph = defineDepartmentSubgraph({
  department: 'ENVIRONMENT',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  loadConfig: loadEnvironmentConfig,
  connect({ config, legacy }) {
    const client = createEnvironmentLegacyClient({
      legacy,
      url: config.legacy.url,
      key: config.legacy.key,
      batchSize: config.legacy.batchSize,
      timeoutMs: config.legacy.timeoutMs,
    });
    return { kind: 'batch', fetchBatch: (codes) => client.fetch(codes) };
  },
  section: environmentRecordOf,
});
