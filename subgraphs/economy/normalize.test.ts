import { describe, expect, it } from 'vitest';
import type { CreditFinding } from '../shared/index.js';
import type { PlatformCommitment, PlatformHonor, PlatformSafetyEntry } from './legacy-models.js';
import { COMMITMENT_AUTHORITY, commitmentFindings, honorFinding, normalizeEconomyRecord, safetyFinding } from './normalize.js';

const TODAY = '2024-06-15';

const honor = (over: Partial<PlatformHonor>): PlatformHonor => ({
  title: '诚信示范企业',
  year: 2023,
  authority: '广东省工业和信息化厅',
  awardedOn: '2023-03-15',
  validUntil: '2026-03-14',
  ...over,
});

const safety = (over: Partial<PlatformSafetyEntry>): PlatformSafetyEntry => ({
  reference: '粤工信民爆失信〔2024〕3号',
  authority: '广东省工业和信息化厅',
  conduct: '民用爆炸物品超量储存',
  listedOn: '2024-01-10',
  publicUntil: '2027-01-09',
  removal: null,
  underObjection: false,
  ...over,
});

const commitment = (over: Partial<PlatformCommitment>): PlatformCommitment => ({
  reference: 'XYCN-2022-0318',
  matter: '技术改造专项资金申报信用承诺',
  madeOn: '2022-06-20',
  status: 'BREACHED',
  checkedOn: '2023-01-16',
  ...over,
});

type Expect = Pick<CreditFinding, 'kind' | 'status' | 'listedOn' | 'removedOn' | 'publicUntil'>;

describe('honours → HONOR', () => {
  it.each<[string, Partial<PlatformHonor>, Expect]>([
    ['in force', {}, { kind: 'HONOR', status: 'ACTIVE', listedOn: '2023-03-15', removedOn: null, publicUntil: '2026-03-14' }],
    ['last day in force', { validUntil: TODAY }, { kind: 'HONOR', status: 'ACTIVE', listedOn: '2023-03-15', removedOn: null, publicUntil: TODAY }],
    [
      'lapsed',
      { validUntil: '2024-06-14' },
      { kind: 'HONOR', status: 'EXPIRED', listedOn: '2023-03-15', removedOn: null, publicUntil: '2024-06-14' },
    ],
    ['does not lapse (长期)', { validUntil: null }, { kind: 'HONOR', status: 'ACTIVE', listedOn: '2023-03-15', removedOn: null, publicUntil: null }],
  ])('%s', (_label, over, expected) => {
    expect(honorFinding(honor(over), TODAY)).toMatchObject(expected);
  });

  it('names the honour by title and year', () => {
    expect(honorFinding(honor({ title: '专精特新“小巨人”企业', year: 2020 }), TODAY)).toEqual({
      id: 'ECONOMY_IT:HONOR:专精特新“小巨人”企业（2020年度）',
      department: 'ECONOMY_IT',
      kind: 'HONOR',
      status: 'ACTIVE',
      listedOn: '2023-03-15',
      removedOn: null,
      publicUntil: '2026-03-14',
      reference: '专精特新“小巨人”企业（2020年度）',
      authority: '广东省工业和信息化厅',
      reason: '专精特新“小巨人”企业',
      underObjection: false,
      penalty: null,
    });
  });
});

describe('safety-production dishonesty → SAFETY_PRODUCTION_DISHONEST', () => {
  const K = 'SAFETY_PRODUCTION_DISHONEST' as const;
  it.each<[string, Partial<PlatformSafetyEntry>, Expect]>([
    ['listed', {}, { kind: K, status: 'ACTIVE', listedOn: '2024-01-10', removedOn: null, publicUntil: '2027-01-09' }],
    ['listed without a window', { publicUntil: null }, { kind: K, status: 'ACTIVE', listedOn: '2024-01-10', removedOn: null, publicUntil: null }],
    [
      '信用修复',
      { removal: { on: '2024-05-20', reason: 'CREDIT_REPAIR' } },
      { kind: K, status: 'REPAIRED', listedOn: '2024-01-10', removedOn: '2024-05-20', publicUntil: '2027-01-09' },
    ],
    [
      '撤销',
      { removal: { on: '2024-02-01', reason: 'REVOKED' } },
      { kind: K, status: 'REMOVED', listedOn: '2024-01-10', removedOn: '2024-02-01', publicUntil: '2027-01-09' },
    ],
    [
      'other wording (整改到位)',
      { removal: { on: '2024-03-01', reason: 'OTHER' } },
      { kind: K, status: 'REMOVED', listedOn: '2024-01-10', removedOn: '2024-03-01', publicUntil: '2027-01-09' },
    ],
    [
      'removal dated after today',
      { removal: { on: '2024-07-01', reason: 'CREDIT_REPAIR' } },
      { kind: K, status: 'ACTIVE', listedOn: '2024-01-10', removedOn: '2024-07-01', publicUntil: '2027-01-09' },
    ],
    [
      '期满 (window ran out) is expiry, not removal',
      { listedOn: '2019-03-01', publicUntil: '2022-02-28', removal: { on: '2022-03-01', reason: 'PERIOD_ENDED' } },
      { kind: K, status: 'EXPIRED', listedOn: '2019-03-01', removedOn: null, publicUntil: '2022-02-28' },
    ],
    [
      '期满 without a window: the window ends the day before',
      { listedOn: '2019-03-01', publicUntil: null, removal: { on: '2022-03-01', reason: 'PERIOD_ENDED' } },
      { kind: K, status: 'EXPIRED', listedOn: '2019-03-01', removedOn: null, publicUntil: '2022-02-28' },
    ],
    [
      'window ended, no removal recorded',
      { listedOn: '2020-01-10', publicUntil: '2023-01-09' },
      { kind: K, status: 'EXPIRED', listedOn: '2020-01-10', removedOn: null, publicUntil: '2023-01-09' },
    ],
  ])('%s', (_label, over, expected) => {
    expect(safetyFinding(safety(over), TODAY)).toMatchObject(expected);
  });

  it('carries reference, authority, conduct and objection', () => {
    expect(safetyFinding(safety({ underObjection: true }), TODAY)).toEqual({
      id: 'ECONOMY_IT:SAFETY_PRODUCTION_DISHONEST:粤工信民爆失信〔2024〕3号',
      department: 'ECONOMY_IT',
      kind: K,
      status: 'ACTIVE',
      listedOn: '2024-01-10',
      removedOn: null,
      publicUntil: '2027-01-09',
      reference: '粤工信民爆失信〔2024〕3号',
      authority: '广东省工业和信息化厅',
      reason: '民用爆炸物品超量储存',
      underObjection: true,
      penalty: null,
    });
  });
});

describe('commitments → CREDIT_COMMITMENT_BREACH', () => {
  it.each<[string, Partial<PlatformCommitment>, Expect[]]>([
    ['kept', { status: 'FULFILLED' }, []],
    ['pending', { status: 'PENDING', checkedOn: null }, []],
    [
      'broken, dated by the check',
      {},
      [{ kind: 'CREDIT_COMMITMENT_BREACH', status: 'ACTIVE', listedOn: '2023-01-16', removedOn: null, publicUntil: null }],
    ],
    [
      'broken, not checked: dated by the commitment',
      { checkedOn: null },
      [{ kind: 'CREDIT_COMMITMENT_BREACH', status: 'ACTIVE', listedOn: '2022-06-20', removedOn: null, publicUntil: null }],
    ],
  ])('%s', (_label, over, expected) => {
    const found = commitmentFindings(commitment(over), TODAY);
    expect(found).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(found[i]).toMatchObject(e));
  });

  it('names the commitment and the accepting authority', () => {
    expect(commitmentFindings(commitment({}), TODAY)[0]).toMatchObject({
      id: 'ECONOMY_IT:CREDIT_COMMITMENT_BREACH:XYCN-2022-0318',
      reference: 'XYCN-2022-0318',
      authority: COMMITMENT_AUTHORITY,
      reason: '技术改造专项资金申报信用承诺',
      underObjection: false,
      penalty: null,
    });
  });
});

describe('normalizeEconomyRecord', () => {
  it('keeps the sections and lists findings by kind: honours, safety, breaches', () => {
    const out = normalizeEconomyRecord(
      {
        uscc: '91440300MA5G00019N',
        honors: [honor({})],
        safetyDishonesty: [safety({})],
        commitments: [commitment({ status: 'FULFILLED' }), commitment({ reference: 'XYCN-2', status: 'BREACHED' })],
      },
      TODAY,
    );
    expect(out.honors).toEqual([honor({})]);
    expect(out.commitments.map((c) => c.status)).toEqual(['FULFILLED', 'BREACHED']);
    expect(out.findings.map((f) => [f.kind, f.reference])).toEqual([
      ['HONOR', '诚信示范企业（2023年度）'],
      ['SAFETY_PRODUCTION_DISHONEST', '粤工信民爆失信〔2024〕3号'],
      ['CREDIT_COMMITMENT_BREACH', 'XYCN-2'],
    ]);
  });
});
