import { describe, expect, it } from 'vitest';
import { LegacyRateLimitedError, LegacyTimeoutError } from '../shared/index.js';
import { CallGate } from './call-gate.js';

/** A gate on a fake clock: `sleep` advances time and records the waits. */
function fakeGate(o: { concurrency: number; ratePerSecond: number; burst?: number }) {
  let t = 0;
  const waits: number[] = [];
  const gate = new CallGate({
    ...o,
    system: 'test system',
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
  });
  return { gate, waits, advance: (ms: number) => (t += ms), time: () => t };
}

describe('CallGate token bucket', () => {
  it('lets a token go when the call woke too late for it (a stall), and takes the next one', async () => {
    let t = 0;
    let stall = 0;
    const gate = new CallGate({
      concurrency: 10,
      ratePerSecond: 10,
      burst: 1,
      maxSlipMs: 25,
      system: 'test system',
      now: () => t,
      // The process stalls during the first wait: it wakes 150 ms after it meant to.
      sleep: async (ms) => {
        t += ms + stall;
        stall = 0;
      },
    });
    (await gate.acquire(10_000))();
    expect(t).toBe(0);
    stall = 150;
    (await gate.acquire(10_000))();
    // The token at 100 was let go (woken at 250); the next is due at once (the bucket refilled
    // meanwhile) and used on time; then 1/rate apart again.
    expect(gate.slippedTokens).toBe(1);
    expect(t).toBe(250);
    (await gate.acquire(10_000))();
    expect(t).toBe(350);
    expect(gate.slippedTokens).toBe(1);
  });

  it('spaces calls by 1/rate once the burst is spent', async () => {
    const { gate, time } = fakeGate({ concurrency: 100, ratePerSecond: 5, burst: 2 });
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const release = await gate.acquire(10_000);
      starts.push(time());
      release();
    }
    expect(starts).toEqual([0, 0, 200, 400, 600]);
  });

  it('defaults the burst to a tenth of a second of calls', async () => {
    const { gate, time } = fakeGate({ concurrency: 100, ratePerSecond: 100 });
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      (await gate.acquire(10_000))();
      starts.push(time());
    }
    expect(starts).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20]);
  });

  it('refills while idle, never above the burst', async () => {
    const { gate, time, advance } = fakeGate({ concurrency: 100, ratePerSecond: 10, burst: 2 });
    for (let i = 0; i < 4; i++) (await gate.acquire(10_000))();
    advance(5_000);
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      (await gate.acquire(100_000))();
      starts.push(time());
    }
    expect(starts).toEqual([5200, 5200, 5300]);
  });

  it('refuses at once, as rate limited, when no token comes before the deadline', async () => {
    const { gate, waits } = fakeGate({ concurrency: 100, ratePerSecond: 2, burst: 1 });
    (await gate.acquire(10_000))();
    await expect(gate.acquire(400)).rejects.toBeInstanceOf(LegacyRateLimitedError);
    expect(waits).toEqual([]);
    expect(gate.inFlight).toBe(0);
    // The refused call took no token: the next one still starts at 500.
    (await gate.acquire(10_000))();
    expect(waits).toEqual([500]);
  });

  it('holds everyone back during a pause', async () => {
    const { gate, time } = fakeGate({ concurrency: 100, ratePerSecond: 1000, burst: 10 });
    gate.pauseUntil(1000);
    gate.pauseUntil(300); // an earlier pause never shortens a later one
    (await gate.acquire(5_000))();
    expect(time()).toBe(1000);
    await expect(gate.acquire(999)).rejects.toBeInstanceOf(LegacyRateLimitedError);
  });
});

describe('CallGate concurrency', () => {
  it('never lets more than `concurrency` calls hold a slot, and hands slots on in order', async () => {
    const { gate } = fakeGate({ concurrency: 2, ratePerSecond: 1e6, burst: 1e6 });
    const order: number[] = [];
    const a = await gate.acquire(1e9);
    const b = await gate.acquire(1e9);
    const c = gate.acquire(1e9).then((r) => (order.push(3), r));
    const d = gate.acquire(1e9).then((r) => (order.push(4), r));
    await Promise.resolve();
    expect(gate.inFlight).toBe(2);
    expect(order).toEqual([]);
    a();
    a(); // releasing twice frees one slot only
    const rc = await c;
    expect(order).toEqual([3]);
    expect(gate.inFlight).toBe(2);
    b();
    const rd = await d;
    rc();
    rd();
    expect(order).toEqual([3, 4]);
    expect(gate.inFlight).toBe(0);
  });

  it('times out a caller still waiting for a slot at its deadline', async () => {
    const gate = new CallGate({ concurrency: 1, ratePerSecond: 1e6, system: 'test system' });
    const held = await gate.acquire(gate.now() + 10_000);
    await expect(gate.acquire(gate.now() + 20)).rejects.toBeInstanceOf(LegacyTimeoutError);
    held();
    expect(gate.inFlight).toBe(0);
    (await gate.acquire(gate.now() + 1000))();
  });
});

describe('CallGate priority (interactive work first, job work uses what is left)', () => {
  const job = (caller: string) => ({ class: 'job' as const, caller });
  const counter = { class: 'interactive' as const, caller: 'hall' };

  it('starts an interactive call before job calls that were queued earlier, and keeps a quarter of the slots from job work', async () => {
    const gate = new CallGate({ concurrency: 4, ratePerSecond: 1e6, burst: 1e6, system: 'test system' });
    const far = gate.now() + 10_000;
    const held = await Promise.all([gate.acquire(far, job('a')), gate.acquire(far, job('a')), gate.acquire(far, job('a'))]);
    const order: string[] = [];
    const queued = [gate.acquire(far, job('a')).then((r) => (order.push('job'), r))];
    await Promise.resolve();
    expect(gate.inFlight).toBe(3); // the fourth slot is kept for interactive work
    const r = await gate.acquire(far, counter);
    order.push('counter');
    expect(gate.inFlight).toBe(4);
    r();
    held[0]!();
    (await queued[0]!)();
    expect(order).toEqual(['counter', 'job']);
    held.slice(1).forEach((h) => h());
    expect(gate.inFlight).toBe(0);
  });

  it('takes job callers in turn', async () => {
    const gate = new CallGate({ concurrency: 2, ratePerSecond: 1e6, burst: 1e6, system: 'test system' });
    const far = gate.now() + 10_000;
    const first = await gate.acquire(far, job('a')); // one job slot of two
    const order: string[] = [];
    const waits = ['a', 'a', 'a', 'b'].map((c) => gate.acquire(far, job(c)).then((r) => (order.push(c), r())));
    first();
    await Promise.all(waits);
    expect(order).toEqual(['a', 'b', 'a', 'a']);
  });
});
