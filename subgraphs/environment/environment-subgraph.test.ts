import { signedFetch } from '../../test/support/signed-fetch.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEnvironmentSimulator } from '../../legacy/environment/index.js';
import {
  fixtureClock,
  fixtureDataset,
  manyCodes,
  NAME_GREEN,
  USCC_BLUE,
  USCC_GREEN,
  USCC_NO_ENV,
  USCC_NOTHING,
  USCC_RED,
  USCC_SUPERSEDED,
  USCC_UNKNOWN,
} from '../../test/fixtures/legacy/environment.js';
import type { Simulator } from '../../legacy/sim/index.js';
import type { RunningServer } from '../shared/index.js';
import { environmentSubgraph } from './index.js';

let sim: Simulator;
let server: RunningServer;
let legacyUrl: string;

beforeAll(async () => {
  sim = createEnvironmentSimulator({ dataset: fixtureDataset(), jitter: 0 });
  legacyUrl = await sim.listen(0);
  const config = environmentSubgraph.loadConfig({
    ENVIRONMENT_SUBGRAPH_PORT: '0',
    ENVIRONMENT_LEGACY_URL: legacyUrl,
    ENVIRONMENT_LEGACY_TIMEOUT_MS: '300',
    // Every test below counts legacy calls and injects faults: no process-wide cache in between.
    ENVIRONMENT_CACHE_TTL_MS: '0',
  });
  server = await environmentSubgraph.start(config, { clock: fixtureClock });
});
afterAll(async () => {
  await server.stop();
  await sim.close();
});
beforeEach(() => {
  sim.setFault('none');
  sim.resetStats();
});

interface GqlResult {
  data?: { _entities: ({ uscc: string; environment: Record<string, unknown> | null } | null)[] };
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function entities(usccs: string[], selection: string): Promise<GqlResult> {
  const res = await signedFetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($r:[_Any!]!){ _entities(representations:$r){ ... on Enterprise { uscc environment { ${selection} } } } }`,
      variables: { r: usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })) },
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as GqlResult;
}

const SUMMARY = 'source { department status found } rating { level year } findings { kind status }';

describe('environment subgraph end to end', () => {
  it('answers every enterprise in one legacy call, with findings on today’s date', async () => {
    const r = await entities([USCC_GREEN, USCC_RED, USCC_BLUE, USCC_SUPERSEDED, USCC_NOTHING, USCC_NO_ENV, USCC_UNKNOWN, USCC_RED], SUMMARY);
    expect(r.errors).toBeUndefined();
    const env = r.data!._entities.map((e) => e!.environment);
    const ok = (found: boolean) => ({ department: 'ENVIRONMENT', status: 'OK', found });
    expect(env).toEqual([
      {
        source: ok(true),
        rating: { level: 'GREEN', year: 2024 },
        findings: [
          { kind: 'ENVIRONMENT_CREDIT_GREEN', status: 'ACTIVE' },
          { kind: 'ENVIRONMENT_CREDIT_GREEN', status: 'EXPIRED' },
        ],
      },
      {
        source: ok(true),
        rating: { level: 'RED', year: 2024 },
        findings: [
          { kind: 'ENVIRONMENT_CREDIT_RED', status: 'ACTIVE' },
          { kind: 'SEVERE_ADMINISTRATIVE_PENALTY', status: 'ACTIVE' },
          { kind: 'ADMINISTRATIVE_PENALTY', status: 'REMOVED' },
          { kind: 'ADMINISTRATIVE_PENALTY', status: 'REPAIRED' },
          { kind: 'ADMINISTRATIVE_PENALTY', status: 'EXPIRED' },
        ],
      },
      { source: ok(true), rating: { level: 'BLUE', year: 2024 }, findings: [] },
      {
        source: ok(true),
        rating: { level: 'BLUE', year: 2024 },
        findings: [
          { kind: 'ENVIRONMENT_CREDIT_YELLOW', status: 'EXPIRED' },
          { kind: 'ENVIRONMENT_CREDIT_RED', status: 'EXPIRED' },
        ],
      },
      { source: ok(true), rating: null, findings: [] },
      { source: ok(false), rating: null, findings: [] },
      { source: ok(false), rating: null, findings: [] },
      // The duplicate representation gets the same answer and costs nothing.
      env[1],
    ]);
    expect(sim.stats()).toEqual({ calls: 1, codes: 7 });
  });

  it('returns the full sections: name with comma and quotes, ratings with windows, penalties', async () => {
    const r = await entities(
      [USCC_GREEN, USCC_RED],
      `enterpriseName ratings { year level authority ratedOn validUntil }
       penalties { reference penaltyType fineYuan decidedOn publicUntil severe removal removedOn underObjection status }
       findings { id department kind status listedOn removedOn publicUntil reference authority underObjection penalty { decidedOn penaltyType categories fineYuan } }`,
    );
    expect(r.errors).toBeUndefined();
    const [green, red] = r.data!._entities.map((e) => e!.environment!);
    expect(green!.enterpriseName).toBe(NAME_GREEN);
    expect(green!.ratings).toEqual([
      { year: 2024, level: 'GREEN', authority: '江苏省生态环境厅', ratedOn: '2025-03-20', validUntil: '2026-03-19' },
      { year: 2023, level: 'GREEN', authority: '江苏省生态环境厅', ratedOn: '2024-03-05', validUntil: '2025-03-04' },
    ]);
    expect(red!.penalties).toEqual([
      {
        reference: '宁环罚〔2025〕8号',
        penaltyType: '责令停产整治',
        fineYuan: 1250000.5,
        decidedOn: '2025-01-20',
        publicUntil: '2028-01-19',
        severe: true,
        removal: null,
        removedOn: null,
        underObjection: true,
        status: 'ACTIVE',
      },
      {
        reference: '苏环罚〔2024〕3号',
        penaltyType: '罚款',
        fineYuan: 50000,
        decidedOn: '2024-02-02',
        publicUntil: '2027-02-01',
        severe: false,
        removal: 'REVOKED',
        removedOn: '2024-09-30',
        underObjection: false,
        status: 'REMOVED',
      },
      {
        reference: '宁环罚〔2023〕41号',
        penaltyType: '罚款',
        fineYuan: 200000,
        decidedOn: '2023-06-01',
        publicUntil: '2026-05-31',
        severe: false,
        removal: 'REPAIRED',
        removedOn: '2024-07-15',
        underObjection: false,
        status: 'REPAIRED',
      },
      {
        reference: '宁环罚〔2021〕7号',
        penaltyType: '警告',
        fineYuan: null,
        decidedOn: '2021-03-05',
        publicUntil: '2024-03-04',
        severe: false,
        removal: null,
        removedOn: null,
        underObjection: false,
        status: 'EXPIRED',
      },
    ]);
    expect((red!.findings as unknown[])[0]).toEqual({
      id: `ENVIRONMENT:ENVIRONMENT_CREDIT_RED:${USCC_RED}:2024`,
      department: 'ENVIRONMENT',
      kind: 'ENVIRONMENT_CREDIT_RED',
      status: 'ACTIVE',
      listedOn: '2025-01-10',
      removedOn: null,
      publicUntil: '2026-01-09',
      reference: '2024年度环境信用评价',
      authority: '江苏省生态环境厅',
      underObjection: false,
      penalty: null,
    });
    expect((red!.findings as unknown[])[1]).toEqual({
      id: 'ENVIRONMENT:SEVERE_ADMINISTRATIVE_PENALTY:宁环罚〔2025〕8号',
      department: 'ENVIRONMENT',
      kind: 'SEVERE_ADMINISTRATIVE_PENALTY',
      status: 'ACTIVE',
      listedOn: '2025-01-20',
      removedOn: null,
      publicUntil: '2028-01-19',
      reference: '宁环罚〔2025〕8号',
      authority: '南京市生态环境局',
      underObjection: true,
      // 责令停产整治 orders the pollution fixed: a corrective order, not 责令停产停业.
      penalty: { decidedOn: '2025-01-20', penaltyType: '责令停产整治', categories: ['CORRECTIVE_ORDER'], fineYuan: 1250000.5 },
    });
    expect((red!.findings as { penalty: unknown }[]).slice(2).map((f) => f.penalty)).toEqual([
      { decidedOn: '2024-02-02', penaltyType: '罚款', categories: ['FINE'], fineYuan: 50000 },
      { decidedOn: '2023-06-01', penaltyType: '罚款', categories: ['FINE'], fineYuan: 200000 },
      { decidedOn: '2021-03-05', penaltyType: '警告', categories: ['WARNING'], fineYuan: null },
    ]);
  });

  it('rejects an invalid code with BAD_USER_INPUT without calling the platform, and answers the rest', async () => {
    const bad = USCC_RED.slice(0, 17) + (USCC_RED.endsWith('X') ? 'Y' : 'X');
    const r = await entities([bad, USCC_BLUE, '123'], 'source { status found }');
    expect(r.data!._entities).toEqual([
      { uscc: bad, environment: null },
      { uscc: USCC_BLUE, environment: { source: { status: 'OK', found: true } } },
      { uscc: '123', environment: null },
    ]);
    expect(r.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 0, 'environment'], 'BAD_USER_INPUT'],
      [['_entities', 2, 'environment'], 'BAD_USER_INPUT'],
    ]);
    expect(r.errors![0]!.message).toContain('校验码错误');
    expect(sim.stats()).toEqual({ calls: 1, codes: 1 });
  });

  it('batches 450 enterprises into exactly 3 legacy calls issued together', async () => {
    const r = await entities([...manyCodes(449), USCC_RED], 'source { found }');
    expect(r.errors).toBeUndefined();
    const found = r.data!._entities.map((e) => (e!.environment as { source: { found: boolean } }).source.found);
    expect(found.filter(Boolean)).toHaveLength(1);
    expect(found[449]).toBe(true);
    expect(sim.stats()).toEqual({ calls: 3, codes: 450 });
  });

  it.each([
    ['down', 'UNAVAILABLE'],
    ['hang', 'TIMEOUT'],
    ['error500', 'UNAVAILABLE'],
    ['malformed', 'BAD_RESPONSE'],
    ['ratelimit', 'RATE_LIMITED'],
  ] as const)('legacy %s → %s, with the record still returned and nothing claimed', async (fault, status) => {
    sim.setFault(fault);
    const r = await entities(
      [USCC_RED, USCC_UNKNOWN],
      'source { department status found message } enterpriseName rating { level } ratings { year } penalties { reference } findings { kind }',
    );
    expect(r.errors).toBeUndefined();
    for (const e of r.data!._entities) {
      expect(e!.environment).toEqual({
        source: { department: 'ENVIRONMENT', status, found: null, message: expect.any(String) },
        enterpriseName: null,
        rating: null,
        ratings: [],
        penalties: [],
        findings: [],
      });
      const message = (e!.environment as { source: { message: string } }).source.message;
      expect(message).not.toMatch(/127\.0\.0\.1|http:|Exception|统一社会信用代码/);
    }
  });
});

describe('environment subgraph with the process-wide cache on', () => {
  it('serves a repeat from the cache, and a recent answer marked stale when the platform is down', async () => {
    let now = fixtureClock().getTime();
    const cached = await environmentSubgraph.start(
      environmentSubgraph.loadConfig({ ENVIRONMENT_SUBGRAPH_PORT: '0', ENVIRONMENT_LEGACY_URL: legacyUrl, ENVIRONMENT_CACHE_TTL_MS: '60000' }),
      { clock: () => new Date(now) },
    );
    try {
      const ask = async () => {
        const res = await signedFetch(cached.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query:
              'query($r:[_Any!]!){ _entities(representations:$r){ ... on Enterprise { environment { source { status found fromCache stale } findings { kind status } } } } }',
            variables: { r: [{ __typename: 'Enterprise', uscc: USCC_RED }] },
          }),
        });
        return ((await res.json()) as GqlResult).data!._entities[0]!.environment as { source: Record<string, unknown>; findings: unknown[] };
      };
      const first = await ask();
      expect(first.source).toEqual({ status: 'OK', found: true, fromCache: false, stale: false });
      expect(first.findings).toHaveLength(5);
      const second = await ask();
      expect(second.source).toEqual({ status: 'OK', found: true, fromCache: true, stale: false });
      expect(sim.stats().calls).toBe(1);
      now += 61_000;
      sim.setFault('down');
      const stale = await ask();
      expect(stale.source).toEqual({ status: 'OK', found: true, fromCache: true, stale: true });
      expect(stale.findings).toEqual(first.findings);
      // The fresh attempt and its one retry (a closed connection may be a stale keep-alive socket).
      expect(sim.stats().calls).toBe(3);
    } finally {
      await cached.stop();
    }
  });
});

describe('environment subgraph module', () => {
  it('is named environment and its SDL carries the fixed names and the shared types', () => {
    expect(environmentSubgraph.name).toBe('environment');
    const sdl = environmentSubgraph.sdl();
    for (const s of [
      'environment: EnvironmentRecord',
      'type EnvironmentRecord',
      'rating: EnvironmentRating',
      'source: SourceStatus!',
      'findings: [CreditFinding!]!',
      'type CreditFinding @shareable',
    ]) {
      expect(sdl).toContain(s);
    }
  });

  it('loads its defaults', () => {
    expect(environmentSubgraph.loadConfig({})).toMatchObject({
      http: { port: 4005, host: '127.0.0.1' },
      legacy: { url: 'http://127.0.0.1:4105', key: 'environment-dev-key', batchSize: 200, timeoutMs: 3000, connectTimeoutMs: 1000, connections: 32 },
    });
  });

  it('names every bad variable, including a batch size above the platform limit', () => {
    expect(() => environmentSubgraph.loadConfig({ ENVIRONMENT_SUBGRAPH_PORT: 'x', ENVIRONMENT_LEGACY_URL: 'nope' })).toThrow(
      /ENVIRONMENT_SUBGRAPH_PORT[\s\S]*ENVIRONMENT_LEGACY_URL/,
    );
    expect(() => environmentSubgraph.loadConfig({ ENVIRONMENT_LEGACY_BATCH_SIZE: '201' })).toThrow(
      /ENVIRONMENT_LEGACY_BATCH_SIZE: the legacy system accepts at most 200 codes per call/,
    );
    expect(environmentSubgraph.loadConfig({ ENVIRONMENT_LEGACY_BATCH_SIZE: '50' }).legacy.batchSize).toBe(50);
  });
});
