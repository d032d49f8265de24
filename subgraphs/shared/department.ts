import DataLoader from 'dataloader';
import { asLegacyError, LegacyTimeoutError, sourceStateOf, type LegacyError } from './legacy-errors.js';
import type { LegacyCache } from './legacy-cache.js';
import { currentRequestScope, currentWork } from './request-scope.js';
import type { SharedEntry } from './shared-answer-tier.js';
import { penaltyCategoriesOf, type PenaltyCategory } from './penalty-categories.js';
import type { DepartmentName } from '../../common/departments.js';
import { assertNever } from '../../common/assert-never.js';

/** The departments, as the GraphQL `Department` enum names them (from the department registry). */
export type { DepartmentName };

/** The outcome of asking a legacy system about one enterprise. */
export type Lookup<T> =
  | { kind: 'found'; record: T; asOf: string; fromCache?: boolean; stale?: boolean; outdated?: boolean }
  | { kind: 'missing'; asOf: string; fromCache?: boolean; stale?: boolean; outdated?: boolean }
  | { kind: 'failed'; error: LegacyError };

/** GraphQL `SourceState`. */
export type SourceState = 'OK' | 'UNAVAILABLE' | 'TIMEOUT' | 'RATE_LIMITED' | 'BAD_RESPONSE' | 'OUTDATED';

/** GraphQL `SourceStatus`. */
export interface SourceStatus {
  department: DepartmentName;
  status: SourceState;
  asOf: string | null;
  found: boolean | null;
  fromCache: boolean;
  stale: boolean;
  message: string | null;
}

export function sourceStatusOf(department: DepartmentName, lookup: Lookup<unknown>): SourceStatus {
  switch (lookup.kind) {
    case 'found':
    case 'missing':
      return {
        department,
        // An answer read from an export older than allowed is shown, but does not count as read.
        status: lookup.outdated ? 'OUTDATED' : 'OK',
        asOf: lookup.asOf,
        found: lookup.kind === 'found',
        fromCache: lookup.fromCache ?? false,
        stale: lookup.stale ?? false,
        message: null,
      };
    case 'failed':
      return {
        department,
        status: sourceStateOf(lookup.error),
        asOf: null,
        found: null,
        fromCache: false,
        stale: false,
        message: lookup.error.message,
      };
    default: {
      return assertNever(lookup);
    }
  }
}

/** GraphQL `FindingStatus`. */
export type FindingStatus = 'ACTIVE' | 'REMOVED' | 'REPAIRED' | 'EXPIRED';

/** GraphQL `CreditFinding`. Dates are `YYYY-MM-DD`. */
export interface CreditFinding {
  id: string;
  department: DepartmentName;
  kind: string;
  status: FindingStatus;
  listedOn: string;
  removedOn: string | null;
  publicUntil: string | null;
  reference: string;
  authority: string;
  reason: string | null;
  underObjection: boolean;
  /** 处罚详情: set for ADMINISTRATIVE_PENALTY and SEVERE_ADMINISTRATIVE_PENALTY findings, null for every other kind. */
  penalty: PenaltyDetail | null;
}

/** GraphQL `PenaltyDetail`: what the credit rules need of a penalty decision. */
export interface PenaltyDetail {
  /** 处罚决定日期, YYYY-MM-DD. */
  decidedOn: string;
  /** 处罚种类 as the authority words it. */
  penaltyType: string;
  /** 处罚种类（规范化）, in the order found, each once. */
  categories: PenaltyCategory[];
  /** 罚款金额（元）; null when there is no fine. */
  fineYuan: number | null;
}

/** A penalty decision's detail, its categories read from the authority's wording. */
export function penaltyDetailOf(p: { decidedOn: string; penaltyType: string; fineYuan: number | null }): PenaltyDetail {
  return { decidedOn: p.decidedOn, penaltyType: p.penaltyType, categories: penaltyCategoriesOf(p.penaltyType), fineYuan: p.fineYuan };
}

/**
 * A finding's state on `today` (YYYY-MM-DD) from its dates: removed or repaired once the removal
 * date has come, expired once the publicity window has passed, otherwise active.
 */
export function findingStatusOn(e: { removedOn?: string | null; repaired?: boolean; publicUntil?: string | null }, today: string): FindingStatus {
  if (e.removedOn && e.removedOn <= today) return e.repaired ? 'REPAIRED' : 'REMOVED';
  if (e.publicUntil && e.publicUntil < today) return 'EXPIRED';
  return 'ACTIVE';
}

export { chinaDate } from '../../common/china-date.js';

/**
 * A DataLoader over a batching legacy endpoint: keys are split into batches of at most
 * `maxBatchSize`, all issued at once; a failed batch puts the same `failed` lookup in each of its
 * slots, so one bad batch never fails the others. Duplicate keys cost nothing (DataLoader dedups).
 *
 * With a `cache` (one per subgraph process), fresh answers are served without a call, codes
 * another request is already fetching are awaited instead of fetched again, and when the legacy
 * system fails a recent answer is served marked `stale` instead of the failure.
 *
 * With a cache that has a shared tier (Redis), the request's codes go to the tier together, and the
 * codes this replica then has to fetch are split into as few calls as `maxBatchSize` allows (see
 * `lookupThroughSharedTier`).
 */
export function createBatchLookupLoader<T>(
  maxBatchSize: number,
  fetchBatch: (keys: readonly string[]) => Promise<Map<string, T>>,
  clock: () => Date,
  cache?: LegacyCache<T>,
): DataLoader<string, Lookup<T>> {
  if (cache?.shared) {
    const tier = cache.shared;
    const fetchClaimed = (keys: readonly string[]) => {
      const answers = new Map<string, Promise<T | null>>();
      for (let i = 0; i < keys.length; i += maxBatchSize) {
        const chunk = keys.slice(i, i + maxBatchSize);
        const call = Promise.resolve().then(() => fetchBatch(chunk));
        for (const k of chunk)
          answers.set(
            k,
            call.then((found) => found.get(k) ?? null),
          );
      }
      return answers;
    };
    return new DataLoader<string, Lookup<T>>(async (keys) =>
      Promise.all(lookupThroughSharedTier(cache, keys, clock, fetchClaimed, currentRequestScope()?.deadlineAt ?? Date.now() + tier.claimMs)),
    );
  }
  return new DataLoader<string, Lookup<T>>(
    async (keys) => {
      const results: (Lookup<T> | Promise<Lookup<T>>)[] = new Array(keys.length);
      const toFetch: number[] = [];
      keys.forEach((k, i) => {
        const hit = cachedOrPending(cache, k, clock);
        if (hit) results[i] = hit;
        else toFetch.push(i);
      });
      if (toFetch.length > 0) {
        // One call for every code not answered already; each code settles from it on its own.
        const batch = Promise.resolve().then(() => fetchBatch(toFetch.map((i) => keys[i]!)));
        for (const i of toFetch) {
          const k = keys[i]!;
          results[i] = settleThroughCache(
            cache,
            k,
            clock,
            batch.then((found) => found.get(k) ?? null),
          );
        }
      }
      return Promise.all(results);
    },
    { maxBatchSize },
  );
}

interface OpenLookup<T> {
  key: string;
  resolve(lookup: Lookup<T>): void;
  /** The shared tier's older answer, for stale-if-error. */
  older: SharedEntry<T> | null;
}

/**
 * The lookups of one request through the cache and the tier shared by the replicas (Redis, issue
 * 11), one promise per key, aligned to `keys`:
 * 1. a fresh answer in this process, or a lookup of the code already under way in it, as always;
 * 2. the rest are asked of the tier in one step: a fresh answer there (any replica's) is served as
 *    cached with the time the system gave it; a code no replica is fetching is claimed by this one
 *    and fetched (`fetch` gets all claimed codes at once, to make as few calls as it may); a code
 *    another replica is fetching is awaited — looked at again, 10 ms growing to 100 ms apart —
 *    until its answer is there, or its claim is gone (that replica failed or died: this one claims
 *    and fetches it), or `horizonAt` (epoch ms: the request's deadline) passes — except that
 *    interactive work does not wait for a bulk job's claim (it would wait at the job's priority);
 *    it claims the code and fetches it too;
 * 3. a failed call serves a stale answer (this process's, or the tier's older one) marked stale,
 *    else the failure; failures are never stored, and the claim is released at once so another
 *    replica may try.
 * Redis failing at any step: the codes are fetched directly, as one process would — more legacy
 * calls, never a wrong answer.
 */
export function lookupThroughSharedTier<T>(
  cache: LegacyCache<T>,
  keys: readonly string[],
  clock: () => Date,
  fetch: (keys: readonly string[]) => Map<string, Promise<T | null>>,
  horizonAt: number,
): Promise<Lookup<T>>[] {
  const out: Promise<Lookup<T>>[] = [];
  const open: OpenLookup<T>[] = [];
  for (const key of keys) {
    const hit = cachedOrPending(cache, key, clock);
    if (hit) {
      out.push(Promise.resolve(hit));
      continue;
    }
    let resolve!: (lookup: Lookup<T>) => void;
    const p = new Promise<Lookup<T>>((r) => (resolve = r));
    // Registered at once: this process's other requests for the code wait for this lookup.
    cache.track(key, p);
    out.push(p);
    open.push({ key, resolve, older: null });
  }
  if (open.length) {
    void settleThroughSharedTier(cache, open, clock, fetch, horizonAt).catch((err: unknown) => {
      for (const o of open) o.resolve({ kind: 'failed', error: asLegacyError(err) });
    });
  }
  return out;
}

async function settleThroughSharedTier<T>(
  cache: LegacyCache<T>,
  open: OpenLookup<T>[],
  clock: () => Date,
  fetch: (keys: readonly string[]) => Map<string, Promise<T | null>>,
  horizonAt: number,
): Promise<void> {
  const tier = cache.shared!;
  // Interactive work takes over a claim a bulk job holds rather than wait at the job's priority.
  const work = currentWork().class;
  let pending = open;
  let waited = false;
  let delay = tier.pollMs;
  for (;;) {
    const freshAfter = clock().getTime() - cache.ttlMs;
    // A claim lasts as long as its fetch may take: the call's timeout, or the request's deadline if later.
    const claimMs = Math.max(tier.claimMs, horizonAt - Date.now());
    const asked = pending;
    const claims = await tier.guard.run(
      () =>
        tier.claim(
          asked.map((o) => o.key),
          freshAfter,
          claimMs,
          work,
        ),
      () => null,
    );
    if (!claims) return settleFetched(cache, false, pending, clock, fetch);
    const mine: OpenLookup<T>[] = [];
    const busy: OpenLookup<T>[] = [];
    claims.forEach((c, i) => {
      const o = asked[i]!;
      if (c.kind === 'fresh') return o.resolve(cache.adopt(o.key, c.entry, waited ? 'waited' : 'hit'));
      if (c.stale && (!o.older || c.stale.fetchedAt > o.older.fetchedAt)) o.older = c.stale;
      (c.kind === 'claimed' ? mine : busy).push(o);
    });
    if (mine.length) settleFetched(cache, true, mine, clock, fetch);
    if (!busy.length) return;
    if (Date.now() + delay >= horizonAt) {
      for (const o of busy) {
        o.resolve(
          cache.staleOr(o.key, clock().getTime(), o.older) ?? {
            kind: 'failed',
            error: new LegacyTimeoutError("another replica's call for this code did not answer before the request's deadline", {
              systemFault: false,
            }),
          },
        );
      }
      return;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(100, delay * 1.5);
    waited = true;
    pending = busy;
  }
}

/** Fetch codes (claimed in the tier, or directly when Redis failed) and settle each from its own answer. */
function settleFetched<T>(
  cache: LegacyCache<T>,
  claimed: boolean,
  items: readonly OpenLookup<T>[],
  clock: () => Date,
  fetch: (keys: readonly string[]) => Map<string, Promise<T | null>>,
): void {
  const tier = claimed ? cache.shared : null;
  const answers = fetch(items.map((o) => o.key));
  for (const o of items) {
    if (tier) cache.countSharedMiss();
    const answer = answers.get(o.key) ?? Promise.reject(new Error(`no answer was asked for ${o.key}`));
    answer.then(
      (record) => {
        const fetchedAt = clock().getTime();
        cache.set(o.key, record, fetchedAt);
        const asOf = new Date(fetchedAt).toISOString();
        o.resolve(record === null ? { kind: 'missing', asOf } : { kind: 'found', record, asOf });
        tier?.storeLater(o.key, { record, fetchedAt }, cache.ttlMs + cache.staleIfErrorMs);
      },
      (err: unknown) => {
        tier?.releaseLater(o.key);
        o.resolve(cache.staleOr(o.key, clock().getTime(), o.older) ?? { kind: 'failed', error: asLegacyError(err) });
      },
    );
  }
}

/** A fresh cached answer for the code, or the lookup another request already has under way. */
function cachedOrPending<T>(cache: LegacyCache<T> | undefined, key: string, clock: () => Date): Lookup<T> | Promise<Lookup<T>> | undefined {
  return cache?.fresh(key, clock().getTime()) ?? cache?.pending(key);
}

/**
 * Turn a legacy answer for one code (the record, or null when the system does not know it) into a
 * lookup: remembered in the cache; on failure, a recent answer marked stale if there is one.
 * Registered as under way, so concurrent requests wait for it instead of calling again.
 */
function settleThroughCache<T>(cache: LegacyCache<T> | undefined, key: string, clock: () => Date, answer: Promise<T | null>): Promise<Lookup<T>> {
  const p = answer.then(
    (record): Lookup<T> => {
      const fetchedAt = clock().getTime();
      cache?.set(key, record, fetchedAt);
      const asOf = new Date(fetchedAt).toISOString();
      return record === null ? { kind: 'missing', asOf } : { kind: 'found', record, asOf };
    },
    (err: unknown): Lookup<T> => cache?.stale(key, clock().getTime()) ?? { kind: 'failed', error: asLegacyError(err) },
  );
  cache?.track(key, p);
  return p;
}

/**
 * One code's lookup through the cache, for a legacy system without a batch endpoint: a fresh
 * answer or one already under way is reused; on failure a recent answer is served marked stale.
 * `fetch` resolves to the record, or null when the system does not know the code.
 */
export function lookupThroughCache<T>(
  cache: LegacyCache<T> | undefined,
  key: string,
  clock: () => Date,
  fetch: () => Promise<T | null>,
): Promise<Lookup<T>> {
  const hit = cachedOrPending(cache, key, clock);
  return hit ? Promise.resolve(hit) : settleThroughCache(cache, key, clock, Promise.resolve().then(fetch));
}
