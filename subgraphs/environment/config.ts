import { z } from 'zod';
import { configError, loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';

/** The platform refuses exports of more than 200 codes (HTTP 400). */
export const ENVIRONMENT_MAX_BATCH = 200;

/**
 * The environment subgraph's configuration: `ENVIRONMENT_SUBGRAPH_PORT` (default 4005),
 * `ENVIRONMENT_LEGACY_URL` (default `http://127.0.0.1:4105`), `ENVIRONMENT_LEGACY_KEY`
 * (default `environment-dev-key`), `ENVIRONMENT_LEGACY_BATCH_SIZE` (default and maximum 200),
 * the timeouts and `HOST`. Pure: throws one message naming every bad variable.
 */
export function loadEnvironmentConfig(env: Record<string, string | undefined>): DepartmentConfig {
  const config = loadDepartmentConfig(env, {
    prefix: 'ENVIRONMENT',
    port: 4005,
    legacyPort: 4105,
    batchSize: ENVIRONMENT_MAX_BATCH,
    key: 'environment-dev-key',
  });
  // A larger batch would only earn HTTP 400 from the platform on every big request.
  const limit = z.object({
    ENVIRONMENT_LEGACY_BATCH_SIZE: z.number().max(ENVIRONMENT_MAX_BATCH, `the environment platform accepts at most ${ENVIRONMENT_MAX_BATCH} codes per export`),
  });
  const r = limit.safeParse({ ENVIRONMENT_LEGACY_BATCH_SIZE: config.legacy.batchSize });
  if (!r.success) throw configError('the environment subgraph', r.error);
  return config;
}
