import { departmentEntry } from '../../common/departments.js';
import { z } from 'zod';
import { LegacyBadResponseError, LegacyRateLimitedError, LegacyUnavailableError, type LegacySystem, type LegacyError } from '../shared/index.js';
import { batchDataModel, envelopeModel, singleDataModel, SUCCESS_CODE, type MarketLegacyRecord } from './legacy-models.js';

/** Most codes the platform accepts in one batch call (more → envelope E413). */
export const MARKET_LEGACY_BATCH_LIMIT = departmentEntry('MARKET_REGULATION').batchLimit;

/** How the system is named in error messages (never its address). */
const SYSTEM = 'market regulation system';

export interface MarketLegacyClientOptions {
  /** Base URL of the platform, without trailing slash. */
  url: string;
  /** API key, sent as `X-Api-Key`. */
  key: string;
  /** Deadline of one call in ms. */
  timeoutMs: number;
  /** The market regulation system as this service reaches it (dispatcher, breaker, metrics). */
  legacy: LegacySystem;
}

export interface MarketLegacyClient {
  /** Look up at most MARKET_LEGACY_BATCH_LIMIT codes in one call; unknown codes are absent from the map. */
  fetchBatch(codes: readonly string[]): Promise<Map<string, MarketLegacyRecord>>;
  /** Look up one code; null when the platform does not know it. */
  fetchOne(code: string): Promise<MarketLegacyRecord | null>;
}

/**
 * The platform answers HTTP 200 whatever happened and puts the outcome in `code`. Map the
 * envelope's error codes to the typed legacy errors; the platform's `msg` is not repeated.
 */
export function envelopeError(code: string): LegacyError {
  switch (code) {
    case 'E401':
    case 'E403':
      // A rejected key is a failure to get an answer, not an answer: the enterprise may have records.
      return new LegacyUnavailableError(`${SYSTEM} refused the API key (${code})`);
    case 'E429':
      return new LegacyRateLimitedError(`${SYSTEM} rate limit reached (${code})`, undefined);
    case 'E400':
    case 'E404':
    case 'E405':
    case 'E413':
      return new LegacyBadResponseError(`${SYSTEM} rejected the request (${code})`);
    default:
      // E5xx / E9xx are the platform's own failures (数据库异常, 系统繁忙).
      if (/^E[59]/.test(code)) return new LegacyUnavailableError(`${SYSTEM} reported an internal error (${code})`);
      return new LegacyBadResponseError(`${SYSTEM} answered with an unknown status code`);
  }
}

/** Parse an answer body: JSON, then envelope, then `data` with the given model. */
function readAnswer<T extends z.ZodType>(body: Buffer, dataModel: T): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new LegacyBadResponseError(`${SYSTEM} answered with something that is not JSON`, { cause: err });
  }
  const envelope = envelopeModel.safeParse(json);
  if (!envelope.success) throw new LegacyBadResponseError(`${SYSTEM} answered without its envelope`, { cause: envelope.error });
  if (envelope.data.code !== SUCCESS_CODE) throw envelopeError(envelope.data.code);
  const data = dataModel.safeParse(envelope.data.data);
  if (!data.success) {
    // The zod error names the field paths; it stays a `cause` for logs, never in the message.
    throw new LegacyBadResponseError(`${SYSTEM} answered with records that do not match its model`, { cause: data.error });
  }
  return data.data;
}

export function createMarketLegacyClient(options: MarketLegacyClientOptions): MarketLegacyClient {
  const headers = {
    'x-api-key': options.key,
    accept: 'application/json',
  };
  return {
    async fetchBatch(codes) {
      if (codes.length === 0) return new Map();
      const answer = await options.legacy.request({
        method: 'POST',
        url: `${options.url}/api/v2/qyxx/batch`,
        headers: { ...headers, 'content-type': 'application/json;charset=UTF-8' },
        body: JSON.stringify({ tyshxydmList: codes }),
        timeoutMs: options.timeoutMs,
      });
      const records = readAnswer(answer.body, batchDataModel);
      return new Map(records.map((r) => [r.uscc, r]));
    },
    async fetchOne(code) {
      const answer = await options.legacy.request({
        method: 'GET',
        url: `${options.url}/api/v2/qyxx/${encodeURIComponent(code)}`,
        headers,
        timeoutMs: options.timeoutMs,
      });
      return readAnswer(answer.body, singleDataModel);
    },
  };
}
