import type { Redis } from 'ioredis';

export interface RedisGuardOptions {
  /** What the guarded state is, for messages (e.g. `courts call budget`). */
  name: string;
  /**
   * After a failed command, how long every operation takes the fallback before one operation tries
   * Redis again. Default 1,000 ms: a dead Redis costs one failed command a second, not one per call.
   */
  retryAfterMs?: number;
  /** Milliseconds, any monotonic scale. Default `performance.now`. */
  now?: () => number;
  /** Told once when the guard falls back (`up` false, with the error) and once when Redis serves it again. */
  onChange?: (up: boolean, detail: string) => void;
  /** Told of every operation served by the fallback (for a metric). */
  onFallback?: () => void;
}

/**
 * Shared state in Redis with a per-process fallback, for state that must never block on Redis: a
 * command that fails or times out (the connection fails fast: no offline queue, a short command
 * timeout, see `createSharedRedis`) is answered at once by the fallback, and so is every operation
 * after it until `retryAfterMs` has passed; then one operation tries Redis again while the others
 * keep to the fallback, and its success brings every operation back to Redis. What the fallback is
 * — a per-replica share of a budget, this process's cache, its own nonce memory — is the caller's,
 * and the caller says why it is safe.
 */
export class RedisGuard {
  readonly name: string;
  private readonly retryAfterMs: number;
  private readonly now: () => number;
  private readonly onChange: ((up: boolean, detail: string) => void) | undefined;
  private readonly onFallback: (() => void) | undefined;
  private isUp = true;
  private retryAt = -Infinity;
  private trying = false;

  constructor(
    readonly redis: Redis,
    options: RedisGuardOptions,
  ) {
    this.name = options.name;
    this.retryAfterMs = options.retryAfterMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.onChange = options.onChange;
    this.onFallback = options.onFallback;
  }

  /** Is Redis serving this state now (false while the fallback is used)? */
  get up(): boolean {
    return this.isUp;
  }

  /** `op` against Redis, or — when Redis failed it or is known to be out — `fallback`. */
  async run<T>(op: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    const trial = !this.isUp;
    if (trial) {
      if (this.trying || this.now() < this.retryAt) return this.fallBack(fallback);
      this.trying = true;
    }
    try {
      const value = await op(this.redis);
      if (!this.isUp) {
        this.isUp = true;
        this.onChange?.(true, 'Redis answers again');
      }
      return value;
    } catch (err) {
      this.retryAt = this.now() + this.retryAfterMs;
      if (this.isUp) {
        this.isUp = false;
        this.onChange?.(false, err instanceof Error ? err.message : String(err));
      }
      return this.fallBack(fallback);
    } finally {
      if (trial) this.trying = false;
    }
  }

  private fallBack<T>(fallback: () => T | Promise<T>): T | Promise<T> {
    this.onFallback?.();
    return fallback();
  }
}
