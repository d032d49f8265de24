import type { Redis } from 'ioredis';
import { RedisGuard, SharedRateBudget, type BudgetAnswer } from '../../common/engines/index.js';
import { FairQueue, LegacyRateLimitedError, LegacyTimeoutError, reservedForInteractive, UNMARKED_WORK, type Work } from '../shared/index.js';

/** The budget this gate shares with the other replicas of its service, in Redis. */
export interface SharedCallBudgetOptions {
  /** The service's Redis connection (see `createSharedRedis`). */
  redis: Redis;
  /** The budget's key prefix, the same in every replica (e.g. `credit:{courts}:budget`). */
  key: string;
  /** How many replicas share the budget: while Redis fails, this gate paces at `ratePerSecond ÷ replicas`. */
  replicas: number;
  /**
   * After a Redis failure, how long the gate keeps to its share before it tries Redis again. Default
   * 250 ms: a replica still on its share when the others are back on the shared budget adds its
   * share on top until it tries, so it tries often (a failed try costs one command).
   */
  retryAfterMs?: number;
  /**
   * How far ahead an interactive call may reserve a shared token; a call whose token lies further
   * ahead waits here and asks again. It bounds what every replica has reserved when Redis fails, so
   * that each replica's own share can start after it (see `CallGate`). Default 1,000 ms.
   */
  reserveAheadMs?: number;
  /** Told once when the gate falls back to its share (`shared` false) and once when it is on the shared budget again. */
  onChange?: (shared: boolean, detail: string) => void;
  /** Told of each call paced by this replica's share because Redis did not answer. */
  onFallback?: () => void;
}

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
  /**
   * Latest an interactive call may start after its token's time before the token is let go and a new
   * one asked for (a process stall must not turn into a burst). Default 100 ms: at 270 calls/s (the
   * shared pace) at most 27 calls that were due over 100 ms start together, within the 10 % margin;
   * shorter, a busy CPU's ordinary timer lateness would throw tokens away and slow every list down.
   */
  maxSlipMs?: number;
  /**
   * Share `ratePerSecond` and `burst` with the other replicas through Redis: together they never
   * exceed it. Default: none, the budget is this process's alone.
   */
  shared?: SharedCallBudgetOptions;
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
 *
 * Replicas (issue 11): with `shared`, the tokens come from one budget in Redis for every replica of
 * the service (`SharedRateBudget`, GCRA on Redis's clock), so two courts replicas together keep to
 * the courts' rate instead of each to its own. The layering: this gate stays the priority and
 * fairness layer — its queues, slots, the quarter kept for interactive work and the pause after a
 * 429 are per process, as before — and only the token comes from below, asked for in the order this
 * gate decides: an interactive call, holding its slot, *reserves* the next shared token even if it
 * lies in the future (as long as it comes before the call's deadline); a job call takes a token only
 * if one is free *now* and the shared bucket keeps a quarter of its burst afterwards — the global
 * analogue of the reserved quarter of slots, so a counter on another replica still finds a token
 * at once while jobs on every replica run. A limiter without priorities (e.g. rate-limiter-flexible)
 * could not tell these two ways of asking apart, hence the script of our own. A 429 pauses every
 * replica (the pause is a key in Redis as well as in this process).
 *
 * When Redis fails or times out, the gate at once paces with its own bucket cut to its share —
 * `ratePerSecond ÷ replicas`, burst likewise — so the replicas together still keep to the rate (never
 * an unbounded rate). The handover keeps to it too: shared tokens are reserved at most
 * `reserveAheadMs` ahead, so whatever any replica had reserved has started `reserveAheadMs` after the
 * failure, and a replica's own bucket starts then, empty — calls due before are refused as rate
 * limited rather than sent on top (the legacy system counts whole seconds: the calls just made under
 * the shared budget are in its count). Four times a second one call tries Redis again; its answer
 * brings the gate back to the shared budget, which in the same step is left empty (no fresh burst on
 * top of the shares just used) and full until this gate's own booked calls have started. Limits:
 * replicas that lose or regain Redis at different moments (a partition of one; the up to 250 ms
 * before a replica's next try) run their share beside the others' shared budget meanwhile — the
 * courts client's 5 % margin is what covers it; and `REPLICAS` must be the real count, or the
 * shares add up to more.
 */
export class CallGate {
  readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** This process's bucket: the whole budget, or with `shared` its share while Redis fails. */
  private readonly interval: number;
  private readonly tolerance: number;
  /** The whole budget's interval (ms between two calls of all replicas together). */
  private readonly globalInterval: number;
  private readonly shared: { budget: SharedRateBudget; guard: RedisGuard; reserveAheadMs: number } | null;
  /** With `shared`: start times of the calls this process's own bucket granted while Redis was out (for `handOver`). */
  private ownStarts: number[] = [];
  /** A job pump asking the shared budget is under way. */
  private pumping = false;
  private readonly concurrency: number;
  private readonly system: string;
  private readonly maxSlipMs: number;
  private slipped = 0;
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
  /** When `pumpTimer` fires (shared budget only). */
  private pumpAt = Infinity;

  constructor(o: CallGateOptions) {
    if (!(o.concurrency >= 1) || !(o.ratePerSecond > 0)) throw new RangeError('concurrency ≥ 1 and ratePerSecond > 0 are required');
    this.now = o.now ?? (() => performance.now());
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const burst = Math.max(1, Math.floor(o.burst ?? o.ratePerSecond / 10));
    const share = o.shared ? Math.max(1, Math.floor(o.shared.replicas)) : 1;
    this.interval = (1000 * share) / o.ratePerSecond;
    this.globalInterval = 1000 / o.ratePerSecond;
    this.tolerance = (Math.max(1, Math.floor(burst / share)) - 1) * this.interval;
    this.shared = o.shared
      ? {
          budget: new SharedRateBudget(o.shared.redis, {
            key: o.shared.key,
            ratePerSecond: o.ratePerSecond,
            burst,
            reserved: reservedForInteractive(burst),
          }),
          guard: new RedisGuard(o.shared.redis, {
            name: `${o.system} call budget`,
            retryAfterMs: o.shared.retryAfterMs ?? 250,
            now: this.now,
            onChange: (up, detail) => {
              this.handOver(up);
              o.shared?.onChange?.(up, detail);
            },
            onFallback: o.shared.onFallback,
          }),
          reserveAheadMs: Math.max(1, o.shared.reserveAheadMs ?? 1000),
        }
      : null;
    this.concurrency = o.concurrency;
    this.maxSlipMs = o.maxSlipMs ?? 100;
    this.jobSlots = Math.max(1, o.concurrency - reservedForInteractive(o.concurrency));
    this.system = o.system;
  }

  /** Tokens let go because the call woke too late for them (see `acquire`). */
  get slippedTokens(): number {
    return this.slipped;
  }

  /** Calls in flight now (holding a slot). */
  get inFlight(): number {
    return this.active;
  }

  /** Whether the tokens come from the budget shared in Redis now (false: none configured, or Redis failed). */
  get sharedBudget(): boolean {
    return this.shared?.guard.up ?? false;
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
      for (;;) {
        const startAt = this.shared ? await this.reserveShared(deadlineAt) : this.reserve(deadlineAt);
        const wait = startAt - this.now();
        if (wait > 0) await this.sleep(wait);
        // A token is for its moment. Woken later than `maxSlipMs` (the process stalled: GC, a busy
        // CPU), this call would start together with every call due during the stall, and the courts
        // system, counting per second, would see them bunched; its token is let go (the rate only
        // drops) and the call asks for a new one.
        if (this.now() - startAt <= this.maxSlipMs) return release;
        this.slipped++;
      }
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
    if (this.shared) {
      void this.pumpShared();
      return;
    }
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

  /**
   * `pump` for a shared budget: one job token asked of Redis at a time, its slot held meanwhile so
   * the slot count stays true; a token comes only for the next waiting job call, in the callers'
   * turns. Redis failing → the same question to this process's share of the budget.
   */
  private async pumpShared(): Promise<void> {
    if (this.pumping) return;
    const { budget, guard } = this.shared!;
    this.pumping = true;
    try {
      // Conditions are read again after every answer: what changed meanwhile is never missed.
      while (this.jobs.size() > 0 && this.waiters.size() === 0 && this.active < this.jobSlots) {
        const pause = this.pausedUntil - this.now();
        if (pause > 0) return this.pumpIn(pause);
        this.active++;
        this.activeJobs++;
        const handover = this.handoverMs();
        const token = await guard.run(
          () => budget.takeNow(handover),
          () => this.takeLocalNow(),
        );
        const next = token.granted ? this.jobs.shift() : undefined;
        if (token.granted) this.tat = Math.max(this.tat, this.now() + this.interval);
        if (next) {
          next.grant();
          continue;
        }
        // Refused, or the job call gave up meanwhile (its token is then simply not used).
        this.freeSlot(true);
        if (!token.granted) return this.pumpIn(token.waitMs);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** A token of this process's bucket, only if one is free now (job work). */
  private takeLocalNow(): BudgetAnswer {
    const now = this.now();
    const startAt = Math.max(now, this.tat - this.tolerance, this.pausedUntil);
    if (startAt > now) return { granted: false, waitMs: startAt - now };
    this.tat = Math.max(this.tat, now) + this.interval;
    return { granted: true, waitMs: 0 };
  }

  /** Run the pump again in `ms`, unless it is due to run sooner already. */
  private pumpIn(ms: number): void {
    const at = this.now() + Math.max(1, ms);
    if (this.pumpTimer && this.pumpAt <= at) return;
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpAt = at;
    this.pumpTimer = setTimeout(
      () => {
        this.pumpTimer = null;
        this.pump();
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  /** Hold every caller back until `until` (after a 429 with `Retry-After`) — with a shared budget, every replica's callers. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    const ms = until - this.now();
    // Best effort: this process pauses in any case; a Redis that fails now only leaves the others unpaused.
    if (this.shared?.guard.up && ms > 0) this.shared.budget.pauseFor(ms).catch(() => undefined);
  }

  /**
   * Reserve the next token of the shared budget (interactive work); returns when the call may start.
   * A token further ahead than `reserveAheadMs` is waited for here, and asked for again. Redis
   * failing → this process's share (`reserve`).
   */
  private async reserveShared(deadlineAt: number): Promise<number> {
    const { budget, guard, reserveAheadMs } = this.shared!;
    for (;;) {
      const left = deadlineAt - this.now();
      const handover = this.handoverMs();
      const answer = await guard.run(
        () => budget.reserve(Math.min(left, reserveAheadMs), handover),
        () => null,
      );
      if (answer === null) {
        const startAt = this.reserve(deadlineAt);
        const now = this.now();
        this.ownStarts = this.ownStarts.filter((t) => t > now);
        this.ownStarts.push(startAt);
        return startAt;
      }
      const now = this.now();
      if (!answer.granted) {
        if (answer.waitMs < deadlineAt - now && answer.waitMs >= reserveAheadMs) {
          // Within the deadline but beyond the reservation horizon: ask again when it is about half as far.
          await this.sleep(Math.max(1, answer.waitMs - reserveAheadMs / 2));
          continue;
        }
        throw new LegacyRateLimitedError(
          `${this.system} rate limit (shared by every replica) leaves no room for this call before the deadline`,
          answer.waitMs,
        );
      }
      // The token's time counts from the answer's arrival, a little later than Redis decided: never earlier.
      const startAt = Math.max(now + answer.waitMs, this.pausedUntil);
      // Should Redis fail next, this process's own first token comes after the last shared one it holds.
      this.tat = Math.max(this.tat, startAt + this.interval);
      if (startAt >= deadlineAt) {
        throw new LegacyRateLimitedError(`${this.system} is paused past this call's deadline`, startAt - now);
      }
      return startAt;
    }
  }

  /**
   * Redis lost (`shared` false): this process's bucket starts empty once every replica's shared
   * reservations (at most `reserveAheadMs` ahead) have started.
   */
  private handOver(shared: boolean): void {
    if (shared) {
      this.ownStarts = [];
      return;
    }
    this.tat = Math.max(this.tat, this.now() + this.shared!.reserveAheadMs + this.tolerance);
  }

  /**
   * While Redis is out, the next question to it is the one that may bring it back: it carries the
   * handover in the same step — the shared bucket is left empty (the replicas have just used their
   * shares) and full until after the last call this process still has booked on its own bucket (ms
   * from now), so that the shared calls never come on top of its own.
   */
  private handoverMs(): number | undefined {
    if (this.shared!.guard.up) return undefined;
    const now = this.now();
    const last = Math.max(now, ...this.ownStarts);
    return last > now ? last - now + this.globalInterval : 0;
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
      this.freeSlot(job);
    };
  }

  private freeSlot(job: boolean): void {
    if (job) this.activeJobs--;
    const next = this.waiters.shift();
    // The slot passes straight to the next interactive waiter, so `active` is unchanged.
    if (next) next.grant();
    else {
      this.active--;
      this.pump();
    }
  }
}

interface JobWaiter {
  grant: () => void;
}
