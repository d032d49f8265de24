import { DEV_SUBGRAPH_SECRET } from '../../common/http/index.js';
import { signedFetch } from '../../test/support/signed-fetch.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../../legacy/dataset/in-memory.js';
import { createMarketSimulator } from '../../legacy/market/index.js';
import { FIXTURE_RECORDS, FIXTURE_TODAY, USCC } from '../../test/fixtures/legacy/market.js';
import type { Simulator } from '../../legacy/sim/index.js';
import type { RunningServer } from '../shared/index.js';
import { marketSubgraph } from './index.js';

// 2025-06-15 12:00 in China.
const clock = () => new Date('2025-06-15T04:00:00Z');

let sim: Simulator;
let subgraph: RunningServer;

beforeAll(async () => {
  sim = createMarketSimulator({ dataset: datasetFromRecords(FIXTURE_RECORDS, FIXTURE_TODAY) });
  const legacyUrl = await sim.listen(0);
  const config = marketSubgraph.loadConfig({
    MARKET_SUBGRAPH_PORT: '0',
    MARKET_LEGACY_URL: legacyUrl,
    MARKET_LEGACY_TIMEOUT_MS: '500',
    MARKET_CACHE_TTL_MS: '0',
  });
  subgraph = await marketSubgraph.start(config, { clock });
});
afterAll(async () => {
  await subgraph.stop();
  await sim.close();
});
afterEach(() => {
  sim.setFault('none');
  sim.resetStats();
});

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Enterprise {
        uscc
        marketRegulation {
          source {
            department
            status
            found
            message
          }
          registration {
            name
            status
            companyType
            establishedOn
            closedOn
            registeredCapitalWan
            authority
            legalRepresentative {
              name
              idNumberMasked
            }
          }
          penalties {
            reference
            penaltyType
            fineYuan
            severe
            decidedOn
            status
            publicUntil
            removedOn
            underObjection
          }
          findings {
            id
            kind
            status
            listedOn
            removedOn
            publicUntil
            reference
            authority
            underObjection
            department
            penalty {
              decidedOn
              penaltyType
              categories
              fineYuan
            }
          }
        }
      }
    }
  }
`;

async function entities(codes: string[]): Promise<{ data?: any; errors?: any[] }> {
  const res = await signedFetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: ENTITIES, variables: { r: codes.map((uscc) => ({ __typename: 'Enterprise', uscc })) } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { data?: any; errors?: any[] };
}

describe('market subgraph end to end', () => {
  it('resolves enterprises through one batched legacy call', async () => {
    const invalid = '91420100MA4K00010X';
    const { data, errors } = await entities([USCC.busy, USCC.clean, USCC.absent, USCC.unknownToMarket, invalid, USCC.busy, USCC.revoked]);
    // Six valid codes, five distinct; the invalid one never reaches the legacy system.
    expect(sim.stats()).toEqual({ calls: 1, codes: 5 });

    const [busy, clean, absent, unknown, bad, busyAgain, revoked] = data._entities;
    expect(busy.uscc).toBe(USCC.busy);
    expect(busy.marketRegulation.source).toEqual({ department: 'MARKET_REGULATION', status: 'OK', found: true, message: null });
    expect(busy.marketRegulation.registration).toEqual({
      name: '武汉繁星商贸有限公司',
      status: 'OPERATING',
      companyType: '有限责任公司(自然人投资或控股)',
      establishedOn: '2016-03-08',
      closedOn: null,
      registeredCapitalWan: 1234.5,
      authority: '武汉东湖新技术开发区市场监督管理局',
      legalRepresentative: { name: '李娜', idNumberMasked: '420106********002X' },
    });
    expect(busy.marketRegulation.findings.map((f: any) => [f.kind, f.status, f.reference])).toEqual([
      ['ABNORMAL_OPERATIONS', 'REMOVED', '武东市监异列〔2022〕301号'],
      ['ABNORMAL_OPERATIONS', 'REPAIRED', '武东市监异列〔2023〕88号'],
      ['ABNORMAL_OPERATIONS', 'ACTIVE', '武东市监异列〔2025〕12号'],
      ['SERIOUS_ILLEGAL_DISHONEST', 'ACTIVE', '鄂市监严列〔2024〕5号'],
      ['SERIOUS_ILLEGAL_DISHONEST', 'REMOVED', '鄂市监严列〔2022〕19号'],
      ['ADMINISTRATIVE_PENALTY', 'ACTIVE', '武东市监处罚〔2024〕118号'],
      ['SEVERE_ADMINISTRATIVE_PENALTY', 'ACTIVE', '武市监处罚〔2025〕7号'],
      ['ADMINISTRATIVE_PENALTY', 'REPAIRED', '武东市监处罚〔2023〕56号'],
      ['ADMINISTRATIVE_PENALTY', 'EXPIRED', '武东市监处罚〔2021〕9号'],
    ]);
    expect(busy.marketRegulation.findings[2]).toEqual({
      id: 'MARKET:ABNORMAL_OPERATIONS:武东市监异列〔2025〕12号',
      kind: 'ABNORMAL_OPERATIONS',
      status: 'ACTIVE',
      listedOn: '2025-03-01',
      removedOn: null,
      publicUntil: null,
      reference: '武东市监异列〔2025〕12号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      underObjection: true,
      department: 'MARKET_REGULATION',
      penalty: null,
    });
    // The penalty findings carry the decision's date, kinds and fine; the listings carry none.
    expect(busy.marketRegulation.findings.map((f: any) => f.penalty)).toEqual([
      null,
      null,
      null,
      null,
      null,
      { decidedOn: '2024-09-10', penaltyType: '罚款', categories: ['FINE'], fineYuan: 5000 },
      { decidedOn: '2025-01-20', penaltyType: '罚款;没收违法所得', categories: ['FINE', 'CONFISCATION'], fineYuan: 286543.21 },
      { decidedOn: '2023-05-04', penaltyType: '罚款', categories: ['FINE'], fineYuan: 20000 },
      { decidedOn: '2021-03-01', penaltyType: '警告', categories: ['WARNING'], fineYuan: null },
    ]);
    expect(busy.marketRegulation.penalties[1]).toEqual({
      reference: '武市监处罚〔2025〕7号',
      penaltyType: '罚款;没收违法所得',
      fineYuan: 286543.21,
      severe: true,
      decidedOn: '2025-01-20',
      status: 'ACTIVE',
      publicUntil: '2028-01-19',
      removedOn: null,
      underObjection: true,
    });
    expect(busy.marketRegulation.penalties[2]).toMatchObject({ status: 'REPAIRED', removedOn: '2024-02-01', fineYuan: 20000 });
    expect(busyAgain).toEqual(busy);

    expect(clean.marketRegulation.source).toMatchObject({ status: 'OK', found: true });
    expect(clean.marketRegulation.findings).toEqual([]);
    expect(clean.marketRegulation.penalties).toEqual([]);
    expect(clean.marketRegulation.registration.legalRepresentative).toEqual({ name: '张伟', idNumberMasked: '420502********1234' });

    for (const missing of [absent, unknown]) {
      expect(missing.marketRegulation).toEqual({
        source: { department: 'MARKET_REGULATION', status: 'OK', found: false, message: null },
        registration: null,
        penalties: [],
        findings: [],
      });
    }

    expect(revoked.marketRegulation.registration).toMatchObject({ name: '武汉速达物流有限公司', status: 'REVOKED', closedOn: '2020-10-16' });

    expect(bad).toEqual({ uscc: invalid, marketRegulation: null });
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatchObject({ path: ['_entities', 4, 'marketRegulation'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(errors?.[0].message).toContain('校验码错误');
  });

  it('normalises a code typed in lower case or full width before looking it up', async () => {
    const fullWidth = [...USCC.busy.toLowerCase()].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    const { data, errors } = await entities([fullWidth]);
    expect(errors).toBeUndefined();
    expect(data._entities[0].marketRegulation.registration.name).toBe('武汉繁星商贸有限公司');
  });

  it.each([
    ['down', 'UNAVAILABLE'],
    ['hang', 'TIMEOUT'],
    ['error500', 'UNAVAILABLE'],
    ['malformed', 'BAD_RESPONSE'],
    ['ratelimit', 'RATE_LIMITED'],
  ] as const)('when the legacy system is %s the record says %s and holds nothing', async (fault, status) => {
    sim.setFault(fault);
    const { data, errors } = await entities([USCC.busy, USCC.clean]);
    expect(errors).toBeUndefined();
    for (const e of data._entities) {
      expect(e.marketRegulation.source).toMatchObject({ department: 'MARKET_REGULATION', status, found: null });
      expect(e.marketRegulation.source.message).toEqual(expect.any(String));
      expect(e.marketRegulation.source.message).not.toMatch(/127\.0\.0\.1|NullPointer|oracle/i);
      expect(e.marketRegulation.registration).toBeNull();
      expect(e.marketRegulation.penalties).toEqual([]);
      expect(e.marketRegulation.findings).toEqual([]);
    }
  });

  it('publishes an SDL with the fixed names the other parts rely on', () => {
    const sdl = marketSubgraph.sdl();
    for (const s of [
      'marketRegulation: MarketRegulationRecord',
      'type MarketRegulationRecord',
      'source: SourceStatus!',
      'findings: [CreditFinding!]!',
      'enum RegistrationStatus',
      'type CreditFinding @shareable',
    ]) {
      expect(sdl).toContain(s);
    }
    expect(marketSubgraph.name).toBe('market');
  });
});

describe('market subgraph configuration', () => {
  it('has the documented defaults', () => {
    expect(marketSubgraph.loadConfig({})).toEqual({
      http: { port: 4002, host: '127.0.0.1', sharedSecret: DEV_SUBGRAPH_SECRET },
      legacy: {
        url: 'http://127.0.0.1:4102',
        key: 'market-dev-key',
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
  });

  it('names every bad variable in one message', () => {
    expect(() => marketSubgraph.loadConfig({ MARKET_SUBGRAPH_PORT: 'x', MARKET_LEGACY_URL: 'not a url' })).toThrow(
      /MARKET_SUBGRAPH_PORT[\s\S]*MARKET_LEGACY_URL|MARKET_LEGACY_URL[\s\S]*MARKET_SUBGRAPH_PORT/,
    );
  });
});
