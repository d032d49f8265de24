import { z } from 'zod';
import { maskIdNumber } from './id-mask.js';

/**
 * zod models of the market-regulation platform's answers (企业信息查询接口 v2), and their
 * translation into plain English-named records. The legacy field names (tyshxydm, qymc, djzt, …)
 * live only in this file and in legacy-client.ts.
 *
 * Quirks handled here:
 * - every scalar is a string; absent values are `""` (sometimes `null`), never missing keys we rely on;
 * - dates are `yyyy-MM-dd HH:mm:ss` (some rows carry `.0` milliseconds from the Oracle driver);
 *   only the calendar date matters, in China time, so the time part is dropped;
 * - 注册资本 and 罚款金额 are decimal strings in 万元;
 * - 登记状态 is free text (存续（在营、开业、在册） / 注销 / 吊销，未注销 and older variants);
 * - the removal reason is free text: only 信用修复 in it means a repair, anything else is a plain removal;
 * - an objection in progress is `yyzt: "异议处理中"`.
 */

export type RegistrationStatus = 'OPERATING' | 'DEREGISTERED' | 'REVOKED';

/** One entry of 经营异常名录 or 严重违法失信名单, as read. */
export interface LegacyListing {
  reference: string;
  listedOn: string;
  reason: string | null;
  authority: string;
  publicUntil: string | null;
  removedOn: string | null;
  /** 移出原因, as the registry worded it. */
  removalReason: string | null;
  /** The removal was a credit repair (信用修复). */
  repaired: boolean;
  underObjection: boolean;
}

/** One administrative penalty decision, as read. */
export interface LegacyPenalty {
  reference: string;
  penaltyType: string;
  fineYuan: number | null;
  decidedOn: string;
  authority: string;
  reason: string | null;
  publicUntil: string | null;
  severe: boolean;
  /** 停止公示日期 */
  stoppedOn: string | null;
  /** Publicity stopped because of credit repair. */
  repaired: boolean;
  underObjection: boolean;
}

/**
 * One enterprise as the market-regulation platform holds it. The full ID number is kept only for
 * the `idNumber` field, which the gateway never fetches for a caller without the `pii:id-number` scope.
 */
export interface MarketLegacyRecord {
  uscc: string;
  registration: {
    name: string;
    status: RegistrationStatus;
    companyType: string | null;
    establishedOn: string | null;
    closedOn: string | null;
    address: string | null;
    registeredCapitalWan: number | null;
    businessScope: string | null;
    authority: string | null;
    legalRepresentative: { name: string; idNumber: string | null; idNumberMasked: string | null } | null;
  };
  penalties: LegacyPenalty[];
  abnormalOperations: LegacyListing[];
  seriousIllegal: LegacyListing[];
}

/** `""` and `null` both mean "no value"; strings are trimmed. */
const optionalText = z
  .string()
  .nullish()
  .transform((s) => {
    const t = (s ?? '').trim();
    return t === '' ? null : t;
  });

const requiredText = z.string().trim().min(1);

const LEGACY_DATE = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/;

/** `yyyy-MM-dd HH:mm:ss` (or a bare date) → `YYYY-MM-DD`. */
const requiredDate = z
  .string()
  .trim()
  .regex(LEGACY_DATE, 'expected yyyy-MM-dd HH:mm:ss')
  .transform((s) => s.slice(0, 10));

const optionalDate = z
  .string()
  .nullish()
  .transform((s, ctx) => {
    const t = (s ?? '').trim();
    if (t === '') return null;
    if (!LEGACY_DATE.test(t)) {
      ctx.addIssue({ code: 'custom', message: 'expected yyyy-MM-dd HH:mm:ss' });
      return z.NEVER;
    }
    return t.slice(0, 10);
  });

/** A decimal string (thousands separators tolerated) → number; `""` → null. */
const optionalDecimal = z
  .string()
  .nullish()
  .transform((s, ctx) => {
    const t = (s ?? '').trim().replace(/,/g, '');
    if (t === '') return null;
    if (!/^-?\d+(\.\d+)?$/.test(t)) {
      ctx.addIssue({ code: 'custom', message: 'expected a decimal string' });
      return z.NEVER;
    }
    return Number(t);
  });

/** 是/否 (and the 1/0, Y/N some tables use). */
const yesNo = z
  .string()
  .nullish()
  .transform((s, ctx) => {
    const t = (s ?? '').trim().toUpperCase();
    if (t === '是' || t === '1' || t === 'Y') return true;
    if (t === '否' || t === '0' || t === 'N' || t === '') return false;
    ctx.addIssue({ code: 'custom', message: 'expected 是 or 否' });
    return z.NEVER;
  });

/** 异议状态: any non-empty state other than a closed one means an objection is being handled. */
const objection = z
  .string()
  .nullish()
  .transform((s) => {
    const t = (s ?? '').trim();
    return t !== '' && !/已办结|已处理|无异议/.test(t);
  });

/** The 登记状态 text → status; null when the text is not one the registry uses. */
export function parseRegistrationStatus(text: string): RegistrationStatus | null {
  const t = text.replace(/\s/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',');
  // 吊销，已注销 / 已注销 / 注销: the entity is gone. 吊销，未注销 is not.
  if (t.includes('注销') && !t.includes('未注销')) return 'DEREGISTERED';
  if (t.startsWith('吊销')) return 'REVOKED';
  if (/^(存续|在营|开业|在册)/.test(t)) return 'OPERATING';
  return null;
}

/** A removal reason that names credit repair (信用修复) is a repair; any other wording is a removal. */
export function isRepairReason(reason: string | null): boolean {
  return reason !== null && reason.includes('信用修复');
}

const djzt = z.string().transform((s, ctx) => {
  const status = parseRegistrationStatus(s);
  if (status === null) {
    ctx.addIssue({ code: 'custom', message: 'unknown registration status text' });
    return z.NEVER;
  }
  return status;
});

/** A list the platform returns as `null` when empty. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((a) => a ?? []);

/** 经营异常名录 / 严重违法失信名单 row. */
const listingModel = z
  .object({
    lrwh: requiredText,
    lrrq: requiredDate,
    lryy: optionalText,
    lrjg: requiredText,
    gsjzrq: optionalDate,
    ycrq: optionalDate,
    ycyy: optionalText,
    yyzt: objection,
  })
  .transform((r): LegacyListing => ({
    reference: r.lrwh,
    listedOn: r.lrrq,
    reason: r.lryy,
    authority: r.lrjg,
    publicUntil: r.gsjzrq,
    removedOn: r.ycrq,
    removalReason: r.ycrq ? r.ycyy : null,
    repaired: r.ycrq !== null && isRepairReason(r.ycyy),
    underObjection: r.yyzt,
  }));

/** 行政处罚 row (双公示 field names). */
const penaltyModel = z
  .object({
    // Some old decisions were published without a number; the decision date and authority identify them.
    cf_wsh: optionalText,
    cf_cflb: requiredText,
    cf_nr_fk: optionalDecimal,
    cf_jdrq: requiredDate,
    cf_cfjg: requiredText,
    cf_sy: optionalText,
    cf_gsjzq: optionalDate,
    sfjzcf: yesNo,
    tzgsrq: optionalDate,
    tzgsyy: optionalText,
    yyzt: objection,
  })
  .transform((r): LegacyPenalty => ({
    reference: r.cf_wsh ?? `${r.cf_cfjg}/${r.cf_jdrq}`,
    penaltyType: r.cf_cflb,
    // 万元 with six places → yuan, rounded to the fen.
    fineYuan: r.cf_nr_fk === null ? null : Math.round(r.cf_nr_fk * 1_000_000) / 100,
    decidedOn: r.cf_jdrq,
    authority: r.cf_cfjg,
    reason: r.cf_sy,
    publicUntil: r.cf_gsjzq,
    severe: r.sfjzcf,
    stoppedOn: r.tzgsrq,
    repaired: r.tzgsrq !== null && isRepairReason(r.tzgsyy),
    underObjection: r.yyzt,
  }));

/** One enterprise in `data[]`. */
export const qyxxModel = z
  .object({
    tyshxydm: z.string().trim().toUpperCase().length(18),
    qymc: requiredText,
    qylx: optionalText,
    fddbr: optionalText,
    fddbrzjhm: optionalText,
    djzt,
    clrq: optionalDate,
    zxrq: optionalDate,
    dxrq: optionalDate,
    zs: optionalText,
    zczb: optionalDecimal,
    jyfw: optionalText,
    djjg: optionalText,
    xzcf: list(penaltyModel),
    jyyc: list(listingModel),
    yzwf: list(listingModel),
  })
  .transform((r): MarketLegacyRecord => ({
    uscc: r.tyshxydm,
    registration: {
      name: r.qymc,
      status: r.djzt,
      companyType: r.qylx,
      establishedOn: r.clrq,
      closedOn: r.djzt === 'DEREGISTERED' ? (r.zxrq ?? r.dxrq) : r.djzt === 'REVOKED' ? r.dxrq : null,
      address: r.zs,
      registeredCapitalWan: r.zczb,
      businessScope: r.jyfw,
      authority: r.djjg,
      legalRepresentative:
        r.fddbr === null ? null : { name: r.fddbr, idNumber: r.fddbrzjhm?.toUpperCase() ?? null, idNumberMasked: maskIdNumber(r.fddbrzjhm) },
    },
    penalties: r.xzcf,
    abnormalOperations: r.jyyc,
    seriousIllegal: r.yzwf,
  }));

/** The envelope every answer comes in, HTTP 200 whatever happened. */
export const envelopeModel = z.object({
  code: z.string(),
  msg: z.string().nullish(),
  data: z.unknown().optional(),
});

/** `data` of a successful batch answer. */
export const batchDataModel = z
  .array(qyxxModel)
  .nullish()
  .transform((a) => a ?? []);

/** `data` of a successful single-code answer: the enterprise, or null when unknown. */
export const singleDataModel = qyxxModel.nullish().transform((r) => r ?? null);

/** The success code of the envelope. */
export const SUCCESS_CODE = '0000';
