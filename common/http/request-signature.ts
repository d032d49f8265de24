import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Gateway → subgraph request signature. Subgraphs accept requests only from the gateway: the
 * gateway signs `<timestamp>.<nonce>.<body>` with a shared secret (HMAC-SHA256) in
 * `x-gateway-signature: t=<ms>,n=<nonce>,v1=<hex>`. A subgraph checks the MAC in constant time,
 * refuses a timestamp more than `toleranceMs` away, and refuses a nonce it has already accepted
 * within that window — so a captured request cannot be sent again (issue 14: before nonces, the same
 * signature and body were answered for 60 s).
 */
export const SIGNATURE_HEADER = 'x-gateway-signature';
/** The gateway's request deadline (epoch ms), so subgraphs stop waiting for legacy systems in time. */
export const DEADLINE_HEADER = 'x-request-deadline';
/** The measures catalogue version the credit subgraph answered under (URI-encoded); the gateway audits it. */
export const CATALOGUE_VERSION_HEADER = 'x-catalogue-version';
/**
 * The secret the in-process test stacks and unit tests sign with, and what a service falls back to
 * when `SUBGRAPH_SHARED_SECRET` is unset outside production. It is published in this file, so anyone
 * who can reach a subgraph can sign with it: `npm start` never uses it (it generates a random secret
 * for the processes it starts), and production refuses it.
 */
export const DEV_SUBGRAPH_SECRET = 'dev-subgraph-secret-not-for-production';
/** How far a signature's timestamp may be from the subgraph's clock. */
export const SIGNATURE_TOLERANCE_MS = 60_000;

/**
 * Sign a subgraph request body. Every call draws a fresh random nonce unless one is given, so a
 * retry is a new signature, never a replay. The name and the first three parameters are those the
 * gateway (and the Hive Gateway benchmark config) have always called.
 */
export function signRequest(secret: string, body: string | Buffer, now = Date.now(), nonce = randomBytes(16).toString('base64url')): string {
  if (!NONCE.test(nonce)) throw new Error('a signature nonce is 16 to 64 characters of [A-Za-z0-9_-]');
  return `t=${now},n=${nonce},v1=${mac(secret, now, nonce, body).toString('hex')}`;
}

/** Why a request was refused; each reason is answered with HTTP 401 and its own code (`SIGNATURE_<REASON>`). */
export type SignatureRefusal = 'MISSING' | 'MALFORMED' | 'EXPIRED' | 'MISMATCH' | 'REPLAYED';
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureRefusal };

/**
 * Remembers the nonces of accepted signatures for as long as their signature could be accepted.
 * In this process's memory (`createMemoryNonceStore`), or shared by the replicas of a subgraph in
 * Redis (`createRedisNonceStore`: `SET nonce 1 PXAT expiresAt NX`), which is why `seen` may be async.
 */
export interface NonceStore {
  /**
   * Record `nonce` until `expiresAt` (epoch ms). True when the request must be refused: the nonce was
   * already recorded, or the store can no longer tell (see `createMemoryNonceStore`).
   */
  seen(nonce: string, expiresAt: number): boolean | Promise<boolean>;
}

export interface VerifyOptions {
  /** Where accepted nonces are remembered; required, so that no caller checks a MAC and forgets replays. */
  nonces: NonceStore;
  /** The subgraph's clock (epoch ms). Default `Date.now()`. */
  now?: number;
  /** Default `SIGNATURE_TOLERANCE_MS` (60 s). */
  toleranceMs?: number;
}

/**
 * Check a request's signature: present, well formed, timestamp within the window, MAC right (in
 * constant time), and — only then, so that unsigned noise cannot fill the store — a nonce not seen before.
 */
export async function verifyRequest(secret: string, header: string | undefined, body: Buffer, options: VerifyOptions): Promise<SignatureCheck> {
  if (!header) return { ok: false, reason: 'MISSING' };
  const m = /^t=(\d{10,16}),n=([A-Za-z0-9_-]{16,64}),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return { ok: false, reason: 'MALFORMED' };
  const t = Number(m[1]);
  const nonce = m[2]!;
  const now = options.now ?? Date.now();
  const tolerance = options.toleranceMs ?? SIGNATURE_TOLERANCE_MS;
  if (Math.abs(now - t) > tolerance) return { ok: false, reason: 'EXPIRED' };
  const expected = mac(secret, t, nonce, body);
  const given = Buffer.from(m[3]!, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'MISMATCH' };
  // The signature is accepted until t + tolerance, so its nonce must be remembered that long.
  if (await options.nonces.seen(nonce, t + tolerance)) return { ok: false, reason: 'REPLAYED' };
  return { ok: true };
}

export interface MemoryNonceStoreOptions {
  /**
   * Most nonces held. Default 200,000 (about 20 MB): 3,300 subgraph requests a second for a 60 s
   * window. Past it, the oldest is dropped and the store refuses anything not newer than it.
   */
  max?: number;
  /** Epoch ms. Default `Date.now`. */
  clock?: () => number;
}

export interface MemoryNonceStore extends NonceStore {
  /** Nonces held now. */
  readonly size: number;
}

/**
 * Nonces in a bounded map, in arrival order. Expired ones are dropped as new ones come. When the map
 * is full, the oldest nonce is dropped and its expiry becomes a floor: a signature that expires no
 * later than the floor is refused as if seen, because its nonce may be one that was dropped. So the
 * bound never reopens a replay; under a flood it refuses late arrivals instead (an LRU that silently
 * forgets would let exactly the forgotten requests be replayed).
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): MemoryNonceStore {
  const max = options.max ?? 200_000;
  if (!Number.isInteger(max) || max < 1) throw new Error('max must be a positive integer');
  const clock = options.clock ?? Date.now;
  const expiries = new Map<string, number>();
  let floor = -Infinity;
  return {
    get size() {
      return expiries.size;
    },
    seen(nonce, expiresAt) {
      const now = clock();
      // Arrival order is close to expiry order (one window, one signer's clock), so the expired
      // ones are at the front; one that is not yet expired stops the sweep until it is.
      for (const [n, e] of expiries) {
        if (e > now) break;
        expiries.delete(n);
      }
      if (expiresAt <= floor) return true;
      const known = expiries.get(nonce);
      if (known !== undefined) {
        if (known > now) return true;
        expiries.delete(nonce);
      }
      if (expiries.size >= max) {
        const [oldest, e] = expiries.entries().next().value as [string, number];
        expiries.delete(oldest);
        floor = Math.max(floor, e);
        if (expiresAt <= floor) return true;
      }
      expiries.set(nonce, expiresAt);
      return false;
    },
  };
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

function mac(secret: string, t: number, nonce: string, body: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${t}.${nonce}.`).update(body).digest();
}
