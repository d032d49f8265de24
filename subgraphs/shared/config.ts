import { z } from 'zod';
import { configError, parseEnv, sharedSecretSchema } from '../../common/config.js';
import { enginesConfig, enginesEnvSchema, type EnginesConfig } from '../../common/engines/index.js';

export { configError, sharedSecretSchema };

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `http` of every subgraph's configuration: where it listens and the secret the gateway signs with. */
export interface SubgraphHttpConfig {
  port: number;
  host: string;
  /** `SUBGRAPH_SHARED_SECRET`; the development default is refused when `NODE_ENV=production`. */
  sharedSecret: string;
}

export interface DepartmentConfig {
  http: SubgraphHttpConfig;
  legacy: {
    url: string;
    key: string;
    batchSize: number;
    timeoutMs: number;
    connectTimeoutMs: number;
    connections: number;
    /** Consecutive failures that open the circuit breaker (`<PREFIX>_BREAKER_THRESHOLD`, default 5). */
    breakerThreshold: number;
    /** How long the breaker stays open before a probe (`<PREFIX>_BREAKER_HALF_OPEN_MS`, default 5000). */
    breakerHalfOpenMs: number;
  };
  /** The process-wide cache of legacy answers (see `LegacyCache`). */
  cache: { ttlMs: number; staleIfErrorMs: number; max: number };
  /** `REDIS_URL`, `DATABASE_URL`, `REPLICAS`: state shared with the other replicas, or none. */
  engines: EnginesConfig;
}

/**
 * Configuration of a department subgraph, from `<PREFIX>_SUBGRAPH_PORT`, `<PREFIX>_LEGACY_URL`,
 * `<PREFIX>_LEGACY_KEY`, `<PREFIX>_LEGACY_BATCH_SIZE`, `<PREFIX>_LEGACY_TIMEOUT_MS`,
 * `<PREFIX>_LEGACY_CONNECT_TIMEOUT_MS`, `<PREFIX>_LEGACY_CONNECTIONS`, `<PREFIX>_CACHE_TTL_MS` (60000; 0 = off),
 * `<PREFIX>_CACHE_STALE_MS` (300000, the stale-if-error window), `<PREFIX>_CACHE_MAX` (50000 codes),
 * `<PREFIX>_BREAKER_THRESHOLD` (5), `<PREFIX>_BREAKER_HALF_OPEN_MS` (5000) and `HOST`.
 * A pure function: it reads only `env`, and throws one error naming every bad variable.
 */
export function loadDepartmentConfig(
  env: Record<string, string | undefined>,
  d: { envPrefix: string; port: number; legacyPort: number; batchLimit: number; legacyKey: string },
): DepartmentConfig {
  const p = d.envPrefix;
  const schema = z.object({
    [`${p}_SUBGRAPH_PORT`]: port(d.port),
    HOST: z.string().min(1).default('127.0.0.1'),
    [`${p}_LEGACY_URL`]: z.url().default(`http://127.0.0.1:${d.legacyPort}`),
    [`${p}_LEGACY_KEY`]: z.string().min(1).default(d.legacyKey),
    // A larger batch would only earn a refusal from the legacy system on every big request.
    [`${p}_LEGACY_BATCH_SIZE`]: positiveInt(d.batchLimit).pipe(
      z.number().max(d.batchLimit, `the legacy system accepts at most ${d.batchLimit} codes per call`),
    ),
    [`${p}_LEGACY_TIMEOUT_MS`]: positiveInt(3000),
    [`${p}_LEGACY_CONNECT_TIMEOUT_MS`]: positiveInt(1000),
    [`${p}_LEGACY_CONNECTIONS`]: positiveInt(32),
    [`${p}_BREAKER_THRESHOLD`]: positiveInt(5),
    [`${p}_BREAKER_HALF_OPEN_MS`]: positiveInt(5000),
    [`${p}_CACHE_TTL_MS`]: z.coerce.number().int().min(0).default(60_000),
    [`${p}_CACHE_STALE_MS`]: z.coerce.number().int().min(0).default(300_000),
    [`${p}_CACHE_MAX`]: positiveInt(50_000),
  });
  // The simulators' keys are published: a production deployment must use the real system's.
  const keyVariable = `${p}_LEGACY_KEY`;
  const productionKey = z
    .object({ NODE_ENV: z.string().optional(), [keyVariable]: z.string().optional() })
    .refine((e) => !(e.NODE_ENV === 'production' && (e[keyVariable] ?? d.legacyKey) === d.legacyKey), {
      message: `the development key is refused when NODE_ENV=production: set ${keyVariable} to the real system's key`,
      path: [keyVariable],
    });
  const [data, secret, , e] = parseEnv(`the ${p.toLowerCase()} subgraph`, env, schema, sharedSecretSchema, productionKey, enginesEnvSchema);
  const v = data as Record<string, string | number>;
  return {
    http: { port: v[`${p}_SUBGRAPH_PORT`] as number, host: v.HOST as string, sharedSecret: secret.SUBGRAPH_SHARED_SECRET },
    legacy: {
      url: (v[`${p}_LEGACY_URL`] as string).replace(/\/$/, ''),
      key: v[`${p}_LEGACY_KEY`] as string,
      batchSize: v[`${p}_LEGACY_BATCH_SIZE`] as number,
      timeoutMs: v[`${p}_LEGACY_TIMEOUT_MS`] as number,
      connectTimeoutMs: v[`${p}_LEGACY_CONNECT_TIMEOUT_MS`] as number,
      connections: v[`${p}_LEGACY_CONNECTIONS`] as number,
      breakerThreshold: v[`${p}_BREAKER_THRESHOLD`] as number,
      breakerHalfOpenMs: v[`${p}_BREAKER_HALF_OPEN_MS`] as number,
    },
    engines: enginesConfig(e),
    cache: {
      ttlMs: v[`${p}_CACHE_TTL_MS`] as number,
      staleIfErrorMs: v[`${p}_CACHE_STALE_MS`] as number,
      max: v[`${p}_CACHE_MAX`] as number,
    },
  };
}
