import { z } from 'zod';
import { ConfigError, configError } from '../../common/config.js';
import { loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';
import { departmentEntry } from '../../common/departments.js';

export interface CourtsConfig {
  http: DepartmentConfig['http'];
  legacy: DepartmentConfig['legacy'] & {
    /** Most calls to the courts system in flight at once, across all requests (`COURTS_LEGACY_CONCURRENCY`, default 16). */
    concurrency: number;
    /** Client-side call rate, a token bucket (`COURTS_LEGACY_RATE_PER_SECOND`, default 300). */
    ratePerSecond: number;
  };
  cache: DepartmentConfig['cache'];
  engines: DepartmentConfig['engines'];
}

const SERVICE = 'the courts subgraph';

const extraSchema = z.object({
  COURTS_LEGACY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  COURTS_LEGACY_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).default(300),
});

/**
 * The courts subgraph's configuration: the department settings (`COURTS_SUBGRAPH_PORT` 4004,
 * `COURTS_LEGACY_URL` http://127.0.0.1:4104, `COURTS_LEGACY_KEY`, `COURTS_LEGACY_TIMEOUT_MS`, …) plus
 * `COURTS_LEGACY_CONCURRENCY` and `COURTS_LEGACY_RATE_PER_SECOND`. The courts system has no batch
 * endpoint, so the batch size stays 1 code per call. Pure; every bad variable is named in one error.
 */
export function loadCourtsConfig(env: Record<string, string | undefined>): CourtsConfig {
  // One message for every bad variable, the department settings' and the courts' own alike.
  const issues: z.core.$ZodIssue[] = [];
  let base: DepartmentConfig | undefined;
  try {
    base = loadDepartmentConfig(env, departmentEntry('COURTS'));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  const extra = extraSchema.safeParse(env);
  if (!extra.success) issues.push(...extra.error.issues);
  if (!base || !extra.success) throw configError(SERVICE, new z.ZodError(issues));
  return {
    http: base.http,
    cache: base.cache,
    engines: base.engines,
    legacy: {
      ...base.legacy,
      concurrency: extra.data.COURTS_LEGACY_CONCURRENCY,
      ratePerSecond: extra.data.COURTS_LEGACY_RATE_PER_SECOND,
    },
  };
}
