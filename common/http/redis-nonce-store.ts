import type { Redis } from 'ioredis';
import { RedisGuard } from '../engines/index.js';
import { createMemoryNonceStore, type MemoryNonceStore, type NonceStore } from './request-signature.js';

export interface RedisNonceStoreOptions {
  /** Key prefix of the nonces. Default `credit:nonce` (one space for every service: a request signed for one subgraph is refused by all). */
  key?: string;
  /** This process's own memory of nonces (see below). Default `createMemoryNonceStore()`. */
  memory?: MemoryNonceStore;
  /**
   * Kept beyond a signature's expiry, for replicas whose clocks run behind Redis's or the gateway's
   * (a nonce must outlive the last replica that could still accept its signature). Default 5,000 ms.
   */
  clockSkewMs?: number;
  /** After a Redis failure, how long this process relies on its memory alone before it tries Redis again. Default 1,000 ms. */
  retryAfterMs?: number;
  /** Told once when the store falls back to this process's memory and once when Redis serves it again. */
  onChange?: (up: boolean, detail: string) => void;
  /** Told of each nonce checked without Redis. */
  onFallback?: () => void;
}

/**
 * The signature nonces of every replica in one Redis (issue 11): `SET <prefix>:<nonce> 1 PXAT
 * <expiry> NX` records a nonce and says in the same step whether any replica has recorded it, so a
 * request captured on its way to one replica and replayed to another is refused (`REPLAYED`).
 *
 * Every nonce is also recorded in this process's memory. When Redis fails, the memory alone decides:
 * a replay to the same replica is still refused, but a replay to *another* replica within the
 * signature's window (60 s) is not seen by it — the reduced guarantee of an outage, the same as one
 * process had before replicas. A Redis restart (nothing persisted) forgets the nonces of the last
 * minute in the same way. What the nonces guard is a replay of a captured gateway request, which
 * repeats a read the gateway was allowed to make: the window is short and it never changes data.
 */
export function createRedisNonceStore(redis: Redis, options: RedisNonceStoreOptions = {}): NonceStore {
  const prefix = options.key ?? 'credit:nonce';
  const skew = options.clockSkewMs ?? 5000;
  const memory = options.memory ?? createMemoryNonceStore();
  const guard = new RedisGuard(redis, {
    name: 'signature nonces',
    retryAfterMs: options.retryAfterMs,
    onChange: options.onChange,
    onFallback: options.onFallback,
  });
  return {
    async seen(nonce, expiresAt) {
      const here = await memory.seen(nonce, expiresAt);
      const anywhere = await guard.run(
        async (r) => (await r.set(`${prefix}:${nonce}`, '1', 'PXAT', Math.ceil(expiresAt + skew), 'NX')) === null,
        () => false,
      );
      return here || anywhere;
    },
  };
}
