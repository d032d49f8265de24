import type { SimRequest, SimResponse } from '../sim/index.js';
import type { CourtsTruth, Dataset, EnterpriseTruth, ListEntry, RemovalKind } from '../dataset/types.js';

/**
 * The protocol of the courts' enforcement-information system (中国执行信息公开网 style, 执行信息公开):
 *
 *   GET /zxgk/api/v1/subjects/{zzjgdm}/records?pageNo=1&pageSize=20      header `appKey: <key>`
 *
 * keyed by the organisation code `XXXXXXXX-X` (positions 9–17 of the USCC). There is no batch
 * endpoint: one subject per call, at most 20 records per page (`pageSize` > 20 → HTTP 400).
 * An unknown organisation code is not an error: `total: 0`. Records of all three kinds come in one
 * list, told apart by `lx`: `SX` 失信被执行人, `XG` 限制消费, `ZX` 被执行人. Dates are `YYYY-MM-DD`;
 * a missing date is `null`, a missing text is `""`, amounts are strings with two decimals, and the
 * objection state is a one-character code — the habits of the old system.
 */

/** Largest page the system serves. */
export const COURTS_MAX_PAGE_SIZE = 20;

const RECORDS_PATH = /^\/zxgk\/api\/v1\/subjects\/([^/]+)\/records$/;
const ORG_CODE = /^[0-9A-Z]{8}-[0-9X]$/;

/** 移除原因 as the court system words it (法释〔2017〕7号 第十条). */
const REMOVAL_WORDING: Record<RemovalKind, string> = {
  PERFORMED: '已履行',
  // A court "cure" is a settlement with the creditor that was then performed.
  CURED: '和解',
  REVOKED: '撤销',
  REPAIRED: '信用修复',
};

/** 异议状态: 0 无异议, 1 异议审查中, 2 异议已办结. */
const objectionCode = (e: ListEntry): string => (e.underObjection ? '1' : '0');

interface LegacyListItem {
  [field: string]: string | null;
}

function renderRecords(truth: EnterpriseTruth, courts: CourtsTruth): LegacyListItem[] {
  const fddbr = truth.market?.registration.legalRepresentative.name ?? '';
  const filedOn = new Map(courts.enforcementCases.map((c) => [c.caseNumber, c.filedOn]));
  const listFields = (e: ListEntry) => ({
    ah: e.reference,
    zxfy: e.authority,
    // 立案时间 is known only when the enforcement case behind the listing is on file.
    lasj: filedOn.get(e.reference) ?? null,
    fbsj: e.listedOn,
    gsjzrq: e.publicUntil ?? null,
    pbrq: e.removedOn ?? null,
    pbyy: e.removal ? REMOVAL_WORDING[e.removal] : '',
    yyzt: objectionCode(e),
    fddbr,
  });
  const sx = courts.dishonestDebtor.map((e) => ({
    lx: 'SX',
    ...listFields(e),
    // 执行依据文号 is not kept by this system's extract; the field is there but empty.
    zxyj: '',
    yw: e.obligation,
    lxqk: e.performance,
    sxqx: e.reason,
  }));
  const xg = courts.consumptionRestrictions.map((e) => ({ lx: 'XG', ...listFields(e), xzyy: e.reason }));
  const zx = courts.enforcementCases.map((c) => ({
    lx: 'ZX',
    ah: c.caseNumber,
    zxfy: c.court,
    lasj: c.filedOn,
    zxbd: c.amountYuan.toFixed(2),
    jarq: c.closedOn ?? null,
    fddbr,
  }));
  return [...sx, ...xg, ...zx];
}

const json = (status: number, body: unknown, codes: number): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=UTF-8' },
  body: JSON.stringify(body),
  codes,
});

const refusal = (status: number, code: string, message: string, codes: number): SimResponse =>
  json(status, { success: false, code, message, total: 0, list: null }, codes);

function positiveIntParam(v: string | null, fallback: number): number | undefined {
  if (v === null || v === '') return fallback;
  return /^[1-9]\d{0,5}$/.test(v) ? Number(v) : undefined;
}

/** The courts protocol: `handle` and `malformed` for `createSimulator`. */
export function courtsProtocol(options: { dataset: Dataset; key: string }): {
  handle(req: SimRequest): SimResponse;
  malformed(req: SimRequest): SimResponse;
} {
  let malformedCount = 0;
  return {
    handle(req) {
      const m = RECORDS_PATH.exec(req.url.pathname);
      if (!m) return refusal(404, '404', '接口不存在', 0);
      if (req.method !== 'GET') return refusal(405, '405', '请求方法不支持', 0);
      const appKey = req.headers['appkey'];
      if (appKey !== options.key) return refusal(401, '10001', 'appKey无效或已过期', 1);
      const zzjgdm = decodeURIComponent(m[1]!).toUpperCase();
      if (!ORG_CODE.test(zzjgdm)) return refusal(400, '10002', '组织机构代码格式错误', 1);
      const pageNo = positiveIntParam(req.url.searchParams.get('pageNo'), 1);
      const pageSize = positiveIntParam(req.url.searchParams.get('pageSize'), COURTS_MAX_PAGE_SIZE);
      if (pageNo === undefined || pageSize === undefined) return refusal(400, '10003', '分页参数错误', 1);
      if (pageSize > COURTS_MAX_PAGE_SIZE) return refusal(400, '10004', `pageSize不能大于${COURTS_MAX_PAGE_SIZE}`, 1);

      const truth = options.dataset.byOrganizationCode(zzjgdm.replace('-', ''));
      const records = truth?.courts ? renderRecords(truth, truth.courts) : [];
      const list = records.slice((pageNo - 1) * pageSize, pageNo * pageSize);
      const answer = json(200, { success: true, code: '0', message: '查询成功', total: records.length, pageNo, pageSize, list }, 1);
      // The later pages of a code are the same lookup.
      return pageNo === 1 ? { ...answer, asked: [zzjgdm.replace('-', '')] } : answer;
    },
    malformed() {
      // Alternate the two ways the real system breaks: a body cut off mid-stream, and a
      // gateway page that is valid JSON but not an answer of this protocol.
      malformedCount++;
      if (malformedCount % 2 === 1) {
        return {
          status: 200,
          headers: { 'content-type': 'application/json;charset=UTF-8' },
          body: '{"success":true,"code":"0","total":3,"pageNo":1,"pageSize":20,"list":[{"lx":"SX","ah":"(2024)京0105执',
          codes: 1,
        };
      }
      return json(200, { success: true, code: '0', data: { rows: '系统维护中' } }, 1);
    },
  };
}
