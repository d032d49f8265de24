import type { EnterpriseTruth, EnvironmentLevel, IsoDate, Penalty } from '../dataset/types.js';
import { assertNever } from '../../common/assert-never.js';

/**
 * The 企业环境信用信息导出 (enterprise environmental credit export) of the provincial
 * 生态环境 credit platform: one CSV row per record, Chinese column headers, GBK on the wire.
 *
 * The column order is the platform's; the subgraph checks the header row against it.
 * `状态变更日期` (date of 已修复 / 已撤销 / 已停止公示) and `处罚程度` (一般 / 较重, the Order 58
 * tier) were added to the export in a later release, so they come last.
 */
export const EXPORT_COLUMNS = [
  '统一社会信用代码',
  '企业名称',
  '记录类型',
  '评价年度',
  '评价等级',
  '评价机关',
  '评价日期',
  '处罚决定书文号',
  '处罚类别',
  '罚款金额（元）',
  '违法事实',
  '处罚日期',
  '公示截止日期',
  '处罚机关',
  '公示状态',
  '异议状态',
  '状态变更日期',
  '处罚程度',
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportRow = Partial<Record<ExportColumn, string>>;

/** 记录类型 values. */
export const RECORD_ENTERPRISE = '企业信息';
export const RECORD_RATING = '信用评价';
export const RECORD_PENALTY = '行政处罚';

/** The colour words the platform writes (环境信用评价 colour scheme). */
const COLOUR_WORDS: Record<EnvironmentLevel, string> = { GREEN: '绿色', BLUE: '蓝色', YELLOW: '黄色', RED: '红色' };
/**
 * The words of 环发〔2013〕150号 (诚信 / 良好 / 警示 / 不良). Ratings migrated from the older
 * municipal systems still carry them, so one export mixes both vocabularies.
 */
const OLD_WORDS: Record<EnvironmentLevel, string> = { GREEN: '诚信', BLUE: '良好', YELLOW: '警示', RED: '不良' };

/** `2024-03-05` → `2024/3/5`: the platform's date rendering (no zero padding). */
export function legacyDate(iso: IsoDate | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${Number(y)}/${Number(m)}/${Number(d)}`;
}

/** A small stable hash, so the same rating is always written with the same vocabulary. */
function stableHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Which vocabulary a rating row uses: about one row in three carries the 2013 words. */
export function levelWord(uscc: string, year: number, level: EnvironmentLevel): string {
  return stableHash(`${uscc}:${year}`) % 3 === 0 ? OLD_WORDS[level] : COLOUR_WORDS[level];
}

/** 公示状态 as the platform words it, from the truth's removal and the dataset's today. */
function publicityWord(p: Penalty, today: IsoDate): string {
  switch (p.removal) {
    case 'REPAIRED':
      return '已修复';
    case 'REVOKED':
      return '已撤销';
    case 'CURED':
    case 'PERFORMED':
      // Not a removal the environment platform has its own word for: publicity just stops.
      return '已停止公示';
    case undefined:
      return p.publicUntil && p.publicUntil < today ? '公示期满' : '公示中';
    default: {
      return assertNever(p.removal);
    }
  }
}

/** The fine as the platform prints it: yuan with two decimals, empty when there is none. */
function fineText(fine: number | undefined): string {
  return fine === undefined ? '' : fine.toFixed(2);
}

/** All rows for one enterprise the platform knows: its 企业信息 row, then ratings, then penalties. */
export function rowsFor(truth: EnterpriseTruth, today: IsoDate): ExportRow[] {
  const env = truth.environment;
  if (!env) return [];
  const base = {
    统一社会信用代码: truth.uscc,
    // The platform copies the name from the registration feed; it keeps its own copy otherwise.
    企业名称: truth.market?.registration.name ?? '',
  };
  const rows: ExportRow[] = [{ ...base, 记录类型: RECORD_ENTERPRISE }];
  const ratings = [...env.ratings].sort((a, b) => a.year - b.year || a.ratedOn.localeCompare(b.ratedOn));
  for (const r of ratings) {
    rows.push({
      ...base,
      记录类型: RECORD_RATING,
      评价年度: String(r.year),
      评价等级: levelWord(truth.uscc, r.year, r.level),
      评价机关: r.authority,
      评价日期: legacyDate(r.ratedOn),
    });
  }
  for (const p of env.penalties) {
    rows.push({
      ...base,
      记录类型: RECORD_PENALTY,
      处罚决定书文号: p.reference,
      处罚类别: p.penaltyType,
      '罚款金额（元）': fineText(p.fineYuan),
      违法事实: p.reason,
      处罚日期: legacyDate(p.listedOn),
      公示截止日期: legacyDate(p.publicUntil),
      处罚机关: p.authority,
      公示状态: publicityWord(p, today),
      异议状态: p.underObjection ? '异议处理中' : '无',
      状态变更日期: p.removal ? legacyDate(p.removedOn) : '',
      处罚程度: p.severe ? '较重' : '一般',
    });
  }
  return rows;
}

/** One CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The whole file: header row, one line per row, CRLF line ends, and a trailing line end. */
export function renderCsv(rows: readonly ExportRow[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((c) => csvField(row[c] ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}
