import iconv from 'iconv-lite';
import { z } from 'zod';
import { parseCsv } from './csv.js';
import { assertNever } from '../../common/assert-never.js';

/**
 * The model of the environment platform's credit export (`/export/credit.csv`). The raw column
 * names and words live here and nowhere else: what leaves this file is `EnvironmentLegacyRow`,
 * in English and ISO dates.
 */

/** The header row the platform writes, in its order. Any other header is a malformed answer. */
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

export type EnvironmentLevel = 'GREEN' | 'BLUE' | 'YELLOW' | 'RED';
/** How a penalty's publicity ended early: 信用修复, 撤销, or stopped for another reason. */
export type EnvironmentPenaltyRemoval = 'REPAIRED' | 'REVOKED' | 'WITHDRAWN';

export type EnvironmentLegacyRow =
  | { kind: 'enterprise'; uscc: string; name: string }
  | { kind: 'rating'; uscc: string; name: string; year: number; level: EnvironmentLevel; authority: string; ratedOn: string }
  | {
      kind: 'penalty';
      uscc: string;
      name: string;
      reference: string;
      penaltyType: string;
      fineYuan: number | null;
      facts: string;
      decidedOn: string;
      publicUntil: string | null;
      authority: string;
      removal: EnvironmentPenaltyRemoval | null;
      removedOn: string | null;
      underObjection: boolean;
      severe: boolean;
    };

/**
 * Both vocabularies of the 环境信用评价: the colour words the platform writes, and the words of
 * 环发〔2013〕150号 (诚信 / 良好 / 警示 / 不良) that ratings migrated from older systems carry.
 */
const LEVEL_WORDS: Record<string, EnvironmentLevel> = {
  绿色: 'GREEN',
  诚信: 'GREEN',
  蓝色: 'BLUE',
  良好: 'BLUE',
  黄色: 'YELLOW',
  警示: 'YELLOW',
  红色: 'RED',
  不良: 'RED',
};

/** 公示状态 → how publicity ended (null while published or after the window simply ran out). */
const PUBLICITY_WORDS: Record<string, EnvironmentPenaltyRemoval | null> = {
  公示中: null,
  公示期满: null,
  已修复: 'REPAIRED',
  已撤销: 'REVOKED',
  已停止公示: 'WITHDRAWN',
};

/** 异议状态 → an objection is being handled. */
const OBJECTION_WORDS: Record<string, boolean> = {
  '': false,
  无: false,
  无异议: false,
  异议已办结: false,
  异议处理中: true,
  异议中: true,
};

const text = z.string().trim();
const required = text.min(1);

/** `2024/3/5` (the platform's rendering, no zero padding) → `2024-03-05`; real calendar dates only. */
const legacyDate = text.transform((s, ctx) => {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d) {
      return dt.toISOString().slice(0, 10);
    }
  }
  ctx.addIssue({ code: 'custom', message: 'not a date written y/m/d' });
  return z.NEVER;
});
const optionalDate = z.union([z.literal('').transform(() => null), legacyDate]);

const wordOf = <T>(table: Record<string, T>, what: string) =>
  text.transform((s, ctx) => {
    if (Object.hasOwn(table, s)) return table[s] as T;
    ctx.addIssue({ code: 'custom', message: `unknown ${what}` });
    return z.NEVER;
  });

/** 罚款金额（元）: yuan, up to two decimals; empty when the penalty has no fine. */
const fine = z.union([z.literal('').transform(() => null), text.regex(/^\d+(\.\d{1,2})?$/, 'not an amount in yuan').transform(Number)]);

const uscc = text.regex(/^[0-9A-Z]{18}$/, 'not an 18-character code');

const enterpriseRow = z.object({
  统一社会信用代码: uscc,
  企业名称: text,
  记录类型: z.literal('企业信息'),
});

const ratingRow = z.object({
  统一社会信用代码: uscc,
  企业名称: text,
  记录类型: z.literal('信用评价'),
  评价年度: text.regex(/^\d{4}$/, 'not a year').transform(Number),
  评价等级: wordOf(LEVEL_WORDS, 'rating level'),
  评价机关: required,
  评价日期: legacyDate,
});

const penaltyRow = z
  .object({
    统一社会信用代码: uscc,
    企业名称: text,
    记录类型: z.literal('行政处罚'),
    处罚决定书文号: required,
    处罚类别: required,
    '罚款金额（元）': fine,
    违法事实: text,
    处罚日期: legacyDate,
    公示截止日期: optionalDate,
    处罚机关: required,
    公示状态: wordOf(PUBLICITY_WORDS, 'publicity status'),
    异议状态: wordOf(OBJECTION_WORDS, 'objection status'),
    状态变更日期: optionalDate,
    处罚程度: z.enum(['一般', '较重']),
  })
  .refine((r) => r.公示状态 === null || r.状态变更日期 !== null, {
    message: 'a repaired, revoked or withdrawn penalty needs the date of the change',
    path: ['状态变更日期'],
  });

const exportRow = z.discriminatedUnion('记录类型', [enterpriseRow, ratingRow, penaltyRow]).transform((r): EnvironmentLegacyRow => {
  switch (r.记录类型) {
    case '企业信息':
      return { kind: 'enterprise', uscc: r.统一社会信用代码, name: r.企业名称 };
    case '信用评价':
      return {
        kind: 'rating',
        uscc: r.统一社会信用代码,
        name: r.企业名称,
        year: r.评价年度,
        level: r.评价等级,
        authority: r.评价机关,
        ratedOn: r.评价日期,
      };
    case '行政处罚':
      return {
        kind: 'penalty',
        uscc: r.统一社会信用代码,
        name: r.企业名称,
        reference: r.处罚决定书文号,
        penaltyType: r.处罚类别,
        fineYuan: r['罚款金额（元）'],
        facts: r.违法事实,
        decidedOn: r.处罚日期,
        publicUntil: r.公示截止日期,
        authority: r.处罚机关,
        removal: r.公示状态,
        removedOn: r.公示状态 === null ? null : r.状态变更日期,
        underObjection: r.异议状态,
        severe: r.处罚程度 === '较重',
      };
    default: {
      return assertNever(r);
    }
  }
});

/** Why an export could not be read. The message names the problem, never the content. */
export class ExportFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExportFormatError';
  }
}

/**
 * Decode and check one export: GBK bytes → rows. Throws `ExportFormatError` for bytes that are
 * not GBK, broken CSV, a header other than the platform's, ragged rows, or a row that does not
 * match its record type.
 */
export function parseExport(body: Buffer): EnvironmentLegacyRow[] {
  // iconv-lite puts U+FFFD where a byte sequence is not GBK; a real export never contains it.
  const decoded = iconv.decode(body, 'gbk');
  if (decoded.includes('\uFFFD')) throw new ExportFormatError('the export is not valid GBK');
  let records: string[][];
  try {
    records = parseCsv(decoded);
  } catch (err) {
    throw new ExportFormatError('the export is not valid CSV', { cause: err });
  }
  // Tolerate blank lines after the last row (some exports end with more than one line break).
  while (records.length > 0 && isBlank(records[records.length - 1]!)) records.pop();
  const [header, ...rows] = records;
  if (!header || header.length !== EXPORT_COLUMNS.length || header.some((h, i) => h.trim() !== EXPORT_COLUMNS[i])) {
    throw new ExportFormatError('the export does not have the expected header row');
  }
  return rows.map((cells, index) => {
    if (cells.length !== EXPORT_COLUMNS.length) {
      throw new ExportFormatError(`row ${index + 1} has ${cells.length} fields instead of ${EXPORT_COLUMNS.length}`);
    }
    const raw: Record<string, string> = {};
    EXPORT_COLUMNS.forEach((c, i) => (raw[c] = cells[i]!));
    const parsed = exportRow.safeParse(raw);
    if (!parsed.success) {
      // Only the failing paths go into the message: never the cell values (they may hold names).
      const where = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(row)'))].join(', ');
      throw new ExportFormatError(`row ${index + 1} does not match the export model (${where})`, { cause: parsed.error });
    }
    return parsed.data;
  });
}

function isBlank(record: readonly string[]): boolean {
  return record.length === 1 && record[0] === '';
}
