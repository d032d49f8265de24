import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacySystem } from './legacy-system.js';
import { createSubgraphMetrics } from './metrics.js';

/** A legacy system's origin that counts the requests it gets (a readiness probe is one of them). */
let server: http.Server;
let url: string;
let requests = 0;
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    requests++;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const system = (readinessProbeEveryMs?: number) =>
  createLegacySystem({ name: 'courts legacy system', url, metrics: createSubgraphMetrics(), readinessProbeEveryMs });

describe('readiness of a legacy system', () => {
  it('by default asks the system at every /readyz', async () => {
    const s = system();
    requests = 0;
    for (let i = 0; i < 3; i++) expect((await s.readiness()).ready).toBe(true);
    expect(requests).toBe(3);
    await s.close();
  });

  it('with a floor, probes at once and in a row share one call to the system', async () => {
    const s = system(60_000);
    requests = 0;
    const together = await Promise.all([s.readiness(), s.readiness(), s.readiness()]);
    expect(together.map((r) => r.ready)).toEqual([true, true, true]);
    for (let i = 0; i < 5; i++) expect((await s.readiness()).ready).toBe(true);
    expect(requests).toBe(1);
    await s.close();
  });

  it('with a floor, asks again once it has passed', async () => {
    const s = system(1);
    requests = 0;
    await s.readiness();
    await new Promise((r) => setTimeout(r, 20));
    await s.readiness();
    expect(requests).toBe(2);
    await s.close();
  });
});
