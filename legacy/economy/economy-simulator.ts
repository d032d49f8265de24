import type { Dataset, EconomyTruth, EnterpriseTruth } from '../dataset/types.js';
import { createSimulator, type SimRequest, type SimResponse, type Simulator } from '../sim/index.js';
import { renderEconomyItem, writeChineseNumeralDate, type DateWriter, type LegacyEconomyItem } from './render.js';

/** The one query endpoint of the economy & IT (经信) credit platform's open API. */
export const ECONOMY_QUERY_PATH = '/openapi/v1/credit/batchQuery';
/** Header the platform reads the application key from. */
export const ECONOMY_KEY_HEADER = 'X-App-Key';

export interface EconomySimulatorOptions {
  dataset: Dataset;
  /** Base latency per call in ms. Default 0. */
  latencyMs?: number;
  /** Relative jitter of the latency. Default 0.1. */
  jitter?: number;
  /** The application key callers must send in `X-App-Key`. Default `economy-dev-key`. */
  key?: string;
  /** Calls per second before HTTP 429. Default: unlimited. */
  rateLimitPerSecond?: number;
  /** Most codes one call may ask for (above → resultCode 413). Default 100. */
  batchLimit?: number;
  /**
   * What the `malformed` fault answers: JSON cut off mid-stream, an answer whose dates are written
   * in Chinese numerals, or the two in turn. Default `alternate`.
   */
  malformedStyle?: 'truncated' | 'bad-date' | 'alternate';
}

/** The platform's envelope: `resultCode` is a string, and errors still come with HTTP 200. */
interface Envelope {
  resultCode: string;
  resultMsg: string;
  resultData: { items: LegacyEconomyItem[]; notFound: string[] } | null;
}

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };

/**
 * A stand-in for the economy & IT department's credit platform (经信 信用信息平台):
 *
 *   POST /openapi/v1/credit/batchQuery   header `X-App-Key: <key>`   body `{"xydmList": ["9144…", …]}`
 *   → 200 `{"resultCode":"200","resultMsg":"查询成功","resultData":{"items":[…],"notFound":[…]}}`
 *
 * Like many provincial platforms it reports refusals in the envelope with HTTP 200:
 * `"401"` wrong or missing key, `"413"` more than `batchLimit` codes, `"400"` a body it cannot read.
 * An unknown path answers HTTP 404 and a non-POST HTTP 405, each with the same envelope.
 */
export function createEconomySimulator(options: EconomySimulatorOptions): Simulator {
  const { dataset } = options;
  const key = options.key ?? 'economy-dev-key';
  const batchLimit = options.batchLimit ?? 100;
  const malformedStyle = options.malformedStyle ?? 'alternate';
  let malformedCount = 0;

  const envelope = (status: number, e: Envelope, codes: number): SimResponse => ({
    status,
    headers: JSON_HEADERS,
    body: JSON.stringify(e),
    codes,
  });
  const refusal = (resultCode: string, resultMsg: string, codes: number, status = 200) =>
    envelope(status, { resultCode, resultMsg, resultData: null }, codes);

  /** The request's code list, or a reason it cannot be read. */
  function readCodes(req: SimRequest): string[] | null {
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      return null;
    }
    if (typeof body !== 'object' || body === null) return null;
    const list = (body as { xydmList?: unknown }).xydmList;
    if (!Array.isArray(list) || !list.every((c): c is string => typeof c === 'string')) return null;
    return list;
  }

  function answer(codes: readonly string[], writeDate?: DateWriter): Envelope {
    const items: LegacyEconomyItem[] = [];
    const notFound: string[] = [];
    for (const code of codes) {
      const truth = dataset.byUscc(code);
      if (truth && hasEconomy(truth)) items.push(renderEconomyItem(truth, dataset.today, writeDate));
      else notFound.push(code);
    }
    return { resultCode: '200', resultMsg: '查询成功', resultData: { items, notFound } };
  }

  function handle(req: SimRequest): SimResponse {
    if (req.url.pathname !== ECONOMY_QUERY_PATH) return refusal('404', '接口不存在', 0, 404);
    if (req.method !== 'POST') return refusal('405', '请求方法不支持', 0, 405);
    const codes = readCodes(req);
    const asked = codes?.length ?? 0;
    if (req.headers[ECONOMY_KEY_HEADER.toLowerCase()] !== key) return refusal('401', '应用密钥无效或已过期', asked);
    if (codes === null) return refusal('400', '请求参数格式错误：xydmList 必须为字符串数组', 0);
    if (codes.length > batchLimit) return refusal('413', `单次查询统一社会信用代码不得超过${batchLimit}个`, asked);
    return envelope(200, answer(codes), asked);
  }

  function malformed(req: SimRequest): SimResponse {
    const codes = readCodes(req) ?? [];
    const style = malformedStyle === 'alternate' ? (malformedCount++ % 2 === 0 ? 'truncated' : 'bad-date') : malformedStyle;
    if (style === 'bad-date') {
      const broken = answer(codes, writeChineseNumeralDate);
      const hasDate = broken.resultData?.items.some((i) => i.rychList.length + i.aqscsxList.length + i.xycnList.length > 0);
      // Nothing dated to break: a well-formed answer would not be malformed, so cut it off instead.
      if (hasDate) return envelope(200, broken, codes.length);
    }
    const full = JSON.stringify(answer(codes));
    return { status: 200, headers: JSON_HEADERS, body: full.slice(0, Math.max(1, Math.floor(full.length * 0.6))), codes: codes.length };
  }

  return createSimulator({
    name: 'economy',
    latencyMs: options.latencyMs,
    jitter: options.jitter,
    rateLimitPerSecond: options.rateLimitPerSecond,
    handle,
    malformed,
  });
}

function hasEconomy(t: EnterpriseTruth): t is EnterpriseTruth & { economy: EconomyTruth } {
  return t.economy !== null;
}
