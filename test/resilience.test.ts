/**
 * Resilience through the real gateway: the circuit breaker opens on a failing legacy system and
 * fails fast without calling it, then probes and closes; a hanging system holds no other
 * department back; a check answers within the request deadline; a client that goes away aborts
 * the legacy calls made for it. Ordering, not wall-clock time, is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';

const CHECK = `query($u: String!) { enterprise(uscc: $u) { creditCheck(scenario: GENERAL) { verdict missingSources sources { department status message } } } }`;
interface Check {
  enterprise: {
    creditCheck: { verdict: string; missingSources: string[]; sources: { department: string; status: string; message: string | null }[] };
  };
}

async function waitFor(condition: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Long enough that a loaded machine answers the checks below while the breaker is still open. */
const HALF_OPEN_MS = 3000;

describe('circuit breaker', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ datasetSize: 50, env: { TAX_BREAKER_THRESHOLD: '3', TAX_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS) } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('opens after consecutive failures, fails fast without calling, then probes and closes', async () => {
    const tax = stack.legacy.simulators.tax!;
    const u = stack.goldenCase('clean').uscc;
    let openedAt = 0;
    tax.setFault('error500');
    try {
      for (let i = 0; i < 3; i++) {
        const r = await stack.query<Check>(CHECK, { u });
        expect(r.data!.enterprise.creditCheck.verdict).toBe('INCOMPLETE');
      }
      openedAt = Date.now();
      tax.resetStats();
      const fast = await stack.query<Check>(CHECK, { u });
      expect(fast.data!.enterprise.creditCheck.verdict).toBe('INCOMPLETE');
      expect(fast.data!.enterprise.creditCheck.sources.find((s) => s.department === 'TAX')!.message).toMatch(/circuit open/);
      expect(tax.stats().calls).toBe(0);
    } finally {
      tax.setFault('none');
    }
    // Still open right after the system recovers: no call until the half-open probe.
    const stillOpen = await stack.query<Check>(CHECK, { u });
    expect(stillOpen.data!.enterprise.creditCheck.missingSources).toEqual(['TAX']);
    expect(tax.stats().calls).toBe(0);
    expect(Date.now() - openedAt, 'the checks above ran while the breaker was open').toBeLessThan(HALF_OPEN_MS);
    await new Promise((r) => setTimeout(r, Math.max(0, openedAt + HALF_OPEN_MS + 100 - Date.now())));
    const probe = await stack.query<Check>(CHECK, { u });
    expect(probe.data!.enterprise.creditCheck.verdict).toBe('CLEAR');
    expect(tax.stats().calls).toBe(1);
    const closed = await stack.query<Check>(CHECK, { u });
    expect(closed.data!.enterprise.creditCheck.verdict).toBe('CLEAR');
  });
});

describe('what does not open the breaker', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ datasetSize: 20, env: { TAX_BREAKER_THRESHOLD: '2', TAX_BREAKER_HALF_OPEN_MS: '60000' }, requestDeadlineMs: 700 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('calls cut short by the request deadline or abandoned by clients do not count against the system', async () => {
    const tax = stack.legacy.simulators.tax!;
    const u = stack.goldenCase('clean').uscc;
    // Slower than the request's deadline, well within the tax system's own 3 s timeout.
    tax.setFault('slow', 1500);
    try {
      for (let i = 0; i < 3; i++) {
        const r = await stack.query<Check>(CHECK, { u });
        expect(r.data!.enterprise.creditCheck.missingSources).toEqual(['TAX']);
      }
      for (let i = 0; i < 3; i++) {
        const controller = new AbortController();
        const req = fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer dev-report-developer', 'x-query-purpose': 'CREDIT_REPORT' },
          body: JSON.stringify({ query: CHECK, variables: { u } }),
          signal: controller.signal,
        }).catch((e: unknown) => e);
        await waitFor(() => tax.pending() > 0, 'the tax call');
        controller.abort();
        await req;
        await waitFor(() => tax.pending() === 0, 'the abandoned call to close');
      }
    } finally {
      tax.setFault('none');
    }
    // With a 60 s half-open time, an open breaker would still refuse: it never opened.
    const r = await stack.query<Check>(CHECK, { u });
    expect(r.data!.enterprise.creditCheck.verdict).toBe('CLEAR');
  });
});

describe('deadlines and isolation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      datasetSize: 50,
      env: { TAX_LEGACY_TIMEOUT_MS: '30000', MARKET_LEGACY_TIMEOUT_MS: '30000' },
      requestDeadlineMs: 800,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('a hanging department holds no other back: a market-only query answers while tax hangs', async () => {
    const tax = stack.legacy.simulators.tax!;
    tax.setFault('hang');
    try {
      const order: string[] = [];
      const u = stack.goldenCase('clean').uscc;
      const slow = stack.query(`query($u: String!) { enterprise(uscc: $u) { tax { source { status } } } }`, { u }).then((r) => {
        order.push('tax');
        return r;
      });
      await waitFor(() => tax.pending() > 0, 'the tax call to hang');
      const quick = await stack.query<{ enterprise: { marketRegulation: { source: { status: string } } } }>(
        `query($u: String!) { enterprise(uscc: $u) { marketRegulation { source { status } } } }`,
        { u },
      );
      order.push('market');
      expect(quick.data!.enterprise.marketRegulation.source.status).toBe('OK');
      const t = (await slow) as unknown as { data: { enterprise: { tax: { source: { status: string } } } } };
      expect(order).toEqual(['market', 'tax']);
      expect(t.data.enterprise.tax.source.status).toBe('TIMEOUT');
    } finally {
      tax.setFault('none');
    }
  });

  it('a check answers within the request deadline with INCOMPLETE for what did not arrive', async () => {
    const tax = stack.legacy.simulators.tax!;
    // Far longer than the test's own timeout: only the deadline can end this request in time.
    tax.setFault('slow', 120_000);
    try {
      const r = await stack.query<Check>(CHECK, { u: stack.goldenCase('clean').uscc });
      expect(r.data!.enterprise.creditCheck.verdict).toBe('INCOMPLETE');
      expect(r.data!.enterprise.creditCheck.missingSources).toEqual(['TAX']);
      // The subgraph stopped waiting for the legacy call when the deadline passed.
      await waitFor(() => tax.pending() === 0, 'the abandoned tax call to close');
    } finally {
      tax.setFault('none');
    }
  });

  it('a client that disconnects aborts its upstream legacy calls', async () => {
    const market = stack.legacy.simulators.market!;
    market.setFault('hang');
    try {
      const controller = new AbortController();
      const request = fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer dev-report-developer', 'x-query-purpose': 'CREDIT_REPORT' },
        body: JSON.stringify({ query: `{ enterprise(uscc: "${stack.goldenCase('clean').uscc}") { marketRegulation { source { status } } } }` }),
        signal: controller.signal,
      }).catch((e: unknown) => e);
      await waitFor(() => market.pending() === 1, 'the market call to hang');
      controller.abort();
      await request;
      // Well before the request deadline (800 ms) would have ended it anyway.
      await waitFor(() => market.pending() === 0, 'the market call to be abandoned', 600);
    } finally {
      market.setFault('none');
    }
  });
});
