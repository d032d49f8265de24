/**
 * Gateway replicas SIGKILLed while they write the audit trail in PostgreSQL (real processes, a real
 * server): every record a replica acknowledged is in the one chain at the seq it was given, the
 * transaction it was in the middle of leaves nothing, and the chain verifies and goes on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { postgresForTests } from '../../test/support/engines-for-tests.js';
import { openPostgresAuditStore, verifyAuditDatabase } from './index.js';
import { sampleEntry } from './fixtures/sample-entry.js';
import { backendWaitingForLock, testPools } from './fixtures/postgres.js';
import type { Pool } from '../../common/engines/index.js';

const postgres = postgresForTests();
const pools = testPools(() => postgres());
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await pools.end();
});

interface Replica {
  /** `seq requestId` of every acknowledged record, as printed (complete once `killed` resolves). */
  acked: Map<number, string>;
  /** Resolves once `n` records were acknowledged. */
  ackedAtLeast(n: number): Promise<void>;
  /** SIGKILL; resolves after the process is gone and its output drained. */
  kill(): Promise<void>;
}

/** A replica process appending to the trail (fixtures/postgres-append-loop.ts). */
function replicaProcess(url: string, writer: string): Replica {
  const script = fileURLToPath(new URL('./fixtures/postgres-append-loop.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, writer], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const acked = new Map<number, string>();
  let buffered = '';
  let stderr = '';
  const waiters: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) {
      if (acked.size >= w.n) w.resolve();
      else waiters.push(w);
    }
  };
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const l of lines) {
      const [seq, id] = l.split(' ');
      acked.set(Number(seq), id!);
    }
    wake();
  });
  // 'close' comes after the exit and after stdout is drained: lines already in the pipe count.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let killing = false;
  void closed.then(() => {
    if (!killing) for (const w of waiters.splice(0)) w.reject(new Error(`${writer} exited by itself: ${stderr.slice(-2000)}`));
  });
  return {
    acked,
    ackedAtLeast: (n) => new Promise<void>((resolve, reject) => (acked.size >= n ? resolve() : waiters.push({ n, resolve, reject }))),
    async kill() {
      killing = true;
      child.kill('SIGKILL');
      await closed;
    },
  };
}

/** Wait until no backend of `applicationName` is left (the server has rolled back what it had open). */
async function backendsGone(admin: Pool, applicationName: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    if (rows.length === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${applicationName} still has backends`);
}

/** Every acknowledged record is in the table at its seq, with its request id. */
async function expectAllAcknowledged(admin: Pool, acked: Map<number, string>): Promise<void> {
  const { rows } = await admin.query<{ seq: string; record: string }>('SELECT seq, record FROM audit_record WHERE seq = ANY($1::bigint[])', [
    [...acked.keys()],
  ]);
  const inTable = new Map(rows.map((r) => [Number(r.seq), (JSON.parse(r.record) as { requestId: string }).requestId]));
  expect(inTable).toEqual(acked);
}

it('two replicas under load, one SIGKILLed: every acknowledged record of both is in the one chain, which verifies', async () => {
  const { url, admin } = await pools.database();
  const a = replicaProcess(url, 'replica-a');
  const b = replicaProcess(url, 'replica-b');
  await Promise.all([a.ackedAtLeast(200), b.ackedAtLeast(200)]);
  await a.kill();
  const afterKill = b.acked.size;
  await b.ackedAtLeast(afterKill + 200); // the survivor goes on: the head was not left locked
  await b.kill();
  await backendsGone(admin, 'replica-a');
  await backendsGone(admin, 'replica-b');

  await expectAllAcknowledged(admin, a.acked);
  await expectAllAcknowledged(admin, b.acked);
  const verified = await verifyAuditDatabase(admin);
  expect(verified.ok).toBe(true);
  // Records beyond the acknowledged ones can only be whole committed rounds whose answer the kill cut off.
  expect(verified.ok && verified.records).toBeGreaterThanOrEqual(a.acked.size + b.acked.size);
});

it('a replica SIGKILLed in the middle of its transaction (rows inserted, not committed) leaves none of them; the next replica continues the chain', async () => {
  const { url, admin } = await pools.database();
  // A statement trigger that, while the test holds advisory lock 4242, stops a transaction right
  // after its INSERT: the rows are written, the COMMIT not yet sent.
  await admin.query(`CREATE FUNCTION test_pause() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NULL; END $$`);
  await admin.query('CREATE TRIGGER test_pause AFTER INSERT ON audit_record FOR EACH STATEMENT EXECUTE FUNCTION test_pause()');
  const a = replicaProcess(url, 'replica-a');
  await a.ackedAtLeast(100);
  const gate = new pg.Client({ connectionString: url, application_name: 'test-gate' });
  await gate.connect();
  try {
    await gate.query('SELECT pg_advisory_lock(4242)');
    await backendWaitingForLock(admin, 'replica-a');
    const inserted = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s USING (pid) WHERE s.application_name = 'replica-a' AND l.locktype = 'transactionid'",
    );
    expect(inserted.rows[0]!.n).toBeGreaterThan(0); // it holds a transaction id: it has written rows
    await a.kill();
  } finally {
    await gate.query('SELECT pg_advisory_unlock(4242)').catch(() => undefined);
    await gate.end();
  }
  await backendsGone(admin, 'replica-a');
  await admin.query('DROP TRIGGER test_pause ON audit_record');

  const { rows } = await admin.query<{ seq: string }>("SELECT seq FROM audit_record WHERE writer = 'replica-a' ORDER BY seq");
  expect(rows.map((r) => Number(r.seq))).toEqual([...a.acked.keys()].sort((x, y) => x - y));
  expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: a.acked.size });

  const b = await openPostgresAuditStore({ pool: pools.pool(url, 'replica-b'), writer: 'replica-b' });
  expect((await b.append(sampleEntry(1))).seq).toBe(a.acked.size + 1);
  await b.close();
  expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: a.acked.size + 1 });
});
