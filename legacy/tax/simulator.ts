import { XMLParser } from 'fast-xml-parser';
import type { Dataset, EnterpriseTruth } from '../dataset/types.js';
import { createSimulator, type SimRequest, type SimResponse, type Simulator } from '../sim/index.js';
import { TAX_MAX_TAXPAYERS, TAX_OPERATION, TAX_SERVICE_PATH, TAX_SOAP_ACTION } from './protocol.js';
import { renderFault, renderResponse, renderTaxpayer } from './render.js';

export interface TaxSimulatorOptions {
  /** The truth to serve (only the `tax` sections are visible to the tax system). */
  dataset: Dataset;
  /** Base latency per call in ms. Default 0. */
  latencyMs?: number;
  /** Relative jitter of the latency. Default 0.1. */
  jitter?: number;
  /** The AppKey the service accepts. Default `tax-dev-key`. */
  key?: string;
  /** Calls per second before HTTP 429. Default: unlimited. */
  rateLimitPerSecond?: number;
  /** Taxpayers per call (单次查询户数上限). Default 50. */
  maxTaxpayers?: number;
  /** Clock for the 查询时间 stamp. Default: the system clock. */
  clock?: () => Date;
}

const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8' };

// The request items are the only repeated element; everything else is read as single values.
const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (_name, jpath) => jpath === `Envelope.Body.${TAX_OPERATION}.Cxlb.Taxpayer`,
});

interface QueryItem {
  nsrsbh: string;
  ysbh: string;
}

type Parsed = { ok: true; key: string | undefined; items: QueryItem[] | undefined } | { ok: false; faultstring: string; errorCode: string };

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function parseRequest(body: Buffer): Parsed {
  let doc: unknown;
  try {
    // `true`: validate first, so a truncated request is rejected instead of half-read.
    doc = parser.parse(body.toString('utf8'), true);
  } catch {
    return { ok: false, faultstring: '请求报文不是合法的XML文档', errorCode: 'XML001' };
  }
  const envelope = obj(obj(doc)?.Envelope);
  if (!envelope) return { ok: false, faultstring: '请求报文缺少SOAP Envelope', errorCode: 'XML002' };
  const key = obj(obj(envelope.Header)?.AuthHeader)?.AppKey;
  const op = obj(obj(envelope.Body)?.[TAX_OPERATION]);
  const rawItems = obj(op?.Cxlb)?.Taxpayer;
  const items = Array.isArray(rawItems)
    ? rawItems.map((it): QueryItem => ({ nsrsbh: str(obj(it)?.Nsrsbh ?? it), ysbh: str(obj(it)?.Ysbh) }))
    : op
      ? []
      : undefined;
  return { ok: true, key: typeof key === 'string' ? key.trim() : undefined, items };
}

/**
 * The tax bureau's credit web service (纳税信用信息查询服务): SOAP 1.1 over HTTP.
 *
 * Quirks it reproduces:
 * - the SOAPAction header must name the operation exactly (quoted or not, as JAX-WS accepts);
 * - the AppKey travels in a SOAP header; every refusal is a SOAP Fault with HTTP 500
 *   (`soap:Client`, Chinese faultstring), never a 401/400;
 * - at most 50 taxpayers per call; one item may carry both the USCC (`Nsrsbh`) and the old
 *   15-digit number (`Ysbh`), and the limit counts items, not numbers;
 * - each found taxpayer is answered once, keyed by the number the tax office holds
 *   (the USCC, or the 15-digit number for taxpayers never re-registered); unknown ones are absent;
 * - dates `YYYYMMDD`, amounts yuan with two decimals, empty elements for empty lists.
 */
export function createTaxSimulator(options: TaxSimulatorOptions): Simulator {
  const key = options.key ?? 'tax-dev-key';
  const max = options.maxTaxpayers ?? TAX_MAX_TAXPAYERS;
  const clock = options.clock ?? (() => new Date());
  const { dataset } = options;

  const fault = (faultstring: string, errorCode: string, codes: number, faultcode: 'soap:Client' | 'soap:Server' = 'soap:Client'): SimResponse => ({
    status: 500,
    headers: XML_HEADERS,
    body: renderFault(faultcode, faultstring, errorCode),
    codes,
  });

  /** Look a taxpayer up the way the tax ledger does: by its taxpayer number only. */
  const find = (item: QueryItem): EnterpriseTruth | undefined => {
    for (const n of [item.nsrsbh, item.ysbh]) {
      if (!n) continue;
      const e = dataset.byTaxpayerId(n);
      if (e?.tax && e.tax.taxpayerId === n) return e;
    }
    return undefined;
  };

  const answer = (items: readonly QueryItem[]): string => {
    const seen = new Set<string>();
    const rendered: string[] = [];
    for (const item of items) {
      const e = find(item);
      if (!e?.tax || seen.has(e.tax.taxpayerId)) continue;
      seen.add(e.tax.taxpayerId);
      rendered.push(renderTaxpayer(e.tax, e.market?.registration.name));
    }
    return renderResponse(rendered, clock());
  };

  function handle(req: SimRequest): SimResponse {
    if (req.url.pathname !== TAX_SERVICE_PATH) {
      return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>404 Not Found</h1></body></html>', codes: 0 };
    }
    if (req.method !== 'POST') {
      return {
        status: 405,
        headers: { 'content-type': 'text/html', allow: 'POST' },
        body: '<html><body><h1>405 Method Not Allowed</h1></body></html>',
        codes: 0,
      };
    }
    const contentType = String(req.headers['content-type'] ?? '');
    if (!/^text\/xml\b/i.test(contentType)) {
      // What a JAX-WS endpoint answers to a SOAP 1.2 or JSON body.
      return {
        status: 415,
        headers: { 'content-type': 'text/plain' },
        body: `Unsupported Content-Type: ${contentType} Supported ones are: [text/xml]`,
        codes: 0,
      };
    }
    const parsed = parseRequest(req.body);
    if (!parsed.ok) return fault(parsed.faultstring, parsed.errorCode, 0);
    const asked = parsed.items?.length ?? 0;
    const action = String(req.headers.soapaction ?? '')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (action !== TAX_SOAP_ACTION) return fault(`无效的SOAPAction：“${action}”，本服务不支持该操作`, 'SOAP001', asked);
    if (parsed.key !== key) return fault('身份认证失败：AppKey无效或未提供', 'AUTH001', asked);
    if (!parsed.items) return fault(`请求报文缺少${TAX_OPERATION}操作元素`, 'XML003', 0);
    if (asked > max) return fault(`单次查询纳税人不得超过${max}户，本次请求${asked}户`, 'LIMIT001', asked);
    const blank = parsed.items.findIndex((it) => !it.nsrsbh && !it.ysbh);
    if (blank >= 0) return fault(`第${blank + 1}户纳税人未提供纳税人识别号`, 'PARAM001', asked);
    return {
      status: 200,
      headers: XML_HEADERS,
      body: answer(parsed.items),
      codes: asked,
      asked: parsed.items.map((it) => (it.nsrsbh || it.ysbh)!),
    };
  }

  function malformed(req: SimRequest): SimResponse {
    // The gateway in front of the old service cuts long answers off mid-stream.
    const parsed = parseRequest(req.body);
    const items = parsed.ok ? (parsed.items ?? []) : [];
    const full = answer(items);
    return { status: 200, headers: XML_HEADERS, body: full.slice(0, Math.max(60, Math.floor(full.length * 0.6))), codes: items.length };
  }

  return createSimulator({
    name: 'tax',
    latencyMs: options.latencyMs,
    jitter: options.jitter,
    rateLimitPerSecond: options.rateLimitPerSecond,
    handle,
    malformed,
  });
}
