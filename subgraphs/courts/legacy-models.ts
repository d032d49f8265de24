import { z } from 'zod';

/**
 * zod models of the courts system's answers (执行信息公开 REST/JSON). The legacy field names
 * (`lx`, `ah`, `zxfy`, …) live only here: every model renames to neutral English on parse.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
/** A date the system may leave out (`null`, `""` or absent). */
const optionalDate = z
  .union([isoDate, z.literal(''), z.null()])
  .optional()
  .transform((v) => (v ? v : null));
/** A text the system may leave empty. */
const optionalText = z
  .string()
  .nullable()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : null));
const requiredText = z.string().trim().min(1);
/** 执行标的: a decimal string such as "120000.50" (old habit), or a number. */
const amount = z.union([
  z.number().nonnegative(),
  z
    .string()
    .regex(/^\d+(\.\d{1,2})?$/)
    .transform(Number),
]);

/** 异议状态: 0 无异议, 1 异议审查中, 2 异议已办结. */
const objection = z
  .enum(['0', '1', '2'])
  .optional()
  .transform((v) => (v === '1' ? 'PENDING' : v === '2' ? 'CONCLUDED' : 'NONE'));

/** Fields shared by the two list kinds (失信, 限消). */
const listedFields = {
  ah: requiredText,
  zxfy: requiredText,
  lasj: optionalDate,
  fbsj: isoDate,
  gsjzrq: optionalDate,
  pbrq: optionalDate,
  pbyy: optionalText,
  yyzt: objection,
  fddbr: optionalText,
};

const listed = (r: {
  ah: string;
  zxfy: string;
  lasj: string | null;
  fbsj: string;
  gsjzrq: string | null;
  pbrq: string | null;
  pbyy: string | null;
  yyzt: CourtsObjectionState;
  fddbr: string | null;
}) => ({
  caseNumber: r.ah,
  court: r.zxfy,
  filedOn: r.lasj,
  publishedOn: r.fbsj,
  publicUntil: r.gsjzrq,
  removedOn: r.pbrq,
  removalReason: r.pbyy,
  objection: r.yyzt,
  legalRepresentative: r.fddbr,
});

/** `lx: "SX"` — 失信被执行人. */
const dishonestItem = z
  .object({ lx: z.literal('SX'), ...listedFields, zxyj: optionalText, yw: optionalText, lxqk: optionalText, sxqx: optionalText })
  .transform((r) => ({
    type: 'DISHONEST_DEBTOR' as const,
    ...listed(r),
    enforcementBasis: r.zxyj,
    obligation: r.yw,
    performance: r.lxqk,
    circumstances: r.sxqx,
  }));

/** `lx: "XG"` — 限制消费. */
const restrictionItem = z.object({ lx: z.literal('XG'), ...listedFields, xzyy: optionalText }).transform((r) => ({
  type: 'CONSUMPTION_RESTRICTION' as const,
  ...listed(r),
  reason: r.xzyy,
}));

/** `lx: "ZX"` — 被执行人 (an enforcement case; not a list by itself). */
const enforcementItem = z
  .object({ lx: z.literal('ZX'), ah: requiredText, zxfy: requiredText, lasj: isoDate, zxbd: amount, jarq: optionalDate, fddbr: optionalText })
  .transform((r) => ({
    type: 'ENFORCEMENT_CASE' as const,
    caseNumber: r.ah,
    court: r.zxfy,
    filedOn: r.lasj,
    amountYuan: r.zxbd,
    closedOn: r.jarq,
    legalRepresentative: r.fddbr,
  }));

/**
 * One record. An unknown `lx` fails the whole answer: a record kind this layer cannot read could be
 * a listing, and skipping it would make the enterprise look cleaner than it is.
 */
export const courtsRecordModel = z.discriminatedUnion('lx', [dishonestItem, restrictionItem, enforcementItem]);

/** `GET /zxgk/api/v1/subjects/{zzjgdm}/records` — a successful page. */
export const courtsPageModel = z
  .object({
    success: z.literal(true),
    total: z.number().int().nonnegative(),
    pageNo: z.number().int().positive(),
    pageSize: z.number().int().positive(),
    list: z.array(courtsRecordModel),
  })
  .transform((p) => ({ total: p.total, pageNo: p.pageNo, pageSize: p.pageSize, records: p.list }));

/** A refusal the system sends with HTTP 200 (`success: false`): only its code is kept. */
export const courtsRefusalModel = z.object({ success: z.literal(false), code: z.union([z.string(), z.number()]).optional() });

export type CourtsObjectionState = 'NONE' | 'PENDING' | 'CONCLUDED';
export type CourtsLegacyRecord = z.output<typeof courtsRecordModel>;
export type CourtsDishonestRecord = Extract<CourtsLegacyRecord, { type: 'DISHONEST_DEBTOR' }>;
export type CourtsRestrictionRecord = Extract<CourtsLegacyRecord, { type: 'CONSUMPTION_RESTRICTION' }>;
export type CourtsEnforcementRecord = Extract<CourtsLegacyRecord, { type: 'ENFORCEMENT_CASE' }>;
export type CourtsPage = z.output<typeof courtsPageModel>;
