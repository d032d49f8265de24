import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { migrate, type Pool, type PoolClient } from '../../common/engines/index.js';
import {
  initialState,
  JOB_ID,
  JobLeaseLostError,
  type BulkJobStore,
  type JobRow,
  type JobState,
  type JobSubmission,
  type JobView,
  type RunnableJob,
} from './job-store.js';

export interface PgJobStoreOptions {
  /** Who runs the jobs this store claims (one per gateway process). Default `<host>/<pid>/<random>`. */
  owner?: string;
  /**
   * How long a claim holds without being renewed (`BULK_JOB_LEASE_MS`). Default 15 s. A replica
   * that dies leaves its jobs for this long; a replica that cannot reach the database for this long
   * gives its jobs up. The runner renews every third of it.
   */
  leaseMs?: number;
  /** Apply the repository's migrations in `init()`. Default true. */
  migrate?: boolean;
}

/** Unaccepted jobs (their submission's audit record failed, or the gateway died before it) older than this are removed. */
const UNACCEPTED_KEPT = "interval '1 hour'";

type Row = {
  submission: JobSubmission;
  total: number;
  state: JobState;
  done: number;
  retrying: number;
};

/**
 * Bulk jobs in PostgreSQL (tables `job_jobs`, `job_rows`, `job_attempts`, migration 002), shared by
 * every gateway replica:
 *
 * - **Reads** (status, counts, pages of rows, the events stream) come from the database on whichever
 *   replica is asked, never from the memory of the replica that runs the job.
 * - **One runner per job**: a replica runs a job only while it holds its lease — taken with one
 *   `UPDATE … WHERE` the lease has expired (atomic: of two replicas asking at once, one gets it),
 *   renewed by the runner's heartbeat, timed by the database's clock (replicas' clocks may differ).
 * - **Fencing**: every write of a chunk (its final rows, its attempts, the state that counts them)
 *   is one transaction that first updates the job's row where `owner` and `lease_epoch` are still
 *   this runner's. A replica paused past its lease (GC, network) whose job was taken finds the
 *   epoch changed and writes nothing; the row lock orders it against the claim, so the new runner
 *   loads every row committed before it took the job.
 * - **A row is final once**: `job_rows` is keyed by (job_id, row_index) and inserted with
 *   `ON CONFLICT DO NOTHING`; `done` counts what was inserted, in the same transaction.
 */
export class PgJobStore implements BulkJobStore {
  readonly shared = true;
  readonly owner: string;
  readonly leaseMs: number;

  constructor(
    private readonly pool: Pool,
    private readonly options: PgJobStoreOptions = {},
  ) {
    this.owner = options.owner ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 15_000;
  }

  async init(): Promise<void> {
    if (this.options.migrate !== false) await migrate(this.pool);
  }

  async create(submission: JobSubmission, departments: readonly string[]): Promise<PgJob> {
    const state = initialState(departments);
    const total = submission.codes.length + submission.consortia.length;
    const { rows } = await this.pool.query<{ lease_epoch: string }>(
      `INSERT INTO job_jobs (id, caller_id, submitted_at, deadline_at, total, submission, status, state, owner, lease_until, lease_epoch)
       VALUES ($1, $2, $3, to_timestamp($4 / 1000.0), $5, $6::json, 'QUEUED', $7::json, $8, now() + $9 * interval '1 millisecond', 1)
       RETURNING lease_epoch`,
      [
        submission.id,
        submission.caller.id,
        submission.submittedAt,
        submission.deadlineAt,
        total,
        JSON.stringify(submission),
        JSON.stringify(state),
        this.owner,
        this.leaseMs,
      ],
    );
    return new PgJob(this.pool, this, rows[0]!.lease_epoch, { submission, total, state, done: 0, retrying: 0 });
  }

  async accept(job: RunnableJob): Promise<void> {
    const j = this.mine(job);
    const { rowCount } = await this.pool.query(
      `UPDATE job_jobs SET accepted = true, lease_until = now() + $4 * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND owner = $2 AND lease_epoch = $3`,
      [j.id, this.owner, j.epoch, this.leaseMs],
    );
    if (!rowCount) throw new JobLeaseLostError(j.id);
  }

  async discard(job: RunnableJob): Promise<void> {
    await this.pool.query('DELETE FROM job_jobs WHERE id = $1 AND NOT accepted', [job.id]);
  }

  async view(id: string): Promise<PgJobView | null> {
    if (!JOB_ID.test(id)) return null;
    const { rows } = await this.pool.query<Row>('SELECT submission, total, state, done, retrying FROM job_jobs WHERE id = $1 AND accepted', [id]);
    return rows[0] ? new PgJobView(this.pool, rows[0]) : null;
  }

  async claimable(): Promise<string[]> {
    // Submissions that were never accepted are not jobs; they are cleared here, by whichever replica looks.
    await this.pool.query(`DELETE FROM job_jobs WHERE NOT accepted AND submitted_at < now() - ${UNACCEPTED_KEPT}`);
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM job_jobs
       WHERE status <> 'DONE' AND accepted AND (owner IS NULL OR lease_until IS NULL OR lease_until < now())
       ORDER BY submitted_at, id LIMIT 100`,
    );
    return rows.map((r) => r.id);
  }

  async claim(id: string): Promise<PgJob | null> {
    if (!JOB_ID.test(id)) return null;
    // The one statement that moves a job to this runner: atomic, and only where no live lease is held.
    const { rows } = await this.pool.query<Row & { lease_epoch: string }>(
      `UPDATE job_jobs SET owner = $2, lease_until = now() + $3 * interval '1 millisecond', lease_epoch = lease_epoch + 1, updated_at = now()
       WHERE id = $1 AND accepted AND status <> 'DONE' AND (owner IS NULL OR lease_until IS NULL OR lease_until < now())
       RETURNING lease_epoch, submission, total, state, done, retrying`,
      [id, this.owner, this.leaseMs],
    );
    const row = rows[0];
    if (!row) return null;
    const job = new PgJob(this.pool, this, row.lease_epoch, row);
    try {
      // Loaded after the claim committed: every row the last runner committed is here (its later writes are fenced).
      await job.load();
    } catch (err) {
      await this.release(job).catch(() => undefined);
      throw err;
    }
    return job;
  }

  async renew(jobs: readonly RunnableJob[]): Promise<Set<string>> {
    if (!jobs.length) return new Set();
    const mine = jobs.map((j) => this.mine(j));
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE job_jobs j SET lease_until = now() + $4 * interval '1 millisecond'
       FROM unnest($2::uuid[], $3::bigint[]) AS h(id, epoch)
       WHERE j.id = h.id AND j.lease_epoch = h.epoch AND j.owner = $1 AND j.status <> 'DONE'
       RETURNING j.id`,
      [this.owner, mine.map((j) => j.id), mine.map((j) => j.epoch), this.leaseMs],
    );
    return new Set(rows.map((r) => r.id));
  }

  async release(job: RunnableJob): Promise<void> {
    const j = this.mine(job);
    await this.pool.query('UPDATE job_jobs SET owner = NULL, lease_until = NULL WHERE id = $1 AND owner = $2 AND lease_epoch = $3', [
      j.id,
      this.owner,
      j.epoch,
    ]);
  }

  /** The pool is the caller's: it ends it. */
  async close(): Promise<void> {}

  private mine(job: RunnableJob): PgJob {
    if (!(job instanceof PgJob) || job.store !== this) throw new Error(`bulk job ${job.id} was not opened by this store`);
    return job;
  }

  /**
   * One transaction, fenced: nothing is written unless this runner still holds the job with the
   * epoch it claimed it with (the UPDATE also locks the job's row, ordering this write against a claim).
   */
  async fenced<T>(job: PgJob, set: { state: JobState; retrying: number }, fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      try {
        const { rowCount } = await c.query(
          `UPDATE job_jobs SET state = $4::json, status = $5, retrying = $6, updated_at = now()
           WHERE id = $1 AND owner = $2 AND lease_epoch = $3`,
          [job.id, this.owner, job.epoch, JSON.stringify(set.state), set.state.status, set.retrying],
        );
        if (!rowCount) throw new JobLeaseLostError(job.id);
        const out = await fn(c);
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      }
    } finally {
      // A connection that could not even roll back is not given to anyone else.
      c.release(broken);
    }
  }
}

/** A job as a reader sees it: read from the database, and read again on `refresh()`. */
export class PgJobView implements JobView {
  readonly submission: JobSubmission;
  readonly total: number;
  state: JobState;
  done: number;
  retrying: number;

  constructor(
    protected readonly pool: Pool,
    row: Row,
  ) {
    this.submission = row.submission;
    this.total = row.total;
    this.state = row.state;
    this.done = row.done;
    this.retrying = row.retrying;
  }

  get id(): string {
    return this.submission.id;
  }

  async readRows(offset: number, limit: number): Promise<JobRow[]> {
    const from = Math.max(0, Math.min(offset, this.total));
    const to = Math.max(from, Math.min(this.total, offset + limit));
    if (from === to) return [];
    const { rows } = await this.pool.query<{ row: JobRow }>(
      'SELECT row FROM job_rows WHERE job_id = $1 AND row_index >= $2 AND row_index < $3 ORDER BY row_index',
      [this.id, from, to],
    );
    return rows.map((r) => r.row);
  }

  /** One primary-key read of the small columns (not the submission): what a progress stream polls. */
  async refresh(): Promise<void> {
    const { rows } = await this.pool.query<Pick<Row, 'state' | 'done' | 'retrying'>>('SELECT state, done, retrying FROM job_jobs WHERE id = $1', [
      this.id,
    ]);
    const r = rows[0];
    if (!r) return;
    this.state = r.state;
    this.done = r.done;
    this.retrying = r.retrying;
  }
}

/** A job this replica holds and runs: which rows are final and waiting, kept in step with what it commits. */
export class PgJob extends PgJobView implements RunnableJob {
  /** 1 = the row is final (in `job_rows`). */
  readonly final: Uint8Array;
  waitingOn = new Map<number, readonly string[]>();

  constructor(
    pool: Pool,
    readonly store: PgJobStore,
    /** The lease epoch this runner claimed the job with (a bigint, as text). */
    readonly epoch: string,
    row: Row,
  ) {
    super(pool, row);
    this.final = new Uint8Array(this.total);
  }

  /** The runner's memory is the progress: only it writes (`refresh` is for readers). */
  override async refresh(): Promise<void> {}

  /** Which rows are final and which wait on which departments. */
  async load(): Promise<void> {
    const final = await this.pool.query<{ row_index: number }>('SELECT row_index FROM job_rows WHERE job_id = $1', [this.id]);
    let done = 0;
    for (const { row_index: i } of final.rows) {
      if (i < this.total && !this.final[i]) {
        this.final[i] = 1;
        done++;
      }
    }
    this.done = done;
    const attempts = await this.pool.query<{ row_index: number; missing: string[] }>(
      'SELECT row_index, missing FROM job_attempts WHERE job_id = $1',
      [this.id],
    );
    this.waitingOn = new Map(attempts.rows.filter((a) => a.row_index < this.total && !this.final[a.row_index]).map((a) => [a.row_index, a.missing]));
    this.retrying = this.waitingOn.size;
  }

  pending(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.total; i++) if (!this.final[i]) out.push(i);
    return out;
  }

  async lastAttempts(indices: readonly number[]): Promise<(JobRow | null)[]> {
    if (!indices.length) return [];
    const { rows } = await this.pool.query<{ row_index: number; row: JobRow }>(
      'SELECT row_index, row FROM job_attempts WHERE job_id = $1 AND row_index = ANY($2::int[])',
      [this.id, indices],
    );
    const by = new Map(rows.map((r) => [r.row_index, r.row]));
    return indices.map((i) => by.get(i) ?? null);
  }

  /** Two chunks of one job finishing together commit one after the other (each computes the state from the last). */
  private writing: Promise<unknown> = Promise.resolve();
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writing.then(fn, fn);
    this.writing = run.catch(() => undefined);
    return run;
  }

  recordChunk(final: JobRow[], attempts: JobRow[], state: (waitingOn: ReadonlyMap<number, readonly string[]>) => JobState): Promise<void> {
    return this.serially(async () => {
      const fresh = freshRows(final, this.final);
      const taken = new Set(fresh.map((r) => r.index));
      const retry = freshRows(attempts, this.final).filter((r) => !taken.has(r.index));
      const waiting = new Map(this.waitingOn);
      for (const r of fresh) waiting.delete(r.index);
      for (const r of retry) waiting.set(r.index, r.missingSources);
      const next = state(waiting);
      const done = await this.store.fenced(this, { state: next, retrying: waiting.size }, async (c) => {
        const n = await insertRows(c, this, fresh);
        if (retry.length) {
          await c.query(
            `INSERT INTO job_attempts (job_id, row_index, missing, row)
             SELECT $1, (e->>'index')::int, ARRAY(SELECT json_array_elements_text(e->'missingSources')), e FROM json_array_elements($2::json) AS e
             ON CONFLICT (job_id, row_index) DO UPDATE SET missing = EXCLUDED.missing, row = EXCLUDED.row`,
            [this.id, JSON.stringify(retry)],
          );
        }
        return n;
      });
      // Committed: now (and only now) the rows count as final here too.
      for (const r of fresh) this.final[r.index] = 1;
      this.done = done ?? this.done;
      this.waitingOn = waiting;
      this.retrying = waiting.size;
      this.state = next;
    });
  }

  finalize(batches: AsyncIterable<JobRow[]>, state: JobState): Promise<void> {
    return this.serially(async () => {
      // Gathered before the transaction: building a batch reads attempts through the pool, and a
      // transaction holding a connection while waiting for another could starve a small pool.
      const rows: JobRow[] = [];
      for await (const batch of batches) rows.push(...batch);
      const fresh = freshRows(rows, this.final);
      // The last rows and DONE in one transaction: no reader sees DONE with rows missing, and a
      // runner stopped half-way leaves the job as it was (the next one finishes it from the start).
      const done = await this.store.fenced(this, { state, retrying: 0 }, async (c) => {
        // Up to 10,000 rows: sent a thousand at a time (one statement each stays small), committed together.
        let n: number | null = null;
        for (let k = 0; k < fresh.length; k += 1000) n = await insertRows(c, this, fresh.slice(k, k + 1000));
        await c.query('DELETE FROM job_attempts WHERE job_id = $1', [this.id]);
        await c.query('UPDATE job_jobs SET lease_until = NULL WHERE id = $1', [this.id]);
        return n;
      });
      for (const r of fresh) this.final[r.index] = 1;
      this.done = done ?? this.done;
      this.waitingOn = new Map();
      this.retrying = 0;
      this.state = state;
    });
  }

  async close(): Promise<void> {}
}

/** Rows not final yet, each position once (the first given). */
function freshRows(rows: JobRow[], final: Uint8Array): JobRow[] {
  const seen = new Set<number>();
  return rows.filter((r) => {
    if (!Number.isInteger(r.index) || r.index < 0 || r.index >= final.length || final[r.index] || seen.has(r.index)) return false;
    seen.add(r.index);
    return true;
  });
}

/**
 * Insert final rows (a row already final stays as it was), drop their attempts, and count what was
 * inserted into `done`; returns the job's `done` afterwards, or null when there was nothing to insert.
 */
async function insertRows(c: PoolClient, job: PgJob, rows: JobRow[]): Promise<number | null> {
  if (!rows.length) return null;
  const id = job.id;
  const inserted = await c.query<{ row_index: number }>(
    `INSERT INTO job_rows (job_id, row_index, row, written_by, lease_epoch)
     SELECT $1, (e->>'index')::int, e, $3, $4 FROM json_array_elements($2::json) AS e
     ON CONFLICT (job_id, row_index) DO NOTHING
     RETURNING row_index`,
    [id, JSON.stringify(rows), job.store.owner, job.epoch],
  );
  await c.query('DELETE FROM job_attempts WHERE job_id = $1 AND row_index = ANY($2::int[])', [id, rows.map((r) => r.index)]);
  const { rows: after } = await c.query<{ done: number }>('UPDATE job_jobs SET done = done + $2 WHERE id = $1 RETURNING done', [
    id,
    inserted.rowCount ?? 0,
  ]);
  return after[0]!.done;
}
