import { loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';

/** The tax system answers a SOAP Fault to more than 50 taxpayers per call (单次查询不得超过50户). */
export const TAX_LEGACY_MAX_BATCH = 50;

/**
 * Configuration of the tax subgraph from `TAX_SUBGRAPH_PORT` (4003), `TAX_LEGACY_URL`
 * (http://127.0.0.1:4103), `TAX_LEGACY_KEY` (tax-dev-key), `TAX_LEGACY_BATCH_SIZE` (50, at most 50),
 * `TAX_LEGACY_TIMEOUT_MS`, `TAX_LEGACY_CONNECT_TIMEOUT_MS`, `TAX_LEGACY_CONNECTIONS` and `HOST`.
 * Pure: throws one error naming every bad variable.
 */
export function loadTaxConfig(env: Record<string, string | undefined>): DepartmentConfig {
  const config = loadDepartmentConfig(env, { prefix: 'TAX', port: 4003, legacyPort: 4103, batchSize: 50, key: 'tax-dev-key' });
  if (config.legacy.batchSize > TAX_LEGACY_MAX_BATCH) {
    throw new Error(
      `Invalid configuration for the tax subgraph:\n  TAX_LEGACY_BATCH_SIZE: the tax system accepts at most ${TAX_LEGACY_MAX_BATCH} taxpayers per call, got ${config.legacy.batchSize}\nSet the variables above to valid values (see README → Configuration).`,
    );
  }
  return config;
}
