import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bulk check jobs on disk (one directory per job under `BULK_JOBS_DIR`), so that a job survives a
 * restart and memory stays bounded whatever its size:
 *
 * - `job.json` — the submission, written once (codes, consortia, scenario, who submitted it);
 * - `rows.jsonl` — append-only JSON Lines, one final row per line, fsync'd after every chunk; a row
 *   that is in this file is never checked again;
 * - `state.json` — the small progress record (status, counts per department), replaced atomically.
 *
 * In memory a job is its terms and, per row, one byte (final or not) and one offset into
 * `rows.jsonl` (9 bytes a row: 90 KB for 10,000 rows); rows are read from the file page by page.
 *
 * This is the embedded store (`JobStore`), for one gateway process; `PgJobStore` keeps the same
 * jobs in PostgreSQL for several replicas. Both implement `BulkJobStore` below, which is all
 * `BulkJobs` knows of a store.
 */

export interface JobSubmission {
  id: string;
  submittedAt: string;
  /** Epoch ms: rows still incomplete then are final as INCOMPLETE. */
  deadlineAt: number;
  caller: { id: string; name: string; kind: string };
  operator: { id: string; name: string | null; how: 'asserted' | 'verified' } | null;
  purpose: string;
  tenderReference: string | null;
  scenario: string;
  asOf: string | null;
  codes: string[];
  consortia: { label: string; members: string[] }[];
}

export type JobStatus = 'QUEUED' | 'RUNNING' | 'DONE';

export interface JobState {
  status: JobStatus;
  updatedAt: string;
  finishedAt: string | null;
  /** Final rows with verdict INCOMPLETE. */
  incomplete: number;
  /** Per department: rows not final whose last attempt missed it; final rows INCOMPLETE for want of it. */
  departments: Record<string, { waiting: number; failed: number }>;
  /** Chunks run so far (audit record ids are numbered with it). */
  chunksRun: number;
}

export interface JobRow {
  index: number;
  kind: 'ENTERPRISE' | 'CONSORTIUM';
  input: string;
  uscc: string | null;
  invalidReason: string | null;
  invalidMessage: string | null;
  registeredName: string | null;
  registrationStatus: string | null;
  verdict: string | null;
  checkId: string | null;
  checkedAt: string | null;
  missingSources: string[];
  warnings: string[];
  flags: {
    measureCode: string;
    measureName: string;
    measureNameZh: string;
    department: string | null;
    kind: string | null;
    reference: string | null;
    authority: string | null;
    underObjection: boolean;
  }[];
  members: string[] | null;
  decidingMembers: string[] | null;
  attempts: number;
  note: string | null;
}

/** What a reader sees of a job: its terms, its progress, and pages of its final rows. */
export interface JobView {
  readonly id: string;
  readonly submission: JobSubmission;
  /** Rows: the codes, then the consortia. */
  readonly total: number;
  readonly state: JobState;
  /** Rows final so far. */
  readonly done: number;
  /** Rows not final whose last attempt missed a department (they are tried again until the deadline). */
  readonly retrying: number;
  /** The final rows among positions `offset … offset + limit − 1`, in order. */
  readRows(offset: number, limit: number): Promise<JobRow[]>;
  /** Read the progress again (state, done, retrying) where another process may be moving it. */
  refresh(): Promise<void>;
}

/** A job held by the runner that runs it: which rows are final or waiting, and how its progress is kept. */
export interface RunnableJob extends JobView {
  state: JobState;
  /** The departments each pending row's last attempt could not read. */
  readonly waitingOn: ReadonlyMap<number, readonly string[]>;
  /** Positions not final yet, in order. */
  pending(): number[];
  /** Each position's last incomplete attempt, or null. */
  lastAttempts(indices: readonly number[]): Promise<(JobRow | null)[]>;
  /**
   * Keep one chunk's outcome: its final rows (never checked again once this resolves), its
   * incomplete attempts, and the state computed from the rows still waiting after them.
   */
  recordChunk(final: JobRow[], attempts: JobRow[], state: (waitingOn: ReadonlyMap<number, readonly string[]>) => JobState): Promise<void>;
  /** Make the rows still pending final (as `batches` gives them) and save the finished state. */
  finalize(batches: AsyncIterable<JobRow[]>, state: JobState): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where bulk jobs are kept. One runner at a time runs a job: `claim` gives it to this store's
 * runner (a lease, for a shared store), `renew` keeps it, `release` gives it up.
 */
export interface BulkJobStore {
  /** Shared by several gateway processes (the runner then renews its leases and looks for orphaned jobs from time to time). */
  readonly shared: boolean;
  /** A shared store's lease: a claim not renewed for this long may be taken by another runner. */
  readonly leaseMs?: number;
  init(): Promise<void>;
  /** Create a job, held by this store's runner; not yet `accept`ed. */
  create(submission: JobSubmission, departments: readonly string[]): Promise<RunnableJob>;
  /** The job was accepted (its submission is in the audit log): from now on it is run and read. */
  accept(job: RunnableJob): Promise<void>;
  /** Remove a job that was never accepted (its submission could not be audited). */
  discard(job: RunnableJob): Promise<void>;
  /** A job as a reader sees it, or null. */
  view(id: string): Promise<JobView | null>;
  /** Ids of unfinished jobs no runner holds, oldest first. */
  claimable(): Promise<string[]>;
  /** Hold a job to run it; null when another runner holds it, it is finished, or there is none. */
  claim(id: string): Promise<RunnableJob | null>;
  /** Keep holding these jobs; returns the ids still held (a job missing was lost to another runner). */
  renew(jobs: readonly RunnableJob[]): Promise<Set<string>>;
  /** Stop holding a job (a graceful stop: another runner may take it at once). */
  release(job: RunnableJob): Promise<void>;
  close(): Promise<void>;
}

/** A job's store no longer lets this runner write: another runner holds it now. */
export class JobLeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`bulk job ${jobId} is held by another gateway now; this one stops running it`);
    this.name = 'JobLeaseLostError';
  }
}

/** An open job: its terms, state, and which rows are final (and where each is in `rows.jsonl`). */
export class Job implements RunnableJob {
  /** 1 = the row is final (in `rows.jsonl`). */
  readonly final: Uint8Array;
  /** Byte offset of each final row's line. */
  readonly offsets: Float64Array;
  done = 0;
  /** Byte offset in `attempts.jsonl` of each pending row's last incomplete attempt; -1 when none. */
  readonly attemptOffsets: Float64Array;
  /** The departments each pending row's last attempt could not read (rows retried until the deadline). */
  readonly waitingOn = new Map<number, string[]>();
  private rowsFile: FileHandle | null = null;
  private rowsBytes = 0;
  private attemptsFile: FileHandle | null = null;
  private attemptsBytes = 0;

  constructor(
    readonly dir: string,
    readonly submission: JobSubmission,
    public state: JobState,
  ) {
    this.final = new Uint8Array(this.total);
    this.offsets = new Float64Array(this.total);
    this.attemptOffsets = new Float64Array(this.total).fill(-1);
  }

  get id(): string {
    return this.submission.id;
  }

  /** Rows: the codes, then the consortia. */
  get total(): number {
    return this.submission.codes.length + this.submission.consortia.length;
  }

  get retrying(): number {
    return this.waitingOn.size;
  }

  /** One process holds the files: what is in memory is the progress. */
  async refresh(): Promise<void> {}

  /** Positions not final yet, in order. */
  pending(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.total; i++) if (!this.final[i]) out.push(i);
    return out;
  }

  /** Read which rows are final from `rows.jsonl`, and the last incomplete attempts from `attempts.jsonl`. */
  async load(): Promise<void> {
    this.rowsBytes = await this.scan('rows.jsonl', (row, at) => {
      if (this.final[row.index]) return;
      this.final[row.index] = 1;
      this.offsets[row.index] = at;
      this.done++;
    });
    this.attemptsBytes = await this.scan('attempts.jsonl', (row, at) => {
      this.attemptOffsets[row.index] = at;
      this.waitingOn.set(row.index, row.missingSources);
    });
    for (const i of [...this.waitingOn.keys()]) if (this.final[i]) this.waitingOn.delete(i);
  }

  /** Each complete line of a job file (a torn last line from a crash is cut off); returns the length kept. */
  private async scan(name: string, each: (row: JobRow, at: number) => void): Promise<number> {
    const path = join(this.dir, name);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    let start = 0;
    while (start < data.length) {
      const nl = data.indexOf(0x0a, start);
      if (nl < 0) break;
      try {
        const row = JSON.parse(data.subarray(start, nl).toString('utf8')) as JobRow;
        if (Number.isInteger(row.index) && row.index >= 0 && row.index < this.total) each(row, start);
      } catch {
        // A line that does not parse is not a row; its position stays pending and is checked again.
      }
      start = nl + 1;
    }
    if (start < data.length) {
      // A partial last line (the process stopped mid-write): cut it, so the next append starts a line.
      const f = await open(path, 'r+');
      try {
        await f.truncate(start);
        await f.sync();
      } finally {
        await f.close();
      }
    }
    return start;
  }

  /**
   * Appends to one file, one at a time: two chunks finishing together would otherwise interleave
   * their writes with the offsets each computes from the length before its own.
   */
  private appending: Promise<unknown> = Promise.resolve();
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.appending.then(fn, fn);
    this.appending = run.catch(() => undefined);
    return run;
  }

  /** Append final rows and fsync them: after this resolves they are never checked again. */
  appendRows(rows: JobRow[]): Promise<void> {
    return this.serially(() => this.appendRowsNow(rows));
  }

  private async appendRowsNow(rows: JobRow[]): Promise<void> {
    const fresh = rows.filter((r) => !this.final[r.index]);
    if (!fresh.length) return;
    this.rowsFile ??= await open(join(this.dir, 'rows.jsonl'), 'a');
    const lines = fresh.map((r) => Buffer.from(JSON.stringify(r) + '\n', 'utf8'));
    await this.rowsFile.write(Buffer.concat(lines));
    await this.rowsFile.sync();
    let at = this.rowsBytes;
    fresh.forEach((r, k) => {
      this.final[r.index] = 1;
      this.offsets[r.index] = at;
      at += lines[k]!.length;
      this.done++;
    });
    this.rowsBytes = at;
    for (const r of fresh) {
      this.waitingOn.delete(r.index);
      this.attemptOffsets[r.index] = -1;
    }
  }

  /** Record incomplete attempts (to be retried); the last one of a row becomes final at the deadline. */
  appendAttempts(rows: JobRow[]): Promise<void> {
    return this.serially(() => this.appendAttemptsNow(rows));
  }

  private async appendAttemptsNow(rows: JobRow[]): Promise<void> {
    const fresh = rows.filter((r) => !this.final[r.index]);
    if (!fresh.length) return;
    this.attemptsFile ??= await open(join(this.dir, 'attempts.jsonl'), 'a');
    const lines = fresh.map((r) => Buffer.from(JSON.stringify(r) + '\n', 'utf8'));
    await this.attemptsFile.write(Buffer.concat(lines));
    await this.attemptsFile.sync();
    let at = this.attemptsBytes;
    fresh.forEach((r, k) => {
      this.attemptOffsets[r.index] = at;
      this.waitingOn.set(r.index, r.missingSources);
      at += lines[k]!.length;
    });
    this.attemptsBytes = at;
  }

  /** A pending row's last incomplete attempt, or null. */
  async lastAttempt(index: number): Promise<JobRow | null> {
    const at = this.attemptOffsets[index] ?? -1;
    if (at < 0) return null;
    const f = await open(join(this.dir, 'attempts.jsonl'), 'r');
    try {
      return await readLineAt(f, at);
    } finally {
      await f.close();
    }
  }

  async lastAttempts(indices: readonly number[]): Promise<(JobRow | null)[]> {
    const out: (JobRow | null)[] = [];
    for (const i of indices) out.push(await this.lastAttempt(i));
    return out;
  }

  async recordChunk(final: JobRow[], attempts: JobRow[], state: (waitingOn: ReadonlyMap<number, readonly string[]>) => JobState): Promise<void> {
    await this.appendRows(final);
    await this.appendAttempts(attempts);
    await this.saveState(state(this.waitingOn));
  }

  async finalize(batches: AsyncIterable<JobRow[]>, state: JobState): Promise<void> {
    for await (const rows of batches) await this.appendRows(rows);
    await this.saveState(state);
  }

  /** The final rows among positions `offset … offset + limit − 1`, read from the file. */
  async readRows(offset: number, limit: number): Promise<JobRow[]> {
    const wanted: number[] = [];
    for (let i = Math.max(0, offset); i < Math.min(this.total, offset + limit); i++) if (this.final[i]) wanted.push(i);
    if (!wanted.length) return [];
    const f = await open(join(this.dir, 'rows.jsonl'), 'r');
    try {
      const out: JobRow[] = [];
      for (const i of wanted) out.push(await readLineAt(f, this.offsets[i]!));
      return out;
    } finally {
      await f.close();
    }
  }

  async saveState(state: JobState): Promise<void> {
    this.state = state;
    await writeDurably(join(this.dir, 'state.json'), JSON.stringify(state));
  }

  async close(): Promise<void> {
    await this.rowsFile?.close();
    await this.attemptsFile?.close();
    this.rowsFile = null;
    this.attemptsFile = null;
  }
}

async function readLineAt(f: FileHandle, offset: number): Promise<JobRow> {
  const chunks: Buffer[] = [];
  let pos = offset;
  for (;;) {
    const buf = Buffer.alloc(16 * 1024);
    const { bytesRead } = await f.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    if (nl >= 0) {
      chunks.push(buf.subarray(0, nl));
      break;
    }
    chunks.push(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as JobRow;
}

/** Write a small file so that it is either the old or the new content after a crash. */
async function writeDurably(path: string, content: string): Promise<void> {
  const tmp = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  const f = await open(tmp, 'w');
  try {
    await f.writeFile(content);
    await f.sync();
  } finally {
    await f.close();
  }
  await rename(tmp, path);
  const dir = await open(join(path, '..'), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The directory of jobs, for one gateway process (it holds every job it opens). */
export class JobStore implements BulkJobStore {
  readonly shared = false;

  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /** Create a job on disk (its submission and its first state) and open it. */
  async create(submission: JobSubmission, departments: readonly string[]): Promise<Job> {
    const dir = join(this.dir, submission.id);
    await mkdir(dir);
    await writeDurably(join(dir, 'job.json'), JSON.stringify(submission));
    const job = new Job(dir, submission, initialState(departments));
    await job.saveState(job.state);
    return job;
  }

  /** A job on disk is accepted once created (a crash before its audit record leaves it to be run). */
  async accept(): Promise<void> {}

  /** Remove a job that was never accepted (its submission could not be audited). */
  async discard(job: RunnableJob): Promise<void> {
    await job.close();
    await rm((job as Job).dir, { recursive: true, force: true });
  }

  view(id: string): Promise<Job | null> {
    return this.open(id);
  }

  claimable(): Promise<string[]> {
    return this.unfinished();
  }

  async claim(id: string): Promise<Job | null> {
    const job = await this.open(id);
    if (job?.state.status !== 'DONE') return job;
    await job.close();
    return null;
  }

  async renew(jobs: readonly RunnableJob[]): Promise<Set<string>> {
    return new Set(jobs.map((j) => j.id));
  }

  async release(): Promise<void> {}

  async close(): Promise<void> {}

  /** Open a job by id; null when there is none (or the id is not one this store makes). */
  async open(id: string): Promise<Job | null> {
    if (!JOB_ID.test(id)) return null;
    const dir = join(this.dir, id);
    let submission: JobSubmission;
    try {
      submission = JSON.parse(await readFile(join(dir, 'job.json'), 'utf8')) as JobSubmission;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let state: JobState;
    try {
      state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as JobState;
    } catch {
      state = initialState([]);
    }
    const job = new Job(dir, submission, state);
    await job.load();
    return job;
  }

  /** Ids of jobs not DONE (to resume after a restart), oldest first. */
  async unfinished(): Promise<string[]> {
    const out: { id: string; at: string }[] = [];
    for (const id of await readdir(this.dir).catch(() => [] as string[])) {
      if (!JOB_ID.test(id)) continue;
      try {
        const state = JSON.parse(await readFile(join(this.dir, id, 'state.json'), 'utf8')) as JobState;
        if (state.status === 'DONE') continue;
        const s = JSON.parse(await readFile(join(this.dir, id, 'job.json'), 'utf8')) as JobSubmission;
        out.push({ id, at: s.submittedAt });
      } catch {
        // A job directory without its files was cut off while being created: nothing was accepted.
      }
    }
    return out.sort((a, b) => a.at.localeCompare(b.at)).map((j) => j.id);
  }
}

/** A job's state when it is created. */
export function initialState(departments: readonly string[]): JobState {
  return {
    status: 'QUEUED',
    updatedAt: new Date().toISOString(),
    finishedAt: null,
    incomplete: 0,
    departments: Object.fromEntries(departments.map((d) => [d, { waiting: 0, failed: 0 }])),
    chunksRun: 0,
  };
}
