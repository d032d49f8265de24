import { z } from 'zod';
import { parseChineseDate, parseChineseYear } from './chinese-date.js';

/**
 * Zod models of the economy & IT (经信) credit platform's answers. They read the platform's
 * pinyin field names, `2023年05月01日` dates and string codes, and produce the neutral shapes below;
 * no raw field name leaves this file and `legacy-client.ts`.
 */

/** 荣誉 — an honour as the platform records it. Dates are `YYYY-MM-DD`. */
export interface PlatformHonor {
  title: string;
  year: number;
  authority: string;
  awardedOn: string;
  /** null when the honour does not lapse (`长期`). */
  validUntil: string | null;
}

/**
 * Why an entry left the safety-production dishonesty list (移出原因):
 * `CREDIT_REPAIR` 信用修复, `PERIOD_ENDED` 期满 (the publicity window ran out), `REVOKED` 撤销,
 * `OTHER` any other wording (整改到位, 履行完毕, or none given).
 */
export type PlatformRemovalReason = 'CREDIT_REPAIR' | 'PERIOD_ENDED' | 'REVOKED' | 'OTHER';

/** 安全生产失信 — a safety-production dishonesty entry (民爆 / 危化). */
export interface PlatformSafetyEntry {
  reference: string;
  authority: string;
  conduct: string;
  listedOn: string;
  publicUntil: string | null;
  removal: { on: string; reason: PlatformRemovalReason } | null;
  underObjection: boolean;
}

export type PlatformCommitmentStatus = 'FULFILLED' | 'PENDING' | 'BREACHED';

/** 信用承诺 — a credit commitment and its fulfilment. */
export interface PlatformCommitment {
  reference: string;
  matter: string;
  madeOn: string;
  status: PlatformCommitmentStatus;
  checkedOn: string | null;
}

/** Everything the platform holds for one enterprise. */
export interface PlatformRecord {
  uscc: string;
  honors: PlatformHonor[];
  safetyDishonesty: PlatformSafetyEntry[];
  commitments: PlatformCommitment[];
}

const text = z.string().trim().min(1);

/** A required `2023年05月01日` date → ISO. */
const date = z.string().transform((s, ctx) => {
  const iso = parseChineseDate(s);
  if (iso === null) {
    ctx.addIssue({ code: 'custom', message: 'not a date of the form YYYY年MM月DD日' });
    return z.NEVER;
  }
  return iso;
});

/** An optional date: the platform writes "" (or null, or leaves the field out) when there is none. */
const optionalDate = z
  .string()
  .nullish()
  .transform((s, ctx) => {
    if (s === null || s === undefined || s.trim() === '') return null;
    const iso = parseChineseDate(s);
    if (iso === null) {
      ctx.addIssue({ code: 'custom', message: 'not a date of the form YYYY年MM月DD日' });
      return z.NEVER;
    }
    return iso;
  });

/** 有效期至: a date, or `长期` / "" for an honour that does not lapse. */
const validUntil = z
  .string()
  .nullish()
  .transform((s, ctx) => {
    if (s === null || s === undefined || s.trim() === '' || s.trim() === '长期') return null;
    const iso = parseChineseDate(s);
    if (iso === null) {
      ctx.addIssue({ code: 'custom', message: 'not a date of the form YYYY年MM月DD日 nor 长期' });
      return z.NEVER;
    }
    return iso;
  });

/** 年度: `2024年度`. */
const year = z.string().transform((s, ctx) => {
  const y = parseChineseYear(s);
  if (y === null) {
    ctx.addIssue({ code: 'custom', message: 'not a year of the form YYYY年度' });
    return z.NEVER;
  }
  return y;
});

/** Old systems send `null` for an empty list as often as `[]`. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v): z.output<T>[] => v ?? []);

const honor = z
  .object({ rymc: text, rynd: year, bfdw: text, bfrq: date, yxqz: validUntil })
  .transform((h): PlatformHonor => ({ title: h.rymc, year: h.rynd, authority: h.bfdw, awardedOn: h.bfrq, validUntil: h.yxqz }));

const REMOVAL_REASONS: Readonly<Record<string, PlatformRemovalReason>> = {
  信用修复: 'CREDIT_REPAIR',
  期满: 'PERIOD_ENDED',
  撤销: 'REVOKED',
};

const safetyEntry = z
  .object({
    rdwh: text,
    rdjg: text,
    sxxw: z.string(),
    rdrq: date,
    gsjzrq: optionalDate,
    ycrq: optionalDate,
    ycyy: z.string().nullish(),
    /** 异议状态: "0" none, "1" being handled. */
    yyzt: z.enum(['0', '1', '']).nullish(),
  })
  .superRefine((e, ctx) => {
    // A removal reason without a removal date cannot be placed in time: do not guess.
    if (e.ycrq === null && e.ycyy && e.ycyy.trim() !== '') {
      ctx.addIssue({ code: 'custom', path: ['ycrq'], message: 'removal reason without a removal date' });
    }
  })
  .transform((e): PlatformSafetyEntry => ({
    reference: e.rdwh,
    authority: e.rdjg,
    conduct: e.sxxw,
    listedOn: e.rdrq,
    publicUntil: e.gsjzrq,
    removal: e.ycrq === null ? null : { on: e.ycrq, reason: REMOVAL_REASONS[(e.ycyy ?? '').trim()] ?? 'OTHER' },
    underObjection: e.yyzt === '1',
  }));

const COMMITMENT_STATUS = { 已履约: 'FULFILLED', 履约中: 'PENDING', 未履约: 'BREACHED' } as const;

const commitment = z
  .object({
    cnbh: text,
    cnsx: z.string(),
    cnrq: date,
    lyzt: z.enum(['已履约', '履约中', '未履约']),
    hcrq: optionalDate,
  })
  .transform((c): PlatformCommitment => ({
    reference: c.cnbh,
    matter: c.cnsx,
    madeOn: c.cnrq,
    status: COMMITMENT_STATUS[c.lyzt],
    checkedOn: c.hcrq,
  }));

const item = z
  .object({
    xydm: text,
    rychList: list(honor),
    aqscsxList: list(safetyEntry),
    xycnList: list(commitment),
  })
  .transform((i): PlatformRecord => ({
    uscc: i.xydm,
    honors: i.rychList,
    safetyDishonesty: i.aqscsxList,
    commitments: i.xycnList,
  }));

/** The envelope every answer comes in; `resultCode` other than "200" is a refusal, even with HTTP 200. */
export const envelopeModel = z.object({
  resultCode: z.union([z.string(), z.number()]).transform((c) => String(c).trim()),
  resultData: z.unknown().optional(),
});

/** `resultData` of a successful batch query. */
export const batchDataModel = z
  .object({
    items: list(item),
    notFound: list(z.string()),
  })
  .transform((d) => ({ records: d.items, notFound: d.notFound }));

export type BatchData = z.output<typeof batchDataModel>;
