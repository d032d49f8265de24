import { FairQueue, LegacyRateLimitedError, LegacyTimeoutError, reservedForInteractive, UNMARKED_WORK, type Work } from '../shared/index.js';

export interface CallGateOptions {
  /** Most calls in flight at once. */
  concurrency: number;
  /** Calls per second the bucket refills. */
  ratePerSecond: number;
  /** Bucket capacity (calls that may start back to back). Default: a tenth of a second's worth, at least 1. */
  burst?: number;
  /** Monotonic milliseconds. Default `performance.now`. */
  now?: () => number;
  /** Wait `ms`. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** The system's name in error messages. */
  system: string;
}

/** Give back a held call slot. Idempotent. */
export type ReleaseSlot = () => void;

/**
 * The client-side discipline towards one legacy system: at most `concurrency` calls in flight and
 * a token bucket of `ratePerSecond` (written as GCRA, "virtual scheduling", which is the same bucket
 * without a refill loop), plus a shared pause after the system answers 429 so that every caller backs
 * off, not only the one that was refused. One gate per legacy system, shared by all requests:
 * the system's limits are global, not per GraphQL request.
 *
 * A small bucket keeps bursts short: a server that counts calls in fixed one-second windows can then
 * see at most `rate + burst` in one window, and the rare 429 that remains is retried by the client.
 *
 * Interactive work comes first (issue 13): its calls wait for a slot in turn by caller and reserve
 * their token as before. Job work (a bulk check job's chunks) uses what is left: a job call is
 * started only when no interactive call waits for a slot, a slot outside the quarter kept for
 * interactive work is free, and a token is free *now* — it never reserves a token ahead, so a
 * counter's check arriving later is never queued behind a job's queued calls; within job work the
 * callers take turns.
 */
export class CallGate {
  readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly interval: number;
  private readonly tolerance: number;
  private readonly concurrency: number;
  private readonly system: string;
  /** Theoretical arrival time of the next call (GCRA). */
  private tat = -Infinity;
  private pausedUntil = -Infinity;
  private active = 0;
  private activeJobs = 0;
  private readonly jobSlots: number;
  /** Interactive calls waiting for a slot. */
  private readonly waiters = new FairQueue<{ grant: () => void }>();
  /** Job calls waiting for a slot and a token. */
  private readonly jobs = new FairQueue<JobWaiter>();
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(o: CallGateOptions) {
    if (!(o.concurrency >= 1) || !(o.ratePerSecond > 0)) throw new RangeError('concurrency ≥ 1 and ratePerSecond > 0 are required');
    this.now = o.now ?? (() => performance.now());
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.interval = 1000 / o.ratePerSecond;
    const burst = Math.max(1, Math.floor(o.burst ?? o.ratePerSecond / 10));
    this.tolerance = (burst - 1) * this.interval;
    this.concurrency = o.concurrency;
    this.jobSlots = Math.max(1, o.concurrency - reservedForInteractive(o.concurrency));
    this.system = o.system;
  }

  /** Calls in flight now (holding a slot). */
  get inFlight(): number {
    return this.active;
  }

  /**
   * Wait for a call slot and a token, both before `deadlineAt` (on `now()`'s scale). No slot in time →
   * `LegacyTimeoutError` (the system is busy with slower calls); no token in time →
   * `LegacyRateLimitedError` at once, without waiting for a deadline that cannot be met.
   */
  async acquire(deadlineAt: number, work: Work = UNMARKED_WORK): Promise<ReleaseSlot> {
    if (work.class === 'job') return this.acquireForJob(deadlineAt, work);
    const release = await this.takeSlot(deadlineAt, work);
    try {
      const startAt = this.reserve(deadlineAt);
      const wait = startAt - this.now();
      if (wait > 0) await this.sleep(wait);
      return release;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Job calls waiting now (for tests and metrics). */
  get jobsWaiting(): number {
    return this.jobs.size();
  }

  /** A job call: queued until a slot and a token are free with no interactive call waiting. */
  private acquireForJob(deadlineAt: number, work: Work): Promise<ReleaseSlot> {
    return new Promise((resolve, reject) => {
      const waiter: JobWaiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser(true));
        },
      };
      const timer = setTimeout(
        () => {
          if (!this.jobs.remove(work, waiter)) return;
          const busy = this.active >= this.jobSlots || this.waiters.size() > 0;
          reject(
            busy
              ? new LegacyTimeoutError(`${this.system}: no free call slot for job work before the deadline`)
              : new LegacyRateLimitedError(`${this.system} rate limit left no room for job work before the deadline`, 0),
          );
        },
        Math.max(0, deadlineAt - this.now()),
      );
      this.jobs.push(work, waiter);
      this.pump();
    });
  }

  /** Start the job calls that may start now; come back when the next token is due. */
  private pump(): void {
    while (this.jobs.size() > 0 && this.waiters.size() === 0 && this.active < this.jobSlots) {
      const now = this.now();
      const startAt = Math.max(now, this.tat - this.tolerance, this.pausedUntil);
      if (startAt > now) {
        if (!this.pumpTimer) {
          this.pumpTimer = setTimeout(
            () => {
              this.pumpTimer = null;
              this.pump();
            },
            Math.ceil(startAt - now),
          );
        }
        return;
      }
      const next = this.jobs.shift()!;
      this.tat = Math.max(this.tat, now) + this.interval;
      this.active++;
      this.activeJobs++;
      next.grant();
    }
  }

  /** Hold every caller back until `until` (after a 429 with `Retry-After`). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Reserve the next token; returns when the call may start. */
  private reserve(deadlineAt: number): number {
    const now = this.now();
    const tat = Math.max(this.tat, now);
    const startAt = Math.max(now, tat - this.tolerance, this.pausedUntil);
    if (startAt >= deadlineAt) {
      throw new LegacyRateLimitedError(`${this.system} rate limit leaves no room for this call before the deadline`, startAt - now);
    }
    this.tat = Math.max(tat, startAt) + this.interval;
    return startAt;
  }

  private takeSlot(deadlineAt: number, work: Work): Promise<ReleaseSlot> {
    if (this.active < this.concurrency && this.waiters.size() === 0) {
      this.active++;
      return Promise.resolve(this.releaser(false));
    }
    return new Promise((resolve, reject) => {
      const remaining = deadlineAt - this.now();
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser(false));
        },
      };
      const timer = setTimeout(
        () => {
          if (this.waiters.remove(work, waiter)) reject(new LegacyTimeoutError(`${this.system}: no free call slot before the deadline`));
          this.pump();
        },
        Math.max(0, remaining),
      );
      this.waiters.push(work, waiter);
    });
  }

  private releaser(job: boolean): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (job) this.activeJobs--;
      const next = this.waiters.shift();
      // The slot passes straight to the next interactive waiter, so `active` is unchanged.
      if (next) next.grant();
      else {
        this.active--;
        this.pump();
      }
    };
  }
}

interface JobWaiter {
  grant: () => void;
}
