import { describe, expect, it } from 'vitest';
import { basesInForce, loadCatalogue, parseCatalogue, SCENARIOS, type FindingKind, type Scenario } from '../catalogue/catalogue.js';
import {
  activeOn,
  evaluate,
  relevantDepartments,
  DEPARTMENTS,
  KIND_DEPARTMENTS,
  VERDICT_ORDER,
  type DepartmentName,
  type Finding,
  type PenaltyDetail,
  type Section,
} from './evaluate.js';

const catalogue = loadCatalogue();
const TODAY = '2026-11-22';

function ok(department: DepartmentName, findings: Partial<Finding>[] = [], found = true): Section {
  return {
    source: { department, status: 'OK', asOf: '2026-11-22T01:00:00.000Z', found, fromCache: false, stale: false, message: null },
    findings: findings.map((f, i) => ({
      id: `${department}:${i}`,
      department,
      kind: 'ABNORMAL_OPERATIONS' as FindingKind,
      status: 'ACTIVE' as const,
      listedOn: '2026-01-10',
      removedOn: null,
      publicUntil: null,
      reference: `REF-${i}`,
      authority: '宜昌市市场监督管理局',
      reason: null,
      underObjection: false,
      penalty: null,
      ...f,
    })),
  };
}

function failed(department: DepartmentName, status: 'UNAVAILABLE' | 'TIMEOUT' = 'UNAVAILABLE'): Section {
  return { source: { department, status, asOf: null, found: null, fromCache: false, stale: false, message: 'down' }, findings: [] };
}

function allOk(extra: Partial<Record<DepartmentName, Section>> = {}): Partial<Record<DepartmentName, Section>> {
  return Object.fromEntries(DEPARTMENTS.map((d) => [d, extra[d] === undefined ? ok(d) : extra[d]]));
}

function run(scenario: Scenario, sections: Partial<Record<DepartmentName, Section>>, asOf = TODAY) {
  return evaluate({ uscc: '914205027109345618', scenario, sections, asOf, today: TODAY, checkedAt: new Date('2026-11-22T02:00:00Z'), catalogue });
}

const debtor = (f: Partial<Finding> = {}) => ok('COURTS', [{ kind: 'DISHONEST_DEBTOR', listedOn: '2026-03-01', publicUntil: '2028-02-29', ...f }]);

describe('verdicts', () => {
  it.each<[string, Scenario, Partial<Record<DepartmentName, Section>>, string, string[]]>([
    ['nothing anywhere', 'BIDDING', allOk(), 'CLEAR', []],
    [
      'active dishonest debtor, bidding (285号: 依法予以限制)',
      'BIDDING',
      allOk({ COURTS: debtor() }),
      'RESTRICTED',
      ['RESTRICT-BID-DISHONEST-DEBTOR'],
    ],
    [
      'active dishonest debtor, procurement (125号 unconfirmed: restricted)',
      'GOVERNMENT_PROCUREMENT',
      allOk({ COURTS: debtor() }),
      'RESTRICTED',
      ['RESTRICT-PROCUREMENT-DISHONEST-DEBTOR'],
    ],
    [
      'major tax violator with courts and environment down, procurement',
      'GOVERNMENT_PROCUREMENT',
      allOk({ TAX: ok('TAX', [{ kind: 'MAJOR_TAX_VIOLATION' }]), COURTS: failed('COURTS'), ENVIRONMENT: failed('ENVIRONMENT', 'TIMEOUT') }),
      'PROHIBITED',
      ['BAN-PROCUREMENT-MAJOR-TAX', 'RESTRICT-PUBLIC-RESOURCES-SERIOUS'],
    ],
    [
      'major tax violator with courts section missing entirely, procurement',
      'GOVERNMENT_PROCUREMENT',
      allOk({ TAX: ok('TAX', [{ kind: 'MAJOR_TAX_VIOLATION' }]), COURTS: null }),
      'PROHIBITED',
      ['BAN-PROCUREMENT-MAJOR-TAX', 'RESTRICT-PUBLIC-RESOURCES-SERIOUS'],
    ],
    [
      'a restriction does not outweigh a missing department',
      'BIDDING',
      allOk({ COURTS: debtor(), TAX: failed('TAX') }),
      'INCOMPLETE',
      ['RESTRICT-BID-DISHONEST-DEBTOR'],
    ],
    ['clean but tax down', 'BIDDING', allOk({ TAX: failed('TAX') }), 'INCOMPLETE', []],
    ['clean but courts section null', 'GENERAL', allOk({ COURTS: null }), 'INCOMPLETE', []],
    [
      'abnormal operations, bidding',
      'BIDDING',
      allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [{ kind: 'ABNORMAL_OPERATIONS' }]) }),
      'RESTRICTED',
      ['RESTRICT-PUBLIC-RESOURCES-LISTED'],
    ],
    [
      'abnormal operations, general: no measure names it',
      'GENERAL',
      allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [{ kind: 'ABNORMAL_OPERATIONS' }]) }),
      'CLEAR',
      [],
    ],
    ['market answers: unknown', 'GENERAL', allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [], false) }), 'NOT_FOUND', []],
    [
      'market unknown but tax prohibits',
      'GOVERNMENT_PROCUREMENT',
      allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [], false), TAX: ok('TAX', [{ kind: 'MAJOR_TAX_VIOLATION' }]) }),
      'PROHIBITED',
      ['BAN-PROCUREMENT-MAJOR-TAX', 'RESTRICT-PUBLIC-RESOURCES-SERIOUS'],
    ],
    ['removed debtor', 'BIDDING', allOk({ COURTS: debtor({ status: 'REMOVED', removedOn: '2026-10-01' }) }), 'CLEAR', []],
    [
      'expired major tax violation',
      'GOVERNMENT_PROCUREMENT',
      allOk({ TAX: ok('TAX', [{ kind: 'MAJOR_TAX_VIOLATION', listedOn: '2022-06-01', publicUntil: '2025-05-31', status: 'EXPIRED' }]) }),
      'CLEAR',
      [],
    ],
  ])('%s', (_name, scenario, sections, verdict, codes) => {
    const r = run(scenario, sections);
    expect(r.verdict).toBe(verdict);
    expect([...new Set(r.flags.map((f) => f.measure.code))]).toEqual(codes);
  });

  it('names the missing departments', () => {
    const r = run('BIDDING', allOk({ TAX: failed('TAX'), ECONOMY_IT: null }));
    expect(r.missingSources).toEqual(['TAX', 'ECONOMY_IT']);
    expect(r.sources.find((s) => s.department === 'ECONOMY_IT')?.status).toBe('UNAVAILABLE');
    expect(r.summaryZh).toContain('税务');
  });

  it('flags a record under objection and says so', () => {
    const r = run('GOVERNMENT_PROCUREMENT', allOk({ COURTS: debtor({ underObjection: true }) }));
    expect(r.verdict).toBe('RESTRICTED');
    expect(r.flags[0]!.underObjection).toBe(true);
  });

  it('gives incentives only when clear', () => {
    const a = ok('TAX', [{ kind: 'TAX_CREDIT_A', listedOn: '2026-04-01', publicUntil: '2027-03-31' }]);
    expect(run('ADMINISTRATIVE_LICENSING', allOk({ TAX: a })).incentives.map((f) => f.measure.code)).toEqual(['INCENTIVE-A-TAXPAYER']);
    expect(run('ADMINISTRATIVE_LICENSING', allOk({ TAX: a, COURTS: debtor() })).incentives).toEqual([]);
    expect(run('ADMINISTRATIVE_LICENSING', allOk({ TAX: a, ENVIRONMENT: failed('ENVIRONMENT') })).incentives).toEqual([]);
  });

  it('ignores findings of a section that did not answer OK', () => {
    const s = failed('COURTS');
    s!.findings.push(...debtor()!.findings);
    expect(run('BIDDING', allOk({ COURTS: s })).verdict).toBe('INCOMPLETE');
  });
});

describe('time', () => {
  it('a record removed later was active on a past day', () => {
    const s = allOk({ COURTS: debtor({ status: 'REMOVED', listedOn: '2025-01-10', removedOn: '2026-10-01' }) });
    expect(run('GOVERNMENT_PROCUREMENT', s, '2026-06-01').verdict).toBe('RESTRICTED');
    expect(run('GOVERNMENT_PROCUREMENT', s, '2026-10-01').verdict).toBe('CLEAR');
    expect(run('GOVERNMENT_PROCUREMENT', s, '2024-12-31').verdict).toBe('CLEAR');
  });

  it.each<[Partial<Finding>, string, boolean]>([
    [{ status: 'ACTIVE', listedOn: '2026-01-01' }, TODAY, true],
    [{ status: 'ACTIVE', listedOn: '2026-12-01' }, TODAY, false],
    [{ status: 'REPAIRED', listedOn: '2025-01-01', removedOn: '2026-05-01' }, TODAY, false],
    [{ status: 'REPAIRED', listedOn: '2025-01-01', removedOn: '2026-05-01' }, '2026-04-30', true],
    [{ status: 'EXPIRED', listedOn: '2020-01-01', publicUntil: '2023-01-01' }, TODAY, false],
    [{ status: 'REMOVED', listedOn: '2020-01-01' }, '2021-01-01', false],
    [{ status: 'ACTIVE', listedOn: '2020-01-01', publicUntil: '2026-11-21' }, TODAY, false],
  ])('activeOn %o at %s → %s', (f, asOf, expected) => {
    const finding = ok('COURTS', [f])!.findings[0]!;
    expect(activeOn(finding, asOf, TODAY)).toBe(expected);
  });
});

describe('catalogue', () => {
  it('every trigger has a legal basis and a department that supplies it', () => {
    for (const m of catalogue.measures) {
      for (const t of m.triggers) {
        expect(t.bases.length).toBeGreaterThan(0);
        expect(KIND_DEPARTMENTS[t.kind].length).toBeGreaterThan(0);
      }
    }
  });

  it('a department matters in a scenario when a restriction of that scenario in force reads a record it supplies (market always); each matters somewhere', () => {
    const mattering = new Set<string>();
    for (const s of SCENARIOS) {
      const expected = DEPARTMENTS.filter(
        (d) =>
          d === 'MARKET_REGULATION' ||
          catalogue.measures.some(
            (m) =>
              m.kind !== 'INCENTIVE' &&
              m.scenarios.includes(s) &&
              m.triggers.some((t) => KIND_DEPARTMENTS[t.kind].includes(d) && basesInForce(catalogue, m, t, TODAY).length > 0),
          ),
      );
      expect(relevantDepartments(catalogue, s, TODAY), s).toEqual(expected);
      for (const d of expected) mattering.add(d);
    }
    expect([...mattering].sort()).toEqual([...DEPARTMENTS].sort());
  });

  type Json = Record<string, unknown>;
  const first = (c: Json) => (c.measures as Json[])[0]!;
  const trigger0 = (c: Json) => (first(c).triggers as Json[])[0]!;
  it.each<[string, (c: Json) => void, string]>([
    [
      'no legal basis',
      (c) => (trigger0(c).bases = []),
      `measure ${catalogue.measures[0]!.code}, field triggers[0].bases: every trigger needs at least one legal basis`,
    ],
    ['unknown trigger', (c) => (trigger0(c).kind = 'UNHEARD_OF'), `measure ${catalogue.measures[0]!.code}, field triggers[0].kind`],
    ['duplicate code', (c) => (c.measures as unknown[]).push(first(c)), 'duplicate measure code'],
    [
      'incentive from a negative record',
      (c) => {
        const m = (c.measures as Json[]).find((x) => x.kind === 'INCENTIVE')!;
        (m.triggers as Json[])[0]!.kind = 'DISHONEST_DEBTOR';
      },
      'INCENTIVE',
    ],
    [
      'a basis without wording',
      (c) => ((trigger0(c).bases as Json[])[0]!.wording = ''),
      `measure ${catalogue.measures[0]!.code}, field triggers[0].bases[0].wording`,
    ],
    ['a basis citing an unknown document', (c) => ((trigger0(c).bases as Json[])[0]!.document = 'NO-SUCH-DOC'), 'unknown document id "NO-SUCH-DOC"'],
    [
      'a confirmed basis without its source',
      (c) => ((trigger0(c).bases as Json[])[0]!.verification = { state: 'CONFIRMED', source: null, readOn: '2026-11-26' }),
      'verification.source',
    ],
    [
      'a document that ends before it starts',
      (c) => ((c.documents as Record<string, Json>)['GPL']!.effectiveUntil = '2000-01-01'),
      'documents.GPL.effectiveUntil: ends before it starts',
    ],
    ['an office note field misspelt', (c) => (first(c).note = 'x'), 'note'],
  ])('refuses a catalogue with %s', (_name, corrupt, message) => {
    const copy = JSON.parse(JSON.stringify(catalogue)) as Record<string, unknown>;
    corrupt(copy);
    expect(() => parseCatalogue(copy)).toThrow(message);
  });
});

describe('law in force on the day checked', () => {
  const dLevel = allOk({ TAX: ok('TAX', [{ kind: 'TAX_CREDIT_D', listedOn: '2025-04-20', publicUntil: '2026-04-19' }]) });

  it('a D-level taxpayer on 2025-06-30 meets the 2014 rule: restricted in bidding, procurement, land and honours', () => {
    for (const scenario of ['BIDDING', 'GOVERNMENT_PROCUREMENT', 'STATE_LAND_TRANSFER', 'HONORS'] as const) {
      const r = run(scenario, dLevel, '2025-06-30');
      expect({ scenario, verdict: r.verdict }).toEqual({ scenario, verdict: 'RESTRICTED' });
      const flag = r.flags.find((f) => f.measure.code === 'RESTRICT-TAX-D-2014')!;
      expect(flag.basis.map((b) => b.document.documentNumber)).toEqual(['国家税务总局公告2014年第40号']);
      expect(flag.basis[0]!.wording).toContain('予以限制或禁止');
    }
  });

  it('from 2025-07-01 only what 2025年第12号 provides: key supervision', () => {
    for (const scenario of ['BIDDING', 'GOVERNMENT_PROCUREMENT', 'STATE_LAND_TRANSFER', 'HONORS', 'GENERAL'] as const) {
      const r = run(scenario, dLevel, '2025-07-01');
      expect({ scenario, verdict: r.verdict, codes: r.flags.map((f) => f.measure.code) }).toEqual({
        scenario,
        verdict: 'CAUTION',
        codes: ['KEY-SUPERVISION'],
      });
      expect(r.flags[0]!.basis.map((b) => b.document.documentNumber)).toEqual(['国家税务总局公告2025年第12号']);
    }
    // The day before, key supervision rested on the 2014 rule (第三十二条（五）), not on the 2025 one.
    const before = run('GENERAL', dLevel, '2025-06-30');
    expect(before.verdict).toBe('CAUTION');
    expect(before.flags[0]!.basis.map((b) => b.document.documentNumber)).toEqual(['国家税务总局公告2014年第40号']);
  });

  it("a flag cites the basis of the record that triggered it, not of the measure's other triggers", () => {
    const r = run('GOVERNMENT_PROCUREMENT', allOk({ COURTS: debtor() }));
    const flag =
      r.flags.find((f) => f.measure.code === 'RESTRICT-FISCAL-FUNDS') ??
      run('FISCAL_FUNDS', allOk({ COURTS: debtor() })).flags.find((f) => f.measure.code === 'RESTRICT-FISCAL-FUNDS')!;
    expect(flag.triggers.map((t) => t.kind)).toEqual(['DISHONEST_DEBTOR']);
    // RESTRICT-FISCAL-FUNDS has four triggers; a dishonest debtor cites 141号 and 33号, never 应急管理部令第11号.
    expect(flag.basis.map((b) => b.document.documentNumber)).toEqual(['发改财金〔2016〕141号', '国发〔2016〕33号']);
    const licensing = run('ADMINISTRATIVE_LICENSING', allOk({ COURTS: debtor() }));
    for (const f of licensing.flags) {
      for (const b of f.basis) expect(b.document.documentNumber, f.measure.code).not.toMatch(/总局令第44号|应急管理部令/);
    }
  });
});

describe('government procurement: three years from a major illegal record (实施条例 第十九条)', () => {
  const ASOF = '2026-11-22';
  const penalty = (decidedOn: string, p: Omit<PenaltyDetail, 'decidedOn'>, extra: Partial<Finding> = {}) =>
    allOk({
      MARKET_REGULATION: ok('MARKET_REGULATION', [
        { kind: 'SEVERE_ADMINISTRATIVE_PENALTY', listedOn: decidedOn, publicUntil: null, penalty: { decidedOn, ...p }, ...extra },
      ]),
    });
  const fine = (decidedOn: string, fineYuan: number, extra: Partial<Finding> = {}) =>
    penalty(decidedOn, { categories: ['FINE'], fineYuan, penaltyType: '罚款' }, extra);

  it.each<[string, Partial<Record<DepartmentName, Section>>, string]>([
    ['a 2,000,000-yuan fine decided 30 months before', fine('2024-05-22', 2_000_000), 'PROHIBITED'],
    ['a 2,000,000-yuan fine decided 37 months before', fine('2023-10-22', 2_000_000), 'CLEAR'],
    ['a fine of 1,999,999 yuan', fine('2025-05-22', 1_999_999), 'CLEAR'],
    [
      'a 2,000,000-yuan fine whose publicity ended but within three years',
      fine('2024-05-22', 2_000_000, { status: 'EXPIRED', publicUntil: '2025-05-21' }),
      'PROHIBITED',
    ],
    ['a 2,000,000-yuan fine repaired (信用修复)', fine('2024-05-22', 2_000_000, { status: 'REPAIRED', removedOn: '2025-06-01' }), 'CLEAR'],
    [
      'a suspension of production and business (责令停产停业)',
      penalty('2025-01-10', { categories: ['PRODUCTION_SUSPENDED', 'FINE'], fineYuan: 300_000, penaltyType: '责令停产停业；罚款' }),
      'PROHIBITED',
    ],
    ['a licence revoked', penalty('2025-01-10', { categories: ['LICENCE_REVOKED'], fineYuan: null, penaltyType: '吊销营业执照' }), 'PROHIBITED'],
    [
      'a rectification order with a fine below the threshold (责令停产整治 is not 责令停产停业)',
      penalty('2025-01-10', { categories: ['CORRECTIVE_ORDER', 'FINE'], fineYuan: 500_000, penaltyType: '责令停产整治；罚款' }),
      'CLEAR',
    ],
    [
      'a severe penalty without detail cannot be shown to qualify',
      allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [{ kind: 'SEVERE_ADMINISTRATIVE_PENALTY', listedOn: '2025-01-10' }]) }),
      'CLEAR',
    ],
  ])('%s → %s', (_name, sections, verdict) => {
    const r = run('GOVERNMENT_PROCUREMENT', sections, ASOF);
    expect(r.verdict).toBe(verdict);
    if (verdict === 'PROHIBITED') {
      const flag = r.flags[0]!;
      expect(flag.measure.code).toBe('BAN-PROCUREMENT-MAJOR-VIOLATION-3Y');
      expect(flag.basis.map((b) => b.article)).toContain('第十九条第一款');
    }
  });

  it('counts 36 months from the decision date', () => {
    const r = run('GOVERNMENT_PROCUREMENT', fine('2024-05-22', 2_500_000), ASOF);
    expect(r.flags[0]!.appliesFrom).toBe('2024-05-22');
    expect(r.flags[0]!.appliesUntil).toBe('2027-05-21');
    expect(run('GOVERNMENT_PROCUREMENT', fine('2024-05-22', 2_500_000), '2027-05-21').verdict).toBe('PROHIBITED');
    expect(run('GOVERNMENT_PROCUREMENT', fine('2024-05-22', 2_500_000), '2027-05-22').verdict).toBe('CLEAR');
  });

  it('the fine threshold applies from 财库〔2022〕3号 (2022-02-08); a suspension counted before it', () => {
    const bigFine = fine('2021-06-01', 3_000_000);
    expect(run('GOVERNMENT_PROCUREMENT', bigFine, '2022-02-07').verdict).toBe('CLEAR');
    expect(run('GOVERNMENT_PROCUREMENT', bigFine, '2022-02-08').verdict).toBe('PROHIBITED');
    const suspension = penalty('2021-06-01', { categories: ['PRODUCTION_SUSPENDED'], fineYuan: null, penaltyType: '责令停产停业' });
    expect(run('GOVERNMENT_PROCUREMENT', suspension, '2022-02-07').verdict).toBe('PROHIBITED');
  });

  it('says what it could not check: criminal penalties and the lists not connected', () => {
    const r = run('GOVERNMENT_PROCUREMENT', allOk());
    expect(r.verdict).toBe('CLEAR');
    expect(r.notChecked.map((n) => n.zh).join()).toContain('刑事处罚');
    expect(run('GENERAL', allOk()).notChecked).toEqual([]);
  });

  it('tax arrears are a qualification question, shown as caution', () => {
    const r = run('GOVERNMENT_PROCUREMENT', allOk({ TAX: ok('TAX', [{ kind: 'TAX_ARREARS', listedOn: '2026-03-01' }]) }));
    expect(r.verdict).toBe('CAUTION');
    expect(r.flags.map((f) => [f.measure.code, f.measure.category])).toEqual([['QUALIFY-PROCUREMENT-TAX-ARREARS', 'QUALIFICATION']]);
    expect(r.flags[0]!.basis[0]!.article).toBe('第二十二条第一款第（四）项');
  });
});

describe('check numbers', () => {
  it('carry the day in China, not in UTC (07:33 on the 26th in China is 23:33 UTC on the 25th)', () => {
    const r = evaluate({
      uscc: '914205027109345618',
      scenario: 'GENERAL',
      sections: allOk(),
      asOf: '2026-11-26',
      today: '2026-11-26',
      checkedAt: new Date('2026-11-25T23:33:00Z'),
      catalogue,
    });
    expect(r.checkId).toMatch(/^CHK-20261126-[0-9A-F]{16}$/);
  });
});

describe('INACTIVE: an enterprise that cannot be a party (注销 / 吊销)', () => {
  type Reg = { status: 'OPERATING' | 'DEREGISTERED' | 'REVOKED'; closedOn: string | null };
  const check = (scenario: Scenario, sections: Partial<Record<DepartmentName, Section>>, registration: Reg | null, asOf = TODAY) =>
    evaluate({
      uscc: '914205027109345618',
      scenario,
      sections,
      registration,
      asOf,
      today: TODAY,
      checkedAt: new Date('2026-11-22T02:00:00Z'),
      catalogue,
    });
  const deregistered: Reg = { status: 'DEREGISTERED', closedOn: '2026-06-25' };
  const revoked: Reg = { status: 'REVOKED', closedOn: '2026-03-01' };
  const majorTax = ok('TAX', [{ kind: 'MAJOR_TAX_VIOLATION' }]);

  it.each<[string, Scenario, Partial<Record<DepartmentName, Section>>, Reg | null, string, string[]]>([
    ['deregistered, nothing else', 'BIDDING', allOk(), deregistered, 'INACTIVE', []],
    ['revoked, not deregistered', 'GENERAL', allOk(), revoked, 'INACTIVE', []],
    [
      'deregistered with a prohibiting record: INACTIVE before PROHIBITED, the flags still listed',
      'GOVERNMENT_PROCUREMENT',
      allOk({ TAX: majorTax }),
      deregistered,
      'INACTIVE',
      ['BAN-PROCUREMENT-MAJOR-TAX', 'RESTRICT-PUBLIC-RESOURCES-SERIOUS'],
    ],
    ['deregistered with a restriction', 'BIDDING', allOk({ COURTS: debtor() }), deregistered, 'INACTIVE', ['RESTRICT-BID-DISHONEST-DEBTOR']],
    ['deregistered with tax down: market answered, so INACTIVE', 'BIDDING', allOk({ TAX: failed('TAX') }), deregistered, 'INACTIVE', []],
    [
      'market regulation down: it cannot be known, INCOMPLETE as for any missing department',
      'BIDDING',
      allOk({ MARKET_REGULATION: failed('MARKET_REGULATION') }),
      deregistered,
      'INCOMPLETE',
      [],
    ],
    ['market regulation section missing: INCOMPLETE', 'GENERAL', allOk({ MARKET_REGULATION: null }), revoked, 'INCOMPLETE', []],
    [
      'market regulation down with a prohibiting record elsewhere: PROHIBITED as today',
      'GOVERNMENT_PROCUREMENT',
      allOk({ MARKET_REGULATION: failed('MARKET_REGULATION'), TAX: majorTax }),
      deregistered,
      'PROHIBITED',
      ['BAN-PROCUREMENT-MAJOR-TAX', 'RESTRICT-PUBLIC-RESOURCES-SERIOUS'],
    ],
    [
      'market does not know the code: NOT_FOUND, never INACTIVE',
      'GENERAL',
      allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [], false) }),
      deregistered,
      'NOT_FOUND',
      [],
    ],
    ['operating', 'BIDDING', allOk(), { status: 'OPERATING', closedOn: null }, 'CLEAR', []],
    ['deregistered without a date', 'BIDDING', allOk(), { status: 'DEREGISTERED', closedOn: null }, 'INACTIVE', []],
  ])('%s', (_name, scenario, sections, registration, verdict, codes) => {
    const r = check(scenario, sections, registration);
    expect(r.verdict).toBe(verdict);
    expect([...new Set(r.flags.map((f) => f.measure.code))]).toEqual(codes);
    expect(r.incentives).toEqual([]);
  });

  it('a day before the enterprise was closed finds it operating (a past bid-opening day)', () => {
    expect(check('BIDDING', allOk(), deregistered, '2026-06-24').verdict).toBe('CLEAR');
    expect(check('BIDDING', allOk(), deregistered, '2026-06-25').verdict).toBe('INACTIVE');
  });

  it('says why in both languages, naming the day and the measures still found', () => {
    const r = check('GOVERNMENT_PROCUREMENT', allOk({ TAX: majorTax }), deregistered);
    expect(r.summaryZh).toBe(
      '主体已注销（2026-06-25），不能作为本事项的当事人。另有失信惩戒措施：重大税收违法失信主体在一定期限内禁止参加政府采购活动；严重失信主体限制参与有关公共资源交易活动。',
    );
    expect(r.summary).toBe(
      'Inactive — Deregistered on 2026-06-25: it cannot be a party to this matter. Also: BAN-PROCUREMENT-MAJOR-TAX, RESTRICT-PUBLIC-RESOURCES-SERIOUS.',
    );
    const rev = check('GENERAL', allOk(), revoked);
    expect(rev.summaryZh).toBe('营业执照已被吊销（2026-03-01），不能作为本事项的当事人。');
    expect(rev.warnings[0]).toContain('营业执照已被吊销');
  });

  it('an incentive record does not make a deregistered enterprise eligible', () => {
    const a = ok('TAX', [{ kind: 'TAX_CREDIT_A', listedOn: '2026-04-01', publicUntil: '2027-03-31' }]);
    expect(check('ADMINISTRATIVE_LICENSING', allOk({ TAX: a }), deregistered).incentives).toEqual([]);
    expect(check('ADMINISTRATIVE_LICENSING', allOk({ TAX: a }), null).incentives.map((f) => f.measure.code)).toEqual(['INCENTIVE-A-TAXPAYER']);
  });

  it('the registration is part of what the check number digests', () => {
    const at = new Date('2026-11-22T02:00:00Z');
    const id = (registration: Reg | null) =>
      evaluate({
        uscc: '914205027109345618',
        scenario: 'BIDDING',
        sections: allOk(),
        registration,
        asOf: TODAY,
        today: TODAY,
        checkedAt: at,
        catalogue,
      }).checkId;
    expect(id(deregistered)).not.toBe(id({ status: 'OPERATING', closedOn: null }));
  });
});

describe('the order verdicts are decided in', () => {
  it('is one list, used by the consortium too', () => {
    expect(VERDICT_ORDER).toEqual(['INACTIVE', 'PROHIBITED', 'NOT_FOUND', 'INCOMPLETE', 'RESTRICTED', 'CAUTION', 'CLEAR']);
  });
});
