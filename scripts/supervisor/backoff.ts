/** How long a supervisor waits before restarting a process that died. */
export interface BackoffOptions {
  /** Wait before the first restart. Default 500 ms. */
  initialMs?: number;
  /** The wait doubles (`factor`) with each crash in a row, up to this. Default 30 s. */
  maxMs?: number;
  /** Default 2. */
  factor?: number;
  /** A process that stayed ready this long before it died starts again from `initialMs`. Default 60 s. */
  resetAfterMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 500, maxMs: 30_000, factor: 2, resetAfterMs: 60_000 };

/** The wait before the restart that follows `failures` crashes in a row (0 → `initialMs`). */
export function backoffDelay(failures: number, options: BackoffOptions = {}): number {
  const o = { ...DEFAULT_BACKOFF, ...options };
  return Math.min(o.maxMs, o.initialMs * o.factor ** Math.max(0, failures));
}
