/**
 * Closed to abuse, every query accounted for: through the real gateway, each kind of abusive or
 * unauthorised request is refused cheaply — the right fixed code, no legacy call — and leaves
 * exactly one audit record; personal data and history are shown only to callers allowed to see them.
 */
import catalogueFile from '../subgraphs/credit/catalogue/measures.json' with { type: 'json' };
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../common/departments.js';
import { generateApiKey, loadCallersConfig } from '../gateway/auth/index.js';
import { verifyAuditLog } from '../gateway/audit/index.js';
import { startStack, type AsCaller, type Stack } from './support/stack.js';

const CATALOGUE_VERSION = (catalogueFile as { version: string }).version;

const dir = mkdtempSync(join(tmpdir(), 'credit-callers-'));
const pii = generateApiKey();
const callersFile = join(dir, 'callers.json');
writeFileSync(
  callersFile,
  JSON.stringify({
    callers: [
      {
        id: 'hall',
        name: '宜昌市政务服务中心',
        kind: 'SERVICE_HALL',
        keyHashes: [loadKeyHash('hall')],
        scopes: ['credit:read'],
        purposes: ['ADMINISTRATIVE_LICENSING'],
      },
      {
        id: 'platform',
        name: '湖北省公共资源交易中心',
        kind: 'TRADING_PLATFORM',
        keyHashes: [loadKeyHash('platform')],
        scopes: ['credit:read', 'bulk:read'],
        purposes: ['BIDDER_CHECK'],
      },
      {
        id: 'registry',
        name: '信用报告专线',
        kind: 'REPORT_DEVELOPER',
        keyHashes: [pii.keyHash],
        scopes: ['credit:read', 'history:read', 'pii:id-number'],
        purposes: ['CREDIT_REPORT'],
      },
      {
        id: 'auditor',
        name: '信用办审计',
        kind: 'AUDITOR',
        keyHashes: [loadKeyHash('auditor')],
        scopes: ['audit:read', 'credit:read'],
        purposes: ['AUDIT'],
      },
    ],
  }),
);
function loadKeyHash(name: string): string {
  return `sha256:${createHash('sha256').update(`test-key-${name}`).digest('hex')}`;
}
const HALL: AsCaller = { key: 'test-key-hall', purpose: 'ADMINISTRATIVE_LICENSING' };
const PLATFORM: AsCaller = { key: 'test-key-platform', purpose: 'BIDDER_CHECK', reference: 'YCZB-2026-118' };
const PII: AsCaller = { key: pii.key, purpose: 'CREDIT_REPORT' };
const AUDITOR: AsCaller = { key: 'test-key-auditor', purpose: 'AUDIT' };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    datasetSize: 50,
    callers: loadCallersConfig({ CALLERS_FILE: callersFile }),
    limits: { maxDepth: 5, maxAliases: 20 },
  });
});
afterAll(async () => {
  await stack?.stop();
});

function legacyCalls(): number {
  return Object.values(stack.stats()).reduce((n, s) => n + s.calls, 0);
}

async function auditRecords(): Promise<Record<string, unknown>[]> {
  return readFileSync(stack.auditLogPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const VIEW = (u: string) => `{ enterprise(uscc: "${u}") { marketRegulation { source { status } } } }`;

describe('refused cheaply, with a fixed code, no legacy call, one audit record', () => {
  const big = 'x'.repeat(1024 * 1024);
  const cases: [string, () => { query: string; as?: AsCaller; raw?: RequestInit }, number, string][] = [
    [
      'no credentials',
      () => ({ query: VIEW('914205020361824755'), raw: { headers: { 'content-type': 'application/json' } } }),
      401,
      'UNAUTHENTICATED',
    ],
    [
      'a forged key',
      () => ({ query: VIEW('914205020361824755'), as: { key: 'dev-service-hall-forged', purpose: 'ADMINISTRATIVE_LICENSING' } }),
      401,
      'UNAUTHENTICATED',
    ],
    [
      'a development key the deployment does not accept',
      () => ({ query: VIEW('914205020361824755'), as: { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING' } }),
      401,
      'UNAUTHENTICATED',
    ],
    ['no purpose', () => ({ query: VIEW('914205020361824755'), as: { ...HALL, purpose: null } }), 400, 'PURPOSE_REQUIRED'],
    ['an unknown purpose', () => ({ query: VIEW('914205020361824755'), as: { ...HALL, purpose: 'CURIOSITY' } }), 400, 'PURPOSE_UNKNOWN'],
    [
      'a purpose not allowed for the caller',
      () => ({ query: VIEW('914205020361824755'), as: { ...HALL, purpose: 'BIDDER_CHECK' } }),
      403,
      'PURPOSE_NOT_ALLOWED',
    ],
    ['a list without the bulk scope', () => ({ query: `{ enterprises(usccs: ["914205020361824755"]) { __typename } }`, as: HALL }), 403, 'FORBIDDEN'],
    [
      '2,000 aliases',
      () => ({ query: `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: __typename`).join(' ')} }`, as: HALL }),
      400,
      'QUERY_TOO_LARGE',
    ],
    [
      'too many aliases',
      () => ({ query: `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: enterprise(uscc: "914205020361824755") { uscc }`).join(' ')} }`, as: HALL }),
      400,
      'TOO_MANY_ALIASES',
    ],
    [
      'deep nesting',
      () => ({
        query: `{ enterprise(uscc: "914205020361824755") { creditCheck(scenario: GENERAL) { flags { finding { department } measure { legalBasis { document } } } } } }`,
        as: HALL,
      }),
      400,
      'QUERY_TOO_DEEP',
    ],
    [
      'circular fragments',
      () => ({
        query: `query { enterprise(uscc: "914205020361824755") { ...A } } fragment A on Enterprise { uscc ...B } fragment B on Enterprise { ...A }`,
        as: HALL,
      }),
      400,
      'CIRCULAR_FRAGMENTS',
    ],
    ['a 1 MB string', () => ({ query: VIEW(big), as: HALL }), 413, 'PAYLOAD_TOO_LARGE'],
    [
      'an unknown operation name',
      () => ({
        query: `query A { __typename }`,
        as: { ...HALL, headers: {} },
        raw: { body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }) },
      }),
      400,
      'BAD_REQUEST',
    ],
    [
      'a persisted-query hash instead of a query',
      () => ({ query: '', as: HALL, raw: { body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }) } }),
      400,
      'PERSISTED_QUERY_NOT_SUPPORTED',
    ],
    [
      'a batch of operations',
      () => ({ query: '', as: HALL, raw: { body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) } }),
      400,
      'BAD_REQUEST',
    ],
  ];

  it.each(cases)('%s', async (_name, make, status, code) => {
    const { query, as, raw } = make();
    stack.resetStats();
    const before = (await auditRecords()).length;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (as?.key) headers.authorization = `Bearer ${as.key}`;
    if (as?.purpose) headers['x-query-purpose'] = as.purpose;
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { ...headers, ...(raw?.headers as Record<string, string>) },
      body: raw?.body ?? JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(res.status).toBe(status);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(body.data ?? null).toBeNull();
    expect(legacyCalls()).toBe(0);
    const records = await auditRecords();
    expect(records.length).toBe(before + 1);
    expect(records.at(-1)).toMatchObject({ refusalCode: code });
  });
});

describe('scopes decide fields', () => {
  const ID_QUERY = (u: string) =>
    `{ enterprise(uscc: "${u}") { marketRegulation { registration { legalRepresentative { name idNumberMasked idNumber } } } } }`;
  type IdView = {
    enterprise: { marketRegulation: { registration: { legalRepresentative: { name: string; idNumberMasked: string; idNumber: string | null } } } };
  };

  it('an ID number without the pii scope is not fetched: null with FORBIDDEN_FIELD, the rest answered', async () => {
    const g = stack.goldenCase('clean');
    const r = await stack.query<IdView>(ID_QUERY(g.uscc), {}, HALL);
    const rep = r.data!.enterprise.marketRegulation.registration.legalRepresentative;
    expect(rep.idNumber).toBeNull();
    expect(rep.name).toBe(g.truth.market!.registration.legalRepresentative.name);
    expect(rep.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(r.errors).toEqual([
      expect.objectContaining({
        path: ['enterprise', 'marketRegulation', 'registration', 'legalRepresentative', 'idNumber'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN_FIELD', scope: 'pii:id-number' }),
      }),
    ]);
    expect(JSON.stringify(r)).not.toContain(g.truth.market!.registration.legalRepresentative.idNumber);
    const last = (await auditRecords()).at(-1)!;
    expect(last.protectedFields).toEqual([]);
  });

  it('with the pii scope the full number is returned, and the audit record says so', async () => {
    const g = stack.goldenCase('clean');
    const r = await stack.query<IdView>(ID_QUERY(g.uscc), {}, PII);
    expect(r.errors).toBeUndefined();
    expect(r.data!.enterprise.marketRegulation.registration.legalRepresentative.idNumber).toBe(
      g.truth.market!.registration.legalRepresentative.idNumber,
    );
    const last = (await auditRecords()).at(-1)!;
    expect(last.protectedFields).toEqual(['LegalRepresentative.idNumber']);
    expect(last.caller).toMatchObject({ id: 'registry' });
  });

  it('history (removed, repaired, expired records) only for callers with history:read', async () => {
    const Q = `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { judicial { findings { kind } } marketRegulation { findings { kind status } } } } }`;
    const u = [stack.goldenCase('dishonest-debtor-fulfilled').uscc, stack.goldenCase('repaired').uscc, stack.goldenCase('dishonest-debtor').uscc];
    type R = { enterprises: { judicial: { findings: { kind: string }[] }; marketRegulation: { findings: { kind: string; status: string }[] } }[] };
    const platform = await stack.query<R>(Q, { u }, PLATFORM);
    expect(platform.errors).toBeUndefined();
    expect(platform.data!.enterprises[0]!.judicial.findings).toEqual([]);
    expect(platform.data!.enterprises[1]!.marketRegulation.findings).toEqual([]);
    expect(platform.data!.enterprises[2]!.judicial.findings.map((f) => f.kind)).toContain('DISHONEST_DEBTOR');
    expect(JSON.stringify(platform.data)).not.toContain('__historyStatus');
    const registry = await stack.query<R>(Q, { u }, { ...PII, headers: {} });
    // The registry lacks bulk:read: refused. History shows with a single-enterprise query instead.
    expect(registry.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const one = await stack.query<{ enterprise: { judicial: { findings: { kind: string; status: string }[] } } }>(
      `{ enterprise(uscc: "${u[0]}") { judicial { findings { kind status } } } }`,
      {},
      PII,
    );
    expect(one.data!.enterprise.judicial.findings).toEqual([{ kind: 'DISHONEST_DEBTOR', status: 'REMOVED' }]);
  });

  it('the check itself still sees history: a past asOf flags a record since removed', async () => {
    const g = stack.goldenCase('dishonest-debtor-fulfilled');
    const removed = g.truth.courts!.dishonestDebtor[0]!.removedOn!;
    const before = new Date(new Date(`${removed}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    const r = await stack.query<{ enterprise: { creditCheck: { verdict: string } } }>(
      `{ enterprise(uscc: "${g.uscc}") { creditCheck(scenario: ADMINISTRATIVE_LICENSING, asOf: "${before}") { verdict } } }`,
      {},
      HALL,
    );
    expect(r.data!.enterprise.creditCheck.verdict).toBe('RESTRICTED');
  });
});

describe('the audit log', () => {
  it('one record per request with caller, purpose, reference, codes, scenario, verdicts and departments', async () => {
    const codes = [stack.goldenCase('dishonest-debtor').uscc, stack.goldenCase('clean').uscc];
    const before = (await auditRecords()).length;
    await stack.query(
      `query Bidders($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { creditCheck(scenario: BIDDING) { verdict checkId sources { department status } } } } }`,
      { u: codes },
      PLATFORM,
    );
    const records = await auditRecords();
    expect(records.length).toBe(before + 1);
    const last = records.at(-1)!;
    expect(last).toMatchObject({
      caller: { id: 'platform', kind: 'TRADING_PLATFORM' },
      purpose: 'BIDDER_CHECK',
      reference: 'YCZB-2026-118',
      operationName: 'Bidders',
      outcome: 'ANSWERED',
      codes: { list: codes, total: 2 },
      scenarios: ['BIDDING'],
    });
    expect((last.verdicts as { code: string; verdict: string }[]).map((v) => [v.code, v.verdict])).toEqual([
      [codes[0], 'RESTRICTED'],
      [codes[1], 'CLEAR'],
    ]);
    expect((last.departments as { answered: string[] }).answered.sort()).toEqual(DEPARTMENT_REGISTRY.map((d) => d.name).sort());
    // The record names the catalogue the verdicts were reached under, though the query did not ask for it.
    expect(last.catalogueVersion).toBe(CATALOGUE_VERSION);
  });

  it('the chain verifies, and a modified record breaks it at that record', async () => {
    const ok = await verifyAuditLog(stack.auditLogPath);
    expect(ok.ok).toBe(true);
    const lines = readFileSync(stack.auditLogPath, 'utf8').split('\n').filter(Boolean);
    const k = Math.floor(lines.length / 2);
    const tampered = lines.map((l, i) =>
      i === k ? l.replace(/"outcome":"[A-Z]+"/, '"outcome":"ANSWERED"').replace(/"purpose":(null|"[A-Z_]+")/, '"purpose":"AUDIT"') : l,
    );
    const copy = join(dir, 'tampered.log');
    writeFileSync(copy, tampered.join('\n') + '\n');
    const broken = await verifyAuditLog(copy);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.brokenAt).toBe(k + 1);
  });

  it('auditors read it through the API; others may not', async () => {
    const res = await fetch(stack.gatewayUrl.replace('/graphql', `/audit?callerId=platform&limit=10`), {
      headers: { authorization: `Bearer ${AUDITOR.key}`, 'x-query-purpose': 'AUDIT' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { records: { caller: { id: string } }[] };
    expect(body.records.length).toBeGreaterThan(0);
    expect(body.records.every((r) => r.caller.id === 'platform')).toBe(true);
    const denied = await fetch(stack.gatewayUrl.replace('/graphql', `/audit`), {
      headers: { authorization: `Bearer ${HALL.key}`, 'x-query-purpose': 'ADMINISTRATIVE_LICENSING' },
    });
    expect(denied.status).toBe(403);
  });
});

describe('failing closed', () => {
  it('when the audit log cannot be written, no credit data is released', async () => {
    // /dev/full opens, and every write to it fails with ENOSPC: a full disk.
    const s = await startStack({ datasetSize: 10, auditLogPath: '/dev/full' });
    try {
      const r = await s.query(`{ enterprise(uscc: "${s.goldenCase('dishonest-debtor').uscc}") { creditCheck(scenario: BIDDING) { verdict } } }`);
      expect(r.status).toBe(503);
      expect(r.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(r.data ?? null).toBeNull();
      expect(JSON.stringify(r)).not.toContain('PROHIBITED');
    } finally {
      await s.stop();
    }
  });
});

describe('production mode', () => {
  it('no introspection and no field suggestions; development mode has both', async () => {
    const prod = await startStack({ datasetSize: 10, callers: loadCallersConfig({ CALLERS_FILE: callersFile }), production: true });
    try {
      const intro = await prod.query(`{ __schema { queryType { name } } }`, {}, HALL);
      expect(intro.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(intro.errors?.[0]?.message).toMatch(/introspection/i);
      const typo = await prod.query(`{ enterprise(uscc: "914205020361824755") { creditChek(scenario: GENERAL) { verdict } } }`, {}, HALL);
      expect(typo.errors?.[0]?.message).toContain('Cannot query field "creditChek"');
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    } finally {
      await prod.stop();
    }
    const dev = await stack.query<{ __schema: { queryType: { name: string } } }>(`{ __schema { queryType { name } } }`, {}, HALL);
    expect(dev.data!.__schema.queryType.name).toBe('Query');
    const typo = await stack.query(`{ enterprise(uscc: "914205020361824755") { creditChek(scenario: GENERAL) { verdict } } }`, {}, HALL);
    expect(typo.errors?.[0]?.message).toMatch(/Did you mean "creditCheck"/);
  });
});
