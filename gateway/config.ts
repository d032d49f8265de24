import { z } from 'zod';
import { parseEnv, sharedSecretSchema } from '../common/config.js';
import { enginesConfig, enginesEnvSchema, type EnginesConfig } from '../common/engines/index.js';
import { TrustedProxies } from './access/client-address.js';

/** A comma-separated list, blanks dropped. */
const listOf = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
import { DEPARTMENT_REGISTRY, type DepartmentSubgraph } from '../common/departments.js';
import type { OperatorTokenConfig } from './auth/index.js';

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
  /**
   * Where each subgraph is (`<NAME>_SUBGRAPH_URL`): one URL, or one per replica separated by commas
   * (`http://courts-1:4004/,http://courts-2:4004/`); in the order given, without repeats.
   */
  subgraphUrls: Record<SubgraphName, string[]>;
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
  /** `DATABASE_URL` (audit trail and bulk jobs in PostgreSQL instead of files), `REDIS_URL`, `REPLICAS`. */
  engines: EnginesConfig;
  /** `TRUSTED_PROXIES`: proxies (addresses, CIDR blocks) whose `X-Forwarded-For` names the client, e.g. HAProxy's. Default none. */
  trustedProxies: string[];
  /** `REPLICA_NAME`: this replica in the shared audit rows and job leases (default host, pid and a random part). */
  replicaName?: string;
  /** `LOG_LEVEL` of the JSON request log (default info). */
  logLevel: string;
  /** `NODE_ENV=production`: no introspection, no field suggestions, no development keys or secret. */
  production: boolean;
  /** `VERIFY_RATE_PER_MINUTE` (default 60 per client address) and `VERIFY_BASE_URL` (default: the console's own origin) of `GET /verify/<report number>`. */
  verify: { ratePerMinute: number; baseUrl: string | null };
  /** `QUERY_MAX_TOKENS`, `QUERY_MAX_DEPTH`, `QUERY_MAX_INTROSPECTION_DEPTH`, `QUERY_MAX_ALIASES`, `QUERY_MAX_DIRECTIVES`, `QUERY_MAX_COST`, `QUERY_MAX_CODES`. */
  limits: {
    maxTokens: number;
    maxDepth: number;
    maxIntrospectionDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxCost: number;
    maxCodes: number;
  };
  /**
   * The province's identity provider, whose tokens (`X-Operator-Token`) make an operator
   * `verified`: `OPERATOR_JWKS_FILE` or `OPERATOR_JWKS_URL`, `OPERATOR_JWT_ISSUER`,
   * `OPERATOR_JWT_AUDIENCE`, `OPERATOR_ID_CLAIM` (default `sub`), `OPERATOR_NAME_CLAIM` (default
   * `name`), `OPERATOR_JWKS_TIMEOUT_MS` (2000), `OPERATOR_JWT_CLOCK_TOLERANCE_S` (30). `null` when
   * none is configured: operators can then only be asserted, and a token sent is refused.
   */
  operatorTokens: OperatorTokenConfig | null;
  /**
   * Bulk check jobs: `BULK_JOBS_DIR` (default `jobs/` beside the audit log), `BULK_JOB_MAX_CODES`
   * (10,000), `BULK_JOB_MAX_BODY_BYTES` (1 MiB), `BULK_JOB_CHUNK_SIZE` (200), `BULK_JOB_DEADLINE_MS`
   * (10 minutes), `BULK_JOB_EVENTS_PER_CALLER` (4 live progress streams open at once per caller),
   * `BULK_JOB_LEASE_MS` (15 s; with `DATABASE_URL`: a job whose replica stops renewing its hold is
   * resumed by another replica after this long).
   */
  jobs: { dir?: string; maxCodes: number; maxBodyBytes: number; chunkSize: number; deadlineMs: number; eventsPerCaller: number; leaseMs: number };
}

/** A JWT claim name as an identity provider writes it (`sub`, `employee_no`, `preferred_username`, a URI). */
const claimName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/, 'must be a claim name such as sub or employee_no');

/** The identity provider for operator tokens (经办人令牌); all unset = none. */
const operatorSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    OPERATOR_JWKS_FILE: z.string().min(1).optional(),
    OPERATOR_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of the JWKS' }).optional(),
    OPERATOR_JWT_ISSUER: z.string().min(1).max(512).optional(),
    OPERATOR_JWT_AUDIENCE: z.string().min(1).max(512).optional(),
    OPERATOR_ID_CLAIM: claimName.default('sub'),
    OPERATOR_NAME_CLAIM: claimName.default('name'),
    OPERATOR_JWKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
    OPERATOR_JWT_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  })
  .superRefine((e, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const keys = e.OPERATOR_JWKS_FILE !== undefined || e.OPERATOR_JWKS_URL !== undefined;
    if (e.OPERATOR_JWKS_FILE !== undefined && e.OPERATOR_JWKS_URL !== undefined)
      problem('OPERATOR_JWKS_URL', 'set OPERATOR_JWKS_FILE or OPERATOR_JWKS_URL, not both');
    if (!keys && (e.OPERATOR_JWT_ISSUER !== undefined || e.OPERATOR_JWT_AUDIENCE !== undefined)) {
      problem(
        'OPERATOR_JWKS_FILE',
        "the identity provider's public keys are needed to check its tokens: set OPERATOR_JWKS_FILE or OPERATOR_JWKS_URL",
      );
    }
    if (keys && e.OPERATOR_JWT_ISSUER === undefined)
      problem('OPERATOR_JWT_ISSUER', 'required with OPERATOR_JWKS_*: the iss the identity provider writes in its tokens');
    if (keys && e.OPERATOR_JWT_AUDIENCE === undefined)
      problem('OPERATOR_JWT_AUDIENCE', 'required with OPERATOR_JWKS_*: the aud its tokens carry for this platform');
    if (e.NODE_ENV === 'production' && e.OPERATOR_JWKS_URL?.startsWith('http:'))
      problem('OPERATOR_JWKS_URL', 'must be https with NODE_ENV=production (the keys decide who is verified)');
  });

/**
 * `<NAME>_SUBGRAPH_URL`: one http(s) URL, or several separated by commas — the replicas of the
 * subgraph, among which the gateway spreads its requests. Spaces around a comma are allowed; a URL
 * given twice counts once (it would otherwise get twice the share and be retried on itself).
 */
const urlList = (port: number) =>
  z
    .string()
    .default(`http://127.0.0.1:${port}/`)
    .transform((value, ctx) => {
      const items = value.split(',').map((s) => s.trim());
      const urls: string[] = [];
      const seen = new Set<string>();
      const several = items.length > 1;
      items.forEach((item, i) => {
        const which = several ? `entry ${i + 1} of ${items.length} ("${item}")` : `"${item}"`;
        const problem = (why: string) =>
          ctx.addIssue({ code: 'custom', message: `${which} ${why}: give the subgraph's URL, or one URL per replica separated by commas` });
        if (item === '') return problem('is empty');
        let u: URL;
        try {
          u = new URL(item);
        } catch {
          return problem('is not a URL');
        }
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return problem('is not an http(s) URL');
        if (seen.has(u.href)) return;
        seen.add(u.href);
        urls.push(item);
      });
      return urls;
    });

/**
 * Gateway configuration from the environment: `PORT` (4000), `HOST` (127.0.0.1),
 * `CREDIT_SUBGRAPH_URL` … `ECONOMY_SUBGRAPH_URL` (each one URL or a comma-separated list of replicas), `SUBGRAPH_TIMEOUT_MS`, `MAX_BODY_BYTES`,
 * `REQUEST_DEADLINE_MS`, `SUBGRAPH_SHARED_SECRET`, `AUDIT_LOG_PATH`, `NODE_ENV`, `QUERY_MAX_*`,
 * `VERIFY_RATE_PER_MINUTE`, `VERIFY_BASE_URL`, and the identity provider for operator tokens
 * (`OPERATOR_JWKS_FILE` | `OPERATOR_JWKS_URL`, `OPERATOR_JWT_*`, `OPERATOR_*_CLAIM`; see
 * `GatewayConfig.operatorTokens`).
 * Callers and purposes come from `loadCallersConfig` (`CALLERS_FILE`, or the development default).
 * Pure; throws one message naming every bad variable.
 */
export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const schema = z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(4500),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(256 * 1024),
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
    BULK_JOBS_DIR: z.string().min(1).optional(),
    BULK_JOB_MAX_CODES: z.coerce.number().int().min(1).max(100_000).default(10_000),
    BULK_JOB_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    // A chunk is one audit record, which lists at most 1,000 codes.
    BULK_JOB_CHUNK_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
    BULK_JOB_DEADLINE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
    BULK_JOB_EVENTS_PER_CALLER: z.coerce.number().int().min(1).max(100).default(4),
    // Renewed every third of it: long enough to ride out a slow statement, short enough to resume soon.
    BULK_JOB_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        try {
          new TrustedProxies(listOf(v));
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `${(err as Error).message}: give IP addresses or CIDR blocks, comma-separated, e.g. 172.28.0.10` });
        }
      }),
    REPLICA_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.:@/-]{1,100}$/, 'letters, digits and _ . : @ / - (at most 100), e.g. gateway-1')
      .optional(),
  });
  // One `<NAME>_SUBGRAPH_URL` per subgraph the registry gives.
  const urls = z.object(
    Object.fromEntries(SUBGRAPH_NAMES.map((n) => [urlVariable(n), urlList(SUBGRAPHS[n])])) as Record<string, ReturnType<typeof urlList>>,
  );
  const [d, secret, u, o, e] = parseEnv('the gateway', env, schema, sharedSecretSchema, urls, operatorSchema, enginesEnvSchema);
  return {
    http: { port: d.PORT, host: d.HOST },
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, u[urlVariable(n)] as string[]])) as Record<SubgraphName, string[]>,
    subgraphTimeoutMs: d.SUBGRAPH_TIMEOUT_MS,
    maxBodyBytes: d.MAX_BODY_BYTES,
    requestDeadlineMs: d.REQUEST_DEADLINE_MS,
    sharedSecret: secret.SUBGRAPH_SHARED_SECRET,
    auditLogPath: d.AUDIT_LOG_PATH,
    engines: enginesConfig(e),
    trustedProxies: listOf(d.TRUSTED_PROXIES),
    ...(d.REPLICA_NAME ? { replicaName: d.REPLICA_NAME } : {}),
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
    jobs: {
      ...(d.BULK_JOBS_DIR ? { dir: d.BULK_JOBS_DIR } : {}),
      maxCodes: d.BULK_JOB_MAX_CODES,
      maxBodyBytes: d.BULK_JOB_MAX_BODY_BYTES,
      chunkSize: d.BULK_JOB_CHUNK_SIZE,
      deadlineMs: d.BULK_JOB_DEADLINE_MS,
      eventsPerCaller: d.BULK_JOB_EVENTS_PER_CALLER,
      leaseMs: d.BULK_JOB_LEASE_MS,
    },
    operatorTokens:
      o.OPERATOR_JWKS_FILE === undefined && o.OPERATOR_JWKS_URL === undefined
        ? null
        : {
            jwks:
              o.OPERATOR_JWKS_FILE !== undefined
                ? { kind: 'file', path: o.OPERATOR_JWKS_FILE }
                : { kind: 'url', url: o.OPERATOR_JWKS_URL!, timeoutMs: o.OPERATOR_JWKS_TIMEOUT_MS },
            issuer: o.OPERATOR_JWT_ISSUER!,
            audience: o.OPERATOR_JWT_AUDIENCE!,
            idClaim: o.OPERATOR_ID_CLAIM,
            nameClaim: o.OPERATOR_NAME_CLAIM,
            clockToleranceSeconds: o.OPERATOR_JWT_CLOCK_TOLERANCE_S,
          },
  };
}
