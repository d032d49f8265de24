import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEnvironmentSimulator } from '../../legacy/environment/index.js';
import {
  fixtureDataset,
  manyCodes,
  NAME_GREEN,
  NAME_RED,
  SEVERE_PENALTY,
  USCC_GREEN,
  USCC_NO_ENV,
  USCC_NOTHING,
  USCC_RED,
  USCC_UNKNOWN,
} from '../../test/fixtures/legacy/environment.js';
import type { Simulator } from '../../legacy/sim/index.js';
import {
  createLegacySystem,
  createSubgraphMetrics,
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyTimeoutError,
  LegacyUnavailableError,
} from '../shared/index.js';
import { createEnvironmentLegacyClient, type EnvironmentLegacyClient } from './legacy-client.js';

const KEY = 'environment-dev-key';
let sim: Simulator;
let url: string;
const legacy = createLegacySystem({
  name: 'environment legacy system',
  url: 'http://127.0.0.1',
  metrics: createSubgraphMetrics(),
  connectTimeoutMs: 500,
  headersTimeoutMs: 2000,
  bodyTimeoutMs: 2000,
});

const client = (o: { key?: string; timeoutMs?: number; batchSize?: number } = {}): EnvironmentLegacyClient =>
  createEnvironmentLegacyClient({ url, key: o.key ?? KEY, batchSize: o.batchSize ?? 200, timeoutMs: o.timeoutMs ?? 2000, legacy });

beforeAll(async () => {
  sim = createEnvironmentSimulator({ dataset: fixtureDataset(), jitter: 0 });
  url = await sim.listen(0);
});
afterAll(async () => {
  await sim.close();
  await legacy.close();
});
beforeEach(() => {
  sim.setFault('none');
  sim.resetStats();
});

describe('environment legacy client: reading the export', () => {
  it('parses names with commas and quotes, ratings and every kind of penalty', async () => {
    const found = await client().fetch([USCC_GREEN, USCC_RED, USCC_NOTHING, USCC_UNKNOWN, USCC_NO_ENV]);
    expect([...found.keys()].sort()).toEqual([USCC_GREEN, USCC_RED, USCC_NOTHING].sort());

    expect(found.get(USCC_GREEN)).toEqual({
      uscc: USCC_GREEN,
      name: NAME_GREEN,
      ratings: [
        { year: 2023, level: 'GREEN', authority: '江苏省生态环境厅', ratedOn: '2024-03-05' },
        { year: 2024, level: 'GREEN', authority: '江苏省生态环境厅', ratedOn: '2025-03-20' },
      ],
      penalties: [],
    });
    expect(found.get(USCC_NOTHING)).toEqual({ uscc: USCC_NOTHING, name: '南京栖霞物流有限公司', ratings: [], penalties: [] });

    const red = found.get(USCC_RED)!;
    expect(red.name).toBe(NAME_RED);
    expect(red.ratings).toEqual([{ year: 2024, level: 'RED', authority: '江苏省生态环境厅', ratedOn: '2025-01-10' }]);
    expect(red.penalties).toEqual([
      {
        reference: '宁环罚〔2023〕41号',
        penaltyType: '罚款',
        fineYuan: 200000,
        facts: '未按规定安装大气污染物排放自动监测设备',
        decidedOn: '2023-06-01',
        publicUntil: '2026-05-31',
        authority: '南京市生态环境局',
        removal: 'REPAIRED',
        removedOn: '2024-07-15',
        underObjection: false,
        severe: false,
      },
      {
        reference: SEVERE_PENALTY.reference,
        penaltyType: '责令停产整治',
        fineYuan: 1250000.5,
        facts: SEVERE_PENALTY.reason,
        decidedOn: '2025-01-20',
        publicUntil: '2028-01-19',
        authority: '南京市生态环境局',
        removal: null,
        removedOn: null,
        underObjection: true,
        severe: true,
      },
      {
        reference: '苏环罚〔2024〕3号',
        penaltyType: '罚款',
        fineYuan: 50000,
        facts: '危险废物贮存场所未设置识别标志',
        decidedOn: '2024-02-02',
        publicUntil: '2027-02-01',
        authority: '江苏省生态环境厅',
        removal: 'REVOKED',
        removedOn: '2024-09-30',
        underObjection: false,
        severe: false,
      },
      {
        reference: '宁环罚〔2021〕7号',
        penaltyType: '警告',
        fineYuan: null,
        facts: '未及时公开环境信息',
        decidedOn: '2021-03-05',
        publicUntil: '2024-03-04',
        authority: '南京市生态环境局',
        removal: null,
        removedOn: null,
        underObjection: false,
        severe: false,
      },
    ]);
    expect(sim.stats()).toEqual({ calls: 1, codes: 5 });
  });

  it('splits 450 codes into exactly 3 calls of at most 200', async () => {
    const codes = [...manyCodes(449), USCC_RED];
    const found = await client().fetch(codes);
    expect(sim.stats()).toEqual({ calls: 3, codes: 450 });
    expect([...found.keys()]).toEqual([USCC_RED]);
  });

  it('asks once for duplicate codes', async () => {
    await client().fetch([USCC_RED, USCC_RED, USCC_GREEN, USCC_RED]);
    expect(sim.stats()).toEqual({ calls: 1, codes: 2 });
  });
});

describe('environment legacy client: faults become typed errors', () => {
  it.each([
    ['down', LegacyUnavailableError],
    ['error500', LegacyUnavailableError],
    ['ratelimit', LegacyRateLimitedError],
  ] as const)('%s → %s', async (fault, errorClass) => {
    sim.setFault(fault);
    await expect(client().fetch([USCC_RED])).rejects.toBeInstanceOf(errorClass);
  });

  it('ratelimit carries Retry-After', async () => {
    sim.setFault('ratelimit');
    const err = await client()
      .fetch([USCC_RED])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LegacyRateLimitedError);
    expect((err as LegacyRateLimitedError).retryAfterMs).toBe(1000);
  });

  it('hang → LegacyTimeoutError within the configured timeout', async () => {
    sim.setFault('hang');
    const started = Date.now();
    await expect(client({ timeoutMs: 200 }).fetch([USCC_RED])).rejects.toBeInstanceOf(LegacyTimeoutError);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('each malformed export (wrong header, cut off, not GBK) → LegacyBadResponseError without the body', async () => {
    sim.setFault('malformed');
    for (let i = 0; i < 3; i++) {
      const err = await client()
        .fetch([USCC_RED])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LegacyBadResponseError);
      expect((err as Error).message).toBe('environment credit platform sent an export that could not be read');
    }
    expect(sim.stats().calls).toBe(3);
  });

  it('a wrong key (HTTP 403) → LegacyBadResponseError', async () => {
    const err = await client({ key: 'stolen' })
      .fetch([USCC_RED])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LegacyBadResponseError);
    expect((err as Error).message).toBe('environment legacy system answered HTTP 403');
  });

  it('a batch size above the platform limit (HTTP 400) → LegacyBadResponseError', async () => {
    await expect(client({ batchSize: 300 }).fetch(manyCodes(250))).rejects.toBeInstanceOf(LegacyBadResponseError);
  });
});
