import { describe, expect, it } from 'vitest';
import { LegacyTimeoutError, type PenaltyDetail } from '../shared/index.js';
import { maskIdNumber } from './id-mask.js';
import { isRepairReason, parseRegistrationStatus, type LegacyListing, type LegacyPenalty, type MarketLegacyRecord } from './legacy-models.js';
import { findingsOf, listingFinding, marketRecordOf, penaltyFinding, penaltyOf } from './normalize.js';

const TODAY = '2025-06-15';

const listing = (o: Partial<LegacyListing> = {}): LegacyListing => ({
  reference: '武东市监异列〔2025〕12号',
  listedOn: '2025-03-01',
  reason: '未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告',
  authority: '武汉东湖新技术开发区市场监督管理局',
  publicUntil: null,
  removedOn: null,
  removalReason: null,
  repaired: false,
  underObjection: false,
  ...o,
});

const penalty = (o: Partial<LegacyPenalty> = {}): LegacyPenalty => ({
  reference: '武东市监处罚〔2024〕118号',
  penaltyType: '罚款',
  fineYuan: 5000,
  decidedOn: '2024-09-10',
  authority: '武汉东湖新技术开发区市场监督管理局',
  reason: '销售不符合食品安全标准的食品',
  publicUntil: '2025-09-09',
  severe: false,
  stoppedOn: null,
  repaired: false,
  underObjection: false,
  ...o,
});

describe('listing entries → findings', () => {
  it.each([
    ['ABNORMAL_OPERATIONS', 'listed, no removal', {}, 'ACTIVE'],
    ['ABNORMAL_OPERATIONS', 'cured (补报年报)', { removedOn: '2025-05-01', removalReason: '补报未报年份的年度报告并公示，申请移出' }, 'REMOVED'],
    ['ABNORMAL_OPERATIONS', 'credit repair', { removedOn: '2025-05-01', repaired: true }, 'REPAIRED'],
    ['ABNORMAL_OPERATIONS', 'removal dated after today', { removedOn: '2025-06-16' }, 'ACTIVE'],
    ['SERIOUS_ILLEGAL_DISHONEST', 'inside its 3 years', { publicUntil: '2027-07-31' }, 'ACTIVE'],
    ['SERIOUS_ILLEGAL_DISHONEST', 'publicity ends today', { publicUntil: TODAY }, 'ACTIVE'],
    ['SERIOUS_ILLEGAL_DISHONEST', 'publicity ended yesterday', { publicUntil: '2025-06-14' }, 'EXPIRED'],
    ['SERIOUS_ILLEGAL_DISHONEST', 'revoked before expiry', { publicUntil: '2025-02-09', removedOn: '2022-06-30' }, 'REMOVED'],
    ['SERIOUS_ILLEGAL_DISHONEST', 'repaired early', { publicUntil: '2027-07-31', removedOn: '2025-01-01', repaired: true }, 'REPAIRED'],
  ] as const)('%s %s → %s', (kind, _label, o, status) => {
    const f = listingFinding(kind, listing(o), TODAY);
    expect(f.kind).toBe(kind);
    expect(f.status).toBe(status);
    expect(f.id).toBe(`MARKET:${kind}:武东市监异列〔2025〕12号`);
    expect(f.department).toBe('MARKET_REGULATION');
  });

  it('carries dates, reference, authority, reason and the objection flag', () => {
    expect(listingFinding('ABNORMAL_OPERATIONS', listing({ underObjection: true, removedOn: null }), TODAY)).toEqual({
      id: 'MARKET:ABNORMAL_OPERATIONS:武东市监异列〔2025〕12号',
      department: 'MARKET_REGULATION',
      kind: 'ABNORMAL_OPERATIONS',
      status: 'ACTIVE',
      listedOn: '2025-03-01',
      removedOn: null,
      publicUntil: null,
      reference: '武东市监异列〔2025〕12号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告',
      underObjection: true,
      penalty: null,
    });
  });
});

describe('penalties → findings', () => {
  it.each([
    ['general fine in its window', {}, 'ADMINISTRATIVE_PENALTY', 'ACTIVE'],
    ['severe penalty', { severe: true, publicUntil: '2028-01-19' }, 'SEVERE_ADMINISTRATIVE_PENALTY', 'ACTIVE'],
    ['publicity stopped by credit repair', { stoppedOn: '2025-02-01', repaired: true }, 'ADMINISTRATIVE_PENALTY', 'REPAIRED'],
    ['severe, decision revoked', { severe: true, stoppedOn: '2025-02-01' }, 'SEVERE_ADMINISTRATIVE_PENALTY', 'REMOVED'],
    ['publicity window passed', { publicUntil: '2021-06-01' }, 'ADMINISTRATIVE_PENALTY', 'EXPIRED'],
    ['no publicity end given', { publicUntil: null, decidedOn: '2010-01-01' }, 'ADMINISTRATIVE_PENALTY', 'ACTIVE'],
  ] as const)('%s → %s %s', (_label, o, kind, status) => {
    const p = penalty(o);
    const f = penaltyFinding(p, TODAY);
    expect(f.kind).toBe(kind);
    expect(f.status).toBe(status);
    expect(f.id).toBe(`MARKET:${kind}:武东市监处罚〔2024〕118号`);
    expect(f.listedOn).toBe(p.decidedOn);
    expect(f.removedOn).toBe(p.stoppedOn);
    expect(penaltyOf(p, TODAY).status).toBe(status);
  });

  it('carries the decision date, kinds and fine as the penalty detail', () => {
    expect(penaltyFinding(penalty(), TODAY)).toEqual({
      id: 'MARKET:ADMINISTRATIVE_PENALTY:武东市监处罚〔2024〕118号',
      department: 'MARKET_REGULATION',
      kind: 'ADMINISTRATIVE_PENALTY',
      status: 'ACTIVE',
      listedOn: '2024-09-10',
      removedOn: null,
      publicUntil: '2025-09-09',
      reference: '武东市监处罚〔2024〕118号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '销售不符合食品安全标准的食品',
      underObjection: false,
      penalty: { decidedOn: '2024-09-10', penaltyType: '罚款', categories: ['FINE'], fineYuan: 5000 },
    });
  });

  it.each<[string, Partial<LegacyPenalty>, PenaltyDetail]>([
    [
      'production suspended with a fine of 2,000,000 yuan (政府采购法实施条例 第十九条)',
      { severe: true, decidedOn: '2023-11-02', penaltyType: '责令停产停业；罚款；没收违法所得', fineYuan: 2_000_000 },
      {
        decidedOn: '2023-11-02',
        penaltyType: '责令停产停业；罚款；没收违法所得',
        categories: ['PRODUCTION_SUSPENDED', 'FINE', 'CONFISCATION'],
        fineYuan: 2_000_000,
      },
    ],
    [
      'licence revoked, no fine',
      { severe: true, penaltyType: '吊销营业执照', fineYuan: null },
      { decidedOn: '2024-09-10', penaltyType: '吊销营业执照', categories: ['LICENCE_REVOKED'], fineYuan: null },
    ],
    [
      'warning, half-width separator as the platform sometimes writes it',
      { penaltyType: '警告;罚款', fineYuan: 1500.5 },
      { decidedOn: '2024-09-10', penaltyType: '警告;罚款', categories: ['WARNING', 'FINE'], fineYuan: 1500.5 },
    ],
  ])('%s', (_label, o, detail) => {
    expect(penaltyFinding(penalty(o), TODAY).penalty).toEqual(detail);
  });

  it('exposes the penalty itself with the same status', () => {
    expect(penaltyOf(penalty({ underObjection: true }), TODAY)).toEqual({
      reference: '武东市监处罚〔2024〕118号',
      penaltyType: '罚款',
      fineYuan: 5000,
      severe: false,
      decidedOn: '2024-09-10',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '销售不符合食品安全标准的食品',
      status: 'ACTIVE',
      publicUntil: '2025-09-09',
      removedOn: null,
      underObjection: true,
    });
  });
});

describe('whole record', () => {
  const record: MarketLegacyRecord = {
    uscc: '91420100MA4K00010R',
    registration: {
      name: '武汉繁星商贸有限公司',
      status: 'OPERATING',
      companyType: null,
      establishedOn: '2016-03-08',
      closedOn: null,
      address: null,
      registeredCapitalWan: 500,
      businessScope: null,
      authority: null,
      legalRepresentative: { name: '李娜', idNumber: '42010619850615002X', idNumberMasked: '420106********002X' },
    },
    penalties: [penalty()],
    abnormalOperations: [listing()],
    seriousIllegal: [listing({ reference: '鄂市监严列〔2024〕5号' })],
  };

  it('lists abnormal operations, serious illegal and penalties in that order', () => {
    expect(findingsOf(record, TODAY).map((f) => f.kind)).toEqual(['ABNORMAL_OPERATIONS', 'SERIOUS_ILLEGAL_DISHONEST', 'ADMINISTRATIVE_PENALTY']);
  });

  it('only the penalty finding carries a penalty detail', () => {
    expect(findingsOf(record, TODAY).map((f) => f.penalty?.categories ?? null)).toEqual([null, null, ['FINE']]);
  });

  it('a found record has registration, penalties and findings', () => {
    const r = marketRecordOf({ kind: 'found', record, asOf: '2025-06-15T04:00:00.000Z' }, TODAY);
    expect(r.source).toMatchObject({ status: 'OK', found: true, asOf: '2025-06-15T04:00:00.000Z' });
    expect(r.registration?.legalRepresentative).toEqual({ name: '李娜', idNumber: '42010619850615002X', idNumberMasked: '420106********002X' });
    expect(r.penalties).toHaveLength(1);
    expect(r.findings).toHaveLength(3);
  });

  it('a missing record is OK, not found, and empty', () => {
    expect(marketRecordOf({ kind: 'missing', asOf: '2025-06-15T04:00:00.000Z' }, TODAY)).toEqual({
      source: {
        department: 'MARKET_REGULATION',
        status: 'OK',
        asOf: '2025-06-15T04:00:00.000Z',
        found: false,
        fromCache: false,
        stale: false,
        message: null,
      },
      registration: null,
      penalties: [],
      findings: [],
    });
  });

  it('a failed lookup says why and holds nothing', () => {
    const r = marketRecordOf({ kind: 'failed', error: new LegacyTimeoutError('market regulation system did not answer in time') }, TODAY);
    expect(r).toEqual({
      source: {
        department: 'MARKET_REGULATION',
        status: 'TIMEOUT',
        asOf: null,
        found: null,
        fromCache: false,
        stale: false,
        message: 'market regulation system did not answer in time',
      },
      registration: null,
      penalties: [],
      findings: [],
    });
  });
});

describe('legacy text', () => {
  it.each([
    ['存续（在营、开业、在册）', 'OPERATING'],
    ['存续', 'OPERATING'],
    ['在营（开业）企业', 'OPERATING'],
    ['开业', 'OPERATING'],
    ['注销', 'DEREGISTERED'],
    ['已注销', 'DEREGISTERED'],
    ['吊销，已注销', 'DEREGISTERED'],
    ['吊销，未注销', 'REVOKED'],
    ['吊销', 'REVOKED'],
    [' 吊销, 未注销 ', 'REVOKED'],
    ['迁出', null],
    ['', null],
  ] as const)('登记状态 %j → %s', (text, status) => {
    expect(parseRegistrationStatus(text)).toBe(status);
  });

  it.each([
    ['依照《市场监督管理信用修复管理办法》第五条规定，经信用修复移出经营异常名录', true],
    ['信用修复', true],
    ['依照《企业经营异常名录管理暂行办法》第十一条规定，补报未报年份的年度报告并公示，申请移出', false],
    ['已履行相关义务，申请移出', false],
    ['经异议核实，撤销列入经营异常名录决定', false],
    [null, false],
  ] as const)('移出原因 %j → repaired %s', (reason, repaired) => {
    expect(isRepairReason(reason)).toBe(repaired);
  });

  it.each([
    ['420502198001011234', '420502********1234'],
    ['42010619850615002x', '420106********002X'],
    [' 420502198001011234 ', '420502********1234'],
    ['420502800101123', '************123'],
    ['E1234567', '********'],
    ['', null],
    [null, null],
  ] as const)('ID %j is masked as %j', (raw, masked) => {
    expect(maskIdNumber(raw)).toBe(masked);
  });
});
