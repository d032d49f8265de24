import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openAuditLog, type AuditLog } from './audit/index.js';
import { sampleEntry } from './audit/fixtures/sample-entry.js';
import { checkReadiness, createGatewayMetrics } from './observability.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

let dir: string;
let log: AuditLog;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-metrics-'));
  log = await openAuditLog({ path: join(dir, 'audit.log') });
});
afterAll(async () => {
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

it('/metrics shows the audit anchor (seq gauge and hash info), read at each scrape', async () => {
  const metrics = createGatewayMetrics({ auditAnchor: () => log.anchor() });
  expect(await metrics.registry.metrics()).toContain('credit_gateway_audit_anchor_seq 0\n');
  await log.append(sampleEntry(1));
  const r = await log.append(sampleEntry(2));
  // The anchor is written beside the next round: it follows the acknowledgement within moments.
  await vi.waitFor(() => expect(log.anchor()).toMatchObject({ seq: 2 }));
  const text = await metrics.registry.metrics();
  const onDisk = JSON.parse(await readFile(join(dir, 'audit.log.head'), 'utf8')) as { seq: number; hash: string; at: string };
  expect(onDisk).toMatchObject({ seq: 2, hash: r.hash });
  expect(text).toContain('credit_gateway_audit_anchor_seq 2\n');
  // One series only: the previous head's series is dropped.
  expect(text.match(/^credit_gateway_audit_anchor_info\{.*$/gm)).toEqual([
    `credit_gateway_audit_anchor_info{seq="2",hash="${r.hash}",at="${onDisk.at}"} 1`,
  ]);
});

it('without an audit log the anchor metrics are absent', async () => {
  expect(await createGatewayMetrics().registry.metrics()).not.toContain('credit_gateway_audit_anchor');
});

/** A subgraph's `/readyz` on an ephemeral port: 200 or 503 with its checks; `close()` makes it refuse. */
async function readyz(ready: boolean) {
  const server = http.createServer((_req, res) => {
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ready, checks: [{ name: 'legacy', ok: ready }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

it('/readyz: a subgraph is ready when one of its replicas is; each replica is reported, without its URL', async () => {
  const [up, notReady, gone] = await Promise.all([readyz(true), readyz(false), readyz(true)]);
  await gone.close();
  try {
    const r = await checkReadiness({ credit: up.url, courts: [gone.url, up.url], tax: [notReady.url, gone.url] });
    expect(r.ready).toBe(false);
    // One URL: reported as before, no replica list.
    expect(r.subgraphs.credit).toEqual({ ready: true, detail: [{ name: 'legacy', ok: true }] });
    expect(r.subgraphs.courts).toEqual({
      ready: true,
      detail: [{ name: 'legacy', ok: true }],
      replicas: [
        { ready: false, detail: 'unreachable' },
        { ready: true, detail: [{ name: 'legacy', ok: true }] },
      ],
    });
    expect(r.subgraphs.tax).toMatchObject({ ready: false, replicas: [{ ready: false }, { ready: false, detail: 'unreachable' }] });
    expect(JSON.stringify(r)).not.toContain('127.0.0.1');
    expect((await checkReadiness({ credit: up.url, courts: [gone.url, up.url] })).ready).toBe(true);
  } finally {
    await Promise.all([up.close(), notReady.close()]);
  }
});
