import { z } from 'zod';
import { parseLegacyDate } from './legacy-dates.js';

/**
 * zod models of the finance system's answers (政府采购严重违法失信行为记录名单 search, REST/JSON). The
 * legacy field names (`cfjdswh`, `wfsxxw`, `cfqxq`, …) live only here: every model renames to neutral
 * English on parse, and every date is read into `YYYY-MM-DD`.
 */

const requiredText = z.string().trim().min(1);
/** A text the system may leave empty (`""`, `null` or absent). */
const optionalText = z
  .string()
  .nullable()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : null));

const legacyDate = z.string().transform((s, ctx) => {
  const d = parseLegacyDate(s);
  if (d === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a date written 2025年03月05日, 20250305 or 2025-03-05' });
    return z.NEVER;
  }
  return d;
});
const optionalLegacyDate = z
  .union([legacyDate, z.literal(''), z.null()])
  .optional()
  .transform((v) => (v ? v : null));

/** One entry of the list. A 处罚期限 that ends before it begins is not a record this layer can read. */
export const financeRecordModel = z
  .object({
    jlbh: requiredText,
    gysmc: optionalText,
    tyshxydm: requiredText,
    cfjdswh: requiredText,
    wfsxxw: requiredText,
    cfyj: optionalText,
    cfjg: requiredText,
    cfrq: legacyDate,
    cfqxq: legacyDate,
    cfqxz: legacyDate,
    zfdw: requiredText,
    fbrq: optionalLegacyDate,
  })
  .refine((r) => r.cfqxq <= r.cfqxz, { message: '处罚期限 ends before it begins', path: ['cfqxz'] })
  .transform((r) => ({
    recordId: r.jlbh,
    supplierName: r.gysmc,
    uscc: r.tyshxydm.toUpperCase(),
    reference: r.cfjdswh,
    facts: r.wfsxxw,
    legalBasis: r.cfyj,
    penaltyResult: r.cfjg,
    decidedOn: r.cfrq,
    banFrom: r.cfqxq,
    banUntil: r.cfqxz,
    authority: r.zfdw,
    // Older records carry no 公布日期: they were published with the decision.
    publishedOn: r.fbrq ?? r.cfrq,
  }));

/** `GET /api/cgxx/search` — a successful page. */
export const financePageModel = z
  .object({
    code: z.literal('0000'),
    total: z.number().int().nonnegative(),
    page: z.number().int().positive(),
    size: z.number().int().positive(),
    records: z.array(financeRecordModel),
  })
  .transform((p) => ({ total: p.total, page: p.page, size: p.size, records: p.records }));

/** A refusal the system sends with HTTP 200 (a `code` other than "0000"): only its code is kept. */
export const financeRefusalModel = z.object({ code: z.string().refine((c) => c !== '0000') });

export type FinanceLegacyRecord = z.output<typeof financeRecordModel>;
export type FinancePage = z.output<typeof financePageModel>;
