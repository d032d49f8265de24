/**
 * 查询留痕 cannot be evaded: every code a request asks for — whatever the query's shape — is in its
 * audit record and found by `/audit?uscc=`; input is bounded before any department is called, so
 * a record is always written; the code budget is per request; refusals keep what was sent.
 */
import { readFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ datasetSize: 1200 });
});
afterAll(async () => {
  await stack?.stop();
});

function records(): Record<string, unknown>[] {
  return readFileSync(stack.auditLogPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
const last = () =>
  records().at(-1)! as {
    codes: { list: string[]; total: number };
    caller: { id: string } | null;
    purpose: string | null;
    reference: string | null;
    outcome: string;
    refusalCode: string | null;
    operationName: string | null;
    requestId: string;
  };

async function auditFind(uscc: string): Promise<{ requestId: string; codes: { list: string[] } }[]> {
  const res = await fetch(stack.gatewayUrl.replace('/graphql', `/audit?uscc=${encodeURIComponent(uscc)}&limit=1000`), {
    headers: { authorization: 'Bearer dev-auditor', 'x-query-purpose': 'AUDIT' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { records: { requestId: string; codes: { list: string[] } }[] }).records;
}

function legacyCalls(): number {
  return Object.values(stack.stats()).reduce((n, s) => n + s.calls, 0);
}

const toFullWidth = (s: string) => [...s].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');

describe('every code queried is in the record, whatever the shape of the query', () => {
  const a = () => stack.goldenCase('dishonest-debtor').uscc;
  const b = () => stack.goldenCase('clean').uscc;
  const shapes: [string, () => { query: string; variables?: Record<string, unknown> }, () => string[]][] = [
    [
      'a variable default, no variables sent',
      () => ({ query: `query Dv($u: String = "${a()}") { enterprise(uscc: $u) { creditCheck(scenario: GENERAL) { verdict } } }` }),
      () => [a()],
    ],
    ['a variable', () => ({ query: `query($u: String!) { enterprise(uscc: $u) { uscc } }`, variables: { u: a() } }), () => [a()]],
    ['a literal', () => ({ query: `{ enterprise(uscc: "${b()}") { uscc } }` }), () => [b()]],
    ['a root field inside a fragment', () => ({ query: `query { ...R } fragment R on Query { enterprise(uscc: "${a()}") { uscc } }` }), () => [a()]],
    ['a root field inside an inline fragment', () => ({ query: `{ ... on Query { enterprise(uscc: "${b()}") { uscc } } }` }), () => [b()]],
    ['aliases', () => ({ query: `{ x: enterprise(uscc: "${a()}") { uscc } y: enterprise(uscc: "${b()}") { uscc } }` }), () => [a(), b()]],
    [
      'a list variable with a default',
      () => ({ query: `query L($u: [String!]! = ["${a()}", "${b()}"]) { enterprises(usccs: $u) { __typename } }` }),
      () => [a(), b()],
    ],
    ['full-width input', () => ({ query: `query($u: String!) { enterprise(uscc: $u) { uscc } }`, variables: { u: toFullWidth(a()) } }), () => [a()]],
    [
      'lower case with spaces',
      () => ({
        query: `query($u: String!) { enterprise(uscc: $u) { uscc } }`,
        variables: { u: `  ${stack.goldenCase('legacy-taxpayer-id').uscc.toLowerCase()} ` },
      }),
      () => [stack.goldenCase('legacy-taxpayer-id').uscc],
    ],
    ['a consortium', () => ({ query: `{ consortium(usccs: ["${a()}", "${b()}"]) { id } }` }), () => [a(), b()]],
  ];

  it.each(shapes)('%s', async (_name, make, expected) => {
    const { query, variables } = make();
    const r = await stack.query(query, variables);
    expect(r.errors).toBeUndefined();
    const rec = last();
    expect(rec.codes.list).toEqual(expected());
    expect(rec.codes.total).toBe(expected().length);
    for (const code of expected()) {
      const found = await auditFind(code);
      expect(found.map((x) => x.requestId)).toContain(rec.requestId);
    }
  });

  it("a consortium's member verdicts are recorded under each member's code", async () => {
    const members = [stack.goldenCase('clean').uscc, stack.goldenCase('dishonest-debtor').uscc];
    const r = await stack.query(
      `query($u: [String!]!) { consortium(usccs: $u) { creditCheck(scenario: BIDDING) { verdict members { check { verdict checkId } } } } }`,
      { u: members },
    );
    expect(r.errors).toBeUndefined();
    const rec = last() as unknown as { verdicts: { code: string; verdict: string }[] };
    expect(rec.verdicts.map((v) => [v.code, v.verdict])).toEqual([
      [members[0], 'CLEAR'],
      [members[1], 'RESTRICTED'],
    ]);
  });

  it('a 1,000-code batch: every code recorded, and found by the index', async () => {
    const codes = Array.from({ length: 1000 }, (_, i) => stack.dataset.at(i).uscc);
    const r = await stack.query(`query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { uscc } } }`, { u: codes });
    expect(r.errors).toBeUndefined();
    const rec = last();
    expect(rec.codes.list).toEqual(codes);
    expect(rec.codes.total).toBe(1000);
    for (const code of [codes[0]!, codes[199]!, codes[200]!, codes[999]!, toFullWidth(codes[500]!)]) {
      expect((await auditFind(code)).map((x) => x.requestId)).toContain(rec.requestId);
    }
  });
});

describe('input bounded before any department is called; a record always written', () => {
  it('an over-long cell is an InvalidCode like any other, and the batch is answered and recorded', async () => {
    const padded = `${stack.goldenCase('clean').uscc}${' '.repeat(60)}x`;
    const codes = [stack.goldenCase('dishonest-debtor').uscc, padded];
    const r = await stack.query<{ enterprises: { __typename: string; reason?: string }[] }>(
      `query($u: [String!]!) { enterprises(usccs: $u) { __typename ... on InvalidCode { reason } } }`,
      { u: codes },
    );
    expect(r.status).toBe(200);
    expect(r.data!.enterprises.map((e) => e.__typename)).toEqual(['Enterprise', 'InvalidCode']);
    const rec = last();
    expect(rec.outcome).toBe('ANSWERED');
    expect(rec.codes.total).toBe(2);
    expect(rec.codes.list[1]!.length).toBeLessThanOrEqual(64);
  });

  it('a 300-character operation name is answered and recorded, cut', async () => {
    const name = `Op${'x'.repeat(298)}`;
    const r = await stack.query(`query ${name} { enterprise(uscc: "${stack.goldenCase('clean').uscc}") { uscc } }`);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    const rec = last();
    expect(rec.operationName!.length).toBe(256);
    expect(rec.operationName!.endsWith('…')).toBe(true);
  });

  it('the 1,000-code budget is per request: two aliased lists of 1,000 are refused before any legacy call', async () => {
    const codes = Array.from({ length: 1000 }, (_, i) => stack.dataset.at(i).uscc);
    stack.resetStats();
    const before = records().length;
    const r = await stack.query(`query($u: [String!]!) { a: enterprises(usccs: $u) { __typename } b: enterprises(usccs: $u) { __typename } }`, {
      u: codes,
    });
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe('TOO_MANY_CODES');
    expect(legacyCalls()).toBe(0);
    expect(records().length).toBe(before + 1);
    expect(last()).toMatchObject({ outcome: 'REFUSED', refusalCode: 'TOO_MANY_CODES' });
    expect(last().codes.total).toBe(2000);
  });

  it('ten aliased lists of 100 fit the budget exactly', async () => {
    const codes = Array.from({ length: 100 }, (_, i) => stack.dataset.at(i).uscc);
    const fields = Array.from({ length: 10 }, (_, i) => `a${i}: enterprises(usccs: $u) { __typename }`).join(' ');
    const r = await stack.query(`query($u: [String!]!) { ${fields} }`, { u: codes });
    expect(r.errors).toBeUndefined();
    expect(last().codes.total).toBe(1000);
  });
});

describe('refusals keep what was sent', () => {
  it.each<[string, Record<string, string>, string, number]>([
    [
      'a purpose not allowed',
      { authorization: 'Bearer dev-service-hall', 'x-query-purpose': 'BIDDER_CHECK', 'x-query-reference': 'ZB-2026-7' },
      'PURPOSE_NOT_ALLOWED',
      403,
    ],
    [
      'a bad reference',
      { authorization: 'Bearer dev-trading-platform', 'x-query-purpose': 'BIDDER_CHECK', 'x-query-reference': 'ZB-2026-%E4%B8' },
      'BAD_REFERENCE',
      400,
    ],
  ])('%s: caller, purpose and reference are recorded, marked refused', async (_n, headers, code, status) => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: `{ enterprise(uscc: "${stack.goldenCase('clean').uscc}") { uscc } }` }),
    });
    expect(res.status).toBe(status);
    const rec = last();
    expect(rec).toMatchObject({ outcome: 'REFUSED', refusalCode: code, purpose: headers['x-query-purpose'] });
    expect(rec.reference).toBe(headers['x-query-reference']);
    expect(rec.caller?.id).toBe(headers.authorization!.replace('Bearer ', ''));
  });

  it('a body too large: caller, purpose and reference recorded', async () => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer dev-service-hall',
        'x-query-purpose': 'ADMINISTRATIVE_LICENSING',
        'x-query-reference': 'SX-2026-1',
      },
      body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(last()).toMatchObject({
      outcome: 'REFUSED',
      refusalCode: 'PAYLOAD_TOO_LARGE',
      purpose: 'ADMINISTRATIVE_LICENSING',
      reference: 'SX-2026-1',
      caller: { id: 'dev-service-hall' },
    });
  });

  it('a GET with a valid key is recorded with its caller', async () => {
    const res = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: 'Bearer dev-service-hall' },
    });
    expect(res.status).toBe(405);
    expect(last()).toMatchObject({ outcome: 'REFUSED', refusalCode: 'METHOD_NOT_ALLOWED', caller: { id: 'dev-service-hall' } });
  });
});

describe('the operation as executed', () => {
  it('a forbidden field inside an inline fragment is removed without leaving an empty selection', async () => {
    const u = stack.goldenCase('clean').uscc;
    const r = await stack.query<{
      enterprise: { marketRegulation: { registration: { legalRepresentative: { name?: string; idNumber?: string | null } } } };
    }>(`{ enterprise(uscc: "${u}") { marketRegulation { registration { legalRepresentative { ... on LegalRepresentative { idNumber } } } } } }`);
    expect(r.status).toBe(200);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN_FIELD']);
    expect(r.data!.enterprise.marketRegulation.registration.legalRepresentative).toEqual({ idNumber: null });
    const withName = await stack.query<{
      enterprise: { marketRegulation: { registration: { legalRepresentative: { name: string; idNumber: string | null } } } };
    }>(`{ enterprise(uscc: "${u}") { marketRegulation { registration { legalRepresentative { name ... on LegalRepresentative { idNumber } } } } } }`);
    expect(withName.data!.enterprise.marketRegulation.registration.legalRepresentative.name.length).toBeGreaterThan(1);
    expect(withName.data!.enterprise.marketRegulation.registration.legalRepresentative.idNumber).toBeNull();
  });

  it('a forbidden field in a named fragment of its own is removed too', async () => {
    const u = stack.goldenCase('clean').uscc;
    const r = await stack.query(
      `{ enterprise(uscc: "${u}") { marketRegulation { registration { legalRepresentative { ...Id } } } } } fragment Id on LegalRepresentative { idNumber }`,
    );
    expect(r.status).toBe(200);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN_FIELD']);
  });

  it('the depth limit applies inside __schema in development too; the standard introspection query still works', async () => {
    const ofTypes = 16;
    const deep = `{ __schema { types { fields { type { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } } } } }`;
    const r = await stack.query(deep);
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    const ok = await stack.query(getIntrospectionQuery());
    expect(ok.errors).toBeUndefined();
  });
});
