import { loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';

/**
 * Configuration of the market subgraph from `MARKET_SUBGRAPH_PORT` (default 4002),
 * `MARKET_LEGACY_URL` (default http://127.0.0.1:4102), `MARKET_LEGACY_KEY` (default market-dev-key),
 * `MARKET_LEGACY_BATCH_SIZE` (default 100, the platform's limit), `MARKET_LEGACY_TIMEOUT_MS`,
 * `MARKET_LEGACY_CONNECT_TIMEOUT_MS`, `MARKET_LEGACY_CONNECTIONS` and `HOST`. Pure; throws one
 * error naming every bad variable.
 */
export function loadMarketConfig(env: Record<string, string | undefined>): DepartmentConfig {
  return loadDepartmentConfig(env, { prefix: 'MARKET', port: 4002, legacyPort: 4102, batchSize: 100, key: 'market-dev-key' });
}
