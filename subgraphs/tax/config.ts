import { loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';
import { departmentEntry } from '../../common/departments.js';

/** The tax system answers a SOAP Fault to more than 50 taxpayers per call (单次查询不得超过50户): the registry's batch limit. */
export const TAX_LEGACY_MAX_BATCH = departmentEntry('TAX').batchLimit;

/**
 * Configuration of the tax subgraph from `TAX_SUBGRAPH_PORT` (4003), `TAX_LEGACY_URL`
 * (http://127.0.0.1:4103), `TAX_LEGACY_KEY` (tax-dev-key), `TAX_LEGACY_BATCH_SIZE` (50, at most 50),
 * `TAX_LEGACY_TIMEOUT_MS`, `TAX_LEGACY_CONNECT_TIMEOUT_MS`, `TAX_LEGACY_CONNECTIONS` and `HOST`.
 * Pure: throws one error naming every bad variable.
 */
export function loadTaxConfig(env: Record<string, string | undefined>): DepartmentConfig {
  return loadDepartmentConfig(env, departmentEntry('TAX'));
}
