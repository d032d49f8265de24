import {
  type LegacySystem,
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyUnavailableError,
  type DepartmentConfig,
  type LegacyError,
} from '../shared/index.js';
import { batchDataModel, envelopeModel, type PlatformRecord } from './legacy-models.js';

/** How errors name this system (never with its address). */
export const ECONOMY_SYSTEM = 'economy & IT legacy system (经信)';

const QUERY_PATH = '/openapi/v1/credit/batchQuery';

export interface EconomyLegacyClient {
  /**
   * The platform's records for `codes` (valid, normalised USCCs), keyed by code; a code absent from
   * the map is one the platform answered it does not know. Duplicates are sent once; more codes
   * than the batch limit are split into calls issued in parallel. Throws a `LegacyError`.
   */
  fetchRecords(codes: readonly string[]): Promise<Map<string, PlatformRecord>>;
}

/**
 * A client of the economy & IT credit platform's batch query. `legacy` gives the base URL, the
 * application key (sent in `X-App-Key`), the batch limit and the timeouts; `system` is the platform
 * as this service reaches it (dispatcher, breaker, metrics).
 */
export function createEconomyLegacyClient(legacy: DepartmentConfig['legacy'], system: LegacySystem): EconomyLegacyClient {
  async function queryBatch(codes: readonly string[]): Promise<Map<string, PlatformRecord>> {
    const answer = await system.request({
      method: 'POST',
      url: legacy.url + QUERY_PATH,
      headers: {
        'content-type': 'application/json;charset=UTF-8',
        accept: 'application/json',
        'x-app-key': legacy.key,
      },
      body: JSON.stringify({ xydmList: codes }),
      timeoutMs: legacy.timeoutMs,
    });
    return parseBatchAnswer(answer.body, codes);
  }

  return {
    async fetchRecords(codes) {
      const unique = [...new Set(codes)];
      if (unique.length === 0) return new Map();
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += legacy.batchSize) batches.push(unique.slice(i, i + legacy.batchSize));
      const results = await Promise.all(batches.map(queryBatch));
      return new Map(results.flatMap((m) => [...m]));
    },
  };
}

/**
 * Read one batch answer. The platform reports refusals inside the envelope (`resultCode` "401"
 * wrong key, "413" too many codes, …) even with HTTP 200, so the envelope is checked before the
 * data. An answer that leaves out a code it was asked about is incomplete, not "not found".
 */
export function parseBatchAnswer(body: Buffer | string, requested: readonly string[]): Map<string, PlatformRecord> {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (err) {
    throw new LegacyBadResponseError(`${ECONOMY_SYSTEM} answered with a body that is not JSON`, { cause: err });
  }
  const envelope = envelopeModel.safeParse(json);
  if (!envelope.success) {
    throw new LegacyBadResponseError(`${ECONOMY_SYSTEM} answered without its result envelope`, { cause: envelope.error });
  }
  if (envelope.data.resultCode !== '200') throw refusal(envelope.data.resultCode);
  const data = batchDataModel.safeParse(envelope.data.resultData);
  if (!data.success) {
    throw new LegacyBadResponseError(`${ECONOMY_SYSTEM} answered with data that does not match its protocol`, {
      cause: data.error,
    });
  }
  const asked = new Set(requested);
  const found = new Map<string, PlatformRecord>();
  for (const r of data.data.records) if (asked.has(r.uscc)) found.set(r.uscc, r);
  const notFound = new Set(data.data.notFound);
  const omitted = requested.filter((c) => !found.has(c) && !notFound.has(c)).length;
  if (omitted > 0) {
    throw new LegacyBadResponseError(`${ECONOMY_SYSTEM} left ${omitted} of the ${asked.size} codes asked for unanswered`);
  }
  return found;
}

/** A `resultCode` other than "200" as a typed failure (the code is quoted only when it looks like one). */
function refusal(resultCode: string): LegacyError {
  const code = /^[0-9A-Za-z_-]{1,12}$/.test(resultCode) ? resultCode : 'unreadable';
  if (code === '429') return new LegacyRateLimitedError(`${ECONOMY_SYSTEM} rate limit reached (resultCode 429)`, undefined);
  if (/^5\d\d$/.test(code)) return new LegacyUnavailableError(`${ECONOMY_SYSTEM} reported an internal failure (resultCode ${code})`);
  if (code === '401' || code === '403') {
    return new LegacyBadResponseError(`${ECONOMY_SYSTEM} rejected the application key (resultCode ${code})`);
  }
  if (code === '413') return new LegacyBadResponseError(`${ECONOMY_SYSTEM} refused the batch as too large (resultCode 413)`);
  return new LegacyBadResponseError(`${ECONOMY_SYSTEM} refused the call (resultCode ${code})`);
}
