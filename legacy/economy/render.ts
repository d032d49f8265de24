import type { EconomyTruth, EnterpriseTruth, IsoDate, RemovalKind } from '../dataset/types.js';
import { assertNever } from '../../common/assert-never.js';

/**
 * How the economy & IT (经信) credit platform writes one enterprise: pinyin-abbreviated field
 * names, dates as `2023年05月01日`, years as `2024年度`, empty strings instead of nulls, and codes
 * as strings — the way its 2010s Java back end does.
 */
export interface LegacyEconomyItem {
  /** 统一社会信用代码 */
  xydm: string;
  /** 企业名称 ("" when the platform has no name on file) */
  qymc: string;
  /** 荣誉称号 list */
  rychList: LegacyHonor[];
  /** 安全生产失信 (民爆 / 危化) list */
  aqscsxList: LegacySafetyEntry[];
  /** 信用承诺 list */
  xycnList: LegacyCommitment[];
}

export interface LegacyHonor {
  /** 荣誉名称 */
  rymc: string;
  /** 年度, e.g. `2024年度` */
  rynd: string;
  /** 颁发单位 */
  bfdw: string;
  /** 颁发日期 */
  bfrq: string;
  /** 有效期至 (a date, or `长期` when it does not lapse) */
  yxqz: string;
}

export interface LegacySafetyEntry {
  /** 认定文号 */
  rdwh: string;
  /** 认定机关 */
  rdjg: string;
  /** 失信行为 */
  sxxw: string;
  /** 认定日期 */
  rdrq: string;
  /** 公示截止日期 ("" when none) */
  gsjzrq: string;
  /** 移出日期 ("" while listed) */
  ycrq: string;
  /** 移出原因: 信用修复 / 期满 / 撤销 / 整改到位 / 履行完毕 ("" while listed) */
  ycyy: string;
  /** 异议状态: "0" none, "1" an objection is being handled */
  yyzt: '0' | '1';
}

export interface LegacyCommitment {
  /** 承诺编号 */
  cnbh: string;
  /** 承诺事项 */
  cnsx: string;
  /** 承诺日期 */
  cnrq: string;
  /** 履约状态: 已履约 / 履约中 / 未履约 */
  lyzt: '已履约' | '履约中' | '未履约';
  /** 核查日期 ("" when not yet checked) */
  hcrq: string;
}

/** Writes an ISO date the platform's way; `key` identifies the record (for per-record quirks). */
export type DateWriter = (iso: IsoDate, key: string) => string;

/**
 * The platform's usual date writer. Records keyed in by hand (about one in four, decided by a
 * hash of the record so the answer is stable) lack zero padding: `2023年5月1日`.
 */
export const writeChineseDate: DateWriter = (iso, key) => {
  const [y, m, d] = iso.split('-');
  if (!y || !m || !d) throw new Error(`not an ISO date: ${iso}`);
  return hash(key) % 4 === 0 ? `${y}年${Number(m)}月${Number(d)}日` : `${y}年${m}月${d}日`;
};

const CHINESE_DIGITS = '〇一二三四五六七八九';

/**
 * A writer for broken answers: dates in Chinese numerals (`二〇二三年五月一日`), as a clerk
 * sometimes typed them into a free-text column. Not a form the protocol allows.
 */
export const writeChineseNumeralDate: DateWriter = (iso) => {
  const [y = '', m = '', d = ''] = iso.split('-');
  const digits = (s: string) => [...s].map((c) => CHINESE_DIGITS[Number(c)] ?? c).join('');
  // 1–31 the way they are read: 五, 十, 十二, 二十, 三十一.
  const number = (n: number) =>
    n < 10 ? digits(String(n)) : `${n >= 20 ? digits(String(Math.floor(n / 10))) : ''}十${n % 10 ? digits(String(n % 10)) : ''}`;
  return `${digits(y)}年${number(Number(m))}月${number(Number(d))}日`;
};

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  return h;
}

/** The day after an ISO date. */
function nextDay(iso: IsoDate): IsoDate {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** How the platform words a removal (移出原因). */
function removalReason(kind: RemovalKind | undefined): string {
  switch (kind) {
    case 'REPAIRED':
      return '信用修复';
    case 'REVOKED':
      return '撤销';
    case 'CURED':
      return '整改到位';
    case 'PERFORMED':
      return '履行完毕';
    case undefined:
      return '';
    default: {
      return assertNever(kind);
    }
  }
}

const COMMITMENT_STATUS = { FULFILLED: '已履约', PENDING: '履约中', BREACHED: '未履约' } as const;

/**
 * Render the economy section of one enterprise. `today` is the platform's calendar: an entry whose
 * publicity window has ended without an earlier removal shows as removed the day after, with the
 * reason `期满` — the platform's nightly job moves such entries off the list.
 */
export function renderEconomyItem(
  truth: EnterpriseTruth & { economy: EconomyTruth },
  today: IsoDate,
  writeDate: DateWriter = writeChineseDate,
): LegacyEconomyItem {
  const e = truth.economy;
  const opt = (iso: IsoDate | undefined, key: string) => (iso ? writeDate(iso, key) : '');
  return {
    xydm: truth.uscc,
    qymc: truth.market?.registration.name ?? '',
    rychList: e.honors.map((h) => {
      const key = `${truth.uscc}/${h.year}/${h.title}`;
      return {
        rymc: h.title,
        rynd: `${h.year}年度`,
        bfdw: h.authority,
        bfrq: writeDate(h.awardedOn, key),
        yxqz: h.validUntil ? writeDate(h.validUntil, key) : '长期',
      };
    }),
    aqscsxList: e.safetyDishonesty.map((s) => {
      const key = s.reference;
      const lapsed = !s.removedOn && s.publicUntil !== undefined && s.publicUntil < today;
      return {
        rdwh: s.reference,
        rdjg: s.authority,
        sxxw: s.reason,
        rdrq: writeDate(s.listedOn, key),
        gsjzrq: opt(s.publicUntil, key),
        ycrq: s.removedOn ? writeDate(s.removedOn, key) : lapsed ? writeDate(nextDay(s.publicUntil!), key) : '',
        ycyy: s.removedOn ? removalReason(s.removal) : lapsed ? '期满' : '',
        yyzt: s.underObjection ? '1' : '0',
      };
    }),
    xycnList: e.commitments.map((c) => ({
      cnbh: c.reference,
      cnsx: c.matter,
      cnrq: writeDate(c.madeOn, c.reference),
      lyzt: COMMITMENT_STATUS[c.status],
      hcrq: opt(c.checkedOn, c.reference),
    })),
  };
}
