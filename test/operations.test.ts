/**
 * Operations: liveness, readiness that names what is not ready, Prometheus metrics from the
 * gateway and from each department subgraph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../common/departments.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ datasetSize: 20 });
});
afterAll(async () => {
  await stack?.stop();
});

const base = () => stack.gatewayUrl.replace(/\/graphql$/, '');

describe('health, readiness and metrics', () => {
  it('/healthz says the process is up', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is ready when every subgraph and legacy system is reachable, and names the one that is not', async () => {
    const ok = await fetch(`${base()}/readyz`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { ready: boolean; subgraphs: Record<string, { ready: boolean }> };
    expect(Object.keys(body.subgraphs).sort()).toEqual(['credit', ...DEPARTMENT_REGISTRY.map((d) => d.subgraph)].sort());
    const tax = stack.legacy.simulators.tax!;
    await tax.close();
    const notReady = await fetch(`${base()}/readyz`);
    expect(notReady.status).toBe(503);
    const nb = (await notReady.json()) as { ready: boolean; subgraphs: Record<string, { ready: boolean; detail: unknown }> };
    expect(nb.ready).toBe(false);
    expect(
      Object.entries(nb.subgraphs)
        .filter(([, r]) => !r.ready)
        .map(([n]) => n),
    ).toEqual(['tax']);
  });

  it('/metrics counts requests by outcome; each subgraph counts legacy calls per system', async () => {
    await stack.query(`{ enterprise(uscc: "${stack.goldenCase('clean').uscc}") { marketRegulation { source { status } } } }`);
    await stack.query(`{ __typename }`, {}, { key: 'nobody' });
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/credit_gateway_requests_total\{outcome="ANSWERED",status="200",code=""\} [1-9]/);
    expect(text).toMatch(/credit_gateway_requests_total\{outcome="REFUSED",status="401",code="UNAUTHENTICATED"\} 1/);
    // The audit log's head, anchored outside the file: what an operator's scrape history keeps.
    expect(text).toMatch(/credit_gateway_audit_anchor_seq [1-9]/);
    expect(text).toMatch(/credit_gateway_audit_anchor_info\{seq="\d+",hash="[0-9a-f]{64}",at="[^"]+"\} 1/);
    const market = await (await fetch(new URL('/metrics', stack.subgraphs.market!.url))).text();
    expect(market).toMatch(/credit_legacy_calls_total\{system="market legacy system",outcome="ok"\} [1-9]/);
    expect(market).toContain('credit_legacy_breaker_open{system="market legacy system"} 0');
  });

  it('a subgraph answers GraphQL only to the gateway', async () => {
    const res = await fetch(stack.subgraphs.tax!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('SIGNATURE_MISSING');
  });
});
