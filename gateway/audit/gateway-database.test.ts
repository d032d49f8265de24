/**
 * The gateway with `engines.databaseUrl` (DATABASE_URL): its audit trail is in PostgreSQL, shared
 * by every replica — a request answered by one gateway is found by `/audit` on the other, a report
 * is verified by any of them, the head is on `/metrics` — and an answer still never leaves without
 * its committed record (503 AUDIT_UNAVAILABLE). Real gateways and a real PostgreSQL on loopback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, freePort, type PostgresServer } from '../../test/support/engines.js';
import { DEV_SUBGRAPH_SECRET } from '../../common/http/index.js';
import { loadCallersConfig } from '../auth/index.js';
import { startGateway, type RunningGateway } from '../create-gateway.js';
import { openPostgresAuditStore, verifyAuditDatabase } from './index.js';
import { sampleEntry } from './fixtures/sample-entry.js';
import { backendWaitingForLock, holdHead, testPools } from './fixtures/postgres.js';

const SUPERGRAPH = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
const NUMBER = 'XYBG-20261126-7Q4M9K2X3D';
const REPORT_HASH = 'c0ffee'.padEnd(64, '0');
const CODE = '91420100MA4K2X7Y3L';

let server: PostgresServer;
let dir: string;
beforeAll(async () => {
  server = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), 'gateway-audit-db-'));
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});
const pools = testPools(() => server);
const gateways: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.stop().catch(() => undefined)));
  await pools.end();
});

/** A gateway replica on the shared database; its own folder (no file audit log must appear there). */
async function gateway(databaseUrl: string, name: string): Promise<{ base: string; auditLogPath: string }> {
  const auditLogPath = join(dir, `${name}-${gateways.length}`, 'audit.log');
  const g = await startGateway(
    {
      supergraphSdl: SUPERGRAPH,
      sharedSecret: DEV_SUBGRAPH_SECRET,
      callers: loadCallersConfig({}),
      auditLogPath,
      logLevel: 'silent',
      console: false,
      engines: { databaseUrl },
    },
    { port: 0 },
  );
  gateways.push(g);
  return { base: g.url.replace(/\/graphql$/, ''), auditLogPath };
}

/** A request refused for want of a purpose: it reaches no department but is audited all the same. */
async function refused(base: string, requestId: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer dev-service-hall', 'x-request-id': requestId },
    body: JSON.stringify({ query: `{ enterprise(uscc: "${CODE}") { uscc } }` }),
  });
  return { status: res.status, body: (await res.json()) as { errors?: { extensions?: { code?: string } }[] } };
}

async function auditSearch(base: string, query: string) {
  const res = await fetch(`${base}/audit?${query}`, { headers: { authorization: 'Bearer dev-auditor', 'x-query-purpose': 'AUDIT' } });
  return {
    status: res.status,
    body: (await res.json()) as { records: { seq: number; requestId: string; caller: { id: string } | null }[]; nextAfterSeq: number | null },
  };
}

describe('gateway replicas on one database', () => {
  it('share one audit trail: what one audits the other finds; reports verify on either; the head is on /metrics; no file is written', async () => {
    const { url, admin } = await pools.database();
    const [a, b] = await Promise.all([gateway(url, 'a'), gateway(url, 'b')]);

    const r1 = await refused(a.base, 'request-on-a-0001');
    const r2 = await refused(b.base, 'request-on-b-0001');
    expect([r1.status, r2.status]).toEqual([400, 400]);
    expect(r1.body.errors?.[0]?.extensions?.code).toBe(r2.body.errors?.[0]?.extensions?.code);

    const found = await auditSearch(b.base, 'callerId=dev-service-hall&limit=10');
    expect(found.status).toBe(200);
    expect(found.body.records.map((r) => r.requestId)).toEqual(['request-on-a-0001', 'request-on-b-0001']);
    expect((await auditSearch(a.base, `uscc=${CODE.toLowerCase()}&limit=10`)).body.records.map((r) => r.requestId)).toEqual([
      'request-on-a-0001',
      'request-on-b-0001',
    ]);
    // The searches are audited too: 2 refusals + 2 searches, one chain.
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 4, head: { seq: 4 } });

    // A report issued through a third replica is verified by these two.
    const third = await openPostgresAuditStore({ pool: pools.pool(url, 'replica-c') });
    await third.append(
      sampleEntry(1, {
        codes: { list: [CODE], total: 1 },
        report: { number: NUMBER, issuedAt: '2026-11-26T07:33:07+08:00', uscc: CODE, hash: REPORT_HASH },
      }),
    );
    await third.close();
    for (const g of [a, b]) {
      const res = await fetch(`${g.base}/verify/${NUMBER}?hash=${REPORT_HASH}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ result: 'VERIFIED', issued: true });
    }

    // Each replica exports the head as of its last commit: a true head of the one chain.
    await refused(a.base, 'request-on-a-0002');
    const metrics = await (await fetch(`${a.base}/metrics`)).text();
    const head = (await admin.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head')).rows[0]!;
    expect(metrics).toContain(`credit_gateway_audit_anchor_seq ${head.seq}`);
    expect(metrics).toMatch(new RegExp(`credit_gateway_audit_anchor_info\\{seq="${head.seq}",hash="${head.hash}",at="[^"]+"\\} 1`));

    expect(existsSync(a.auditLogPath) || existsSync(b.auditLogPath)).toBe(false);
  });

  it('fails closed: a request whose record cannot be committed gets 503 AUDIT_UNAVAILABLE, and the chain still verifies', async () => {
    const { url, admin } = await pools.database();
    const a = await gateway(url, 'a');
    expect((await refused(a.base, 'request-before-01')).status).toBe(400);
    const holder = await holdHead(url);
    const pending = refused(a.base, 'request-cut-off-01');
    await admin.query('SELECT pg_terminate_backend($1)', [await backendWaitingForLock(admin, 'gateway')]);
    const cut = await pending;
    await holder.release();
    expect(cut.status).toBe(503);
    expect(cut.body.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
    expect((await refused(a.base, 'request-after-01')).status).toBe(400);
    const verified = await verifyAuditDatabase(admin);
    expect(verified).toMatchObject({ ok: true, records: 2 });
    const requestIds = (await admin.query<{ record: string }>('SELECT record FROM audit_record ORDER BY seq')).rows.map(
      (r) => JSON.parse(r.record).requestId,
    );
    expect(requestIds).toEqual(['request-before-01', 'request-after-01']);
  });

  it('an /audit search that cannot read the trail is 503 AUDIT_UNAVAILABLE, not a bad filter', async () => {
    const { url, admin } = await pools.database();
    const a = await gateway(url, 'a');
    // The table is locked against reads (ACCESS EXCLUSIVE) and the search's statement is cut off.
    const c = await admin.connect();
    try {
      await c.query('BEGIN');
      await c.query('LOCK TABLE audit_record IN ACCESS EXCLUSIVE MODE');
      const pending = auditSearch(a.base, 'limit=5');
      await admin.query('SELECT pg_terminate_backend($1)', [await backendWaitingForLock(admin, 'gateway')]);
      await c.query('ROLLBACK');
      const res = await pending;
      expect(res.status).toBe(503);
      expect((res.body as unknown as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('AUDIT_UNAVAILABLE');
    } finally {
      c.release();
    }
    // A bad filter is still the auditor's mistake.
    expect((await auditSearch(a.base, 'limit=0')).status).toBe(400);
  });

  it('does not start without its database: no audit trail, no gateway', async () => {
    const port = await freePort();
    await expect(gateway(`postgres://credit@127.0.0.1:${port}/credit`, 'down')).rejects.toThrow(
      /audit trail's database \(DATABASE_URL\) cannot be used/,
    );
  });
});
