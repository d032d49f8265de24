import { describe, expect, it } from 'vitest';
import { buildUscc, parseUscc } from '../../common/uscc/index.js';
import { createCodeSpace } from './codes.js';
import { addDays, addMonths, addYears, taxRatingYearInForce, yearOf } from './dates.js';
import { createDataset, loadGoldenCases, type EnterpriseTruth, type ListEntry } from './index.js';
import { hashString } from './prng.js';
import { isActiveOn, measurePrevalence } from './prevalence.js';
import { findDivision } from './regions.js';
import { isValidResidentId } from './resident-id.js';

const TODAY = '2026-11-22';
const N = 20_000;
const ds = createDataset({ today: TODAY, size: N });
const first = Array.from({ length: N }, (_, i) => ds.at(i));

describe('determinism', () => {
  it('gives byte-identical records for the same seed, size and today', () => {
    const again = createDataset({ today: TODAY, size: N });
    for (let i = 0; i < 2000; i++) expect(JSON.stringify(again.at(i))).toBe(JSON.stringify(first[i]));
  });

  it('gives different records for a different seed', () => {
    const other = createDataset({ today: TODAY, size: N, seed: 'another-seed' });
    let sameCode = 0;
    let sameJson = 0;
    for (let i = 0; i < 2000; i++) {
      const t = other.at(i);
      if (t.uscc === first[i]!.uscc) sameCode++;
      if (JSON.stringify(t) === JSON.stringify(first[i])) sameJson++;
    }
    expect(sameCode).toBe(0);
    expect(sameJson).toBe(0);
  });

  it('generates enterprise i independently of the size and of the order of calls', () => {
    const big = createDataset({ today: TODAY, size: 1_000_000 });
    for (const i of [19_999, 7, 0, 12_345]) expect(JSON.stringify(big.at(i))).toBe(JSON.stringify(first[i]));
    expect(big.at(999_999).uscc).toMatch(/^91/);
  });

  it('uses the default seed credit-federation and size 10 000', () => {
    const d = createDataset({ today: TODAY });
    expect(d.size).toBe(10_000);
    expect(d.today).toBe(TODAY);
    expect(JSON.stringify(d.at(3))).toBe(JSON.stringify(createDataset({ today: TODAY, seed: 'credit-federation' }).at(3)));
  });
});

describe('codes', () => {
  it('are valid, normalised, unique, and registered in Hubei, Hunan or Shaanxi', () => {
    const seen = new Set<string>();
    let old = 0;
    for (const t of first) {
      const parsed = parseUscc(t.uscc);
      expect(parsed.valid, t.uscc).toBe(true);
      if (!parsed.valid) continue;
      expect(parsed.info.uscc).toBe(t.uscc);
      expect(t.uscc.slice(0, 2)).toBe('91');
      expect(['42', '43', '61']).toContain(parsed.info.division.slice(0, 2));
      expect(findDivision(parsed.info.division), parsed.info.division).toBeDefined();
      const body = t.uscc.slice(8, 16);
      expect(body).toMatch(/^(MA[0-9A-HJ-NPQRTUWXY]{6}|[1-9]\d{7})$/);
      if (/^\d/.test(body)) old++;
      seen.add(t.uscc);
    }
    expect(seen.size).toBe(N);
    expect(old).toBe(N / 4);
  });

  it('older (numeric) codes belong to enterprises established before 2015-10, MA codes after', () => {
    for (const t of first.slice(0, 4000)) {
      const est = t.market!.registration.establishedOn;
      if (/^MA/.test(t.uscc.slice(8))) expect(est >= '2015-10-01', t.uscc).toBe(true);
      else expect(est < '2015-10-01', t.uscc).toBe(true);
    }
  });
});

describe('lookups decode the index', () => {
  const sample = first.filter((_, i) => i % 97 === 0 || i >= N - 5);
  const legacy = first.filter((t) => t.tax!.taxpayerId.length === 15);

  it('by USCC, organisation code and taxpayer id give the same enterprise as at(i)', () => {
    for (const t of sample) {
      expect(ds.byUscc(t.uscc)).toEqual(t);
      expect(ds.byOrganizationCode(t.uscc.slice(8, 17))).toEqual(t);
      expect(ds.byTaxpayerId(t.tax!.taxpayerId)).toEqual(t);
    }
  });

  it('serves the few old taxpayers keyed by their 15-digit number (division + organisation code) by that number only', () => {
    expect(legacy.length).toBeGreaterThan(60);
    for (const t of legacy.slice(0, 40)) {
      expect(t.tax!.taxpayerId).toBe(t.uscc.slice(2, 8) + t.uscc.slice(8, 17));
      expect(ds.byTaxpayerId(t.tax!.taxpayerId)).toEqual(t);
      expect(ds.byTaxpayerId(t.uscc)).toBeUndefined();
      expect(ds.byUscc(t.uscc)).toEqual(t);
    }
    const modern = first.find((t) => t.tax!.taxpayerId === t.uscc && /^\d{8}$/.test(t.uscc.slice(8, 16)))!;
    expect(ds.byTaxpayerId(modern.uscc.slice(2, 17))).toBeUndefined();
  });

  it('returns undefined for codes outside the dataset', () => {
    const small = createDataset({ today: TODAY, size: 1000, golden: false });
    const beyond = first[5000]!;
    expect(small.byUscc(beyond.uscc)).toBeUndefined();
    expect(small.byOrganizationCode(beyond.uscc.slice(8, 17))).toBeUndefined();
    expect(small.byTaxpayerId(beyond.uscc)).toBeUndefined();
    expect(small.byUscc(first[999]!.uscc)).toEqual(first[999]);

    const t = first[10]!;
    // Same organisation code, another division: a valid code, but not this enterprise's.
    const otherDivision = t.uscc.slice(2, 8) === '420502' ? '420503' : '420502';
    const rebuilt = buildUscc('9', '1', otherDivision, t.uscc.slice(8, 16));
    expect(parseUscc(rebuilt).valid).toBe(true);
    expect(ds.byUscc(rebuilt)).toBeUndefined();
    expect(ds.byTaxpayerId(rebuilt)).toBeUndefined();

    const otherSeed = createDataset({ today: TODAY, size: 1000, seed: 'elsewhere', golden: false }).at(1);
    expect(ds.byUscc(otherSeed.uscc)).toBeUndefined();

    for (const junk of ['', '91', t.uscc.toLowerCase(), t.uscc.slice(0, 17) + 'Z', '91420502MA00000000', '914403001922038216']) {
      expect(ds.byUscc(junk)).toBeUndefined();
      expect(ds.byTaxpayerId(junk)).toBeUndefined();
    }
    for (const junk of ['', 'MA0000000', t.uscc.slice(8, 16) + (t.uscc[16] === '0' ? '1' : '0'), '19220382-1', '192203821']) {
      expect(ds.byOrganizationCode(junk)).toBeUndefined();
    }
  });

  it('rejects indices and options out of range', () => {
    expect(() => ds.at(N)).toThrow(RangeError);
    expect(() => ds.at(-1)).toThrow(RangeError);
    expect(() => ds.at(1.5)).toThrow(RangeError);
    expect(() => createDataset({ today: '2026-13-01' })).toThrow(/today/);
    expect(() => createDataset({ today: TODAY, size: -1 })).toThrow(/size/);
    expect(() => createDataset({ today: TODAY, size: 1e9 })).toThrow(/size/);
  });
});

describe('golden overlay', () => {
  const golden = loadGoldenCases(TODAY);
  const space = createCodeSpace(hashString('credit-federation'));

  it('answers every golden code with its case truth, first, by every key', () => {
    for (const c of golden) {
      expect(space.indexOfBody(c.uscc.slice(8, 16))).toBeUndefined();
      expect(ds.byUscc(c.uscc)).toEqual(c.truth);
      expect(ds.byOrganizationCode(c.uscc.slice(8, 17))).toEqual(c.truth);
      if (c.truth.tax) expect(ds.byTaxpayerId(c.truth.tax.taxpayerId)).toEqual(c.truth);
    }
    const legacy = golden.find((c) => c.id === 'legacy-taxpayer-id')!;
    expect(ds.byTaxpayerId('430302063017424')).toEqual(legacy.truth);
  });

  it('returns the unknown case as a truth whose sections are all null (not undefined)', () => {
    const unknown = golden.find((c) => c.id === 'unknown')!;
    expect(ds.byUscc(unknown.uscc)).toEqual({ uscc: unknown.uscc, market: null, tax: null, courts: null, environment: null, economy: null });
    expect(ds.byTaxpayerId(unknown.uscc)).toBeUndefined();
  });

  it('keeps golden cases out of at() and size, and out of a dataset built without them', () => {
    const codes = new Set(golden.map((c) => c.uscc));
    expect(first.some((t) => codes.has(t.uscc))).toBe(false);
    const bare = createDataset({ today: TODAY, size: 10, golden: false });
    for (const c of golden) expect(bare.byUscc(c.uscc)).toBeUndefined();
  });
});

describe('prevalence (first 20 000, seed credit-federation)', () => {
  for (const today of [TODAY, '2027-01-10']) {
    it(`is within sensible ranges on ${today}`, () => {
      const p = measurePrevalence(today === TODAY ? ds : createDataset({ today, size: N }), N);
      const ranges: Record<string, [number, number]> = {
        operating: [0.9, 0.94],
        deregistered: [0.04, 0.06],
        revoked: [0.02, 0.04],
        marketPenaltyAny: [0.065, 0.095],
        marketPenaltySevere: [0.015, 0.04],
        marketPenaltyRepaired: [0.008, 0.025],
        abnormalActive: [0.05, 0.07],
        abnormalCured: [0.03, 0.05],
        seriousIllegalActive: [0.003, 0.008],
        majorTaxActive: [0.0015, 0.0045],
        arrears: [0.015, 0.026],
        dishonestActive: [0.015, 0.025],
        dishonestRemoved: [0.007, 0.014],
        restrictionActive: [0.02, 0.036],
        enforcementCase: [0.04, 0.07],
        environmentKnown: [0.55, 0.66],
        environmentRatedInForce: [0.24, 0.34],
        environmentPenalty: [0.02, 0.045],
        honor: [0.02, 0.04],
        safetyDishonestyActive: [0.001, 0.005],
        commitment: [0.17, 0.23],
        commitmentBreached: [0.002, 0.015],
      };
      for (const [k, [lo, hi]] of Object.entries(ranges)) {
        const v = p.share[k] ?? 0;
        expect(v, k).toBeGreaterThanOrEqual(lo);
        expect(v, k).toBeLessThanOrEqual(hi);
      }
      const tax: Record<string, [number, number]> = { A: [0.11, 0.19], B: [0.44, 0.56], M: [0.11, 0.19], C: [0.11, 0.19], D: [0.03, 0.07] };
      for (const [k, [lo, hi]] of Object.entries(tax)) {
        expect(p.taxLevels[k as 'A'], `tax ${k}`).toBeGreaterThanOrEqual(lo);
        expect(p.taxLevels[k as 'A'], `tax ${k}`).toBeLessThanOrEqual(hi);
      }
      const env: Record<string, [number, number]> = { GREEN: [0.25, 0.35], BLUE: [0.44, 0.56], YELLOW: [0.1, 0.17], RED: [0.045, 0.1] };
      for (const [k, [lo, hi]] of Object.entries(env)) {
        expect(p.environmentLevels[k as 'RED'], `environment ${k}`).toBeGreaterThanOrEqual(lo);
        expect(p.environmentLevels[k as 'RED'], `environment ${k}`).toBeLessThanOrEqual(hi);
      }
      expect(p.underObjectionAmongActive).toBeGreaterThan(0.015);
      expect(p.underObjectionAmongActive).toBeLessThan(0.05);
      expect(p.legacyTaxpayerIdAmongOld).toBeGreaterThan(0.02);
      expect(p.legacyTaxpayerIdAmongOld).toBeLessThan(0.04);
    });
  }

  it('puts safety-production dishonesty only on 民爆 / 危化 enterprises', () => {
    const listed = first.filter((t) => t.economy!.safetyDishonesty.length > 0);
    expect(listed.length).toBeGreaterThan(20);
    for (const t of listed) expect(t.market!.registration.businessScope, t.market!.registration.name).toMatch(/民用爆炸物品|危险化学品/);
  });
});

/** Every dated record of a truth, checked for internal consistency on `today`. */
function checkDates(t: EnterpriseTruth, today: string): void {
  const reg = t.market!.registration;
  const est = reg.establishedOn;
  const at = `${t.uscc} ${reg.name}`;
  expect(est <= today, at).toBe(true);
  if (reg.status === 'OPERATING') expect(reg.closedOn, at).toBeUndefined();
  else expect(reg.closedOn! > est && reg.closedOn! < today, at).toBe(true);

  const entry = (e: ListEntry, what: string) => {
    const where = `${at} ${what} ${e.reference}`;
    expect(e.listedOn >= est && e.listedOn <= today, where).toBe(true);
    if (e.publicUntil) expect(e.publicUntil > e.listedOn, where).toBe(true);
    expect(e.removedOn === undefined, where).toBe(e.removal === undefined);
    if (e.removedOn) {
      expect(e.removedOn > e.listedOn && e.removedOn <= today, where).toBe(true);
      if (e.publicUntil) expect(e.removedOn <= e.publicUntil, where).toBe(true);
    }
    if (e.underObjection) expect(isActiveOn(e, today), where).toBe(true);
  };
  const window = (e: ListEntry, months: number, what: string) => {
    entry(e, what);
    expect(e.publicUntil, `${at} ${what}`).toBe(addDays(addMonths(e.listedOn, months), -1));
  };

  const m = t.market!;
  for (const p of m.penalties) {
    entry(p, 'penalty');
    // Publicity by tier: severe 3 years, general 1 year, minor (warning or a fine up to 5 000 yuan) 3 months.
    const months = p.severe ? 36 : (p.fineYuan ?? 0) <= 5000 ? 3 : 12;
    expect(p.publicUntil, `${at} penalty window`).toBe(addDays(addMonths(p.listedOn, months), -1));
    if (p.removal) {
      expect(p.removal).toBe('REPAIRED');
      expect(p.removedOn! >= addMonths(p.listedOn, p.severe ? 12 : 3), `${at} repaired too early`).toBe(true);
    }
  }
  for (const e of m.abnormalOperations) {
    entry(e, 'abnormal');
    expect(e.publicUntil).toBeUndefined();
    if (!e.removedOn && e.listedOn <= addYears(today, -3)) {
      // Only when it has moved on to the serious illegal list.
      expect(m.seriousIllegal.length, `${at} abnormal for 3 years`).toBeGreaterThan(0);
    }
    if (e.removal) expect(e.removal).toBe('CURED');
  }
  expect(reg.status !== 'DEREGISTERED' || !m.abnormalOperations.some((e) => isActiveOn(e, today)), at).toBe(true);
  for (const e of m.seriousIllegal) window(e, 36, 'serious');

  const tax = t.tax!;
  const inForce = taxRatingYearInForce(today);
  for (const r of tax.ratings) expect(r.year >= inForce - 2 && r.year <= inForce && r.year >= yearOf(est), at).toBe(true);
  expect(new Set(tax.ratings.map((r) => r.year)).size).toBe(tax.ratings.length);
  for (const v of tax.majorViolations) {
    window(v, 36, 'major tax');
    expect(v.amountYuan).toBeGreaterThan(0);
  }
  for (const a of tax.arrears) expect(a.since >= est && a.since <= today, at).toBe(true);

  const c = t.courts!;
  const cases = new Map(c.enforcementCases.map((x) => [x.caseNumber, x]));
  for (const x of c.enforcementCases) {
    expect(x.filedOn >= est && x.filedOn <= today, at).toBe(true);
    if (x.closedOn) expect(x.closedOn >= x.filedOn && x.closedOn <= today, at).toBe(true);
    expect(x.caseNumber).toMatch(/^\((\d{4})\)(鄂|湘|陕)\d{2}(\d{2})?执\d+号$/);
    expect(x.caseNumber.slice(1, 5)).toBe(x.filedOn.slice(0, 4));
  }
  for (const d of c.dishonestDebtor) {
    entry(d, 'dishonest');
    const k = cases.get(d.reference);
    expect(k, `${at} dishonest without a case`).toBeDefined();
    expect(k!.filedOn <= d.listedOn).toBe(true);
    expect([addDays(addMonths(d.listedOn, 24), -1), addDays(addMonths(d.listedOn, 36), -1)]).toContain(d.publicUntil);
    if (isActiveOn(d, today)) expect(k!.closedOn, `${at} active dishonest with a closed case`).toBeUndefined();
    if (d.removal === 'PERFORMED') expect(d.performance).toBe('全部已履行');
  }
  for (const r of c.consumptionRestrictions) {
    entry(r, 'restriction');
    expect(cases.get(r.reference), `${at} restriction without a case`).toBeDefined();
  }

  for (const r of t.environment?.ratings ?? []) {
    expect(r.ratedOn > est && r.ratedOn <= today, at).toBe(true);
    expect(r.year).toBe(yearOf(r.ratedOn) - 1);
  }
  for (const p of t.environment?.penalties ?? []) entry(p, 'environment penalty');

  const ec = t.economy!;
  for (const h of ec.honors) {
    expect(h.awardedOn > est && h.awardedOn <= today && h.year === yearOf(h.awardedOn), at).toBe(true);
    if (h.validUntil) expect(h.validUntil > h.awardedOn).toBe(true);
  }
  for (const e of ec.safetyDishonesty) window(e, 36, 'safety');
  for (const x of ec.commitments) {
    expect(x.madeOn >= est && x.madeOn <= today, at).toBe(true);
    expect(x.checkedOn === undefined, at).toBe(x.status === 'PENDING');
    if (x.checkedOn) expect(x.checkedOn > x.madeOn && x.checkedOn <= today, at).toBe(true);
  }
}

describe('dates', () => {
  it('are consistent on 2026-11-22 for the first 20 000', () => {
    for (const t of first) checkDates(t, TODAY);
  });

  it('are consistent on a January day and on 29 February', () => {
    for (const today of ['2027-01-10', '2028-02-29']) {
      const d = createDataset({ today, size: 5000, golden: false });
      for (let i = 0; i < 5000; i++) checkDates(d.at(i), today);
    }
  });

  it('keep active entries active whatever the day of generation', () => {
    const count = (today: string) => {
      const d = createDataset({ today, size: 5000, golden: false });
      let active = 0;
      for (let i = 0; i < 5000; i++) active += d.at(i).courts!.dishonestDebtor.filter((e) => isActiveOn(e, today)).length;
      return active;
    };
    const a = count('2026-11-22');
    const b = count('2031-06-01');
    expect(a).toBeGreaterThan(60);
    expect(Math.abs(a - b)).toBeLessThan(25);
  });
});

describe('registration details', () => {
  it('look real: names, authorities, addresses, capital, legal representatives', () => {
    for (const t of first.slice(0, 3000)) {
      const r = t.market!.registration;
      const city = findDivision(t.uscc.slice(2, 8))!.city;
      expect(r.name.startsWith(city.short), r.name).toBe(true);
      expect(r.name).toMatch(/(有限公司|有限责任公司|股份有限公司)$/);
      expect(r.address.startsWith(city.province.name + city.name), r.address).toBe(true);
      expect(r.registrationAuthority).toMatch(/市场监督管理局$/);
      expect(r.registeredCapitalWan).toBeGreaterThan(0);
      expect(r.businessScope.length).toBeGreaterThan(10);
      expect(isValidResidentId(r.legalRepresentative.idNumber), r.legalRepresentative.idNumber).toBe(true);
      expect(r.legalRepresentative.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      if (r.companyType.startsWith('股份')) expect(r.name.endsWith('股份有限公司')).toBe(true);
    }
  });
});
