import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedPool, type Pool } from '../../common/engines/index.js';
import { startPostgres, type PostgresServer } from '../../test/support/engines.js';
import { JobLeaseLostError, type JobRow, type JobState, type JobSubmission, type RunnableJob } from './job-store.js';
import { PgJobStore } from './pg-job-store.js';

/**
 * What only a store shared by replicas must do: one runner per job (an atomic claim, only where
 * the lease has expired), leases kept by renewing them, writes fenced by the lease, and jobs not
 * accepted kept out of sight.
 */
let pg: PostgresServer;
const pools: Pool[] = [];
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await pg?.stop();
});

async function database(): Promise<{ pool: (name: string) => Pool; sql: Pool }> {
  const url = await pg.createDatabase();
  const pool = (name: string) => {
    const p = createSharedPool(url, { name });
    pools.push(p);
    return p;
  };
  const sql = pool('test');
  await new PgJobStore(sql).init();
  return { pool, sql };
}

function submission(total: number): JobSubmission {
  return {
    id: randomUUID(),
    submittedAt: new Date().toISOString(),
    deadlineAt: Date.now() + 60_000,
    caller: { id: 'dev-trading-platform', name: 'platform', kind: 'TRADING_PLATFORM' },
    operator: null,
    purpose: 'BIDDER_CHECK',
    tenderReference: null,
    scenario: 'BIDDING',
    asOf: null,
    codes: Array.from({ length: total }, (_, i) => `code-${i}`),
    consortia: [],
  };
}

const row = (index: number): JobRow => ({
  index,
  kind: 'ENTERPRISE',
  input: `code-${index}`,
  uscc: null,
  invalidReason: null,
  invalidMessage: null,
  registeredName: null,
  registrationStatus: null,
  verdict: 'CLEAR',
  checkId: null,
  checkedAt: null,
  missingSources: [],
  warnings: [],
  flags: [],
  members: null,
  decidingMembers: null,
  attempts: 1,
  note: null,
});

const same = (job: RunnableJob) => (): JobState => ({ ...job.state, status: 'RUNNING' });

async function lease(sql: Pool, id: string): Promise<{ owner: string | null; epoch: number; expired: boolean }> {
  const { rows } = await sql.query<{ owner: string | null; epoch: string; expired: boolean }>(
    'SELECT owner, lease_epoch AS epoch, coalesce(lease_until < now(), true) AS expired FROM job_jobs WHERE id = $1',
    [id],
  );
  return { owner: rows[0]!.owner, epoch: Number(rows[0]!.epoch), expired: rows[0]!.expired };
}

/** Wait until the database itself says the lease has run out (its clock decides, not ours). */
async function untilExpired(sql: Pool, id: string): Promise<void> {
  while (!(await lease(sql, id)).expired) await new Promise((r) => setTimeout(r, 50));
}

describe('PgJobStore', () => {
  it('hides a job until it is accepted: not read, not claimed', async () => {
    const { pool } = await database();
    const a = new PgJobStore(pool('a'), { owner: 'a', leaseMs: 50, migrate: false });
    const b = new PgJobStore(pool('b'), { owner: 'b', migrate: false });
    const job = await a.create(submission(3), ['TAX']);
    await new Promise((r) => setTimeout(r, 100)); // well past a's 50 ms lease: only acceptance keeps b out now
    expect(await b.view(job.id)).toBeNull();
    expect(await b.claimable()).not.toContain(job.id);
    expect(await b.claim(job.id)).toBeNull();
    await a.accept(job);
    expect((await b.view(job.id))?.total).toBe(3);
  });

  it('gives each orphaned job to exactly one of the replicas claiming it at once', async () => {
    const { pool, sql } = await database();
    const a = new PgJobStore(pool('a'), { owner: 'a', migrate: false });
    const ids: string[] = [];
    for (let k = 0; k < 10; k++) {
      const job = await a.create(submission(2), ['TAX']);
      await a.accept(job);
      await a.release(job);
      ids.push(job.id);
    }
    const replicas = [1, 2, 3, 4].map((n) => new PgJobStore(pool(`r${n}`), { owner: `r${n}`, migrate: false }));
    const claims = await Promise.all(replicas.flatMap((r) => ids.map(async (id) => ({ id, owner: r.owner, job: await r.claim(id) }))));
    for (const id of ids) {
      const won = claims.filter((c) => c.id === id && c.job);
      expect(won).toHaveLength(1);
      expect(await lease(sql, id)).toMatchObject({ owner: won[0]!.owner, epoch: 2, expired: false });
    }
  });

  it('never lets a lease be taken while its runner renews it; once it runs out, another runner takes the job and the first can no longer write', async () => {
    const { pool, sql } = await database();
    // Long enough that a busy test machine still renews in time; the loop below spans four of them.
    const leaseMs = 1500;
    const a = new PgJobStore(pool('a'), { owner: 'a', leaseMs, migrate: false });
    const b = new PgJobStore(pool('b'), { owner: 'b', leaseMs, migrate: false });
    const job = await a.create(submission(10), ['TAX']);
    await a.accept(job);
    await job.recordChunk([row(0), row(1)], [], same(job));

    // Four leases long, a renewing every third of one (as BulkJobs does), b trying to claim in between.
    let taken = 0;
    const until = Date.now() + 4 * leaseMs;
    while (Date.now() < until) {
      expect(await a.renew([job])).toEqual(new Set([job.id]));
      if (await b.claim(job.id)) taken++;
      expect(await b.claimable()).not.toContain(job.id);
      await new Promise((r) => setTimeout(r, leaseMs / 3));
    }
    expect(taken).toBe(0);
    expect(await lease(sql, job.id)).toMatchObject({ owner: 'a', epoch: 1 });

    // a stops renewing (killed, or paused): once the lease has run out, b takes the job with what a made final.
    await untilExpired(sql, job.id);
    expect(await b.claimable()).toContain(job.id);
    const taken2 = (await b.claim(job.id))!;
    expect(taken2.pending()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await lease(sql, job.id)).toMatchObject({ owner: 'b', epoch: 2 });

    // a comes back: its writes are refused (fenced), its renewal says it lost the job.
    await expect(job.recordChunk([row(2), row(3)], [], same(job))).rejects.toBeInstanceOf(JobLeaseLostError);
    await expect(job.finalize((async function* () {})(), { ...job.state, status: 'DONE' })).rejects.toBeInstanceOf(JobLeaseLostError);
    expect(await a.renew([job])).toEqual(new Set());
    expect((await b.view(job.id))!.done).toBe(2);
    await a.release(job); // does nothing: the job is b's
    expect(await lease(sql, job.id)).toMatchObject({ owner: 'b', epoch: 2 });

    await taken2.recordChunk([row(2), row(3)], [], same(taken2));
    const seen = (await a.view(job.id))!;
    expect(seen.done).toBe(4);
    expect((await seen.readRows(0, 10)).map((r) => r.index)).toEqual([0, 1, 2, 3]);
    // Each row says which runner made it final, under which claim.
    const { rows } = await sql.query('SELECT row_index, written_by, lease_epoch::int AS epoch FROM job_rows WHERE job_id = $1 ORDER BY row_index', [
      job.id,
    ]);
    expect(rows).toEqual([
      { row_index: 0, written_by: 'a', epoch: 1 },
      { row_index: 1, written_by: 'a', epoch: 1 },
      { row_index: 2, written_by: 'b', epoch: 2 },
      { row_index: 3, written_by: 'b', epoch: 2 },
    ]);
  });

  it('gives a released job to another runner at once', async () => {
    const { pool, sql } = await database();
    const a = new PgJobStore(pool('a'), { owner: 'a', migrate: false });
    const b = new PgJobStore(pool('b'), { owner: 'b', migrate: false });
    const job = await a.create(submission(2), ['TAX']);
    await a.accept(job);
    expect(await b.claim(job.id)).toBeNull();
    await a.release(job);
    expect(await b.claim(job.id)).not.toBeNull();
    expect(await lease(sql, job.id)).toMatchObject({ owner: 'b', epoch: 2 });
  });

  it('lets a reader follow progress made by another replica with refresh()', async () => {
    const { pool } = await database();
    const a = new PgJobStore(pool('a'), { owner: 'a', migrate: false });
    const b = new PgJobStore(pool('b'), { owner: 'b', migrate: false });
    const job = await a.create(submission(4), ['TAX']);
    await a.accept(job);
    const seen = (await b.view(job.id))!;
    expect(seen).toMatchObject({ done: 0, retrying: 0 });
    expect(seen.state.status).toBe('QUEUED');
    await job.recordChunk([row(0)], [{ ...row(1), verdict: 'INCOMPLETE', missingSources: ['TAX'] }], same(job));
    await seen.refresh();
    expect(seen).toMatchObject({ done: 1, retrying: 1 });
    expect(seen.state.status).toBe('RUNNING');
  });

  it('removes, at the next look, submissions never accepted and older than an hour', async () => {
    const { pool, sql } = await database();
    const a = new PgJobStore(pool('a'), { owner: 'a', migrate: false });
    const old = await a.create({ ...submission(2), submittedAt: new Date(Date.now() - 2 * 3600_000).toISOString() }, ['TAX']);
    const recent = await a.create(submission(2), ['TAX']);
    await a.claimable();
    const { rows } = await sql.query<{ id: string }>('SELECT id FROM job_jobs');
    expect(rows.map((r) => r.id)).toEqual([recent.id]);
    expect(old.id).not.toBe(recent.id);
  });
});
