import { LRUCache } from 'lru-cache';
import type { Lookup } from './department.js';
import type { SubgraphMetrics } from './metrics.js';
import type { SharedAnswerTier, SharedEntry } from './shared-answer-tier.js';

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
 *
 * With a `shared` tier (Redis, issue 11) under it, a miss here is looked up in the tier before the
 * legacy system is called, so an answer any replica got is served by every replica (see
 * `lookupThroughSharedTier`); the tier's answers keep the time the system gave them, so the TTL and
 * the stale window run from the same moment on every replica.
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

  /** The tier shared with the other replicas, or null (this process only). Never set when the cache is off (TTL 0). */
  readonly shared: SharedAnswerTier<T> | null;

  /**
   * `metrics`: the service's metrics, where hits, misses and stale answers are counted under `system`.
   * `shared`: the tier in Redis shared with the other replicas.
   */
  constructor(options: LegacyCacheOptions & { system?: string; metrics?: SubgraphMetrics; shared?: SharedAnswerTier<T> } = {}) {
    this.system = options.system ?? 'legacy system';
    this.metrics = options.metrics;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.staleIfErrorMs = options.staleIfErrorMs ?? 300_000;
    this.lru =
      this.ttlMs > 0
        ? new LRUCache<string, Entry<T>>({ max: options.max ?? 50_000, ttl: this.ttlMs + this.staleIfErrorMs, ttlAutopurge: false })
        : null;
    this.shared = this.lru ? (options.shared ?? null) : null;
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

  /** An answer from the shared tier that is fresh: remembered here with the time the system gave it, and served as cached. */
  adopt(code: string, entry: SharedEntry<T>, result: 'hit' | 'waited'): Lookup<T> {
    this.set(code, entry.record, entry.fetchedAt);
    this.metrics?.sharedCacheLookups.inc({ system: this.system, result });
    return this.toLookup(entry, false);
  }

  /**
   * After a failed call: this process's stale answer, else the shared tier's older answer `older` if
   * it is still inside the stale-if-error window — marked stale, as `stale` does.
   */
  staleOr(code: string, now: number, older: SharedEntry<T> | null | undefined): Lookup<T> | undefined {
    const here = this.stale(code, now);
    if (here) return here;
    if (!this.lru || !older || now - older.fetchedAt >= this.ttlMs + this.staleIfErrorMs) return undefined;
    this.counters.staleServed++;
    this.metrics?.sharedCacheLookups.inc({ system: this.system, result: 'stale' });
    return this.toLookup(older, now - older.fetchedAt >= this.ttlMs);
  }

  /** Count a code this replica fetched itself after claiming it in the shared tier. */
  countSharedMiss(): void {
    this.metrics?.sharedCacheLookups.inc({ system: this.system, result: 'miss' });
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
