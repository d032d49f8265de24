import { describe, expect, it } from 'vitest';
import { LegacyUnavailableError, type Lookup } from '../shared/index.js';
import { parseLegacyDate } from './legacy-dates.js';
import { financeRecordModel, financePageModel, type FinanceLegacyRecord } from './legacy-models.js';
import { banYearsOf, entryStatusOn, financeRecordOf, fineYuanOf } from './normalize.js';

const legacy = (over: Record<string, unknown> = {}) => ({
  jlbh: 'CGSX202503100001',
  gysmc: '宜昌恒远信息技术有限公司',
  tyshxydm: '91420500082643172L',
  cfjdswh: '宜财采罚〔2025〕12号',
  wfsxxw: '提供虚假材料谋取中标',
  cfyj: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
  cfjg: '罚款人民币12000元，列入不良行为记录名单，一年内禁止参加政府采购活动',
  cfrq: '2025年03月05日',
  cfqxq: '20250305',
  cfqxz: '20260304',
  zfdw: '宜昌市财政局',
  fbrq: '2025年03月10日',
  ...over,
});

const record = (over: Record<string, unknown> = {}): FinanceLegacyRecord => financeRecordModel.parse(legacy(over));

describe('legacy dates', () => {
  it.each<[string, string | null]>([
    ['2024年03月05日', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    [' 2024年12月31日 ', '2024-12-31'],
    ['20240305', '2024-03-05'],
    ['2024-03-05', '2024-03-05'],
    ['2024年02月29日', '2024-02-29'],
    ['2025年02月29日', null],
    ['20250230', null],
    ['2025年13月01日', null],
    ['2025年00月10日', null],
    ['二〇二五年三月五日', null],
    ['2025/03/05', null],
    ['202535', null],
    ['', null],
  ])('%j → %j', (text, iso) => {
    expect(parseLegacyDate(text)).toBe(iso);
  });

  it('reads every date field of a record, whichever form each is in', () => {
    expect(record({ cfrq: '20250305', cfqxq: '2025年3月5日', cfqxz: '2026-03-04', fbrq: '20250310' })).toMatchObject({
      decidedOn: '2025-03-05',
      banFrom: '2025-03-05',
      banUntil: '2026-03-04',
      publishedOn: '2025-03-10',
    });
  });

  it('takes the decision date as the publication date when the record has none', () => {
    expect(record({ fbrq: '' }).publishedOn).toBe('2025-03-05');
    expect(record({ fbrq: null }).publishedOn).toBe('2025-03-05');
  });

  it('refuses a record with a date that is no date, or a 处罚期限 that ends before it begins', () => {
    expect(financeRecordModel.safeParse(legacy({ cfqxz: '2026年02月30日' })).success).toBe(false);
    expect(financeRecordModel.safeParse(legacy({ cfqxz: '20250304' })).success).toBe(false);
    expect(financeRecordModel.safeParse(legacy({ cfjdswh: '' })).success).toBe(false);
    // One unreadable record spoils the page: a listing skipped would look like a clean supplier.
    expect(
      financePageModel.safeParse({ code: '0000', total: 2, page: 1, size: 20, records: [legacy(), legacy({ cfrq: '2025年13月05日' })] }).success,
    ).toBe(false);
  });
});

describe('state of a listing on the boundary days of 处罚期限 (2025-03-05 to 2026-03-04)', () => {
  it.each<[string, string]>([
    ['2025-03-04', 'ACTIVE'], // published before the bar begins: on the list
    ['2025-03-05', 'ACTIVE'], // first day
    ['2025-09-01', 'ACTIVE'],
    ['2026-03-04', 'ACTIVE'], // last day
    ['2026-03-05', 'EXPIRED'], // the day after
    ['2027-01-01', 'EXPIRED'],
  ])('on %s: %s', (today, status) => {
    const r = record();
    expect(entryStatusOn(r, today)).toBe(status);
    const section = financeRecordOf({ kind: 'found', record: [r], asOf: `${today}T04:00:00.000Z` }, today);
    expect(section.findings.map((f) => f.status)).toEqual([status]);
    expect(section.procurementDishonestEntries.map((e) => e.status)).toEqual([status]);
  });
});

describe('normalisation', () => {
  it('one PROCUREMENT_DISHONEST finding per listing: listed on publication, in force to the end of 处罚期限', () => {
    const section = financeRecordOf({ kind: 'found', record: [record()], asOf: '2025-06-15T04:00:00.000Z' }, '2025-06-15');
    expect(section.source).toEqual({
      department: 'FINANCE',
      status: 'OK',
      asOf: '2025-06-15T04:00:00.000Z',
      found: true,
      fromCache: false,
      stale: false,
      message: null,
    });
    expect(section.findings).toEqual([
      {
        id: 'FINANCE:PROCUREMENT_DISHONEST:宜财采罚〔2025〕12号',
        department: 'FINANCE',
        kind: 'PROCUREMENT_DISHONEST',
        status: 'ACTIVE',
        listedOn: '2025-03-10',
        removedOn: null,
        publicUntil: '2026-03-04',
        reference: '宜财采罚〔2025〕12号',
        authority: '宜昌市财政局',
        reason: '提供虚假材料谋取中标',
        underObjection: false,
        penalty: null,
      },
    ]);
    expect(section.procurementDishonestEntries).toEqual([
      {
        reference: '宜财采罚〔2025〕12号',
        authority: '宜昌市财政局',
        facts: '提供虚假材料谋取中标',
        legalBasis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
        penaltyResult: '罚款人民币12000元，列入不良行为记录名单，一年内禁止参加政府采购活动',
        banYears: 1,
        fineYuan: 12000,
        decidedOn: '2025-03-05',
        publishedOn: '2025-03-10',
        banFrom: '2025-03-05',
        banUntil: '2026-03-04',
        status: 'ACTIVE',
      },
    ]);
  });

  it('keeps finding ids unique when one decision number appears twice', () => {
    const section = financeRecordOf({ kind: 'found', record: [record(), record({ jlbh: 'CGSX2' })], asOf: 'x' }, '2025-06-15');
    expect(section.findings.map((f) => f.id)).toEqual([
      'FINANCE:PROCUREMENT_DISHONEST:宜财采罚〔2025〕12号',
      'FINANCE:PROCUREMENT_DISHONEST:宜财采罚〔2025〕12号#2',
    ]);
  });

  it('a failed or missing lookup holds nothing, and the failure is not a clean answer', () => {
    const failed: Lookup<FinanceLegacyRecord[]> = { kind: 'failed', error: new LegacyUnavailableError('finance legacy system answered HTTP 503') };
    expect(financeRecordOf(failed, '2025-06-15')).toEqual({
      source: {
        department: 'FINANCE',
        status: 'UNAVAILABLE',
        asOf: null,
        found: null,
        fromCache: false,
        stale: false,
        message: 'finance legacy system answered HTTP 503',
      },
      findings: [],
      procurementDishonestEntries: [],
    });
    expect(financeRecordOf({ kind: 'missing', asOf: 'x' }, '2025-06-15')).toMatchObject({ source: { status: 'OK', found: false }, findings: [] });
  });

  it.each<[string, number | null, number | null]>([
    ['罚款人民币12000元，列入不良行为记录名单，一年内禁止参加政府采购活动', 1, 12000],
    ['罚款1.2万元，列入不良行为记录名单，二年内禁止参加政府采购活动', 2, 12000],
    ['罚款人民币8640.50元，列入不良行为记录名单，3年内禁止参加政府采购活动', 3, 8640.5],
    ['列入不良行为记录名单，两年内禁止参加政府采购活动', 2, null],
    ['警告', null, null],
  ])('处罚结果 %j: bar %j years, fine %j yuan', (text, years, fine) => {
    expect(banYearsOf(text)).toBe(years);
    expect(fineYuanOf(text)).toBe(fine);
  });
});
