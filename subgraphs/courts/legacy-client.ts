import {
  currentRequestScope,
  currentWork,
  type LegacySystem,
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyTimeoutError,
  type LegacyAnswer,
} from '../shared/index.js';
import { CallGate, type SharedCallBudgetOptions } from './call-gate.js';
import type { CourtsConfig } from './config.js';
import { courtsPageModel, courtsRefusalModel, type CourtsLegacyRecord, type CourtsPage } from './legacy-models.js';

const SYSTEM = 'courts legacy system';
/** The system serves at most 20 records per page; asking for more is an HTTP 400. */
export const COURTS_PAGE_SIZE = 20;
/** Backoff after a 429 without `Retry-After`: 100 ms doubling, at most 2 s, then ±jitter. */
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2000;
/** Extra random wait after `Retry-After`, so the refused callers do not all come back at once. */
const RETRY_JITTER_MAX_MS = 100;

export interface CourtsLegacyClient {
  /**
   * Every record of one subject, all pages, by organisation code `XXXXXXXX-X`; `[]` when the
   * system does not know it. Throws a `LegacyError`. `deadlineAt` is on `now()`'s scale.
   */
  fetchRecords(organizationCode: string, deadlineAt: number): Promise<CourtsLegacyRecord[]>;
  /** The client's monotonic clock (ms), the scale of deadlines. */
  now(): number;
  /** The call gate every call goes through (its state is reported in the metrics). */
  readonly gate: CallGate;
}

export interface CourtsLegacyClientOptions {
  /** The call gate (concurrency + token bucket); default one from the config. */
  gate?: CallGate;
  /** Random source for jitter. Default `Math.random`. */
  random?: () => number;
  /** For the default gate: the call budget shared with the other replicas in Redis (see `CallGate`). Default none. */
  shared?: SharedCallBudgetOptions;
}

/**
 * The courts system client: one call per page (no batch endpoint), through a shared `CallGate`
 * that bounds concurrency and rate; a 429 is retried after `Retry-After` (or a jittered backoff)
 * while the caller's deadline allows, and is reported as `LegacyRateLimitedError` when it does not.
 */
export function createCourtsLegacyClient(
  legacy: CourtsConfig['legacy'],
  legacySystem: LegacySystem,
  o: CourtsLegacyClientOptions = {},
): CourtsLegacyClient {
  // The courts system counts calls in fixed one-second windows. Paced at 95 % of its limit with a
  // burst of 5 %, no window can see more than the limit, so a 429 (and its one-second wait) is rare.
  // Shared by replicas (Redis): 90 % and no burst. A replica's call starts a Redis round trip and a
  // timer after the budget scheduled it, later by a few milliseconds that differ from call to call
  // and from replica to replica, and the calls of several replicas reach the system over several
  // connections whose stalls add up: a call that slips from one window into the next counts there.
  // The 10 % left over absorbs about 100 ms of such slip. (Measured in
  // test/replicas-scale-out.test.ts's bidder load: 95 % with the 5 % burst drew 9–24 429s; 95 %
  // without it none on a quiet machine but 10 on a loaded CI run.)
  const gate =
    o.gate ??
    new CallGate({
      concurrency: legacy.concurrency,
      ratePerSecond: legacy.ratePerSecond * (o.shared ? 0.9 : 0.95),
      burst: o.shared ? 1 : Math.max(1, Math.floor(legacy.ratePerSecond * 0.05)),
      system: SYSTEM,
      shared: o.shared,
    });
  const random = o.random ?? Math.random;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  async function call(organizationCode: string, pageNo: number, deadlineAt: number): Promise<LegacyAnswer> {
    const url = `${legacy.url}/zxgk/api/v1/subjects/${encodeURIComponent(organizationCode)}/records?pageNo=${pageNo}&pageSize=${COURTS_PAGE_SIZE}`;
    // Interactive or job work, and for whom: job work waits for what interactive work leaves (issue 13).
    const work = currentWork();
    for (let attempt = 0; ; attempt++) {
      const release = await gate.acquire(deadlineAt, work);
      try {
        // A job chunk the gateway abandoned (it stopped) makes no more calls.
        if (currentRequestScope()?.signal?.aborted) throw new LegacyTimeoutError(`${SYSTEM}: the request was abandoned before the call`);
        const remaining = Math.floor(deadlineAt - gate.now());
        if (remaining <= 0) throw new LegacyTimeoutError(`${SYSTEM}: the deadline passed before the call`);
        return await legacySystem.request({ method: 'GET', url, headers: { appKey: legacy.key, accept: 'application/json' }, timeoutMs: remaining });
      } catch (err) {
        if (!(err instanceof LegacyRateLimitedError)) throw err;
        const base = err.retryAfterMs ?? Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + random() / 2);
        const wait = Math.max(10, base) + random() * Math.min(RETRY_JITTER_MAX_MS, base / 10);
        const resumeAt = gate.now() + wait;
        // Not worth waiting for an answer that would come after the caller has given up.
        if (resumeAt >= deadlineAt) throw err;
        gate.pauseUntil(gate.now() + Math.max(0, base));
        release();
        await sleep(wait);
      } finally {
        release();
      }
    }
  }

  async function fetchPage(organizationCode: string, pageNo: number, deadlineAt: number): Promise<CourtsPage> {
    const answer = await call(organizationCode, pageNo, deadlineAt);
    let json: unknown;
    try {
      json = JSON.parse(answer.body.toString('utf8'));
    } catch (err) {
      throw new LegacyBadResponseError(`${SYSTEM} answered with invalid JSON`, { cause: err });
    }
    const refusal = courtsRefusalModel.safeParse(json);
    if (refusal.success) {
      const code = refusal.data.code === undefined ? '' : ` (code ${String(refusal.data.code).slice(0, 16)})`;
      throw new LegacyBadResponseError(`${SYSTEM} refused the query${code}`);
    }
    const page = courtsPageModel.safeParse(json);
    if (!page.success) throw new LegacyBadResponseError(`${SYSTEM} answered in an unexpected shape`, { cause: page.error });
    if (page.data.pageNo !== pageNo || page.data.records.length > COURTS_PAGE_SIZE) {
      throw new LegacyBadResponseError(`${SYSTEM} answered with a page other than the one asked for`);
    }
    return page.data;
  }

  return {
    gate,
    now: () => gate.now(),
    async fetchRecords(organizationCode, deadlineAt) {
      const first = await fetchPage(organizationCode, 1, deadlineAt);
      const pageCount = Math.ceil(first.total / COURTS_PAGE_SIZE);
      const rest = await Promise.all(Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => fetchPage(organizationCode, i + 2, deadlineAt)));
      const records = [first, ...rest].flatMap((p) => p.records);
      // A subject whose records changed between pages, or a short page, would leave a gap.
      if (records.length !== first.total || rest.some((p) => p.total !== first.total)) {
        throw new LegacyBadResponseError(`${SYSTEM} pages do not add up to the announced total`);
      }
      return records;
    },
  };
}
