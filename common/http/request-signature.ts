import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Gateway → subgraph request signature. Subgraphs accept requests only from the gateway: the
 * gateway signs `<timestamp>.<body>` with a shared secret (HMAC-SHA256) in
 * `x-gateway-signature: t=<ms>,v1=<hex>`; a subgraph checks the MAC in constant time and refuses
 * a timestamp more than `toleranceMs` away (replays of old requests).
 */
export const SIGNATURE_HEADER = 'x-gateway-signature';
/** The gateway's request deadline (epoch ms), so subgraphs stop waiting for legacy systems in time. */
export const DEADLINE_HEADER = 'x-request-deadline';
/** The measures catalogue version the credit subgraph answered under (URI-encoded); the gateway audits it. */
export const CATALOGUE_VERSION_HEADER = 'x-catalogue-version';
/** The development secret; refused in production. */
export const DEV_SUBGRAPH_SECRET = 'dev-subgraph-secret-not-for-production';

export function signRequest(secret: string, body: string | Buffer, now = Date.now()): string {
  const mac = createHmac('sha256', secret).update(`${now}.`).update(body).digest('hex');
  return `t=${now},v1=${mac}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'MISSING' | 'MALFORMED' | 'EXPIRED' | 'MISMATCH' };

export function verifyRequest(secret: string, header: string | undefined, body: Buffer, now = Date.now(), toleranceMs = 60_000): SignatureCheck {
  if (!header) return { ok: false, reason: 'MISSING' };
  const m = /^t=(\d{10,16}),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return { ok: false, reason: 'MALFORMED' };
  const t = Number(m[1]);
  if (Math.abs(now - t) > toleranceMs) return { ok: false, reason: 'EXPIRED' };
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  const given = Buffer.from(m[2]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'MISMATCH' };
}
