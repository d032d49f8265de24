import { loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';
import { departmentEntry } from '../../common/departments.js';

/**
 * The economy & IT subgraph's configuration from `ECONOMY_SUBGRAPH_PORT` (default 4006),
 * `ECONOMY_LEGACY_URL` (default `http://127.0.0.1:4106`), `ECONOMY_LEGACY_KEY` (default
 * `economy-dev-key`), `ECONOMY_LEGACY_BATCH_SIZE` (default 100, the platform's limit per call),
 * the `ECONOMY_LEGACY_*` timeouts and connections, and `HOST`. Pure; throws one message naming
 * every bad variable.
 */
export function loadEconomyConfig(env: Record<string, string | undefined>): DepartmentConfig {
  return loadDepartmentConfig(env, departmentEntry('ECONOMY_IT'));
}
