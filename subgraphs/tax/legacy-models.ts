/**
 * zod models of the tax credit web service's SOAP answer (after namespace prefixes are removed).
 * The legacy element names (pinyin abbreviations) stop here: every model transforms to the neutral
 * `Taxpayer…` shapes below.
 *
 *   Nsrxx 纳税人信息 · Nsrsbh 纳税人识别号 · Nsrmc 纳税人名称
 *   Xydjxx/Xydj 纳税信用等级 (Pdnd 评定年度, inner Xydj = level)
 *   Zdsswfaj/Ajxx 重大税收违法失信案件 (Ajbh 案件编号, Jcjg 检查机关, Zywfss 主要违法事实, Saje 涉案金额,
 *     Gbrq 公布日期, Gbjzrq 公布截止日期, Tzgbrq 停止公布日期, Tzgbyydm/Tzgbyy 停止公布原因, Yybz 异议标志)
 *   Qsgg/Qsxx 欠税公告 (Sz 税种, Qsje 欠税金额, Qsfsrq 欠税发生日期, Zgswjg 主管税务机关)
 *   Fhdm/Fhxx 返回代码/信息
 */
import { z } from 'zod';

/** Element paths (namespace prefixes removed) that repeat: the XML parser must always make them arrays. */
export const TAX_ARRAY_PATHS: ReadonlySet<string> = new Set(
  ['Nsrxxlb.Nsrxx', 'Nsrxxlb.Nsrxx.Xydjxx.Xydj', 'Nsrxxlb.Nsrxx.Zdsswfaj.Ajxx', 'Nsrxxlb.Nsrxx.Qsgg.Qsxx'].map(
    (p) => `Envelope.Body.queryNsrxyxxResponse.${p}`,
  ),
);

/** An empty element (`<Tzgbrq/>`) parses as ''; it means "not given". */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

const requiredText = z.string().trim().min(1);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().min(1).optional());

function isRealDate(ymd: string): boolean {
  const d = new Date(`${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10).replaceAll('-', '') === ymd;
}

/** `YYYYMMDD` → ISO `YYYY-MM-DD`. */
const legacyDate = z
  .string()
  .regex(/^\d{8}$/)
  .refine(isRealDate, 'not a calendar date')
  .transform((s) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`);
const optionalLegacyDate = z.preprocess(blankToUndefined, legacyDate.optional());

/** Yuan as a decimal with at most two places. */
const amountYuan = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,2})?$/)
  .transform(Number);

/**
 * A list container: `<Qsgg/>` (empty) or `<Qsgg><Qsxx>…</Qsxx>…</Qsgg>`. A missing container is an
 * empty list as well — older deployments omit empty sections.
 */
function xmlList<T extends z.ZodType>(itemTag: string, item: T) {
  return z.preprocess((v) => {
    if (v === undefined || v === '') return [];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return (v as Record<string, unknown>)[itemTag] ?? [];
    return v;
  }, z.array(item));
}

export const TAX_LEVELS = ['A', 'B', 'M', 'C', 'D'] as const;
export type TaxLevel = (typeof TAX_LEVELS)[number];

/** Why publication of a major case stopped (停止公布原因代码). */
export type TaxStopReason = 'CREDIT_REPAIR' | 'DECISION_REVOKED' | 'PAID_IN_FULL' | 'CORRECTED' | 'OTHER';

const STOP_REASON_CODES: Readonly<Record<string, TaxStopReason>> = {
  '01': 'CREDIT_REPAIR',
  '02': 'DECISION_REVOKED',
  '03': 'PAID_IN_FULL',
  '04': 'CORRECTED',
};

const ratingModel = z
  .object({
    Pdnd: z
      .string()
      .regex(/^\d{4}$/)
      .transform(Number),
    Xydj: z.enum(TAX_LEVELS),
  })
  .transform((r) => ({ year: r.Pdnd, level: r.Xydj }));

const majorCaseModel = z
  .object({
    Ajbh: requiredText,
    Jcjg: requiredText,
    Zywfss: requiredText,
    Saje: z.preprocess(blankToUndefined, amountYuan.optional()),
    Gbrq: legacyDate,
    Gbjzrq: optionalLegacyDate,
    Tzgbrq: optionalLegacyDate,
    Tzgbyydm: optionalText,
    Tzgbyy: optionalText,
    Yybz: z.preprocess(blankToUndefined, z.enum(['Y', 'N']).optional()),
  })
  .transform((c) => ({
    caseNumber: c.Ajbh,
    authority: c.Jcjg,
    facts: c.Zywfss,
    amountYuan: c.Saje ?? null,
    publishedOn: c.Gbrq,
    publicUntil: c.Gbjzrq ?? null,
    stoppedOn: c.Tzgbrq ?? null,
    // An unknown code still means publication stopped; only 01 is credit repair.
    stopReason: c.Tzgbrq ? (STOP_REASON_CODES[c.Tzgbyydm ?? ''] ?? ('OTHER' as const)) : null,
    stopReasonText: c.Tzgbrq ? (c.Tzgbyy ?? null) : null,
    underObjection: c.Yybz === 'Y',
  }));

const arrearsModel = z
  .object({
    Sz: requiredText,
    Qsje: amountYuan,
    Qsfsrq: legacyDate,
    Zgswjg: requiredText,
  })
  .transform((a) => ({ taxType: a.Sz, amountYuan: a.Qsje, since: a.Qsfsrq, authority: a.Zgswjg }));

const taxpayerModel = z
  .object({
    Nsrsbh: z.string().regex(/^[0-9A-Z]{15,20}$/),
    Nsrmc: optionalText,
    Xydjxx: xmlList('Xydj', ratingModel),
    Zdsswfaj: xmlList('Ajxx', majorCaseModel),
    Qsgg: xmlList('Qsxx', arrearsModel),
  })
  .transform((t) => ({
    taxpayerId: t.Nsrsbh,
    ratings: t.Xydjxx,
    majorViolations: t.Zdsswfaj,
    arrears: t.Qsgg,
  }));

/** The `queryNsrxyxx` answer, inside its SOAP envelope. */
export const taxQueryResponseModel = z
  .object({
    Envelope: z.object({
      Body: z.object({
        queryNsrxyxxResponse: z.object({
          Fhdm: z.string(),
          Nsrxxlb: xmlList('Nsrxx', taxpayerModel),
        }),
      }),
    }),
  })
  .transform((d) => ({
    returnCode: d.Envelope.Body.queryNsrxyxxResponse.Fhdm,
    taxpayers: d.Envelope.Body.queryNsrxyxxResponse.Nsrxxlb,
  }));

/** One taxpayer as the tax system holds it, in neutral names. */
export type TaxpayerAnswer = z.output<typeof taxpayerModel>;
export type TaxMajorCaseAnswer = TaxpayerAnswer['majorViolations'][number];
export type TaxArrearsAnswer = TaxpayerAnswer['arrears'][number];
export type TaxRatingAnswer = TaxpayerAnswer['ratings'][number];
