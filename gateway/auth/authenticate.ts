import { createHash, timingSafeEqual } from 'node:crypto';
import { keyHashDigest } from './api-key.js';
import type { Caller, CallerConfig, CallersConfig, Scope } from './callers-config.js';
import { singleHeader, type RequestHeaders } from './headers.js';
import { looksLikeToken, verifyToken } from './token.js';
import type { ErrorCodeSubset } from '../../common/error-codes.js';

/** The caller of this request. */
export interface AuthenticatedCaller extends Caller {
  /** How it proved who it is. With a token, `scopes` may be narrower than the caller's own. */
  via: 'API_KEY' | 'TOKEN';
}

/** Why authentication failed (for logs and metrics; the client sees only `code` and `message`). */
export type AuthFailureReason = 'MISSING' | 'WRONG_SCHEME' | 'MALFORMED' | 'INVALID_CREDENTIALS' | 'EXPIRED_TOKEN';

export type AuthResult =
  { ok: true; caller: AuthenticatedCaller } | { ok: false; code: ErrorCodeSubset<'UNAUTHENTICATED'>; reason: AuthFailureReason; message: string };

/** Fixed bilingual messages. None of them repeats anything the client sent. */
const MESSAGES: Record<AuthFailureReason, string> = {
  MISSING: 'Authentication required: send Authorization: Bearer <API key>. / 需要身份认证：请在 Authorization 请求头中提供 Bearer API 密钥。',
  WRONG_SCHEME:
    'Unsupported authorization scheme: use Authorization: Bearer <API key>. / 不支持的认证方式：请使用 Authorization: Bearer <API 密钥>。',
  MALFORMED: 'Malformed Authorization header: send exactly one Bearer credential. / Authorization 请求头格式错误：只能包含一个 Bearer 凭据。',
  INVALID_CREDENTIALS: 'The API key or token is not valid. / API 密钥或令牌无效。',
  EXPIRED_TOKEN: 'The token has expired: request a new one. / 令牌已过期，请重新获取。',
};

const fail = (reason: AuthFailureReason): AuthResult => ({ ok: false, code: 'UNAUTHENTICATED', reason, message: MESSAGES[reason] });

/** RFC 6750 b64token; length capped so nobody makes us hash megabytes. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,4096}=*) *$/i;

interface KeyEntry {
  digest: Buffer;
  caller: CallerConfig;
}
const keyTables = new WeakMap<CallersConfig, KeyEntry[]>();

function keyTable(config: CallersConfig): KeyEntry[] {
  let table = keyTables.get(config);
  if (!table) {
    table = config.callers.flatMap((caller) => caller.keyHashes.map((h) => ({ digest: keyHashDigest(h), caller })));
    keyTables.set(config, table);
  }
  return table;
}

function publicCaller(c: CallerConfig, via: AuthenticatedCaller['via'], scopes: readonly Scope[] = c.scopes): AuthenticatedCaller {
  return { id: c.id, name: c.name, kind: c.kind, scopes: [...scopes], purposes: [...c.purposes], operator: c.operator, via };
}

/**
 * Who is calling: `Authorization: Bearer <API key>` (or a signed token when `config.tokens` is set).
 *
 * The key's sha256 is compared with *every* configured key hash using `timingSafeEqual`, with no
 * early exit, so an unknown key costs exactly what a known one costs and the time reveals
 * nothing about which hashes exist.
 */
export function authenticate(headers: RequestHeaders, config: CallersConfig, now: Date = new Date()): AuthResult {
  const value = singleHeader(headers, 'authorization');
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return fail('MISSING');
  if (typeof value !== 'string') return fail('MALFORMED');
  const match = BEARER.exec(value.trim());
  if (!match) {
    return /^bearer(\s|$)/i.test(value.trim()) ? fail('MALFORMED') : fail('WRONG_SCHEME');
  }
  const credential = match[1]!;

  if (config.tokens && looksLikeToken(credential)) {
    const checked = verifyToken(credential, config.tokens.secret, now);
    if (!checked.ok) return fail(checked.reason);
    const caller = config.callers.find((c) => c.id === checked.sub);
    if (!caller) return fail('INVALID_CREDENTIALS');
    const scopes = checked.scopes ? caller.scopes.filter((s) => checked.scopes!.includes(s)) : caller.scopes;
    return { ok: true, caller: publicCaller(caller, 'TOKEN', scopes) };
  }

  const digest = createHash('sha256').update(credential, 'utf8').digest();
  let found: CallerConfig | null = null;
  for (const entry of keyTable(config)) {
    // Bitwise `|`-style selection: every entry is compared whatever happened before.
    const same = timingSafeEqual(digest, entry.digest);
    found = same ? entry.caller : found;
  }
  if (!found) return fail('INVALID_CREDENTIALS');
  return { ok: true, caller: publicCaller(found, 'API_KEY') };
}

/** Whether the caller holds `scope`. */
export function hasScope(caller: Pick<Caller, 'scopes'>, scope: Scope): boolean {
  return caller.scopes.includes(scope);
}
