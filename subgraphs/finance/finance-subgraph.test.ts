import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedFetch } from '../../test/support/signed-fetch.js';
import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../../legacy/dataset/in-memory.js';
import type { EnterpriseTruth, ProcurementDishonestEntry } from '../../legacy/dataset/types.js';
import { createFinanceSimulator } from '../../legacy/finance/index.js';
import type { Simulator } from '../../legacy/sim/index.js';
import type { RunningServer } from '../shared/index.js';
import { financeSubgraph } from './index.js';

const KEY = 'finance-e2e-key';
const TODAY = '2025-06-15';
const clock = (): Date => new Date('2025-06-15T04:00:00Z');
const AS_OF = '2025-06-15T04:00:00.000Z';

const entry = (reference: string, banFrom: string, banUntil: string, penaltyResult: string): ProcurementDishonestEntry => ({
  reference,
  authority: '武汉市财政局',
  facts: '与其他供应商恶意串通投标',
  legalBasis: '《中华人民共和国政府采购法》第七十七条第一款第（三）项',
  penaltyResult,
  decidedOn: banFrom,
  publishedOn: banFrom,
  banFrom,
  banUntil,
});
const enterprise = (body: string, entries: ProcurementDishonestEntry[] | null): EnterpriseTruth => ({
  uscc: buildUscc('9', '1', '420105', body),
  market: null,
  tax: null,
  courts: null,
  environment: null,
  economy: null,
  finance: entries && { procurementDishonest: entries },
});

/** Barred until today (the last day of 处罚期限), and an older bar long over. */
const BARRED = enterprise('30000001', [
  entry('武财采罚〔2024〕40号', '2024-06-16', '2025-06-15', '罚款人民币20000元，列入不良行为记录名单，一年内禁止参加政府采购活动'),
  entry('武财采罚〔2019〕8号', '2019-04-01', '2021-03-31', '罚款1.5万元，列入不良行为记录名单，二年内禁止参加政府采购活动'),
]);
/** Its bar ended yesterday. */
const EXPIRED = enterprise('30000002', [
  entry('武财采罚〔2024〕39号', '2024-06-15', '2025-06-14', '罚款人民币9000元，列入不良行为记录名单，一年内禁止参加政府采购活动'),
]);
const CLEAN = enterprise('30000003', null);
/** A valid code with a wrong final check character. */
const INVALID = BARRED.uscc.slice(0, 17) + (BARRED.uscc.endsWith('0') ? '1' : '0');

const QUERY = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Enterprise {
      uscc
      finance {
        source { department status found asOf message }
        findings { id department kind status listedOn removedOn publicUntil reference authority reason underObjection }
        procurementDishonestEntries { reference authority penaltyResult banYears fineYuan decidedOn publishedOn banFrom banUntil status }
      }
    }
  }
}`;

interface GraphQLAnswer {
  data?: { _entities: ({ uscc: string; finance: Record<string, unknown> | null } | null)[] };
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function entities(server: RunningServer, usccs: string[]): Promise<GraphQLAnswer> {
  const body = JSON.stringify({ query: QUERY, variables: { r: usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })) } });
  const res = await signedFetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);
  return (await res.json()) as GraphQLAnswer;
}

async function startPair(): Promise<{ sim: Simulator; server: RunningServer }> {
  const sim = createFinanceSimulator({ dataset: datasetFromRecords([BARRED, EXPIRED, CLEAN], TODAY), key: KEY, jitter: 0 });
  const url = await sim.listen(0);
  const config = financeSubgraph.loadConfig({
    FINANCE_SUBGRAPH_PORT: '0',
    FINANCE_LEGACY_URL: url,
    FINANCE_LEGACY_KEY: KEY,
    FINANCE_LEGACY_TIMEOUT_MS: '400',
    FINANCE_CACHE_TTL_MS: '0',
  });
  const server = await financeSubgraph.start(config, { clock });
  return { sim, server };
}

describe('finance subgraph', () => {
  let sim: Simulator;
  let server: RunningServer;
  beforeAll(async () => ({ sim, server } = await startPair()));
  afterAll(async () => {
    await server.stop();
    await sim.close();
  });

  it('composes as a federation subgraph', () => {
    const root = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { enterprise(uscc: String!): Enterprise }
      type Enterprise @key(fields: "uscc") { uscc: String! }`;
    const result = composeServices([
      { name: 'root', typeDefs: parse(root), url: 'http://root' },
      { name: financeSubgraph.name, typeDefs: parse(financeSubgraph.sdl()), url: 'http://finance' },
    ]);
    expect(result.errors).toBeUndefined();
  });

  it('refuses a batch limit above the system’s one code per call, naming the variable', () => {
    expect(() => financeSubgraph.loadConfig({ FINANCE_LEGACY_BATCH_SIZE: '2' })).toThrow(/FINANCE_LEGACY_BATCH_SIZE/);
  });

  it('resolves the finance section of a batch of enterprises, one search per distinct code', async () => {
    sim.resetStats();
    const answer = await entities(server, [BARRED.uscc, EXPIRED.uscc, CLEAN.uscc, INVALID, ` ${BARRED.uscc.toLowerCase()}`]);
    // BARRED's two spellings are one code: three searches in all.
    expect(sim.stats().calls).toBe(3);
    const [barred, expired, clean, invalid, respelt] = answer.data!._entities;
    expect(barred!.finance).toEqual({
      source: { department: 'FINANCE', status: 'OK', found: true, asOf: AS_OF, message: null },
      findings: [
        {
          id: 'FINANCE:PROCUREMENT_DISHONEST:武财采罚〔2024〕40号',
          department: 'FINANCE',
          kind: 'PROCUREMENT_DISHONEST',
          status: 'ACTIVE',
          listedOn: '2024-06-16',
          removedOn: null,
          publicUntil: '2025-06-15',
          reference: '武财采罚〔2024〕40号',
          authority: '武汉市财政局',
          reason: '与其他供应商恶意串通投标',
          underObjection: false,
        },
        {
          id: 'FINANCE:PROCUREMENT_DISHONEST:武财采罚〔2019〕8号',
          department: 'FINANCE',
          kind: 'PROCUREMENT_DISHONEST',
          status: 'EXPIRED',
          listedOn: '2019-04-01',
          removedOn: null,
          publicUntil: '2021-03-31',
          reference: '武财采罚〔2019〕8号',
          authority: '武汉市财政局',
          reason: '与其他供应商恶意串通投标',
          underObjection: false,
        },
      ],
      procurementDishonestEntries: [
        {
          reference: '武财采罚〔2024〕40号',
          authority: '武汉市财政局',
          penaltyResult: '罚款人民币20000元，列入不良行为记录名单，一年内禁止参加政府采购活动',
          banYears: 1,
          fineYuan: 20000,
          decidedOn: '2024-06-16',
          publishedOn: '2024-06-16',
          banFrom: '2024-06-16',
          banUntil: '2025-06-15',
          status: 'ACTIVE',
        },
        {
          reference: '武财采罚〔2019〕8号',
          authority: '武汉市财政局',
          penaltyResult: '罚款1.5万元，列入不良行为记录名单，二年内禁止参加政府采购活动',
          banYears: 2,
          fineYuan: 15000,
          decidedOn: '2019-04-01',
          publishedOn: '2019-04-01',
          banFrom: '2019-04-01',
          banUntil: '2021-03-31',
          status: 'EXPIRED',
        },
      ],
    });
    expect((expired!.finance as { findings: { status: string }[] }).findings.map((f) => f.status)).toEqual(['EXPIRED']);
    expect(clean!.finance).toEqual({
      source: { department: 'FINANCE', status: 'OK', found: false, asOf: AS_OF, message: null },
      findings: [],
      procurementDishonestEntries: [],
    });
    expect(invalid!.finance).toBeNull();
    expect(respelt!.finance).toEqual(barred!.finance);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]).toMatchObject({ path: ['_entities', 3, 'finance'], extensions: { code: 'BAD_USER_INPUT' } });
  });

  it.each([
    ['down', 'UNAVAILABLE'],
    ['hang', 'TIMEOUT'],
    ['malformed', 'BAD_RESPONSE'],
    ['ratelimit', 'RATE_LIMITED'],
  ] as const)('legacy fault %s: the section says %s and holds nothing, without the address', async (fault, status) => {
    sim.setFault(fault);
    try {
      const answer = await entities(server, [BARRED.uscc]);
      const finance = answer.data!._entities[0]!.finance as {
        source: { status: string; found: unknown; message: string };
        findings: unknown[];
        procurementDishonestEntries: unknown[];
      };
      expect(finance.source.status).toBe(status);
      expect(finance.source.found).toBeNull();
      expect(finance.findings).toEqual([]);
      expect(finance.procurementDishonestEntries).toEqual([]);
      expect(JSON.stringify(answer)).not.toContain('127.0.0.1');
    } finally {
      sim.setFault('none');
    }
  });
});
