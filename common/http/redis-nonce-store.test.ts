import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redisForTests } from '../../test/support/engines-for-tests.js';
import { createRedisNonceStore } from './redis-nonce-store.js';
import { signRequest, verifyRequest, SIGNATURE_TOLERANCE_MS } from './request-signature.js';

const redis = redisForTests();
const connection = (name: string) => redis.connection(name);

const SECRET = 's'.repeat(32);
const BODY = Buffer.from('{"query":"{ _service { sdl } }"}');
const nonce = () => randomBytes(16).toString('base64url');

describe('signature nonces shared by replicas (Redis)', () => {
  it('a request accepted by one replica is refused as REPLAYED by another', async () => {
    const key = `test:nonces-${nonce()}`;
    const a = createRedisNonceStore(await connection('replica-a'), { key });
    const b = createRedisNonceStore(await connection('replica-b'), { key });
    const header = signRequest(SECRET, BODY);
    expect(await verifyRequest(SECRET, header, BODY, { nonces: a })).toEqual({ ok: true });
    expect(await verifyRequest(SECRET, header, BODY, { nonces: b })).toEqual({ ok: false, reason: 'REPLAYED' });
    expect(await verifyRequest(SECRET, header, BODY, { nonces: a })).toEqual({ ok: false, reason: 'REPLAYED' });
    // A new signature of the same body (a gateway retry) passes on either.
    expect(await verifyRequest(SECRET, signRequest(SECRET, BODY), BODY, { nonces: b })).toEqual({ ok: true });
  });

  it('keeps a nonce until its signature expires, plus the clock allowance, and no longer', async () => {
    const redis = await connection('replica-c');
    const key = `test:nonces-${nonce()}`;
    const store = createRedisNonceStore(redis, { key, clockSkewMs: 5000 });
    const n = nonce();
    const expiresAt = Date.now() + SIGNATURE_TOLERANCE_MS;
    expect(await store.seen(n, expiresAt)).toBe(false);
    const left = await redis.pttl(`${key}:${n}`);
    expect(left).toBeGreaterThan(SIGNATURE_TOLERANCE_MS);
    expect(left).toBeLessThanOrEqual(SIGNATURE_TOLERANCE_MS + 5000);
  });

  // Last in the file: it kills the file's Redis.
  it("with Redis down, each replica still refuses replays it saw itself (not another's); with Redis back, replays are refused everywhere again", async () => {
    const key = `test:nonces-${nonce()}`;
    const changes: boolean[] = [];
    let fallbacks = 0;
    const ra = await connection('replica-d');
    const a = createRedisNonceStore(ra, { key, retryAfterMs: 100, onChange: (up) => changes.push(up), onFallback: () => fallbacks++ });
    const rb = await connection('replica-e');
    const b = createRedisNonceStore(rb, { key, retryAfterMs: 100 });
    const expiresAt = Date.now() + SIGNATURE_TOLERANCE_MS;
    const before = nonce();
    expect(await a.seen(before, expiresAt)).toBe(false);

    await redis.server().kill();
    const during = nonce();
    expect(await a.seen(during, expiresAt)).toBe(false);
    expect(await a.seen(during, expiresAt)).toBe(true);
    expect(await a.seen(before, expiresAt)).toBe(true); // remembered here as well
    // The reduced guarantee of an outage: another replica does not see it.
    expect(await b.seen(during, expiresAt)).toBe(false);
    expect(fallbacks).toBeGreaterThan(0);

    await redis.server().start();
    for (let i = 0; i < 200 && (ra.status !== 'ready' || rb.status !== 'ready'); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 150));
    const after = nonce();
    // The first look after the retry time tries Redis again.
    expect(await a.seen(after, expiresAt)).toBe(false);
    expect(await b.seen(after, expiresAt)).toBe(true);
    expect(changes).toEqual([false, true]);
  });
});
