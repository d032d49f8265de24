import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { acceptableOperatorId, MAX_OPERATOR_NAME_LENGTH, type Operator, type OperatorTokenReason } from './operator.js';

/**
 * Where the identity provider's public keys are, and what its tokens must say. Built by
 * `loadGatewayConfig` from `OPERATOR_JWKS_FILE` or `OPERATOR_JWKS_URL`, `OPERATOR_JWT_ISSUER`,
 * `OPERATOR_JWT_AUDIENCE`, `OPERATOR_ID_CLAIM`, `OPERATOR_NAME_CLAIM`.
 */
export interface OperatorTokenConfig {
  /** A JWKS file (re-read when a token names a key it does not hold and the file has changed), or a JWKS URL. */
  jwks: { kind: 'file'; path: string } | { kind: 'url'; url: string; timeoutMs: number };
  /** `iss` every token must carry. */
  issuer: string;
  /** `aud` every token must carry (this platform's client id at the identity provider). */
  audience: string;
  /** The claim holding the operator's id (工号). Default `sub`. */
  idClaim: string;
  /** The claim holding the operator's name (姓名), if the provider sends one. Default `name`. */
  nameClaim: string;
  /** Clock skew allowed on `exp`, `nbf`, `iat`, in seconds. Default 30. */
  clockToleranceSeconds: number;
}

/** The only signature algorithms accepted: no `none`, no HMAC (a public key must never work as a shared secret). */
export const OPERATOR_TOKEN_ALGORITHMS = ['RS256', 'ES256'] as const;
/** Longest token accepted, in characters. */
export const MAX_OPERATOR_TOKEN_LENGTH = 8192;

export type OperatorTokenCheck = { ok: true; operator: Operator } | { ok: false; reason: OperatorTokenReason | 'KEYS_UNAVAILABLE' };

/** Checks `X-Operator-Token`s against the identity provider's keys. */
export interface OperatorTokenVerifier {
  verify(token: string): Promise<OperatorTokenCheck>;
  /** Where the keys come from, for the start-up log (`file <path>` or `url <url>`). */
  readonly source: string;
}

/** The keys could not be read (the JWKS URL failed, or a changed JWKS file is unreadable): not the token's fault. */
class KeysUnavailable extends Error {}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * The JWKS in a file, checked: JSON `{ "keys": [...] }` with at least one RSA or P-256 EC public
 * key. A private key (or a symmetric one) in the file is refused — it would mean the signing key
 * was copied onto the gateway. Throws an `Error` naming every problem.
 */
export function readJwksFile(path: string): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`OPERATOR_JWKS_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`OPERATOR_JWKS_FILE: ${path} is not valid JSON (${(err as Error).message})`);
  }
  const problems = jwksProblems(json);
  if (problems.length) throw new Error(`OPERATOR_JWKS_FILE: ${path} is not a usable JWKS:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return json as JSONWebKeySet;
}

/** What is wrong with a JWKS document (empty when it is usable). */
export function jwksProblems(json: unknown): string[] {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { keys?: unknown }).keys))
    return ['expected { "keys": [ …public JWKs… ] }'];
  const keys = (json as { keys: unknown[] }).keys;
  if (keys.length === 0) return ['"keys" is empty'];
  const problems: string[] = [];
  let usable = 0;
  keys.forEach((k, i) => {
    if (typeof k !== 'object' || k === null) {
      problems.push(`keys.${i}: not an object`);
      return;
    }
    const key = k as Record<string, unknown>;
    const secret = PRIVATE_MEMBERS.filter((m) => m in key);
    if (secret.length)
      problems.push(
        `keys.${i}${key.kid ? ` (kid ${String(key.kid)})` : ''}: holds private or symmetric key material (${secret.join(', ')}); publish only the public key`,
      );
    else if ((key.kty === 'RSA' && typeof key.n === 'string' && typeof key.e === 'string') || (key.kty === 'EC' && key.crv === 'P-256')) usable++;
  });
  if (problems.length === 0 && usable === 0) problems.push('no RSA or P-256 EC public key (RS256 / ES256)');
  return problems;
}

/** Errors a key lookup may throw that are about the token, not about reaching the keys. */
function isAboutTheToken(err: unknown): boolean {
  return (
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JOSENotSupported ||
    err instanceof errors.JWSInvalid
  );
}

/** The key lookup for a JWKS file, re-reading the file when a token names a key it lacks and the file has changed (key rotation). */
function fileKeys(path: string): JWTVerifyGetKey {
  let keys = createLocalJWKSet(readJwksFile(path));
  let loadedAt = statSync(path).mtimeMs;
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
      let changed: number;
      try {
        changed = (await stat(path)).mtimeMs;
      } catch {
        throw new KeysUnavailable();
      }
      if (changed === loadedAt) throw err;
      try {
        keys = createLocalJWKSet(readJwksFile(path));
      } catch {
        // A file half-way through being replaced, or broken: the old keys stay in use.
        throw new KeysUnavailable();
      }
      loadedAt = changed;
      return await keys(header, token);
    }
  };
}

/** The key lookup for a JWKS URL: cached 10 minutes, fetched again for an unknown key at most every 30 s. */
function urlKeys(url: string, timeoutMs: number): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(url), { timeoutDuration: timeoutMs, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      if (isAboutTheToken(err)) throw err;
      // Not 200, not JSON, not a JWKS, a timeout, a refused connection.
      throw new KeysUnavailable();
    }
  };
}

/** A control-free, bounded name from a token claim (the provider is trusted for who; the record still stays tidy). */
function nameFrom(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const clean = value
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .trim()
    .replace(/\s{2,}/g, ' ');
  if (clean === '') return null;
  if (clean.length <= MAX_OPERATOR_NAME_LENGTH) return clean;
  // Cut whole characters (never half a surrogate pair) and mark the cut.
  let cut = '';
  for (const ch of clean) {
    if (cut.length + ch.length > MAX_OPERATOR_NAME_LENGTH - 1) break;
    cut += ch;
  }
  return `${cut}…`;
}

/** Why jose refused a token, as the reason the client is told. */
function reasonOf(err: unknown): OperatorTokenReason | 'KEYS_UNAVAILABLE' {
  if (err instanceof KeysUnavailable) return 'KEYS_UNAVAILABLE';
  if (err instanceof errors.JWTExpired) return 'EXPIRED';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'WRONG_ISSUER';
    if (err.claim === 'aud') return 'WRONG_AUDIENCE';
    if (err.claim === 'nbf') return 'NOT_YET_VALID';
    return 'INVALID_CLAIMS';
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return 'UNKNOWN_KEY';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'BAD_SIGNATURE';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'ALGORITHM_NOT_ALLOWED';
  return 'MALFORMED';
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * A verifier of operator tokens: signature (RS256 or ES256 only) by a key of the configured JWKS,
 * `iss` and `aud` as configured, `exp` required and not passed, `nbf` reached, and an acceptable
 * operator id in the configured claim. Reading a JWKS file happens here, so a bad file stops the
 * gateway at start-up (the `Error` names the problem); a JWKS URL is fetched on first use.
 */
export function createOperatorTokenVerifier(config: OperatorTokenConfig, options: { now?: () => Date } = {}): OperatorTokenVerifier {
  const keys = config.jwks.kind === 'file' ? fileKeys(config.jwks.path) : urlKeys(config.jwks.url, config.jwks.timeoutMs);
  return {
    source: config.jwks.kind === 'file' ? `file ${config.jwks.path}` : `url ${config.jwks.url}`,
    async verify(token) {
      if (token.length > MAX_OPERATOR_TOKEN_LENGTH || !COMPACT_JWS.test(token)) return { ok: false, reason: 'MALFORMED' };
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: [...OPERATOR_TOKEN_ALGORITHMS],
          issuer: config.issuer,
          audience: config.audience,
          requiredClaims: ['exp'],
          clockTolerance: config.clockToleranceSeconds,
          ...(options.now ? { currentDate: options.now() } : {}),
        }));
      } catch (err) {
        return { ok: false, reason: reasonOf(err) };
      }
      const rawId = payload[config.idClaim];
      // An employee number may come as a JSON number; anything else must be a string id.
      const id =
        typeof rawId === 'string'
          ? acceptableOperatorId(rawId)
          : typeof rawId === 'number' && Number.isSafeInteger(rawId)
            ? acceptableOperatorId(String(rawId))
            : null;
      if (id === null) return { ok: false, reason: 'MISSING_CLAIM' };
      return { ok: true, operator: { id, name: nameFrom(payload[config.nameClaim]), how: 'verified' } };
    },
  };
}
