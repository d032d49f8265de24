import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedRedis, redisReady } from '../../common/engines/index.js';
import { startRedis, type RedisServer } from '../../test/support/engines.js';
import { createBatchLookupLoader, type Lookup } from './department.js';
import { createPerCodeLookupLoader } from './department-subgraph.js';
import { LegacyCache } from './legacy-cache.js';
import { LegacyUnavailableError } from './legacy-errors.js';
import { createSubgraphMetrics, type SubgraphMetrics } from './metrics.js';
import { SharedAnswerTier } from './shared-answer-tier.js';
import { runInRequestScope } from './request-scope.js';

/**
 * Two replicas of a department are two LegacyCaches, each with its own Redis connection and the same
 * tier key, and each with its own loaders — as two subgraph processes have. The legacy system is a
 * function that counts what it is asked.
 */
let server: RedisServer;
const connections: Redis[] = [];
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  for (const c of connections) c.disconnect();
  await server?.stop();
});

let tiers = 0;
const TTL = 1000;
const STALE = 10_000;

interface Replica<T> {
  cache: LegacyCache<T>;
  metrics: SubgraphMetrics;
  redis: Redis;
  /** The tier's key prefix. */
  key: string;
  fallbacks: () => number;
}

/** Replicas of one department on one tier key (fresh per test). */
async function replicas<T = string>(n: number, o: { claimMs?: number; retryAfterMs?: number } = {}): Promise<Replica<T>[]> {
  const key = `test:{answers-${++tiers}}`;
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const redis = createSharedRedis(server.url, { name: `replica-${i}` });
      connections.push(redis);
      expect(await redisReady(redis)).toBe(true);
      const metrics = createSubgraphMetrics();
      let fallbacks = 0;
      const shared = new SharedAnswerTier<T>({
        redis,
        key,
        claimMs: o.claimMs ?? 3000,
        retryAfterMs: o.retryAfterMs ?? 100,
        onFallback: () => fallbacks++,
      });
      const cache = new LegacyCache<T>({ ttlMs: TTL, staleIfErrorMs: STALE, system: 'test system', metrics, shared });
      return { cache, metrics, redis, key, fallbacks: () => fallbacks };
    }),
  );
}

/** A batch legacy system: records `rec-<code>`, `UNKNOWN…` codes not known; every call counted by replica. */
function batchSystem(o: { latencyMs?: number } = {}) {
  const calls: { replica: number; keys: string[] }[] = [];
  let failing = false;
  const fetchFor =
    (replica: number) =>
    async (keys: readonly string[]): Promise<Map<string, string>> => {
      calls.push({ replica, keys: [...keys] });
      await new Promise((r) => setTimeout(r, o.latencyMs ?? 5));
      if (failing) throw new LegacyUnavailableError('down');
      return new Map(keys.filter((k) => !k.startsWith('UNKNOWN')).map((k) => [k, `rec-${k}`]));
    };
  return {
    calls,
    fetchFor,
    fail: (on: boolean) => (failing = on),
    codes: () => calls.flatMap((c) => c.keys),
  };
}

const clockAt = (t: { now: number }) => () => new Date(t.now);
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

async function metric(m: SubgraphMetrics, result: string): Promise<number> {
  const values = (await m.sharedCacheLookups.get()).values;
  return values.filter((v) => v.labels.result === result).reduce((s, v) => s + v.value, 0);
}

describe('the answer tier shared by replicas', () => {
  it("serves a code read through replica A from replica B without a legacy call, with A's time, marked as cached", async () => {
    const [a, b] = await replicas(2);
    const sys = batchSystem();
    const t = { now: 1_000_000 };
    const viaA = await createBatchLookupLoader(100, sys.fetchFor(0), clockAt(t), a!.cache).loadMany(['C1', 'C2', 'UNKNOWN1']);
    expect(viaA.map((l) => (l as Lookup<string>).kind)).toEqual(['found', 'found', 'missing']);
    expect(sys.calls).toHaveLength(1);
    // A's answers are written to the tier just behind its own answer.
    for (let i = 0; i < 100 && (await a!.redis.exists(`${a!.key}:a:C1`, `${a!.key}:a:C2`, `${a!.key}:a:UNKNOWN1`)) < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }

    t.now += 400;
    const viaB = await createBatchLookupLoader(100, sys.fetchFor(1), clockAt(t), b!.cache).loadMany(['C1', 'C2', 'UNKNOWN1']);
    const asOf = new Date(1_000_000).toISOString();
    expect(viaB).toEqual([
      { kind: 'found', record: 'rec-C1', asOf, fromCache: true, stale: false },
      { kind: 'found', record: 'rec-C2', asOf, fromCache: true, stale: false },
      { kind: 'missing', asOf, fromCache: true, stale: false },
    ]);
    expect(sys.calls).toHaveLength(1);
    expect(await metric(b!.metrics, 'hit')).toBe(3);

    // B now has them in its own cache, with A's time: past A's TTL, both call again.
    t.now = 1_000_000 + TTL;
    await createBatchLookupLoader(100, sys.fetchFor(1), clockAt(t), b!.cache).load('C1');
    expect(sys.calls.map((c) => c.replica)).toEqual([0, 1]);
  });

  it('serves the tier’s older answer, marked stale, when the system fails past the TTL — and the failure only inside the stale window', async () => {
    const [a, b] = await replicas(2);
    const sys = batchSystem();
    const t = { now: 2_000_000 };
    await createBatchLookupLoader(100, sys.fetchFor(0), clockAt(t), a!.cache).loadMany(['S1', 'UNKNOWN2']);
    sys.fail(true);
    t.now += TTL + 10;
    // B never saw these codes: only the tier has them.
    const [s1, unknown, never] = (await createBatchLookupLoader(100, sys.fetchFor(1), clockAt(t), b!.cache).loadMany([
      'S1',
      'UNKNOWN2',
      'S2',
    ])) as Lookup<string>[];
    const asOf = new Date(2_000_000).toISOString();
    expect(s1).toEqual({ kind: 'found', record: 'rec-S1', asOf, fromCache: true, stale: true });
    expect(unknown).toEqual({ kind: 'missing', asOf, fromCache: true, stale: true });
    expect(never!.kind).toBe('failed');
    expect(await metric(b!.metrics, 'stale')).toBe(2);
    // The failure was not stored: with the system back, A calls for S2 and gets it.
    sys.fail(false);
    expect(await createBatchLookupLoader(100, sys.fetchFor(0), clockAt(t), a!.cache).load('S2')).toMatchObject({ kind: 'found', record: 'rec-S2' });

    // Past TTL + stale window: no stale answer any more, from either tier.
    sys.fail(true);
    t.now = 2_000_000 + TTL + STALE;
    const [c] = await replicas(1);
    expect((await createBatchLookupLoader(100, sys.fetchFor(2), clockAt(t), c!.cache).load('S1')).kind).toBe('failed');
    expect((await createBatchLookupLoader(100, sys.fetchFor(1), clockAt(t), b!.cache).load('S1')).kind).toBe('failed');
  });

  it('two replicas asked for the same codes at the same moment fetch each code once, in as few batch calls as the limit allows', async () => {
    const [a, b] = await replicas(2);
    const sys = batchSystem({ latencyMs: 40 });
    const t = { now: 3_000_000 };
    // Two trading platforms, 200 codes in common, each list 500 codes, both at once.
    const common = range('K', 200);
    const listA = [...range('A', 300), ...common];
    const listB = [...common, ...range('B', 300)];
    const [ra, rb] = await Promise.all([
      createBatchLookupLoader(100, sys.fetchFor(0), clockAt(t), a!.cache).loadMany(listA),
      createBatchLookupLoader(100, sys.fetchFor(1), clockAt(t), b!.cache).loadMany(listB),
    ]);
    expect(ra.every((l, i) => (l as Lookup<string>).kind === 'found' && (l as { record: string }).record === `rec-${listA[i]}`)).toBe(true);
    expect(rb.every((l, i) => (l as Lookup<string>).kind === 'found' && (l as { record: string }).record === `rec-${listB[i]}`)).toBe(true);
    // Every code once, across both replicas.
    expect(sys.codes().sort()).toEqual([...new Set([...listA, ...listB])].sort());
    for (const replica of [0, 1]) {
      const mine = sys.calls.filter((c) => c.replica === replica);
      const codes = mine.reduce((n, c) => n + c.keys.length, 0);
      expect(mine.every((c) => c.keys.length <= 100)).toBe(true);
      expect(mine).toHaveLength(Math.ceil(codes / 100));
    }
    // What one replica fetched, the other waited for: the common codes' answers came from the tier.
    expect((await metric(a!.metrics, 'waited')) + (await metric(b!.metrics, 'waited'))).toBe(200);
  });

  it('per-code systems too: concurrent lookups of the same codes through two replicas call once per code', async () => {
    const [a, b] = await replicas<string[]>(2);
    const t = { now: 4_000_000 };
    const asked: string[] = [];
    const fetchOne = async (key: string) => {
      asked.push(key);
      await new Promise((r) => setTimeout(r, 20));
      return key.startsWith('UNKNOWN') ? null : [`case-${key}`];
    };
    const codes = [...range('P', 60), 'UNKNOWN3'];
    const [ra, rb] = await Promise.all([
      createPerCodeLookupLoader(fetchOne, 3000, clockAt(t), a!.cache).loadMany(codes),
      createPerCodeLookupLoader(fetchOne, 3000, clockAt(t), b!.cache).loadMany([...codes].reverse()),
    ]);
    expect(asked.sort()).toEqual([...codes].sort());
    expect((ra.at(-1) as Lookup<string[]>).kind).toBe('missing');
    expect((rb[0] as Lookup<string[]>).kind).toBe('missing');
    expect(ra.slice(0, -1).every((l) => (l as Lookup<string[]>).kind === 'found')).toBe(true);
  });

  it('a replica whose call failed releases its claims at once: the waiting replica calls itself and gets the answer', async () => {
    const [a, b] = await replicas(2);
    const t = { now: 5_000_000 };
    const calls: number[] = [];
    let releaseA!: () => void;
    const aCalled = new Promise<void>((r) => (releaseA = r));
    const failingA = async (_keys: readonly string[]): Promise<Map<string, string>> => {
      calls.push(0);
      await aCalled;
      throw new LegacyUnavailableError('down');
    };
    const workingB = async (keys: readonly string[]): Promise<Map<string, string>> => {
      calls.push(1);
      return new Map(keys.map((k) => [k, `rec-${k}`]));
    };
    const viaA = createBatchLookupLoader(100, failingA, clockAt(t), a!.cache).loadMany(['F1', 'F2']);
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    const viaB = createBatchLookupLoader(100, workingB, clockAt(t), b!.cache).loadMany(['F1', 'F2']);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual([0]); // B waits for A's claim…
    releaseA();
    expect((await viaA).map((l) => (l as Lookup<string>).kind)).toEqual(['failed', 'failed']);
    // …and once A has failed (and stored nothing), B claims the codes and calls itself.
    expect(await viaB).toEqual([
      { kind: 'found', record: 'rec-F1', asOf: new Date(t.now).toISOString() },
      { kind: 'found', record: 'rec-F2', asOf: new Date(t.now).toISOString() },
    ]);
    expect(calls).toEqual([0, 1]);
  });

  it('interactive work does not wait for a code a bulk job on another replica is fetching: it calls itself', async () => {
    const [a, b, c] = await replicas(3);
    const t = { now: 5_500_000 };
    const calls: number[] = [];
    let finishJob!: () => void;
    const jobMayAnswer = new Promise<void>((r) => (finishJob = r));
    const slowJobCall = async (keys: readonly string[]): Promise<Map<string, string>> => {
      calls.push(0);
      await jobMayAnswer;
      return new Map(keys.map((k) => [k, `rec-${k}`]));
    };
    const answering =
      (replica: number) =>
      async (keys: readonly string[]): Promise<Map<string, string>> => {
        calls.push(replica);
        return new Map(keys.map((k) => [k, `rec-${k}`]));
      };
    const asJob = <T>(fn: () => T) => runInRequestScope({ work: { class: 'job', caller: 'platform' } }, fn);
    const viaJob = asJob(() => createBatchLookupLoader(100, slowJobCall, clockAt(t), a!.cache).load('J1'));
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    // Another job, on replica c, waits for a's call…
    const otherJob = asJob(() => createBatchLookupLoader(100, answering(2), clockAt(t), c!.cache).load('J1'));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual([0]);
    // …while a counter's check on replica b does not: it calls at once. (Within one replica, a check
    // still waits for the same code's lookup under way there, as it always has.)
    const viaCounter = await runInRequestScope({ work: { class: 'interactive', caller: 'hall' } }, () =>
      createBatchLookupLoader(100, answering(1), clockAt(t), b!.cache).load('J1'),
    );
    expect(viaCounter).toMatchObject({ kind: 'found', record: 'rec-J1' });
    expect(calls).toEqual([0, 1]);
    finishJob();
    expect(await viaJob).toMatchObject({ kind: 'found', record: 'rec-J1' });
    expect(await otherJob).toMatchObject({ kind: 'found', record: 'rec-J1', fromCache: true });
    expect(calls).toEqual([0, 1]);
  });

  it('a claimant that died is waited for only until its claim lapses; then the code is fetched', async () => {
    const [b] = await replicas(1, { claimMs: 3000 });
    const t = { now: 6_000_000 };
    const sys = batchSystem();
    // A replica that claimed D1 and was killed before it answered: its claim has 300 ms left.
    await b!.redis.set(`${b!.key}:f:D1`, 'a-replica-that-died', 'PX', 300);
    const answer = await createBatchLookupLoader(100, sys.fetchFor(1), clockAt(t), b!.cache).load('D1');
    expect(answer).toMatchObject({ kind: 'found', record: 'rec-D1' });
    expect(sys.calls).toEqual([{ replica: 1, keys: ['D1'] }]);
  });

  // Last in the file: it kills the file's Redis.
  it('with Redis down, each replica fetches directly and answers right; with Redis back, the tier serves again', async () => {
    const [a, b] = await replicas(2, { retryAfterMs: 100 });
    const sys = batchSystem();
    const t = { now: 7_000_000 };
    await server.kill();
    const [ra, rb] = await Promise.all([
      createBatchLookupLoader(100, sys.fetchFor(0), clockAt(t), a!.cache).loadMany(['R1', 'UNKNOWN4']),
      createBatchLookupLoader(100, sys.fetchFor(1), clockAt(t), b!.cache).loadMany(['R1', 'UNKNOWN4']),
    ]);
    const asOf = new Date(t.now).toISOString();
    expect(ra).toEqual([
      { kind: 'found', record: 'rec-R1', asOf },
      { kind: 'missing', asOf },
    ]);
    expect(rb).toEqual(ra);
    expect(sys.calls.map((c) => c.replica).sort()).toEqual([0, 1]);
    expect(a!.fallbacks()).toBeGreaterThan(0);
    // Each replica's own cache still serves what it fetched.
    expect(await createBatchLookupLoader(100, sys.fetchFor(0), clockAt(t), a!.cache).load('R1')).toMatchObject({ fromCache: true, stale: false });

    await server.start();
    for (let i = 0; i < 200 && a!.redis.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 150)); // past retryAfterMs
    for (let i = 0; i < 200 && b!.redis.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
    sys.calls.length = 0;
    await createBatchLookupLoader(100, sys.fetchFor(0), clockAt(t), a!.cache).load('R2');
    await new Promise((r) => setTimeout(r, 20)); // the answer is written behind
    expect(await createBatchLookupLoader(100, sys.fetchFor(1), clockAt(t), b!.cache).load('R2')).toMatchObject({ fromCache: true, record: 'rec-R2' });
    expect(sys.calls).toEqual([{ replica: 0, keys: ['R2'] }]);
  });
});
