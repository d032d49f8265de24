import { describe, expect, it } from 'vitest';
import { LegacyTimeoutError, type Lookup, type PenaltyDetail } from '../shared/index.js';
import type { EnvironmentLegacyPenalty, EnvironmentLegacyRating, EnvironmentLegacyRecord } from './legacy-client.js';
import { environmentRecordOf, oneYearWindowEnd, penaltyFinding, penaltyView, ratingFinding, ratingInForce, ratingWindows } from './normalize.js';

const TODAY = '2025-06-15';
const USCC = '91320100134790861X';
const AS_OF = '2025-06-15T02:00:00.000Z';

const rating = (year: number, level: EnvironmentLegacyRating['level'], ratedOn: string): EnvironmentLegacyRating => ({
  year,
  level,
  authority: '江苏省生态环境厅',
  ratedOn,
});

const penalty = (o: Partial<EnvironmentLegacyPenalty> = {}): EnvironmentLegacyPenalty => ({
  reference: '宁环罚〔2025〕8号',
  penaltyType: '罚款',
  fineYuan: 100000,
  facts: '超标排放',
  decidedOn: '2025-01-20',
  publicUntil: '2028-01-19',
  authority: '南京市生态环境局',
  removal: null,
  removedOn: null,
  underObjection: false,
  severe: false,
  ...o,
});

describe('rating windows (dates.md: ratedOn … ratedOn + 1 year − 1 day, cut by a later rating)', () => {
  it.each([
    ['2024-03-05', '2025-03-04'],
    ['2024-01-01', '2024-12-31'],
    ['2024-02-29', '2025-02-27'],
    ['2023-02-28', '2024-02-27'],
    ['2024-01-31', '2025-01-30'],
    ['2023-03-01', '2024-02-29'],
    ['2024-12-31', '2025-12-30'],
  ])('oneYearWindowEnd(%s) = %s', (ratedOn, end) => {
    expect(oneYearWindowEnd(ratedOn)).toBe(end);
  });

  it('cuts a rating the day before a later one, newest first', () => {
    const w = ratingWindows([rating(2024, 'BLUE', '2025-04-01'), rating(2022, 'RED', '2023-03-01'), rating(2023, 'YELLOW', '2024-05-10')]);
    expect(w.map((r) => [r.year, r.level, r.ratedOn, r.validUntil])).toEqual([
      [2024, 'BLUE', '2025-04-01', '2026-03-31'],
      [2023, 'YELLOW', '2024-05-10', '2025-03-31'],
      // Its natural end (2024-02-29) comes before the next rating: the natural end holds.
      [2022, 'RED', '2023-03-01', '2024-02-29'],
    ]);
    expect(ratingInForce(w, TODAY)).toMatchObject({ year: 2024, level: 'BLUE' });
    expect(ratingInForce(w, '2025-03-31')).toMatchObject({ year: 2023, level: 'YELLOW' });
    expect(ratingInForce(w, '2024-04-01')).toBeNull();
    expect(ratingInForce(w, '2023-02-28')).toBeNull();
  });

  it('has no rating in force once the only one has run out', () => {
    expect(ratingInForce(ratingWindows([rating(2023, 'GREEN', '2024-03-05')]), TODAY)).toBeNull();
    expect(ratingInForce(ratingWindows([]), TODAY)).toBeNull();
  });
});

describe('rating findings', () => {
  it.each([
    ['GREEN', '2025-03-20', 'ENVIRONMENT_CREDIT_GREEN', 'ACTIVE', '2026-03-19'],
    ['YELLOW', '2025-03-20', 'ENVIRONMENT_CREDIT_YELLOW', 'ACTIVE', '2026-03-19'],
    ['RED', '2025-03-20', 'ENVIRONMENT_CREDIT_RED', 'ACTIVE', '2026-03-19'],
    ['RED', '2024-06-15', 'ENVIRONMENT_CREDIT_RED', 'EXPIRED', '2025-06-14'],
    ['RED', '2024-06-16', 'ENVIRONMENT_CREDIT_RED', 'ACTIVE', '2025-06-15'],
  ])('%s rated %s → %s %s until %s', (level, ratedOn, kind, status, until) => {
    const [w] = ratingWindows([rating(2024, level as EnvironmentLegacyRating['level'], ratedOn)]);
    expect(ratingFinding(USCC, w!, TODAY)).toEqual({
      id: `ENVIRONMENT:${kind}:${USCC}:2024`,
      department: 'ENVIRONMENT',
      kind,
      status,
      listedOn: ratedOn,
      removedOn: null,
      publicUntil: until,
      reference: '2024年度环境信用评价',
      authority: '江苏省生态环境厅',
      reason: expect.stringContaining('2024年度企业环境信用评价等级'),
      underObjection: false,
      penalty: null,
    });
  });

  it('BLUE (良好) is no finding', () => {
    const [w] = ratingWindows([rating(2024, 'BLUE', '2025-03-20')]);
    expect(ratingFinding(USCC, w!, TODAY)).toBeNull();
  });

  it('a superseded rating is EXPIRED from the later rating’s date', () => {
    const w = ratingWindows([rating(2023, 'YELLOW', '2024-06-20'), rating(2024, 'GREEN', '2025-06-15')]);
    expect(w.map((r) => ratingFinding(USCC, r, TODAY)).map((f) => [f?.kind, f?.status, f?.publicUntil])).toEqual([
      ['ENVIRONMENT_CREDIT_GREEN', 'ACTIVE', '2026-06-14'],
      ['ENVIRONMENT_CREDIT_YELLOW', 'EXPIRED', '2025-06-14'],
    ]);
  });
});

describe('penalty findings', () => {
  it.each<[string, Partial<EnvironmentLegacyPenalty>, string, string]>([
    ['general, published', {}, 'ADMINISTRATIVE_PENALTY', 'ACTIVE'],
    ['severe, published', { severe: true }, 'SEVERE_ADMINISTRATIVE_PENALTY', 'ACTIVE'],
    ['repaired (已修复)', { removal: 'REPAIRED', removedOn: '2025-03-01' }, 'ADMINISTRATIVE_PENALTY', 'REPAIRED'],
    ['severe, repaired', { severe: true, removal: 'REPAIRED', removedOn: '2025-03-01' }, 'SEVERE_ADMINISTRATIVE_PENALTY', 'REPAIRED'],
    ['revoked (已撤销)', { removal: 'REVOKED', removedOn: '2025-03-01' }, 'ADMINISTRATIVE_PENALTY', 'REMOVED'],
    ['withdrawn (已停止公示)', { removal: 'WITHDRAWN', removedOn: '2025-03-01' }, 'ADMINISTRATIVE_PENALTY', 'REMOVED'],
    ['repaired in the future', { removal: 'REPAIRED', removedOn: '2025-06-16' }, 'ADMINISTRATIVE_PENALTY', 'ACTIVE'],
    ['window ran out yesterday', { publicUntil: '2025-06-14' }, 'ADMINISTRATIVE_PENALTY', 'EXPIRED'],
    ['window ends today', { publicUntil: '2025-06-15' }, 'ADMINISTRATIVE_PENALTY', 'ACTIVE'],
    ['no window', { publicUntil: null }, 'ADMINISTRATIVE_PENALTY', 'ACTIVE'],
  ])('%s → %s %s', (_name, o, kind, status) => {
    const p = penaltyView(penalty(o), TODAY);
    expect(p.status).toBe(status);
    const f = penaltyFinding(p);
    expect(f).toEqual({
      id: `ENVIRONMENT:${kind}:宁环罚〔2025〕8号`,
      department: 'ENVIRONMENT',
      kind,
      status,
      listedOn: '2025-01-20',
      removedOn: o.removedOn ?? null,
      publicUntil: o.publicUntil === undefined ? '2028-01-19' : o.publicUntil,
      reference: '宁环罚〔2025〕8号',
      authority: '南京市生态环境局',
      reason: '超标排放',
      underObjection: false,
      penalty: { decidedOn: '2025-01-20', penaltyType: '罚款', categories: ['FINE'], fineYuan: 100000 },
    });
  });

  it('carries the objection flag', () => {
    expect(penaltyFinding(penaltyView(penalty({ underObjection: true }), TODAY)).underObjection).toBe(true);
  });

  it.each<[string, Partial<EnvironmentLegacyPenalty>, PenaltyDetail]>([
    [
      '责令停产整治 is a corrective order, never 责令停产停业',
      { severe: true, decidedOn: '2024-08-08', penaltyType: '责令停产整治；罚款', fineYuan: 800000 },
      { decidedOn: '2024-08-08', penaltyType: '责令停产整治；罚款', categories: ['CORRECTIVE_ORDER', 'FINE'], fineYuan: 800000 },
    ],
    [
      '按日连续处罚 reaching 2,000,000 yuan',
      { severe: true, penaltyType: '罚款（按日连续处罚）', fineYuan: 2_400_000 },
      { decidedOn: '2025-01-20', penaltyType: '罚款（按日连续处罚）', categories: ['FINE'], fineYuan: 2_400_000 },
    ],
    [
      'an order with no fine',
      { penaltyType: '责令停产整治', fineYuan: null },
      { decidedOn: '2025-01-20', penaltyType: '责令停产整治', categories: ['CORRECTIVE_ORDER'], fineYuan: null },
    ],
  ])('penalty detail: %s', (_label, o, detail) => {
    expect(penaltyFinding(penaltyView(penalty(o), TODAY)).penalty).toEqual(detail);
  });
});

describe('environmentRecordOf', () => {
  const record: EnvironmentLegacyRecord = {
    uscc: USCC,
    name: '某公司',
    ratings: [rating(2023, 'BLUE', '2024-03-01'), rating(2024, 'RED', '2025-03-01')],
    penalties: [penalty({ reference: 'A', decidedOn: '2023-01-01' }), penalty({ reference: 'B', severe: true })],
  };

  it('found: sections, rating in force and findings (newest first)', () => {
    const v = environmentRecordOf({ kind: 'found', record, asOf: AS_OF }, TODAY);
    expect(v.source).toEqual({ department: 'ENVIRONMENT', status: 'OK', asOf: AS_OF, found: true, fromCache: false, stale: false, message: null });
    expect(v.enterpriseName).toBe('某公司');
    expect(v.rating).toEqual({ year: 2024, level: 'RED', authority: '江苏省生态环境厅', ratedOn: '2025-03-01', validUntil: '2026-02-28' });
    expect(v.ratings.map((r) => r.year)).toEqual([2024, 2023]);
    expect(v.penalties.map((p) => p.reference)).toEqual(['B', 'A']);
    expect(v.findings.map((f) => [f.kind, f.status])).toEqual([
      ['ENVIRONMENT_CREDIT_RED', 'ACTIVE'],
      ['SEVERE_ADMINISTRATIVE_PENALTY', 'ACTIVE'],
      ['ADMINISTRATIVE_PENALTY', 'ACTIVE'],
    ]);
    expect(v.findings.map((f) => f.penalty?.decidedOn ?? null)).toEqual([null, '2025-01-20', '2023-01-01']);
  });

  it('missing: OK, not found, nothing else', () => {
    expect(environmentRecordOf({ kind: 'missing', asOf: AS_OF }, TODAY)).toEqual({
      source: { department: 'ENVIRONMENT', status: 'OK', asOf: AS_OF, found: false, fromCache: false, stale: false, message: null },
      enterpriseName: null,
      rating: null,
      ratings: [],
      penalties: [],
      findings: [],
    });
  });

  it('failed: the failure state, found null, nothing else', () => {
    const lookup: Lookup<EnvironmentLegacyRecord> = {
      kind: 'failed',
      error: new LegacyTimeoutError('environment credit platform did not answer in time'),
    };
    expect(environmentRecordOf(lookup, TODAY)).toEqual({
      source: {
        department: 'ENVIRONMENT',
        status: 'TIMEOUT',
        asOf: null,
        found: null,
        fromCache: false,
        stale: false,
        message: 'environment credit platform did not answer in time',
      },
      enterpriseName: null,
      rating: null,
      ratings: [],
      penalties: [],
      findings: [],
    });
  });
});
