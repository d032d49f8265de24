import { loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';
import { departmentEntry } from '../../common/departments.js';

/**
 * Configuration of the market-regulation subgraph from `MARKET_SUBGRAPH_PORT` (4002),
 * `MARKET_LEGACY_URL` (http://127.0.0.1:4102), `MARKET_LEGACY_KEY`, `MARKET_LEGACY_BATCH_SIZE`
 * (100, the platform's limit) and the shared department variables. Pure.
 */
export function loadMarketConfig(env: Record<string, string | undefined>): DepartmentConfig {
  return loadDepartmentConfig(env, departmentEntry('MARKET_REGULATION'));
}
