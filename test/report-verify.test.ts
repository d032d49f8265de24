/**
 * Reports issued through the whole system: the gateway issues the report from the answer it sends
 * (`X-Credit-Report: issue`), writes its number and hash into the audit record of that request, and
 * `GET /verify/<number>` confirms that number and hash — and not a tampered one.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';
import { REPORT_QUERY } from '../gateway/console/public/assets/lib/queries.js';
import { reportStatement } from '../gateway/console/public/assets/lib/report-statement.js';
import { reportHash } from '../gateway/report/index.js';
import { chinaDate } from '../common/china-date.js';

let stack: Stack;
let origin: string;

beforeAll(async () => {
  stack = await startStack({ datasetSize: 20 });
  origin = new URL(stack.gatewayUrl).origin;
});
afterAll(async () => {
  await stack?.stop();
});

interface Issued {
  status: number;
  data: { enterprise: Record<string, any> } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { creditReport?: { number: string; issuedAt: string; date: string; hash: string; format: string } };
}

/** The report page's query, asking for a report to be issued. */
async function issue(uscc: string, opts: { key?: string; purpose?: string; asOf?: string; reference?: string } = {}): Promise<Issued> {
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${opts.key ?? 'dev-report-developer'}`,
      'x-query-purpose': opts.purpose ?? 'CREDIT_REPORT',
      'x-credit-report': 'issue',
      ...(opts.reference ? { 'x-query-reference': opts.reference } : {}),
    },
    body: JSON.stringify({ query: REPORT_QUERY, variables: { uscc, scenario: 'BIDDING', asOf: opts.asOf ?? null }, operationName: 'CreditReport' }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Issued, 'status'>) };
}

async function auditRecords(): Promise<Record<string, any>[]> {
  return (await readFile(stack.auditLogPath, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
}

const verify = async (path: string) => {
  const res = await fetch(origin + path, { headers: { accept: 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('issuing a report', () => {
  it('the number and hash the client gets are the ones in the audit record of the request, and the hash is that of the statement', async () => {
    const g = stack.goldenCase('multi-list');
    const r = await issue(g.uscc, { reference: 'ZB-2026-118' });
    expect(r.status).toBe(200);
    expect(r.errors ?? []).toEqual([]);
    const report = r.extensions!.creditReport!;
    expect(report.number).toMatch(new RegExp(`^XYBG-${chinaDate(new Date()).replaceAll('-', '')}-[0-9A-Z]{10}$`));
    expect(report.issuedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(report.date).toBe(r.data!.enterprise['creditCheck'].asOf);

    const records = (await auditRecords()).filter((x) => x.report?.number === report.number);
    expect(records).toHaveLength(1);
    expect(records[0]!.report).toEqual({ number: report.number, issuedAt: report.issuedAt, uscc: g.uscc, hash: report.hash });
    expect(records[0]).toMatchObject({ purpose: 'CREDIT_REPORT', reference: 'ZB-2026-118', codes: { list: [g.uscc] } });

    // Anyone holding the answer recomputes the hash from the documented canonical form.
    const statement = reportStatement({
      number: report.number,
      issuedAt: report.issuedAt,
      date: report.date,
      purpose: 'CREDIT_REPORT',
      reference: 'ZB-2026-118',
      enterprise: r.data!.enterprise,
    });
    expect(reportHash(statement)).toBe(report.hash);
  });

  it('leaves repaired records out of what it states, though a caller with the history scope sees them in the answer', async () => {
    const g = stack.goldenCase('repaired');
    const r = await issue(g.uscc);
    const report = r.extensions!.creditReport!;
    const penalties = r.data!.enterprise['marketRegulation'].penalties as { reference: string; status: string }[];
    expect(penalties.map((p) => p.status)).toEqual(['REPAIRED']);
    const statement = reportStatement({
      number: report.number,
      issuedAt: report.issuedAt,
      date: report.date,
      purpose: 'CREDIT_REPORT',
      reference: null,
      enterprise: r.data!.enterprise,
    });
    expect(statement.enterprise.marketRegulation.penalties).toEqual([]);
    expect(JSON.stringify(statement)).not.toContain(penalties[0]!.reference);
    expect(reportHash(statement)).toBe(report.hash);
  });

  it('is issued to a service hall too (no history scope: the answer holds no history)', async () => {
    const g = stack.goldenCase('dishonest-debtor');
    const r = await issue(g.uscc, { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING' });
    expect(r.extensions?.creditReport?.number).toMatch(/^XYBG-/);
  });

  it('is not issued for a check as of another day: the data is answered, with REPORT_NOT_ISSUED, and the audit record has no report', async () => {
    const g = stack.goldenCase('dishonest-debtor-fulfilled');
    const before = (await auditRecords()).length;
    const r = await issue(g.uscc, { asOf: '2025-06-30' });
    expect(r.status).toBe(200);
    expect(r.data!.enterprise['creditCheck'].asOf).toBe('2025-06-30');
    expect(r.extensions?.creditReport).toBeUndefined();
    expect(r.errors!.map((e) => [e.extensions?.['code'], e.extensions?.['reason']])).toEqual([['REPORT_NOT_ISSUED', 'AS_OF_NOT_REPORT_DATE']]);
    const added = (await auditRecords()).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]!.report).toBeUndefined();
    expect(added[0]!.outcome).toBe('PARTIAL');
  });

  it.each([
    [
      'a list of enterprises',
      {
        query: 'query($c: [String!]!) { enterprises(usccs: $c) { ... on Enterprise { uscc } } }',
        variables: { c: ['914205020361824755', '914205030428615383'] },
      },
      'issue',
    ],
    ['a value other than issue', { query: 'query($u: String!) { enterprise(uscc: $u) { uscc } }', variables: { u: '914205020361824755' } }, 'yes'],
  ])('refuses to issue a report for %s (400 BAD_REQUEST, nothing read)', async (_label, body, value) => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer dev-report-developer',
        'x-query-purpose': 'CREDIT_REPORT',
        'x-credit-report': value,
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});

describe('GET /verify/<number>', () => {
  let number: string;
  let hash: string;
  let uscc: string;

  beforeAll(async () => {
    uscc = stack.goldenCase('dishonest-debtor').uscc;
    const report = (await issue(uscc)).extensions!.creditReport!;
    number = report.number;
    hash = report.hash;
  });

  it('confirms the number and hash, with no key: when (China time) and the masked code, no credit data', async () => {
    const { status, body } = await verify(`/verify/${number}?hash=${hash}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      number,
      result: 'VERIFIED',
      issued: true,
      issuedAt: expect.stringMatching(/\+08:00$/),
      uscc: `${uscc.slice(0, 4)}**********${uscc.slice(-4)}`,
      hashChecked: true,
    });
  });

  it('does not confirm a tampered hash', async () => {
    const tampered = `${hash.slice(0, 10)}${hash[10] === '0' ? '1' : '0'}${hash.slice(11)}`;
    const { status, body } = await verify(`/verify/${number}?hash=${tampered}`);
    expect(status).toBe(200);
    expect(body['result']).toBe('HASH_MISMATCH');
  });

  it('knows no number it did not issue', async () => {
    const { status, body } = await verify(`/verify/${number.slice(0, -1)}${number.endsWith('0') ? '1' : '0'}?hash=${hash}`);
    expect(status).toBe(404);
    expect(body['result']).toBe('NOT_FOUND');
  });

  it('writes nothing to the audit log (it reads the trail, and holds no credit data)', async () => {
    const before = (await readFile(stack.auditLogPath)).length;
    await verify(`/verify/${number}?hash=${hash}`);
    expect((await readFile(stack.auditLogPath)).length).toBe(before);
  });

  it('serves the page for people in Chinese', async () => {
    const res = await fetch(`${origin}/verify/${number}?hash=${hash}`, { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(html).toContain('核验通过');
    expect(html).toContain('/assets/verify.css');
    expect((await fetch(`${origin}/assets/verify.css`)).status).toBe(200);
  });
});
