import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, SIGNATURE_HEADER, DEADLINE_HEADER } from '../../common/http/index.js';
import { buildUscc } from '../../common/uscc/index.js';
import { createCourtsSimulator } from '../../legacy/courts/index.js';
import type { Simulator } from '../../legacy/sim/index.js';
import { startRedis, type RedisServer } from '../../test/support/engines.js';
import { fixtureDataset } from '../../test/fixtures/legacy/courts.js';
import { signedFetch } from '../../test/support/signed-fetch.js';
import type { RunningServer } from '../shared/index.js';
import { courtsSubgraph } from './index.js';

/**
 * Two replicas of the courts subgraph, started as `main.ts` starts one but with `REDIS_URL` and
 * `REPLICAS=2`, against one courts system that answers 429 past 10 calls a second (slow enough
 * that a busy test machine's timer jitter stays well inside the space between two calls). The
 * system's own call count is the judge: it counts every call, the refused ones too.
 */
const KEY = 'courts-replicas-key';
const RATE = 10;
let redis: RedisServer;
let sim: Simulator;
let a: RunningServer;
let b: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  sim = createCourtsSimulator({ dataset: fixtureDataset(), key: KEY, rateLimitPerSecond: RATE });
  const url = await sim.listen(0);
  const config = courtsSubgraph.loadConfig({
    COURTS_SUBGRAPH_PORT: '0',
    COURTS_LEGACY_URL: url,
    COURTS_LEGACY_KEY: KEY,
    COURTS_LEGACY_RATE_PER_SECOND: String(RATE),
    REDIS_URL: redis.url,
    REPLICAS: '2',
  });
  [a, b] = await Promise.all([
    courtsSubgraph.start(config, { log: (l) => logs.push(`a: ${l}`) }),
    courtsSubgraph.start(config, { log: (l) => logs.push(`b: ${l}`) }),
  ]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sim?.close();
  await redis?.stop();
});

const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc judicial { source { status found fromCache stale } } } } }`;
type Source = { status: string; found: boolean | null; fromCache: boolean; stale: boolean };

/** Codes no court has records of: one call each. */
const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => buildUscc('9', '1', '110105', String(30_000_000 + from + i)));

function body(usccs: string[]): string {
  return JSON.stringify({ query: QUERY, variables: { r: usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })) } });
}

async function sources(server: RunningServer, usccs: string[]): Promise<Source[]> {
  const res = await signedFetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(usccs) });
  expect(res.status).toBe(200);
  const json = (await res.json()) as { data: { _entities: { judicial: { source: Source } }[] }; errors?: unknown };
  expect(json.errors).toBeUndefined();
  return json.data._entities.map((e) => e.judicial.source);
}

const metrics = async (server: RunningServer) => (await fetch(new URL('/metrics', server.url))).text();

describe('two courts replicas on one Redis', () => {
  it('two bidder lists at once, 10 codes in common, twice what one replica may send: no 429 and every code called once', async () => {
    sim.resetStats();
    const listA = codes(0, 20);
    const listB = [...codes(10, 10), ...codes(20, 10)];
    const [ra, rb] = await Promise.all([sources(a, listA), sources(b, listB)]);
    expect([...ra, ...rb].every((s) => s.status === 'OK' && s.found === false)).toBe(true);
    // 30 distinct codes, one call each: no code twice across the replicas and no refused call.
    expect(sim.stats()).toEqual({ calls: 30, codes: 30 });
    for (const server of [a, b]) {
      const text = await metrics(server);
      expect(text).not.toContain('outcome="RATE_LIMITED"');
      expect(text).toContain('credit_redis_up 1');
      expect(text).toContain('credit_legacy_rate_budget_shared{system="courts legacy system"} 1');
    }
  });

  it('a code read through one replica is served by the other from the cache, without a call', async () => {
    sim.resetStats();
    const only = codes(100, 3);
    expect((await sources(a, only)).map((s) => s.fromCache)).toEqual([false, false, false]);
    await new Promise((r) => setTimeout(r, 20)); // written behind the answer
    expect(await sources(b, only)).toEqual(only.map(() => ({ status: 'OK', found: false, fromCache: true, stale: false })));
    expect(sim.stats().calls).toBe(3);
  });

  it('a signed request accepted by one replica is refused as a replay by the other', async () => {
    const text = body(codes(200, 1));
    const headers = {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signRequest('dev-subgraph-secret-not-for-production', text),
      [DEADLINE_HEADER]: String(Date.now() + 10_000),
    };
    expect((await fetch(a.url, { method: 'POST', headers, body: text })).status).toBe(200);
    const replay = await fetch(b.url, { method: 'POST', headers, body: text });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('SIGNATURE_REPLAYED');
  });

  // Last: it kills the file's Redis.
  it('with Redis killed, the replicas stay ready and answer from the legacy system at their share of the rate; Redis back, they share again', async () => {
    await redis.kill();
    for (let i = 0; i < 100 && !(await metrics(a)).includes('credit_redis_up 0'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await metrics(a)).toContain('credit_redis_up 0');
    sim.resetStats();
    // 6 codes each, at once: at 5 calls a second per replica (10 ÷ 2), still no 429.
    const [ra, rb] = await Promise.all([sources(a, codes(300, 6)), sources(b, codes(310, 6))]);
    expect([...ra, ...rb].every((s) => s.status === 'OK' && s.fromCache === false)).toBe(true);
    expect(sim.stats()).toEqual({ calls: 12, codes: 12 });
    // Ready all the while (its probe asks the courts system too, so it comes after the load).
    expect((await fetch(new URL('/readyz', a.url))).status).toBe(200);
    const text = await metrics(a);
    expect(text).not.toContain('outcome="RATE_LIMITED"');
    expect(text).toContain('credit_legacy_rate_budget_shared{system="courts legacy system"} 0');
    expect(text).toMatch(/credit_shared_state_fallbacks_total\{store="rate_budget"\} [1-9]/);
    expect(text).toMatch(/credit_shared_state_fallbacks_total\{store="nonces"\} [1-9]/);
    expect(text).toMatch(/credit_shared_state_fallbacks_total\{store="answer_cache"\} [1-9]/);
    expect(logs.filter((l) => l.startsWith('a: ') && l.includes('Redis is unreachable'))).toHaveLength(1);
    expect(logs.filter((l) => l.startsWith('a: ') && l.includes('paces at its share, 5/s'))).toHaveLength(1);

    await redis.start();
    for (let i = 0; i < 200 && !(await metrics(a)).includes('credit_redis_up 1'); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1100)); // the next call past the retry time asks Redis again
    await sources(a, codes(400, 1));
    expect(await metrics(a)).toContain('credit_legacy_rate_budget_shared{system="courts legacy system"} 1');
    expect(logs.filter((l) => l.startsWith('a: ') && l.includes('Redis is reachable again'))).toHaveLength(1);
  });
});
