import { composeServices } from '@apollo/composition';
import { Kind, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../../legacy/dataset/in-memory.js';
import type { EnterpriseTruth } from '../../legacy/dataset/types.js';
import { createHrssSimulator, type HrssSimulator } from '../../legacy/hrss/index.js';
import { signedFetch } from '../../test/support/signed-fetch.js';
import type { RunningServer } from '../shared/index.js';
import { hrssSubgraph } from './index.js';

const LISTED = buildUscc('9', '1', '420502', 'MH000021');
const ARREARS = buildUscc('9', '1', '430104', 'MH000022');
const NOT_HELD = buildUscc('9', '1', '610112', 'MH000023');
const TODAY = '2024-06-15';
const EXPORTED_AT = '2024-06-15T01:30:00.000Z';

const empty = { market: null, tax: null, courts: null, environment: null, economy: null };
const RECORDS: EnterpriseTruth[] = [
  {
    uscc: LISTED,
    ...empty,
    hrss: {
      wageArrearsDishonest: [
        {
          reference: '宜西人社失信〔2024〕3号',
          authority: '宜昌市西陵区人力资源和社会保障局',
          reason: '拖欠农民工工资',
          listedOn: '2024-01-10',
          publicUntil: '2027-01-09',
          amountYuan: 120000,
          workers: 12,
          underObjection: true,
        },
        {
          reference: '宜西人社失信〔2020〕1号',
          authority: '宜昌市西陵区人力资源和社会保障局',
          reason: '拖欠农民工工资',
          listedOn: '2020-03-01',
          publicUntil: '2023-02-28',
          amountYuan: 56000,
          workers: 5,
        },
        {
          reference: '宜西人社失信〔2023〕9号',
          authority: '宜昌市西陵区人力资源和社会保障局',
          reason: '拖欠农民工工资',
          listedOn: '2023-01-05',
          publicUntil: '2026-01-04',
          removedOn: '2023-09-01',
          removal: 'REPAIRED',
          amountYuan: 30000,
          workers: 3,
        },
        {
          reference: '宜西人社失信〔2023〕2号',
          authority: '宜昌市西陵区人力资源和社会保障局',
          reason: '拖欠农民工工资',
          listedOn: '2023-02-01',
          publicUntil: '2026-01-31',
          removedOn: '2023-03-01',
          removal: 'REVOKED',
          amountYuan: 10000,
          workers: 2,
        },
      ],
      socialInsuranceArrears: [],
    },
  },
  {
    uscc: ARREARS,
    ...empty,
    hrss: {
      wageArrearsDishonest: [],
      socialInsuranceArrears: [
        {
          reference: '长社保欠核〔2024〕0318号',
          authority: '长沙市社会保险事业管理局',
          insuranceTypes: ['企业职工基本养老保险', '失业保险'],
          amountYuan: 48215.6,
          since: '2023-10-01',
          establishedOn: '2024-03-17',
        },
        {
          reference: '长社保欠核〔2022〕0101号',
          authority: '长沙市社会保险事业管理局',
          insuranceTypes: ['工伤保险'],
          amountYuan: 3120,
          since: '2021-05-01',
          establishedOn: '2021-09-01',
          settledOn: '2022-01-10',
        },
      ],
    },
  },
];

const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Enterprise {
      uscc
      humanResources {
        source { department status asOf found fromCache stale message }
        wageArrearsListings { reference authority reason listedOn listUntil removedOn removalReason amountYuan workers underObjection }
        socialInsuranceArrears { reference authority insuranceTypes amountYuan sinceMonth establishedOn settledOn }
        findings { id department kind status listedOn removedOn publicUntil reference authority reason underObjection penalty { decidedOn } }
      }
    }
  }
}`;

interface Answer {
  data?: { _entities: { uscc: string; humanResources: Record<string, unknown> | null }[] };
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

const readyz = async (server: RunningServer) => (await fetch(new URL('/readyz', server.url))).status;

describe('hrss subgraph end to end', () => {
  let sim: HrssSimulator;
  let legacyUrl: string;
  let now = Date.parse('2024-06-15T02:00:00Z');
  const clock = () => new Date(now);
  let server: RunningServer;
  const env = () => ({ HRSS_SUBGRAPH_PORT: '0', HRSS_LEGACY_URL: legacyUrl, HRSS_EXPORT_REFRESH_MS: '3600000' });

  beforeAll(async () => {
    sim = createHrssSimulator({ dataset: datasetFromRecords(RECORDS, TODAY), key: 'hrss-dev-key', settings: { exportedAt: EXPORTED_AT } });
    legacyUrl = await sim.listen(0);
    server = await hrssSubgraph.start(hrssSubgraph.loadConfig(env()), { clock });
  });
  afterAll(async () => {
    await server.stop();
    await sim.close();
  });

  it('answers from the export it loaded at start: listings, arrears and findings as of today', async () => {
    expect(await readyz(server)).toBe(200);
    const answer = await entities(server, [LISTED, ARREARS, NOT_HELD]);
    expect(answer.errors).toBeUndefined();
    const [listed, arrears, notHeld] = answer.data!._entities;
    const ok = (found: boolean) => ({
      department: 'HUMAN_RESOURCES',
      status: 'OK',
      asOf: EXPORTED_AT,
      found,
      fromCache: false,
      stale: false,
      message: null,
    });

    expect(listed!.humanResources!.source).toEqual(ok(true));
    expect(listed!.humanResources!.wageArrearsListings).toEqual([
      {
        reference: '宜西人社失信〔2024〕3号',
        authority: '宜昌市西陵区人力资源和社会保障局',
        reason: '拖欠农民工工资',
        listedOn: '2024-01-10',
        listUntil: '2027-01-09',
        removedOn: null,
        removalReason: null,
        amountYuan: 120000,
        workers: 12,
        underObjection: true,
      },
      {
        reference: '宜西人社失信〔2020〕1号',
        authority: '宜昌市西陵区人力资源和社会保障局',
        reason: '拖欠农民工工资',
        listedOn: '2020-03-01',
        listUntil: '2023-02-28',
        removedOn: '2023-03-01',
        removalReason: 'PERIOD_ENDED',
        amountYuan: 56000,
        workers: 5,
        underObjection: false,
      },
      {
        reference: '宜西人社失信〔2023〕9号',
        authority: '宜昌市西陵区人力资源和社会保障局',
        reason: '拖欠农民工工资',
        listedOn: '2023-01-05',
        listUntil: '2026-01-04',
        removedOn: '2023-09-01',
        removalReason: 'EARLY_REMOVAL',
        amountYuan: 30000,
        workers: 3,
        underObjection: false,
      },
      {
        reference: '宜西人社失信〔2023〕2号',
        authority: '宜昌市西陵区人力资源和社会保障局',
        reason: '拖欠农民工工资',
        listedOn: '2023-02-01',
        listUntil: '2026-01-31',
        removedOn: '2023-03-01',
        removalReason: 'REVOKED',
        amountYuan: 10000,
        workers: 2,
        underObjection: false,
      },
    ]);
    const findings = listed!.humanResources!.findings as Record<string, unknown>[];
    expect(findings.map((f) => [f.kind, f.status, f.listedOn, f.removedOn, f.publicUntil, f.reference])).toEqual([
      ['WAGE_ARREARS_DISHONEST', 'ACTIVE', '2024-01-10', null, '2027-01-09', '宜西人社失信〔2024〕3号'],
      // The end of the three years is expiry, not a removal.
      ['WAGE_ARREARS_DISHONEST', 'EXPIRED', '2020-03-01', null, '2023-02-28', '宜西人社失信〔2020〕1号'],
      ['WAGE_ARREARS_DISHONEST', 'REPAIRED', '2023-01-05', '2023-09-01', '2026-01-04', '宜西人社失信〔2023〕9号'],
      ['WAGE_ARREARS_DISHONEST', 'REMOVED', '2023-02-01', '2023-03-01', '2026-01-31', '宜西人社失信〔2023〕2号'],
    ]);
    expect(findings[0]).toEqual({
      id: 'HUMAN_RESOURCES:WAGE_ARREARS_DISHONEST:宜西人社失信〔2024〕3号',
      department: 'HUMAN_RESOURCES',
      kind: 'WAGE_ARREARS_DISHONEST',
      status: 'ACTIVE',
      listedOn: '2024-01-10',
      removedOn: null,
      publicUntil: '2027-01-09',
      reference: '宜西人社失信〔2024〕3号',
      authority: '宜昌市西陵区人力资源和社会保障局',
      reason: '拖欠农民工工资（涉及农民工12人，拖欠工资120000.00元）',
      underObjection: true,
      penalty: null,
    });

    expect(arrears!.humanResources).toEqual({
      source: ok(true),
      wageArrearsListings: [],
      socialInsuranceArrears: [
        {
          reference: '长社保欠核〔2024〕0318号',
          authority: '长沙市社会保险事业管理局',
          insuranceTypes: ['企业职工基本养老保险', '失业保险'],
          amountYuan: 48215.6,
          sinceMonth: '2023-10',
          establishedOn: '2024-03-17',
          settledOn: null,
        },
        {
          reference: '长社保欠核〔2022〕0101号',
          authority: '长沙市社会保险事业管理局',
          insuranceTypes: ['工伤保险'],
          amountYuan: 3120,
          sinceMonth: '2021-05',
          establishedOn: '2021-09-01',
          settledOn: '2022-01-10',
        },
      ],
      findings: [
        {
          id: 'HUMAN_RESOURCES:SOCIAL_INSURANCE_ARREARS:长社保欠核〔2024〕0318号',
          department: 'HUMAN_RESOURCES',
          kind: 'SOCIAL_INSURANCE_ARREARS',
          status: 'ACTIVE',
          listedOn: '2024-03-17',
          removedOn: null,
          publicUntil: null,
          reference: '长社保欠核〔2024〕0318号',
          authority: '长沙市社会保险事业管理局',
          reason: '自2023年10月起欠缴企业职工基本养老保险、失业保险费48215.60元',
          underObjection: false,
          penalty: null,
        },
        expect.objectContaining({ kind: 'SOCIAL_INSURANCE_ARREARS', status: 'REMOVED', listedOn: '2021-09-01', removedOn: '2022-01-10' }),
      ],
    });
    expect(notHeld!.humanResources).toEqual({ source: ok(false), wageArrearsListings: [], socialInsuranceArrears: [], findings: [] });
    // Answers come from memory: the platform is asked for its export, never per code.
    sim.resetStats();
    await entities(server, [LISTED, ARREARS]);
    expect(sim.stats().calls).toBe(0);
  });

  it('shows an export older than 48 hours as OUTDATED, records included', async () => {
    now = Date.parse('2024-06-17T02:00:00Z');
    try {
      const answer = await entities(server, [LISTED, NOT_HELD]);
      expect(answer.errors).toBeUndefined();
      const [listed, notHeld] = answer.data!._entities;
      expect(listed!.humanResources!.source).toMatchObject({ status: 'OUTDATED', asOf: EXPORTED_AT, found: true });
      expect((listed!.humanResources!.findings as unknown[]).length).toBe(4);
      expect(notHeld!.humanResources!.source).toMatchObject({ status: 'OUTDATED', asOf: EXPORTED_AT, found: false });
    } finally {
      now = Date.parse('2024-06-15T02:00:00Z');
    }
  });

  it('answers an invalid code with a null section and BAD_USER_INPUT', async () => {
    const answer = await entities(server, ['9142050204375921X9', LISTED]);
    expect(answer.data!._entities.map((e) => e.humanResources === null)).toEqual([true, false]);
    expect(answer.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['BAD_USER_INPUT', ['_entities', 0, 'humanResources']]]);
  });

  it('with no export loadable it is not ready and every section is UNAVAILABLE, never clean', async () => {
    sim.setFault('down');
    const down = await hrssSubgraph.start(hrssSubgraph.loadConfig(env()), { clock });
    try {
      expect(await readyz(down)).toBe(503);
      const answer = await entities(down, [LISTED, NOT_HELD]);
      expect(answer.errors).toBeUndefined();
      for (const e of answer.data!._entities) {
        expect(e.humanResources).toEqual({
          source: {
            department: 'HUMAN_RESOURCES',
            status: 'UNAVAILABLE',
            asOf: null,
            found: null,
            fromCache: false,
            stale: false,
            message: expect.stringMatching(/no export has been loaded yet/),
          },
          wageArrearsListings: [],
          socialInsuranceArrears: [],
          findings: [],
        });
      }
    } finally {
      sim.setFault('none');
      await down.stop();
    }
  });

  it('counts export loads in its metrics', async () => {
    const text = await (await fetch(new URL('/metrics', server.url))).text();
    expect(text).toMatch(/credit_hrss_export_refreshes_total\{outcome="loaded"\} 1/);
    expect(text).toMatch(/credit_hrss_export_records 2/);
  });
});

describe('hrss subgraph schema', () => {
  it('composes beside a subgraph that owns the query root', () => {
    const root = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { enterprise(uscc: String!): Enterprise }
      type Enterprise @key(fields: "uscc") { uscc: String! }
    `);
    const result = composeServices([
      { name: 'root', typeDefs: root, url: 'http://127.0.0.1:4000/' },
      { name: 'hrss', typeDefs: parse(hrssSubgraph.sdl()), url: 'http://127.0.0.1:4007/' },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl).toContain('humanResources: HumanResourcesRecord');
  });

  it('describes every type, field and enum value of its own SDL', () => {
    const own = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));
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
});
