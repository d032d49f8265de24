import { signedFetch } from '../../test/support/signed-fetch.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createTaxSimulator } from '../../legacy/tax/index.js';
import type { Simulator } from '../../legacy/sim/index.js';
import {
  BULK,
  OLD_NUMBER,
  USCC_A,
  USCC_HISTORY,
  USCC_NO_TAX,
  USCC_OLD,
  USCC_UNKNOWN,
  fixtureClock,
  fixtureDataset,
} from '../../test/fixtures/legacy/tax.js';
import type { RunningServer } from '../shared/index.js';
import { taxSubgraph } from './index.js';

const KEY = 'e2e-tax-key';
let sim: Simulator;
let simUrl: string;
let subgraph: RunningServer;

const config = (env: Record<string, string> = {}) =>
  taxSubgraph.loadConfig({ TAX_SUBGRAPH_PORT: '0', TAX_LEGACY_URL: simUrl, TAX_LEGACY_KEY: KEY, TAX_CACHE_TTL_MS: '0', ...env });

beforeAll(async () => {
  sim = createTaxSimulator({ dataset: fixtureDataset(), key: KEY });
  simUrl = await sim.listen(0);
  subgraph = await taxSubgraph.start(config(), { clock: fixtureClock });
});
afterAll(async () => {
  await subgraph.stop();
  await sim.close();
});
beforeEach(() => {
  sim.setFault('none');
  sim.resetStats();
});

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc tax {
  source { department status found }
  taxpayerId taxpayerIdType
  creditRatings { year level publishedOn inForceUntil }
  currentCreditRating { year level }
  majorViolations { caseNumber status stopReason stoppedOn underObjection amountYuan }
  arrears { taxType amountYuan since authority }
  findings { id kind status listedOn removedOn publicUntil reference authority underObjection }
} } } }`;

interface GqlResponse {
  data?: { _entities: ({ uscc: string; tax: Record<string, unknown> | null } | null)[] };
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function entities(usccs: string[], url = subgraph.url): Promise<GqlResponse> {
  const res = await signedFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: ENTITIES, variables: { r: usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })) } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as GqlResponse;
}

const failedSection = (status: string) => ({
  source: { department: 'TAX', status, found: null },
  taxpayerId: null,
  taxpayerIdType: null,
  creditRatings: [],
  currentCreditRating: null,
  majorViolations: [],
  arrears: [],
  findings: [],
});

describe('tax subgraph end to end (federation _entities)', () => {
  it('resolves found, old-number, history, unknown and invalid codes in one legacy call', async () => {
    const r = await entities([USCC_A, USCC_OLD, USCC_HISTORY, USCC_NO_TAX, USCC_UNKNOWN, '91110108600037341X', USCC_A]);
    expect(sim.stats()).toEqual({ calls: 1, codes: 5 });

    expect(r.errors).toHaveLength(1);
    expect(r.errors?.[0]).toMatchObject({ path: ['_entities', 5, 'tax'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(r.errors?.[0]?.message).toMatch(/校验码错误/);

    const e = r.data!._entities;
    expect(e.map((x) => x?.uscc)).toEqual([USCC_A, USCC_OLD, USCC_HISTORY, USCC_NO_TAX, USCC_UNKNOWN, '91110108600037341X', USCC_A]);
    expect(e[0]?.tax).toEqual({
      source: { department: 'TAX', status: 'OK', found: true },
      taxpayerId: USCC_A,
      taxpayerIdType: 'UNIFIED_SOCIAL_CREDIT_CODE',
      creditRatings: [
        { year: 2024, level: 'A', publishedOn: '2025-04-01', inForceUntil: '2026-03-31' },
        { year: 2023, level: 'B', publishedOn: '2024-04-01', inForceUntil: '2025-03-31' },
      ],
      currentCreditRating: { year: 2024, level: 'A' },
      majorViolations: [],
      arrears: [],
      findings: [
        {
          id: `TAX:TAX_CREDIT_A:${USCC_A}:纳税信用评价2024`,
          kind: 'TAX_CREDIT_A',
          status: 'ACTIVE',
          listedOn: '2025-04-01',
          removedOn: null,
          publicUntil: '2026-03-31',
          reference: '纳税信用评价2024',
          authority: '税务机关',
          underObjection: false,
        },
      ],
    });
    expect(e[6]?.tax).toEqual(e[0]?.tax);

    // Known to the tax office only by its old 15-digit number.
    const old = e[1]!.tax!;
    expect(old.source).toEqual({ department: 'TAX', status: 'OK', found: true });
    expect(old.taxpayerId).toBe(OLD_NUMBER);
    expect(old.taxpayerIdType).toBe('LEGACY_15_DIGIT');
    expect(old.currentCreditRating).toEqual({ year: 2024, level: 'D' });
    expect(old.majorViolations).toEqual([
      { caseNumber: '宜税稽罚〔2024〕15号', status: 'ACTIVE', stopReason: null, stoppedOn: null, underObjection: true, amountYuan: 1234567.89 },
    ]);
    expect(old.arrears).toEqual([{ taxType: '增值税', amountYuan: 356000.5, since: '2024-09-30', authority: '国家税务总局宜昌市西陵区税务局' }]);
    expect((old.findings as { kind: string; status: string; reference: string }[]).map((f) => [f.kind, f.status, f.reference])).toEqual([
      ['TAX_CREDIT_D', 'ACTIVE', '纳税信用评价2024'],
      ['TAX_CREDIT_A', 'EXPIRED', '纳税信用评价2022'],
      ['MAJOR_TAX_VIOLATION', 'ACTIVE', '宜税稽罚〔2024〕15号'],
      ['TAX_ARREARS', 'ACTIVE', '欠税公告-增值税-20240930'],
    ]);

    const hist = e[2]!.tax!;
    expect((hist.findings as { kind: string; status: string; removedOn: string | null }[]).map((f) => [f.kind, f.status, f.removedOn])).toEqual([
      ['TAX_CREDIT_D', 'EXPIRED', null],
      ['MAJOR_TAX_VIOLATION', 'REPAIRED', '2024-09-20'],
      ['MAJOR_TAX_VIOLATION', 'REMOVED', '2023-12-01'],
      ['MAJOR_TAX_VIOLATION', 'EXPIRED', null],
    ]);
    expect(hist.currentCreditRating).toEqual({ year: 2024, level: 'M' });
    expect((hist.majorViolations as { stopReason: string | null }[]).map((c) => c.stopReason)).toEqual(['CREDIT_REPAIR', 'DECISION_REVOKED', null]);

    const notFound = {
      source: { department: 'TAX', status: 'OK', found: false },
      taxpayerId: null,
      taxpayerIdType: null,
      creditRatings: [],
      currentCreditRating: null,
      majorViolations: [],
      arrears: [],
      findings: [],
    };
    expect(e[3]?.tax).toEqual(notFound);
    expect(e[4]?.tax).toEqual(notFound);
    expect(e[5]?.tax).toBeNull();
  });

  it('normalises a code typed in lower case or full width before asking', async () => {
    const typed = USCC_OLD.replace('9', '９').toLowerCase();
    const r = await entities([typed]);
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities[0]).toMatchObject({ uscc: typed, tax: { taxpayerId: OLD_NUMBER, source: { found: true } } });
  });

  it('costs ⌈N/50⌉ legacy calls for N codes, old-number taxpayers included', async () => {
    // 100 codes: exactly 2 calls at the limit of 50 (a smaller batch size would cost 3).
    const bulk = BULK.slice(0, 100);
    const codes = bulk.map((b) => b.uscc);
    const r = await entities([...codes, ...codes.slice(0, 10)]);
    expect(r.errors).toBeUndefined();
    expect(sim.stats()).toEqual({ calls: 2, codes: 100 });
    const ids = r.data!._entities.map((x) => (x?.tax as { taxpayerId: string }).taxpayerId);
    expect(ids.slice(0, 100)).toEqual(bulk.map((b) => b.tax!.taxpayerId));
    // 34 of the 100 (and 4 of the 10 repeats) are known only by their old 15-digit number.
    expect(ids.filter((id) => id.length === 15)).toHaveLength(34 + 4);
  });

  it.each([
    ['down', 'UNAVAILABLE'],
    ['error500', 'UNAVAILABLE'],
    ['malformed', 'BAD_RESPONSE'],
    ['ratelimit', 'RATE_LIMITED'],
  ] as const)('still returns the record when the legacy system is %s: source %s, nothing else', async (fault, status) => {
    sim.setFault(fault);
    const r = await entities([USCC_A, USCC_OLD]);
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities).toEqual([
      { uscc: USCC_A, tax: failedSection(status) },
      { uscc: USCC_OLD, tax: failedSection(status) },
    ]);
  });

  it('reports TIMEOUT when the legacy system hangs, and UNAVAILABLE with a wrong key', async () => {
    const quick = await taxSubgraph.start(config({ TAX_LEGACY_TIMEOUT_MS: '200' }), { clock: fixtureClock });
    const wrongKey = await taxSubgraph.start(config({ TAX_LEGACY_KEY: 'wrong' }), { clock: fixtureClock });
    try {
      const denied = await entities([USCC_A], wrongKey.url);
      expect(denied.data!._entities[0]?.tax).toEqual(failedSection('UNAVAILABLE'));
      sim.setFault('hang');
      const hung = await entities([USCC_A], quick.url);
      expect(hung.errors).toBeUndefined();
      expect(hung.data!._entities[0]?.tax).toEqual(failedSection('TIMEOUT'));
    } finally {
      sim.setFault('none');
      await quick.stop();
      await wrongKey.stop();
    }
  });
});

describe('tax subgraph module', () => {
  it('has the fixed name and an SDL that builds with the shared types', () => {
    expect(taxSubgraph.name).toBe('tax');
    const sdl = taxSubgraph.sdl();
    // Building validates the SDL against the federation spec (and throws on a bad one).
    const schema = buildSubgraphSchema({ typeDefs: parse(sdl) });
    expect(schema.getType('CreditFinding')).toBeDefined();
    const record = schema.getType('TaxRecord');
    expect(record && 'getFields' in record ? Object.keys(record.getFields()) : []).toEqual(
      expect.arrayContaining(['source', 'taxpayerId', 'creditRatings', 'arrears', 'majorViolations', 'findings']),
    );
    expect(sdl).not.toMatch(/Nsrsbh|Xydj|Qsje|Ajbh/);
  });

  it('loads its defaults and refuses a batch size the tax system would reject', () => {
    const c = taxSubgraph.loadConfig({});
    expect(c).toMatchObject({ http: { port: 4003, host: '127.0.0.1' }, legacy: { url: 'http://127.0.0.1:4103', key: 'tax-dev-key', batchSize: 50 } });
    expect(() => taxSubgraph.loadConfig({ TAX_LEGACY_BATCH_SIZE: '80' })).toThrow(/TAX_LEGACY_BATCH_SIZE: .*at most 50/);
    expect(() => taxSubgraph.loadConfig({ TAX_SUBGRAPH_PORT: 'x', TAX_LEGACY_URL: 'nope' })).toThrow(/TAX_SUBGRAPH_PORT[\s\S]*TAX_LEGACY_URL/);
  });
});
