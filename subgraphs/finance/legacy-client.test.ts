import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../../legacy/dataset/in-memory.js';
import type { EnterpriseTruth, ProcurementDishonestEntry } from '../../legacy/dataset/types.js';
import { createFinanceSimulator, financeProtocol, FINANCE_MAX_PAGE_SIZE, FINANCE_SEARCH_PATH } from '../../legacy/finance/index.js';
import { createSimulator, type SimRequest, type SimResponse, type Simulator } from '../../legacy/sim/index.js';
import {
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyTimeoutError,
  LegacyUnavailableError,
  createLegacySystem,
  createPerCodeLookupLoader,
  createSubgraphMetrics,
  sourceStatusOf,
  type DepartmentConfig,
  type Lookup,
} from '../shared/index.js';
import { financeSource } from './finance-subgraph.js';
import { createFinanceLegacyClient, FINANCE_PAGE_SIZE, type FinanceLegacyClient } from './legacy-client.js';
import type { FinanceLegacyRecord } from './legacy-models.js';

const KEY = 'finance-test-key';
const TODAY = '2025-06-15';
const clock = (): Date => new Date('2025-06-15T04:00:00Z');

const entry = (n: number, over: Partial<ProcurementDishonestEntry> = {}): ProcurementDishonestEntry => ({
  reference: `宜财采罚〔2025〕${n}号`,
  authority: '宜昌市财政局',
  facts: '提供虚假材料谋取中标',
  legalBasis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
  penaltyResult: '罚款人民币12000元，列入不良行为记录名单，一年内禁止参加政府采购活动',
  decidedOn: '2025-03-05',
  publishedOn: '2025-03-10',
  banFrom: '2025-03-05',
  banUntil: '2026-03-04',
  ...over,
});

const enterprise = (body: string, entries: ProcurementDishonestEntry[] | null): EnterpriseTruth => ({
  uscc: buildUscc('9', '1', '420500', body),
  market: null,
  tax: null,
  courts: null,
  environment: null,
  economy: null,
  finance: entries && { procurementDishonest: entries },
});

/** One listing. */
const LISTED = enterprise('20000001', [entry(12)]);
/** 45 listings: three pages of 20, 20 and 5, published a day apart. */
const MANY = enterprise(
  '20000002',
  Array.from({ length: 45 }, (_, i) =>
    entry(100 + i, { publishedOn: `2024-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` }),
  ),
);
/** Known to the dataset, never listed. */
const CLEAN = enterprise('20000003', null);
const dataset = datasetFromRecords([LISTED, MANY, CLEAN], TODAY);

const legacyConfig = (url: string, over: Partial<DepartmentConfig['legacy']> = {}): DepartmentConfig['legacy'] => ({
  url,
  key: KEY,
  batchSize: 1,
  timeoutMs: 3000,
  connectTimeoutMs: 500,
  connections: 32,
  breakerThreshold: 1_000_000,
  breakerHalfOpenMs: 5000,
  ...over,
});

async function withClient<T>(config: DepartmentConfig['legacy'], fn: (c: FinanceLegacyClient) => Promise<T>): Promise<T> {
  const legacy = createLegacySystem({
    name: 'finance legacy system',
    url: config.url,
    metrics: createSubgraphMetrics(),
    connectTimeoutMs: config.connectTimeoutMs,
    headersTimeoutMs: config.timeoutMs,
    bodyTimeoutMs: config.timeoutMs,
    resilience: { breakerThreshold: config.breakerThreshold },
  });
  try {
    return await fn(createFinanceLegacyClient(config, legacy));
  } finally {
    await legacy.close();
  }
}

const fetchAll = (config: DepartmentConfig['legacy'], uscc: string) => withClient(config, (c) => c.fetchRecords(uscc, Date.now() + config.timeoutMs));

/** Look every code up through one request's loader, as the resolvers do. */
async function lookUp(config: DepartmentConfig['legacy'], codes: string[]): Promise<Lookup<FinanceLegacyRecord[]>[]> {
  return withClient(config, async (client) => {
    const loader = createPerCodeLookupLoader(financeSource(client).fetchOne, config.timeoutMs, clock);
    return Promise.all(codes.map((c) => loader.load(c)));
  });
}

const failureOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

/** A simulator whose answers pass through `alter` (the protocol's own answer, and the request). */
function alteredSimulator(alter: (answer: SimResponse, req: SimRequest) => SimResponse): Simulator {
  const protocol = financeProtocol({ dataset, key: KEY });
  return createSimulator({ name: 'finance', jitter: 0, handle: (req) => alter(protocol.handle(req), req), malformed: protocol.malformed });
}

let sim: Simulator;
let url: string;
beforeAll(async () => {
  sim = createFinanceSimulator({ dataset, key: KEY, jitter: 0 });
  url = await sim.listen(0);
});
afterAll(() => sim.close());

describe('finance legacy client', () => {
  it('reads a listing in one call, in neutral names and ISO dates', async () => {
    sim.resetStats();
    const records = await fetchAll(legacyConfig(url), LISTED.uscc);
    expect(sim.stats()).toEqual({ calls: 1, codes: 1 });
    expect(records).toEqual([
      {
        recordId: 'CGSX202503100001',
        supplierName: null,
        uscc: LISTED.uscc,
        reference: '宜财采罚〔2025〕12号',
        facts: '提供虚假材料谋取中标',
        legalBasis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
        penaltyResult: '罚款人民币12000元，列入不良行为记录名单，一年内禁止参加政府采购活动',
        decidedOn: '2025-03-05',
        banFrom: '2025-03-05',
        banUntil: '2026-03-04',
        authority: '宜昌市财政局',
        publishedOn: '2025-03-10',
      },
    ]);
  });

  it('never asks for more than the 20 records a page the system serves', () => {
    expect(FINANCE_PAGE_SIZE).toBeLessThanOrEqual(FINANCE_MAX_PAGE_SIZE);
  });

  it('follows the pages of a supplier with 45 listings: 3 calls, every listing once', async () => {
    sim.resetStats();
    const records = await fetchAll(legacyConfig(url), MANY.uscc);
    expect(sim.stats().calls).toBe(3);
    expect(records).toHaveLength(45);
    expect(new Set(records.map((r) => r.reference))).toEqual(new Set(MANY.finance!.procurementDishonest.map((e) => e.reference)));
    // Newest first, as the search lists them.
    expect(records[0]!.publishedOn).toBe('2024-02-17');
    expect(records[44]!.publishedOn).toBe('2024-01-01');
  });

  it('answers "not found" for a supplier with no listing and for a code the system never saw', async () => {
    const unknown = buildUscc('9', '1', '420500', '20000009');
    const lookups = await lookUp(legacyConfig(url), [CLEAN.uscc, unknown]);
    expect(lookups.map((l) => sourceStatusOf('FINANCE', l))).toMatchObject([
      { status: 'OK', found: false },
      { status: 'OK', found: false },
    ]);
  });

  it('refuses pages that do not add up to the announced total', async () => {
    // A listing published while the client pages: page 2 announces one more record than page 1.
    const shifting = alteredSimulator((answer, req) => {
      if (req.url.searchParams.get('page') !== '2') return answer;
      const body = JSON.parse(String(answer.body)) as { total: number };
      return { ...answer, body: JSON.stringify({ ...body, total: body.total + 1 }) };
    });
    const shiftingUrl = await shifting.listen(0);
    // A short page: the last page comes back empty.
    const short = alteredSimulator((answer, req) => {
      if (req.url.searchParams.get('page') !== '3') return answer;
      const body = JSON.parse(String(answer.body)) as Record<string, unknown>;
      return { ...answer, body: JSON.stringify({ ...body, records: [] }) };
    });
    const shortUrl = await short.listen(0);
    // A page repeated in place of the next one (the list shifted by a whole page).
    const repeated = alteredSimulator((answer, req) => {
      if (req.url.searchParams.get('page') !== '2') return answer;
      const first = financeProtocol({ dataset, key: KEY }).handle({
        ...req,
        url: new URL(`${FINANCE_SEARCH_PATH}?${new URLSearchParams({ creditCode: MANY.uscc, page: '1', size: '20' }).toString()}`, 'http://x'),
      });
      const body = JSON.parse(String(first.body)) as Record<string, unknown>;
      return { ...first, body: JSON.stringify({ ...body, page: 2 }) };
    });
    const repeatedUrl = await repeated.listen(0);
    try {
      for (const [u, message] of [
        [shiftingUrl, 'finance legacy system (财政) pages do not add up to the announced total'],
        [shortUrl, 'finance legacy system (财政) pages do not add up to the announced total'],
        [repeatedUrl, 'finance legacy system (财政) pages repeat a record (the list shifted while paging)'],
      ] as const) {
        const err = await failureOf(fetchAll(legacyConfig(u), MANY.uscc));
        expect(err).toBeInstanceOf(LegacyBadResponseError);
        expect((err as Error).message).toBe(message);
        const [lookup] = await lookUp(legacyConfig(u), [MANY.uscc]);
        expect(sourceStatusOf('FINANCE', lookup!).status).toBe('BAD_RESPONSE');
      }
      // The same supplier read from a consistent system is whole.
      expect(await fetchAll(legacyConfig(url), MANY.uscc)).toHaveLength(45);
    } finally {
      await Promise.all([shifting.close(), short.close(), repeated.close()]);
    }
  });

  it('refuses a page other than the one asked for', async () => {
    const wrongPage = alteredSimulator((answer) => {
      const body = JSON.parse(String(answer.body)) as Record<string, unknown>;
      return { ...answer, body: JSON.stringify({ ...body, page: 7 }) };
    });
    const wrongUrl = await wrongPage.listen(0);
    try {
      const err = await failureOf(fetchAll(legacyConfig(wrongUrl), LISTED.uscc));
      expect(err).toBeInstanceOf(LegacyBadResponseError);
      expect((err as Error).message).toBe('finance legacy system (财政) answered with a page other than the one asked for');
    } finally {
      await wrongPage.close();
    }
  });

  it('a refused page size is a bad response, never "not found"', async () => {
    // A system configured with a smaller page than the client asks for refuses every search.
    const small = createSimulator({
      name: 'finance',
      jitter: 0,
      handle: (req) => {
        if (Number(req.url.searchParams.get('size')) > 10) {
          return {
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: 'E4003', msg: '每页条数不能超过10' }),
            codes: 1,
          };
        }
        return financeProtocol({ dataset, key: KEY }).handle(req);
      },
      malformed: financeProtocol({ dataset, key: KEY }).malformed,
    });
    const smallUrl = await small.listen(0);
    try {
      const [lookup] = await lookUp(legacyConfig(smallUrl), [CLEAN.uscc]);
      expect(lookup).toMatchObject({ kind: 'failed', error: { code: 'LEGACY_BAD_RESPONSE', message: 'finance legacy system answered HTTP 400' } });
    } finally {
      await small.close();
    }
  });

  it('treats a refused key as a failure, never as "not found"', async () => {
    const [lookup] = await lookUp(legacyConfig(url, { key: 'wrong-key' }), [LISTED.uscc]);
    expect(lookup).toMatchObject({ kind: 'failed', error: { code: 'LEGACY_BAD_RESPONSE', message: 'finance legacy system answered HTTP 401' } });
  });

  it.each([
    { fault: 'down', errorClass: LegacyUnavailableError, state: 'UNAVAILABLE' },
    { fault: 'error500', errorClass: LegacyUnavailableError, state: 'UNAVAILABLE' },
    { fault: 'malformed', errorClass: LegacyBadResponseError, state: 'BAD_RESPONSE' },
    { fault: 'wrongtype', errorClass: LegacyBadResponseError, state: 'BAD_RESPONSE' },
    { fault: 'ratelimit', errorClass: LegacyRateLimitedError, state: 'RATE_LIMITED' },
    { fault: 'hang', errorClass: LegacyTimeoutError, state: 'TIMEOUT' },
    { fault: 'hang-body', errorClass: LegacyTimeoutError, state: 'TIMEOUT' },
  ] as const)('fault $fault → $errorClass.name / $state, the address never in the message', async ({ fault, errorClass, state }) => {
    // 'ratelimit' answers Retry-After: 1 s, longer than this deadline: no retry.
    const config = legacyConfig(url, { timeoutMs: 300 });
    sim.setFault(fault);
    try {
      const err = await failureOf(fetchAll(config, LISTED.uscc));
      expect(err).toBeInstanceOf(errorClass);
      const port = new URL(url).port;
      expect((err as Error).message).not.toContain('127.0.0.1');
      expect((err as Error).message).not.toContain(port);
      const [lookup] = await lookUp(config, [LISTED.uscc]);
      const status = sourceStatusOf('FINANCE', lookup!);
      expect(status.status).toBe(state);
      expect(status.message).not.toContain('127.0.0.1');
    } finally {
      sim.setFault('none');
    }
  });

  it('rejects all three kinds of malformed answer', async () => {
    sim.setFault('malformed');
    try {
      const messages: string[] = [];
      for (let i = 0; i < 3; i++) {
        const err = await failureOf(fetchAll(legacyConfig(url), LISTED.uscc));
        expect(err).toBeInstanceOf(LegacyBadResponseError);
        messages.push((err as Error).message);
      }
      expect(messages.sort()).toEqual([
        'finance legacy system (财政) answered in an unexpected shape',
        'finance legacy system (财政) answered in an unexpected shape',
        'finance legacy system (财政) answered with a body that is not JSON',
      ]);
    } finally {
      sim.setFault('none');
    }
  });
});

describe('finance simulator', () => {
  const search = (params: Record<string, string>, key = KEY) =>
    fetch(`${url}${FINANCE_SEARCH_PATH}?${new URLSearchParams(params).toString()}`, { headers: { 'x-api-key': key } });

  it('refuses a page larger than 20 records', async () => {
    const res = await search({ creditCode: MANY.uscc, page: '1', size: '21' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'E4003', msg: '每页条数不能超过20' });
    expect((await search({ creditCode: MANY.uscc, page: '1', size: '20' })).status).toBe(200);
  });

  it('writes its own field names and date formats, and pages as asked', async () => {
    const res = await search({ creditCode: MANY.uscc, page: '3', size: '20' });
    const body = (await res.json()) as { code: string; total: number; page: number; size: number; records: Record<string, string>[] };
    expect({ code: body.code, total: body.total, page: body.page, size: body.size, n: body.records.length }).toEqual({
      code: '0000',
      total: 45,
      page: 3,
      size: 20,
      n: 5,
    });
    const listed = (await (await search({ creditCode: LISTED.uscc })).json()) as { records: Record<string, string>[] };
    expect(listed.records[0]).toMatchObject({
      cfrq: '2025年03月05日',
      fbrq: '2025年03月10日',
      cfqxq: '20250305',
      cfqxz: '20260304',
      zfdw: '宜昌市财政局',
    });
  });

  it('refuses a wrong key, a malformed code and bad paging', async () => {
    expect((await search({ creditCode: LISTED.uscc }, 'nope')).status).toBe(401);
    expect((await search({ creditCode: 'not-a-code' })).status).toBe(400);
    expect((await search({ creditCode: LISTED.uscc, page: '0' })).status).toBe(400);
  });

  it('has no settings of its own and says so', () => {
    expect(() => createFinanceSimulator({ dataset, key: KEY, settings: { exportAgeHours: 72 } })).toThrow(
      /no settings of its own \(got exportAgeHours\)/,
    );
  });
});
