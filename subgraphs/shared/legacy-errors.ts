import { assertNever } from '../../common/assert-never.js';

/**
 * Typed failures of a legacy system, each with a fixed code. Raw legacy bodies, URLs and stack
 * traces are kept out of `message`: only `toSourceStatus` / the GraphQL layer talk to clients.
 */
export type LegacyErrorCode = 'LEGACY_TIMEOUT' | 'LEGACY_UNAVAILABLE' | 'LEGACY_BAD_RESPONSE' | 'LEGACY_RATE_LIMITED';

export abstract class LegacyError extends Error {
  abstract readonly code: LegacyErrorCode;
  /** A failure a second attempt may cure: a connection reset, or HTTP 502/503/504. */
  readonly transient: boolean;
  /**
   * Whether the failure says something about the legacy system's health. A call abandoned because
   * the client went away, or cut short by the request's deadline before the system's own timeout,
   * does not: it must not open the circuit breaker for everyone else.
   */
  readonly systemFault: boolean;
  constructor(message: string, options?: { cause?: unknown; transient?: boolean; systemFault?: boolean }) {
    super(message, options);
    this.name = new.target.name;
    this.transient = options?.transient ?? false;
    this.systemFault = options?.systemFault ?? true;
  }
}

/** No answer in time (connect, headers or body timeout, or the request's deadline). */
export class LegacyTimeoutError extends LegacyError {
  readonly code = 'LEGACY_TIMEOUT' as const;
}

/** Connection refused or reset, or an HTTP 5xx. */
export class LegacyUnavailableError extends LegacyError {
  readonly code = 'LEGACY_UNAVAILABLE' as const;
}

/** The answer did not parse or did not match the model of the legacy protocol. */
export class LegacyBadResponseError extends LegacyError {
  readonly code = 'LEGACY_BAD_RESPONSE' as const;
}

/** HTTP 429; `retryAfterMs` from the `Retry-After` header when given. */
export class LegacyRateLimitedError extends LegacyError {
  readonly code = 'LEGACY_RATE_LIMITED' as const;
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/** The GraphQL `SourceState` for a legacy failure. */
export function sourceStateOf(err: LegacyError): 'TIMEOUT' | 'UNAVAILABLE' | 'BAD_RESPONSE' | 'RATE_LIMITED' {
  switch (err.code) {
    case 'LEGACY_TIMEOUT':
      return 'TIMEOUT';
    case 'LEGACY_UNAVAILABLE':
      return 'UNAVAILABLE';
    case 'LEGACY_BAD_RESPONSE':
      return 'BAD_RESPONSE';
    case 'LEGACY_RATE_LIMITED':
      return 'RATE_LIMITED';
    default: {
      return assertNever(err.code);
    }
  }
}

/** Wrap anything thrown while talking to a legacy system into a typed error. */
export function asLegacyError(err: unknown): LegacyError {
  if (err instanceof LegacyError) return err;
  return new LegacyBadResponseError('unexpected failure while reading the legacy answer', { cause: err });
}
