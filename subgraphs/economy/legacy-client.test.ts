import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { ABSENT_USCC, CLEAN_USCC, economyFixtureDataset, RICH_USCC, UNKNOWN_USCC } from '../../test/fixtures/legacy/economy.js';
import { createEconomySimulator } from '../../legacy/economy/index.js';
import type { Simulator } from '../../legacy/sim/index.js';
import {
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyTimeoutError,
  LegacyUnavailableError,
  type DepartmentConfig,
  type LegacySystem,
  legacySystemFor,
  createSubgraphMetrics,
} from '../shared/index.js';
import { createEconomyLegacyClient, parseBatchAnswer, type EconomyLegacyClient } from './legacy-client.js';
import type { PlatformRecord } from './legacy-models.js';

/** What the platform holds for RICH_USCC, read back into the neutral model. */
const RICH_RECORD: PlatformRecord = {
  uscc: RICH_USCC,
  honors: [
    { title: '诚信示范企业', year: 2023, authority: '广东省工业和信息化厅', awardedOn: '2023-03-15', validUntil: '2026-03-14' },
    { title: '专精特新“小巨人”企业', year: 2020, authority: '工业和信息化部', awardedOn: '2020-12-01', validUntil: '2023-11-30' },
    { title: '守合同重信用企业', year: 2022, authority: '深圳市工业和信息化局', awardedOn: '2022-05-09', validUntil: null },
  ],
  safetyDishonesty: [
    {
      reference: '粤工信民爆失信〔2024〕3号',
      authority: '广东省工业和信息化厅',
      conduct: '民用爆炸物品超量储存，责令整改后拒不整改',
      listedOn: '2024-01-10',
      publicUntil: '2027-01-09',
      removal: null,
      underObjection: true,
    },
    {
      reference: '粤工信民爆失信〔2022〕7号',
      authority: '广东省工业和信息化厅',
      conduct: '未按规定登记民用爆炸物品流向信息',
      listedOn: '2022-04-01',
      publicUntil: '2025-03-31',
      removal: { on: '2023-05-20', reason: 'CREDIT_REPAIR' },
      underObjection: false,
    },
    {
      reference: '深工信危化失信〔2019〕2号',
      authority: '深圳市工业和信息化局',
      conduct: '危险化学品生产装置未经安全评价擅自投产',
      listedOn: '2019-03-01',
      publicUntil: '2022-02-28',
      removal: { on: '2022-03-01', reason: 'PERIOD_ENDED' },
      underObjection: false,
    },
    {
      reference: '深工信危化失信〔2023〕5号',
      authority: '深圳市工业和信息化局',
      conduct: '危险化学品储存场所安全距离不足',
      listedOn: '2023-08-01',
      publicUntil: '2026-07-31',
      removal: { on: '2023-10-12', reason: 'REVOKED' },
      underObjection: false,
    },
  ],
  commitments: [
    { reference: 'XYCN-2023-0001', matter: '民用爆炸物品生产许可告知承诺', madeOn: '2023-02-01', status: 'FULFILLED', checkedOn: '2023-08-01' },
    { reference: 'XYCN-2024-0102', matter: '危险化学品安全生产许可容缺受理承诺', madeOn: '2024-03-05', status: 'PENDING', checkedOn: null },
    {
      reference: 'XYCN-2022-0318',
      matter: '工业企业技术改造专项资金申报信用承诺',
      madeOn: '2022-06-20',
      status: 'BREACHED',
      checkedOn: '2023-01-16',
    },
    { reference: 'XYCN-2021-0042', matter: '涉企统计数据填报真实性承诺', madeOn: '2021-09-03', status: 'BREACHED', checkedOn: null },
  ],
};

/** `n` valid codes the platform does not know. */
const strangers = (n: number) => Array.from({ length: n }, (_, i) => buildUscc('9', '1', '110000', `MC${String(i).padStart(6, '0')}`));

describe('economy & IT legacy client against its simulator', () => {
  let sim: Simulator;
  let url: string;
  const systems: LegacySystem[] = [];

  const client = (overrides: Partial<DepartmentConfig['legacy']> = {}): EconomyLegacyClient => {
    const legacy = {
      url,
      key: 'economy-dev-key',
      batchSize: 100,
      timeoutMs: 2000,
      connectTimeoutMs: 500,
      connections: 8,
      breakerThreshold: 1_000_000,
      breakerHalfOpenMs: 5000,
      ...overrides,
    };
    const system = legacySystemFor(legacy, { name: 'economy legacy system', metrics: createSubgraphMetrics() });
    systems.push(system);
    return createEconomyLegacyClient(legacy, system);
  };

  beforeAll(async () => {
    sim = createEconomySimulator({ dataset: economyFixtureDataset(), malformedStyle: 'alternate' });
    url = await sim.listen(0);
  });
  afterAll(async () => {
    await Promise.all(systems.map((s) => s.close()));
    await sim.close();
  });
  afterEach(() => {
    sim.setFault('none');
    sim.resetStats();
  });

  it('reads the records, with found and not-found codes told apart', async () => {
    const found = await client().fetchRecords([RICH_USCC, CLEAN_USCC, UNKNOWN_USCC, ABSENT_USCC]);
    expect([...found.keys()]).toEqual([RICH_USCC, CLEAN_USCC]);
    expect(found.get(RICH_USCC)).toEqual(RICH_RECORD);
    expect(found.get(CLEAN_USCC)).toEqual({ uscc: CLEAN_USCC, honors: [], safetyDishonesty: [], commitments: [] });
    expect(sim.stats()).toEqual({ calls: 1, codes: 4 });
  });

  it('splits 250 codes into exactly 3 calls; duplicates cost nothing', async () => {
    const codes = [RICH_USCC, CLEAN_USCC, ...strangers(248)];
    const found = await client().fetchRecords([...codes, ...codes.slice(0, 30), RICH_USCC]);
    expect([...found.keys()].sort()).toEqual([RICH_USCC, CLEAN_USCC].sort());
    expect(sim.stats()).toEqual({ calls: 3, codes: 250 });
  });

  it('sends nothing for an empty list', async () => {
    expect((await client().fetchRecords([])).size).toBe(0);
    expect(sim.stats().calls).toBe(0);
  });

  it('treats resultCode 401 (wrong key, HTTP 200) as a failure', async () => {
    const attempt = client({ key: 'wrong-key' }).fetchRecords([RICH_USCC]);
    await expect(attempt).rejects.toBeInstanceOf(LegacyBadResponseError);
    await expect(attempt).rejects.toThrow('rejected the application key (resultCode 401)');
  });

  it('treats resultCode 413 (batch above the platform limit, HTTP 200) as a failure', async () => {
    const attempt = client({ batchSize: 150 }).fetchRecords(strangers(150));
    await expect(attempt).rejects.toBeInstanceOf(LegacyBadResponseError);
    await expect(attempt).rejects.toThrow('resultCode 413');
    expect(sim.stats()).toEqual({ calls: 1, codes: 150 });
  });

  it.each([
    ['down', LegacyUnavailableError],
    ['error500', LegacyUnavailableError],
    ['hang', LegacyTimeoutError],
    ['ratelimit', LegacyRateLimitedError],
  ] as const)('fault %s → %o', async (fault, errorClass) => {
    sim.setFault(fault);
    const c = fault === 'hang' ? client({ timeoutMs: 300 }) : client();
    await expect(c.fetchRecords([RICH_USCC])).rejects.toBeInstanceOf(errorClass);
  });

  it('reads Retry-After on HTTP 429', async () => {
    sim.setFault('ratelimit');
    await expect(client().fetchRecords([RICH_USCC])).rejects.toMatchObject({ code: 'LEGACY_RATE_LIMITED', retryAfterMs: 1000 });
  });

  it('fault malformed (truncated JSON, then Chinese-numeral dates) → bad response, body and URL kept out', async () => {
    sim.setFault('malformed');
    const c = client();
    for (const expected of ['not JSON', 'does not match its protocol']) {
      const err = await c.fetchRecords([RICH_USCC]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LegacyBadResponseError);
      expect((err as Error).message).toContain(expected);
      expect((err as Error).message).not.toContain('127.0.0.1');
      expect((err as Error).message).not.toContain('二〇');
    }
  });
});

describe('parseBatchAnswer', () => {
  const ok = (data: unknown) => JSON.stringify({ resultCode: '200', resultMsg: '查询成功', resultData: data });

  it.each([
    ['resultCode 500 in HTTP 200', JSON.stringify({ resultCode: '500', resultMsg: '系统异常', resultData: null }), 'LEGACY_UNAVAILABLE'],
    ['resultCode 429 in HTTP 200', JSON.stringify({ resultCode: '429', resultMsg: '访问过于频繁', resultData: null }), 'LEGACY_RATE_LIMITED'],
    ['resultCode 400', JSON.stringify({ resultCode: '400', resultMsg: '参数错误', resultData: null }), 'LEGACY_BAD_RESPONSE'],
    ['numeric resultCode 401', JSON.stringify({ resultCode: 401, resultMsg: '密钥错误' }), 'LEGACY_BAD_RESPONSE'],
    ['no envelope', JSON.stringify({ items: [] }), 'LEGACY_BAD_RESPONSE'],
    ['a code left unanswered', ok({ items: [], notFound: [] }), 'LEGACY_BAD_RESPONSE'],
    [
      'unknown 履约状态',
      ok({ items: [{ xydm: RICH_USCC, xycnList: [{ cnbh: 'X', cnsx: '', cnrq: '2023年01月01日', lyzt: '不明' }] }], notFound: [] }),
      'LEGACY_BAD_RESPONSE',
    ],
    [
      'removal reason without a date',
      ok({
        items: [
          {
            xydm: RICH_USCC,
            aqscsxList: [{ rdwh: 'W', rdjg: 'J', sxxw: '', rdrq: '2023年01月01日', gsjzrq: '', ycrq: '', ycyy: '信用修复', yyzt: '0' }],
          },
        ],
        notFound: [],
      }),
      'LEGACY_BAD_RESPONSE',
    ],
  ])('%s → %s', (_label, body, code) => {
    expect(() => parseBatchAnswer(body, [RICH_USCC])).toThrow(expect.objectContaining({ code }));
  });

  it('reads null lists as empty and ignores codes it was not asked about', () => {
    const found = parseBatchAnswer(
      ok({ items: [{ xydm: RICH_USCC, rychList: null, aqscsxList: null, xycnList: null }, { xydm: CLEAN_USCC }], notFound: null }),
      [RICH_USCC],
    );
    expect([...found.entries()]).toEqual([[RICH_USCC, { uscc: RICH_USCC, honors: [], safetyDishonesty: [], commitments: [] }]]);
  });
});
