/**
 * The subgraph's door: only signed requests from the gateway, each signature answered once (issue 14:
 * a captured request could be sent again for 60 s and read what the gateway had read).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_HEADER, SIGNATURE_HEADER, signRequest } from '../../common/http/index.js';
import { startSubgraphServer, type RunningServer } from './subgraph-server.js';

const SECRET = 'k'.repeat(32);
let server: RunningServer;
let calls = 0;

beforeAll(async () => {
  server = await startSubgraphServer(
    {
      name: 'probe',
      typeDefs: 'type Query { hello: String }',
      resolvers: { Query: { hello: () => (calls++, 'world') } },
      context: () => ({}),
    },
    { port: 0, sharedSecret: SECRET },
  );
});
afterAll(() => server.stop());

const BODY = JSON.stringify({ query: '{ hello }' });

async function post(signature: string | undefined, body = BODY) {
  const headers: Record<string, string> = { 'content-type': 'application/json', [DEADLINE_HEADER]: String(Date.now() + 5000) };
  if (signature !== undefined) headers[SIGNATURE_HEADER] = signature;
  const res = await fetch(server.url, { method: 'POST', headers, body });
  const json = (await res.json()) as { data?: { hello: string }; errors?: { extensions: { code: string } }[] };
  return { status: res.status, data: json.data, code: json.errors?.[0]?.extensions.code };
}

describe('subgraph request signatures', () => {
  it('a fresh request passes; the same request sent again is 401 SIGNATURE_REPLAYED and not executed', async () => {
    const signature = signRequest(SECRET, BODY);
    const first = await post(signature);
    expect(first).toEqual({ status: 200, data: { hello: 'world' }, code: undefined });
    const before = calls;
    const replay = await post(signature);
    expect(replay).toMatchObject({ status: 401, code: 'SIGNATURE_REPLAYED' });
    expect(replay.data).toBeUndefined();
    expect(calls).toBe(before);
    // The gateway signs every call afresh, so the same query again is answered.
    expect(await post(signRequest(SECRET, BODY))).toMatchObject({ status: 200, data: { hello: 'world' } });
  });

  it.each<[string, () => string | undefined, string]>([
    ['unsigned', () => undefined, 'SIGNATURE_MISSING'],
    ['signed 61 s ago', () => signRequest(SECRET, BODY, Date.now() - 61_000), 'SIGNATURE_EXPIRED'],
    ['signed with another secret', () => signRequest('x'.repeat(32), BODY), 'SIGNATURE_MISMATCH'],
    ['in the format without a nonce', () => signRequest(SECRET, BODY).replace(/,n=[^,]+/, ''), 'SIGNATURE_MALFORMED'],
  ])('%s → 401 %s', async (_name, signature, code) => {
    expect(await post(signature())).toMatchObject({ status: 401, code, data: undefined });
  });
});
