import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { hashApiKey, KEY_HASH_PATTERN } from './api-key.js';
import { OPERATOR_POLICIES, type OperatorPolicy } from './operator.js';

/**
 * What a caller may see.
 * - `credit:read` — enterprise credit data (the ordinary check).
 * - `pii:id-number` — unmasked ID numbers of legal representatives and natural persons
 *   (GB/T 35273 sensitive data). No development caller has it: see `DEV_CALLERS`.
 * - `history:read` — removed, repaired or expired records (信用修复后/已移出/已过公示期).
 * - `bulk:read` — the `enterprises` list queries.
 * - `audit:read` — the auditors' API over the 查询留痕 log.
 */
export const SCOPES = ['credit:read', 'pii:id-number', 'history:read', 'bulk:read', 'audit:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** 政务服务大厅 / 公共资源交易平台 / 信用报告开发方 / 审计 */
export const CALLER_KINDS = ['SERVICE_HALL', 'TRADING_PLATFORM', 'REPORT_DEVELOPER', 'AUDITOR'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/** 查询事由 — why a query is made. Sent as `X-Query-Purpose: <code>`. */
export interface Purpose {
  code: string;
  nameZh: string;
  nameEn: string;
  /** The purpose needs `X-Query-Reference` (application or tender number). Default false. */
  referenceRequired: boolean;
}

/** A configured system that calls the gateway. */
export interface Caller {
  /** Stable id, written in every audit record. */
  id: string;
  /** Display name (organisation), written in every audit record. */
  name: string;
  kind: CallerKind;
  scopes: readonly Scope[];
  /** Purpose codes this caller may give. */
  purposes: readonly string[];
  /**
   * What it must say about the person operating each check (经办人): `optional` (default),
   * `required` (`X-Operator` or `X-Operator-Token`), `verified` (`X-Operator-Token` only).
   */
  operator: OperatorPolicy;
}

/** A caller as configured: with the hashes of its keys (more than one while a key is rotated). */
export interface CallerConfig extends Caller {
  keyHashes: readonly string[];
}

export interface CallersConfig {
  callers: readonly CallerConfig[];
  purposes: readonly Purpose[];
  /** Development keys (published in the source) are in use: print `warning()` at start-up. */
  development: boolean;
  /** HMAC secret for signed tokens (`AUTH_TOKEN_SECRET`); `null` = tokens not accepted. */
  tokens: { secret: string } | null;
  /** The text to print loudly at start-up when development keys are in use; `null` otherwise. */
  warning(): string | null;
}

/** The configuration is unusable; `problems` lists every one of them. */
export class CallersConfigError extends Error {
  readonly code = 'CALLERS_CONFIG_INVALID' as const;
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid callers configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix CALLERS_FILE (JSON: { purposes?, callers: [{ id, name, kind, keyHashes, scopes, purposes, operator? }] }). ' +
        'Make a key and its hash with generateApiKey() from gateway/auth.',
    );
    this.name = 'CallersConfigError';
  }
}

/** The embedded 查询事由 list, used when `CALLERS_FILE` gives none. */
export const DEFAULT_PURPOSES: readonly Purpose[] = [
  { code: 'ADMINISTRATIVE_LICENSING', nameZh: '行政许可审批', nameEn: 'Administrative licensing', referenceRequired: false },
  { code: 'BIDDER_CHECK', nameZh: '投标人资格审查', nameEn: 'Bidder eligibility check', referenceRequired: false },
  { code: 'GOVERNMENT_PROCUREMENT', nameZh: '政府采购供应商审查', nameEn: 'Government procurement supplier check', referenceRequired: false },
  { code: 'FISCAL_FUNDS', nameZh: '财政性资金安排', nameEn: 'Fiscal funds and subsidies', referenceRequired: false },
  { code: 'HONORS', nameZh: '评先评优', nameEn: 'Honours and awards', referenceRequired: false },
  { code: 'STATE_LAND_TRANSFER', nameZh: '国有土地使用权出让', nameEn: 'Transfer of state-owned land use rights', referenceRequired: false },
  { code: 'CREDIT_REPORT', nameZh: '信用报告编制', nameEn: 'Credit report preparation', referenceRequired: false },
  { code: 'AUDIT', nameZh: '查询留痕审计', nameEn: 'Audit of the query log', referenceRequired: false },
];

/** The development keys and the variables that override them. */
export const DEV_KEYS: Readonly<Record<CallerKind, { key: string; env: string }>> = {
  SERVICE_HALL: { key: 'dev-service-hall', env: 'DEV_KEY_SERVICE_HALL' },
  TRADING_PLATFORM: { key: 'dev-trading-platform', env: 'DEV_KEY_TRADING_PLATFORM' },
  REPORT_DEVELOPER: { key: 'dev-report-developer', env: 'DEV_KEY_REPORT_DEVELOPER' },
  AUDITOR: { key: 'dev-auditor', env: 'DEV_KEY_AUDITOR' },
};

/**
 * The embedded development callers, one of each kind. Nobody gets `pii:id-number`, not even
 * the auditor: auditors check *who* saw ID numbers (in the audit log), they do not need the
 * numbers themselves, and a development default should never show unmasked personal data. A
 * production caller with a statutory need gets it explicitly in `CALLERS_FILE`.
 */
export const DEV_CALLERS: readonly Caller[] = [
  {
    id: 'dev-service-hall',
    name: '开发用政务服务大厅 (development service hall)',
    kind: 'SERVICE_HALL',
    scopes: ['credit:read', 'history:read'],
    purposes: ['ADMINISTRATIVE_LICENSING', 'GOVERNMENT_PROCUREMENT', 'FISCAL_FUNDS', 'HONORS', 'STATE_LAND_TRANSFER'],
    operator: 'optional',
  },
  {
    id: 'dev-trading-platform',
    name: '开发用公共资源交易平台 (development trading platform)',
    kind: 'TRADING_PLATFORM',
    scopes: ['credit:read', 'bulk:read'],
    purposes: ['BIDDER_CHECK', 'GOVERNMENT_PROCUREMENT'],
    operator: 'optional',
  },
  {
    id: 'dev-report-developer',
    name: '开发用信用报告开发方 (development report developer)',
    kind: 'REPORT_DEVELOPER',
    scopes: ['credit:read', 'history:read', 'bulk:read'],
    purposes: ['CREDIT_REPORT'],
    operator: 'optional',
  },
  {
    id: 'dev-auditor',
    name: '开发用审计方 (development auditor)',
    kind: 'AUDITOR',
    scopes: ['audit:read', 'credit:read', 'history:read'],
    purposes: ['AUDIT'],
    operator: 'optional',
  },
];

const keyText = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(512)
  .regex(/^[A-Za-z0-9\-._~+/]+=*$/, 'may only hold A–Z a–z 0–9 - . _ ~ + / (and trailing =)');

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  CALLERS_FILE: z.string().min(1).optional(),
  DEV_KEY_SERVICE_HALL: keyText.optional(),
  DEV_KEY_TRADING_PLATFORM: keyText.optional(),
  DEV_KEY_REPORT_DEVELOPER: keyText.optional(),
  DEV_KEY_AUDITOR: keyText.optional(),
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters (use 32 random bytes, base64)').optional(),
});

const code = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'must be an upper-case code such as BIDDER_CHECK');

const fileSchema = z
  .object({
    purposes: z
      .array(
        z
          .object({
            code,
            nameZh: z.string().min(1).max(64),
            nameEn: z.string().min(1).max(128),
            referenceRequired: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    callers: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be lower-case letters, digits, . _ - (at most 64)'),
            name: z.string().min(1).max(256),
            kind: z.enum(CALLER_KINDS),
            keyHashes: z.array(z.string().regex(KEY_HASH_PATTERN, "must be 'sha256:' and 64 lower-case hex digits (a hash, never the key)")).max(8),
            scopes: z.array(z.enum(SCOPES)).min(1),
            purposes: z.array(code),
            /** What it must say about the operator of each check (经办人); default optional. */
            operator: z.enum(OPERATOR_POLICIES).default('optional'),
            /** Keep the entry but refuse its keys. */
            disabled: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const issuePath = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(root)';

/**
 * Callers, purposes and token settings from the environment. Pure apart from reading
 * `CALLERS_FILE`; throws `CallersConfigError` listing every problem.
 *
 * - `CALLERS_FILE`: JSON file of callers (key hashes only) and optionally purposes.
 * - unset: the embedded development callers with keys `dev-service-hall`, `dev-trading-platform`,
 *   `dev-report-developer`, `dev-auditor` (overridable by `DEV_KEY_SERVICE_HALL`,
 *   `DEV_KEY_TRADING_PLATFORM`, `DEV_KEY_REPORT_DEVELOPER`, `DEV_KEY_AUDITOR`).
 * - `NODE_ENV=production`: refuses the embedded callers and any configured key equal to a
 *   development key.
 * - `AUTH_TOKEN_SECRET` (≥ 32 characters): accept signed tokens as well as keys.
 */
export function loadCallersConfig(env: Record<string, string | undefined> = process.env): CallersConfig {
  const problems: string[] = [];
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) {
    for (const i of parsedEnv.error.issues) problems.push(`${issuePath(i.path)}: ${i.message}`);
    throw new CallersConfigError(problems);
  }
  const e = parsedEnv.data;
  const production = e.NODE_ENV === 'production';

  const devKeyOf = (kind: CallerKind) => e[DEV_KEYS[kind].env as keyof typeof e] ?? DEV_KEYS[kind].key;
  // Both the published defaults and any overrides count as development keys.
  const devHashes = new Set<string>();
  for (const kind of CALLER_KINDS) {
    devHashes.add(hashApiKey(DEV_KEYS[kind].key));
    devHashes.add(hashApiKey(devKeyOf(kind)));
  }

  let callers: CallerConfig[];
  let purposes: Purpose[];
  let development: boolean;

  if (e.CALLERS_FILE === undefined) {
    if (production) {
      problems.push(
        'CALLERS_FILE: not set, and NODE_ENV=production refuses the embedded development callers (their keys are published). Set CALLERS_FILE to the production callers file.',
      );
    }
    purposes = DEFAULT_PURPOSES.map((p) => ({ ...p }));
    callers = DEV_CALLERS.map((c) => ({ ...c, keyHashes: [hashApiKey(devKeyOf(c.kind))] }));
    development = true;
  } else {
    const file = readCallersFile(e.CALLERS_FILE, problems);
    purposes = file?.purposes ? file.purposes.map((p) => ({ ...p })) : DEFAULT_PURPOSES.map((p) => ({ ...p }));
    callers = [];
    development = false;
    if (file) {
      const purposeCodes = new Set<string>();
      for (const [i, p] of purposes.entries()) {
        if (purposeCodes.has(p.code)) problems.push(`purposes.${i}.code: ${p.code} is listed twice`);
        purposeCodes.add(p.code);
      }
      const ids = new Set<string>();
      const hashOwners = new Map<string, string>();
      for (const [i, c] of file.callers.entries()) {
        if (ids.has(c.id)) problems.push(`callers.${i}.id: ${c.id} is used by another caller`);
        ids.add(c.id);
        for (const [j, p] of c.purposes.entries()) {
          if (!purposeCodes.has(p)) problems.push(`callers.${i}.purposes.${j}: ${p} is not a configured purpose`);
        }
        for (const [j, h] of c.keyHashes.entries()) {
          const owner = hashOwners.get(h);
          if (owner !== undefined) problems.push(`callers.${i}.keyHashes.${j}: the same key is also given to ${owner}`);
          hashOwners.set(h, c.id);
          if (devHashes.has(h)) {
            if (production) {
              problems.push(`callers.${i}.keyHashes.${j}: ${c.id} uses a development key, refused with NODE_ENV=production; generate a new key`);
            }
            development = true;
          }
        }
        if (!c.disabled) {
          const { disabled: _d, ...caller } = c;
          callers.push(caller);
        }
      }
    }
  }

  if (problems.length > 0) throw new CallersConfigError(problems);

  const devCallers = callers.filter((c) => c.keyHashes.some((h) => devHashes.has(h)));
  return {
    callers,
    purposes,
    development,
    tokens: e.AUTH_TOKEN_SECRET ? { secret: e.AUTH_TOKEN_SECRET } : null,
    warning() {
      if (!development) return null;
      const bar = '!'.repeat(78);
      return [
        bar,
        '!!  DEVELOPMENT API KEYS IN USE — 正在使用开发用 API 密钥',
        `!!  Callers: ${devCallers.map((c) => c.id).join(', ')}`,
        '!!  These keys are published in the source code: anyone can call this gateway as these callers.',
        '!!  以上调用方的密钥已在源代码中公开，任何人都可以冒用。切勿用于真实用户或真实数据。',
        '!!  For real use set CALLERS_FILE (key hashes from generateApiKey()) and NODE_ENV=production.',
        bar,
      ].join('\n');
    },
  };
}

function readCallersFile(path: string, problems: string[]): z.infer<typeof fileSchema> | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push(`CALLERS_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    problems.push(`CALLERS_FILE: ${path} is not valid JSON (${(err as Error).message})`);
    return null;
  }
  const r = fileSchema.safeParse(json);
  if (!r.success) {
    for (const i of r.error.issues) problems.push(`${issuePath(i.path)}: ${i.message}`);
    return null;
  }
  return r.data;
}
