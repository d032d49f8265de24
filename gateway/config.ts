import { z } from 'zod';
import { parseEnv, sharedSecretSchema } from '../common/config.js';
import { DEPARTMENT_REGISTRY, type DepartmentSubgraph } from '../common/departments.js';

/** The subgraphs the gateway joins, with their default ports: the rules, and every registered department. */
export type SubgraphName = 'credit' | DepartmentSubgraph;
export const SUBGRAPHS: Readonly<Record<SubgraphName, number>> = {
  credit: 4001,
  ...(Object.fromEntries(DEPARTMENT_REGISTRY.map((d) => [d.subgraph, d.port])) as Record<DepartmentSubgraph, number>),
};
const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];
const urlVariable = (name: SubgraphName) => `${name.toUpperCase()}_SUBGRAPH_URL`;

export interface GatewayConfig {
  http: { port: number; host: string };
  /** Where each subgraph is (`<NAME>_SUBGRAPH_URL`). */
  subgraphUrls: Record<SubgraphName, string>;
  /** Per-subgraph call timeout (`SUBGRAPH_TIMEOUT_MS`, default 4500). */
  subgraphTimeoutMs: number;
  /** Largest request body accepted (`MAX_BODY_BYTES`, default 256 KiB). */
  maxBodyBytes: number;
  /** Every request is answered within this (`REQUEST_DEADLINE_MS`, default 5000). */
  requestDeadlineMs: number;
  /** `SUBGRAPH_SHARED_SECRET`: signs every subgraph request (development default refused in production). */
  sharedSecret: string;
  /** `AUDIT_LOG_PATH` (default `./data/audit.log`). */
  auditLogPath: string;
  /** `LOG_LEVEL` of the JSON request log (default info). */
  logLevel: string;
  /** `NODE_ENV=production`: no introspection, no field suggestions, no development keys or secret. */
  production: boolean;
  /** `VERIFY_RATE_PER_MINUTE` (default 60 per client address) and `VERIFY_BASE_URL` (default: the console's own origin) of `GET /verify/<report number>`. */
  verify: { ratePerMinute: number; baseUrl: string | null };
  /** `QUERY_MAX_TOKENS`, `QUERY_MAX_DEPTH`, `QUERY_MAX_INTROSPECTION_DEPTH`, `QUERY_MAX_ALIASES`, `QUERY_MAX_DIRECTIVES`, `QUERY_MAX_COST`, `QUERY_MAX_CODES`. */
  limits: { maxTokens: number; maxDepth: number; maxIntrospectionDepth: number; maxAliases: number; maxDirectives: number; maxCost: number; maxCodes: number };
}

const url = (port: number) => z.url().default(`http://127.0.0.1:${port}/`);

/**
 * Gateway configuration from the environment: `PORT` (4000), `HOST` (127.0.0.1),
 * `CREDIT_SUBGRAPH_URL` … `ECONOMY_SUBGRAPH_URL`, `SUBGRAPH_TIMEOUT_MS`, `MAX_BODY_BYTES`,
 * `REQUEST_DEADLINE_MS`, `SUBGRAPH_SHARED_SECRET`, `AUDIT_LOG_PATH`, `NODE_ENV`, `QUERY_MAX_*`,
 * `VERIFY_RATE_PER_MINUTE`, `VERIFY_BASE_URL`.
 * Callers and purposes come from `loadCallersConfig` (`CALLERS_FILE`, or the development default).
 * Pure; throws one message naming every bad variable.
 */
export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const schema = z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(4500),
    MAX_BODY_BYTES: z.coerce.number().int().positive().default(256 * 1024),
    REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    NODE_ENV: z.string().optional(),
    AUDIT_LOG_PATH: z.string().min(1).default('./data/audit.log'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    QUERY_MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(2000),
    QUERY_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
    QUERY_MAX_INTROSPECTION_DEPTH: z.coerce.number().int().min(2).max(50).default(16),
    // The audit record lists every code of a request (AUDIT_CODES_CAP): the budget may not exceed it.
    QUERY_MAX_CODES: z.coerce.number().int().min(1).max(1000).default(1000),
    QUERY_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
    QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(20),
    QUERY_MAX_COST: z.coerce.number().int().min(100).max(10_000_000).default(30_000),
    VERIFY_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    // Printed in every report's QR code: an address readers can reach, without query or fragment.
    VERIFY_BASE_URL: z
      .url()
      .refine((v) => /^https?:\/\//.test(v) && !/[?#]/.test(v), 'an http(s) address without ? or #, e.g. https://credit.example.gov.cn')
      .optional(),
  });
  // One `<NAME>_SUBGRAPH_URL` per subgraph the registry gives.
  const urls = z.object(Object.fromEntries(SUBGRAPH_NAMES.map((n) => [urlVariable(n), url(SUBGRAPHS[n])])) as Record<string, ReturnType<typeof url>>);
  const [d, secret, u] = parseEnv('the gateway', env, schema, sharedSecretSchema, urls);
  return {
    http: { port: d.PORT, host: d.HOST },
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, u[urlVariable(n)] as string])) as Record<SubgraphName, string>,
    subgraphTimeoutMs: d.SUBGRAPH_TIMEOUT_MS,
    maxBodyBytes: d.MAX_BODY_BYTES,
    requestDeadlineMs: d.REQUEST_DEADLINE_MS,
    sharedSecret: secret.SUBGRAPH_SHARED_SECRET,
    auditLogPath: d.AUDIT_LOG_PATH,
    logLevel: d.LOG_LEVEL,
    production: d.NODE_ENV === 'production',
    verify: { ratePerMinute: d.VERIFY_RATE_PER_MINUTE, baseUrl: d.VERIFY_BASE_URL ?? null },
    limits: {
      maxTokens: d.QUERY_MAX_TOKENS,
      maxDepth: d.QUERY_MAX_DEPTH,
      maxIntrospectionDepth: d.QUERY_MAX_INTROSPECTION_DEPTH,
      maxCodes: d.QUERY_MAX_CODES,
      maxAliases: d.QUERY_MAX_ALIASES,
      maxDirectives: d.QUERY_MAX_DIRECTIVES,
      maxCost: d.QUERY_MAX_COST,
    },
  };
}
