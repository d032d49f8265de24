import { createHash, type Hash } from 'node:crypto';
import { classifyLine, GENESIS_HASH, recomputeHash } from './chain.js';
import { readLines } from './read-lines.js';

/** Why the chain breaks at a record. */
export type AuditBreakReason =
  /** The record's content does not give its `hash`: a field was changed. */
  | 'HASH_MISMATCH'
  /** `prevHash` is not the previous record's hash: a record was deleted, inserted or reordered. */
  | 'PREV_HASH_MISMATCH'
  /** `seq` is not the previous seq + 1. */
  | 'SEQ_GAP'
  /** Non-record bytes before this record that its `recovery` field does not account for. */
  | 'UNEXPLAINED_BYTES'
  /** A line that is JSON but not a record (a crash never leaves one): `brokenAt` is the seq expected there. */
  | 'MALFORMED_RECORD';

export type AuditVerifyResult =
  | {
      ok: true;
      /** Records in the chain. */
      records: number;
      lastSeq: number | null;
      /** Hash of the last record (anchor it elsewhere to detect truncation or a rewritten tail). */
      lastHash: string;
      /**
       * Bytes after the last record that are not a record: what a crash leaves mid-write. They
       * hold no acknowledged record; the next `openAuditLog` accounts for them in `recovery`.
       */
      tornTail: { line: number; bytes: number } | null;
    }
  | {
      ok: false;
      /** Valid records before the break. */
      records: number;
      /** `seq` of the record where the chain breaks. */
      brokenAt: number;
      /** 1-based line number of that record. */
      line: number;
      reason: AuditBreakReason;
      detail: string;
    };

/**
 * Recompute the whole chain, streaming the file. Lines that are not records are allowed only
 * where the next record's `recovery` names exactly those bytes (count and sha256), or at the end.
 * A hash chain alone cannot show that the newest records were cut off or the whole tail
 * rewritten; compare `lastHash` with a copy kept elsewhere for that.
 */
export async function verifyAuditLog(path: string): Promise<AuditVerifyResult> {
  let records = 0;
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let skippedBytes = 0;
  let skippedHash: Hash | null = null;
  let skippedFrom = 0;

  for await (const line of readLines(path)) {
    const kind = line.terminated ? classifyLine(line.bytes) : ({ kind: 'torn' } as const);
    if (kind.kind === 'malformed') {
      return {
        ok: false,
        records,
        brokenAt: prevSeq + 1,
        line: line.number,
        reason: 'MALFORMED_RECORD',
        detail: `line ${line.number} is JSON but not an audit record (record ${prevSeq + 1} expected): it was edited`,
      };
    }
    if (kind.kind === 'torn') {
      if (skippedBytes === 0) {
        skippedHash = createHash('sha256');
        skippedFrom = line.number;
      }
      skippedHash!.update(line.bytes);
      skippedBytes += line.bytes.length;
      if (line.terminated) {
        skippedHash!.update('\n');
        skippedBytes += 1;
      }
      continue;
    }
    const record = kind.record;
    const broken = (reason: AuditBreakReason, detail: string): AuditVerifyResult => ({
      ok: false,
      records,
      brokenAt: record.seq,
      line: line.number,
      reason,
      detail,
    });
    if (recomputeHash(record) !== record.hash) {
      return broken('HASH_MISMATCH', `record ${record.seq} does not match its hash: its content was changed`);
    }
    if (record.prevHash !== prevHash) {
      return broken(
        'PREV_HASH_MISMATCH',
        `record ${record.seq} does not follow ${prevSeq === 0 ? 'the start of the log' : `record ${prevSeq}`}: a record was deleted, inserted or moved`,
      );
    }
    if (record.seq !== prevSeq + 1) {
      return broken('SEQ_GAP', `record ${record.seq} follows record ${prevSeq}`);
    }
    const declared = record.recovery?.skippedBytes ?? 0;
    const declaredSha = record.recovery?.skippedSha256 ?? null;
    const actualSha = skippedBytes > 0 ? skippedHash!.digest('hex') : null;
    if (declared !== skippedBytes || declaredSha !== actualSha) {
      return broken(
        'UNEXPLAINED_BYTES',
        skippedBytes > 0
          ? `${skippedBytes} bytes that are not records (from line ${skippedFrom}) precede record ${record.seq}, which accounts for ${String(declared)}${declared === skippedBytes ? ' with another sha256' : ''}`
          : `record ${record.seq} declares ${String(declared)} skipped bytes but none precede it`,
      );
    }
    skippedBytes = 0;
    skippedHash = null;
    records += 1;
    prevSeq = record.seq;
    prevHash = record.hash;
  }
  return {
    ok: true,
    records,
    lastSeq: records > 0 ? prevSeq : null,
    lastHash: prevHash,
    tornTail: skippedBytes > 0 ? { line: skippedFrom, bytes: skippedBytes } : null,
  };
}
