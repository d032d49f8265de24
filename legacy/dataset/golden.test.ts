import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUscc } from '../../common/uscc/index.js';
import { addDays, addYears, taxRatingYearInForce } from './dates.js';
import { loadGoldenCases, parseGoldenCases, resolveDate, resolveYear } from './golden.js';
import { environmentLevelInForce, isActiveOn, taxLevelInForce } from './prevalence.js';
import type { EnterpriseTruth, ListEntry } from './types.js';

const FILE = new URL('../../test/golden/cases.json', import.meta.url);
const fileJson = () => JSON.parse(readFileSync(FILE, 'utf8')) as { cases: Record<string, unknown>[] } & Record<string, unknown>;

const IDS = [
  'clean',
  'a-level-taxpayer',
  'dishonest-debtor',
  'dishonest-debtor-fulfilled',
  'consumption-restricted',
  'abnormal-operations',
  'abnormal-operations-removed',
  'serious-illegal',
  'major-tax-violation',
  'major-tax-violation-expired',
  'tax-d-level',
  'environment-red',
  'environment-green',
  'safety-blacklist',
  'repaired',
  'under-objection',
  'deregistered',
  'legacy-taxpayer-id',
  'multi-list',
  'unknown',
  'tax-d-level-2024',
  'major-fine-30-months',
  'major-fine-37-months',
  'procurement-dishonest',
  'procurement-dishonest-expired',
  'wage-arrears-listed',
  'social-insurance-arrears',
  'stale-export',
] as const;
type Id = (typeof IDS)[number];

/** Negative signals in force on `today`. */
type Signal =
  | 'NOT_OPERATING'
  | 'MARKET_PENALTY'
  | 'ABNORMAL_OPERATIONS'
  | 'SERIOUS_ILLEGAL'
  | 'MAJOR_TAX_VIOLATION'
  | 'TAX_C'
  | 'TAX_D'
  | 'TAX_ARREARS'
  | 'DISHONEST_DEBTOR'
  | 'CONSUMPTION_RESTRICTION'
  | 'OPEN_ENFORCEMENT_CASE'
  | 'ENVIRONMENT_YELLOW'
  | 'ENVIRONMENT_RED'
  | 'ENVIRONMENT_PENALTY'
  | 'SAFETY_DISHONEST'
  | 'COMMITMENT_BREACHED'
  | 'PROCUREMENT_DISHONEST'
  | 'WAGE_ARREARS'
  | 'SOCIAL_INSURANCE_ARREARS';

function negatives(t: EnterpriseTruth, today: string): Signal[] {
  const out = new Set<Signal>();
  const any = (xs: readonly ListEntry[] | undefined, s: Signal) => {
    if (xs?.some((x) => isActiveOn(x, today))) out.add(s);
  };
  if (t.market && t.market.registration.status !== 'OPERATING') out.add('NOT_OPERATING');
  any(t.market?.penalties, 'MARKET_PENALTY');
  any(t.market?.abnormalOperations, 'ABNORMAL_OPERATIONS');
  any(t.market?.seriousIllegal, 'SERIOUS_ILLEGAL');
  any(t.tax?.majorViolations, 'MAJOR_TAX_VIOLATION');
  const tax = taxLevelInForce(t, today);
  if (tax === 'C') out.add('TAX_C');
  if (tax === 'D') out.add('TAX_D');
  if (t.tax?.arrears.length) out.add('TAX_ARREARS');
  any(t.courts?.dishonestDebtor, 'DISHONEST_DEBTOR');
  any(t.courts?.consumptionRestrictions, 'CONSUMPTION_RESTRICTION');
  if (t.courts?.enforcementCases.some((c) => !c.closedOn || c.closedOn > today)) out.add('OPEN_ENFORCEMENT_CASE');
  const env = environmentLevelInForce(t, today);
  if (env === 'YELLOW') out.add('ENVIRONMENT_YELLOW');
  if (env === 'RED') out.add('ENVIRONMENT_RED');
  any(t.environment?.penalties, 'ENVIRONMENT_PENALTY');
  any(t.economy?.safetyDishonesty, 'SAFETY_DISHONEST');
  if (t.economy?.commitments.some((c) => c.status === 'BREACHED')) out.add('COMMITMENT_BREACHED');
  any(t.hrss?.wageArrearsDishonest, 'WAGE_ARREARS');
  if (t.hrss?.socialInsuranceArrears.some((a) => !a.settledOn || a.settledOn > today)) out.add('SOCIAL_INSURANCE_ARREARS');
  if (t.finance?.procurementDishonest.some((e) => e.banFrom <= today && today <= e.banUntil)) out.add('PROCUREMENT_DISHONEST');
  return [...out].sort();
}

/** A case with absolute dates shows its condition only on the days it held. */
const EXPECTED_NEGATIVES: Record<Id, Signal[] | ((today: string) => Signal[])> = {
  // D for assessment year 2024: published 2025-04-01, in force until 2026-03-31.
  'tax-d-level-2024': (today) => (today >= '2025-04-01' && today <= '2026-03-31' ? ['TAX_D'] : []),
  'major-fine-30-months': ['MARKET_PENALTY'],
  // Its three-year publicity ended a month ago.
  'major-fine-37-months': [],
  'procurement-dishonest': ['PROCUREMENT_DISHONEST'],
  // Its bar ended a month ago.
  'procurement-dishonest-expired': [],
  'wage-arrears-listed': ['WAGE_ARREARS'],
  'social-insurance-arrears': ['SOCIAL_INSURANCE_ARREARS'],
  // Its only 人社 record was settled two years ago; what it shows is the export's age.
  'stale-export': [],
  clean: [],
  'a-level-taxpayer': [],
  'dishonest-debtor': ['DISHONEST_DEBTOR', 'OPEN_ENFORCEMENT_CASE'],
  'dishonest-debtor-fulfilled': [],
  'consumption-restricted': ['CONSUMPTION_RESTRICTION', 'OPEN_ENFORCEMENT_CASE'],
  'abnormal-operations': ['ABNORMAL_OPERATIONS'],
  'abnormal-operations-removed': [],
  'serious-illegal': ['SERIOUS_ILLEGAL'],
  'major-tax-violation': ['MAJOR_TAX_VIOLATION'],
  'major-tax-violation-expired': [],
  'tax-d-level': ['TAX_D'],
  'environment-red': ['ENVIRONMENT_RED'],
  'environment-green': [],
  'safety-blacklist': ['SAFETY_DISHONEST'],
  repaired: [],
  'under-objection': ['SERIOUS_ILLEGAL'],
  deregistered: ['NOT_OPERATING'],
  'legacy-taxpayer-id': [],
  'multi-list': ['DISHONEST_DEBTOR', 'MAJOR_TAX_VIOLATION', 'ENVIRONMENT_RED', 'OPEN_ENFORCEMENT_CASE'],
  unknown: [],
};

const allEntries = (t: EnterpriseTruth): ListEntry[] => [
  ...(t.market?.penalties ?? []),
  ...(t.market?.abnormalOperations ?? []),
  ...(t.market?.seriousIllegal ?? []),
  ...(t.tax?.majorViolations ?? []),
  ...(t.courts?.dishonestDebtor ?? []),
  ...(t.courts?.consumptionRestrictions ?? []),
  ...(t.environment?.penalties ?? []),
  ...(t.economy?.safetyDishonesty ?? []),
];

/** The positive side and the specifics of each condition. */
const CONDITION: Record<Id, (t: EnterpriseTruth, today: string) => void> = {
  'wage-arrears-listed'(t, today) {
    expect(t.hrss!.wageArrearsDishonest.some((e) => isActiveOn(e, today))).toBe(true);
  },
  'social-insurance-arrears'(t, today) {
    expect(t.hrss!.socialInsuranceArrears.some((a) => !a.settledOn || a.settledOn > today)).toBe(true);
    expect(t.hrss!.wageArrearsDishonest).toEqual([]);
  },
  'stale-export'(t, today) {
    expect(t.hrss!.socialInsuranceArrears.every((a) => a.settledOn !== undefined && a.settledOn <= today)).toBe(true);
    expect(t.hrss!.wageArrearsDishonest).toEqual([]);
  },
  'procurement-dishonest'(t, today) {
    expect(t.finance!.procurementDishonest.some((e) => e.banFrom <= today && today <= e.banUntil)).toBe(true);
  },
  'procurement-dishonest-expired'(t, today) {
    const entries = t.finance!.procurementDishonest;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.banUntil < today)).toBe(true);
  },
  clean(t, today) {
    expect([t.market, t.tax, t.courts, t.environment, t.economy].every((s) => s !== null)).toBe(true);
    expect(taxLevelInForce(t, today)).toBe('B');
    expect(environmentLevelInForce(t, today)).toBe('BLUE');
    expect(allEntries(t)).toEqual([]);
    expect(t.courts!.enforcementCases).toEqual([]);
    expect(t.tax!.arrears).toEqual([]);
    expect(t.economy!.honors).toEqual([]);
    expect(t.economy!.commitments).toEqual([]);
  },
  'a-level-taxpayer'(t, today) {
    expect(taxLevelInForce(t, today)).toBe('A');
    const honour = t.economy!.honors.find((h) => h.title === '诚信示范企业')!;
    expect(honour.awardedOn <= today && (!honour.validUntil || honour.validUntil >= today)).toBe(true);
    expect(honour.authority).toMatch(/经济和信息化局|工业和信息化局/);
  },
  'dishonest-debtor'(t, today) {
    const [d] = t.courts!.dishonestDebtor;
    expect(isActiveOn(d!, today)).toBe(true);
    const c = t.courts!.enforcementCases.find((x) => x.caseNumber === d!.reference)!;
    expect(c.closedOn).toBeUndefined();
    expect(c.filedOn <= d!.listedOn).toBe(true);
    expect(t.courts!.consumptionRestrictions).toEqual([]);
  },
  'dishonest-debtor-fulfilled'(t, today) {
    const [d] = t.courts!.dishonestDebtor;
    expect(d!.removal).toBe('PERFORMED');
    expect(d!.removedOn! <= today && d!.removedOn! <= d!.publicUntil!).toBe(true);
    expect(t.courts!.enforcementCases.every((c) => c.closedOn && c.closedOn <= today)).toBe(true);
  },
  'consumption-restricted'(t, today) {
    expect(t.courts!.dishonestDebtor).toEqual([]);
    expect(t.courts!.consumptionRestrictions.filter((e) => isActiveOn(e, today))).toHaveLength(1);
  },
  'abnormal-operations'(t, today) {
    const [e] = t.market!.abnormalOperations;
    expect(isActiveOn(e!, today) && e!.publicUntil === undefined).toBe(true);
    expect(e!.listedOn > addYears(today, -3)).toBe(true);
  },
  'abnormal-operations-removed'(t) {
    expect(t.market!.abnormalOperations.map((e) => e.removal)).toEqual(['CURED']);
  },
  'serious-illegal'(t, today) {
    const [e] = t.market!.seriousIllegal;
    expect(isActiveOn(e!, today)).toBe(true);
    expect(e!.underObjection).toBeFalsy();
  },
  'major-tax-violation'(t, today) {
    expect(t.tax!.majorViolations.filter((e) => isActiveOn(e, today))).toHaveLength(1);
  },
  'major-tax-violation-expired'(t, today) {
    const [e] = t.tax!.majorViolations;
    expect(e!.removedOn).toBeUndefined();
    expect(e!.publicUntil! < today).toBe(true);
    expect(e!.publicUntil).toBe(addDays(addYears(e!.listedOn, 3), -1));
  },
  'tax-d-level'(t, today) {
    expect(taxLevelInForce(t, today)).toBe('D');
  },
  'tax-d-level-2024'(t) {
    expect(t.tax!.ratings).toEqual([
      { year: 2023, level: 'B' },
      { year: 2024, level: 'D' },
    ]);
  },
  'major-fine-30-months'(t, today) {
    const [p] = t.market!.penalties;
    expect(p!.fineYuan).toBe(2_000_000);
    expect(p!.listedOn).toBe(addMonthsClamped(today, -30));
  },
  'major-fine-37-months'(t, today) {
    const [p] = t.market!.penalties;
    expect(p!.fineYuan).toBe(2_000_000);
    expect(p!.listedOn).toBe(addMonthsClamped(today, -37));
    expect(p!.publicUntil! < today).toBe(true);
  },
  'environment-red'(t, today) {
    expect(environmentLevelInForce(t, today)).toBe('RED');
  },
  'environment-green'(t, today) {
    expect(environmentLevelInForce(t, today)).toBe('GREEN');
  },
  'safety-blacklist'(t, today) {
    expect(t.economy!.safetyDishonesty.filter((e) => isActiveOn(e, today))).toHaveLength(1);
    expect(t.market!.registration.businessScope).toMatch(/民用爆炸物品|危险化学品/);
  },
  repaired(t, today) {
    const [p] = t.market!.penalties;
    expect(p!.severe).toBe(true);
    expect(p!.removal).toBe('REPAIRED');
    expect(p!.removedOn! <= today && p!.removedOn! < p!.publicUntil! && p!.publicUntil! >= today).toBe(true);
    expect(p!.removedOn! >= addYears(p!.listedOn, 1)).toBe(true);
  },
  'under-objection'(t, today) {
    const [e] = t.market!.seriousIllegal;
    expect(isActiveOn(e!, today) && e!.underObjection === true).toBe(true);
  },
  deregistered(t, today) {
    const r = t.market!.registration;
    expect(r.status).toBe('DEREGISTERED');
    expect(r.closedOn! < today && r.closedOn! > r.establishedOn).toBe(true);
    expect(t.tax).not.toBeNull();
    expect(t.tax!.ratings.length).toBeGreaterThan(0);
  },
  'legacy-taxpayer-id'(t) {
    const info = parseUscc(t.uscc);
    expect(info.valid).toBe(true);
    if (info.valid) expect(t.tax!.taxpayerId).toBe(info.info.division + info.info.organizationCodeCompact);
    expect(t.tax!.taxpayerId).toHaveLength(15);
  },
  'multi-list'(t, today) {
    expect(t.courts!.dishonestDebtor.some((e) => isActiveOn(e, today))).toBe(true);
    expect(t.tax!.majorViolations.some((e) => isActiveOn(e, today))).toBe(true);
    expect(environmentLevelInForce(t, today)).toBe('RED');
  },
  unknown(t) {
    expect(t).toEqual({ uscc: t.uscc, market: null, tax: null, courts: null, environment: null, economy: null });
  },
};

function addMonthsClamped(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

const TODAYS = ['2026-11-22', '2027-01-10', '2026-03-31', '2026-04-01', '2028-02-29', '2025-07-15', '2031-12-31'];

describe('golden cases file', () => {
  it('holds every id exactly once, in a Hubei / Hunan / Shaanxi division, with valid codes', () => {
    const cases = loadGoldenCases('2026-11-22');
    expect(cases.map((c) => c.id).sort()).toEqual([...IDS].sort());
    for (const c of cases) {
      const p = parseUscc(c.uscc);
      expect(p.valid, c.id).toBe(true);
      expect(['42', '43', '61']).toContain(c.uscc.slice(2, 4));
      expect(c.truth.uscc).toBe(c.uscc);
      expect(c.title.length && c.titleZh.length && c.condition.length).toBeGreaterThan(0);
      if (c.truth.market) expect(c.truth.market.registration.name).toMatch(/有限公司$/);
    }
  });

  for (const today of TODAYS) {
    it(`each case shows exactly its condition on ${today}`, () => {
      for (const c of loadGoldenCases(today)) {
        const id = c.id as Id;
        const expected = EXPECTED_NEGATIVES[id];
        expect(negatives(c.truth, today), `${id} on ${today}`).toEqual([...(typeof expected === 'function' ? expected(today) : expected)].sort());
        CONDITION[id](c.truth, today);
        for (const e of allEntries(c.truth)) {
          expect(e.listedOn <= today, `${id} ${e.reference}`).toBe(true);
          if (e.removedOn) expect(e.removedOn > e.listedOn && e.removedOn <= today, `${id} ${e.reference}`).toBe(true);
        }
      }
    });
  }

  it('keeps unknown members in raw and ignores them', () => {
    const json = fileJson();
    json.cases[0] = { ...json.cases[0], expected: { verdict: 'PASS' } };
    const [first] = parseGoldenCases(json, '2026-11-22');
    expect(first!.raw['expected']).toEqual({ verdict: 'PASS' });
    expect(first!.truth).toEqual(loadGoldenCases('2026-11-22')[0]!.truth);
  });
});

describe('golden file validation', () => {
  const broken = (mutate: (j: ReturnType<typeof fileJson>) => void): (() => unknown) => {
    const json = fileJson();
    mutate(json);
    return () => parseGoldenCases(json, '2026-11-22', 'cases.json');
  };
  const holds = (j: ReturnType<typeof fileJson>, i: number) => (j.cases[i] as { holds: Record<string, Record<string, unknown> | null> }).holds;

  it.each<[string, (j: ReturnType<typeof fileJson>) => void, RegExp]>([
    [
      'a bad relative date',
      (j) => ((holds(j, 2).courts!['enforcementCases'] as Record<string, unknown>[])[0]!['filedOn'] = '@-400x'),
      /cases\[2\]\.holds\.courts\.enforcementCases\[0\]\.filedOn/,
    ],
    ['a missing section', (j) => delete holds(j, 0).economy, /cases\[0\]\.holds\.economy/],
    ['a misspelt field', (j) => (holds(j, 0).market!['penalites'] = []), /penalites/],
    ['a duplicate id', (j) => (j.cases[1]!['id'] = 'clean'), /duplicate id clean/],
    ['an invalid code', (j) => (j.cases[0]!['uscc'] = '914205020361824756'), /valid, normalised USCC/],
    ['a code in the synthetic space', (j) => (j.cases[0]!['uscc'] = '91310115MA1K3BTP2B'), /reserved/],
    [
      'removal without removedOn',
      (j) => delete (holds(j, 3).courts!['dishonestDebtor'] as Record<string, unknown>[])[0]!['removedOn'],
      /removedOn and removal/,
    ],
    ['a bad year expression', (j) => ((holds(j, 0).tax!['ratings'] as Record<string, unknown>[])[0]!['year'] = '@ratingyear'), /year/],
    ['a wrong version', (j) => (j['version'] = 2), /version/],
  ])('rejects %s with a clear message', (_, mutate, message) => {
    const run = broken(mutate);
    expect(run).toThrow(/^cases\.json is invalid:/);
    expect(run).toThrow(message);
  });
});

describe('relative dates', () => {
  it.each([
    ['@', '2026-11-22', '2026-11-22'],
    ['@-120d', '2026-11-22', '2026-07-25'],
    ['@+3y', '2026-11-22', '2029-11-22'],
    ['@-3y-60d', '2026-11-22', '2023-09-23'],
    ['@-200d+2y-1d', '2026-11-22', '2028-05-05'],
    ['@-1m', '2026-03-31', '2026-02-28'],
    ['@+1y', '2028-02-29', '2029-02-28'],
    ['2009-03-18', '2026-11-22', '2009-03-18'],
  ])('%s on %s is %s', (expr, today, expected) => {
    expect(resolveDate(expr, today)).toBe(expected);
  });

  it.each<[string | number, string, number]>([
    ['@ratingYear', '2026-11-22', 2025],
    ['@ratingYear', '2026-03-31', 2024],
    ['@ratingYear', '2026-04-01', 2025],
    ['@ratingYear-2', '2027-01-10', 2023],
    ['@year', '2027-01-10', 2027],
    ['@year-1', '2027-01-10', 2026],
    ['@yearOf(@-100d)-1', '2027-01-10', 2025],
    ['@yearOf(@-100d)', '2026-11-22', 2026],
    [2024, '2026-11-22', 2024],
  ])('%s on %s is %i', (expr, today, expected) => {
    expect(resolveYear(expr, today)).toBe(expected);
  });

  it('agrees with the tax rating convention', () => {
    expect(taxRatingYearInForce('2027-01-10')).toBe(2025);
    expect(taxRatingYearInForce('2027-04-01')).toBe(2026);
  });
});
