import { z } from 'zod';
import { ConfigError, configError, parseEnv } from '../../common/config.js';
import { loadDepartmentConfig, type DepartmentConfig } from '../shared/index.js';
import { departmentEntry } from '../../common/departments.js';

export interface HrssConfig {
  http: DepartmentConfig['http'];
  legacy: DepartmentConfig['legacy'];
  cache: DepartmentConfig['cache'];
  engines: DepartmentConfig['engines'];
  /** The daily full export and how this subgraph keeps it. */
  export: {
    /** How often the newest export is looked for (`HRSS_EXPORT_REFRESH_MS`, default 600000: 10 minutes). */
    refreshMs: number;
    /** First wait before trying again while no export could be loaded (`HRSS_EXPORT_RETRY_MS`, default 5000; doubles up to `refreshMs`). */
    retryMs: number;
    /** An export older than this is OUTDATED and does not count as read (`HRSS_EXPORT_MAX_AGE_HOURS`, default 48). */
    maxAgeHours: number;
    /** Time allowed for downloading one export (`HRSS_EXPORT_TIMEOUT_MS`, default 120000). */
    downloadTimeoutMs: number;
    /** Largest export accepted, compressed or decompressed, in bytes (`HRSS_EXPORT_MAX_BYTES`, default 268435456: 256 MiB). */
    maxBytes: number;
  };
}

const SERVICE = 'the hrss subgraph';

const extraSchema = z.object({
  HRSS_EXPORT_REFRESH_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(7 * 24 * 3600 * 1000)
    .default(600_000),
  HRSS_EXPORT_RETRY_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3600 * 1000)
    .default(5000),
  HRSS_EXPORT_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(48),
  HRSS_EXPORT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3600 * 1000)
    .default(120_000),
  HRSS_EXPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(4 * 1024 ** 3)
    .default(256 * 1024 ** 2),
});

/**
 * The hrss (人社) subgraph's configuration: the department settings (`HRSS_SUBGRAPH_PORT` 4007,
 * `HRSS_LEGACY_URL` http://127.0.0.1:4107, `HRSS_LEGACY_KEY`, `HRSS_LEGACY_TIMEOUT_MS`, …) plus the
 * export's `HRSS_EXPORT_REFRESH_MS`, `HRSS_EXPORT_RETRY_MS`, `HRSS_EXPORT_MAX_AGE_HOURS`,
 * `HRSS_EXPORT_TIMEOUT_MS` and `HRSS_EXPORT_MAX_BYTES`. Pure; every bad variable is named in one error.
 */
export function loadHrssConfig(env: Record<string, string | undefined>): HrssConfig {
  const issues: z.core.$ZodIssue[] = [];
  let base: DepartmentConfig | undefined;
  try {
    base = loadDepartmentConfig(env, departmentEntry('HUMAN_RESOURCES'));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  // parseEnv also reports a near miss such as HRSS_EXPORT_REFRESH with the name it probably meant.
  let extra: z.infer<typeof extraSchema> | undefined;
  try {
    [extra] = parseEnv(SERVICE, env, extraSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  if (!base || !extra) throw configError(SERVICE, new z.ZodError(issues));
  const x = extra;
  return {
    http: base.http,
    legacy: base.legacy,
    cache: base.cache,
    engines: base.engines,
    export: {
      refreshMs: x.HRSS_EXPORT_REFRESH_MS,
      retryMs: Math.min(x.HRSS_EXPORT_RETRY_MS, x.HRSS_EXPORT_REFRESH_MS),
      maxAgeHours: x.HRSS_EXPORT_MAX_AGE_HOURS,
      downloadTimeoutMs: x.HRSS_EXPORT_TIMEOUT_MS,
      maxBytes: x.HRSS_EXPORT_MAX_BYTES,
    },
  };
}
