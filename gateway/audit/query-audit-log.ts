import { z } from 'zod';
import type { AuditRecord } from './audit-entry.js';
import { parseRecordLine } from './chain.js';
import { readLines } from './read-lines.js';
import type { AuditCodeIndex } from './code-index.js';
import { normalizeUscc } from '../../common/uscc/index.js';

const instant = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v).getTime());

const filterSchema = z
  .object({
    /** Records at or after this instant. */
    from: instant.optional(),
    /** Records strictly before this instant. */
    to: instant.optional(),
    callerId: z.string().min(1).max(128).optional(),
    /** Records whose operator (经办人) has this id, asserted or verified (trimmed; exact otherwise). */
    operator: z.string().trim().min(1).max(128).optional(),
    /** Records that list this USCC in `codes.list` (normalised as the gateway records codes: trimmed, full-width → half-width, upper-cased). */
    uscc: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .transform((s) => normalizeUscc(s))
      .optional(),
    /** Paging cursor: only records with a larger seq (pass the previous `nextAfterSeq`). */
    afterSeq: z.number().int().nonnegative().optional(),
    /** At most 1000. */
    limit: z.number().int().min(1).max(1000),
  })
  .strict();

/** The filter as checked and normalised (`from`/`to` in epoch milliseconds, `uscc` normalised). */
export type ParsedAuditQueryFilter = z.infer<typeof filterSchema>;

/** Check and normalise a filter; throws a `ZodError` for a bad one (the API maps it to a 400). */
export function parseAuditQueryFilter(filter: AuditQueryFilter): ParsedAuditQueryFilter {
  return filterSchema.parse(filter);
}

export interface AuditQueryFilter {
  /** Records at or after this instant (Date or ISO-8601 with offset). */
  from?: Date | string;
  /** Records strictly before this instant. */
  to?: Date | string;
  callerId?: string;
  /** Records whose `operator.id` is this (the record's `operator.how` says whether it was asserted or verified). */
  operator?: string;
  /** Records whose `codes.list` holds this USCC. */
  uscc?: string;
  /** Only records with `seq` above this (paging cursor). */
  afterSeq?: number;
  /** 1–1000. */
  limit: number;
}

export interface AuditQueryResult {
  /** Matching records, oldest first. */
  records: AuditRecord[];
  /** Pass as `afterSeq` for the next page; `null` when the file has no more matches. */
  nextAfterSeq: number | null;
}

/**
 * The auditors' search over the log, oldest first, streaming the file (memory bounded by
 * `limit`). Torn or foreign lines are skipped; integrity is `verifyAuditLog`'s job.
 * Throws a `ZodError` for a bad filter (the API maps it to a 400).
 */
export async function queryAuditLog(path: string, filter: AuditQueryFilter, index?: AuditCodeIndex): Promise<AuditQueryResult> {
  const f = parseAuditQueryFilter(filter);
  const records: AuditRecord[] = [];
  for await (const line of f.uscc !== undefined && index ? indexedLines(index, f.uscc) : readLines(path)) {
    if (!line.terminated) break;
    const r = parseRecordLine(line.bytes);
    if (!r) continue;
    if (f.afterSeq !== undefined && r.seq <= f.afterSeq) continue;
    const at = Date.parse(r.at);
    if (f.from !== undefined && !(at >= f.from)) continue;
    if (f.to !== undefined && !(at < f.to)) continue;
    if (f.callerId !== undefined && (r.caller as { id?: unknown } | null)?.id !== f.callerId) continue;
    if (f.operator !== undefined && (r.operator as { id?: unknown } | null | undefined)?.id !== f.operator) continue;
    if (f.uscc !== undefined) {
      const list = (r.codes as { list?: unknown } | undefined)?.list;
      if (!Array.isArray(list) || !list.some((c) => typeof c === 'string' && normalizeUscc(c) === f.uscc)) continue;
    }
    if (records.length === f.limit) {
      // One more match exists: the caller may ask for the next page.
      return { records, nextAfterSeq: records[records.length - 1]!.seq };
    }
    records.push(r as unknown as AuditRecord);
  }
  return { records, nextAfterSeq: null };
}

/** The lines of the records that list a code, by the index (the other filters still apply to each). */
async function* indexedLines(index: AuditCodeIndex, uscc: string): AsyncGenerator<{ bytes: Buffer; terminated: boolean }> {
  for await (const bytes of index.read(await index.linesFor(uscc))) yield { bytes, terminated: true };
}
