/**
 * Golden cases: hand-written enterprises, one per credit condition, checked in as
 * test/golden/cases.json so that a domain expert can review them. Dates there are written relative
 * to "today" and resolved here, so every case means the same thing whatever day the tests run.
 *
 * Date notation (also stated in the file's `dateConvention`):
 *   - `"@"` is today; `"@-120d"`, `"@+3y"`, `"@-3y-60d+3y-1d"` add signed offsets in days (d),
 *     calendar months (m) or calendar years (y), applied left to right (a day past the end of a
 *     month is clamped to its last day). A plain `YYYY-MM-DD` is an absolute date.
 *   - Year fields: an integer, or `"@year"` (today's calendar year), `"@ratingYear"` (the assessment
 *     year of the tax credit rating in force today), `"@yearOf(@-200d)"` (the calendar year of a
 *     relative date), each optionally followed by `+N` / `-N`.
 *
 * A case's own members are read leniently (unknown members such as a later `expected` are kept in
 * `raw` and otherwise ignored); the department sections under `holds` are strict, so a misspelt
 * field is an error rather than silently dropped.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseUscc } from '../../common/uscc/index.js';
import { isReservedGoldenBody } from './codes.js';
import { addDays, addMonths, addYears, isIsoDate, taxRatingYearInForce, yearOf } from './dates.js';
import { isValidResidentId } from './resident-id.js';
import type { EnterpriseTruth, IsoDate } from './types.js';

const GOLDEN_FILE = new URL('../../test/golden/cases.json', import.meta.url);

export interface GoldenCase {
  /** Stable identifier, e.g. `dishonest-debtor`. */
  id: string;
  uscc: string;
  title: string;
  titleZh: string;
  /** The one condition this enterprise exhibits. */
  condition: string;
  /** What each department holds, with every date resolved against `today`. */
  truth: EnterpriseTruth;
  /** The case as written in the file, unknown members included. */
  raw: Readonly<Record<string, unknown>>;
}

const OFFSET = /([+-])(\d+)([dmy])/g;
const RELATIVE_DATE = /^@(?:[+-]\d+[dmy])*$/;
const RELATIVE_YEAR = /^@(year|ratingYear|yearOf\((@(?:[+-]\d+[dmy])*)\))(?:([+-])(\d+))?$/;

/** Resolve `"@-3y-60d"` (or an absolute `YYYY-MM-DD`) against today. */
export function resolveDate(expr: string, today: IsoDate): IsoDate {
  if (isIsoDate(expr)) return expr;
  if (!RELATIVE_DATE.test(expr)) throw new RangeError(`not a date expression: ${JSON.stringify(expr)}`);
  let date = today;
  for (const [, sign, amount, unit] of expr.slice(1).matchAll(OFFSET)) {
    const n = (sign === '-' ? -1 : 1) * Number(amount);
    date = unit === 'd' ? addDays(date, n) : unit === 'm' ? addMonths(date, n) : addYears(date, n);
  }
  return date;
}

/** Resolve `"@ratingYear-1"`, `"@year"`, `"@yearOf(@-200d)-1"` or an integer. */
export function resolveYear(expr: number | string, today: IsoDate): number {
  if (typeof expr === 'number') return expr;
  const m = RELATIVE_YEAR.exec(expr);
  if (!m) throw new RangeError(`not a year expression: ${JSON.stringify(expr)}`);
  const base = m[1] === 'year' ? yearOf(today) : m[1] === 'ratingYear' ? taxRatingYearInForce(today) : yearOf(resolveDate(m[2]!, today));
  return base + (m[3] ? (m[3] === '-' ? -1 : 1) * Number(m[4]) : 0);
}

function buildSchema(today: IsoDate) {
  const text = z.string().trim().min(1);
  const date = z
    .string()
    .refine((s) => isIsoDate(s) || RELATIVE_DATE.test(s), {
      message: 'expected a date: YYYY-MM-DD, or "@" with offsets such as "@-120d", "@+3y", "@-3y-60d"',
    })
    .transform((s) => resolveDate(s, today));
  const year = z
    .union([
      z.number().int().min(1949).max(2100),
      z.string().regex(RELATIVE_YEAR, 'expected a year: an integer, "@year", "@ratingYear" or "@yearOf(@-200d)", optionally followed by +N/-N'),
    ])
    .transform((y) => resolveYear(y, today));
  const money = z.number().nonnegative();

  const entryShape = {
    reference: text,
    authority: text,
    reason: text,
    listedOn: date,
    publicUntil: date.optional(),
    removedOn: date.optional(),
    removal: z.enum(['CURED', 'PERFORMED', 'REPAIRED', 'REVOKED']).optional(),
    underObjection: z.boolean().optional(),
  };
  const removalPaired = {
    check: (e: { removedOn?: string | undefined; removal?: string | undefined }) => (e.removedOn === undefined) === (e.removal === undefined),
    message: { message: 'removedOn and removal must be given together' },
  };
  const entry = z.strictObject(entryShape).refine(removalPaired.check, removalPaired.message);
  const penalty = z
    .strictObject({ ...entryShape, penaltyType: text, fineYuan: money.optional(), severe: z.boolean() })
    .refine(removalPaired.check, removalPaired.message);

  const market = z.strictObject({
    registration: z.strictObject({
      name: text,
      status: z.enum(['OPERATING', 'DEREGISTERED', 'REVOKED']),
      companyType: text,
      establishedOn: date,
      closedOn: date.optional(),
      address: text,
      registeredCapitalWan: z.number().positive(),
      businessScope: text,
      registrationAuthority: text,
      legalRepresentative: z.strictObject({
        name: text,
        idNumber: z.string().refine(isValidResidentId, 'expected a valid 18-character resident ID number (GB 11643 check)'),
      }),
    }),
    penalties: z.array(penalty),
    abnormalOperations: z.array(entry),
    seriousIllegal: z.array(entry),
  });
  const tax = z.strictObject({
    taxpayerId: z.string().regex(/^(?:[0-9A-HJ-NPQRTUWXY]{18}|\d{6}[0-9A-Z]{8}[0-9X])$/, 'expected a USCC or a 15-character old taxpayer number'),
    ratings: z.array(z.strictObject({ year, level: z.enum(['A', 'B', 'M', 'C', 'D']) })),
    majorViolations: z.array(z.strictObject({ ...entryShape, amountYuan: money }).refine(removalPaired.check, removalPaired.message)),
    arrears: z.array(z.strictObject({ taxType: text, amountYuan: money, since: date, authority: text })),
  });
  const courts = z.strictObject({
    dishonestDebtor: z.array(
      z.strictObject({ ...entryShape, obligation: text, performance: text }).refine(removalPaired.check, removalPaired.message),
    ),
    enforcementCases: z.array(z.strictObject({ caseNumber: text, court: text, filedOn: date, amountYuan: money, closedOn: date.optional() })),
    consumptionRestrictions: z.array(entry),
  });
  const environment = z.strictObject({
    ratings: z.array(z.strictObject({ year, level: z.enum(['GREEN', 'BLUE', 'YELLOW', 'RED']), authority: text, ratedOn: date })),
    penalties: z.array(penalty),
  });
  const economy = z.strictObject({
    honors: z.array(z.strictObject({ title: text, year, authority: text, awardedOn: date, validUntil: date.optional() })),
    safetyDishonesty: z.array(entry),
    commitments: z.array(
      z.strictObject({
        reference: text,
        matter: text,
        madeOn: date,
        status: z.enum(['FULFILLED', 'PENDING', 'BREACHED']),
        checkedOn: date.optional(),
      }),
    ),
  });

  const finance = z.strictObject({
    procurementDishonest: z.array(
      z
        .strictObject({
          reference: text,
          authority: text,
          facts: text,
          legalBasis: text,
          penaltyResult: text,
          decidedOn: date,
          publishedOn: date,
          banFrom: date,
          banUntil: date,
        })
        .refine((e) => e.banFrom <= e.banUntil, { message: 'banFrom must not be after banUntil' })
        .refine((e) => e.decidedOn <= e.publishedOn, { message: 'publishedOn must not be before decidedOn' }),
    ),
  });

  // 人社: optional, so cases written before the department existed need no change (absent = not known).
  const hrss = z.strictObject({
    wageArrearsDishonest: z.array(
      z.strictObject({ ...entryShape, amountYuan: money, workers: z.number().int().positive() }).refine(removalPaired.check, removalPaired.message),
    ),
    socialInsuranceArrears: z.array(
      z.strictObject({
        reference: text,
        authority: text,
        insuranceTypes: z.array(text).min(1),
        amountYuan: money,
        since: date,
        establishedOn: date,
        settledOn: date.optional(),
      }),
    ),
  });

  const goldenCase = z.object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id'),
    uscc: z.string().superRefine((code, ctx) => {
      const parsed = parseUscc(code);
      if (!parsed.valid || parsed.info.uscc !== code) {
        ctx.addIssue({ code: 'custom', message: `not a valid, normalised USCC (${parsed.valid ? 'not normalised' : parsed.reason})` });
      } else if (!isReservedGoldenBody(code.slice(8, 16))) {
        ctx.addIssue({
          code: 'custom',
          message: 'golden codes must have an organisation-code body 00000000-09999999 (reserved, never synthetic)',
        });
      }
    }),
    title: text,
    titleZh: text,
    condition: text,
    // Every section is written out: null means the department does not know the enterprise.
    holds: z.strictObject({
      market: market.nullable(),
      tax: tax.nullable(),
      courts: courts.nullable(),
      environment: environment.nullable(),
      economy: economy.nullable(),
      hrss: hrss.nullable().optional(),
      // Optional: the cases written before the finance department joined need not name it.
      finance: finance.nullable().optional(),
    }),
  });

  return z
    .object({
      version: z.literal(1),
      description: text,
      dateConvention: text,
      cases: z.array(goldenCase).min(1),
    })
    .superRefine((file, ctx) => {
      const seen = new Map<string, number>();
      file.cases.forEach((c, i) => {
        for (const key of [`id ${c.id}`, `uscc ${c.uscc}`]) {
          const first = seen.get(key);
          if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['cases', i], message: `duplicate ${key} (also cases[${first}])` });
          else seen.set(key, i);
        }
      });
    });
}

/** Validate and resolve golden cases from already-parsed JSON (the file's content). */
export function parseGoldenCases(json: unknown, today: IsoDate, source = 'golden cases'): GoldenCase[] {
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const result = buildSchema(today).safeParse(json);
  if (!result.success) throw new Error(`${source} is invalid:\n${z.prettifyError(result.error)}`);
  const rawCases = (json as { cases: Record<string, unknown>[] }).cases;
  return result.data.cases.map((c, i) => {
    const truth: EnterpriseTruth = { uscc: c.uscc, ...c.holds };
    return { id: c.id, uscc: c.uscc, title: c.title, titleZh: c.titleZh, condition: c.condition, truth, raw: rawCases[i]! };
  });
}

/** The golden cases of test/golden/cases.json, with dates resolved against `today`. */
export function loadGoldenCases(today: IsoDate): GoldenCase[] {
  const path = fileURLToPath(GOLDEN_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read golden cases from ${path}: ${(err as Error).message}`);
  }
  return parseGoldenCases(json, today, path);
}
