import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AuditEntryError, AuditWriteError } from './audit-errors.js';

/** How many USCCs (and verdicts) a record lists; `codes.total` always gives the full count. */
/** Every code of a request is recorded: the per-request code budget (QUERY_MAX_CODES) may not exceed this. */
export const AUDIT_CODES_CAP = 1000;

const shortText = (max: number) => z.string().min(1).max(max);
const upperCode = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'expected an upper-case code such as BIDDING');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex sha256');

/**
 * One 查询留痕 entry: who asked, why, for which enterprises, what they got. `.strict()` so that
 * nothing else (request variables, response bodies, personal data) slips into the log by accident.
 */
export const auditEntrySchema = z
  .object({
    /** The gateway's request id (also in the access log and response headers). */
    requestId: shortText(128),
    /**
     * The authenticated caller. `null` only for a request refused before authentication
     * succeeded (outcome `REFUSED`, refusal code e.g. `UNAUTHENTICATED`).
     */
    caller: z
      .object({ id: shortText(128), name: shortText(256), kind: upperCode })
      .strict()
      .nullable(),
    /**
     * 经办人 — the person operating the check and how that is known: `asserted` (typed into the
     * console, or sent by the caller system as `X-Operator`) or `verified` (a token of the identity
     * provider, `X-Operator-Token`). `null` when none was named or it was refused; absent in records
     * written before operators were kept (the verifier accepts both).
     */
    operator: z
      .object({ id: shortText(128), name: shortText(64).nullable(), how: z.enum(['asserted', 'verified']) })
      .strict()
      .nullable()
      .optional(),
    /** 查询事由 code (`X-Query-Purpose`), or `null` when none was given or it was refused. */
    purpose: shortText(64).nullable(),
    /** Application or tender number (`X-Query-Reference`). */
    reference: shortText(64).nullable(),
    /** GraphQL operation name, when the document named one. */
    operationName: shortText(256).nullable(),
    outcome: z.enum(['ANSWERED', 'PARTIAL', 'REFUSED', 'INVALID', 'ERROR']),
    /** Fixed code of the refusal or error (`PURPOSE_REQUIRED`, `FORBIDDEN`, `GRAPHQL_VALIDATION_FAILED`, …). */
    refusalCode: shortText(64).nullable(),
    /** USCCs asked for, normalised, every one (the per-request budget never exceeds `AUDIT_CODES_CAP`), and how many there were. Use `capCodes`. */
    codes: z
      .object({ list: z.array(z.string().max(64)).max(AUDIT_CODES_CAP), total: z.number().int().nonnegative() })
      .strict()
      .refine((c) => c.total >= c.list.length, 'codes.total must be at least codes.list.length'),
    /** 办理场景 asked for (`BIDDING`, `ADMINISTRATIVE_LICENSING`, …). */
    scenarios: z.array(upperCode).max(16),
    /** The verdict given for each code (and scenario), with the check id that explains it. */
    verdicts: z
      .array(
        z
          .object({
            code: z.string().max(64),
            scenario: upperCode.nullable(),
            verdict: upperCode,
            checkId: shortText(128).nullable(),
          })
          .strict(),
      )
      .max(AUDIT_CODES_CAP),
    /** Departments (subgraphs) that answered and that could not be read. */
    departments: z.object({ answered: z.array(shortText(64)).max(32), missing: z.array(shortText(64)).max(32) }).strict(),
    /** Protected fields present in the answer, as `Type.field` (e.g. `LegalRepresentative.idNumber`). */
    protectedFields: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/, 'expected Type.field')).max(64),
    /** 措施清单版本 — the measures catalogue the rules answered under; null when the request did not reach the rules (absent in records written before it was kept). */
    catalogueVersion: z.string().min(1).max(64).nullable().optional(),
    /**
     * 信用报告 — the report this request issued (absent when it issued none): its number, the time
     * it states in China time, the enterprise, and the SHA-256 of its statement
     * (gateway/report/README.md). `GET /verify/<number>` answers from this.
     */
    report: z
      .object({
        number: z.string().regex(/^XYBG-\d{8}-[0-9A-HJKMNP-TV-Z]{10}$/, 'expected a report number XYBG-YYYYMMDD-XXXXXXXXXX'),
        issuedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/, 'expected a time in China, YYYY-MM-DDTHH:MM:SS+08:00'),
        uscc: z.string().min(1).max(64),
        hash: sha256Hex,
      })
      .strict()
      .optional(),
    /** sha256 (hex) of the response body exactly as sent. Use `hashResult`. */
    resultHash: sha256Hex,
    durationMs: z.number().nonnegative().finite(),
  })
  .strict()
  .refine((e) => e.caller !== null || e.outcome === 'REFUSED', {
    message: 'caller may be null only when the outcome is REFUSED',
    path: ['caller'],
  })
  .refine((e) => (e.outcome === 'REFUSED' ? e.refusalCode !== null : true), {
    message: 'a REFUSED outcome needs a refusalCode',
    path: ['refusalCode'],
  });

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditOutcome = AuditEntry['outcome'];

/**
 * Written into the first record after the log found bytes that are not records (a torn tail left
 * by a crash) or after appends failed. Everything here is inside the hash chain.
 */
export interface AuditRecovery {
  /** `TORN_TAIL`: found at open; `WRITE_FAILED`: earlier appends of this process were rejected. */
  reason: 'TORN_TAIL' | 'WRITE_FAILED';
  /** Bytes between the end of the previous record's line and the start of this record. */
  skippedBytes: number;
  /** sha256 (hex) of those bytes, so they cannot be swapped afterwards; `null` when none. */
  skippedSha256: string | null;
  /** Appends whose write or fsync failed since the last record was written (this process; 0 after a restart). */
  failedAppends: number;
  /** System error code of the last failure (`ENOSPC`, `EIO`, …). */
  lastError: string | null;
  /**
   * Records that are in the file but whose `append` was rejected (written, then fsync failed):
   * their callers failed closed, so no answer was sent for them.
   */
  unacknowledged: { fromSeq: number; toSeq: number } | null;
}

/** One line of the audit log. */
export type AuditRecord = AuditEntry & {
  /** 1, 2, 3, … with no gaps. */
  seq: number;
  /** ISO-8601 time `append` was called. */
  at: string;
  /** `hash` of the previous record; 64 zeros for the first. */
  prevHash: string;
  /** sha256(prevHash + canonicalJson(record without `hash`)). */
  hash: string;
  recovery?: AuditRecovery;
};

/** What `append` resolves with once the record is on disk. */
export interface AuditReceipt {
  seq: number;
  at: string;
  hash: string;
}

/** The first `AUDIT_CODES_CAP` codes and the total, in the shape `AuditEntry.codes` wants. */
export function capCodes(codes: readonly string[], cap = AUDIT_CODES_CAP): AuditEntry['codes'] {
  return { list: codes.slice(0, Math.min(cap, AUDIT_CODES_CAP)), total: codes.length };
}

/** sha256 (hex) of a response body, for `AuditEntry.resultHash`. */
export function hashResult(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * What every audit store does with an entry before it queues it: check it against the schema and
 * stamp it with the clock's time — or the error to reject the append with (`AUDIT_ENTRY_INVALID`
 * for a bad entry, `AUDIT_UNAVAILABLE` for a clock that gives no valid time): fail closed either way.
 */
export function admitEntry(entry: AuditEntry, clock: () => Date): { ok: true; entry: AuditEntry; at: string } | { ok: false; error: Error } {
  const parsed = auditEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`);
    return { ok: false, error: new AuditEntryError(`invalid audit entry: ${problems.join('; ')}`, problems) };
  }
  try {
    return { ok: true, entry: parsed.data, at: clock().toISOString() };
  } catch (err) {
    return { ok: false, error: new AuditWriteError('the audit clock gave an invalid time', { cause: err }) };
  }
}
