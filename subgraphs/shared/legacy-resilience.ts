import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { LegacyError, LegacyRateLimitedError, LegacyTimeoutError, LegacyUnavailableError } from './legacy-errors.js';

export interface ResilienceOptions {
  /** One retry, with jitter, of an idempotent read on connection reset, 502/503/504 or 429 — only when it fits the deadline. Default true. */
  retry?: boolean;
  /** Whether a 429 is retried here. Default true; a client that paces itself (courts) handles 429 on its own. */
  retryRateLimited?: boolean;
  /** Consecutive failures (unreachable, 5xx, timeouts) that open the circuit. Default 5. */
  breakerThreshold?: number;
  /** How long the circuit stays open before one probe call may try to close it. Default 5000 ms. */
  breakerHalfOpenAfterMs?: number;
  /** Calls in flight at once (a bulkhead; a hanging system holds no more than this). Default 32. */
  maxConcurrent?: number;
  /** Calls allowed to wait for a place; beyond that, fail fast. Default 4 × maxConcurrent. */
  maxQueued?: number;
}

/** Breaker state per legacy system, for metrics and `/readyz`. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * One legacy system's resilience policies: a circuit breaker (cockatiel) that fails fast while the
 * system is known to be down and probes to close, and a bulkhead that bounds the calls in flight.
 */
export class LegacyResilience {
  readonly retry: boolean;
  readonly retryRateLimited: boolean;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;

  constructor(
    readonly system: string,
    o: ResilienceOptions = {},
  ) {
    this.retry = o.retry ?? true;
    this.retryRateLimited = o.retryRateLimited ?? true;
    // Only failures that say the system is unwell count; a 429 or a bad answer means it is up.
    this.breaker = circuitBreaker(
      handleWhen((e) => (e instanceof LegacyUnavailableError || e instanceof LegacyTimeoutError) && e.systemFault),
      { halfOpenAfter: o.breakerHalfOpenAfterMs ?? 5000, breaker: new ConsecutiveBreaker(o.breakerThreshold ?? 5) },
    );
    const limit = o.maxConcurrent ?? 32;
    this.bulkhead = bulkhead(limit, o.maxQueued ?? limit * 4);
  }

  get state(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.Open:
        return 'open';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Isolated:
        return 'isolated';
      default:
        return 'open';
    }
  }

  /** Run one attempt through the breaker and the bulkhead; their refusals become typed legacy errors. */
  async execute<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.execute(() => this.bulkhead.execute(fn));
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw new LegacyUnavailableError(`${this.system} is failing; calls are paused (circuit open)`, { cause: err });
      }
      if (err instanceof BulkheadRejectedError) {
        throw new LegacyUnavailableError(`${this.system} has too many calls in flight`, { cause: err });
      }
      throw err;
    }
  }

  /** Whether a failed attempt may be retried (the deadline is checked by the caller). */
  retryable(err: unknown): boolean {
    if (!this.retry || !(err instanceof LegacyError)) return false;
    if (err instanceof LegacyRateLimitedError) return this.retryRateLimited;
    return err instanceof LegacyUnavailableError && err.transient === true;
  }
}
