import type { ListEntry, MarketTruth, Penalty, RemovalKind, RegistrationStatus } from '../dataset/types.js';
import { assertNever } from '../../common/assert-never.js';

/**
 * Renders the market section of the truth the way the provincial 市场主体信用信息共享平台 answers:
 * pinyin-abbreviation field names (the column names of its Oracle tables), every scalar a string,
 * dates as `yyyy-MM-dd HH:mm:ss`, empty strings instead of null, amounts as decimal strings
 * (注册资本 and 罚款金额 in 万元, as the 双公示 data standard stores them).
 */

/** One enterprise as the legacy system returns it in `data[]`. */
export interface QyxxRecord {
  /** 统一社会信用代码 */
  tyshxydm: string;
  /** 企业名称 */
  qymc: string;
  /** 企业类型 */
  qylx: string;
  /** 法定代表人 */
  fddbr: string;
  /** 法定代表人证件类型 */
  fddbrzjlx: string;
  /** 法定代表人证件号码 (unmasked: the platform is an internal government system). */
  fddbrzjhm: string;
  /** 登记状态 (text) */
  djzt: string;
  /** 成立日期 */
  clrq: string;
  /** 注销日期 */
  zxrq: string;
  /** 吊销日期 */
  dxrq: string;
  /** 住所 */
  zs: string;
  /** 注册资本 (万元) */
  zczb: string;
  /** 注册资本币种 */
  zczbbz: string;
  /** 经营范围 */
  jyfw: string;
  /** 登记机关 */
  djjg: string;
  /** 行政处罚 */
  xzcf: XzcfEntry[];
  /** 经营异常名录 */
  jyyc: ListingEntry[];
  /** 严重违法失信名单 */
  yzwf: ListingEntry[];
}

/** 行政处罚 — field names of the 双公示 standard (CF_WSH, CF_CFLB, CF_NR_FK, …), lower-cased. */
export interface XzcfEntry {
  /** 行政处罚决定书文号 */
  cf_wsh: string;
  /** 处罚类别 */
  cf_cflb: string;
  /** 罚款金额 (万元) */
  cf_nr_fk: string;
  /** 处罚决定日期 */
  cf_jdrq: string;
  /** 处罚机关 */
  cf_cfjg: string;
  /** 违法事实 */
  cf_sy: string;
  /** 公示截止期 */
  cf_gsjzq: string;
  /** 是否较重行政处罚: 是 / 否 */
  sfjzcf: string;
  /** 停止公示日期 */
  tzgsrq: string;
  /** 停止公示原因 */
  tzgsyy: string;
  /** 异议状态 */
  yyzt: string;
}

/** 经营异常名录 / 严重违法失信名单 entry (列入 and 移出 in one row, as the list table keeps them). */
export interface ListingEntry {
  /** 列入决定书文号 */
  lrwh: string;
  /** 列入日期 */
  lrrq: string;
  /** 列入原因 */
  lryy: string;
  /** 作出决定机关（列入） */
  lrjg: string;
  /** 公示截止日期 */
  gsjzrq: string;
  /** 移出日期 */
  ycrq: string;
  /** 移出原因 */
  ycyy: string;
  /** 作出决定机关（移出） */
  ycjg: string;
  /** 异议状态 */
  yyzt: string;
}

/** 登记状态 as the registration system writes it. */
export const DJZT_TEXT: Readonly<Record<RegistrationStatus, string>> = {
  OPERATING: '存续（在营、开业、在册）',
  DEREGISTERED: '注销',
  REVOKED: '吊销，未注销',
};

/** What the platform shows while an objection (异议) is being handled. */
export const OBJECTION_TEXT = '异议处理中';

/**
 * A legacy timestamp for an ISO date. The time part is what the clerk's workstation stamped; it is
 * deterministic per record so answers are stable, and it is never midnight-only, so a client that
 * forgets to drop it is caught.
 */
export function legacyDateTime(iso: string | undefined, seed = ''): string {
  if (!iso) return '';
  if (seed === '') return `${iso} 00:00:00`;
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hh = String(8 + (h % 10)).padStart(2, '0');
  const mm = String((h >>> 4) % 60).padStart(2, '0');
  const ss = String((h >>> 10) % 60).padStart(2, '0');
  return `${iso} ${hh}:${mm}:${ss}`;
}

/** Decimal string of a 万元 amount with the six places of the Oracle NUMBER(18,6) column. */
function wan(amount: number): string {
  return amount.toFixed(6);
}

/**
 * 移出原因 as the 经营异常名录 module words it. The wording depends on why the enterprise was listed:
 * the registry writes the article it removed it under.
 */
function abnormalRemovalReason(entry: ListEntry): string {
  return removalText(entry.removal, entry.reason, 'jyyc');
}

function removalText(removal: RemovalKind | undefined, listReason: string, list: 'jyyc' | 'yzwf'): string {
  switch (removal) {
    case 'REPAIRED':
      return list === 'jyyc'
        ? '依照《市场监督管理信用修复管理办法》第五条规定，经信用修复移出经营异常名录'
        : '依照《市场监督管理信用修复管理办法》第十一条规定，经信用修复提前移出严重违法失信名单';
    case 'REVOKED':
      return list === 'jyyc' ? '经异议核实，撤销列入经营异常名录决定' : '经复核，撤销列入严重违法失信名单决定';
    case 'PERFORMED':
      return '已履行相关义务，申请移出';
    case 'CURED':
    case undefined:
      if (list === 'yzwf') return '列入严重违法失信名单的情形已消除，依照《市场监督管理严重违法失信名单管理办法》第十八条规定移出';
      if (/年度报告|年报/.test(listReason)) {
        return '依照《企业经营异常名录管理暂行办法》第十一条规定，补报未报年份的年度报告并公示，申请移出';
      }
      if (/住所|经营场所|联系/.test(listReason)) {
        return '依照《企业经营异常名录管理暂行办法》第十三条规定，依法办理住所或者经营场所变更登记，申请移出';
      }
      if (/即时|公示.*信息|隐瞒真实情况|弄虚作假/.test(listReason)) {
        return '依照《企业经营异常名录管理暂行办法》第十二条规定，已履行信息公示义务并更正，申请移出';
      }
      return '列入经营异常名录的情形已消除，申请移出';
    default: {
      return assertNever(removal);
    }
  }
}

function stopPublicityReason(removal: RemovalKind | undefined): string {
  switch (removal) {
    case 'REPAIRED':
      return '信用修复';
    case 'REVOKED':
      return '行政处罚决定被依法撤销';
    case 'PERFORMED':
    case 'CURED':
    case undefined:
      return '提前停止公示';
    default: {
      return assertNever(removal);
    }
  }
}

function renderPenalty(p: Penalty): XzcfEntry {
  return {
    cf_wsh: p.reference,
    cf_cflb: p.penaltyType,
    cf_nr_fk: p.fineYuan === undefined ? '' : wan(p.fineYuan / 10_000),
    cf_jdrq: legacyDateTime(p.listedOn),
    cf_cfjg: p.authority,
    cf_sy: p.reason,
    cf_gsjzq: legacyDateTime(p.publicUntil),
    sfjzcf: p.severe ? '是' : '否',
    tzgsrq: legacyDateTime(p.removedOn, p.reference),
    tzgsyy: p.removedOn ? stopPublicityReason(p.removal) : '',
    yyzt: p.underObjection ? OBJECTION_TEXT : '',
  };
}

function renderListing(e: ListEntry, list: 'jyyc' | 'yzwf'): ListingEntry {
  return {
    lrwh: e.reference,
    lrrq: legacyDateTime(e.listedOn, e.reference),
    lryy: e.reason,
    lrjg: e.authority,
    gsjzrq: legacyDateTime(e.publicUntil),
    ycrq: legacyDateTime(e.removedOn, `${e.reference}/yc`),
    ycyy: e.removedOn ? (list === 'jyyc' ? abnormalRemovalReason(e) : removalText(e.removal, e.reason, 'yzwf')) : '',
    ycjg: e.removedOn ? e.authority : '',
    yyzt: e.underObjection ? OBJECTION_TEXT : '',
  };
}

/** The legacy record of one enterprise known to the market regulator. */
export function renderQyxx(uscc: string, m: MarketTruth): QyxxRecord {
  const r = m.registration;
  return {
    tyshxydm: uscc,
    qymc: r.name,
    qylx: r.companyType,
    fddbr: r.legalRepresentative.name,
    fddbrzjlx: '中华人民共和国居民身份证',
    fddbrzjhm: r.legalRepresentative.idNumber,
    djzt: DJZT_TEXT[r.status],
    clrq: legacyDateTime(r.establishedOn),
    zxrq: r.status === 'DEREGISTERED' ? legacyDateTime(r.closedOn) : '',
    dxrq: r.status === 'REVOKED' ? legacyDateTime(r.closedOn) : '',
    zs: r.address,
    zczb: wan(r.registeredCapitalWan),
    zczbbz: '人民币',
    jyfw: r.businessScope,
    djjg: r.registrationAuthority,
    xzcf: m.penalties.map(renderPenalty),
    jyyc: m.abnormalOperations.map((e) => renderListing(e, 'jyyc')),
    yzwf: m.seriousIllegal.map((e) => renderListing(e, 'yzwf')),
  };
}
