import { z } from 'zod';

/**
 * The 人社 platform's export protocol as zod models: the pointer to the newest export, the header
 * line and the record lines (see `legacy/hrss/export-file.ts` for the wire format). Legacy field
 * names stop here; everything after sees the neutral names.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');
/** Amounts are strings with two decimals (`"123456.00"`). */
const amount = z
  .string()
  .regex(/^\d+\.\d{2}$/, 'an amount with two decimals')
  .transform((s) => Number(s));
const text = z.string().trim();

/** `GET /exports/latest`. */
export const latestExportModel = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a plain file name'),
    file: z.string().regex(/^\/exports\/[A-Za-z0-9._-]{1,200}\.jsonl\.gz$/, 'a path under /exports/ ending .jsonl.gz'),
    exportedAt: z.iso.datetime({ offset: true }),
    recordCount: z.number().int().min(0),
    bytes: z.number().int().min(0),
  })
  .transform((d) => ({ name: d.name, path: d.file, exportedAt: d.exportedAt, recordCount: d.recordCount, bytes: d.bytes }));
export type LatestExport = z.output<typeof latestExportModel>;

/** Line 1 of an export file. */
export const exportHeaderModel = z
  .object({
    exportType: z.literal('HRSS_CREDIT_FULL'),
    version: z.literal(1),
    exportedAt: z.iso.datetime({ offset: true }),
    recordCount: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  })
  .transform((h) => ({ exportedAt: new Date(h.exportedAt), recordCount: h.recordCount, sha256: h.sha256 }));
export type ExportHeader = z.output<typeof exportHeaderModel>;

/** 移出原因 as the platform writes it. */
const REMOVAL_REASONS = { 提前移出: 'EARLY_REMOVAL', 撤销: 'REVOKED', 期满移出: 'PERIOD_ENDED' } as const;
export type WageListRemovalReason = (typeof REMOVAL_REASONS)[keyof typeof REMOVAL_REASONS];

const listingModel = z
  .object({
    lrjdswh: text.min(1),
    rdbm: text.min(1),
    lrsy: text,
    lrrq: isoDate,
    qxjzrq: isoDate.nullable(),
    ycrq: isoDate.nullable(),
    ycyy: z.union([z.literal(''), z.enum(Object.keys(REMOVAL_REASONS) as [keyof typeof REMOVAL_REASONS, ...(keyof typeof REMOVAL_REASONS)[]])]),
    qxje: amount,
    sjrs: z.number().int().min(0),
    yyzt: z.enum(['0', '1']),
  })
  .refine((l) => (l.ycrq === null) === (l.ycyy === ''), 'ycrq and ycyy are given together')
  .transform((l) => ({
    reference: l.lrjdswh,
    authority: l.rdbm,
    reason: l.lrsy,
    listedOn: l.lrrq,
    publicUntil: l.qxjzrq,
    removal: l.ycrq === null || l.ycyy === '' ? null : { on: l.ycrq, reason: REMOVAL_REASONS[l.ycyy] as WageListRemovalReason },
    amountYuan: l.qxje,
    workers: l.sjrs,
    underObjection: l.yyzt === '1',
  }));
export type HrssWageListing = z.output<typeof listingModel>;

const arrearsModel = z
  .object({
    hdswh: text.min(1),
    jbjg: text.min(1),
    qfxz: text.min(1),
    qfje: amount,
    qfqsny: z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, 'a month YYYYMM'),
    rdrq: isoDate,
    bjrq: isoDate.nullable(),
  })
  .transform((a) => ({
    reference: a.hdswh,
    authority: a.jbjg,
    insuranceTypes: a.qfxz
      .split('、')
      .map((t) => t.trim())
      .filter(Boolean),
    amountYuan: a.qfje,
    sinceMonth: `${a.qfqsny.slice(0, 4)}-${a.qfqsny.slice(4)}`,
    establishedOn: a.rdrq,
    settledOn: a.bjrq,
  }));
export type HrssArrears = z.output<typeof arrearsModel>;

/** One record line: everything the platform holds on one employer. */
export const exportLineModel = z
  .object({
    tyshxydm: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character unified social credit code'),
    dwmc: z.string(),
    qxmd: z.array(listingModel),
    sbqf: z.array(arrearsModel),
  })
  .transform((l) => ({ uscc: l.tyshxydm, name: l.dwmc, wageArrearsListings: l.qxmd, socialInsuranceArrears: l.sbqf }));
export type HrssRecord = z.output<typeof exportLineModel>;
