import { loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';
import { departmentEntry } from '../../common/departments.js';

/** The platform exports at most 200 codes per call (the registry's batch limit). */
export const ENVIRONMENT_MAX_BATCH = departmentEntry('ENVIRONMENT').batchLimit;

/**
 * Configuration of the environment subgraph from `ENVIRONMENT_SUBGRAPH_PORT` (4005),
 * `ENVIRONMENT_LEGACY_URL` (http://127.0.0.1:4105), `ENVIRONMENT_LEGACY_KEY`,
 * `ENVIRONMENT_LEGACY_BATCH_SIZE` (200, at most 200) and the shared department variables. Pure.
 */
export function loadEnvironmentConfig(env: Record<string, string | undefined>): DepartmentConfig {
  return loadDepartmentConfig(env, departmentEntry('ENVIRONMENT'));
}
