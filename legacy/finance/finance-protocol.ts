import type { SimRequest, SimResponse } from '../sim/index.js';
import type { Dataset, EnterpriseTruth, IsoDate, ProcurementDishonestEntry } from '../dataset/types.js';

/**
 * The protocol of the finance department's government-procurement credit system (政府采购信用信息
 * 查询, the 政府采购严重违法失信行为记录名单 behind 中国政府采购网's search):
 *
 *   GET /api/cgxx/search?creditCode=<统一社会信用代码>&page=1&size=20      header `X-Api-Key: <key>`
 *   → 200 {"code":"0000","msg":"查询成功","total":n,"page":1,"size":20,"records":[…]}
 *
 * A search, keyed by the code: no batch endpoint, at most 20 records per page (`size` > 20 → HTTP 400).
 * A code with no entry is not an error: `total: 0`. Records are newest first, with pinyin-initial
 * field names (`cfjdswh` 处罚决定书文号, `wfsxxw` 违法失信行为, `cfjg` 处罚结果, `zfdw` 执法单位, …), the
 * decision and publication dates written `2025年03月05日` and the 处罚期限 bounds `20250305` — the
 * habits of the old system. Refusals come with an HTTP error status and `{code, msg}`.
 */

/** Largest page the system serves. */
export const FINANCE_MAX_PAGE_SIZE = 20;
export const FINANCE_SEARCH_PATH = '/api/cgxx/search';
/** Header the system reads its key from. */
export const FINANCE_KEY_HEADER = 'X-Api-Key';

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** `2025-03-05` → `2025年03月05日`. */
const chineseDate = (d: IsoDate): string => `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日`;
/** `2025-03-05` → `20250305`. */
const compactDate = (d: IsoDate): string => d.replaceAll('-', '');

/** One record as the legacy system writes it. */
export interface LegacyFinanceRecord {
  /** 记录编号 */
  jlbh: string;
  /** 供应商名称 */
  gysmc: string;
  /** 统一社会信用代码 */
  tyshxydm: string;
  /** 处罚决定书文号 */
  cfjdswh: string;
  /** 违法失信行为（具体情形） */
  wfsxxw: string;
  /** 处罚依据 */
  cfyj: string;
  /** 处罚结果 */
  cfjg: string;
  /** 处罚日期, 2025年03月05日 */
  cfrq: string;
  /** 处罚期限（起）, 20250305 */
  cfqxq: string;
  /** 处罚期限（止）, 20260304 */
  cfqxz: string;
  /** 执法单位 */
  zfdw: string;
  /** 公布日期, 2025年03月10日 */
  fbrq: string;
}

export function renderFinanceRecord(truth: EnterpriseTruth, e: ProcurementDishonestEntry, n: number): LegacyFinanceRecord {
  return {
    jlbh: `CGSX${compactDate(e.publishedOn)}${String(n + 1).padStart(4, '0')}`,
    gysmc: truth.market?.registration.name ?? '',
    tyshxydm: truth.uscc,
    cfjdswh: e.reference,
    wfsxxw: e.facts,
    cfyj: e.legalBasis,
    cfjg: e.penaltyResult,
    cfrq: chineseDate(e.decidedOn),
    cfqxq: compactDate(e.banFrom),
    cfqxz: compactDate(e.banUntil),
    zfdw: e.authority,
    fbrq: chineseDate(e.publishedOn),
  };
}

/** Every record of a supplier, newest publication first (as the search lists them). */
export function financeRecordsOf(truth: EnterpriseTruth | undefined): LegacyFinanceRecord[] {
  const entries = truth?.finance?.procurementDishonest ?? [];
  return [...entries]
    .sort((a, b) => (a.publishedOn < b.publishedOn ? 1 : a.publishedOn > b.publishedOn ? -1 : 0))
    .map((e, i) => renderFinanceRecord(truth!, e, i));
}

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };

const json = (status: number, body: unknown, codes: number): SimResponse => ({ status, headers: JSON_HEADERS, body: JSON.stringify(body), codes });
const refusal = (status: number, code: string, msg: string, codes: number): SimResponse => json(status, { code, msg }, codes);

function positiveIntParam(v: string | null, fallback: number): number | undefined {
  if (v === null || v === '') return fallback;
  return /^[1-9]\d{0,5}$/.test(v) ? Number(v) : undefined;
}

/** The finance protocol: `handle` and `malformed` for `createSimulator`. */
export function financeProtocol(options: { dataset: Dataset; key: string }): {
  handle(req: SimRequest): SimResponse;
  malformed(req: SimRequest): SimResponse;
} {
  let malformedCount = 0;
  return {
    handle(req) {
      if (req.url.pathname !== FINANCE_SEARCH_PATH) return refusal(404, 'E404', '接口不存在', 0);
      if (req.method !== 'GET') return refusal(405, 'E405', '请求方式错误', 0);
      if (req.headers['x-api-key'] !== options.key) return refusal(401, 'E401', '接口密钥无效', 1);
      const code = (req.url.searchParams.get('creditCode') ?? '').toUpperCase();
      if (!USCC.test(code)) return refusal(400, 'E4001', '统一社会信用代码格式错误', 1);
      const page = positiveIntParam(req.url.searchParams.get('page'), 1);
      const size = positiveIntParam(req.url.searchParams.get('size'), FINANCE_MAX_PAGE_SIZE);
      if (page === undefined || size === undefined) return refusal(400, 'E4002', '分页参数错误', 1);
      if (size > FINANCE_MAX_PAGE_SIZE) return refusal(400, 'E4003', `每页条数不能超过${FINANCE_MAX_PAGE_SIZE}`, 1);

      const records = financeRecordsOf(options.dataset.byUscc(code));
      return json(
        200,
        { code: '0000', msg: '查询成功', total: records.length, page, size, records: records.slice((page - 1) * size, page * size) },
        1,
      );
    },
    malformed() {
      // The three ways the real system breaks, in turn: a body cut off mid-stream, a maintenance
      // page that is valid JSON but no answer of this protocol, and a record whose date is no date.
      malformedCount++;
      switch (malformedCount % 3) {
        case 1:
          return {
            status: 200,
            headers: JSON_HEADERS,
            body: '{"code":"0000","msg":"查询成功","total":2,"page":1,"size":20,"records":[{"jlbh":"CGSX2025',
            codes: 1,
          };
        case 2:
          return json(200, { code: '0000', msg: '系统升级中', data: { list: '请稍后再试' } }, 1);
        default:
          return json(
            200,
            {
              code: '0000',
              msg: '查询成功',
              total: 1,
              page: 1,
              size: FINANCE_MAX_PAGE_SIZE,
              records: [
                {
                  jlbh: 'CGSX202503100001',
                  gysmc: '某某科技有限公司',
                  tyshxydm: '914205020361824755',
                  cfjdswh: '宜财采罚〔2025〕3号',
                  wfsxxw: '提供虚假材料谋取中标',
                  cfyj: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
                  cfjg: '罚款人民币12000元，列入不良行为记录名单，一年内禁止参加政府采购活动',
                  cfrq: '2025年13月05日',
                  cfqxq: '20250305',
                  cfqxz: '20260304',
                  zfdw: '宜昌市财政局',
                  fbrq: '2025年03月10日',
                },
              ],
            },
            1,
          );
      }
    },
  };
}
