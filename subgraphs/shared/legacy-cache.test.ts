import { describe, expect, it } from 'vitest';
import { LegacyCache } from './legacy-cache.js';
import { createBatchLookupLoader } from './department.js';
import { LegacyUnavailableError } from './legacy-errors.js';

describe('LegacyCache', () => {
  it('serves fresh answers, then none after the TTL, then stale ones only inside the stale window', () => {
    const c = new LegacyCache<string>({ ttlMs: 1000, staleIfErrorMs: 5000 });
    c.set('A', 'rec', 10_000);
    expect(c.fresh('A', 10_500)).toEqual({ kind: 'found', record: 'rec', asOf: new Date(10_000).toISOString(), fromCache: true, stale: false });
    expect(c.fresh('A', 11_000)).toBeUndefined();
    expect(c.stale('A', 11_000)).toMatchObject({ kind: 'found', fromCache: true, stale: true });
    expect(c.stale('A', 16_000)).toBeUndefined();
  });

  it('remembers "unknown here" as missing', () => {
    const c = new LegacyCache<string>({ ttlMs: 1000 });
    c.set('B', null, 0);
    expect(c.fresh('B', 10)).toMatchObject({ kind: 'missing', fromCache: true, stale: false });
  });

  it('stays bounded under a million distinct codes', () => {
    const c = new LegacyCache<{ n: number }>({ ttlMs: 60_000, max: 10_000 });
    for (let i = 0; i < 1_000_000; i++) c.set(`C${i}`, { n: i }, 0);
    expect(c.size).toBe(10_000);
    expect(c.fresh('C999999', 1)).toBeDefined();
    expect(c.fresh('C0', 1)).toBeUndefined();
  });

  it('is off with a TTL of 0', () => {
    const c = new LegacyCache<string>({ ttlMs: 0 });
    c.set('A', 'x', 0);
    expect(c.fresh('A', 0)).toBeUndefined();
    expect(c.stale('A', 0)).toBeUndefined();
  });
});

describe('createBatchLookupLoader with a cache', () => {
  const clockAt = (t: { now: number }) => () => new Date(t.now);

  it('calls only for what is not cached, coalesces concurrent requests, and falls back to stale answers', async () => {
    const t = { now: 1_000_000 };
    const calls: string[][] = [];
    let fail = false;
    const fetch = async (keys: readonly string[]) => {
      calls.push([...keys]);
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new LegacyUnavailableError('down');
      return new Map(keys.filter((k) => k !== 'UNKNOWN').map((k) => [k, `rec-${k}`]));
    };
    const cache = new LegacyCache<string>({ ttlMs: 1000, staleIfErrorMs: 10_000 });
    const first = createBatchLookupLoader(2, fetch, clockAt(t), cache);
    const second = createBatchLookupLoader(2, fetch, clockAt(t), cache);
    // Two requests at once for overlapping codes: each code is fetched once.
    const [a, b] = await Promise.all([first.loadMany(['A', 'B', 'C', 'UNKNOWN']), second.loadMany(['B', 'C'])]);
    expect(calls.flat().sort()).toEqual(['A', 'B', 'C', 'UNKNOWN']);
    expect(calls.every((c) => c.length <= 2)).toBe(true);
    expect(a[3]).toMatchObject({ kind: 'missing' });
    expect(b[0]).toMatchObject({ kind: 'found', record: 'rec-B' });

    // A later request inside the TTL: no call, marked as from the cache.
    calls.length = 0;
    const third = createBatchLookupLoader(2, fetch, clockAt(t), cache);
    expect(await third.load('A')).toMatchObject({ kind: 'found', record: 'rec-A', fromCache: true, stale: false });
    expect(calls).toEqual([]);

    // Past the TTL with the system down: the old answer, marked stale; an uncached code fails.
    t.now += 5000;
    fail = true;
    const fourth = createBatchLookupLoader(2, fetch, clockAt(t), cache);
    const [stale, never] = await Promise.all([fourth.load('A'), fourth.load('D')]);
    expect(stale).toMatchObject({ kind: 'found', record: 'rec-A', fromCache: true, stale: true, asOf: new Date(1_000_000).toISOString() });
    expect(never.kind).toBe('failed');
  });
});
