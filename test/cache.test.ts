/**
 * The cache of legacy answers through the real gateway: a hit costs no legacy call and says so in
 * `source`, an expired entry is fetched again, and when the legacy system then fails a recent
 * answer is served marked stale — never silently. Query shapes that reach the same department
 * twice cost one legacy call per batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../common/departments.js';
import { startStack, type Stack } from './support/stack.js';

// Long enough that a loaded CI machine still serves the second read from the cache.
const TTL = 1500;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    datasetSize: 3000,
    env: Object.fromEntries(
      DEPARTMENT_REGISTRY.map((d) => d.envPrefix).flatMap((p) => [
        [`${p}_CACHE_TTL_MS`, String(TTL)],
        [`${p}_CACHE_STALE_MS`, '60000'],
      ]),
    ),
  });
});
afterAll(async () => {
  await stack?.stop();
});

const TAX = `query($u: String!) { enterprise(uscc: $u) { tax { source { status asOf fromCache stale } creditRatings { year level } } } }`;
interface TaxView {
  enterprise: { tax: { source: { status: string; asOf: string; fromCache: boolean; stale: boolean }; creditRatings: unknown[] } };
}

describe('cache of legacy answers', () => {
  it('hit, expiry, and stale-if-error, each visible in source', async () => {
    const u = stack.goldenCase('tax-d-level').uscc;
    stack.resetStats();
    const first = await stack.query<TaxView>(TAX, { u });
    expect(first.data!.enterprise.tax.source).toMatchObject({ status: 'OK', fromCache: false, stale: false });
    const hit = await stack.query<TaxView>(TAX, { u });
    expect(hit.data!.enterprise.tax.source).toMatchObject({
      status: 'OK',
      fromCache: true,
      stale: false,
      asOf: first.data!.enterprise.tax.source.asOf,
    });
    expect(stack.stats().tax.calls).toBe(1);

    await new Promise((r) => setTimeout(r, TTL + 100));
    const refreshed = await stack.query<TaxView>(TAX, { u });
    expect(refreshed.data!.enterprise.tax.source).toMatchObject({ status: 'OK', fromCache: false });
    expect(stack.stats().tax.calls).toBe(2);

    await new Promise((r) => setTimeout(r, TTL + 100));
    stack.legacy.simulators.tax!.setFault('down');
    try {
      const stale = await stack.query<TaxView>(TAX, { u });
      expect(stale.data!.enterprise.tax.source).toMatchObject({
        status: 'OK',
        fromCache: true,
        stale: true,
        asOf: refreshed.data!.enterprise.tax.source.asOf,
      });
      expect(stale.data!.enterprise.tax.creditRatings).toEqual(refreshed.data!.enterprise.tax.creditRatings);
      // A code never read before has nothing to fall back on.
      const never = await stack.query<TaxView>(TAX, { u: stack.dataset.at(2999).uscc });
      expect(never.data!.enterprise.tax.source.status).toBe('UNAVAILABLE');
    } finally {
      stack.legacy.simulators.tax!.setFault('none');
    }
  });

  it('a check over a stale source says so: the source is marked stale and the summary names it', async () => {
    const u = stack.goldenCase('environment-green').uscc;
    const Q = `query($u: String!) { enterprise(uscc: $u) { creditCheck(scenario: GENERAL) { verdict summary sources { department status fromCache stale } } } }`;
    type R = {
      enterprise: {
        creditCheck: { verdict: string; summary: string; sources: { department: string; status: string; fromCache: boolean; stale: boolean }[] };
      };
    };
    const fresh = await stack.query<R>(Q, { u });
    expect(fresh.data!.enterprise.creditCheck.verdict).toBe('CLEAR');
    await new Promise((r) => setTimeout(r, TTL + 100));
    stack.legacy.simulators.environment!.setFault('down');
    try {
      const r = await stack.query<R>(Q, { u });
      const check = r.data!.enterprise.creditCheck;
      expect(check.sources.find((s) => s.department === 'ENVIRONMENT')).toMatchObject({ status: 'OK', fromCache: true, stale: true });
      expect(check.sources.filter((s) => s.department !== 'ENVIRONMENT').every((s) => !s.stale)).toBe(true);
      expect(check.verdict).toBe('CLEAR');
      expect(check.summary).toContain('environment');
      expect(check.summary).toMatch(/stale/i);
    } finally {
      stack.legacy.simulators.environment!.setFault('none');
    }
  });

  it('two root fields over the same 120 codes cost one legacy call per batch', async () => {
    const codes = Array.from({ length: 120 }, (_, i) => stack.dataset.at(100 + i).uscc);
    stack.resetStats();
    const r = await stack.query<{ a: unknown[]; b: unknown[] }>(
      `query($u: [String!]!) {
        a: enterprises(usccs: $u) { ... on Enterprise { creditCheck(scenario: BIDDING) { verdict } tax { creditRatings { year } } } }
        b: enterprises(usccs: $u) { ... on Enterprise { creditCheck(scenario: GENERAL) { verdict } judicial { findings { kind } } } }
      }`,
      { u: codes },
    );
    expect(r.errors).toBeUndefined();
    const s = stack.stats();
    expect([s.market.calls, s.tax.calls, s.environment.calls, s.economy.calls, s.courts.calls]).toEqual([2, 3, 1, 2, 120]);
  });
});
