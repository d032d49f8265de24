import { describe, expect, it } from 'vitest';
import { loadCatalogue, parseCatalogue, SCENARIOS, type FindingKind, type Scenario } from '../catalogue/catalogue.js';
import { activeOn, evaluate, relevantDepartments, DEPARTMENTS, KIND_DEPARTMENTS, type DepartmentName, type Finding, type Section } from './evaluate.js';

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
    ['active dishonest debtor, bidding', 'BIDDING', allOk({ COURTS: debtor() }), 'PROHIBITED', ['BAN-BID-DISHONEST-DEBTOR']],
    ['dishonest debtor with tax and environment down', 'BIDDING', allOk({ COURTS: debtor(), TAX: failed('TAX'), ENVIRONMENT: failed('ENVIRONMENT', 'TIMEOUT') }), 'PROHIBITED', ['BAN-BID-DISHONEST-DEBTOR']],
    ['dishonest debtor with tax section missing entirely', 'BIDDING', allOk({ COURTS: debtor(), TAX: null }), 'PROHIBITED', ['BAN-BID-DISHONEST-DEBTOR']],
    ['clean but tax down', 'BIDDING', allOk({ TAX: failed('TAX') }), 'INCOMPLETE', []],
    ['clean but courts section null', 'GENERAL', allOk({ COURTS: null }), 'INCOMPLETE', []],
    ['abnormal operations, bidding', 'BIDDING', allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [{ kind: 'ABNORMAL_OPERATIONS' }]) }), 'RESTRICTED', ['RESTRICT-LIST-PUBLIC-RESOURCES', 'KEY-SUPERVISION']],
    ['abnormal operations, general', 'GENERAL', allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [{ kind: 'ABNORMAL_OPERATIONS' }]) }), 'CAUTION', ['KEY-SUPERVISION']],
    ['market answers: unknown', 'GENERAL', allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [], false) }), 'NOT_FOUND', []],
    ['market unknown but courts prohibits', 'BIDDING', allOk({ MARKET_REGULATION: ok('MARKET_REGULATION', [], false), COURTS: debtor() }), 'PROHIBITED', ['BAN-BID-DISHONEST-DEBTOR']],
    ['removed debtor', 'BIDDING', allOk({ COURTS: debtor({ status: 'REMOVED', removedOn: '2026-10-01' }) }), 'CLEAR', []],
    ['expired major tax violation', 'GOVERNMENT_PROCUREMENT', allOk({ TAX: ok('TAX', [{ kind: 'MAJOR_TAX_VIOLATION', listedOn: '2022-06-01', publicUntil: '2025-05-31', status: 'EXPIRED' }]) }), 'CLEAR', []],
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
    const r = run('BIDDING', allOk({ COURTS: debtor({ underObjection: true }) }));
    expect(r.verdict).toBe('PROHIBITED');
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
    expect(run('BIDDING', s, '2026-06-01').verdict).toBe('PROHIBITED');
    expect(run('BIDDING', s, '2026-10-01').verdict).toBe('CLEAR');
    expect(run('BIDDING', s, '2024-12-31').verdict).toBe('CLEAR');
  });

  it('a fixed-term measure ends after its term', () => {
    const penalty = ok('MARKET_REGULATION', [{ kind: 'SEVERE_ADMINISTRATIVE_PENALTY', listedOn: '2023-01-15', publicUntil: '2027-01-14' }]);
    const s = allOk({ MARKET_REGULATION: penalty });
    const r = run('GOVERNMENT_PROCUREMENT', s, '2025-06-01');
    expect(r.verdict).toBe('PROHIBITED');
    expect(r.flags[0]!.appliesUntil).toBe('2026-01-14');
    expect(run('GOVERNMENT_PROCUREMENT', s).verdict).toBe('CLEAR');
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
  it('every measure has a legal basis and known triggers', () => {
    for (const m of catalogue.measures) {
      expect(m.legalBasis.length).toBeGreaterThan(0);
      for (const t of m.triggers) expect(KIND_DEPARTMENTS[t].length).toBeGreaterThan(0);
    }
  });

  it('every department matters in every scenario (courts, tax, environment, economy each can restrict)', () => {
    for (const s of SCENARIOS) expect(relevantDepartments(catalogue, s)).toEqual(DEPARTMENTS);
  });

  it.each<[string, (c: Record<string, unknown>) => void, string]>([
    ['no legal basis', (c) => ((c.measures as Record<string, unknown>[])[0]!.legalBasis = []), 'legal basis'],
    ['unknown trigger', (c) => ((c.measures as Record<string, unknown>[])[0]!.triggers = ['UNHEARD_OF']), 'triggers'],
    ['duplicate code', (c) => (c.measures as unknown[]).push((c.measures as unknown[])[0]), 'duplicate measure code'],
    ['incentive from a negative record', (c) => {
      const m = (c.measures as Record<string, unknown>[]).find((x) => x.kind === 'INCENTIVE')!;
      m.triggers = ['DISHONEST_DEBTOR'];
    }, 'INCENTIVE'],
    ['local choice without a note', (c) => {
      const m = (c.measures as Record<string, unknown>[]).find((x) => x.origin === 'LOCAL_CHOICE')!;
      delete m.note;
    }, 'note'],
  ])('refuses a catalogue with %s', (_name, corrupt, message) => {
    const copy = JSON.parse(JSON.stringify(catalogue)) as Record<string, unknown>;
    corrupt(copy);
    expect(() => parseCatalogue(copy)).toThrow(message);
  });
});
