/**
 * A deterministic synthetic dataset of enterprises registered in Hubei, Hunan and Shaanxi, with
 * what each of the five departments holds about them.
 *
 * - Enterprise i is generated on demand from (seed, i, today) alone: memory is O(golden cases),
 *   whatever the size, and the same seed + today give byte-identical records.
 * - Its organisation code is a bijection of i (see codes.ts), so lookups by USCC, organisation code
 *   or taxpayer number decode i, regenerate and compare the full code.
 * - Every date is placed relative to `today`, so an entry meant to be active is active on the day the
 *   data is generated, whenever that is.
 * - Golden cases (test/golden/cases.json) are overlaid and checked first in every lookup.
 *
 * Who knows whom: market regulation, tax, courts and economy & IT know every synthetic enterprise
 * (an empty record means "searched, nothing on file"); the environment bureau knows about 60 %
 * (most polluting industries, fewer traders and service firms) and rates half of those.
 */
import { buildUscc } from '../../common/uscc/index.js';
import { createCodeSpace, MAX_DATASET_SIZE, type CodeSpace } from './codes.js';
import { addDays, addMonths, addYears, fromDayNumber, isIsoDate, taxRatingYearInForce, toDayNumber, yearOf } from './dates.js';
import { loadGoldenCases } from './golden.js';
import { datasetFromRecords } from './in-memory.js';
import { hashString, rngFor, type Rng } from './prng.js';
import { residentIdNumber } from './resident-id.js';
import {
  addressPrefix,
  basicCourt,
  CITY_WEIGHTS,
  cityDivision,
  divisionOf,
  economyAbbr,
  economyAuthority,
  emergencyAuthority,
  environmentAuthority,
  intermediateCourt,
  marketAuthority,
  referencePrefix,
  taxAuthority,
  taxInspectionAuthority,
  CITIES,
  type City,
  type Court,
  type Division,
} from './regions.js';
import type {
  FinanceTruth,
  ProcurementDishonestEntry,
  CourtsTruth,
  Dataset,
  EconomyTruth,
  EnterpriseTruth,
  EnvironmentLevel,
  HrssTruth,
  EnvironmentTruth,
  IsoDate,
  ListEntry,
  MarketTruth,
  Penalty,
  RegistrationStatus,
  TaxLevel,
  TaxTruth,
} from './types.js';
import {
  ABNORMAL_REASONS,
  ARREARS_TAX_TYPES,
  BANKS,
  COMMITMENT_MATTERS,
  COMMITMENT_MATTERS_EXPLOSIVES,
  COMPANY_TYPES_JSC,
  COMPANY_TYPES_LLC,
  CONSUMPTION_RESTRICTION_REASON,
  DISHONEST_GROUNDS,
  DISPUTES,
  ENVIRONMENT_PENALTIES,
  GIVEN_FEMALE,
  GIVEN_MALE,
  HONORS,
  INDUSTRY_WEIGHTS,
  MAJOR_TAX_CASES,
  MARKET_PENALTIES,
  REVOCATION_PENALTY,
  SAFETY_REASONS,
  SERIOUS_ILLEGAL_REASONS,
  SURNAMES,
  TRADE_NAME_CHARS,
  type Industry,
  type PenaltyTemplate,
  type Tier,
} from './vocab.js';

export interface CreateDatasetOptions {
  /** Seed of the pseudo-random generator. Default `'credit-federation'`. */
  seed?: string;
  /** Number of synthetic enterprises (golden cases come on top). Default 10 000, at most 100 000 000. */
  size?: number;
  /** The day every relative date is resolved against (YYYY-MM-DD, China time). */
  today: IsoDate;
  /** Overlay the golden cases of test/golden/cases.json. Default true. */
  golden?: boolean;
}

/**
 * Prevalences the generator aims at (share of all synthetic enterprises unless said otherwise).
 * Measured values for seed 'credit-federation' are in generator.test.ts.
 */
const P = {
  cityLevelRegistration: 0.15,
  deregistered: 0.05,
  revoked: 0.03,
  revocationPenalty: 0.5,
  marketPenalty: 0.066,
  abnormalActive: 0.06,
  abnormalCured: 0.04,
  seriousActive: 0.0055,
  seriousHistory: 0.002,
  majorTaxActive: 0.0025,
  majorTaxExpired: 0.0015,
  majorTaxRepaired: 0.0008,
  arrears: 0.02,
  legacyTaxpayerIdAmongOld: 0.03,
  dishonestActive: 0.02,
  dishonestRemoved: 0.01,
  restrictionOnlyActive: 0.015,
  restrictionOnlyRemoved: 0.005,
  enforcementOnly: 0.008,
  environmentKnownHeavy: 0.85,
  environmentKnownLight: 0.42,
  environmentRatedAmongKnown: 0.58,
  environmentPenaltyHeavy: 0.045,
  environmentPenaltyLight: 0.015,
  honor: 0.042,
  safetyAmongRegulated: 0.075,
  commitment: 0.2,
  underObjection: 0.03,
  // 人社: the wage-arrears list is rare and mostly construction (保障农民工工资支付条例 is about
  // building sites above all); social-insurance arrears are commoner and spread over every trade.
  wageArrearsConstruction: 0.03,
  wageArrearsOther: 0.002,
  socialInsuranceArrears: 0.02,
  socialInsuranceSettledShare: 0.45,
  // 政府采购严重违法失信行为记录名单: a few thousand suppliers nationwide at any time, most barred for one year.
  procurementDishonestActive: 0.002,
  procurementDishonestExpired: 0.002,
} as const;

const TAX_LEVEL_WEIGHTS: readonly (readonly [TaxLevel, number])[] = [
  ['A', 24],
  ['B', 51],
  ['C', 19],
  ['D', 6],
];
const ENV_LEVEL_WEIGHTS: readonly (readonly [EnvironmentLevel, number])[] = [
  ['GREEN', 30],
  ['BLUE', 50],
  ['YELLOW', 13],
  ['RED', 7],
];
const TIER_WEIGHTS: readonly (readonly [Tier, number])[] = [
  ['minor', 35],
  ['general', 50],
  ['severe', 15],
];
const ENV_TIER_WEIGHTS: readonly (readonly [Tier, number])[] = [
  ['minor', 15],
  ['general', 60],
  ['severe', 25],
];
const HONOR_WEIGHTS = HONORS.map((h) => [h, h.weight] as const);

interface Ctx {
  seed: [number, number, number, number];
  space: CodeSpace;
  today: IsoDate;
  todayDay: number;
  ratingYear: number;
}

interface Profile {
  uscc: string;
  orgCode: string;
  old: boolean;
  division: Division;
  city: City;
  industry: Industry;
  name: string;
  estDay: number;
  status: RegistrationStatus;
  /** Closing day, or today for an enterprise still in business. */
  lastDay: number;
  closedOn?: IsoDate;
}

// ---------------------------------------------------------------- helpers

const day = toDayNumber;
const iso = fromDayNumber;

/** A day in [lo, hi], or undefined when the window is empty. */
function dayIn(r: Rng, lo: number, hi: number): number | undefined {
  return lo > hi ? undefined : r.int(lo, hi);
}

/** Publicity end: the day before the same date `months` later (inclusive window). */
function until(listedOn: IsoDate, months: number): IsoDate {
  return addDays(addMonths(listedOn, months), -1);
}

const TIER_MONTHS: Readonly<Record<Tier, number>> = { minor: 3, general: 12, severe: 36 };
/** Earliest credit repair after listing (minimum publicity): general 3 months, severe 1 year. */
const TIER_MIN_MONTHS: Readonly<Record<Tier, number>> = { minor: 3, general: 3, severe: 12 };

/** Decision numbers, unique within one enterprise. */
class References {
  private readonly used = new Set<string>();
  constructor(private readonly r: Rng) {}
  make(format: (n: number) => string, max: number): string {
    for (;;) {
      const ref = format(this.r.int(1, max));
      if (!this.used.has(ref)) {
        this.used.add(ref);
        return ref;
      }
    }
  }
}

function money(r: Rng, lo: number, hi: number, step = 100): number {
  return Math.round(r.int(lo, hi) / step) * step;
}

/** A log-uniform amount in yuan between 10^lo and 10^hi, rounded to whole yuan. */
function logAmount(r: Rng, lo: number, hi: number): number {
  return Math.round(10 ** (lo + r.float() * (hi - lo)));
}

function isActive(e: ListEntry, today: IsoDate): boolean {
  return !e.removedOn && (!e.publicUntil || e.publicUntil >= today);
}

function maybeObjection(r: Rng, e: ListEntry, today: IsoDate): void {
  if (isActive(e, today) && r.chance(P.underObjection)) e.underObjection = true;
}

function byListedOn<T extends { listedOn: IsoDate }>(a: T, b: T): number {
  return a.listedOn < b.listedOn ? -1 : a.listedOn > b.listedOn ? 1 : 0;
}

function personName(r: Rng, male: boolean): string {
  return r.weighted(SURNAMES) + r.pick(male ? GIVEN_MALE : GIVEN_FEMALE);
}

function tradeName(r: Rng): string {
  const a = r.pick(TRADE_NAME_CHARS);
  let b = r.pick(TRADE_NAME_CHARS);
  while (b === a) b = r.pick(TRADE_NAME_CHARS);
  return a + b;
}

function pickSome<T>(r: Rng, items: readonly T[], lo: number, hi: number): T[] {
  const pool = [...items];
  const n = Math.min(pool.length, r.int(lo, hi));
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(pool.splice(r.int(0, pool.length - 1), 1)[0]!);
  return out;
}

/** 经营范围, in the 2021 规范表述 (许可项目/一般项目) for newer registrations. */
function businessScope(r: Rng, industry: Industry, establishedOn: IsoDate): string {
  // A 民爆 / 危化 enterprise always holds its defining licence (the first one listed).
  const [head, ...rest] = industry.licensed;
  const licensed =
    industry.safety && head ? [head, ...pickSome(r, rest, 0, 1)] : pickSome(r, industry.licensed, industry.licensed.length > 0 ? 1 : 0, 2);
  const general = pickSome(r, industry.general, 2, 4);
  if (establishedOn >= '2021-03-01') {
    const lic = licensed.length
      ? `许可项目：${licensed.join('；')}（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）`
      : '';
    return `${lic}一般项目：${general.join('；')}（除许可业务外，可自主依法经营法律法规非禁止或限制的项目）`;
  }
  return `${[...general, ...licensed].join('；')}。（依法须经批准的项目，经相关部门批准后方可开展经营活动）`;
}

function address(r: Rng, d: Division): string {
  const place = d.level === 'city' ? divisionOf(d.city, r.pick(d.city.divisions)) : d;
  const road = r.pick(d.city.roads);
  const no = r.int(1, 399);
  const u = r.float();
  const tail =
    u < 0.5
      ? `${no}号`
      : u < 0.75
        ? `${no}号${r.int(1, 12)}栋${r.int(1, 25)}${String(r.int(1, 20)).padStart(2, '0')}室`
        : u < 0.9
          ? `${no}号${r.pick(TRADE_NAME_CHARS)}${r.pick(['华', '鑫', '盛', '泰'])}大厦${r.int(2, 28)}楼`
          : `${no}号${r.pick(['高新技术产业园', '经济开发区', '工业园', '科技园'])}${r.int(1, 9)}号厂房`;
  return addressPrefix(place) + road + tail;
}

// ---------------------------------------------------------------- sections

function profileOf(ctx: Ctx, i: number, r: Rng): Profile & { registration: MarketTruth['registration'] } {
  const city = r.weighted(CITY_WEIGHTS);
  const division = r.chance(P.cityLevelRegistration) ? cityDivision(city) : divisionOf(city, r.pick(city.divisions));
  const old = ctx.space.isOld(i);
  const body = ctx.space.bodyOf(i);
  const uscc = buildUscc('9', '1', division.code, body);
  const industry = r.weighted(INDUSTRY_WEIGHTS);

  // Skewed towards later dates: more enterprises were founded in recent years.
  const [lo, hi] = old ? [day('1993-01-01'), day('2015-09-30')] : [day('2015-10-01'), ctx.todayDay - 30];
  const estDay = Math.max(r.int(lo, hi), r.int(lo, hi));

  let status: RegistrationStatus = 'OPERATING';
  let closedDay: number | undefined;
  const u = r.float();
  if (u < P.deregistered + P.revoked) {
    closedDay = dayIn(r, Math.max(estDay + 180, ctx.todayDay - 8 * 365), ctx.todayDay - 1);
    if (closedDay !== undefined) status = u < P.deregistered ? 'DEREGISTERED' : 'REVOKED';
  }

  const capitalChoice = r.weighted(industry.capital);
  const jsc = capitalChoice >= 1000 && r.chance(0.15);
  const form = jsc ? '股份有限公司' : r.chance(0.88) ? '有限公司' : '有限责任公司';
  const name = city.short + tradeName(r) + r.pick(industry.words) + form;
  // State-owned forms only for the larger registrations.
  const types = (jsc ? COMPANY_TYPES_JSC : COMPANY_TYPES_LLC).filter(([t]) => capitalChoice >= 1000 || !t.includes('国有'));
  const companyType = r.weighted(types);
  const establishedOn = iso(estDay);

  const male = r.chance(0.78);
  const repCity = r.chance(0.7) ? city : r.pick(CITIES.filter((c) => c.province === city.province));
  const idDivision = r.pick(repCity.divisions)[0];
  const birth = iso(r.int(day(addYears(ctx.today, -68)), day(addYears(ctx.today, -25))));
  const sequence = r.int(0, 499) * 2 + (male ? 1 : 0) || 2;

  const registration: MarketTruth['registration'] = {
    name,
    status,
    companyType,
    establishedOn,
    ...(closedDay !== undefined && status !== 'OPERATING' ? { closedOn: iso(closedDay) } : {}),
    address: address(r, division),
    registeredCapitalWan: capitalChoice,
    businessScope: businessScope(r, industry, establishedOn),
    registrationAuthority: marketAuthority(division),
    legalRepresentative: { name: personName(r, male), idNumber: residentIdNumber(idDivision, birth, sequence) },
  };
  return {
    uscc,
    orgCode: uscc.slice(8, 17),
    old,
    division,
    city,
    industry,
    name,
    estDay,
    status,
    lastDay: closedDay ?? ctx.todayDay,
    ...(registration.closedOn ? { closedOn: registration.closedOn } : {}),
    registration,
  };
}

function penaltyFrom(r: Rng, ctx: Ctx, t: PenaltyTemplate, listedDay: number, reference: string, authority: string): Penalty {
  const listedOn = iso(listedDay);
  const publicUntil = until(listedOn, TIER_MONTHS[t.tier]);
  const p: Penalty = {
    reference,
    authority,
    reason: t.reason,
    listedOn,
    publicUntil,
    penaltyType: t.penaltyType,
    ...(t.fine ? { fineYuan: money(r, t.fine[0], t.fine[1]) } : {}),
    severe: t.tier === 'severe',
  };
  if (t.tier !== 'minor' && r.chance(0.3)) {
    const removed = dayIn(r, day(addMonths(listedOn, TIER_MIN_MONTHS[t.tier])), Math.min(ctx.todayDay, day(publicUntil) - 1));
    if (removed !== undefined) {
      p.removedOn = iso(removed);
      p.removal = 'REPAIRED';
    }
  }
  maybeObjection(r, p, ctx.today);
  return p;
}

function pickTemplate(
  r: Rng,
  templates: readonly PenaltyTemplate[],
  tiers: readonly (readonly [Tier, number])[],
  industry: Industry,
): PenaltyTemplate {
  const tier = r.weighted(tiers);
  const fits = templates.filter((t) => t.tier === tier && (!t.industries || t.industries.includes(industry.key)));
  return r.pick(fits.length ? fits : templates.filter((t) => t.tier === tier && !t.industries));
}

function marketOf(ctx: Ctx, p: Profile, registration: MarketTruth['registration'], r: Rng): MarketTruth {
  const refs = new References(r);
  const prefix = referencePrefix(p.division);
  const authority = marketAuthority(p.division);
  const penaltyRef = (d: number) => refs.make((n) => `${prefix}市监处罚〔${yearOf(iso(d))}〕${n}号`, 480);
  const penalties: Penalty[] = [];
  const abnormalOperations: ListEntry[] = [];
  const seriousIllegal: ListEntry[] = [];

  if (p.status === 'REVOKED' && r.chance(P.revocationPenalty)) {
    penalties.push(penaltyFrom(r, ctx, REVOCATION_PENALTY, p.lastDay, penaltyRef(p.lastDay), authority));
  }
  if (r.chance(P.marketPenalty)) {
    const count = r.weighted([
      [1, 75],
      [2, 20],
      [3, 5],
    ] as const);
    for (let k = 0; k < count; k++) {
      const d = dayIn(r, Math.max(p.estDay + 30, ctx.todayDay - 5 * 365), p.lastDay);
      if (d === undefined) break;
      penalties.push(penaltyFrom(r, ctx, pickTemplate(r, MARKET_PENALTIES, TIER_WEIGHTS, p.industry), d, penaltyRef(d), authority));
    }
  }

  const abnormalRef = (d: number) => refs.make((n) => `${prefix}市监异列〔${yearOf(iso(d))}〕${n}号`, 2400);
  const abnormal = (listedDay: number, reason: string): ListEntry => ({
    reference: abnormalRef(listedDay),
    authority,
    reason,
    listedOn: iso(listedDay),
  });
  /** A listing for not filing the annual report happens in July, after the 30 June deadline. */
  const annualReportDay = (lo: number, hi: number): number | undefined => {
    const years: number[] = [];
    for (let y = yearOf(iso(lo)); y <= yearOf(iso(hi)); y++) {
      const july = day(`${y}-07-01`);
      if (july >= lo && july <= hi && july >= p.estDay + 365) years.push(y);
    }
    if (years.length === 0) return undefined;
    return Math.min(hi, day(`${r.pick(years)}-07-01`) + r.int(0, 45));
  };

  /** A listing date and reason in [lo, hi]; an annual-report listing falls in July, else it is another reason. */
  const listing = (kind: keyof typeof ABNORMAL_REASONS, lo: number, hi: number): [number, string] | undefined => {
    if (kind === 'annualReport') {
      const d = annualReportDay(lo, hi);
      if (d !== undefined) return [d, ABNORMAL_REASONS.annualReport];
      kind = 'unreachable';
    }
    const d = dayIn(r, lo, hi);
    return d === undefined ? undefined : [d, ABNORMAL_REASONS[kind]];
  };

  const u = r.float();
  // A deregistered enterprise cannot be on the list: deregistration needs it removed first.
  if (u < P.abnormalActive && p.status !== 'DEREGISTERED') {
    // Fewer than 3 years: after 3 years uncured it moves to the 严重违法失信名单.
    const lo = Math.max(day(addYears(ctx.today, -3)) + 1, p.estDay + 60);
    const kind = r.weighted([
      ['annualReport', 70],
      ['unreachable', 24],
      ['ordered', 5],
      ['false', 1],
    ] as const);
    const l = listing(kind, lo, p.lastDay);
    if (l) {
      const e = abnormal(l[0], l[1]);
      maybeObjection(r, e, ctx.today);
      abnormalOperations.push(e);
    }
  } else if (u < P.abnormalActive + P.abnormalCured) {
    const lo = Math.max(p.estDay + 60, ctx.todayDay - 6 * 365);
    const hi = p.lastDay - 10;
    const kind = r.weighted([
      ['annualReport', 75],
      ['unreachable', 20],
      ['ordered', 5],
    ] as const);
    const l = listing(kind, lo, hi);
    if (l) {
      const e = abnormal(l[0], l[1]);
      const removed = dayIn(r, l[0] + 7, Math.min(day(addYears(e.listedOn, 3)) - 1, p.lastDay));
      if (removed !== undefined) {
        e.removedOn = iso(removed);
        e.removal = 'CURED';
        abnormalOperations.push(e);
      }
    }
  }

  const seriousRef = (d: number) => refs.make((n) => `${prefix}市监严列〔${yearOf(iso(d))}〕${n}号`, 60);
  const v = r.float();
  if (v < P.seriousActive + P.seriousHistory) {
    const active = v < P.seriousActive;
    const lo = active ? Math.max(day(addYears(ctx.today, -3)) + 1, p.estDay + 365) : Math.max(p.estDay + 365, ctx.todayDay - 6 * 365);
    const hi = active ? Math.min(ctx.todayDay, p.lastDay) : Math.min(ctx.todayDay - 366, p.lastDay);
    const d = dayIn(r, lo, hi);
    if (d !== undefined) {
      const abnormalDay = day(addYears(iso(d), -3)) - r.int(1, 30);
      // A deregistered enterprise has no open abnormal listing (it had to be removed first).
      const fromAbnormal = r.chance(0.5) && abnormalDay >= p.estDay + 365 && p.status !== 'DEREGISTERED';
      const e: ListEntry = {
        reference: seriousRef(d),
        authority,
        reason: fromAbnormal ? SERIOUS_ILLEGAL_REASONS.abnormal3y : r.pick(SERIOUS_ILLEGAL_REASONS.conduct),
        listedOn: iso(d),
        publicUntil: until(iso(d), 36),
      };
      if (fromAbnormal) abnormalOperations.push(abnormal(abnormalDay, ABNORMAL_REASONS.annualReport));
      if (!active && (e.publicUntil! >= ctx.today || r.chance(0.6))) {
        const removed = dayIn(r, day(addYears(e.listedOn, 1)), Math.min(ctx.todayDay, day(e.publicUntil!) - 1));
        if (removed !== undefined) {
          e.removedOn = iso(removed);
          e.removal = 'REPAIRED';
        }
      }
      if (active || e.removedOn || e.publicUntil! < ctx.today) {
        maybeObjection(r, e, ctx.today);
        seriousIllegal.push(e);
      }
    }
  }

  penalties.sort(byListedOn);
  abnormalOperations.sort(byListedOn);
  return { registration, penalties, abnormalOperations, seriousIllegal };
}

function taxOf(ctx: Ctx, p: Profile, r: Rng): TaxTruth {
  const refs = new References(r);
  const taxpayerId = p.old && r.chance(P.legacyTaxpayerIdAmongOld) ? p.division.code + p.orgCode : p.uscc;

  const majorViolations: TaxTruth['majorViolations'] = [];
  const u = r.float();
  if (u < P.majorTaxActive + P.majorTaxExpired + P.majorTaxRepaired) {
    const kind = u < P.majorTaxActive ? 'active' : u < P.majorTaxActive + P.majorTaxExpired ? 'expired' : 'repaired';
    const threeYearsAgo = day(addYears(ctx.today, -3));
    const [lo, hi] =
      kind === 'active'
        ? [threeYearsAgo + 1, ctx.todayDay]
        : kind === 'expired'
          ? [ctx.todayDay - 6 * 365, threeYearsAgo - 1]
          : [threeYearsAgo + 1, ctx.todayDay - 200];
    let d = dayIn(r, Math.max(lo, p.estDay + 365), Math.min(hi, p.lastDay + 365));
    if (d !== undefined) {
      // Published by the 15th of the month after the decision (STA Order 54).
      const dom = Number(iso(d).slice(8, 10));
      if (dom > 15 && d - 15 >= lo) d -= 15;
      const listedOn = iso(d);
      const c = r.pick(MAJOR_TAX_CASES);
      const e: TaxTruth['majorViolations'][number] = {
        reference: refs.make((n) => `${p.city.abbr}税稽罚〔${yearOf(listedOn)}〕${n}号`, 120),
        authority: taxInspectionAuthority(p.city),
        reason: c.reason,
        listedOn,
        publicUntil: until(listedOn, 36),
        amountYuan: r.int(c.amount[0] * 100, c.amount[1] * 100) / 100,
      };
      if (kind === 'repaired') {
        const removed = dayIn(r, day(addMonths(listedOn, 6)), ctx.todayDay);
        if (removed !== undefined) {
          e.removedOn = iso(removed);
          e.removal = 'REPAIRED';
        }
      }
      maybeObjection(r, e, ctx.today);
      majorViolations.push(e);
    }
  }

  // Ratings of the last three assessment years, for the years the enterprise existed in.
  const ratings: TaxTruth['ratings'] = [];
  const base = r.weighted(TAX_LEVEL_WEIGHTS);
  let previous: TaxLevel | undefined;
  for (let y = ctx.ratingYear - 2; y <= ctx.ratingYear; y++) {
    const draw = r.chance(0.7) ? base : r.weighted(TAX_LEVEL_WEIGHTS);
    const noRevenue = r.chance(0.02); // M: no business income that year
    if (p.estDay > day(`${y}-12-31`)) continue;
    if (p.closedOn && p.closedOn < `${y + 1}-04-01`) continue;
    let level: TaxLevel;
    if (yearOf(iso(p.estDay)) === y || noRevenue) level = 'M';
    else if (majorViolations.some((m) => yearOf(m.listedOn) === y))
      level = 'D'; // 直接判为D级
    else if (draw === 'A' && (p.estDay > day(`${y - 2}-01-01`) || previous === 'D')) level = 'B';
    else level = draw;
    ratings.push({ year: y, level });
    previous = level;
  }

  const arrears: TaxTruth['arrears'] = [];
  if (p.status !== 'DEREGISTERED' && r.chance(P.arrears)) {
    const types = pickSome(r, ARREARS_TAX_TYPES, 1, r.chance(0.8) ? 1 : 2);
    for (const taxType of types) {
      const since = dayIn(r, Math.max(p.estDay + 90, ctx.todayDay - 3 * 365), ctx.todayDay - 30);
      if (since === undefined) break;
      arrears.push({ taxType, amountYuan: logAmount(r, 3.7, 6.3), since: iso(since), authority: taxAuthority(p.division) });
    }
  }
  return { taxpayerId, ratings, majorViolations, arrears };
}

function courtsOf(ctx: Ctx, p: Profile, registration: MarketTruth['registration'], r: Rng): CourtsTruth {
  const refs = new References(r);
  const court: Court =
    basicCourt(p.division) ?? (r.chance(0.7) ? basicCourt(divisionOf(p.city, r.pick(p.city.divisions)))! : intermediateCourt(p.city));
  const intermediate = court.code.length === 3;
  const caseNo = (filedDay: number, type: string) =>
    refs.make((n) => `(${yearOf(iso(filedDay))})${court.code}${type}${n}号`, intermediate ? 900 : 6000);

  const dishonestDebtor: CourtsTruth['dishonestDebtor'] = [];
  const enforcementCases: CourtsTruth['enforcementCases'] = [];
  const consumptionRestrictions: ListEntry[] = [];

  const openCase = (filedDay: number) => {
    const c: CourtsTruth['enforcementCases'][number] = {
      caseNumber: caseNo(filedDay, '执'),
      court: court.name,
      filedOn: iso(filedDay),
      amountYuan: logAmount(r, 4, 6.7),
    };
    enforcementCases.push(c);
    return c;
  };
  const restriction = (caseNumber: string, listedDay: number): ListEntry => ({
    reference: caseNumber,
    authority: court.name,
    reason: CONSUMPTION_RESTRICTION_REASON,
    listedOn: iso(listedDay),
  });
  const creditor = (): string => {
    const u = r.float();
    if (u < 0.25) return `${r.pick(BANKS)}${p.city.short}分行`;
    if (u < 0.75) return `${p.city.short}${tradeName(r)}${r.pick(INDUSTRY_WEIGHTS)[0].words[0]}有限公司`;
    return personName(r, r.chance(0.7));
  };
  const obligation = (filedDay: number, amount: number): string => {
    const [cause, owed] = r.pick(DISPUTES);
    const judgmentYear = yearOf(iso(filedDay - r.int(60, 500)));
    const judgment = `(${judgmentYear})${court.code}${intermediate ? '民终' : '民初'}${r.int(100, 9000)}号`;
    return `依据${judgment}民事${r.chance(0.8) ? '判决书' : '调解书'}（${cause}），被执行人${registration.name}应向申请执行人${creditor()}支付${owed}${amount}元及迟延履行期间的债务利息`;
  };

  const u = r.float();
  const t1 = P.dishonestActive;
  const t2 = t1 + P.dishonestRemoved;
  const t3 = t2 + P.restrictionOnlyActive;
  const t4 = t3 + P.restrictionOnlyRemoved;
  const t5 = t4 + P.enforcementOnly;
  if (u < t2) {
    const active = u < t1;
    const years = r.chance(0.1) ? 3 : 2; // 2 years, longer when aggravated
    const lo = active ? Math.max(p.estDay + 180, day(addYears(ctx.today, -years)) + 1) : Math.max(p.estDay + 180, ctx.todayDay - 6 * 365);
    const d = dayIn(r, lo, active ? ctx.todayDay : ctx.todayDay - 40);
    if (d !== undefined) {
      const filedDay = Math.max(p.estDay + 30, d - r.int(30, 240));
      const c = openCase(filedDay);
      const listedOn = iso(d);
      const e: CourtsTruth['dishonestDebtor'][number] = {
        reference: c.caseNumber,
        authority: court.name,
        reason: r.weighted(DISHONEST_GROUNDS),
        listedOn,
        publicUntil: until(listedOn, years * 12),
        obligation: obligation(filedDay, c.amountYuan),
        performance: r.chance(0.85) ? '全部未履行' : '部分未履行',
      };
      const withRestriction = r.chance(active ? 0.7 : 0.6);
      const restrictedDay = r.int(Math.min(filedDay + 7, d), d);
      let removedDay: number | undefined;
      if (!active) {
        removedDay = dayIn(r, d + 20, Math.min(ctx.todayDay, day(e.publicUntil!)));
        if (removedDay !== undefined) {
          e.removedOn = iso(removedDay);
          e.removal = r.chance(0.9) ? 'PERFORMED' : 'REVOKED';
          if (e.removal === 'PERFORMED') {
            e.performance = '全部已履行';
            c.closedOn = iso(Math.max(d, removedDay - r.int(0, 3)));
          }
        }
      }
      maybeObjection(r, e, ctx.today);
      dishonestDebtor.push(e);
      if (withRestriction) {
        const rs = restriction(c.caseNumber, restrictedDay);
        if (e.removal === 'PERFORMED') {
          rs.removedOn = e.removedOn!;
          rs.removal = 'PERFORMED';
        }
        consumptionRestrictions.push(rs);
      }
    }
  } else if (u < t4) {
    const active = u < t3;
    const filed = dayIn(r, Math.max(p.estDay + 30, ctx.todayDay - (active ? 2 : 5) * 365), ctx.todayDay - (active ? 20 : 90));
    if (filed !== undefined) {
      const c = openCase(filed);
      const rs = restriction(c.caseNumber, r.int(filed + 7, Math.min(ctx.todayDay, filed + 60)));
      if (!active) {
        const removed = dayIn(r, day(rs.listedOn) + 15, ctx.todayDay);
        if (removed !== undefined) {
          rs.removedOn = iso(removed);
          rs.removal = 'PERFORMED';
          c.closedOn = rs.removedOn;
        }
      }
      maybeObjection(r, rs, ctx.today);
      consumptionRestrictions.push(rs);
    }
  } else if (u < t5) {
    const count = r.chance(0.8) ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const filed = dayIn(r, Math.max(p.estDay + 30, ctx.todayDay - 4 * 365), ctx.todayDay - 10);
      if (filed === undefined) break;
      const c = openCase(filed);
      if (r.chance(0.55)) {
        const closed = dayIn(r, filed + 30, ctx.todayDay);
        if (closed !== undefined) c.closedOn = iso(closed);
      }
    }
  }
  enforcementCases.sort((a, b) => (a.filedOn < b.filedOn ? -1 : a.filedOn > b.filedOn ? 1 : 0));
  return { dishonestDebtor, enforcementCases, consumptionRestrictions };
}

function environmentOf(ctx: Ctx, p: Profile, r: Rng): EnvironmentTruth | null {
  const heavy = p.industry.heavy;
  if (!r.chance(heavy ? P.environmentKnownHeavy : P.environmentKnownLight)) return null;
  const refs = new References(r);
  const authority = environmentAuthority(p.city);
  const ratings: EnvironmentTruth['ratings'] = [];
  const penalties: Penalty[] = [];

  if (r.chance(P.environmentRatedAmongKnown)) {
    const latest = Math.min(ctx.todayDay - r.int(0, 330), p.lastDay - 30);
    const count = r.int(1, 3);
    const base = r.weighted(ENV_LEVEL_WEIGHTS);
    for (let k = 0; k < count; k++) {
      const rated = k === 0 ? latest : latest - 365 * k + r.int(-20, 20);
      if (rated < p.estDay + 365) break;
      const ratedOn = iso(rated);
      const level = k === 0 || r.chance(0.7) ? base : r.weighted(ENV_LEVEL_WEIGHTS);
      ratings.unshift({ year: yearOf(ratedOn) - 1, level, authority, ratedOn });
    }
  }

  const penaltyRef = (d: number) => refs.make((n) => `${p.city.abbr}环罚〔${yearOf(iso(d))}〕${n}号`, 360);
  const latestRating = ratings[ratings.length - 1];
  if (latestRating?.level === 'RED' && r.chance(0.6)) {
    // A red rating usually follows a penalty in the assessed year.
    const d = dayIn(r, Math.max(p.estDay + 30, day(latestRating.ratedOn) - 365), day(latestRating.ratedOn) - 30);
    if (d !== undefined) {
      const t = pickTemplate(
        r,
        ENVIRONMENT_PENALTIES,
        [
          ['general', 60],
          ['severe', 40],
        ],
        p.industry,
      );
      penalties.push(penaltyFrom(r, ctx, t, d, penaltyRef(d), authority));
    }
  }
  if (r.chance(heavy ? P.environmentPenaltyHeavy : P.environmentPenaltyLight)) {
    const count = r.chance(0.8) ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const d = dayIn(r, Math.max(p.estDay + 30, ctx.todayDay - 5 * 365), p.lastDay);
      if (d === undefined) break;
      penalties.push(penaltyFrom(r, ctx, pickTemplate(r, ENVIRONMENT_PENALTIES, ENV_TIER_WEIGHTS, p.industry), d, penaltyRef(d), authority));
    }
  }
  penalties.sort(byListedOn);
  return { ratings, penalties };
}

function economyOf(ctx: Ctx, p: Profile, market: MarketTruth, r: Rng): EconomyTruth {
  const refs = new References(r);
  const province = p.city.province;
  const honors: EconomyTruth['honors'] = [];
  const safetyDishonesty: ListEntry[] = [];
  const commitments: EconomyTruth['commitments'] = [];

  // No honours while on the 严重违法失信名单 (SAMR Order 44 measures).
  const excluded = market.seriousIllegal.some((e) => isActive(e, ctx.today));
  if (p.status === 'OPERATING' && !excluded && r.chance(P.honor)) {
    const first = r.weighted(HONOR_WEIGHTS);
    const second = r.chance(0.15) ? r.weighted(HONOR_WEIGHTS) : first;
    for (const h of second === first ? [first] : [first, second]) {
      const d = dayIn(r, Math.max(p.estDay + 2 * 365, ctx.todayDay - 5 * 365), ctx.todayDay - 10);
      if (d === undefined) break;
      const awardedOn = iso(d);
      const authority =
        h.level === 'city-economy'
          ? economyAuthority(p.city)
          : h.level === 'province-economy'
            ? province.economyDepartment
            : h.level === 'ministry'
              ? '中华人民共和国工业和信息化部'
              : province.marketDepartment;
      honors.push({
        title: h.title,
        year: yearOf(awardedOn),
        authority,
        awardedOn,
        ...(h.validYears ? { validUntil: until(awardedOn, h.validYears * 12) } : {}),
      });
    }
    honors.sort((a, b) => (a.awardedOn < b.awardedOn ? -1 : 1));
  }

  const safety = p.industry.safety;
  if (safety && r.chance(P.safetyAmongRegulated)) {
    const active = r.chance(0.75);
    const lo = active ? Math.max(p.estDay + 365, day(addYears(ctx.today, -3)) + 1) : Math.max(p.estDay + 365, ctx.todayDay - 4 * 365);
    const d = dayIn(r, lo, active ? Math.min(ctx.todayDay, p.lastDay) : ctx.todayDay - 400);
    if (d !== undefined) {
      const listedOn = iso(d);
      const civil = safety === 'civil-explosives';
      const e: ListEntry = {
        reference: refs.make((n) => `${p.city.abbr}${civil ? economyAbbr(p.city) : '应急'}安失〔${yearOf(listedOn)}〕${n}号`, 20),
        // 民爆 is regulated by the economy & IT bureau; 危化 listings come from 应急管理 and are shared with it.
        authority: civil ? economyAuthority(p.city) : emergencyAuthority(p.city),
        reason: r.pick(SAFETY_REASONS[safety]),
        listedOn,
        publicUntil: until(listedOn, 36),
      };
      if (!active) {
        // Early removal after at least 12 months.
        const removed = dayIn(r, day(addYears(listedOn, 1)), Math.min(ctx.todayDay, day(e.publicUntil!) - 1));
        if (removed !== undefined) {
          e.removedOn = iso(removed);
          e.removal = 'REPAIRED';
        }
      }
      maybeObjection(r, e, ctx.today);
      safetyDishonesty.push(e);
    }
  }

  if (r.chance(P.commitment)) {
    const count = r.weighted([
      [1, 80],
      [2, 17],
      [3, 3],
    ] as const);
    const matters = p.industry.safety === 'civil-explosives' ? [...COMMITMENT_MATTERS, ...COMMITMENT_MATTERS_EXPLOSIVES] : COMMITMENT_MATTERS;
    for (const matter of pickSome(r, matters, count, count)) {
      const d = dayIn(r, Math.max(p.estDay + 30, ctx.todayDay - 3 * 365), Math.min(ctx.todayDay - 1, p.lastDay));
      if (d === undefined) break;
      const madeOn = iso(d);
      const recent = d > ctx.todayDay - 180;
      let status = recent
        ? r.weighted([
            ['PENDING', 60],
            ['FULFILLED', 38],
            ['BREACHED', 2],
          ] as const)
        : r.weighted([
            ['FULFILLED', 93],
            ['BREACHED', 5],
            ['PENDING', 2],
          ] as const);
      const checked = status === 'PENDING' ? undefined : dayIn(r, d + 30, ctx.todayDay);
      if (checked === undefined) status = 'PENDING';
      commitments.push({
        reference: refs.make((n) => `${p.city.abbr}${economyAbbr(p.city)}承诺〔${yearOf(madeOn)}〕${String(n).padStart(4, '0')}号`, 3000),
        matter,
        madeOn,
        status,
        ...(checked !== undefined && status !== 'PENDING' ? { checkedOn: iso(checked) } : {}),
      });
    }
    commitments.sort((a, b) => (a.madeOn < b.madeOn ? -1 : 1));
  }
  return { honors, safetyDishonesty, commitments };
}

/**
 * 政府采购法 第七十七条第一款: the six kinds of supplier conduct, each with the item it falls under.
 * (The fine is 5‰–10‰ of the procurement amount; the bar one to three years.)
 */
const PROCUREMENT_CONDUCT: readonly (readonly [item: string, facts: string, weight: number])[] = [
  ['（一）', '在政府采购项目投标中提供虚假材料谋取中标', 50],
  ['（三）', '与其他供应商恶意串通投标', 22],
  ['（一）', '提供虚假的业绩证明和资质证书谋取成交', 12],
  ['（六）', '在投诉处理过程中提供虚假情况', 6],
  ['（二）', '采取不正当手段诋毁、排挤其他供应商', 4],
  ['（四）', '向采购代理机构工作人员提供不正当利益', 4],
  ['（五）', '在招标采购过程中与采购人进行协商谈判', 2],
];
const BAN_YEARS_ZH = ['', '一', '二', '三'] as const;

/** 财政局 of a city (a district or county bureau decides only in its own procurement). */
function financeAuthority(city: City): string {
  return `${city.name}财政局`;
}

function financeOf(ctx: Ctx, p: Profile, r: Rng): FinanceTruth | null {
  const u = r.float();
  const active = u < P.procurementDishonestActive;
  if (!active && u >= P.procurementDishonestActive + P.procurementDishonestExpired) return null;
  const years = r.weighted([
    [1, 70],
    [2, 20],
    [3, 10],
  ] as const);
  // Active: the bar began within its own length; expired: it ended 1 day to 3 years ago.
  const lo = active ? Math.max(p.estDay + 365, day(addYears(ctx.today, -years)) + 1) : Math.max(p.estDay + 365, day(addYears(ctx.today, -years - 3)));
  const hi = active ? Math.min(ctx.todayDay, p.lastDay) : Math.min(day(addYears(ctx.today, -years)) - 1, p.lastDay);
  const decided = dayIn(r, lo, hi);
  if (decided === undefined) return null;
  const decidedOn = iso(decided);
  const [item, facts] = r.weighted(PROCUREMENT_CONDUCT.map((c) => [c, c[2]] as const));
  // 采购金额千分之五以上千分之十以下 of a contract of about 200,000 to 20,000,000 yuan, in 元.
  const fineYuan = Math.round((logAmount(r, 5.3, 7.3) * r.int(5, 10)) / 1000 / 100) * 100;
  const entry: ProcurementDishonestEntry = {
    reference: new References(r).make((n) => `${p.city.abbr}财采罚〔${yearOf(decidedOn)}〕${n}号`, 60),
    authority: financeAuthority(p.city),
    facts,
    legalBasis: `《中华人民共和国政府采购法》第七十七条第一款第${item}项`,
    penaltyResult: `罚款人民币${fineYuan}元，列入不良行为记录名单，${BAN_YEARS_ZH[years]}年内禁止参加政府采购活动`,
    decidedOn,
    // Published on the credit platform within about two weeks of the decision.
    publishedOn: iso(Math.min(ctx.todayDay, decided + r.int(0, 14))),
    banFrom: decidedOn,
    banUntil: until(decidedOn, years * 12),
  };
  return { procurementDishonest: [entry] };
}

/** 欠费险种 as the social insurance agency names them. */
const INSURANCE_TYPES = ['企业职工基本养老保险', '失业保险', '工伤保险', '职工基本医疗保险'] as const;
/** 拖欠农民工工资 listings: the conduct found (人社部令第45号 第五条). */
const WAGE_ARREARS_REASONS = [
  '克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准，经责令限期支付逾期未支付',
  '因拖欠农民工工资违法行为引发群体性事件，经责令限期支付逾期未支付',
] as const;

/**
 * 人社: listings on the 拖欠农民工工资失信联合惩戒对象名单 (three years from the decision; early
 * removal after the wages are paid, 6 months on at the soonest) and social-insurance arrears
 * (settled or outstanding). Null for the many enterprises the department holds nothing on: its
 * export lists only enterprises with a record.
 */
function hrssOf(ctx: Ctx, p: Profile, r: Rng): HrssTruth | null {
  const refs = new References(r);
  const labourBureau = marketAuthority(p.division).replace(/市场监督管理局$/, '人力资源和社会保障局');
  const wageArrearsDishonest: HrssTruth['wageArrearsDishonest'] = [];
  const socialInsuranceArrears: HrssTruth['socialInsuranceArrears'] = [];

  if (r.chance(p.industry.key === 'construction' ? P.wageArrearsConstruction : P.wageArrearsOther)) {
    // Listed and in its three years; removed early after the wages were paid (提前移出, six months
    // after the correction at the soonest); or its three years are over.
    const state = r.weighted([
      ['active', 60],
      ['repaired', 25],
      ['expired', 15],
    ] as const);
    const threeYearsAgo = day(addYears(ctx.today, -3));
    // The list started with 人社部令第45号 (2022-01-01).
    const first = Math.max(p.estDay + 365, day('2022-01-01'));
    const [lo, hi] =
      state === 'active'
        ? [Math.max(first, threeYearsAgo + 1), Math.min(ctx.todayDay, p.lastDay)]
        : state === 'repaired'
          ? [Math.max(first, threeYearsAgo + 1), Math.min(ctx.todayDay - 200, p.lastDay)]
          : [first, Math.min(threeYearsAgo, p.lastDay)];
    const d = dayIn(r, lo, hi);
    if (d !== undefined) {
      const listedOn = iso(d);
      const e: HrssTruth['wageArrearsDishonest'][number] = {
        reference: refs.make((n) => `${referencePrefix(p.division)}人社失信〔${yearOf(listedOn)}〕${n}号`, 60),
        authority: labourBureau,
        reason: r.pick(WAGE_ARREARS_REASONS),
        listedOn,
        publicUntil: until(listedOn, 36),
        amountYuan: money(r, 50_000, 2_000_000),
        workers: r.int(8, 160),
      };
      if (state === 'repaired') {
        e.removedOn = iso(r.int(d + 200, Math.min(ctx.todayDay, day(e.publicUntil!) - 1)));
        e.removal = 'REPAIRED';
      }
      maybeObjection(r, e, ctx.today);
      wageArrearsDishonest.push(e);
    }
  }

  if (r.chance(P.socialInsuranceArrears)) {
    const sinceDay = dayIn(r, Math.max(p.estDay + 90, ctx.todayDay - 4 * 365), Math.min(ctx.todayDay - 120, p.lastDay));
    if (sinceDay !== undefined) {
      const since = `${iso(sinceDay).slice(0, 7)}-01`;
      const establishedOn = iso(r.int(day(since) + 60, ctx.todayDay - 30));
      const settled = r.chance(P.socialInsuranceSettledShare) ? dayIn(r, day(establishedOn) + 10, ctx.todayDay) : undefined;
      socialInsuranceArrears.push({
        reference: refs.make((n) => `${p.city.abbr}社保欠核〔${yearOf(establishedOn)}〕${String(n).padStart(4, '0')}号`, 9000),
        authority: `${p.city.name}社会保险事业管理局`,
        insuranceTypes: pickSome(r, INSURANCE_TYPES, 1, 3).sort((a, b) => INSURANCE_TYPES.indexOf(a) - INSURANCE_TYPES.indexOf(b)),
        amountYuan: logAmount(r, 3.5, 6),
        since,
        establishedOn,
        ...(settled !== undefined ? { settledOn: iso(settled) } : {}),
      });
    }
  }
  return wageArrearsDishonest.length + socialInsuranceArrears.length === 0 ? null : { wageArrearsDishonest, socialInsuranceArrears };
}

/** Enterprise i, from (seed, i, today) alone. */
function generateEnterprise(ctx: Ctx, i: number): EnterpriseTruth {
  const { registration, ...p } = profileOf(ctx, i, rngFor(ctx.seed, i, 0));
  const market = marketOf(ctx, p, registration, rngFor(ctx.seed, i, 1));
  return {
    uscc: p.uscc,
    market,
    tax: taxOf(ctx, p, rngFor(ctx.seed, i, 2)),
    courts: courtsOf(ctx, p, registration, rngFor(ctx.seed, i, 3)),
    environment: environmentOf(ctx, p, rngFor(ctx.seed, i, 4)),
    economy: economyOf(ctx, p, market, rngFor(ctx.seed, i, 5)),
    hrss: hrssOf(ctx, p, rngFor(ctx.seed, i, 6)),
    finance: financeOf(ctx, p, rngFor(ctx.seed, i, 7)),
  };
}

/**
 * The dataset the simulators serve. Lookups check the golden cases first; a golden case whose
 * sections are all null (`unknown`) is returned as such (a truth in which no department knows it),
 * never as undefined. `byTaxpayerId` matches the number the tax system keys the enterprise by
 * (`tax.taxpayerId`): the USCC, or for a few old taxpayers only the 15-digit number.
 */
export function createDataset(options: CreateDatasetOptions): Dataset {
  const seed = options.seed ?? 'credit-federation';
  const size = options.size ?? 10_000;
  const today = options.today;
  if (!Number.isInteger(size) || size < 0 || size > MAX_DATASET_SIZE) {
    throw new RangeError(`size must be an integer between 0 and ${MAX_DATASET_SIZE}, got ${size}`);
  }
  if (!isIsoDate(today) || today < '2017-01-01' || today > '2099-12-31') {
    throw new RangeError(`today must be a date YYYY-MM-DD between 2017-01-01 and 2099-12-31, got ${JSON.stringify(today)}`);
  }
  const seedHash = hashString(seed);
  const ctx: Ctx = {
    seed: seedHash,
    space: createCodeSpace(seedHash),
    today,
    todayDay: toDayNumber(today),
    ratingYear: taxRatingYearInForce(today),
  };

  const golden = options.golden === false ? [] : loadGoldenCases(today).map((c) => c.truth);
  const overlay = datasetFromRecords(golden, today);
  const goldenCodes = new Set(golden.map((g) => g.uscc));

  /** The synthetic enterprise whose organisation-code body this is, if any. */
  const decode = (body: string): EnterpriseTruth | undefined => {
    const i = ctx.space.indexOfBody(body);
    if (i === undefined || i >= size) return undefined;
    const t = generateEnterprise(ctx, i);
    return goldenCodes.has(t.uscc) ? undefined : t;
  };

  return {
    size,
    today,
    byUscc(uscc) {
      const g = overlay.byUscc(uscc);
      if (g) return g;
      if (uscc.length !== 18) return undefined;
      const t = decode(uscc.slice(8, 16));
      return t?.uscc === uscc ? t : undefined;
    },
    byOrganizationCode(orgCode) {
      const g = overlay.byOrganizationCode(orgCode);
      if (g) return g;
      if (orgCode.length !== 9) return undefined;
      const t = decode(orgCode.slice(0, 8));
      return t?.uscc.slice(8, 17) === orgCode ? t : undefined;
    },
    byTaxpayerId(id) {
      const g = overlay.byTaxpayerId(id);
      if (g) return g;
      const body = id.length === 18 ? id.slice(8, 16) : id.length === 15 ? id.slice(6, 14) : undefined;
      if (body === undefined) return undefined;
      const t = decode(body);
      return t?.tax?.taxpayerId === id ? t : undefined;
    },
    at(index) {
      if (!Number.isInteger(index) || index < 0 || index >= size) {
        throw new RangeError(`no enterprise at index ${index} (size ${size})`);
      }
      return generateEnterprise(ctx, index);
    },
  };
}
