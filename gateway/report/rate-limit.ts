import { LRUCache } from 'lru-cache';

export interface RateLimiterOptions {
  /** Requests one client address may make per minute. */
  perMinute: number;
  /** Addresses remembered at once (the oldest are forgotten first). Default 10,000. */
  maxClients?: number;
  /** Time source (ms). Default `Date.now`. */
  now?: () => number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A fixed one-minute window per client address, in bounded memory: for endpoints anyone may call
 * without a key (`/verify`), so that nobody can make the gateway read its audit index as fast as
 * they can send.
 */
export class RateLimiter {
  private readonly windows: LRUCache<string, { start: number; count: number }>;
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.windows = new LRUCache({ max: options.maxClients ?? 10_000 });
  }

  /** Count one request from `client`; whether it may go ahead. */
  take(client: string): RateDecision {
    const now = this.now();
    let w = this.windows.get(client);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      this.windows.set(client, w);
    }
    if (w.count >= this.options.perMinute) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)) };
    w.count += 1;
    return { ok: true };
  }
}
