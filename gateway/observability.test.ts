import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openAuditLog, type AuditLog } from './audit/index.js';
import { sampleEntry } from './audit/fixtures/sample-entry.js';
import { createGatewayMetrics } from './observability.js';

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
