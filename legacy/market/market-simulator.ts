import type { Dataset } from '../dataset/types.js';
import { createSimulator, type SimRequest, type SimResponse, type Simulator } from '../sim/index.js';
import { renderQyxx, type QyxxRecord } from './render.js';

/**
 * Stand-in for the provincial market-regulation credit platform (市场主体信用信息共享平台,
 * 企业信息查询接口 v2). Its protocol:
 *
 *   POST /api/v2/qyxx/batch      body {"tyshxydmList": ["9142…", …]}  (at most 100 codes)
 *   GET  /api/v2/qyxx/{tyshxydm}
 *   header X-Api-Key: <key>
 *
 * Like many systems of its generation it answers HTTP 200 for everything it understood, and puts
 * the outcome in an envelope: `{"code":"0000","msg":"成功","data":[…]}` on success,
 * `{"code":"E401","msg":"…"}` (and E400 / E413 / E404) otherwise. Codes it does not know are simply
 * absent from `data`; the single-code GET answers `"data": null` for them.
 */

/** Most codes one batch call may carry. */
export const QYXX_BATCH_LIMIT = 100;

export interface MarketSimulatorOptions {
  dataset: Dataset;
  /** Base latency per call in ms. Default 0. */
  latencyMs?: number;
  /** Relative latency jitter. Default 0.1. */
  jitter?: number;
  /** The API key callers must send in `X-Api-Key`. Default `market-dev-key`. */
  key?: string;
  /** Calls per second before HTTP 429. Default: unlimited. */
  rateLimitPerSecond?: number;
  /** Most codes per batch call. Default 100 (the platform's limit). */
  batchLimit?: number;
}

const CONTENT_TYPE = { 'content-type': 'application/json;charset=UTF-8' };

function envelope(code: string, msg: string, codes: number, data?: QyxxRecord[] | QyxxRecord | null): SimResponse {
  const body = data === undefined ? { code, msg } : { code, msg, data };
  return { status: 200, headers: CONTENT_TYPE, body: JSON.stringify(body), codes };
}

/** The codes a batch body asks for, or null when the body is not the expected JSON. */
function requestedCodes(body: Buffer): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const list = (parsed as { tyshxydmList?: unknown }).tyshxydmList;
  if (!Array.isArray(list) || !list.every((c): c is string => typeof c === 'string')) return null;
  return list;
}

export function createMarketSimulator(options: MarketSimulatorOptions): Simulator {
  const { dataset } = options;
  const key = options.key ?? 'market-dev-key';
  const batchLimit = options.batchLimit ?? QYXX_BATCH_LIMIT;

  const lookup = (code: string): QyxxRecord | undefined => {
    // The platform stores codes upper-case and matches exactly; it does no check-digit validation.
    const truth = dataset.byUscc(code.trim().toUpperCase());
    return truth?.market ? renderQyxx(truth.uscc, truth.market) : undefined;
  };

  function handle(req: SimRequest): SimResponse {
    const path = req.url.pathname.replace(/\/+$/, '');
    const isBatch = path === '/api/v2/qyxx/batch';
    const single = /^\/api\/v2\/qyxx\/([^/]+)$/.exec(path);
    if (!isBatch && !single) {
      // The servlet container's own page, not the platform's envelope.
      return {
        status: 404,
        headers: { 'content-type': 'text/html' },
        body: '<html><body><h1>HTTP Status 404 – Not Found</h1></body></html>',
        codes: 0,
      };
    }
    if ((isBatch && req.method !== 'POST') || (!isBatch && req.method !== 'GET')) {
      return envelope('E405', `不支持的请求方法：${req.method}`, 0);
    }
    const sent = req.headers['x-api-key'];
    if (sent !== key) return envelope('E401', '认证失败：API Key无效或已过期', 0);

    if (!isBatch) {
      const code = decodeURIComponent(single![1]!);
      const record = lookup(code);
      return record ? envelope('0000', '成功', 1, record) : envelope('0000', '查询无结果', 1, null);
    }

    const codes = requestedCodes(req.body);
    if (codes === null) return envelope('E400', '请求参数错误：tyshxydmList必须为字符串数组', 0);
    if (codes.length === 0) return envelope('E400', '请求参数错误：tyshxydmList不能为空', 0);
    if (codes.length > batchLimit) {
      return envelope('E413', `单次查询企业数量不得超过${batchLimit}个（本次${codes.length}个）`, codes.length);
    }
    const seen = new Set<string>();
    const data: QyxxRecord[] = [];
    for (const code of codes) {
      const record = lookup(code);
      if (record && !seen.has(record.tyshxydm)) {
        seen.add(record.tyshxydm);
        data.push(record);
      }
    }
    return envelope('0000', '成功', codes.length, data);
  }

  function malformed(req: SimRequest): SimResponse {
    const codes = req.method === 'POST' ? (requestedCodes(req.body)?.length ?? 0) : 1;
    // The gateway in front of the platform cuts answers off at its buffer size.
    return {
      status: 200,
      headers: CONTENT_TYPE,
      body: '{"code":"0000","msg":"成功","data":[{"tyshxydm":"91420100MA4K',
      codes,
    };
  }

  return createSimulator({
    name: 'market',
    latencyMs: options.latencyMs,
    jitter: options.jitter,
    rateLimitPerSecond: options.rateLimitPerSecond,
    handle,
    malformed,
  });
}
