import { DEV_SUBGRAPH_SECRET } from '../../common/http/index.js';
import { signedFetch } from '../../test/support/signed-fetch.js';
import { composeServices } from '@apollo/composition';
import { Kind, parse, type DocumentNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { ABSENT_USCC, CLEAN_USCC, economyFixtureDataset, RICH_USCC, UNKNOWN_USCC } from '../../test/fixtures/legacy/economy.js';
import { createEconomySimulator } from '../../legacy/economy/index.js';
import type { Simulator } from '../../legacy/sim/index.js';
import type { RunningServer } from '../shared/index.js';
import { economySubgraph } from './index.js';

/** 10:00 in Beijing on 2024-06-15. */
const clock = () => new Date('2024-06-15T02:00:00Z');

const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Enterprise {
      uscc
      economy {
        source { department status found fromCache stale message }
        honors { title year authority awardedOn validUntil }
        commitments { reference matter madeOn status checkedOn }
        findings { id department kind status listedOn removedOn publicUntil reference authority reason underObjection }
      }
    }
  }
}`;

interface Answer {
  data?: { _entities: ({ uscc: string; economy: Record<string, unknown> | null } | null)[] };
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function entities(server: RunningServer, codes: string[]): Promise<Answer> {
  const res = await signedFetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: ENTITIES, variables: { r: codes.map((uscc) => ({ __typename: 'Enterprise', uscc })) } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

const failedRecord = (status: string) => ({
  source: { department: 'ECONOMY_IT', status, found: null, fromCache: false, stale: false, message: expect.any(String) },
  honors: [],
  commitments: [],
  findings: [],
});

describe('economy subgraph end to end', () => {
  let sim: Simulator;
  let server: RunningServer;
  let wrongKeyServer: RunningServer;

  beforeAll(async () => {
    sim = createEconomySimulator({ dataset: economyFixtureDataset() });
    const legacyUrl = await sim.listen(0);
    const env = { ECONOMY_SUBGRAPH_PORT: '0', ECONOMY_LEGACY_URL: legacyUrl, ECONOMY_LEGACY_TIMEOUT_MS: '500', ECONOMY_CACHE_TTL_MS: '0' };
    server = await economySubgraph.start(economySubgraph.loadConfig(env), { clock });
    wrongKeyServer = await economySubgraph.start(economySubgraph.loadConfig({ ...env, ECONOMY_LEGACY_KEY: 'stolen-key' }), { clock });
  });
  afterAll(async () => {
    await server.stop();
    await wrongKeyServer.stop();
    await sim.close();
  });
  afterEach(() => {
    sim.setFault('none');
    sim.resetStats();
  });

  it('resolves enterprises from the platform, in one call, with exact findings', async () => {
    const answer = await entities(server, [RICH_USCC, CLEAN_USCC, UNKNOWN_USCC, ABSENT_USCC, RICH_USCC.toLowerCase()]);
    expect(answer.errors).toBeUndefined();
    const list = answer.data!._entities;
    expect(list).toHaveLength(5);
    const ok = (found: boolean) => ({ department: 'ECONOMY_IT', status: 'OK', found, fromCache: false, stale: false, message: null });

    const rich = list[0]!.economy!;
    expect(rich.source).toEqual(ok(true));
    expect(rich.honors).toEqual([
      { title: '诚信示范企业', year: 2023, authority: '广东省工业和信息化厅', awardedOn: '2023-03-15', validUntil: '2026-03-14' },
      { title: '专精特新“小巨人”企业', year: 2020, authority: '工业和信息化部', awardedOn: '2020-12-01', validUntil: '2023-11-30' },
      { title: '守合同重信用企业', year: 2022, authority: '深圳市工业和信息化局', awardedOn: '2022-05-09', validUntil: null },
    ]);
    expect(rich.commitments).toEqual([
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
    ]);
    const findings = rich.findings as Record<string, unknown>[];
    expect(findings.map((f) => [f.kind, f.status, f.listedOn, f.removedOn, f.publicUntil, f.reference])).toEqual([
      ['HONOR', 'ACTIVE', '2023-03-15', null, '2026-03-14', '诚信示范企业（2023年度）'],
      ['HONOR', 'EXPIRED', '2020-12-01', null, '2023-11-30', '专精特新“小巨人”企业（2020年度）'],
      ['HONOR', 'ACTIVE', '2022-05-09', null, null, '守合同重信用企业（2022年度）'],
      ['SAFETY_PRODUCTION_DISHONEST', 'ACTIVE', '2024-01-10', null, '2027-01-09', '粤工信民爆失信〔2024〕3号'],
      ['SAFETY_PRODUCTION_DISHONEST', 'REPAIRED', '2022-04-01', '2023-05-20', '2025-03-31', '粤工信民爆失信〔2022〕7号'],
      ['SAFETY_PRODUCTION_DISHONEST', 'EXPIRED', '2019-03-01', null, '2022-02-28', '深工信危化失信〔2019〕2号'],
      ['SAFETY_PRODUCTION_DISHONEST', 'REMOVED', '2023-08-01', '2023-10-12', '2026-07-31', '深工信危化失信〔2023〕5号'],
      ['CREDIT_COMMITMENT_BREACH', 'ACTIVE', '2023-01-16', null, null, 'XYCN-2022-0318'],
      ['CREDIT_COMMITMENT_BREACH', 'ACTIVE', '2021-09-03', null, null, 'XYCN-2021-0042'],
    ]);
    expect(findings[3]).toEqual({
      id: 'ECONOMY_IT:SAFETY_PRODUCTION_DISHONEST:粤工信民爆失信〔2024〕3号',
      department: 'ECONOMY_IT',
      kind: 'SAFETY_PRODUCTION_DISHONEST',
      status: 'ACTIVE',
      listedOn: '2024-01-10',
      removedOn: null,
      publicUntil: '2027-01-09',
      reference: '粤工信民爆失信〔2024〕3号',
      authority: '广东省工业和信息化厅',
      reason: '民用爆炸物品超量储存，责令整改后拒不整改',
      underObjection: true,
    });

    expect(list[1]).toEqual({ uscc: CLEAN_USCC, economy: { source: ok(true), honors: [], commitments: [], findings: [] } });
    expect(list[2]).toEqual({ uscc: UNKNOWN_USCC, economy: { source: ok(false), honors: [], commitments: [], findings: [] } });
    expect(list[3]).toEqual({ uscc: ABSENT_USCC, economy: { source: ok(false), honors: [], commitments: [], findings: [] } });
    // A lower-case code is the same enterprise: normalised, answered from the same lookup.
    expect(list[4]!.uscc).toBe(RICH_USCC.toLowerCase());
    expect(list[4]!.economy).toEqual(rich);
    expect(sim.stats()).toEqual({ calls: 1, codes: 4 });
  });

  it('answers an invalid code with a null record and BAD_USER_INPUT, without asking the platform', async () => {
    const answer = await entities(server, ['91440300MA5G00019X', 'not-a-code', CLEAN_USCC]);
    expect(answer.data!._entities.map((e) => e?.economy === null)).toEqual([true, true, false]);
    expect(answer.data!._entities.map((e) => e?.uscc)).toEqual(['91440300MA5G00019X', 'not-a-code', CLEAN_USCC]);
    expect(answer.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['BAD_USER_INPUT', ['_entities', 0, 'economy']],
      ['BAD_USER_INPUT', ['_entities', 1, 'economy']],
    ]);
    expect(sim.stats()).toEqual({ calls: 1, codes: 1 });
  });

  it('asks for 250 enterprises in exactly 3 parallel calls; duplicates are free', async () => {
    const codes = [RICH_USCC, ...Array.from({ length: 249 }, (_, i) => buildUscc('9', '1', '310000', `MD${String(i).padStart(6, '0')}`))];
    const answer = await entities(server, [...codes, ...codes.slice(0, 50)]);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities).toHaveLength(300);
    expect(answer.data!._entities.filter((e) => (e?.economy?.source as { found: boolean }).found)).toHaveLength(2);
    expect(sim.stats()).toEqual({ calls: 3, codes: 250 });
  });

  it.each([
    ['down', 'UNAVAILABLE'],
    ['error500', 'UNAVAILABLE'],
    ['hang', 'TIMEOUT'],
    ['malformed', 'BAD_RESPONSE'],
    ['ratelimit', 'RATE_LIMITED'],
  ] as const)('when the platform is %s the record says %s and holds nothing', async (fault, status) => {
    sim.setFault(fault);
    const answer = await entities(server, [RICH_USCC, CLEAN_USCC]);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities).toEqual([
      { uscc: RICH_USCC, economy: failedRecord(status) },
      { uscc: CLEAN_USCC, economy: failedRecord(status) },
    ]);
  });

  it('keeps the legacy body and address out of the source message', async () => {
    sim.setFault('error500');
    const answer = await entities(server, [RICH_USCC]);
    const message = (answer.data!._entities[0]!.economy!.source as { message: string }).message;
    expect(message).toBe('economy legacy system answered HTTP 500');
  });

  it('a wrong key (resultCode 401 in HTTP 200) is a failed source, never a clean record', async () => {
    const answer = await entities(wrongKeyServer, [RICH_USCC]);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities).toEqual([{ uscc: RICH_USCC, economy: failedRecord('BAD_RESPONSE') }]);
  });
});

describe('economy subgraph schema and config', () => {
  it('composes beside a subgraph that owns the query root', () => {
    // A stand-in for the credit subgraph: composition needs some subgraph with a Query type.
    const root = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { enterprise(uscc: String!): Enterprise }
      type Enterprise @key(fields: "uscc") { uscc: String! }
    `);
    const result = composeServices([
      { name: 'root', typeDefs: root, url: 'http://127.0.0.1:4000/' },
      { name: 'economy', typeDefs: parse(economySubgraph.sdl()), url: 'http://127.0.0.1:4006/' },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl).toContain('economy: EconomyRecord');
  });

  it('describes every type, field and enum value of its own SDL', () => {
    const own: DocumentNode = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));
    const missing: string[] = [];
    for (const def of own.definitions) {
      if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
        if (!def.description) missing.push(def.name.value);
        for (const f of def.fields ?? []) if (!f.description) missing.push(`${def.name.value}.${f.name.value}`);
      } else if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
        if (!def.description) missing.push(def.name.value);
        for (const v of def.values ?? []) if (!v.description) missing.push(`${def.name.value}.${v.name.value}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('reads its defaults and names every bad variable', () => {
    expect(economySubgraph.loadConfig({})).toEqual({
      http: { port: 4006, host: '127.0.0.1', sharedSecret: DEV_SUBGRAPH_SECRET },
      legacy: {
        url: 'http://127.0.0.1:4106',
        key: 'economy-dev-key',
        batchSize: 100,
        timeoutMs: 3000,
        connectTimeoutMs: 1000,
        connections: 32,
        breakerThreshold: 5,
        breakerHalfOpenMs: 5000,
      },
      cache: { ttlMs: 60000, staleIfErrorMs: 300000, max: 50000 },
      engines: { redisUrl: null, databaseUrl: null, replicas: 1 },
    });
    expect(() => economySubgraph.loadConfig({ ECONOMY_SUBGRAPH_PORT: 'x', ECONOMY_LEGACY_URL: 'nope' })).toThrow(
      /ECONOMY_SUBGRAPH_PORT[\s\S]*ECONOMY_LEGACY_URL|ECONOMY_LEGACY_URL[\s\S]*ECONOMY_SUBGRAPH_PORT/,
    );
  });
});
