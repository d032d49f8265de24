import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { DEPARTMENT_NAMES } from '../../common/departments.js';
import { graphQLError } from '../../common/error-codes.js';
import { normalizeUscc } from '../../common/uscc/index.js';
import { AUDIT_CODES_CAP, AuditError, capCodes, hashResult, type AuditEntry, type AuditLog } from '../audit/index.js';
import type { AdmittedRequest, RequestLimits } from '../subgraph-data-source.js';
import {
  JobLeaseLostError,
  JobStore,
  type BulkJobStore,
  type JobRow,
  type JobState,
  type JobSubmission,
  type JobView,
  type RunnableJob,
} from './job-store.js';

export interface BulkJobsOptions {
  /**
   * Where jobs are kept: a store shared by the gateway's replicas (`PgJobStore`, when `DATABASE_URL`
   * is set), or else files in `dir`.
   */
  store?: BulkJobStore;
  /** The files' directory when no `store` is given (`BULK_JOBS_DIR`, default `data/jobs` beside the audit log). */
  dir?: string;
  /** The audit log: every submission (every code) and every chunk run is written to it. */
  audit: AuditLog;
  /** Codes per job, consortium members included (`BULK_JOB_MAX_CODES`). Default 10,000. */
  maxCodes?: number;
  /** Codes per chunk run through the federation (`BULK_JOB_CHUNK_SIZE`). Default 200, at most 1,000. */
  chunkSize?: number;
  /** A job's own deadline from submission (`BULK_JOB_DEADLINE_MS`). Default 10 minutes. */
  deadlineMs?: number;
  /** Longest one chunk may take (its subgraph calls wait for what interactive work leaves). Default 120 s. */
  chunkTimeoutMs?: number;
  /** Chunks running at once in the whole gateway. Default 4. */
  concurrentChunks?: number;
  /** Chunks of one job running at once. Default 2. */
  chunksPerJob?: number;
  /** First wait before rows whose departments failed are tried again (doubling, at most 15 s). Default 1 s. */
  retryBaseMs?: number;
}

/** A job being run: its open files and where its current pass is. */
interface Running {
  job: RunnableJob;
  /**
   * Until when (this process's monotonic clock) the job is surely still this runner's: when the
   * last renewal that succeeded was sent, plus the lease. No chunk starts after it (Infinity for files).
   */
  heldUntil: number;
  /** Positions of this pass still to be sent. */
  queue: number[];
  inFlight: number;
  passes: number;
  nextPassAt: number;
  finishing: boolean;
}

const CHECK_SELECTION = `checkId verdict checkedAt missingSources warnings
  flags { measure { code name nameZh } finding { department kind reference authority } underObjection }`;

const CHUNK_QUERY = `query BulkCheckChunk($usccs: [String!]!, $scenario: Scenario!, $asOf: String) {
  enterprises(usccs: $usccs) {
    __typename
    ... on InvalidCode { input reason message }
    ... on Enterprise {
      uscc
      marketRegulation { registration { name status } }
      creditCheck(scenario: $scenario, asOf: $asOf) { ${CHECK_SELECTION} }
    }
  }
}`;

const CONSORTIUM_QUERY = `query BulkCheckConsortium($usccs: [String!]!, $scenario: Scenario!, $asOf: String) {
  consortium(usccs: $usccs) {
    creditCheck(scenario: $scenario, asOf: $asOf) { checkId verdict checkedAt decidingMembers
      members { uscc check { missingSources warnings flags { measure { code name nameZh } finding { department kind reference authority } underObjection } } } }
  }
}`;

/** Consortia run as one chunk (each its own operation, side by side). */
const CONSORTIA_PER_CHUNK = 10;

type Check = {
  checkId?: string | null;
  verdict?: string | null;
  checkedAt?: string | null;
  missingSources?: string[] | null;
  warnings?: string[] | null;
  flags?: {
    measure?: { code?: string; name?: string; nameZh?: string } | null;
    finding?: { department?: string | null; kind?: string | null; reference?: string | null; authority?: string | null } | null;
    underObjection?: boolean | null;
  }[];
};

type Outcome = { data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

/**
 * Bulk checks as jobs (批量核查任务), run inside the gateway: a submitted job is cut into chunks
 * that go through the same federation path as a synchronous request (`enterprises`, `consortium`
 * through the gateway's query planner and data sources), marked as job work so that every legacy
 * budget serves interactive work first. Rows a department could not read are tried again, pass
 * after pass, until the job's deadline; only then is such a row final as INCOMPLETE. Finished rows
 * are on disk (`JobStore`) and never checked again, also after a restart.
 */
export class BulkJobs {
  readonly store: BulkJobStore;
  readonly maxCodes: number;
  private readonly chunkSize: number;
  private readonly deadlineMs: number;
  private readonly chunkTimeoutMs: number;
  private readonly concurrentChunks: number;
  private readonly chunksPerJob: number;
  private readonly retryBaseMs: number;
  private server: ApolloServer<RequestLimits> | null = null;
  private readonly running = new Map<string, Running>();
  private inFlight = 0;
  private readonly settled = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** Round robin over callers: the caller whose job ran a chunk last goes to the back. */
  private turn: string[] = [];
  private maintenance: ReturnType<typeof setTimeout> | null = null;
  /** What this runner did, for operators and tests: rows sent to be checked, jobs claimed from another runner, jobs lost to one. */
  readonly counts = { rowsChecked: 0, chunks: 0, claimed: 0, lost: 0 };

  constructor(private readonly options: BulkJobsOptions) {
    if (!options.store && !options.dir) throw new Error('BulkJobs needs a store or a directory');
    this.store = options.store ?? new JobStore(options.dir!);
    this.maxCodes = options.maxCodes ?? 10_000;
    this.chunkSize = Math.min(AUDIT_CODES_CAP, Math.max(1, options.chunkSize ?? 200));
    this.deadlineMs = options.deadlineMs ?? 600_000;
    this.chunkTimeoutMs = options.chunkTimeoutMs ?? 120_000;
    this.concurrentChunks = options.concurrentChunks ?? 4;
    this.chunksPerJob = options.chunksPerJob ?? 2;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
  }

  /**
   * Start running: the gateway's server to run chunks through, then every job not finished before a
   * restart (with a shared store: every unfinished job no other replica holds). With a shared store
   * the runner then renews its leases and looks for orphaned jobs every third of the lease.
   */
  async start(server: ApolloServer<RequestLimits>): Promise<void> {
    this.server = server;
    await this.store.init();
    await this.claimOrphans();
    this.tick();
    if (this.store.shared) this.scheduleMaintenance();
  }

  /**
   * Stop: no new chunk starts, the chunks in flight are abandoned (their rows stay pending and are
   * checked again after the next start), files are closed. A job is never marked finished by a stop.
   * A shared store's jobs are given back, so another replica resumes them without waiting out the lease.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.maintenance) clearTimeout(this.maintenance);
    this.abort.abort();
    await Promise.allSettled([...this.settled]);
    await Promise.allSettled([...this.running.values()].map((r) => this.store.release(r.job)));
    await Promise.allSettled([...this.running.values()].map((r) => r.job.close()));
    this.running.clear();
  }

  /** The lease of a shared store (null: files, held by this process alone). */
  private get leaseMs(): number | null {
    return this.store.shared ? (this.store.leaseMs ?? null) : null;
  }

  /** Take every unfinished job nobody holds (at start; with a shared store, again at every look). */
  private async claimOrphans(): Promise<void> {
    for (const id of await this.store.claimable()) {
      if (this.stopped) return;
      if (this.running.has(id)) continue;
      const sentAt = performance.now();
      const job = await this.store.claim(id);
      if (!job) continue; // another replica was quicker
      if (this.stopped) {
        await this.store.release(job).catch(() => undefined);
        return;
      }
      if (this.store.shared) this.counts.claimed++;
      this.enqueue(job, sentAt);
    }
  }

  private scheduleMaintenance(): void {
    if (this.stopped) return;
    const every = Math.max(50, Math.floor((this.leaseMs ?? 15_000) / 3));
    this.maintenance = setTimeout(() => {
      const run = this.maintain().finally(() => this.scheduleMaintenance());
      this.track(run);
    }, every);
  }

  /**
   * Every third of the lease: renew the leases of the jobs this runner holds (a job whose lease was
   * taken is given up at once; when the database cannot be reached, a job is given up once its lease
   * may have run out — another replica may hold it by then), then claim orphaned jobs (a replica
   * died, or stopped). Claiming only where the lease has expired means a job whose runner keeps
   * renewing is never taken from it.
   */
  private async maintain(): Promise<void> {
    const held = [...this.running.values()];
    const sentAt = performance.now();
    try {
      const kept = await this.store.renew(held.map((r) => r.job));
      for (const r of held) {
        if (kept.has(r.job.id)) r.heldUntil = sentAt + (this.leaseMs ?? Infinity);
        else if (!r.finishing) this.drop(r);
      }
    } catch {
      for (const r of held) if (performance.now() >= r.heldUntil) this.drop(r);
    }
    try {
      await this.claimOrphans();
    } catch {
      // The database cannot be reached: looked at again next time.
    }
    this.tick();
  }

  /** Give a job up (its lease was lost): nothing more of it starts here; what is in flight is fenced by the store. */
  private drop(r: Running): void {
    if (this.running.get(r.job.id) !== r) return;
    this.running.delete(r.job.id);
    this.counts.lost++;
    r.queue = [];
    void r.job.close().catch(() => undefined);
  }

  /** `Mutation.submitBulkCheck`: validate, store, audit every code, and queue. */
  async submit(admitted: AdmittedRequest, input: SubmitInput): Promise<RunnableJob> {
    if (!admitted.caller.scopes.includes('bulk:read')) {
      throw graphQLError('FORBIDDEN', 'Bulk check jobs need the bulk:read scope (无批量查询权限).');
    }
    const codes = input.codes;
    const consortia = input.consortia ?? [];
    const memberCount = consortia.reduce((n, c) => n + c.members.length, 0);
    if (codes.length + consortia.length === 0) {
      throw graphQLError('BAD_USER_INPUT', 'A bulk check job needs at least one code or consortium (任务中没有代码).', { argument: 'input.codes' });
    }
    if (codes.length + memberCount > this.maxCodes) {
      throw graphQLError(
        'TOO_MANY_CODES',
        `At most ${this.maxCodes} codes per bulk check job, consortium members included; this one has ${codes.length + memberCount} (每个批量核查任务最多${this.maxCodes}个代码).`,
      );
    }
    const long = codes.findIndex((c) => c.length > 256);
    if (long >= 0) {
      throw graphQLError('BAD_USER_INPUT', `Code ${long + 1} is longer than 256 characters (第${long + 1}个代码过长).`, { argument: 'input.codes' });
    }
    consortia.forEach((c, i) => {
      if (c.label.trim().length === 0 || c.label.length > 64) {
        throw graphQLError('BAD_USER_INPUT', `Consortium ${i + 1}: the label must be 1 to 64 characters (第${i + 1}个联合体名称应为1至64个字符).`, {
          argument: 'input.consortia',
        });
      }
      if (c.members.length < 2 || c.members.length > 20 || c.members.some((m) => m.length > 256)) {
        throw graphQLError('BAD_USER_INPUT', `Consortium ${i + 1} (${c.label}) needs 2 to 20 member codes (第${i + 1}个联合体应有2至20个成员).`, {
          argument: 'input.consortia',
        });
      }
    });
    if (input.asOf !== null && input.asOf !== undefined && !isDay(input.asOf)) {
      throw graphQLError('BAD_USER_INPUT', 'asOf must be a day, YYYY-MM-DD (核查基准日格式应为YYYY-MM-DD).', { argument: 'input.asOf' });
    }
    const tenderReference = (input.tenderReference ?? admitted.reference ?? '').trim() || null;
    if (tenderReference && tenderReference.length > 64) {
      throw graphQLError('BAD_USER_INPUT', 'The tender reference is at most 64 characters (招标项目编号最多64个字符).', {
        argument: 'input.tenderReference',
      });
    }
    if (!admitted.purpose) throw graphQLError('PURPOSE_REQUIRED', 'A bulk check job needs a purpose (X-Query-Purpose).');
    const now = Date.now();
    const submission: JobSubmission = {
      id: randomUUID(),
      submittedAt: new Date(now).toISOString(),
      deadlineAt: now + this.deadlineMs,
      caller: { id: admitted.caller.id, name: admitted.caller.name, kind: admitted.caller.kind },
      operator: admitted.operator,
      purpose: admitted.purpose,
      tenderReference,
      scenario: input.scenario,
      asOf: input.asOf ?? null,
      codes,
      consortia: consortia.map((c) => ({ label: c.label.trim(), members: c.members })),
    };
    const sentAt = performance.now();
    const job = await this.store.create(submission, DEPARTMENT_NAMES).catch(() => {
      throw storeUnavailable('so the job was not accepted (任务未受理)');
    });
    try {
      await this.auditSubmission(admitted, submission);
    } catch (err) {
      await this.store.discard(job).catch(() => undefined);
      const code = err instanceof AuditError ? err.code : 'AUDIT_UNAVAILABLE';
      throw graphQLError(code, 'The query log (查询留痕) cannot be written, so the job was not accepted. Try again later.');
    }
    try {
      // Only an accepted job is run or read: one whose submission was never audited is not a job.
      await this.store.accept(job);
    } catch {
      await this.store.discard(job).catch(() => undefined);
      throw storeUnavailable('so the job was not accepted (任务未受理)');
    }
    this.enqueue(job, sentAt);
    this.tick();
    return job;
  }

  /**
   * `Query.bulkCheck`: the job, to its submitter or an auditor; anyone else is told there is none.
   * With a shared store it is read from the database, whichever replica runs it.
   */
  async read(admitted: AdmittedRequest, id: string): Promise<JobView> {
    let job: JobView | null;
    try {
      job = (this.store.shared ? undefined : this.running.get(id)?.job) ?? (await this.store.view(id));
    } catch {
      throw storeUnavailable('so the job cannot be read now (暂时无法读取任务)');
    }
    const mine = job && (job.submission.caller.id === admitted.caller.id || admitted.caller.scopes.includes('audit:read'));
    if (!job || !mine) {
      throw graphQLError('JOB_NOT_FOUND', 'There is no bulk check job with this id for this caller (没有该批量核查任务，或任务不属于本调用方).');
    }
    return job;
  }

  /**
   * The submission in the audit log with every code: one record per 1,000 codes (the record's cap),
   * each naming the job, so that `/audit?uscc=` finds every code of the job from the moment it is
   * accepted. (Each chunk run writes its own record too, with the verdicts given.)
   */
  private async auditSubmission(admitted: AdmittedRequest, s: JobSubmission): Promise<void> {
    const all = [...s.codes, ...s.consortia.flatMap((c) => c.members)].map((c) => normalizeUscc(c).slice(0, 64));
    const parts = Math.max(1, Math.ceil(all.length / AUDIT_CODES_CAP));
    const records: Promise<unknown>[] = [];
    for (let k = 0; k < parts; k++) {
      const list = all.slice(k * AUDIT_CODES_CAP, (k + 1) * AUDIT_CODES_CAP);
      records.push(
        this.options.audit.append(
          this.record(s, {
            requestId: `${admitted.requestId.slice(0, 80)}.job-${s.id}.s${k + 1}`.slice(0, 128),
            operationName: `submitBulkCheck part ${k + 1}/${parts} job ${s.id}`,
            outcome: 'ANSWERED',
            codes: capCodes(list),
            resultHash: hashResult(JSON.stringify({ job: s.id, part: k + 1, parts })),
            durationMs: 0,
          }),
        ),
      );
    }
    await Promise.all(records);
  }

  private record(
    s: JobSubmission,
    e: Partial<AuditEntry> & Pick<AuditEntry, 'requestId' | 'operationName' | 'outcome' | 'codes' | 'resultHash' | 'durationMs'>,
  ): AuditEntry {
    return {
      caller: s.caller,
      operator: s.operator,
      purpose: s.purpose,
      reference: s.tenderReference,
      refusalCode: null,
      scenarios: [s.scenario],
      verdicts: [],
      departments: { answered: [], missing: [] },
      protectedFields: [],
      ...e,
    };
  }

  /** Run a job this runner now holds (`sentAt`: when the claim that gave it was sent). */
  private enqueue(job: RunnableJob, sentAt: number): void {
    if (this.running.has(job.id)) return;
    const heldUntil = sentAt + (this.leaseMs ?? Infinity);
    this.running.set(job.id, { job, heldUntil, queue: job.pending(), inFlight: 0, passes: 1, nextPassAt: 0, finishing: false });
    if (!this.turn.includes(job.submission.caller.id)) this.turn.push(job.submission.caller.id);
  }

  /** Start what may start: chunks while there is room, callers in turn; passes and deadlines. */
  private tick(): void {
    if (this.stopped || !this.server) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const now = Date.now();
    let wakeAt = Infinity;
    for (const r of this.running.values()) {
      if (r.finishing || r.queue.length || r.inFlight) continue;
      if (r.job.done === r.job.total || now >= r.job.submission.deadlineAt) this.track(this.finish(r));
      else if (r.nextPassAt === 0) {
        // A pass is over with rows still incomplete: try them again after a pause (doubling, at most 15 s).
        r.nextPassAt = Math.min(r.job.submission.deadlineAt, now + Math.min(15_000, this.retryBaseMs * 2 ** (r.passes - 1)));
      } else if (now >= r.nextPassAt) {
        r.passes++;
        r.nextPassAt = 0;
        r.queue = r.job.pending();
      }
      if (r.nextPassAt > 0) wakeAt = Math.min(wakeAt, r.nextPassAt);
    }
    let started = true;
    while (this.inFlight < this.concurrentChunks && started) {
      started = false;
      for (const caller of [...this.turn]) {
        const held = performance.now();
        const r = [...this.running.values()].find(
          (x) => x.job.submission.caller.id === caller && !x.finishing && x.queue.length > 0 && x.inFlight < this.chunksPerJob && x.heldUntil > held,
        );
        if (!r) continue;
        this.turn = [...this.turn.filter((c) => c !== caller), caller];
        this.launch(r);
        started = true;
        break;
      }
    }
    if (wakeAt < Infinity) this.timer = setTimeout(() => this.tick(), Math.max(10, wakeAt - now));
  }

  private track(p: Promise<void>): void {
    const q = p.catch(() => undefined).finally(() => this.settled.delete(q));
    this.settled.add(q);
  }

  private launch(r: Running): void {
    const s = r.job.submission;
    const firstConsortium = s.codes.length;
    const head = r.queue[0]!;
    const size = head < firstConsortium ? this.chunkSize : CONSORTIA_PER_CHUNK;
    const take: number[] = [];
    while (r.queue.length && take.length < size && r.queue[0]! < firstConsortium === head < firstConsortium) take.push(r.queue.shift()!);
    r.inFlight++;
    this.inFlight++;
    this.counts.chunks++;
    this.counts.rowsChecked += take.length;
    if (r.job.state.status === 'QUEUED') r.job.state = { ...r.job.state, status: 'RUNNING' };
    this.track(
      this.runChunk(r, take).finally(() => {
        r.inFlight--;
        this.inFlight--;
        this.tick();
      }),
    );
  }

  /** Run one chunk through the federation, audit it, and keep its final rows. */
  private async runChunk(r: Running, indices: number[]): Promise<void> {
    const job = r.job;
    const s = job.submission;
    const started = Date.now();
    const chunkNo = ++job.state.chunksRun;
    const deadlineAt = Math.min(s.deadlineAt, started + this.chunkTimeoutMs);
    const limits = (): RequestLimits => ({
      deadlineAt,
      signal: this.abort.signal,
      requestId: `job-${s.id}-c${chunkNo}`,
      catalogueVersions,
      work: { class: 'job', caller: s.caller.id },
      subgraphTimeoutMs: this.chunkTimeoutMs,
    });
    const catalogueVersions = new Set<string>();
    const attempt = r.passes;
    let rows: JobRow[];
    let hashed: string;
    if (indices[0]! < s.codes.length) {
      const usccs = indices.map((i) => s.codes[i]!);
      const out = await this.execute(CHUNK_QUERY, { usccs, scenario: s.scenario, asOf: s.asOf }, limits());
      hashed = JSON.stringify(out);
      const items = (out.data?.enterprises ?? null) as unknown[] | null;
      rows = indices.map((index, k) => enterpriseRow(index, usccs[k]!, items?.[k], attempt));
    } else {
      const outs = await Promise.all(
        indices.map((index) => {
          const c = s.consortia[index - s.codes.length]!;
          return this.execute(CONSORTIUM_QUERY, { usccs: c.members, scenario: s.scenario, asOf: s.asOf }, limits());
        }),
      );
      hashed = JSON.stringify(outs);
      rows = indices.map((index, k) => consortiumRow(index, s.consortia[index - s.codes.length]!, outs[k]!, attempt));
    }
    if (this.abort.signal.aborted) return; // stopping: nothing of this chunk is kept; it runs again after the restart
    const final = rows.filter((row) => row.invalidReason !== null || (row.verdict !== null && row.verdict !== 'INCOMPLETE'));
    const retry = rows.filter((row) => !final.includes(row));
    const missing = new Set(retry.flatMap((row) => row.missingSources));
    const codes = rows.flatMap((row) => (row.kind === 'CONSORTIUM' ? (row.members ?? []) : [row.uscc ?? normalizeUscc(row.input)]));
    // No record, no result: the chunk's record is written before any of its rows is kept.
    await this.options.audit.append(
      this.record(s, {
        requestId: limits().requestId!,
        operationName: `bulkCheck chunk ${chunkNo} job ${s.id}`,
        outcome: retry.length ? 'PARTIAL' : 'ANSWERED',
        codes: capCodes(codes.map((c) => c.slice(0, 64))),
        verdicts: rows
          .flatMap((row) =>
            row.verdict === null
              ? []
              : (row.kind === 'CONSORTIUM' ? (row.members ?? []) : [row.uscc ?? row.input]).map((code) => ({
                  code: code.slice(0, 64),
                  scenario: s.scenario,
                  verdict: row.verdict!,
                  checkId: row.checkId?.slice(0, 128) ?? null,
                })),
          )
          .slice(0, AUDIT_CODES_CAP),
        departments: { answered: DEPARTMENT_NAMES.filter((d) => !missing.has(d)), missing: [...missing].slice(0, 32) },
        catalogueVersion: catalogueVersions.size ? [...catalogueVersions].sort().join(',').slice(0, 64) : null,
        resultHash: hashResult(hashed),
        durationMs: Date.now() - started,
      }),
    );
    try {
      await job.recordChunk(final, retry, (waitingOn) => this.stateOf(job, 0, waitingOn));
    } catch (err) {
      // Another replica holds the job now (this one was cut off past its lease): it runs the rest.
      if (err instanceof JobLeaseLostError) return this.drop(r);
      throw err;
    }
  }

  private async execute(query: string, variables: Record<string, unknown>, contextValue: RequestLimits): Promise<Outcome> {
    try {
      const res = await this.server!.executeOperation({ query, variables }, { contextValue });
      if (res.body.kind !== 'single') return { errors: [{ message: 'unexpected incremental answer' }] };
      return res.body.singleResult as Outcome;
    } catch (err) {
      return { errors: [{ message: (err as Error).message }] };
    }
  }

  /** The deadline passed or every row is final: the rows still pending are final as their last attempt (INCOMPLETE). */
  private async finish(r: Running): Promise<void> {
    r.finishing = true;
    const job = r.job;
    try {
      const pending = job.pending();
      // Counted before the rows are written (writing them clears what they were waiting on).
      const state = this.stateOf(job, pending.length, job.waitingOn);
      const note = 'The job’s deadline passed before every department could be read for this row (任务截止时仍有部门未能读取).';
      const batches = async function* () {
        for (let k = 0; k < pending.length; k += 500) {
          const slice = pending.slice(k, k + 500);
          const last = await job.lastAttempts(slice);
          yield slice.map((i, n) => {
            const attempt = last[n];
            return attempt ? { ...attempt, note } : notChecked(job, i, note);
          });
        }
      };
      await job.finalize(batches(), { ...state, status: 'DONE', finishedAt: new Date().toISOString() });
    } catch (err) {
      if (err instanceof JobLeaseLostError) return this.drop(r);
      // Not written (the disk or the database failed): tried again shortly, while the job is still held.
      r.finishing = false;
      if (!this.stopped) setTimeout(() => this.tick(), this.retryBaseMs).unref();
      throw err;
    }
    await job.close();
    if (this.running.get(job.id) === r) this.running.delete(job.id);
  }

  /**
   * Counts per department from the rows still waiting (`waitingOn`: as they will be once the chunk
   * being recorded is kept); `finalising` rows are about to be final as INCOMPLETE.
   */
  private stateOf(job: RunnableJob, finalising: number, waitingOn: ReadonlyMap<number, readonly string[]>): JobState {
    const departments: JobState['departments'] = {};
    for (const d of DEPARTMENT_NAMES) departments[d] = { waiting: 0, failed: job.state.departments[d]?.failed ?? 0 };
    let incomplete = job.state.incomplete;
    for (const missing of waitingOn.values()) {
      for (const d of missing) {
        const e = (departments[d] ??= { waiting: 0, failed: 0 });
        if (finalising) e.failed++;
        else e.waiting++;
      }
    }
    if (finalising) {
      incomplete += finalising;
      for (const e of Object.values(departments)) e.waiting = 0;
    }
    return {
      ...job.state,
      status: job.state.status === 'QUEUED' ? 'RUNNING' : job.state.status,
      updatedAt: new Date().toISOString(),
      incomplete,
      departments,
    };
  }
}

export interface SubmitInput {
  codes: string[];
  scenario: string;
  asOf?: string | null;
  tenderReference?: string | null;
  consortia?: { label: string; members: string[] }[] | null;
}

function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function flagsOf(check: Check | null | undefined): JobRow['flags'] {
  return (check?.flags ?? []).map((f) => ({
    measureCode: f.measure?.code ?? '',
    measureName: f.measure?.name ?? '',
    measureNameZh: f.measure?.nameZh ?? '',
    department: f.finding?.department ?? null,
    kind: f.finding?.kind ?? null,
    reference: f.finding?.reference ?? null,
    authority: f.finding?.authority ?? null,
    underObjection: f.underObjection ?? false,
  }));
}

const blank = (index: number, kind: JobRow['kind'], input: string, attempts: number): JobRow => ({
  index,
  kind,
  input,
  uscc: null,
  invalidReason: null,
  invalidMessage: null,
  registeredName: null,
  registrationStatus: null,
  verdict: 'INCOMPLETE',
  checkId: null,
  checkedAt: null,
  missingSources: [],
  warnings: [],
  flags: [],
  members: null,
  decidingMembers: null,
  attempts,
  note: null,
});

/** One enterprise row from its `enterprises` item; an unreadable item is an attempt to retry. */
function enterpriseRow(index: number, input: string, item: unknown, attempts: number): JobRow {
  const row = blank(index, 'ENTERPRISE', input, attempts);
  const it = item as
    | {
        __typename?: string;
        reason?: string;
        message?: string;
        uscc?: string;
        marketRegulation?: { registration?: { name?: string | null; status?: string | null } | null } | null;
        creditCheck?: Check | null;
      }
    | null
    | undefined;
  if (it?.__typename === 'InvalidCode') {
    return { ...row, verdict: null, invalidReason: it.reason ?? 'INVALID', invalidMessage: it.message ?? null };
  }
  if (!it || !it.creditCheck || !it.creditCheck.verdict) {
    // The rules could not be reached for this code (a subgraph failed): which departments is not known.
    return { ...row, uscc: it?.uscc ?? null, missingSources: [...DEPARTMENT_NAMES], note: 'The check could not be made (核查未能完成).' };
  }
  const c = it.creditCheck;
  return {
    ...row,
    uscc: it.uscc ?? null,
    registeredName: it.marketRegulation?.registration?.name ?? null,
    registrationStatus: it.marketRegulation?.registration?.status ?? null,
    verdict: c.verdict ?? null,
    checkId: c.checkId ?? null,
    checkedAt: c.checkedAt ?? null,
    missingSources: c.missingSources ?? [],
    warnings: c.warnings ?? [],
    flags: flagsOf(c),
  };
}

function consortiumRow(index: number, c: { label: string; members: string[] }, out: Outcome, attempts: number): JobRow {
  const row: JobRow = { ...blank(index, 'CONSORTIUM', c.label, attempts), members: c.members.map((m) => normalizeUscc(m)) };
  const refused = out.errors?.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
  if (refused) return { ...row, verdict: null, invalidReason: 'CONSORTIUM_INVALID', invalidMessage: refused.message };
  const check = (
    out.data?.consortium as { creditCheck?: (Check & { decidingMembers?: string[]; members?: { uscc: string; check?: Check }[] }) | null } | null
  )?.creditCheck;
  if (!check?.verdict) return { ...row, missingSources: [...DEPARTMENT_NAMES], note: 'The check could not be made (核查未能完成).' };
  const memberChecks = check.members ?? [];
  return {
    ...row,
    verdict: check.verdict,
    checkId: check.checkId ?? null,
    checkedAt: check.checkedAt ?? null,
    decidingMembers: check.decidingMembers ?? [],
    missingSources: [...new Set(memberChecks.flatMap((m) => m.check?.missingSources ?? []))],
    warnings: [...new Set(memberChecks.flatMap((m) => m.check?.warnings ?? []))],
    flags: memberChecks.flatMap((m) => flagsOf(m.check)),
  };
}

/** The store could not be reached: the caller is told so (and may retry), never that there is no such job. */
function storeUnavailable(what: string) {
  // The database's own message (host, statement) stays inside: it is no business of the caller's.
  return graphQLError(
    'JOB_STORE_UNAVAILABLE',
    `The bulk job store cannot be reached, ${what}. Try again later (批量任务存储暂时无法访问，请稍后重试).`,
  );
}

function notChecked(job: RunnableJob, index: number, note: string): JobRow {
  const s = job.submission;
  const isCode = index < s.codes.length;
  const c = isCode ? null : s.consortia[index - s.codes.length]!;
  return {
    ...blank(index, isCode ? 'ENTERPRISE' : 'CONSORTIUM', isCode ? s.codes[index]! : c!.label, 0),
    missingSources: [...DEPARTMENT_NAMES],
    members: c ? c.members.map((m) => normalizeUscc(m)) : null,
    note,
  };
}
