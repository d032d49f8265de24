/** Checking bidders in chunks against a fake gateway, and the GraphQL client the pages and the CLI use. */
import { describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { BIDDERS_QUERY, checkBidders, createGraphqlClient, GraphqlRequestError, type BidderInput, type GraphqlRequest } from './files.js';
import { callerHeaders, headerValue, operationNameOf } from './public/assets/lib/graphql.js';

const code = (i: number) => buildUscc('9', '1', '420502', String(i).padStart(8, '0'));
const bidder = (row: number, codeGiven: string, nameGiven = `公司${row}`): BidderInput => ({ row, codeGiven, nameGiven });

/** A fake gateway answering `enterprises`: verdict by the last digit of the organisation body. */
function fakeGateway(options: { failChunks?: number; fatal?: string; delayMs?: number; nullCheckFor?: string } = {}) {
  const calls: { usccs: string[]; scenario: string; asOf: unknown }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let failuresLeft = options.failChunks ?? 0;
  const request: GraphqlRequest = async (query, variables) => {
    expect(query).toBe(BIDDERS_QUERY);
    const v = variables as { usccs: string[]; scenario: string; asOf: unknown };
    calls.push(v);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((r) => setTimeout(r, options.delayMs ?? 5));
      if (options.fatal) throw new GraphqlRequestError('refused', { code: options.fatal });
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new GraphqlRequestError('upstream hiccup', { code: 'HTTP_ERROR', status: 502 });
      }
      const errors: { message: string; path: (string | number)[]; extensions: Record<string, unknown> }[] = [];
      const enterprises = v.usccs.map((uscc, i) => {
        if (uscc === options.nullCheckFor) {
          errors.push({ message: 'courts timed out', path: ['enterprises', i, 'creditCheck'], extensions: { code: 'SUBGRAPH_TIMEOUT' } });
          return {
            __typename: 'Enterprise',
            uscc,
            marketRegulation: { registration: { name: `登记${uscc.slice(-4)}`, status: 'OPERATING' } },
            creditCheck: null,
          };
        }
        const digit = Number(uscc[15]);
        const verdict = digit === 1 ? 'PROHIBITED' : digit === 2 ? 'INCOMPLETE' : 'CLEAR';
        return {
          __typename: 'Enterprise',
          uscc,
          marketRegulation: { registration: { name: `登记${uscc.slice(-4)}`, status: 'OPERATING' } },
          creditCheck: {
            checkId: `CHK-${uscc}`,
            verdict,
            missingSources: verdict === 'INCOMPLETE' ? ['TAX'] : [],
            warnings: [],
            flags:
              verdict === 'PROHIBITED'
                ? [
                    { measure: { code: 'BAN-BID-DISHONEST-DEBTOR' } },
                    { measure: { code: 'KEY-SUPERVISION' } },
                    { measure: { code: 'KEY-SUPERVISION' } },
                  ]
                : [],
          },
        };
      });
      return { data: { enterprises }, errors };
    } finally {
      inFlight--;
    }
  };
  return { request, calls, maxInFlight: () => maxInFlight };
}

describe('checkBidders', () => {
  it('checks 250 bidders in chunks of 100, three at a time, in file order, with progress', async () => {
    const bidders = Array.from({ length: 250 }, (_, i) => bidder(i + 2, code(i)));
    const gw = fakeGateway({ delayMs: 20 });
    const progress: number[] = [];
    const results = await checkBidders({
      bidders,
      scenario: 'BIDDING',
      asOf: '2026-12-01',
      request: gw.request,
      retryDelayMs: 1,
      onProgress: (p) => progress.push(p.done),
    });
    expect(gw.calls.map((c) => c.usccs.length)).toEqual([100, 100, 50]);
    expect(gw.calls.every((c) => c.scenario === 'BIDDING' && c.asOf === '2026-12-01')).toBe(true);
    expect(gw.maxInFlight()).toBeLessThanOrEqual(3);
    expect(gw.maxInFlight()).toBeGreaterThan(1);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(250);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(results.map((r) => r.row)).toEqual(bidders.map((b) => b.row));
    const first = results[1]!; // org body ...01 → PROHIBITED
    expect(first).toMatchObject({
      verdict: 'PROHIBITED',
      flags: ['BAN-BID-DISHONEST-DEBTOR', 'KEY-SUPERVISION'],
      checkId: `CHK-${code(1)}`,
      nameMismatch: true,
    });
    expect(results[2]).toMatchObject({ verdict: 'INCOMPLETE', missingSources: ['TAX'] });
    expect(results[0]).toMatchObject({ verdict: 'CLEAR', nameRegistered: `登记${code(0).slice(-4)}` });
  });

  it('answers invalid codes locally, asks once per distinct code, normalises what was typed', async () => {
    const gw = fakeGateway();
    const lower = code(3).toLowerCase();
    const results = await checkBidders({
      bidders: [bidder(1, code(3)), bidder(2, '9142'), bidder(3, ` ${lower} `), bidder(4, `${code(3).slice(0, 17)}Z`), bidder(5, '')],
      scenario: 'GOVERNMENT_PROCUREMENT',
      request: gw.request,
      lang: 'en',
    });
    expect(gw.calls).toHaveLength(1);
    expect(gw.calls[0]!.usccs).toEqual([code(3)]);
    expect(results.map((r) => r.verdict)).toEqual(['CLEAR', 'INVALID_CODE', 'CLEAR', 'INVALID_CODE', 'INVALID_CODE']);
    expect(results[1]!.message).toContain('18 characters');
    expect(results[2]).toMatchObject({ code: code(3), duplicateOf: 1 });
    expect(results[3]!.message).toContain('position 18');
  });

  it('makes no request when every code is invalid', async () => {
    const gw = fakeGateway();
    const progress: unknown[] = [];
    const results = await checkBidders({ bidders: [bidder(1, 'x')], scenario: 'BIDDING', request: gw.request, onProgress: (p) => progress.push(p) });
    expect(gw.calls).toHaveLength(0);
    expect(results[0]!.verdict).toBe('INVALID_CODE');
    expect(progress).toEqual([{ done: 1, total: 1 }]);
  });

  it('retries a failed chunk, then marks its bidders ERROR without stopping the others', async () => {
    const bidders = Array.from({ length: 30 }, (_, i) => bidder(i + 1, code(i)));
    const retried = await checkBidders({
      bidders,
      scenario: 'BIDDING',
      request: fakeGateway({ failChunks: 1 }).request,
      chunkSize: 10,
      concurrency: 1,
      retryDelayMs: 1,
    });
    expect(retried.every((r) => r.verdict !== 'ERROR')).toBe(true);
    const failed = await checkBidders({
      bidders,
      scenario: 'BIDDING',
      request: fakeGateway({ failChunks: 2 }).request,
      chunkSize: 10,
      concurrency: 1,
      retries: 1,
      retryDelayMs: 1,
    });
    expect(failed.slice(0, 10).every((r) => r.verdict === 'ERROR' && r.message?.startsWith('HTTP_ERROR'))).toBe(true);
    expect(failed.slice(10).every((r) => r.verdict !== 'ERROR')).toBe(true);
  });

  it('marks a bidder whose check came back null as ERROR with the error at its path', async () => {
    const results = await checkBidders({
      bidders: [bidder(1, code(5)), bidder(2, code(6))],
      scenario: 'BIDDING',
      request: fakeGateway({ nullCheckFor: code(6) }).request,
    });
    expect(results[0]!.verdict).toBe('CLEAR');
    expect(results[1]).toMatchObject({ verdict: 'ERROR', message: 'SUBGRAPH_TIMEOUT: courts timed out' });
  });

  it('passes on a server-side InvalidCode', async () => {
    const request: GraphqlRequest = async () => ({
      data: { enterprises: [{ __typename: 'InvalidCode', input: 'x', message: 'Bad (错误).' }] },
      errors: [],
    });
    const results = await checkBidders({ bidders: [bidder(1, code(7))], scenario: 'BIDDING', request });
    expect(results[0]).toMatchObject({ verdict: 'INVALID_CODE', message: 'Bad (错误).' });
  });

  it('stops the run on an error no retry can fix', async () => {
    const gw = fakeGateway({ fatal: 'UNAUTHENTICATED' });
    const bidders = Array.from({ length: 500 }, (_, i) => bidder(i + 1, code(i)));
    await expect(checkBidders({ bidders, scenario: 'BIDDING', request: gw.request, retryDelayMs: 1 })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(gw.calls.length).toBeLessThanOrEqual(3);
  });

  it('can be stopped', async () => {
    const controller = new AbortController();
    const gw = fakeGateway({ delayMs: 30 });
    const bidders = Array.from({ length: 1000 }, (_, i) => bidder(i + 1, code(i)));
    const run = checkBidders({ bidders, scenario: 'BIDDING', request: gw.request, signal: controller.signal, concurrency: 1 });
    setTimeout(() => controller.abort(), 40);
    await expect(run).rejects.toBeTruthy();
    expect(gw.calls.length).toBeLessThan(10);
  });
});

describe('GraphQL client', () => {
  const respond = (status: number, body: unknown, seen: { url?: string; init?: RequestInit }[]) =>
    (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;

  it('sends the key, purpose and reference (non-ASCII percent-encoded) and the operation name', async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const request = createGraphqlClient({
      url: 'http://gw/graphql',
      credentials: { key: 'dev-trading-platform', purpose: 'BIDDER_CHECK', reference: 'settings-ref' },
      fetch: respond(200, { data: { x: 1 } }, seen),
    });
    const r = await request('query Probe { x }', { a: 1 }, { reference: '鄂财采〔2024〕12号' });
    expect(r).toEqual({ data: { x: 1 }, errors: [] });
    const headers = seen[0]!.init!.headers as Record<string, string>;
    expect(headers['Authorization']).toBe('Bearer dev-trading-platform');
    expect(headers['X-Query-Purpose']).toBe('BIDDER_CHECK');
    expect(decodeURIComponent(headers['X-Query-Reference']!)).toBe('鄂财采〔2024〕12号');
    expect(headers['X-Query-Reference']).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(String(seen[0]!.init!.body))).toEqual({ query: 'query Probe { x }', variables: { a: 1 }, operationName: 'Probe' });
  });

  it('encodes header values the gateway would misread and leaves plain ones alone', () => {
    expect(headerValue(' T-2026-001 ')).toBe('T-2026-001');
    expect(headerValue('50%')).toBe('50%25');
    expect(callerHeaders({ key: '', purpose: ' AUDIT ', reference: '' })).toEqual({ 'X-Query-Purpose': 'AUDIT' });
    expect(operationNameOf('# query Fake\nquery Real($a: Int) { x }')).toBe('Real');
    expect(operationNameOf('{ x }')).toBeNull();
  });

  it('turns refusals into errors with the gateway code, keeps partial data', async () => {
    const refuse = createGraphqlClient({
      url: 'u',
      credentials: {},
      fetch: respond(401, { errors: [{ message: 'Authentication required. / 需要身份认证。', extensions: { code: 'UNAUTHENTICATED' } }] }, []),
    });
    await expect(refuse('{ x }')).rejects.toMatchObject({ name: 'GraphqlRequestError', code: 'UNAUTHENTICATED', status: 401 });
    const bad = createGraphqlClient({
      url: 'u',
      credentials: {},
      fetch: respond(200, { data: null, errors: [{ message: 'bad code', extensions: { code: 'BAD_USER_INPUT', reason: 'WRONG_LENGTH' } }] }, []),
    });
    await expect(bad('{ x }')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WRONG_LENGTH' });
    const partial = createGraphqlClient({
      url: 'u',
      credentials: {},
      fetch: respond(200, { data: { x: null }, errors: [{ message: 'tax down', path: ['x'] }] }, []),
    });
    await expect(partial('{ x }')).resolves.toEqual({ data: { x: null }, errors: [{ message: 'tax down', path: ['x'] }] });
    const html = createGraphqlClient({ url: 'u', credentials: {}, fetch: respond(502, '<html>Bad gateway</html>', []) });
    await expect(html('{ x }')).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 502 });
    const down = createGraphqlClient({
      url: 'u',
      credentials: {},
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as unknown as typeof fetch,
    });
    await expect(down('{ x }')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
