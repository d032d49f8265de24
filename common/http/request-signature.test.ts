import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore, signRequest, verifyRequest, type SignatureCheck } from './request-signature.js';

const SECRET = 's'.repeat(32);
const BODY = Buffer.from('{"query":"{ _service { sdl } }"}');
const T = 1_700_000_000_000;

describe('request signature', () => {
  it('a fresh signature passes once; the same header and body again is REPLAYED', async () => {
    const nonces = createMemoryNonceStore({ clock: () => T });
    const header = signRequest(SECRET, BODY, T);
    expect(await verifyRequest(SECRET, header, BODY, { nonces, now: T })).toEqual({ ok: true });
    expect(await verifyRequest(SECRET, header, BODY, { nonces, now: T + 1000 })).toEqual({ ok: false, reason: 'REPLAYED' });
    // The same body signed again (as a gateway retry does) carries a new nonce and passes.
    expect(await verifyRequest(SECRET, signRequest(SECRET, BODY, T + 5), BODY, { nonces, now: T + 1000 })).toEqual({ ok: true });
  });

  const nonces = () => createMemoryNonceStore({ clock: () => T });
  const good = signRequest(SECRET, BODY, T, 'n'.repeat(22));
  it.each<[string, () => Promise<SignatureCheck>, SignatureCheck]>([
    ['no header', () => verifyRequest(SECRET, undefined, BODY, { nonces: nonces(), now: T }), { ok: false, reason: 'MISSING' }],
    // The format before nonces is refused: it could be replayed.
    [
      'no nonce (the old format)',
      () => verifyRequest(SECRET, good.replace(/,n=[^,]+/, ''), BODY, { nonces: nonces(), now: T }),
      { ok: false, reason: 'MALFORMED' },
    ],
    [
      'a short nonce',
      () => verifyRequest(SECRET, good.replace(/n=n+/, 'n=abc'), BODY, { nonces: nonces(), now: T }),
      { ok: false, reason: 'MALFORMED' },
    ],
    ['61 s old', () => verifyRequest(SECRET, good, BODY, { nonces: nonces(), now: T + 61_000 }), { ok: false, reason: 'EXPIRED' }],
    ['61 s ahead', () => verifyRequest(SECRET, good, BODY, { nonces: nonces(), now: T - 61_000 }), { ok: false, reason: 'EXPIRED' }],
    ['59 s old', () => verifyRequest(SECRET, good, BODY, { nonces: nonces(), now: T + 59_000 }), { ok: true }],
    ['another secret', () => verifyRequest('x'.repeat(32), good, BODY, { nonces: nonces(), now: T }), { ok: false, reason: 'MISMATCH' }],
    ['another body', () => verifyRequest(SECRET, good, Buffer.from('{}'), { nonces: nonces(), now: T }), { ok: false, reason: 'MISMATCH' }],
    [
      'the nonce changed',
      () => verifyRequest(SECRET, good.replace(/n=n+/, `n=${'m'.repeat(22)}`), BODY, { nonces: nonces(), now: T }),
      { ok: false, reason: 'MISMATCH' },
    ],
    [
      'the timestamp changed',
      () => verifyRequest(SECRET, good.replace(`t=${T}`, `t=${T + 1}`), BODY, { nonces: nonces(), now: T }),
      { ok: false, reason: 'MISMATCH' },
    ],
  ])('%s', async (_name, check, expected) => {
    expect(await check()).toEqual(expected);
  });

  it('a request refused for its MAC or age leaves no nonce behind', async () => {
    const store = nonces();
    await verifyRequest('x'.repeat(32), good, BODY, { nonces: store, now: T });
    await verifyRequest(SECRET, good, BODY, { nonces: store, now: T + 61_000 });
    expect(store.size).toBe(0);
    expect(await verifyRequest(SECRET, good, BODY, { nonces: store, now: T })).toEqual({ ok: true });
  });
});

describe('memory nonce store', () => {
  it('forgets a nonce once its signature has expired, and never holds more than max', () => {
    let now = 0;
    const store = createMemoryNonceStore({ max: 3, clock: () => now });
    expect(store.seen('a', 100)).toBe(false);
    expect(store.seen('a', 100)).toBe(true);
    expect(store.seen('b', 110)).toBe(false);
    now = 105;
    expect(store.seen('c', 200)).toBe(false);
    expect(store.size).toBe(2); // a expired
    for (let i = 0; i < 1000; i++) store.seen(`n${i}`, 300 + i);
    expect(store.size).toBe(3);
  });

  it('when full it drops the oldest and refuses anything not newer, so a dropped nonce cannot be replayed', () => {
    const store = createMemoryNonceStore({ max: 2, clock: () => 0 });
    expect(store.seen('a', 100)).toBe(false);
    expect(store.seen('b', 200)).toBe(false);
    expect(store.seen('c', 300)).toBe(false); // drops a (floor 100)
    expect(store.size).toBe(2);
    expect(store.seen('a', 100)).toBe(true); // the replay of a dropped nonce is still refused
    expect(store.seen('d', 90)).toBe(true); // not newer than what was dropped: cannot be told apart
    expect(store.seen('e', 400)).toBe(false); // drops b (floor 200)
    expect(store.seen('b', 200)).toBe(true);
    expect(store.seen('c', 300)).toBe(true);
  });
});
