import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedPool, type Pool } from '../../common/engines/index.js';
import { startPostgres, type PostgresServer } from '../../test/support/engines.js';
import { JobStore, type BulkJobStore, type JobRow, type JobState, type JobSubmission, type RunnableJob } from './job-store.js';
import { PgJobStore } from './pg-job-store.js';

/**
 * The contract every bulk job store keeps, run against both: the files of one gateway process
 * (`JobStore`) and PostgreSQL shared by replicas (`PgJobStore`). "Another store" is a second
 * instance on the same data: the same process after a restart, or another replica.
 */
let pg: PostgresServer;
const pools: Pool[] = [];
const dirs: string[] = [];
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Stores = { one: BulkJobStore; another: () => BulkJobStore };

const kinds: [string, () => Promise<Stores>][] = [
  [
    'files',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'job-store-contract-'));
      dirs.push(dir);
      const one = new JobStore(dir);
      await one.init();
      return { one, another: () => new JobStore(dir) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const url = await pg.createDatabase();
      const pool = (name: string) => {
        const p = createSharedPool(url, { name });
        pools.push(p);
        return p;
      };
      const one = new PgJobStore(pool('replica-a'), { owner: 'replica-a' });
      await one.init();
      let n = 0;
      return { one, another: () => new PgJobStore(pool(`replica-${++n}`), { owner: `replica-b${n}`, migrate: false }) };
    },
  ],
];

const DEPARTMENTS = ['COURTS', 'TAX', 'ENVIRONMENT'];

function submission(total: number, extra: Partial<JobSubmission> = {}): JobSubmission {
  return {
    id: randomUUID(),
    submittedAt: new Date().toISOString(),
    deadlineAt: Date.now() + 60_000,
    caller: { id: 'dev-trading-platform', name: '交易平台', kind: 'TRADING_PLATFORM' },
    operator: { id: 'TP-0001', name: '张三', how: 'asserted' },
    purpose: 'BIDDER_CHECK',
    tenderReference: 'T-2026-011',
    scenario: 'BIDDING',
    asOf: null,
    codes: Array.from({ length: total }, (_, i) => `code-${i}`),
    consortia: [],
    ...extra,
  };
}

const row = (index: number, verdict = 'CLEAR'): JobRow => ({
  index,
  kind: 'ENTERPRISE',
  input: `code-${index}`,
  uscc: null,
  invalidReason: null,
  invalidMessage: null,
  registeredName: '宜昌恒远信息技术有限公司'.repeat(1 + (index % 5)),
  registrationStatus: 'OPERATING',
  verdict,
  checkId: `chk-${index}`,
  checkedAt: '2026-01-02T03:04:05.000Z',
  missingSources: [],
  warnings: index % 3 === 0 ? ['注销企业不能作为新申请的当事人'] : [],
  flags: [],
  members: null,
  decidingMembers: null,
  attempts: 1,
  note: null,
});

const attempt = (index: number, missing: string[], attempts = 1): JobRow => ({
  ...row(index, 'INCOMPLETE'),
  missingSources: missing,
  attempts,
});

/** The state as BulkJobs computes it: rows waiting counted per department. */
const stateFrom =
  (job: RunnableJob) =>
  (waitingOn: ReadonlyMap<number, readonly string[]>): JobState => {
    const departments: JobState['departments'] = Object.fromEntries(DEPARTMENTS.map((d) => [d, { waiting: 0, failed: 0 }]));
    for (const missing of waitingOn.values()) for (const d of missing) departments[d]!.waiting++;
    return { ...job.state, status: 'RUNNING', updatedAt: new Date().toISOString(), departments, chunksRun: job.state.chunksRun + 1 };
  };

async function* inBatches(rows: JobRow[], size = 500): AsyncIterable<JobRow[]> {
  for (let k = 0; k < rows.length; k += size) yield rows.slice(k, k + size);
}

async function accepted(store: BulkJobStore, s: JobSubmission): Promise<RunnableJob> {
  const job = await store.create(s, DEPARTMENTS);
  await store.accept(job);
  return job;
}

describe.each(kinds)('the %s job store', (_, make) => {
  it('keeps a job’s terms as submitted, whatever characters its codes hold, and reads them back through another store', async () => {
    const { one, another } = await make();
    const odd = ['91420502092846715K', '宜昌\u0000恒远', 'a"b\\c\n', '\u{1F600}'.repeat(60)];
    const s = submission(0, { codes: odd, consortia: [{ label: '联合体一', members: ['914205020361824755', '91420506017539264P'] }] });
    const job = await accepted(one, s);
    expect(job).toMatchObject({ id: s.id, total: 5, done: 0, retrying: 0 });
    const seen = (await another().view(s.id))!;
    expect(seen.submission).toEqual(s);
    expect(seen).toMatchObject({ id: s.id, total: 5, done: 0, retrying: 0 });
    expect(seen.state).toMatchObject({ status: 'QUEUED', finishedAt: null, incomplete: 0, chunksRun: 0 });
    expect(Object.keys(seen.state.departments)).toEqual(DEPARTMENTS);
    expect(await seen.readRows(0, 100)).toEqual([]);
    expect(await another().view(randomUUID())).toBeNull();
    expect(await another().view('../../etc')).toBeNull();
  });

  it('keeps a chunk’s final rows, attempts and state together, counted, and read page by page through another store', async () => {
    const { one, another } = await make();
    const job = await accepted(one, submission(30));
    await job.recordChunk(
      Array.from({ length: 10 }, (_, i) => row(i)),
      [10, 11, 12, 13, 14].map((i) => attempt(i, i < 12 ? ['TAX', 'COURTS'] : ['TAX'])),
      stateFrom(job),
    );
    expect(job).toMatchObject({ done: 10, retrying: 5 });
    expect(job.pending()).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));
    const seen = (await another().view(job.id))!;
    expect(seen).toMatchObject({ done: 10, retrying: 5 });
    expect(seen.state).toMatchObject({ status: 'RUNNING', chunksRun: 1 });
    expect(seen.state.departments).toEqual({
      COURTS: { waiting: 2, failed: 0 },
      TAX: { waiting: 5, failed: 0 },
      ENVIRONMENT: { waiting: 0, failed: 0 },
    });
    expect(await seen.readRows(0, 100)).toEqual(Array.from({ length: 10 }, (_, i) => row(i)));
    expect((await seen.readRows(5, 10)).map((r) => r.index)).toEqual([5, 6, 7, 8, 9]);
    expect(await seen.readRows(10, 100)).toEqual([]);
    expect(await seen.readRows(2_000_000_000, 1000)).toEqual([]);

    // Retried rows become final: they wait no more.
    await job.recordChunk([row(10), row(11)], [attempt(12, ['ENVIRONMENT'], 2)], stateFrom(job));
    const later = (await another().view(job.id))!;
    expect(later).toMatchObject({ done: 12, retrying: 3 });
    expect(later.state.departments).toMatchObject({ COURTS: { waiting: 0 }, TAX: { waiting: 2 }, ENVIRONMENT: { waiting: 1 } });
    await job.close();
  });

  it('keeps every row of chunks recorded at the same time', async () => {
    const { one, another } = await make();
    const total = 120;
    const job = await accepted(one, submission(total));
    await Promise.all(
      Array.from({ length: 8 }, (_, c) =>
        job.recordChunk(
          Array.from({ length: 15 }, (_, k) => row(c * 15 + k)),
          [],
          stateFrom(job),
        ),
      ),
    );
    expect(job.done).toBe(total);
    const seen = (await another().view(job.id))!;
    expect(seen.done).toBe(total);
    const rows = await seen.readRows(0, total);
    expect(rows.map((r) => r.index)).toEqual([...Array(total).keys()]);
    expect(rows.map((r) => r.registeredName)).toEqual([...Array(total).keys()].map((i) => row(i).registeredName));
    await job.close();
  });

  it('makes a row final once: a second result for it is not kept, nor counted', async () => {
    const { one, another } = await make();
    const job = await accepted(one, submission(10));
    await job.recordChunk([row(3, 'RESTRICTED')], [], stateFrom(job));
    await job.recordChunk([row(3, 'CLEAR'), row(4)], [attempt(3, ['TAX'])], stateFrom(job));
    expect(job).toMatchObject({ done: 2, retrying: 0 });
    const seen = (await another().view(job.id))!;
    expect(seen).toMatchObject({ done: 2, retrying: 0 });
    expect((await seen.readRows(0, 10)).map((r) => [r.index, r.verdict])).toEqual([
      [3, 'RESTRICTED'],
      [4, 'CLEAR'],
    ]);
    await job.close();
  });

  it('gives a job claimed again (after a restart, or by another replica) the rows final, the rows waiting and their last attempts', async () => {
    const { one, another } = await make();
    const job = await accepted(one, submission(12));
    await job.recordChunk([row(0), row(1), row(2)], [attempt(7, ['TAX']), attempt(8, ['COURTS'])], stateFrom(job));
    await job.recordChunk([row(5)], [attempt(7, ['ENVIRONMENT'], 2)], stateFrom(job));
    await one.release(job);
    await job.close();

    const next = another();
    expect(await next.claimable()).toContain(job.id);
    const again = (await next.claim(job.id))!;
    expect(again).not.toBeNull();
    expect(again.done).toBe(4);
    expect(again.pending()).toEqual([3, 4, 6, 7, 8, 9, 10, 11]);
    expect(new Map(again.waitingOn)).toEqual(
      new Map([
        [7, ['ENVIRONMENT']],
        [8, ['COURTS']],
      ]),
    );
    expect(again.retrying).toBe(2);
    expect(again.state).toMatchObject({ status: 'RUNNING', chunksRun: 2 });
    expect(await again.lastAttempts([7, 8, 9])).toEqual([attempt(7, ['ENVIRONMENT'], 2), attempt(8, ['COURTS']), null]);
    await again.close();
  });

  it('finalizes the rest with the finished state: DONE, every row once, and no longer claimable', async () => {
    const { one, another } = await make();
    const total = 1200;
    const job = await accepted(one, submission(total));
    await job.recordChunk([row(0), row(1)], [attempt(2, ['TAX'])], stateFrom(job));
    const rest = job.pending().map((i) => ({ ...row(i, 'INCOMPLETE'), note: 'deadline' }));
    const finished: JobState = { ...job.state, status: 'DONE', incomplete: rest.length, finishedAt: new Date().toISOString() };
    await job.finalize(inBatches(rest), finished);
    expect(job).toMatchObject({ done: total, retrying: 0 });
    const seen = (await another().view(job.id))!;
    expect(seen).toMatchObject({ done: total, retrying: 0 });
    expect(seen.state).toMatchObject({ status: 'DONE', incomplete: total - 2, finishedAt: finished.finishedAt });
    const rows = [...(await seen.readRows(0, 1000)), ...(await seen.readRows(1000, 1000))];
    expect(rows.map((r) => r.index)).toEqual([...Array(total).keys()]);
    expect(rows[2]).toMatchObject({ verdict: 'INCOMPLETE', note: 'deadline' });
    await job.close();
    expect(await another().claimable()).not.toContain(job.id);
    expect(await another().claim(job.id)).toBeNull();
  });

  it('lists the unfinished jobs oldest first; a discarded job is gone', async () => {
    const { one, another } = await make();
    const at = Date.now() - 60_000;
    const jobs: RunnableJob[] = [];
    for (let k = 0; k < 3; k++) jobs.push(await accepted(one, submission(2, { submittedAt: new Date(at + k * 1000).toISOString() })));
    for (const j of jobs) {
      await one.release(j);
      await j.close();
    }
    const mine = (ids: string[]) => ids.filter((id) => jobs.some((j) => j.id === id));
    expect(mine(await another().claimable())).toEqual(jobs.map((j) => j.id));

    const refused = await one.create(submission(2), DEPARTMENTS);
    await one.discard(refused);
    expect(await another().view(refused.id)).toBeNull();
    expect(await another().claimable()).not.toContain(refused.id);
  });
});
