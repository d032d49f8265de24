import { LRUCache } from 'lru-cache';
import type { Lookup } from './department.js';
import type { SubgraphMetrics } from './metrics.js';

export interface LegacyCacheOptions {
  /** Most codes remembered (bounds memory whatever the number of distinct codes). Default 50,000. */
  max?: number;
  /** How long an answer is served without asking the legacy system again. Default 60,000 ms; 0 disables the cache. */
  ttlMs?: number;
  /** After the TTL, how long an answer may still be served — marked stale — when the legacy system fails. Default 300,000 ms. */
  staleIfErrorMs?: number;
}

interface Entry<T> {
  /** The record, or null when the legacy system answered that it does not know the code. */
  record: T | null;
  /** When the legacy system produced it (ms since epoch). */
  fetchedAt: number;
}

/**
 * A process-wide, bounded cache of one legacy system's answers per code, shared by every request.
 * It holds only what is the same for every caller (the department's answer about a code), never
 * a failure. Entries past the TTL are kept until `ttl + staleIfError` so they can stand in —
 * visibly stale — when the legacy system fails.
 */
export class LegacyCache<T> {
  readonly ttlMs: number;
  readonly staleIfErrorMs: number;
  private readonly lru: LRUCache<string, Entry<T>> | null;
  private readonly inflight = new Map<string, Promise<Lookup<T>>>();
  private counters = { hits: 0, misses: 0, staleServed: 0 };

  /** Name of the legacy system, for metrics. */
  private readonly system: string;
  private readonly metrics: SubgraphMetrics | undefined;

  /** `metrics`: the service's metrics, where hits, misses and stale answers are counted under `system`. */
  constructor(options: LegacyCacheOptions & { system?: string; metrics?: SubgraphMetrics } = {}) {
    this.system = options.system ?? 'legacy system';
    this.metrics = options.metrics;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.staleIfErrorMs = options.staleIfErrorMs ?? 300_000;
    this.lru =
      this.ttlMs > 0
        ? new LRUCache<string, Entry<T>>({ max: options.max ?? 50_000, ttl: this.ttlMs + this.staleIfErrorMs, ttlAutopurge: false })
        : null;
  }

  /** A fresh answer, if one is cached. */
  fresh(code: string, now: number): Lookup<T> | undefined {
    const e = this.lru?.get(code);
    if (!e || now - e.fetchedAt >= this.ttlMs) {
      this.counters.misses++;
      if (this.lru) this.metrics?.cacheLookups.inc({ system: this.system, result: 'miss' });
      return undefined;
    }
    this.counters.hits++;
    this.metrics?.cacheLookups.inc({ system: this.system, result: 'hit' });
    return this.toLookup(e, false);
  }

  /** An answer past its TTL but inside the stale-if-error window, to serve when the legacy system fails. */
  stale(code: string, now: number): Lookup<T> | undefined {
    const e = this.lru?.get(code, { allowStale: true });
    if (!e || now - e.fetchedAt >= this.ttlMs + this.staleIfErrorMs) return undefined;
    this.counters.staleServed++;
    this.metrics?.cacheLookups.inc({ system: this.system, result: 'stale' });
    return this.toLookup(e, now - e.fetchedAt >= this.ttlMs);
  }

  set(code: string, record: T | null, fetchedAt: number): void {
    this.lru?.set(code, { record, fetchedAt });
  }

  /** A lookup of this code already under way in another request, if any. */
  pending(code: string): Promise<Lookup<T>> | undefined {
    return this.inflight.get(code);
  }

  /** Register a lookup under way so concurrent requests wait for it instead of calling again. */
  track(code: string, p: Promise<Lookup<T>>): void {
    if (!this.lru) return;
    this.inflight.set(code, p);
    void p.finally(() => {
      if (this.inflight.get(code) === p) this.inflight.delete(code);
    });
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  stats() {
    return { ...this.counters, size: this.size };
  }

  private toLookup(e: Entry<T>, stale: boolean): Lookup<T> {
    const asOf = new Date(e.fetchedAt).toISOString();
    return e.record === null ? { kind: 'missing', asOf, fromCache: true, stale } : { kind: 'found', record: e.record, asOf, fromCache: true, stale };
  }
}
