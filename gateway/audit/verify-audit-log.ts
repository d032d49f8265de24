import { createHash, type Hash } from 'node:crypto';
import { anchorPathFor, formatAnchor, readAnchor, replaceFileDurably, type AuditAnchor } from './audit-anchor.js';
import { checkLink, classifyLine, GENESIS_HASH } from './chain.js';
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
  | 'MALFORMED_RECORD'
  /**
   * After the last record, a complete (newline-terminated) line that is not a record: a crash
   * leaves only a partial line without its newline, so the last record was rewritten (e.g. its
   * final `}`). `brokenAt` is the seq expected on that line.
   */
  | 'DAMAGED_LAST_LINE'
  /** The log ends before the anchor's seq: records were cut from the end. `brokenAt` is the first missing seq. */
  | 'BEHIND_ANCHOR'
  /** The record at the anchor's seq has another hash: it (and what follows) was replaced. */
  | 'ANCHOR_MISMATCH';

/** How the end of the log compared with its anchor. */
export type AuditAnchorCheck =
  /** No anchor file: records cut from the end cannot be detected. */
  | { kind: 'missing'; path: string }
  /**
   * The record at the anchor's seq has the anchor's hash. `recordsAfter` records follow it: 0
   * normally; more after a crash between a group commit's fsync and its anchor write (those
   * records were never acknowledged).
   */
  | { kind: 'matched'; path: string; anchor: AuditAnchor; recordsAfter: number };

export interface VerifyAuditLogOptions {
  /** The anchor to compare the end of the log with. Default `<path>.head`; `false` skips it. */
  anchorPath?: string | false;
}

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
      /** The anchor check (`missing` also when `anchorPath: false`). */
      anchor: AuditAnchorCheck;
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
 * where the next record's `recovery` names exactly those bytes (count and sha256), or at the end
 * as a torn tail: a partial last line without its newline (what a crash leaves). Complete
 * non-record lines at the end are tampering, unless the anchor names exactly the last record
 * (then no acknowledged record can have been there: only a crash during the recovery write after
 * an earlier crash leaves that). The anchor (`<path>.head`) shows records cut from the end: the
 * log must reach the anchor's seq, with the anchor's hash there. Throws when the anchor file
 * exists but is not an anchor.
 */
export async function verifyAuditLog(path: string, options: VerifyAuditLogOptions = {}): Promise<AuditVerifyResult> {
  const anchorPath = options.anchorPath === false ? null : (options.anchorPath ?? anchorPathFor(path));
  const anchor = anchorPath === null ? null : await readAnchor(anchorPath);
  let lines = 0;
  /** First complete (newline-terminated) non-record line of the current run of skipped bytes. */
  let completeSkipped: number | null = null;
  let records = 0;
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let skippedBytes = 0;
  let skippedHash: Hash | null = null;
  let skippedFrom = 0;

  for await (const line of readLines(path)) {
    lines = line.number;
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
        completeSkipped = null;
      }
      if (line.terminated && completeSkipped === null) completeSkipped = line.number;
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
    const link = checkLink(record, prevSeq, prevHash);
    if (link) return broken(link.reason, link.detail);
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
    if (anchor !== null && record.seq === anchor.seq && record.hash !== anchor.hash) {
      return broken(
        'ANCHOR_MISMATCH',
        `record ${record.seq} is not the record the anchor ${anchorPath} names (written ${anchor.at}): it was replaced`,
      );
    }
    skippedBytes = 0;
    skippedHash = null;
    records += 1;
    prevSeq = record.seq;
    prevHash = record.hash;
  }
  const atEnd = (reason: AuditBreakReason, line: number, detail: string): AuditVerifyResult => ({
    ok: false,
    records,
    brokenAt: prevSeq + 1,
    line,
    reason,
    detail,
  });
  const anchoredHere = anchor !== null && anchor.seq === prevSeq && anchor.hash === prevHash;
  if (skippedBytes > 0 && completeSkipped !== null && !anchoredHere) {
    return atEnd(
      'DAMAGED_LAST_LINE',
      completeSkipped,
      `line ${completeSkipped} ends with a newline but is not a valid record (record ${prevSeq + 1} would be here): a crash leaves only a partial last line without its newline, so the line was modified (e.g. the last record rewritten)`,
    );
  }
  if (anchor !== null && anchor.seq > prevSeq) {
    return atEnd(
      'BEHIND_ANCHOR',
      skippedBytes > 0 ? skippedFrom : lines + 1,
      `the log ends ${prevSeq === 0 ? 'without any record' : `at record ${prevSeq}`} but its anchor ${anchorPath} (written ${anchor.at}) says record ${anchor.seq} was written: records were cut from the end`,
    );
  }
  return {
    ok: true,
    records,
    lastSeq: records > 0 ? prevSeq : null,
    lastHash: prevHash,
    tornTail: skippedBytes > 0 ? { line: skippedFrom, bytes: skippedBytes } : null,
    anchor:
      anchor === null || anchorPath === null
        ? { kind: 'missing', path: anchorPath ?? '' }
        : { kind: 'matched', path: anchorPath, anchor, recordsAfter: prevSeq - anchor.seq },
  };
}

/**
 * Create the anchor of a log that has none (a log written before anchors existed, or whose
 * anchor was lost): verify the chain, then anchor its last record. Refuses when an anchor exists
 * or the chain is broken. Only the operator can know that the log was not cut before this: compare
 * the printed seq and hash with a copy kept elsewhere first.
 */
export async function initAuditAnchor(path: string, at: Date = new Date()): Promise<AuditAnchor> {
  const anchorPath = anchorPathFor(path);
  if ((await readAnchor(anchorPath)) !== null) throw new Error(`${anchorPath} exists already; it is rewritten by the gateway, not by hand`);
  const result = await verifyAuditLog(path, { anchorPath: false });
  if (!result.ok) throw new Error(`the chain is broken at record ${result.brokenAt} (line ${result.line}, ${result.reason}): ${result.detail}`);
  const anchor: AuditAnchor = { seq: result.lastSeq ?? 0, hash: result.lastHash, at: at.toISOString() };
  await replaceFileDurably(anchorPath, formatAnchor(anchor));
  return anchor;
}
