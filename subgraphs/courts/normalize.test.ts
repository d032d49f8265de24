import { describe, expect, it } from 'vitest';
import { LegacyRateLimitedError, LegacyUnavailableError } from '../shared/index.js';
import { courtsPageModel, courtsRecordModel } from './legacy-models.js';
import { findingsOf, judicialRecordOf, removalReasonOf } from './normalize.js';

const TODAY = '2025-06-15';

const sx = (over: Record<string, unknown> = {}) => ({
  lx: 'SX',
  ah: '(2024)京0105执1234号',
  zxfy: '北京市朝阳区人民法院',
  lasj: '2024-01-15',
  fbsj: '2024-03-05',
  gsjzrq: '2026-03-05',
  pbrq: null,
  pbyy: '',
  yyzt: '0',
  fddbr: '张三',
  zxyj: '',
  yw: '支付货款',
  lxqk: '全部未履行',
  sxqx: '有履行能力而拒不履行',
  ...over,
});
const xg = (over: Record<string, unknown> = {}) => ({
  lx: 'XG',
  ah: '(2024)京0105执77号',
  zxfy: '北京市朝阳区人民法院',
  lasj: null,
  fbsj: '2024-02-20',
  gsjzrq: null,
  pbrq: null,
  pbyy: '',
  yyzt: '0',
  fddbr: '张三',
  xzyy: '未履行给付义务',
  ...over,
});
const zx = { lx: 'ZX', ah: '(2023)京0105执5号', zxfy: '北京市朝阳区人民法院', lasj: '2023-02-01', zxbd: '120000.50', jarq: '', fddbr: '' };

const parse = (raw: unknown) => courtsRecordModel.parse(raw);

describe('findings from legacy records', () => {
  it.each([
    ['失信, listed', sx(), 'DISHONEST_DEBTOR', 'ACTIVE'],
    ['失信, performed', sx({ pbrq: '2025-01-02', pbyy: '已履行' }), 'DISHONEST_DEBTOR', 'REMOVED'],
    ['失信, settled', sx({ pbrq: '2025-01-02', pbyy: '和解' }), 'DISHONEST_DEBTOR', 'REMOVED'],
    ['失信, revoked', sx({ pbrq: '2025-01-02', pbyy: '撤销' }), 'DISHONEST_DEBTOR', 'REMOVED'],
    ['失信, credit repair', sx({ pbrq: '2025-01-02', pbyy: '信用修复' }), 'DISHONEST_DEBTOR', 'REPAIRED'],
    ['失信, removal dated in the future', sx({ pbrq: '2025-07-01', pbyy: '已履行' }), 'DISHONEST_DEBTOR', 'ACTIVE'],
    ['失信, publicity ended', sx({ gsjzrq: '2025-06-14' }), 'DISHONEST_DEBTOR', 'EXPIRED'],
    ['失信, publicity ends today', sx({ gsjzrq: '2025-06-15' }), 'DISHONEST_DEBTOR', 'ACTIVE'],
    ['失信, removed after the window ended', sx({ gsjzrq: '2024-06-01', pbrq: '2025-01-02', pbyy: '已履行' }), 'DISHONEST_DEBTOR', 'REMOVED'],
    ['限消, listed', xg(), 'CONSUMPTION_RESTRICTION', 'ACTIVE'],
    ['限消, lifted', xg({ pbrq: '2025-03-01', pbyy: '已履行' }), 'CONSUMPTION_RESTRICTION', 'REMOVED'],
    ['限消, repaired', xg({ pbrq: '2025-03-01', pbyy: '信用修复' }), 'CONSUMPTION_RESTRICTION', 'REPAIRED'],
  ])('%s → %s %s', (_, raw, kind, status) => {
    const [f] = findingsOf([parse(raw)], TODAY);
    expect(f).toMatchObject({ kind, status, department: 'COURTS' });
  });

  it('fills every finding field from the legacy record', () => {
    expect(findingsOf([parse(sx({ yyzt: '1', pbrq: '2025-01-02', pbyy: '已履行' }))], TODAY)).toEqual([
      {
        id: 'COURTS:DISHONEST_DEBTOR:(2024)京0105执1234号',
        department: 'COURTS',
        kind: 'DISHONEST_DEBTOR',
        status: 'REMOVED',
        listedOn: '2024-03-05',
        removedOn: '2025-01-02',
        publicUntil: '2026-03-05',
        reference: '(2024)京0105执1234号',
        authority: '北京市朝阳区人民法院',
        reason: '有履行能力而拒不履行',
        underObjection: true,
        penalty: null,
      },
    ]);
  });

  it('makes no finding of an enforcement case, and keeps ids unique', () => {
    const f = findingsOf([parse(zx), parse(sx()), parse(sx({ fbsj: '2025-01-01' })), parse(xg({ ah: '(2024)京0105执1234号' }))], TODAY);
    expect(f.map((x) => x.id)).toEqual([
      'COURTS:DISHONEST_DEBTOR:(2024)京0105执1234号',
      'COURTS:DISHONEST_DEBTOR:(2024)京0105执1234号#2',
      'COURTS:CONSUMPTION_RESTRICTION:(2024)京0105执1234号',
    ]);
  });

  it.each([
    ['已履行', 'PERFORMED'],
    ['全部履行完毕', 'PERFORMED'],
    ['和解协议已履行完毕', 'SETTLED'],
    ['申请执行人申请删除', 'CREDITOR_REQUEST'],
    ['执行依据撤销', 'REVOKED'],
    ['不予执行', 'REVOKED'],
    ['信用修复', 'CREDIT_REPAIR'],
    ['终结执行', 'OTHER'],
  ])('removal reason %s → %s', (text, reason) => {
    expect(removalReasonOf(text)).toBe(reason);
  });
});

describe('legacy models', () => {
  it('reads an enforcement case: amount string, empty closing date', () => {
    expect(parse(zx)).toEqual({
      type: 'ENFORCEMENT_CASE',
      caseNumber: '(2023)京0105执5号',
      court: '北京市朝阳区人民法院',
      filedOn: '2023-02-01',
      amountYuan: 120000.5,
      closedOn: null,
      legalRepresentative: null,
    });
  });

  it.each([
    ['an unknown record kind', { ...zx, lx: 'ZB' }],
    ['a 失信 entry without publication date', sx({ fbsj: null })],
    ['a date in another format', sx({ fbsj: '2024/03/05' })],
    ['an amount that is not a number', { ...zx, zxbd: '十二万' }],
    ['an unknown objection code', sx({ yyzt: '9' })],
    ['an empty case number', sx({ ah: ' ' })],
  ])('rejects %s', (_, raw) => {
    expect(courtsRecordModel.safeParse(raw).success).toBe(false);
  });

  it('rejects a page without its list', () => {
    expect(courtsPageModel.safeParse({ success: true, total: 1, pageNo: 1, pageSize: 20 }).success).toBe(false);
  });
});

describe('judicialRecordOf', () => {
  const asOf = '2025-06-15T04:00:00.000Z';

  it('found: findings, enforcement cases and 失信 details', () => {
    const r = judicialRecordOf({ kind: 'found', asOf, record: [parse(sx({ pbrq: '2025-01-02', pbyy: '已履行' })), parse(zx)] }, TODAY);
    expect(r.source).toMatchObject({ department: 'COURTS', status: 'OK', found: true, asOf });
    expect(r.findings).toHaveLength(1);
    expect(r.enforcementCases).toEqual([
      { caseNumber: '(2023)京0105执5号', court: '北京市朝阳区人民法院', filedOn: '2023-02-01', amountYuan: 120000.5, closedOn: null },
    ]);
    expect(r.dishonestDebtorEntries).toEqual([
      {
        caseNumber: '(2024)京0105执1234号',
        court: '北京市朝阳区人民法院',
        filedOn: '2024-01-15',
        publishedOn: '2024-03-05',
        publicUntil: '2026-03-05',
        enforcementBasis: null,
        obligation: '支付货款',
        performance: '全部未履行',
        circumstances: '有履行能力而拒不履行',
        legalRepresentative: '张三',
        removedOn: '2025-01-02',
        removalReason: 'PERFORMED',
        removalReasonText: '已履行',
        underObjection: false,
        status: 'REMOVED',
      },
    ]);
  });

  it('missing: OK, not found, nothing', () => {
    expect(judicialRecordOf({ kind: 'missing', asOf }, TODAY)).toEqual({
      source: { department: 'COURTS', status: 'OK', asOf, found: false, fromCache: false, stale: false, message: null },
      findings: [],
      enforcementCases: [],
      dishonestDebtorEntries: [],
    });
  });

  it.each([
    [new LegacyRateLimitedError('courts legacy system rate limit reached', 1000), 'RATE_LIMITED'],
    [new LegacyUnavailableError('courts legacy system could not be reached'), 'UNAVAILABLE'],
  ])('failed (%s): the state, found null, nothing', (error, status) => {
    const r = judicialRecordOf({ kind: 'failed', error }, TODAY);
    expect(r).toEqual({
      source: { department: 'COURTS', status, asOf: null, found: null, fromCache: false, stale: false, message: error.message },
      findings: [],
      enforcementCases: [],
      dishonestDebtorEntries: [],
    });
  });
});
