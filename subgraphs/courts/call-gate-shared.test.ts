import { describe, expect, it } from 'vitest';
import { redisForTests } from '../../test/support/engines-for-tests.js';
import { LegacyRateLimitedError, LegacyTimeoutError, type Work } from '../shared/index.js';
import { CallGate } from './call-gate.js';

/**
 * Two CallGates are two replicas of the courts subgraph: each with its own Redis connection, one
 * budget between them. Calls are counted where they start, on the gates' own clock: the property is
 * a count per second, never how long something took.
 */
const redis = redisForTests();
const connection = (name: string) => redis.connection(name);

let budgets = 0;
interface Replica {
  gate: CallGate;
  changes: boolean[];
  fallbacks: () => number;
}

/** `count` replicas sharing one budget (a fresh key per test). */
async function replicas(count: number, o: { rate: number; burst: number; replicas?: number; concurrency?: number }): Promise<Replica[]> {
  const key = `test:{budget-${++budgets}}`;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const changes: boolean[] = [];
      let fallbacks = 0;
      const gate = new CallGate({
        concurrency: o.concurrency ?? 64,
        ratePerSecond: o.rate,
        burst: o.burst,
        system: 'test system',
        shared: {
          redis: await connection(`replica-${i}`),
          key,
          replicas: o.replicas ?? count,
          retryAfterMs: 200,
          onChange: (shared) => changes.push(shared),
          onFallback: () => fallbacks++,
        },
      });
      return { gate, changes, fallbacks: () => fallbacks };
    }),
  );
}

/** Most calls started within any one second (a window that slides from call to call). */
function busiestSecond(starts: readonly number[]): number {
  const s = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const job = (caller: string): Work => ({ class: 'job', caller });
const counter: Work = { class: 'interactive', caller: 'hall' };

/** `n` calls through `gate` at once; each start is recorded on the gate's clock. */
async function burstOf(gate: CallGate, n: number, starts: number[], work: Work = counter): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async () => {
      const release = await gate.acquire(gate.now() + 10_000, work);
      starts.push(gate.now());
      await sleep(2);
      release();
    }),
  );
}

describe('CallGate with a budget shared in Redis', () => {
  // 10 calls a second: 100 ms between two calls is far more than the timers' jitter on a busy machine.
  const rate = 10;
  const burst = 2;

  it('two replicas under twice the load of one never start more than rate + burst calls in any second together', async () => {
    const [a, b] = await replicas(2, { rate, burst });
    const starts: number[] = [];
    await Promise.all([burstOf(a!.gate, 15, starts), burstOf(b!.gate, 15, starts)]);
    expect(starts).toHaveLength(30);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(rate + burst);
    expect([a!.fallbacks(), b!.fallbacks()]).toEqual([0, 0]);
    expect(a!.gate.sharedBudget && b!.gate.sharedBudget).toBe(true);
  });

  it('(the same load through two gates with budgets of their own overruns the rate: the count above can fail)', async () => {
    const own = () => new CallGate({ concurrency: 64, ratePerSecond: rate, burst, system: 'test system' });
    const starts: number[] = [];
    await Promise.all([burstOf(own(), 15, starts), burstOf(own(), 15, starts)]);
    expect(busiestSecond(starts)).toBeGreaterThan(rate + burst);
  });

  it('interactive calls on one replica start before job calls another replica has queued', async () => {
    // burst 4: job work leaves one token of it to interactive work.
    const [hall, platform] = await replicas(2, { rate, burst: 4 });
    const events: { kind: 'job' | 'interactive'; at: number }[] = [];
    const jobs = Array.from({ length: 20 }, async () => {
      const release = await platform!.gate.acquire(platform!.gate.now() + 20_000, job('platform'));
      events.push({ kind: 'job', at: platform!.gate.now() });
      release();
    });
    // Job work runs at the budget's rate while nothing else asks…
    while (events.length < 4) await sleep(10);
    // …then a hall's counter checks arrive at the other replica.
    const interactive = Array.from({ length: 10 }, async () => {
      const release = await hall!.gate.acquire(hall!.gate.now() + 20_000, counter);
      events.push({ kind: 'interactive', at: hall!.gate.now() });
      release();
    });
    await Promise.all([...jobs, ...interactive]);
    const order = events.map((e) => e.kind);
    const first = order.indexOf('interactive');
    const last = order.lastIndexOf('interactive');
    // Once the counter's calls hold tokens, no job call starts until the last of them has started
    // (the first may share its moment with a job token granted just before).
    expect(order.slice(first + 1, last).filter((k) => k === 'job')).toEqual([]);
    expect(order.filter((k) => k === 'job')).toHaveLength(20);
    expect(busiestSecond(events.map((e) => e.at))).toBeLessThanOrEqual(rate + 4);
  });

  it('a 429 paused on one replica holds the other back', async () => {
    const [a, b] = await replicas(2, { rate: 1000, burst: 10 });
    (await b!.gate.acquire(b!.gate.now() + 150))();
    a!.gate.pauseUntil(a!.gate.now() + 2000);
    await sleep(50); // the pause reaches Redis without the caller waiting for it
    await expect(b!.gate.acquire(b!.gate.now() + 150)).rejects.toBeInstanceOf(LegacyRateLimitedError);
    expect(b!.gate.inFlight).toBe(0);
  });

  // Last in the file: it kills the file's Redis.
  it("falls back to each replica's share when Redis is killed under load, and returns to the shared budget when it is back", async () => {
    const [a, b] = await replicas(2, { rate, burst, replicas: 2 });
    const starts = { a: [] as number[], b: [] as number[] };
    let running = true;
    // Replica a: ten callers asking for interactive calls (each may wait at most a second for a token).
    const interactiveLoad = async (g: CallGate, into: number[]) => {
      while (running) {
        try {
          const release = await g.acquire(g.now() + 1000, counter);
          into.push(g.now());
          release();
        } catch (err) {
          if (!(err instanceof LegacyRateLimitedError)) throw err;
          await sleep(20);
        }
      }
    };
    // Replica b: a bulk job, one call at a time.
    const jobLoad = async (g: CallGate, into: number[]) => {
      while (running) {
        try {
          const release = await g.acquire(g.now() + 500, job('platform'));
          into.push(g.now());
          release();
        } catch (err) {
          if (!(err instanceof LegacyRateLimitedError) && !(err instanceof LegacyTimeoutError)) throw err;
        }
      }
    };
    const clock = a!.gate.now;
    const load = Promise.all([...Array.from({ length: 10 }, () => interactiveLoad(a!.gate, starts.a)), jobLoad(b!.gate, starts.b)]);
    const between = (list: number[], from: number, to: number) => list.filter((t) => t >= from && t < to);
    try {
      await sleep(1500);
      const killedAt = clock();
      await redis.server().kill();
      await sleep(2600);
      const restartedAt = clock();
      await redis.server().start();
      for (let i = 0; i < 300 && !(a!.gate.sharedBudget && b!.gate.sharedBudget); i++) await sleep(50);
      expect([a!.gate.sharedBudget, b!.gate.sharedBudget]).toEqual([true, true]);
      const sharedAgainAt = clock();
      const fallbacksBack = [a!.fallbacks(), b!.fallbacks()];
      await sleep(2500);
      running = false;
      await load;
      const end = clock();

      // Shared: replica a alone takes more than one replica's share; both together keep to the rate.
      const before = [...between(starts.a, 0, killedAt), ...between(starts.b, 0, killedAt)];
      expect(busiestSecond(between(starts.a, 0, killedAt))).toBeGreaterThan(rate / 2 + 1);
      expect(busiestSecond(before)).toBeLessThanOrEqual(rate + burst);

      // Redis out: the calls reserved before (at most 1 s ahead) start, then each replica's own
      // bucket, empty: so the two together keep to the rate across the handover, and once the
      // reservations have passed each keeps to its share — rate ÷ 2 and a burst of 1.
      expect(busiestSecond([...between(starts.a, 0, restartedAt), ...between(starts.b, 0, restartedAt)])).toBeLessThanOrEqual(rate + burst);
      const outA = between(starts.a, killedAt + 1000, restartedAt);
      const outB = between(starts.b, killedAt + 1000, restartedAt);
      expect(outA.length).toBeGreaterThan(0);
      expect(outB.length).toBeGreaterThan(0);
      expect(busiestSecond(outA)).toBeLessThanOrEqual(rate / 2 + 1);
      expect(busiestSecond(outB)).toBeLessThanOrEqual(rate / 2 + 1);
      expect(busiestSecond([...outA, ...outB])).toBeLessThanOrEqual(rate + burst);
      expect(a!.fallbacks()).toBeGreaterThan(0);
      expect(b!.fallbacks()).toBeGreaterThan(0);

      // Back: no call paced by a share any more, replica a takes more than its share again, and both
      // together keep to the rate.
      expect([a!.fallbacks(), b!.fallbacks()]).toEqual(fallbacksBack);
      const afterA = between(starts.a, sharedAgainAt + 500, end);
      expect(busiestSecond(afterA)).toBeGreaterThan(rate / 2 + 1);
      // …and the handover back keeps to it as well: over the whole run, never more than rate + burst.
      expect(busiestSecond([...starts.a, ...starts.b])).toBeLessThanOrEqual(rate + burst);

      // Each transition told once.
      expect(a!.changes).toEqual([false, true]);
      expect(b!.changes).toEqual([false, true]);
    } finally {
      running = false;
      await load.catch(() => undefined);
    }
  }, 30_000);
});
