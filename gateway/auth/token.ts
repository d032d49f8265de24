import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SCOPES, type Scope } from './callers-config.js';

/**
 * Optional signed tokens: a compact HS256 JWT (`header.payload.signature`, base64url) with
 * `sub` (caller id), `exp` (seconds since the epoch) and optionally `scope` (space-separated,
 * narrows the caller's scopes). For short-lived delegation, e.g. a report developer's batch
 * job, without handing out the long-lived key. Signed with `AUTH_TOKEN_SECRET`.
 */
export interface TokenClaims {
  /** Caller id. */
  sub: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Issued at, seconds since the epoch. */
  iat?: number;
  /** Narrower scopes than the caller's own; omitted = all of the caller's. */
  scopes?: readonly Scope[];
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const payloadSchema = z.object({
  sub: z.string().min(1).max(128),
  exp: z.number().int().positive(),
  iat: z.number().int().positive().optional(),
  scope: z.string().max(512).optional(),
});

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

/** Issue a token for `claims.sub`, valid until `claims.exp`. */
export function signToken(claims: TokenClaims, secret: string): string {
  const payload = {
    sub: claims.sub,
    exp: claims.exp,
    ...(claims.iat !== undefined ? { iat: claims.iat } : {}),
    ...(claims.scopes ? { scope: claims.scopes.join(' ') } : {}),
  };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

/** Looks like a JWT (three base64url parts): decides which check `authenticate` runs. */
export function looksLikeToken(credential: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(credential);
}

export type TokenCheck = { ok: true; sub: string; scopes: Scope[] | null } | { ok: false; reason: 'INVALID_CREDENTIALS' | 'EXPIRED_TOKEN' };

/** Check signature (constant time), algorithm (only HS256: no `none`, no key confusion) and expiry. */
export function verifyToken(token: string, secret: string, now: Date): TokenCheck {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return { ok: false, reason: 'INVALID_CREDENTIALS' };
  const expected = sign(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  const validSignature = given.length === expected.length && timingSafeEqual(given, expected);
  if (!validSignature || header !== HEADER) return { ok: false, reason: 'INVALID_CREDENTIALS' };
  let claims: z.infer<typeof payloadSchema>;
  try {
    claims = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'INVALID_CREDENTIALS' };
  }
  if (claims.exp * 1000 <= now.getTime()) return { ok: false, reason: 'EXPIRED_TOKEN' };
  let scopes: Scope[] | null = null;
  if (claims.scope !== undefined) {
    const parts = claims.scope.split(' ').filter(Boolean);
    if (!parts.every((s): s is Scope => (SCOPES as readonly string[]).includes(s))) return { ok: false, reason: 'INVALID_CREDENTIALS' };
    scopes = parts;
  }
  return { ok: true, sub: claims.sub, scopes };
}
