import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../../legacy/dataset/in-memory.js';
import { createMarketSimulator } from '../../legacy/market/index.js';
import { bulkRecords, FIXTURE_RECORDS, FIXTURE_TODAY, USCC } from '../../test/fixtures/legacy/market.js';
import type { Simulator } from '../../legacy/sim/index.js';
import {
  createLegacySystem,
  createBatchLookupLoader,
  createSubgraphMetrics,
  type LegacySystem,
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyTimeoutError,
  LegacyUnavailableError,
  type LegacyError,
} from '../shared/index.js';
import { createMarketLegacyClient, type MarketLegacyClient } from './legacy-client.js';
import type { MarketLegacyRecord } from './legacy-models.js';
import { marketRecordOf } from './normalize.js';

const KEY = 'market-dev-key';
const BULK = bulkRecords(250);
const clock = () => new Date('2025-06-15T04:00:00Z');

let sim: Simulator;
let url: string;
const systems: LegacySystem[] = [];

function client(o: { key?: string; timeoutMs?: number; baseUrl?: string } = {}): MarketLegacyClient {
  const timeoutMs = o.timeoutMs ?? 2000;
  const legacy = createLegacySystem({
    name: 'market legacy system',
    url: 'http://127.0.0.1',
    metrics: createSubgraphMetrics(),
    connectTimeoutMs: 500,
    headersTimeoutMs: timeoutMs,
    bodyTimeoutMs: timeoutMs,
    connections: 8,
  });
  systems.push(legacy);
  return createMarketLegacyClient({ url: o.baseUrl ?? url, key: o.key ?? KEY, timeoutMs, legacy });
}

beforeAll(async () => {
  sim = createMarketSimulator({ dataset: datasetFromRecords([...FIXTURE_RECORDS, ...BULK], FIXTURE_TODAY) });
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

const BUSY_RECORD: MarketLegacyRecord = {
  uscc: USCC.busy,
  registration: {
    name: '武汉繁星商贸有限公司',
    status: 'OPERATING',
    companyType: '有限责任公司(自然人投资或控股)',
    establishedOn: '2016-03-08',
    closedOn: null,
    address: '湖北省武汉市东湖新技术开发区光谷大道77号',
    registeredCapitalWan: 1234.5,
    businessScope: '软件开发；信息技术咨询服务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）',
    authority: '武汉东湖新技术开发区市场监督管理局',
    legalRepresentative: { name: '李娜', idNumber: '42010619850615002X', idNumberMasked: '420106********002X' },
  },
  penalties: [
    {
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
    },
    {
      reference: '武市监处罚〔2025〕7号',
      penaltyType: '罚款;没收违法所得',
      fineYuan: 286543.21,
      decidedOn: '2025-01-20',
      authority: '武汉市市场监督管理局',
      reason: '生产销售不合格特种设备',
      publicUntil: '2028-01-19',
      severe: true,
      stoppedOn: null,
      repaired: false,
      underObjection: true,
    },
    {
      reference: '武东市监处罚〔2023〕56号',
      penaltyType: '罚款',
      fineYuan: 20000,
      decidedOn: '2023-05-04',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '未按规定明码标价',
      publicUntil: '2026-05-03',
      severe: false,
      stoppedOn: '2024-02-01',
      repaired: true,
      underObjection: false,
    },
    {
      reference: '武东市监处罚〔2021〕9号',
      penaltyType: '警告',
      fineYuan: null,
      decidedOn: '2021-03-01',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '未按规定公示营业执照',
      publicUntil: '2021-06-01',
      severe: false,
      stoppedOn: null,
      repaired: false,
      underObjection: false,
    },
  ],
  abnormalOperations: [
    {
      reference: '武东市监异列〔2022〕301号',
      listedOn: '2022-07-15',
      reason: '未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告',
      authority: '武汉东湖新技术开发区市场监督管理局',
      publicUntil: null,
      removedOn: '2022-11-02',
      removalReason: '依照《企业经营异常名录管理暂行办法》第十一条规定，补报未报年份的年度报告并公示，申请移出',
      repaired: false,
      underObjection: false,
    },
    {
      reference: '武东市监异列〔2023〕88号',
      listedOn: '2023-04-03',
      reason: '通过登记的住所或者经营场所无法联系',
      authority: '武汉东湖新技术开发区市场监督管理局',
      publicUntil: null,
      removedOn: '2024-05-20',
      removalReason: '依照《市场监督管理信用修复管理办法》第五条规定，经信用修复移出经营异常名录',
      repaired: true,
      underObjection: false,
    },
    {
      reference: '武东市监异列〔2025〕12号',
      listedOn: '2025-03-01',
      reason: '未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告',
      authority: '武汉东湖新技术开发区市场监督管理局',
      publicUntil: null,
      removedOn: null,
      removalReason: null,
      repaired: false,
      underObjection: true,
    },
  ],
  seriousIllegal: [
    {
      reference: '鄂市监严列〔2024〕5号',
      listedOn: '2024-08-01',
      reason: '因生产销售不合格特种设备受到较重行政处罚，性质恶劣、情节严重',
      authority: '湖北省市场监督管理局',
      publicUntil: '2027-07-31',
      removedOn: null,
      removalReason: null,
      repaired: false,
      underObjection: false,
    },
    {
      reference: '鄂市监严列〔2022〕19号',
      listedOn: '2022-02-10',
      reason: '被列入经营异常名录届满3年仍未履行相关义务',
      authority: '湖北省市场监督管理局',
      publicUntil: '2025-02-09',
      removedOn: '2022-06-30',
      removalReason: '经复核，撤销列入严重违法失信名单决定',
      repaired: false,
      underObjection: false,
    },
  ],
};

describe('market legacy client against the simulator', () => {
  it('parses a full record into English names, with the masked ID number beside the full one', async () => {
    // The full number stays in the subgraph for the scoped `idNumber` field; the gateway never
    // fetches it for a caller without the pii:id-number scope.
    const found = await client().fetchBatch([USCC.busy, USCC.absent, USCC.unknownToMarket]);
    expect([...found.keys()]).toEqual([USCC.busy]);
    expect(found.get(USCC.busy)).toEqual(BUSY_RECORD);
  });

  it('reads closing dates of deregistered and revoked enterprises', async () => {
    const found = await client().fetchBatch([USCC.clean, USCC.deregistered, USCC.revoked]);
    expect(found.get(USCC.clean)?.registration).toMatchObject({ status: 'OPERATING', closedOn: null });
    expect(found.get(USCC.deregistered)?.registration).toMatchObject({
      name: '武汉旧城餐饮管理有限公司',
      status: 'DEREGISTERED',
      closedOn: '2023-12-28',
    });
    expect(found.get(USCC.revoked)?.registration).toMatchObject({ name: '武汉速达物流有限公司', status: 'REVOKED', closedOn: '2020-10-16' });
  });

  it('reads the single-code endpoint', async () => {
    const c = client();
    expect(await c.fetchOne(USCC.busy)).toEqual(BUSY_RECORD);
    expect(await c.fetchOne(USCC.absent)).toBeNull();
  });

  it('batches N codes into ⌈N/100⌉ parallel calls; duplicates cost nothing', async () => {
    const c = client();
    const loader = createBatchLookupLoader(100, (codes) => c.fetchBatch(codes), clock);
    const codes = BULK.map((e) => e.uscc);
    const withDuplicates = [...codes, ...codes.slice(0, 50), USCC.absent];
    const lookups = await Promise.all(withDuplicates.map((c) => loader.load(c)));
    expect(sim.stats()).toEqual({ calls: 3, codes: 251 });
    expect(lookups.filter((l) => l.kind === 'found')).toHaveLength(300);
    expect(lookups.at(-1)).toMatchObject({ kind: 'missing', asOf: '2025-06-15T04:00:00.000Z' });
    const first = lookups[0];
    expect(first?.kind === 'found' && first.record.registration.name).toBe('武汉批量测试0号有限公司');
  });

  it.each([
    [40, 7],
    [100, 3],
  ])('with a configured batch size of %i, 250 codes take %i calls', async (batchSize, calls) => {
    const c = client();
    const loader = createBatchLookupLoader(batchSize, (codes) => c.fetchBatch(codes), clock);
    await Promise.all(BULK.map((e) => loader.load(e.uscc)));
    expect(sim.stats()).toEqual({ calls, codes: 250 });
  });

  it('turns the E413 envelope (more than 100 codes) into a bad-response error', async () => {
    const err = await client()
      .fetchBatch(BULK.slice(0, 101).map((e) => e.uscc))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LegacyBadResponseError);
    expect((err as LegacyError).message).toBe('market regulation system rejected the request (E413)');
  });

  it('turns the E401 envelope (wrong key) into an unavailable source', async () => {
    const c = client({ key: 'wrong-key' });
    await expect(c.fetchBatch([USCC.busy])).rejects.toBeInstanceOf(LegacyUnavailableError);
    const lookup = await createBatchLookupLoader(100, (codes) => c.fetchBatch(codes), clock).load(USCC.busy);
    expect(marketRecordOf(lookup, FIXTURE_TODAY)).toEqual({
      source: {
        department: 'MARKET_REGULATION',
        status: 'UNAVAILABLE',
        asOf: null,
        found: null,
        fromCache: false,
        stale: false,
        message: 'market regulation system refused the API key (E401)',
      },
      registration: null,
      penalties: [],
      findings: [],
    });
  });

  it.each([
    ['down', LegacyUnavailableError, 'UNAVAILABLE'],
    ['error500', LegacyUnavailableError, 'UNAVAILABLE'],
    ['malformed', LegacyBadResponseError, 'BAD_RESPONSE'],
    ['ratelimit', LegacyRateLimitedError, 'RATE_LIMITED'],
    ['hang', LegacyTimeoutError, 'TIMEOUT'],
  ] as const)('fault %s → %o → source %s', async (fault, errorClass, state) => {
    sim.setFault(fault);
    const c = client({ timeoutMs: 300 });
    const err = await c.fetchBatch([USCC.busy]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errorClass);
    expect((err as Error).message).not.toContain('127.0.0.1');
    if (fault === 'ratelimit') expect((err as LegacyRateLimitedError).retryAfterMs).toBe(1000);
    const lookup = await createBatchLookupLoader(100, (codes) => c.fetchBatch(codes), clock).load(USCC.busy);
    const record = marketRecordOf(lookup, FIXTURE_TODAY);
    expect(record.source).toMatchObject({ status: state, found: null, asOf: null });
    expect(record.findings).toEqual([]);
    expect(record.registration).toBeNull();
  });
});

describe('market legacy client against crafted answers', () => {
  let server: http.Server;
  let craftedUrl: string;
  let nextBody = '';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(nextBody);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    craftedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const record = (overrides: Record<string, unknown>) =>
    JSON.stringify({
      code: '0000',
      msg: '成功',
      data: [
        {
          tyshxydm: USCC.clean,
          qymc: '武汉示例科技有限公司',
          djzt: '存续（在营、开业、在册）',
          clrq: '2016-03-08 00:00:00.0',
          zczb: '1,000.00',
          xzcf: null,
          jyyc: null,
          yzwf: null,
          ...overrides,
        },
      ],
    });

  it.each([
    ['E429 envelope', '{"code":"E429","msg":"访问频率超过限制"}', LegacyRateLimitedError],
    ['E500 envelope', '{"code":"E500","msg":"数据库连接异常"}', LegacyUnavailableError],
    ['E999 envelope', '{"code":"E999","msg":"系统繁忙"}', LegacyUnavailableError],
    ['unknown envelope code', '{"code":"X1","msg":"?"}', LegacyBadResponseError],
    ['no envelope', '[1,2,3]', LegacyBadResponseError],
    ['HTML error page', '<html>error</html>', LegacyBadResponseError],
    ['data not a list', '{"code":"0000","msg":"成功","data":{"x":1}}', LegacyBadResponseError],
    ['unknown registration status', record({ djzt: '迁移中' }), LegacyBadResponseError],
    ['a date in another format', record({ clrq: '2016年3月8日' }), LegacyBadResponseError],
    ['an amount that is not a number', record({ zczb: '五百万' }), LegacyBadResponseError],
    [
      'a penalty without its authority',
      record({ xzcf: [{ cf_wsh: 'x', cf_cflb: '罚款', cf_jdrq: '2024-01-01 00:00:00', cf_cfjg: '' }] }),
      LegacyBadResponseError,
    ],
  ])('%s → %o', async (_label, body, errorClass) => {
    nextBody = body;
    const err = await client({ baseUrl: craftedUrl })
      .fetchBatch([USCC.clean])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errorClass);
    expect((err as Error).message).not.toContain(body.slice(0, 12));
  });

  it('tolerates null lists, .0 milliseconds, thousands separators and older status wording', async () => {
    nextBody = record({ djzt: '吊销，已注销', zxrq: '2024-01-02 09:00:00.0', dxrq: '2023-01-01 00:00:00' });
    const found = await client({ baseUrl: craftedUrl }).fetchBatch([USCC.clean]);
    expect(found.get(USCC.clean)).toMatchObject({
      registration: {
        status: 'DEREGISTERED',
        establishedOn: '2016-03-08',
        closedOn: '2024-01-02',
        registeredCapitalWan: 1000,
        legalRepresentative: null,
      },
      penalties: [],
      abnormalOperations: [],
      seriousIllegal: [],
    });
  });
});
