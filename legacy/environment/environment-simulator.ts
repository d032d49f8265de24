import iconv from 'iconv-lite';
import type { Dataset } from '../dataset/types.js';
import { createSimulator, type SimRequest, type SimResponse, type Simulator } from '../sim/index.js';
import { EXPORT_COLUMNS, RECORD_PENALTY, renderCsv, rowsFor, csvField } from './csv-export.js';

export interface EnvironmentSimulatorOptions {
  /** The truth to render. */
  dataset: Dataset;
  /** Base latency per call in ms. Default 0. */
  latencyMs?: number;
  /** Relative latency jitter. Default 0.1. */
  jitter?: number;
  /** The export token (`token` parameter) the platform accepts. Default `environment-dev-key`. */
  key?: string;
  /** Most codes one export may ask for. Default 200. */
  maxCodes?: number;
  /** Calls per second before 429. Default: unlimited. */
  rateLimitPerSecond?: number;
}

/** The export endpoint of the provincial environmental credit platform. */
export const EXPORT_PATH = '/export/credit.csv';

const CSV_TYPE = 'text/csv; charset=GBK';
const TEXT_TYPE = 'text/plain; charset=GBK';

/** Everything the platform sends is GBK — including its error messages. */
const gbk = (s: string): Buffer => iconv.encode(s, 'gbk');

function textAnswer(status: number, message: string, codes: number): SimResponse {
  return { status, headers: { 'content-type': TEXT_TYPE }, body: gbk(message), codes };
}

/** `codes` and `token` from the query string and, for POST, from the form body (the body wins). */
function readParams(req: SimRequest): URLSearchParams {
  const params = new URLSearchParams(req.url.search);
  if (req.method === 'POST' && req.body.length > 0) {
    // The form is ASCII (codes and token); any stray GBK bytes would not matter for them.
    for (const [k, v] of new URLSearchParams(req.body.toString('latin1'))) params.set(k, v);
  }
  return params;
}

function splitCodes(raw: string | null): string[] {
  if (!raw) return [];
  return raw
    .split(/[,，]/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c.length > 0);
}

/**
 * The 生态环境 (environment) legacy system: a CSV export over HTTP.
 *
 *   POST /export/credit.csv   form `codes=<USCC,USCC,…>&token=<key>`
 *   GET  /export/credit.csv?codes=…&token=…
 *
 * Answers `text/csv; charset=GBK`, BOM-less, CRLF, one header row then one row per record
 * (a 企业信息 row for every enterprise the platform knows, then 信用评价 and 行政处罚 rows); an
 * unknown code has no rows. More than `maxCodes` codes → 400, wrong token → 403, both with a
 * GBK plain-text message.
 */
export function createEnvironmentSimulator(options: EnvironmentSimulatorOptions): Simulator {
  const key = options.key ?? 'environment-dev-key';
  const maxCodes = options.maxCodes ?? 200;
  const { dataset } = options;
  let malformedRound = 0;

  function handle(req: SimRequest): SimResponse {
    if (req.url.pathname !== EXPORT_PATH) return textAnswer(404, '404 请求的页面不存在', 0);
    if (req.method !== 'GET' && req.method !== 'POST') return textAnswer(405, '不支持的请求方式', 0);
    const params = readParams(req);
    const codes = splitCodes(params.get('codes'));
    if (params.get('token') !== key) return textAnswer(403, '访问令牌无效或已过期，拒绝访问。', codes.length);
    if (codes.length === 0) return textAnswer(400, '参数错误：缺少统一社会信用代码(codes)。', 0);
    if (codes.length > maxCodes) {
      return textAnswer(400, `参数错误：单次导出不得超过${maxCodes}个统一社会信用代码，本次${codes.length}个。`, codes.length);
    }
    const rows = [];
    const seen = new Set<string>();
    for (const code of codes) {
      // The platform answers each distinct code once, in the order asked.
      if (seen.has(code)) continue;
      seen.add(code);
      const truth = dataset.byUscc(code);
      if (truth) rows.push(...rowsFor(truth, dataset.today));
    }
    return { status: 200, headers: { 'content-type': CSV_TYPE }, body: gbk(renderCsv(rows)), codes: codes.length };
  }

  /** Broken exports seen in the wild, in turn: another report's header, a cut-off transfer, mangled bytes. */
  function malformed(req: SimRequest): SimResponse {
    const codes = splitCodes(readParams(req).get('codes'));
    const first = codes[0] ?? '';
    const variant = malformedRound++ % 3;
    let body: Buffer;
    if (variant === 0) {
      // The 排污许可 export answered on the credit endpoint after a bad deployment.
      body = gbk(`统一社会信用代码,单位名称,许可证编号,有效期限\r\n${first},某某公司,91320000MA00000000001P,2026/12/31\r\n`);
    } else if (variant === 1) {
      // The connection dropped mid-row: an unterminated quoted field and a short row.
      const header = EXPORT_COLUMNS.join(',');
      body = gbk(`${header}\r\n${first},${csvField('某化工有限公司')},${RECORD_PENALTY},,,,,环罚〔2024〕12号,罚款,50000.00,"超标排放废水，COD浓度`);
    } else {
      // A UTF-8 file served as GBK, with a dropped byte: not decodable as GBK.
      const header = gbk(EXPORT_COLUMNS.join(',') + '\r\n');
      body = Buffer.concat([header, Buffer.from(`${first},`, 'latin1'), Buffer.from([0xe7, 0x8e, 0xaf, 0xff, 0x0a])]);
    }
    return { status: 200, headers: { 'content-type': CSV_TYPE }, body, codes: codes.length };
  }

  return createSimulator({
    name: 'environment',
    latencyMs: options.latencyMs,
    jitter: options.jitter,
    rateLimitPerSecond: options.rateLimitPerSecond,
    handle,
    malformed,
  });
}
