/**
 * The audit trail in PostgreSQL (a real server on loopback): one chain for every replica, appends
 * acknowledged only after COMMIT, fail closed on a lost connection, the same records as the file
 * log, `/audit` searches answered by index, reports found by any replica.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresForTests } from '../../test/support/engines-for-tests.js';
import { createVerifyHandler } from '../report/verify.js';
import {
  AuditWriteError,
  auditQuerySql,
  openFileAuditStore,
  openPostgresAuditStore,
  parseAuditQueryFilter,
  verifyAuditDatabase,
  type AuditQueryFilter,
  type AuditReceipt,
  type AuditStore,
} from './index.js';
import { sampleEntry } from './fixtures/sample-entry.js';
import { backendWaitingForLock, holdHead, tamper, testPools } from './fixtures/postgres.js';
import { startCommitCutProxy } from './fixtures/commit-cut-proxy.js';

const postgres = postgresForTests();
const pools = testPools(() => postgres());
const stores: AuditStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
  await pools.end();
});

async function replica(url: string, name: string, options: { lockTimeoutMs?: number; maxPending?: number; clock?: () => Date } = {}) {
  const store = await openPostgresAuditStore({ pool: pools.pool(url, name), writer: name, ...options });
  stores.push(store);
  return store;
}

const HALL = { id: 'hall', name: '市民之家', kind: 'SERVICE_HALL' };
const PLATFORM = { id: 'platform', name: '公共资源交易平台', kind: 'TRADING_PLATFORM' };
const A = '91420100MA4K2X7Y3L';
const B = '91110000100000000X';
const NUMBER = 'XYBG-20261126-7Q4M9K2X3D';
const REPORT_HASH = 'c0ffee'.padEnd(64, '0');

describe('two replicas on one database', () => {
  it('appending at once, they build one chain that verifies and holds every acknowledged record at its seq', async () => {
    const { url, admin } = await pools.database();
    const a = await replica(url, 'replica-a');
    const b = await replica(url, 'replica-b');
    const receipts = new Map<string, AuditReceipt>();
    // Ten waves on each replica, both running at once: each wave is group-committed by its replica
    // while the other replica's waves wait for the head, and then the other way round.
    const run = async (store: AuditStore, prefix: string) => {
      for (let wave = 0; wave < 10; wave++) {
        const ids = Array.from({ length: 25 }, (_, i) => `${prefix}-${wave}-${i}`);
        const got = await Promise.all(ids.map((id, i) => store.append(sampleEntry(i, { requestId: id }))));
        got.forEach((r, i) => receipts.set(ids[i]!, r));
      }
    };
    await Promise.all([run(a, 'a'), run(b, 'b')]);

    expect(receipts.size).toBe(500);
    expect([...receipts.values()].map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const { rows } = await admin.query<{ seq: string; hash: string; record: string; writer: string }>(
      'SELECT seq, hash, record, writer FROM audit_record ORDER BY seq',
    );
    expect(rows).toHaveLength(500);
    for (const [id, receipt] of receipts) {
      const row = rows[receipt.seq - 1]!;
      expect(row.hash).toBe(receipt.hash);
      expect(JSON.parse(row.record)).toMatchObject({ requestId: id, seq: receipt.seq, at: receipt.at });
      expect(row.writer).toBe(id.startsWith('a-') ? 'replica-a' : 'replica-b');
    }
    // Both wrote, in turns, each in fewer transactions than records (group commit).
    const switches = rows.filter((r, i) => i > 0 && r.writer !== rows[i - 1]!.writer).length;
    expect(switches).toBeGreaterThanOrEqual(1);
    for (const s of [a, b]) {
      expect(s.stats().records).toBe(250);
      expect(s.stats().fsyncs).toBeLessThan(250);
      expect(s.stats().failedAppends).toBe(0);
    }
    const verified = await verifyAuditDatabase(admin);
    expect(verified).toMatchObject({ ok: true, records: 500, lastSeq: 500, head: { seq: 500 } });
    // The head each replica last saw is a true head of the chain (what /metrics exports).
    const last = rows[499]!;
    expect([a.anchor(), b.anchor()].some((h) => h.seq === 500 && h.hash === last.hash)).toBe(true);
    for (const h of [a.anchor(), b.anchor()]) expect(rows[h.seq - 1]!.hash).toBe(h.hash);
  });

  it('a replica starting while another commits reads one consistent head (never takes it for tampering)', async () => {
    const { url, admin } = await pools.database();
    const a = await replica(url, 'replica-a');
    let writing = true;
    const load = (async () => {
      for (let i = 0; writing; i++) await Promise.all(Array.from({ length: 8 }, (_, k) => a.append(sampleEntry(i * 8 + k))));
    })();
    try {
      for (let i = 0; i < 40; i++) {
        const b = await openPostgresAuditStore({ pool: admin, writer: 'replica-b' });
        expect(b.anchor().seq).toBeGreaterThanOrEqual(0);
        await b.close();
      }
    } finally {
      writing = false;
      await load;
    }
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true });
  });

  it('writes exactly the records the file log writes (same fields, same hashes): one verifier logic for both', async () => {
    const { url, admin } = await pools.database();
    const dir = await mkdtemp(join(tmpdir(), 'audit-pg-same-'));
    try {
      const clockOf = () => {
        let t = Date.UTC(2024, 4, 6, 7, 8, 9);
        return () => new Date((t += 1000));
      };
      const file = await openFileAuditStore({ path: join(dir, 'audit.log'), clock: clockOf() });
      const db = await replica(url, 'replica-a', { clock: clockOf() });
      const entries = [
        sampleEntry(1),
        sampleEntry(2, { operator: { id: 'HB0451', name: '张三', how: 'asserted' }, codes: { list: [A, B], total: 2 } }),
        sampleEntry(3, { caller: null, outcome: 'REFUSED', refusalCode: 'UNAUTHENTICATED', purpose: null, durationMs: 0.25 }),
        sampleEntry(4, { report: { number: NUMBER, issuedAt: '2026-11-26T07:33:07+08:00', uscc: A, hash: REPORT_HASH } }),
      ];
      for (const e of entries) expect(await db.append(e)).toEqual(await file.append(e));
      await file.close();
      const lines = (await readFile(join(dir, 'audit.log'), 'utf8')).split('\n').slice(0, -1);
      const { rows } = await admin.query<{ record: string }>('SELECT record FROM audit_record ORDER BY seq');
      expect(rows.map((r) => r.record)).toEqual(lines);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('fail closed', () => {
  it('a connection killed mid-transaction rejects every append of that round, writes none of it, and the chain goes on', async () => {
    const { url, admin } = await pools.database();
    const a = await replica(url, 'replica-a', { lockTimeoutMs: 60_000 });
    for (let i = 0; i < 5; i++) await a.append(sampleEntry(i));
    // The round below waits for the head inside its transaction; its connection is then killed.
    const holder = await holdHead(url);
    const pending = Array.from({ length: 10 }, (_, i) => a.append(sampleEntry(100 + i)));
    const settled = Promise.allSettled(pending);
    const pid = await backendWaitingForLock(admin, 'replica-a');
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const results = await settled;
    await holder.release();
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('rejected'));
    for (const r of results) {
      const err = (r as PromiseRejectedResult).reason as AuditWriteError;
      expect(err).toBeInstanceOf(AuditWriteError);
      expect(err.code).toBe('AUDIT_UNAVAILABLE');
    }
    expect(a.stats()).toMatchObject({ records: 5, failedAppends: 10 });
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 5, head: { seq: 5 } });

    // The next round reconnects; its first record says what failed (admin_shutdown, 57P01).
    const next = await a.append(sampleEntry(200));
    expect(next.seq).toBe(6);
    const { rows } = await admin.query<{ record: string }>('SELECT record FROM audit_record WHERE seq = 6');
    expect(JSON.parse(rows[0]!.record)).toMatchObject({
      requestId: 'req-200',
      recovery: { reason: 'WRITE_FAILED', skippedBytes: 0, skippedSha256: null, failedAppends: 10, lastError: '57P01', unacknowledged: null },
    });
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 6 });
  });

  it('a COMMIT whose answer is lost is in doubt: its appends are rejected, and the next record names the records that did reach the chain', async () => {
    const { url, admin } = await pools.database();
    const dbName = new URL(url).pathname.slice(1);
    const proxy = await startCommitCutProxy(postgres().port);
    try {
      const a = await replica(`postgres://credit@127.0.0.1:${proxy.port}/${dbName}`, 'replica-a');
      for (let i = 0; i < 3; i++) await a.append(sampleEntry(i));
      proxy.cutNextCommit();
      const lost = await Promise.allSettled([a.append(sampleEntry(10)), a.append(sampleEntry(11))]);
      expect(proxy.cuts).toBe(1);
      expect(lost.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      // Committed all the same: the callers failed closed, so these records have no answer.
      expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 5 });
      const next = await a.append(sampleEntry(12));
      expect(next.seq).toBe(6);
      const { rows } = await admin.query<{ record: string }>('SELECT record FROM audit_record WHERE seq = 6');
      expect(JSON.parse(rows[0]!.record).recovery).toMatchObject({
        reason: 'WRITE_FAILED',
        failedAppends: 2,
        unacknowledged: { fromSeq: 4, toSeq: 5 },
      });
      expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 6 });
    } finally {
      await proxy.close();
    }
  });

  it('a pool that is gone rejects appends (AUDIT_UNAVAILABLE); nothing is written', async () => {
    const { url, admin } = await pools.database();
    const pool = pools.pool(url, 'replica-a');
    const a = await openPostgresAuditStore({ pool, writer: 'replica-a' });
    stores.push(a);
    await a.append(sampleEntry(1));
    await pool.end();
    await expect(a.append(sampleEntry(2))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 1 });
  });

  it('refuses appends beyond maxPending while the head is held (back-pressure), and writes the others once it is free', async () => {
    const { url, admin } = await pools.database();
    const a = await replica(url, 'replica-a', { maxPending: 5, lockTimeoutMs: 60_000 });
    const holder = await holdHead(url);
    // The first append's round takes the queue and waits for the head; five more fill the queue.
    const first = a.append(sampleEntry(0));
    await backendWaitingForLock(admin, 'replica-a');
    const queued = Array.from({ length: 5 }, (_, i) => a.append(sampleEntry(1 + i)));
    await expect(a.append(sampleEntry(6))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', message: expect.stringMatching(/overloaded/) });
    await holder.release();
    expect((await Promise.all([first, ...queued])).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.stats()).toMatchObject({ records: 6, failedAppends: 1 });
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 6 });
  });

  it('an invalid entry is refused before it reaches the database (AUDIT_ENTRY_INVALID)', async () => {
    const { url } = await pools.database();
    const a = await replica(url, 'replica-a');
    await expect(a.append({ ...sampleEntry(1), resultHash: 'nope' })).rejects.toMatchObject({ code: 'AUDIT_ENTRY_INVALID' });
    expect(a.anchor().seq).toBe(0);
  });
});

describe('/audit searches', () => {
  /** The 30 records of the file search's tests (query-audit-log.test.ts), in a file and in the database. */
  async function bothStores() {
    const { url, admin } = await pools.database();
    const dir = await mkdtemp(join(tmpdir(), 'audit-pg-query-'));
    const clockOf = () => {
      let minute = 0;
      return () => new Date(Date.UTC(2024, 0, 1, 0, minute++));
    };
    const file = await openFileAuditStore({ path: join(dir, 'audit.log'), clock: clockOf() });
    const db = await replica(url, 'replica-a', { clock: clockOf() });
    for (let i = 0; i < 30; i++) {
      const even = i % 2 === 0;
      const operator =
        i % 3 === 0
          ? { id: 'HB0451', name: '张三', how: 'asserted' as const }
          : i % 5 === 0
            ? { id: 'HB0452', name: '李四', how: 'verified' as const }
            : null;
      const entry = sampleEntry(i, { caller: even ? HALL : PLATFORM, codes: even ? { list: [A], total: 1 } : { list: [A, B], total: 2 }, operator });
      await file.append(entry);
      await db.append(entry);
    }
    return { file, db, admin, cleanup: () => file.close().then(() => rm(dir, { recursive: true, force: true })) };
  }

  const filters: Array<[string, AuditQueryFilter]> = [
    ['limit', { limit: 3 }],
    ['everything', { limit: 1000 }],
    ['callerId', { callerId: 'platform', limit: 4 }],
    ['uscc, normalised', { uscc: ` ${B.toLowerCase()} `, limit: 100 }],
    ['uscc, paged', { uscc: A, limit: 7, afterSeq: 10 }],
    ['from inclusive, to exclusive', { from: '2024-01-01T00:05:00Z', to: new Date('2024-01-01T00:08:00Z'), limit: 100 }],
    ['from with an offset', { from: '2024-01-01T08:28:00+08:00', limit: 100 }],
    ['afterSeq pages on', { afterSeq: 8, callerId: 'platform', limit: 2 }],
    ['nothing matches', { callerId: 'nobody', limit: 10 }],
    ['operator', { operator: 'HB0451', limit: 100 }],
    ['operator, trimmed', { operator: ' HB0452 ', limit: 100 }],
    ['operator and caller and code', { operator: 'HB0451', callerId: 'platform', uscc: B, limit: 3 }],
    ['operator is exact', { operator: 'hb0451', limit: 100 }],
    ['a page that ends exactly at the last match', { callerId: 'hall', limit: 15 }],
  ];

  it('give the same answer as the file log, filter by filter', async () => {
    const { file, db, cleanup } = await bothStores();
    try {
      for (const [name, filter] of filters) {
        const [fromFile, fromDb] = [await file.query(filter), await db.query(filter)];
        expect(fromDb, name).toEqual(fromFile);
      }
      // A spot check that the answers are not trivially equal.
      expect((await db.query({ uscc: B, limit: 100 })).records.map((r) => r.seq)).toEqual(Array.from({ length: 15 }, (_, i) => 2 * i + 2));
      expect(await db.query({ callerId: 'hall', limit: 15 })).toMatchObject({ nextAfterSeq: null });
      await expect(db.query({ limit: 0 })).rejects.toThrow();
      await expect(db.query({ limit: 10, from: 'yesterday' })).rejects.toThrow();
    } finally {
      await cleanup();
    }
  });

  it('are answered by index on a table of thousands of records (EXPLAIN), with the right records', async () => {
    const { url, admin } = await pools.database();
    const db = await replica(url, 'replica-a', {
      clock: (() => {
        let t = Date.UTC(2024, 0, 1);
        return () => new Date((t += 60_000));
      })(),
    });
    const N = 6000;
    const code = (k: number) => `91420100MA${String(k).padStart(8, '0')}`;
    const entries = Array.from({ length: N }, (_, i) =>
      sampleEntry(i, {
        caller: { id: `caller-${i % 40}`, name: '窗口', kind: 'SERVICE_HALL' },
        operator: { id: `OP${i % 300}`, name: null, how: 'asserted' },
        codes: { list: [code(i % 2000), code((i * 7) % 2000), code(2000 + i)], total: 3 },
        ...(i % 500 === 0
          ? {
              report: {
                number: `XYBG-20240101-${String(i).padStart(10, '0')}`,
                issuedAt: '2024-01-01T08:00:00+08:00',
                uscc: code(i),
                hash: REPORT_HASH,
              },
            }
          : {}),
      }),
    );
    for (let i = 0; i < N; i += 1000) await Promise.all(entries.slice(i, i + 1000).map((e) => db.append(e)));
    await admin.query('ANALYZE audit_record');

    const plan = async (filter: AuditQueryFilter) => {
      const { text, values } = auditQuerySql(parseAuditQueryFilter(filter));
      const { rows } = await admin.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
      return JSON.stringify(rows[0]!['QUERY PLAN']);
    };
    const usesIndex = (p: string, index: string) =>
      new RegExp(`"Node Type":"(Index Scan|Index Only Scan|Bitmap Index Scan)"[^}]*"Index Name":"${index}"`).test(p);

    const byCode = await plan({ uscc: code(1234), limit: 100 });
    expect(usesIndex(byCode, 'audit_record_codes'), byCode).toBe(true);
    expect(byCode).not.toMatch(/"Node Type":"Seq Scan"/);
    const byOperator = await plan({ operator: 'OP17', limit: 100 });
    expect(usesIndex(byOperator, 'audit_record_operator'), byOperator).toBe(true);
    const byCaller = await plan({ callerId: 'caller-3', afterSeq: 3000, limit: 10 });
    expect(usesIndex(byCaller, 'audit_record_caller'), byCaller).toBe(true);
    const byTime = await plan({ from: '2024-01-02T00:00:00Z', to: '2024-01-02T01:00:00Z', limit: 100 });
    expect(usesIndex(byTime, 'audit_record_at'), byTime).toBe(true);
    const report = await admin.query<{ 'QUERY PLAN': unknown }>(
      'EXPLAIN (FORMAT JSON) SELECT record FROM audit_record WHERE report_number = $1 ORDER BY seq LIMIT 1',
      ['XYBG-20240101-0000001500'],
    );
    expect(usesIndex(JSON.stringify(report.rows[0]!['QUERY PLAN']), 'audit_record_report')).toBe(true);

    // And the answers are the records the entries say.
    const expectedSeqs = (pred: (i: number) => boolean) =>
      entries
        .map((_, i) => i)
        .filter(pred)
        .map((i) => i + 1);
    expect((await db.query({ uscc: code(1234), limit: 1000 })).records.map((r) => r.seq)).toEqual(
      expectedSeqs((i) => i % 2000 === 1234 || (i * 7) % 2000 === 1234),
    );
    const op = await db.query({ operator: 'OP17', limit: 7 });
    expect(op.records.map((r) => r.seq)).toEqual(expectedSeqs((i) => i % 300 === 17).slice(0, 7));
    expect(op.nextAfterSeq).toBe(op.records[6]!.seq);
    expect((await db.query({ callerId: 'caller-3', afterSeq: 3000, limit: 10 })).records.map((r) => r.seq)).toEqual(
      expectedSeqs((i) => i % 40 === 3 && i + 1 > 3000).slice(0, 10),
    );
    // Records at 00:01, 00:02, … on 2024-01-01: the 1st of Jan 2 (UTC) is seq 1440, the hour up to seq 1499.
    expect((await db.query({ from: '2024-01-02T00:00:00Z', to: '2024-01-02T01:00:00Z', limit: 100 })).records.map((r) => r.seq)).toEqual(
      Array.from({ length: 60 }, (_, i) => 1440 + i),
    );
    expect(await db.findReport('XYBG-20240101-0000001500')).toMatchObject({ seq: 1501 });
  }, 120_000);
});

describe('GET /verify/<number> across replicas', () => {
  it('a report issued through one replica is found through the other (and through the handler); a forged record is not vouched for', async () => {
    const { url, admin } = await pools.database();
    const a = await replica(url, 'replica-a');
    const b = await replica(url, 'replica-b');
    await b.append(sampleEntry(1));
    const issued = await a.append(
      sampleEntry(2, {
        codes: { list: [A], total: 1 },
        report: { number: NUMBER, issuedAt: '2026-11-26T07:33:07+08:00', uscc: A, hash: REPORT_HASH },
      }),
    );
    await b.append(sampleEntry(3));
    expect(await b.findReport(NUMBER)).toMatchObject({ seq: issued.seq, hash: issued.hash, report: { number: NUMBER, hash: REPORT_HASH } });
    expect(await b.findReport('XYBG-20261126-ABCDEFGH12')).toBeNull();

    const handle = createVerifyHandler({ index: b, production: false });
    const srv = http.createServer((req, res) => void handle(req, res, new URL(req.url ?? '/', 'http://x')));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const get = async (p: string) => {
      const res = await fetch(base + p, { headers: { accept: 'application/json' } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    try {
      expect(await get(`/verify/${NUMBER}?hash=${REPORT_HASH}`)).toEqual({
        status: 200,
        body: {
          number: NUMBER,
          result: 'VERIFIED',
          issued: true,
          issuedAt: '2026-11-26T07:33:07+08:00',
          uscc: '9142**********7Y3L',
          hashChecked: true,
        },
      });
      expect(await get('/verify/XYBG-20261126-ABCDEFGH12')).toMatchObject({ status: 404, body: { result: 'NOT_FOUND' } });
      // Someone puts another hash into the report record.
      await tamper(admin, 'UPDATE audit_record SET record = replace(record, $1, $2) WHERE seq = $3', [REPORT_HASH, 'd'.repeat(64), issued.seq]);
      const forged = await get(`/verify/${NUMBER}?hash=${'d'.repeat(64)}`);
      expect(forged.status).toBe(500);
      expect((forged.body.errors as { extensions: { code: string } }[])[0]!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
