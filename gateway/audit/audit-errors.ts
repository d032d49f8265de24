import type { ErrorCodeSubset } from '../../common/error-codes.js';

/**
 * Typed audit failures with fixed codes (registered in `common/error-codes.ts`). Any of them means the request must fail closed: no
 * answer leaves the gateway without its 查询留痕 record.
 */
export type AuditErrorCode = ErrorCodeSubset<'AUDIT_UNAVAILABLE' | 'AUDIT_ENTRY_INVALID'>;

export abstract class AuditError extends Error {
  abstract readonly code: AuditErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The record could not be written and fsync'd (disk full, I/O error, log closed, queue full,
 * unreadable tail). `errno` is the system error code when there was one (`ENOSPC`, `EIO`, …).
 */
export class AuditWriteError extends AuditError {
  readonly code = 'AUDIT_UNAVAILABLE' as const;
  readonly errno: string | null;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const cause = options?.cause as { code?: unknown } | undefined;
    this.errno = typeof cause?.code === 'string' ? cause.code : null;
  }
}

/** The entry handed to `append` does not match the audit schema (a bug in the caller). */
export class AuditEntryError extends AuditError {
  readonly code = 'AUDIT_ENTRY_INVALID' as const;
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}
