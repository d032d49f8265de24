import DataLoader from 'dataloader';
import { asLegacyError, sourceStateOf, type LegacyError } from './legacy-errors.js';
import type { LegacyCache } from './legacy-cache.js';
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
 */
export function createBatchLookupLoader<T>(
  maxBatchSize: number,
  fetchBatch: (keys: readonly string[]) => Promise<Map<string, T>>,
  clock: () => Date,
  cache?: LegacyCache<T>,
): DataLoader<string, Lookup<T>> {
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
