import { signedFetch } from '../../test/support/signed-fetch.js';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourtsSimulator } from '../../legacy/courts/index.js';
import { CLEAN, DEBTOR, EXPIRED_DEBTOR, MANY_CASES, UNKNOWN, fixtureClock, fixtureDataset } from '../../test/fixtures/legacy/courts.js';
import type { Simulator } from '../../legacy/sim/index.js';
import type { RunningServer } from '../shared/index.js';
import { courtsSubgraph } from './index.js';

const KEY = 'courts-e2e-key';
const AS_OF = '2025-06-15T04:00:00.000Z';
/** DEBTOR's code with a wrong final check character. */
const INVALID = DEBTOR.uscc.slice(0, 17) + (DEBTOR.uscc.endsWith('0') ? '1' : '0');

const QUERY = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Enterprise {
      uscc
      judicial {
        source { department status found asOf message }
        findings { id kind status listedOn removedOn publicUntil reference authority reason underObjection }
        enforcementCases { caseNumber court filedOn amountYuan closedOn }
        dishonestDebtorEntries { caseNumber filedOn publishedOn obligation performance circumstances legalRepresentative removalReason removalReasonText underObjection status }
      }
    }
  }
}`;

interface GraphQLAnswer {
  data?: { _entities: ({ uscc: string; judicial: Record<string, unknown> | null } | null)[] };
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function entities(server: RunningServer, usccs: string[]): Promise<GraphQLAnswer> {
  const res = await signedFetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { r: usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })) } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as GraphQLAnswer;
}

async function startPair(fault?: 'down' | 'hang' | 'malformed'): Promise<{ sim: Simulator; server: RunningServer }> {
  const sim = createCourtsSimulator({ dataset: fixtureDataset(), key: KEY });
  const url = await sim.listen(0);
  if (fault) sim.setFault(fault);
  const config = courtsSubgraph.loadConfig({
    COURTS_SUBGRAPH_PORT: '0',
    COURTS_LEGACY_URL: url,
    COURTS_LEGACY_KEY: KEY,
    COURTS_LEGACY_TIMEOUT_MS: '400',
    COURTS_CACHE_TTL_MS: '0',
  });
  const server = await courtsSubgraph.start(config, { clock: fixtureClock });
  return { sim, server };
}

const emptyRecord = (status: string, message: string) => ({
  source: { department: 'COURTS', status, found: null, asOf: null, message },
  findings: [],
  enforcementCases: [],
  dishonestDebtorEntries: [],
});

describe('courts subgraph', () => {
  let sim: Simulator;
  let server: RunningServer;
  beforeAll(async () => ({ sim, server } = await startPair()));
  afterAll(async () => {
    await server.stop();
    await sim.close();
  });

  it('composes as a federation subgraph', () => {
    // A stand-in for the subgraph that owns the query root.
    const root = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { enterprise(uscc: String!): Enterprise }
      type Enterprise @key(fields: "uscc") { uscc: String! }`;
    const result = composeServices([
      { name: 'root', typeDefs: parse(root), url: 'http://root' },
      { name: courtsSubgraph.name, typeDefs: parse(courtsSubgraph.sdl()), url: 'http://courts' },
    ]);
    expect(result.errors).toBeUndefined();
  });

  it('resolves judicial records of a batch of enterprises', async () => {
    sim.resetStats();
    const answer = await entities(server, [
      DEBTOR.uscc,
      EXPIRED_DEBTOR.uscc,
      CLEAN.uscc,
      UNKNOWN.uscc,
      MANY_CASES.uscc,
      INVALID,
      ` ${DEBTOR.uscc.toLowerCase()}`,
    ]);

    // One call per distinct code, 3 pages for the 45 cases; the invalid code and the duplicate cost nothing.
    expect(sim.stats()).toEqual({ calls: 7, codes: 7 });

    expect(answer.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 5, 'judicial'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
    expect(answer.errors![0]!.message).toContain('校验码');
    const [debtor, expired, clean, unknown, many, invalid, again] = answer.data!._entities;

    expect(debtor!.judicial).toEqual({
      source: { department: 'COURTS', status: 'OK', found: true, asOf: AS_OF, message: null },
      findings: [
        {
          id: 'COURTS:DISHONEST_DEBTOR:(2024)京0105执1234号',
          kind: 'DISHONEST_DEBTOR',
          status: 'ACTIVE',
          listedOn: '2024-03-05',
          removedOn: null,
          publicUntil: '2026-03-05',
          reference: '(2024)京0105执1234号',
          authority: '北京市朝阳区人民法院',
          reason: '有履行能力而拒不履行生效法律文书确定义务',
          underObjection: true,
        },
        {
          id: 'COURTS:DISHONEST_DEBTOR:(2023)京0105执567号',
          kind: 'DISHONEST_DEBTOR',
          status: 'REMOVED',
          listedOn: '2023-05-10',
          removedOn: '2023-11-20',
          publicUntil: '2025-05-10',
          reference: '(2023)京0105执567号',
          authority: '北京市朝阳区人民法院',
          reason: '违反财产报告制度',
          underObjection: false,
        },
        {
          id: 'COURTS:CONSUMPTION_RESTRICTION:(2024)京0105执1234号',
          kind: 'CONSUMPTION_RESTRICTION',
          status: 'ACTIVE',
          listedOn: '2024-02-20',
          removedOn: null,
          publicUntil: null,
          reference: '(2024)京0105执1234号',
          authority: '北京市朝阳区人民法院',
          reason: '未按执行通知书指定的期间履行生效法律文书确定的给付义务',
          underObjection: false,
        },
        {
          id: 'COURTS:CONSUMPTION_RESTRICTION:(2022)京0108执88号',
          kind: 'CONSUMPTION_RESTRICTION',
          status: 'REPAIRED',
          listedOn: '2022-06-01',
          removedOn: '2024-01-10',
          publicUntil: null,
          reference: '(2022)京0108执88号',
          authority: '北京市海淀区人民法院',
          reason: '未履行给付义务',
          underObjection: false,
        },
      ],
      enforcementCases: [
        { caseNumber: '(2024)京0105执1234号', court: '北京市朝阳区人民法院', filedOn: '2024-01-15', amountYuan: 350000, closedOn: null },
        { caseNumber: '(2023)京0105执567号', court: '北京市朝阳区人民法院', filedOn: '2023-02-01', amountYuan: 120000.5, closedOn: '2023-11-20' },
      ],
      dishonestDebtorEntries: [
        {
          caseNumber: '(2024)京0105执1234号',
          filedOn: '2024-01-15',
          publishedOn: '2024-03-05',
          obligation: '支付货款人民币350000元及利息',
          performance: '全部未履行',
          circumstances: '有履行能力而拒不履行生效法律文书确定义务',
          legalRepresentative: '张三',
          removalReason: null,
          removalReasonText: null,
          underObjection: true,
          status: 'ACTIVE',
        },
        {
          caseNumber: '(2023)京0105执567号',
          filedOn: '2023-02-01',
          publishedOn: '2023-05-10',
          obligation: '支付工程款人民币120000元',
          performance: '全部已履行',
          circumstances: '违反财产报告制度',
          legalRepresentative: '张三',
          removalReason: 'PERFORMED',
          removalReasonText: '已履行',
          underObjection: false,
          status: 'REMOVED',
        },
      ],
    });

    const kindsAndStates = (e: typeof expired) => (e!.judicial!.findings as { kind: string; status: string }[]).map((f) => `${f.kind} ${f.status}`);
    expect(kindsAndStates(expired)).toEqual(['DISHONEST_DEBTOR EXPIRED', 'CONSUMPTION_RESTRICTION REMOVED']);
    expect(expired!.judicial!.dishonestDebtorEntries).toEqual([
      expect.objectContaining({ legalRepresentative: null, filedOn: null, status: 'EXPIRED', removalReason: null }),
    ]);

    for (const e of [clean, unknown]) {
      expect(e!.judicial).toEqual({
        source: { department: 'COURTS', status: 'OK', found: false, asOf: AS_OF, message: null },
        findings: [],
        enforcementCases: [],
        dishonestDebtorEntries: [],
      });
    }

    const cases = many!.judicial!.enforcementCases as { caseNumber: string; amountYuan: number; closedOn: string | null }[];
    expect(cases).toHaveLength(45);
    expect(cases[44]).toEqual({
      caseNumber: '(2024)粤0304执1044号',
      court: '深圳市福田区人民法院',
      filedOn: '2024-09-10',
      amountYuan: 45000,
      closedOn: null,
    });
    expect(cases.filter((c) => c.closedOn === '2025-01-20')).toHaveLength(15);
    expect(many!.judicial!.findings).toEqual([]);

    expect(invalid).toEqual({ uscc: INVALID, judicial: null });
    expect(again!.judicial).toEqual(debtor!.judicial);
  });
});

describe.each([
  { fault: 'down', status: 'UNAVAILABLE', message: 'courts legacy system could not be reached' },
  { fault: 'hang', status: 'TIMEOUT', message: 'courts legacy system did not answer in time' },
  { fault: 'malformed', status: 'BAD_RESPONSE', message: 'courts legacy system answered with invalid JSON' },
] as const)('courts subgraph when the legacy system is $fault', ({ fault, status, message }) => {
  let sim: Simulator;
  let server: RunningServer;
  beforeAll(async () => ({ sim, server } = await startPair(fault)));
  afterAll(async () => {
    await server.stop();
    await sim.close();
  });

  it(`returns the record with source ${status}, no findings and no error`, async () => {
    const answer = await entities(server, [DEBTOR.uscc]);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities).toEqual([{ uscc: DEBTOR.uscc, judicial: emptyRecord(status, message) }]);
  });
});
