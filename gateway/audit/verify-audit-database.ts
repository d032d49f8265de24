import type { Pool } from 'pg';
import type { AuditAnchor } from './audit-anchor.js';
import { checkLink, GENESIS_HASH, parseRecordText, type LinkBreak } from './chain.js';
import { recordColumns } from './record-columns.js';

/** Why the chain in the database breaks at a record, or why its end does not match the head. */
export type AuditDatabaseBreakReason =
  | LinkBreak['reason']
  /** `record` is not JSON, or is JSON but not a record: it was edited. */
  | 'MALFORMED_RECORD'
  /** A record says bytes were skipped before it: never true in the database (a transaction is all or nothing). */
  | 'UNEXPLAINED_BYTES'
  /**
   * A column copied from the record for the indexes (seq, hash, prev_hash, at, caller_id,
   * operator_id, report_number, codes) does not say what the record says: changed alone, it would
   * hide the record from `/audit` or `/verify` without breaking the chain.
   */
  | 'COLUMN_MISMATCH'
  /** The head row is missing. */
  | 'HEAD_MISSING'
  /** The head names a record the chain does not reach: records were cut from the end. `brokenAt` is the first missing seq. */
  | 'HEAD_AHEAD'
  /** Records follow the record the head names: the head was moved back (or records added by hand). `brokenAt` is the first of them. */
  | 'HEAD_BEHIND'
  /** The head names the last record's seq with another hash: the head, or the tail of the chain, was rewritten. */
  | 'HEAD_MISMATCH'
  /** The chain ends before the seq of the anchor copy given (`--anchor`): records were cut from the end, head included. */
  | 'BEHIND_ANCHOR'
  /** The record at the anchor copy's seq has another hash: it and what follows were replaced, head included. */
  | 'ANCHOR_MISMATCH';

export type AuditDatabaseVerifyResult =
  | {
      ok: true;
      records: number;
      lastSeq: number | null;
      lastHash: string;
      /** The head row, which names the last record. */
      head: AuditAnchor;
      /** The anchor copy given, matched (`recordsAfter` records follow it), or none given. */
      anchor: { kind: 'none' } | { kind: 'matched'; anchor: AuditAnchor; recordsAfter: number };
    }
  | {
      ok: false;
      /** Valid records before the break. */
      records: number;
      /** The seq where the chain breaks. */
      brokenAt: number;
      reason: AuditDatabaseBreakReason;
      detail: string;
    };

export interface VerifyAuditDatabaseOptions {
  /**
   * A copy of the head kept elsewhere (e.g. `credit_gateway_audit_anchor_info` from the /metrics
   * history): the chain must reach its seq, with its hash there. It shows what the head row alone
   * cannot: records cut from the end by someone who also moved the head back.
   */
  anchor?: AuditAnchor;
  /** Rows read per query. Default 256 (memory stays bounded by that many records). */
  pageSize?: number;
}

const sameArray = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Recompute the whole chain in the database, in seq order, a page at a time (keyset on seq), in
 * one read-only REPEATABLE READ transaction: one snapshot for every page and the head, so
 * gateways may keep appending while it runs. Every record's hash, its link to the previous one
 * and its seq are checked as the file verifier checks them (`checkLink`), then the columns the
 * indexes use against the record, and at the end the head row against the last record.
 */
export async function verifyAuditDatabase(pool: Pool, options: VerifyAuditDatabaseOptions = {}): Promise<AuditDatabaseVerifyResult> {
  const pageSize = options.pageSize ?? 256;
  const { anchor } = options;
  const client = await pool.connect();
  // A checked-out client has no error listener; a connection lost between pages must not be an unhandled event.
  const onError = () => undefined;
  client.on('error', onError);
  let failed = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const heads = await client.query<{ seq: string; hash: string; updated_at: Date }>('SELECT seq, hash, updated_at FROM audit_head');
    let records = 0;
    let prevSeq = 0;
    let prevHash = GENESIS_HASH;
    const broken = (brokenAt: number, reason: AuditDatabaseBreakReason, detail: string): AuditDatabaseVerifyResult => ({
      ok: false,
      records,
      brokenAt,
      reason,
      detail,
    });

    for (;;) {
      const page = await client.query<{
        seq: string;
        record: string;
        hash: string;
        prev_hash: string;
        at: Date;
        caller_id: string | null;
        operator_id: string | null;
        report_number: string | null;
        codes: string[];
      }>(
        `SELECT seq, record, hash, prev_hash, at, caller_id, operator_id, report_number, codes
           FROM audit_record WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [prevSeq, pageSize],
      );
      for (const row of page.rows) {
        const rowSeq = Number(row.seq);
        const kind = parseRecordText(row.record);
        if (kind.kind !== 'record') {
          return broken(
            rowSeq,
            'MALFORMED_RECORD',
            `the row of seq ${rowSeq} is ${kind.kind === 'torn' ? 'not JSON' : 'JSON but not an audit record'}: it was edited`,
          );
        }
        const record = kind.record;
        const link = checkLink(record, prevSeq, prevHash);
        if (link) {
          const missing =
            link.reason === 'PREV_HASH_MISMATCH' && record.seq > prevSeq + 1
              ? ` (no record ${prevSeq + 1}${record.seq - 1 > prevSeq + 1 ? `–${record.seq - 1}` : ''} in the table)`
              : '';
          return broken(record.seq, link.reason, link.detail + missing);
        }
        const skipped = record.recovery?.skippedBytes ?? 0;
        if (skipped !== 0 || (record.recovery?.skippedSha256 ?? null) !== null) {
          return broken(
            record.seq,
            'UNEXPLAINED_BYTES',
            `record ${record.seq} declares ${String(skipped)} skipped bytes, which a database row never has`,
          );
        }
        const c = recordColumns(record);
        const differs = [
          rowSeq !== c.seq && 'seq',
          row.hash !== c.hash && 'hash',
          row.prev_hash !== c.prevHash && 'prev_hash',
          row.at.getTime() !== c.atMs && 'at',
          row.caller_id !== c.callerId && 'caller_id',
          row.operator_id !== c.operatorId && 'operator_id',
          row.report_number !== c.reportNumber && 'report_number',
          !sameArray(row.codes, c.codes) && 'codes',
        ].filter((x): x is string => typeof x === 'string');
        if (differs.length) {
          return broken(
            record.seq,
            'COLUMN_MISMATCH',
            `the row of record ${record.seq} has ${differs.join(', ')} other than the record says: changed by hand, it hides the record from the /audit and /verify look-ups`,
          );
        }
        if (anchor && record.seq === anchor.seq && record.hash !== anchor.hash) {
          return broken(
            record.seq,
            'ANCHOR_MISMATCH',
            `record ${record.seq} is not the record the anchor copy (written ${anchor.at}) names: it was replaced`,
          );
        }
        records += 1;
        prevSeq = record.seq;
        prevHash = record.hash;
      }
      if (page.rows.length < pageSize) break;
    }

    const end = prevSeq === 0 ? 'without any record' : `at record ${prevSeq}`;
    if (heads.rows.length !== 1) {
      return broken(
        prevSeq + 1,
        'HEAD_MISSING',
        `the audit head row (audit_head) is missing: records cut from the end cannot be told; the chain ends ${end}`,
      );
    }
    const h = heads.rows[0]!;
    const head: AuditAnchor = { seq: Number(h.seq), hash: h.hash, at: h.updated_at.toISOString() };
    if (head.seq > prevSeq) {
      return broken(
        prevSeq + 1,
        'HEAD_AHEAD',
        `the chain ends ${end} but the head (moved ${head.at}) names record ${head.seq}: records were cut from the end`,
      );
    }
    if (head.seq < prevSeq) {
      return broken(
        head.seq + 1,
        'HEAD_BEHIND',
        `the head (moved ${head.at}) names record ${head.seq} but the chain goes on to record ${prevSeq}: the head was moved back or records were added by hand`,
      );
    }
    if (head.hash !== prevHash) {
      return broken(
        Math.max(1, prevSeq),
        'HEAD_MISMATCH',
        `the head (moved ${head.at}) names record ${head.seq} with another hash than the record has: the head or the last record was rewritten`,
      );
    }
    if (anchor && anchor.seq > prevSeq) {
      return broken(
        prevSeq + 1,
        'BEHIND_ANCHOR',
        `the chain ends ${end} but the anchor copy (written ${anchor.at}) names record ${anchor.seq}: records were cut from the end, and the head moved back with them`,
      );
    }
    return {
      ok: true,
      records,
      lastSeq: records > 0 ? prevSeq : null,
      lastHash: prevHash,
      head,
      anchor: anchor ? { kind: 'matched', anchor, recordsAfter: prevSeq - anchor.seq } : { kind: 'none' },
    };
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.off('error', onError);
    client.release(failed ? true : undefined);
  }
}
