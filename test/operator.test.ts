/**
 * 经办人 — people, not just systems: every check's audit record names the operator and how it is
 * known. A check with the identity provider's token (X-Operator-Token, checked against its JWKS
 * served on loopback) is `verified`; one with X-Operator is `asserted`; `/audit?operator=` finds
 * them. A token that does not verify is refused — never taken as asserted — and so is a malformed
 * X-Operator, before any department is called, each refusal with its own audit record.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';
import { createTestIdentityProvider, startJwksServer, type JwksServer, type TestIdentityProvider } from './support/identity-provider.js';
import {
  createOperatorTokenVerifier,
  generateApiKey,
  loadCallersConfig,
  type CallersConfig,
  type OperatorTokenConfig,
} from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/index.js';
import { DEV_SUBGRAPH_SECRET } from '../common/http/index.js';

const HALL = generateApiKey();
const PLATFORM = generateApiKey();
const REPORTER = generateApiKey();
const AUDITOR = generateApiKey();

let dir: string;
let idp: TestIdentityProvider;
let jwks: JwksServer;
let callers: CallersConfig;
let tokenConfig: OperatorTokenConfig;
let stack: Stack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'operator-stack-'));
  idp = await createTestIdentityProvider();
  jwks = await startJwksServer(idp);
  writeFileSync(
    join(dir, 'callers.json'),
    JSON.stringify({
      callers: [
        {
          id: 'hall-yichang',
          name: '宜昌市民之家',
          kind: 'SERVICE_HALL',
          keyHashes: [HALL.keyHash],
          scopes: ['credit:read'],
          purposes: ['ADMINISTRATIVE_LICENSING'],
          operator: 'required',
        },
        {
          id: 'platform-hubei',
          name: '湖北省公共资源交易平台',
          kind: 'TRADING_PLATFORM',
          keyHashes: [PLATFORM.keyHash],
          scopes: ['credit:read', 'bulk:read'],
          purposes: ['BIDDER_CHECK'],
          operator: 'verified',
        },
        {
          id: 'reporter',
          name: '信用报告开发方',
          kind: 'REPORT_DEVELOPER',
          keyHashes: [REPORTER.keyHash],
          scopes: ['credit:read'],
          purposes: ['CREDIT_REPORT'],
        },
        {
          id: 'auditor',
          name: '信用办审计',
          kind: 'AUDITOR',
          keyHashes: [AUDITOR.keyHash],
          scopes: ['audit:read', 'credit:read'],
          purposes: ['AUDIT'],
        },
      ],
    }),
  );
  callers = loadCallersConfig({ CALLERS_FILE: join(dir, 'callers.json') });
  tokenConfig = {
    jwks: { kind: 'url', url: jwks.url, timeoutMs: 5000 },
    issuer: idp.issuer,
    audience: idp.audience,
    idClaim: 'sub',
    nameClaim: 'name',
    clockToleranceSeconds: 30,
  };
  stack = await startStack({ datasetSize: 300, callers, operatorTokens: createOperatorTokenVerifier(tokenConfig) });
});
afterAll(async () => {
  await stack?.stop();
  await jwks?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CHECK = `query Check($uscc: String!) { enterprise(uscc: $uscc) { creditCheck(scenario: ADMINISTRATIVE_LICENSING) { verdict checkId } } }`;

interface Sent {
  status: number;
  requestId: string;
  body: {
    data?: { enterprise?: { creditCheck?: { verdict: string; checkId: string } } } | null;
    errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
  };
}

/** POST the check with a key, a purpose and the given headers, under a fresh request id. */
async function send(
  url: string,
  key: string,
  purpose: string,
  headers: Record<string, string>,
  query = CHECK,
  variables: Record<string, unknown> = { uscc: stack.goldenCase('dishonest-debtor').uscc },
): Promise<Sent> {
  const requestId = `op-${randomUUID()}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      'x-query-purpose': purpose,
      'x-request-id': requestId,
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, requestId, body: (await res.json()) as Sent['body'] };
}

interface AuditRecordView {
  requestId: string;
  caller: { id: string } | null;
  operator?: { id: string; name: string | null; how: string } | null;
  outcome: string;
  refusalCode: string | null;
  verdicts: { verdict: string; checkId: string | null }[];
}

function recordOf(path: string, requestId: string): AuditRecordView {
  const found = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditRecordView)
    .filter((r) => r.requestId === requestId);
  expect(found, `audit records of ${requestId}`).toHaveLength(1);
  return found[0]!;
}

const legacyCalls = () => Object.values(stack.stats()).reduce((n, s) => n + s.calls, 0);
const encoded = (s: string) => encodeURIComponent(s);

describe('the operator in the audit record of an API check', () => {
  it('a check with the identity provider’s token (RS256): the operator is verified, with the provider’s name', async () => {
    const token = await idp.sign({ sub: 'HB0451', name: '张三' });
    const r = await send(stack.gatewayUrl, HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator-token': token });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.enterprise?.creditCheck?.verdict).toBe('RESTRICTED');
    const record = recordOf(stack.auditLogPath, r.requestId);
    expect(record).toMatchObject({
      caller: { id: 'hall-yichang' },
      operator: { id: 'HB0451', name: '张三', how: 'verified' },
      outcome: 'ANSWERED',
      refusalCode: null,
    });
    expect(record.verdicts).toEqual([expect.objectContaining({ verdict: 'RESTRICTED', checkId: r.body.data?.enterprise?.creditCheck?.checkId })]);
  });

  it('a caller that must send a verified operator, with an ES256 token and the same id in X-Operator: verified', async () => {
    const token = await idp.sign({ sub: 'HB0451', name: '张三' }, { key: idp.ec });
    const r = await send(
      stack.gatewayUrl,
      PLATFORM.key,
      'BIDDER_CHECK',
      { 'x-operator-token': token, 'x-operator': `HB0451;${encoded('张三')}` },
      `query B($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { uscc } } }`,
      {
        u: [stack.goldenCase('clean').uscc],
      },
    );
    expect(r.status).toBe(200);
    expect(recordOf(stack.auditLogPath, r.requestId)).toMatchObject({
      caller: { id: 'platform-hubei' },
      operator: { id: 'HB0451', how: 'verified' },
      outcome: 'ANSWERED',
    });
  });

  it('a check with X-Operator: the operator is asserted, with the name as sent', async () => {
    const r = await send(stack.gatewayUrl, HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator': `HB0452;${encoded('李四')}` });
    expect(r.status).toBe(200);
    expect(r.body.data?.enterprise?.creditCheck?.verdict).toBe('RESTRICTED');
    expect(recordOf(stack.auditLogPath, r.requestId)).toMatchObject({
      operator: { id: 'HB0452', name: '李四', how: 'asserted' },
      outcome: 'ANSWERED',
    });
  });

  it('a caller that need not name one, naming nobody: operator null', async () => {
    const r = await send(stack.gatewayUrl, REPORTER.key, 'CREDIT_REPORT', {});
    expect(r.status).toBe(200);
    expect(recordOf(stack.auditLogPath, r.requestId)).toMatchObject({ caller: { id: 'reporter' }, operator: null, outcome: 'ANSWERED' });
  });
});

describe('/audit?operator=', () => {
  it('finds the checks of an operator, each marked how it was known, and records the auditor’s own operator', async () => {
    const verified = await send(stack.gatewayUrl, HALL.key, 'ADMINISTRATIVE_LICENSING', {
      'x-operator-token': await idp.sign({ sub: 'HB0460', name: '王五' }),
    });
    const asserted = await send(stack.gatewayUrl, HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator': `HB0460;${encoded('王五')}` });
    const other = await send(stack.gatewayUrl, HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator': 'HB0461' });
    expect([verified.status, asserted.status, other.status]).toEqual([200, 200, 200]);

    const audit = (query: string, headers: Record<string, string> = {}) =>
      fetch(stack.gatewayUrl.replace('/graphql', `/audit?${query}`), {
        headers: { authorization: `Bearer ${AUDITOR.key}`, 'x-query-purpose': 'AUDIT', ...headers },
      });
    const res = await audit('operator=HB0460&limit=100', { 'x-operator': `AU0001;${encoded('赵六')}` });
    expect(res.status).toBe(200);
    const found = ((await res.json()) as { records: AuditRecordView[] }).records;
    expect(found.map((r) => [r.requestId, r.operator?.how])).toEqual([
      [verified.requestId, 'verified'],
      [asserted.requestId, 'asserted'],
    ]);
    const auditor = ((await (await audit('operator=AU0001')).json()) as { records: AuditRecordView[] }).records;
    expect(auditor).toEqual([
      expect.objectContaining({ caller: expect.objectContaining({ id: 'auditor' }), operator: { id: 'AU0001', name: '赵六', how: 'asserted' } }),
    ]);
    expect((await audit('operator=%20')).status).toBe(400);
  });
});

describe('refused before any department is called, with one audit record (naming only an operator that was well formed)', () => {
  const uscc = () => stack.goldenCase('dishonest-debtor').uscc;
  const hour = 3600_000;
  const cases: Array<
    [string, () => Promise<[key: string, purpose: string, headers: Record<string, string>]>, number, string, string, recorded?: object]
  > = [
    [
      'an expired token',
      async () => [
        HALL.key,
        'ADMINISTRATIVE_LICENSING',
        { 'x-operator-token': await idp.sign({ sub: 'HB0451' }, { issuedAt: new Date(Date.now() - 2 * hour), expiresIn: 600 }) },
      ],
      401,
      'OPERATOR_TOKEN_INVALID',
      'EXPIRED',
    ],
    [
      'an expired token beside a valid X-Operator (never downgraded to asserted)',
      async () => [
        HALL.key,
        'ADMINISTRATIVE_LICENSING',
        {
          'x-operator-token': await idp.sign({ sub: 'HB0451' }, { issuedAt: new Date(Date.now() - 2 * hour), expiresIn: 600 }),
          'x-operator': 'HB0451',
        },
      ],
      401,
      'OPERATOR_TOKEN_INVALID',
      'EXPIRED',
    ],
    [
      'a token for another audience',
      async () => [HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator-token': await idp.sign({ sub: 'HB0451' }, { audience: 'another-platform' }) }],
      401,
      'OPERATOR_TOKEN_INVALID',
      'WRONG_AUDIENCE',
    ],
    [
      'a token of another issuer',
      async () => [
        HALL.key,
        'ADMINISTRATIVE_LICENSING',
        { 'x-operator-token': await idp.sign({ sub: 'HB0451' }, { issuer: 'https://elsewhere.example' }) },
      ],
      401,
      'OPERATOR_TOKEN_INVALID',
      'WRONG_ISSUER',
    ],
    [
      'a token under an unknown key id',
      async () => [HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator-token': await idp.sign({ sub: 'HB0451' }, { kid: 'rsa-404' }) }],
      401,
      'OPERATOR_TOKEN_INVALID',
      'UNKNOWN_KEY',
    ],
    [
      'a token and an X-Operator naming another person',
      async () => [HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator-token': await idp.sign({ sub: 'HB0451' }), 'x-operator': 'HB0999' }],
      400,
      'BAD_OPERATOR',
      'MISMATCH',
    ],
    [
      'an X-Operator with the name unencoded',
      async () => [HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator': `HB0451;${Buffer.from('张三', 'utf8').toString('latin1')}` }],
      400,
      'BAD_OPERATOR',
      'NOT_ENCODED',
    ],
    [
      'an X-Operator with an encoded line break',
      async () => [HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator': 'HB0451;Li%0D%0ASi' }],
      400,
      'BAD_OPERATOR',
      'NOT_ENCODED',
    ],
    ['an X-Operator id with a space', async () => [HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator': 'HB 0451' }], 400, 'BAD_OPERATOR', 'BAD_ID'],
    ['a caller that must name one, naming nobody', async () => [HALL.key, 'ADMINISTRATIVE_LICENSING', {}], 401, 'OPERATOR_REQUIRED', 'MISSING'],
    // The asserted operator was well formed: the record says who tried, and how it was known.
    [
      'a caller that must send a verified operator, with X-Operator only',
      async () => [PLATFORM.key, 'BIDDER_CHECK', { 'x-operator': 'HB0451' }],
      401,
      'OPERATOR_REQUIRED',
      'NOT_VERIFIED',
      { id: 'HB0451', name: null, how: 'asserted' },
    ],
  ];
  it.each(cases)('%s', async (_name, make, status, code, reason, recorded = undefined) => {
    const [key, purpose, headers] = await make();
    stack.resetStats();
    const r = await send(stack.gatewayUrl, key, purpose, headers, CHECK, { uscc: uscc() });
    expect(r.status).toBe(status);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toEqual([{ message: expect.stringMatching(/[A-Za-z].* \/ .*[\u4e00-\u9fff]/), extensions: { code, reason } }]);
    expect(legacyCalls()).toBe(0);
    expect(recordOf(stack.auditLogPath, r.requestId)).toMatchObject({
      caller: { id: key === PLATFORM.key ? 'platform-hubei' : 'hall-yichang' },
      outcome: 'REFUSED',
      refusalCode: code,
      operator: recorded ?? null,
    });
  });
});

describe('the identity provider’s keys cannot be read', () => {
  let gateway: RunningGateway;
  let auditLogPath: string;
  beforeAll(async () => {
    const down = await startJwksServer(idp);
    await down.close(); // its port now refuses connections
    auditLogPath = join(dir, 'down-audit.log');
    gateway = await startGateway(
      {
        supergraphSdl: readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'),
        subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, s.url])),
        sharedSecret: DEV_SUBGRAPH_SECRET,
        callers,
        operatorTokens: createOperatorTokenVerifier({ ...tokenConfig, jwks: { kind: 'url', url: down.url, timeoutMs: 1000 } }),
        auditLogPath,
        logLevel: 'silent',
        console: false,
      },
      { port: 0 },
    );
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('a token is refused with 503 IDENTITY_PROVIDER_UNAVAILABLE (not as a bad token, not as asserted), recorded, nothing read', async () => {
    stack.resetStats();
    const r = await send(gateway.url, HALL.key, 'ADMINISTRATIVE_LICENSING', {
      'x-operator-token': await idp.sign({ sub: 'HB0451' }),
      'x-operator': 'HB0451',
    });
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(/identity provider.* \/ .*统一身份认证平台/),
          extensions: { code: 'IDENTITY_PROVIDER_UNAVAILABLE', reason: 'KEYS_UNAVAILABLE' },
        },
      ],
    });
    expect(legacyCalls()).toBe(0);
    expect(recordOf(auditLogPath, r.requestId)).toMatchObject({ outcome: 'REFUSED', refusalCode: 'IDENTITY_PROVIDER_UNAVAILABLE', operator: null });
    // Without a token the same gateway still takes an asserted operator.
    const asserted = await send(gateway.url, HALL.key, 'ADMINISTRATIVE_LICENSING', { 'x-operator': 'HB0451' });
    expect(asserted.status).toBe(200);
    expect(recordOf(auditLogPath, asserted.requestId)).toMatchObject({ operator: { id: 'HB0451', how: 'asserted' } });
  });

  it('a caller that must send a verified operator stops the start when no identity provider is configured', async () => {
    await expect(
      startGateway(
        {
          supergraphSdl: readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'),
          sharedSecret: DEV_SUBGRAPH_SECRET,
          callers,
          auditLogPath: join(dir, 'never.log'),
          logLevel: 'silent',
          console: false,
        },
        { port: 0 },
      ),
    ).rejects.toThrow(/platform-hubei need a verified operator .*OPERATOR_JWKS_FILE or OPERATOR_JWKS_URL/);
  });
});
