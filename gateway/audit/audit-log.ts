import { createHash } from 'node:crypto';
import { auditEntrySchema, type AuditEntry, type AuditReceipt, type AuditRecord, type AuditRecovery } from './audit-entry.js';
import { AuditEntryError, AuditWriteError } from './audit-errors.js';
import { nodeAuditIo, type AuditFile, type AuditIo } from './audit-file.js';
import { canonicalJson } from './canonical-json.js';
import { classifyLine, computeRecordHash, GENESIS_HASH, recomputeHash } from './chain.js';

export interface AuditLogOptions {
  /** The log file (JSON lines). Created with its directory when missing. */
  path: string;
  /** Time source for `at`. Default `() => new Date()`. */
  clock?: () => Date;
  /**
   * Appends allowed to wait for the disk before new ones are refused with `AUDIT_UNAVAILABLE`
   * (back-pressure instead of unbounded memory when the disk hangs). Default 10 000.
   */
  maxPending?: number;
  /** File operations; default `node:fs`. Tests use it to inject failures. */
  io?: AuditIo;
}

export interface AuditLogStats {
  /** Records written and fsync'd by this process. */
  records: number;
  /** Successful fsyncs (one per group commit). */
  fsyncs: number;
  /** Appends rejected with `AUDIT_UNAVAILABLE` by this process (write/fsync failures and overload). */
  failedAppends: number;
}

export interface AuditLog {
  /**
   * Write one record; resolves once it is written **and fsync'd**. Rejects with `AuditWriteError`
   * (`AUDIT_UNAVAILABLE`) or `AuditEntryError` (`AUDIT_ENTRY_INVALID`): either way, fail closed.
   */
  append(entry: AuditEntry): Promise<AuditReceipt>;
  /** Counters for metrics and tests. */
  stats(): AuditLogStats;
  /** Refuse new appends, finish the queued ones, close the file. */
  close(): Promise<void>;
}

/** How far back from the end of the file `open` looks for the last complete record. */
const MAX_TAIL_SCAN = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

interface Tail {
  lastSeq: number;
  lastHash: string;
  /** Bytes after the last record's `\n` (torn or garbage) and their hash. */
  skipped: Buffer;
  /** The file does not end with `\n`: the next write must start a new line. */
  needsNewline: boolean;
}

interface Pending {
  entry: AuditEntry;
  at: string;
  resolve: (receipt: AuditReceipt) => void;
  reject: (err: Error) => void;
}

/**
 * Find the last complete record at the end of the file. A final line with no `\n` is never a
 * record (the writer appends `record + \n` in one buffer, so it was cut). A complete line that
 * is a record but whose hash does not match its content means tampering or corruption: refuse.
 */
async function readTail(file: AuditFile): Promise<Tail> {
  const size = await file.size();
  if (size === 0) return { lastSeq: 0, lastHash: GENESIS_HASH, skipped: Buffer.alloc(0), needsNewline: false };
  let buf = Buffer.alloc(0);
  let start = size;
  while (start > 0 && buf.length < MAX_TAIL_SCAN) {
    const len = Math.min(64 * 1024, start);
    const chunk = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = await file.read(chunk.subarray(got), len - got, start - len + got);
      if (n === 0) throw new Error('audit log shrank while its tail was read');
      got += n;
    }
    start -= len;
    buf = Buffer.concat([chunk, buf]);
    // Walk complete lines from the end. A line is complete when its `\n` is in `buf` and its
    // start is known (a `\n` before it in `buf`, or the start of the file).
    let end = buf.lastIndexOf(NEWLINE); // terminator of the last complete line
    while (end !== -1) {
      const prev = end === 0 ? -1 : buf.lastIndexOf(NEWLINE, end - 1);
      if (prev === -1 && start > 0) break; // its start is in bytes not read yet
      const line = classifyLine(buf.subarray(prev + 1, end));
      if (line.kind === 'malformed') {
        throw new Error('a line near the end of the audit log is JSON but not a record: the file was modified; run scripts/verify-audit.ts');
      }
      if (line.kind === 'record') {
        const record = line.record;
        if (recomputeHash(record) !== record.hash) {
          throw new Error(
            `the last record in the audit log (seq ${record.seq}) does not match its hash: the file was modified; run scripts/verify-audit.ts`,
          );
        }
        const skipped = Buffer.from(buf.subarray(end + 1));
        return {
          lastSeq: record.seq,
          lastHash: record.hash,
          skipped,
          needsNewline: skipped.length > 0 && skipped[skipped.length - 1] !== NEWLINE,
        };
      }
      end = prev;
    }
  }
  if (start > 0) {
    throw new Error(`no complete audit record in the last ${MAX_TAIL_SCAN} bytes of the log; run scripts/verify-audit.ts`);
  }
  // Nothing but torn bytes (a crash during the very first write): start the chain afresh after them.
  return { lastSeq: 0, lastHash: GENESIS_HASH, skipped: buf, needsNewline: buf[buf.length - 1] !== NEWLINE };
}

/**
 * Open (or create) the append-only audit log and continue its hash chain.
 *
 * Appends go through one queue with group commit: while one write+fsync runs, new appends
 * wait; the next round writes all of them in one `write` and shares one fsync. Each `append`
 * resolves only after its fsync. On a failure every append of that round is rejected, and the
 * next round first re-reads the file's tail, so the chain always continues from what is really
 * on disk; that round's first record carries a `recovery` field saying what happened.
 */
export async function openAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const clock = options.clock ?? (() => new Date());
  const maxPending = options.maxPending ?? 10_000;
  const io = options.io ?? nodeAuditIo;

  let file: AuditFile;
  let tail: Tail;
  try {
    file = await io.open(options.path);
  } catch (err) {
    throw new AuditWriteError(`cannot open the audit log: ${(err as Error).message}`, { cause: err });
  }
  try {
    tail = await readTail(file);
  } catch (err) {
    await file.close().catch(() => undefined);
    throw new AuditWriteError(`cannot continue the audit log: ${(err as Error).message}`, { cause: err });
  }

  let lastSeq = tail.lastSeq;
  let lastHash = tail.lastHash;
  /** Seq of the last record this process (or, at open, the file) holds as acknowledged. */
  let lastAckedSeq = tail.lastSeq;
  /** Set after a failure: re-read the tail before writing again. */
  let dirty = false;
  /** What the next written record must explain, if anything. */
  let skipped = tail.skipped;
  let needsNewline = tail.needsNewline;
  let failedSinceWrite = 0;
  let lastError: string | null = null;

  const queue: Pending[] = [];
  let draining = false;
  let closed = false;
  let drained: Promise<void> = Promise.resolve();
  const stats: AuditLogStats = { records: 0, fsyncs: 0, failedAppends: 0 };

  function recoveryField(): AuditRecovery | undefined {
    if (skipped.length === 0 && failedSinceWrite === 0) return undefined;
    // The gap the verifier sees includes the `\n` this round writes to end the torn line.
    const gap = needsNewline ? Buffer.concat([skipped, Buffer.from('\n')]) : skipped;
    return {
      reason: failedSinceWrite > 0 ? 'WRITE_FAILED' : 'TORN_TAIL',
      skippedBytes: gap.length,
      skippedSha256: gap.length ? createHash('sha256').update(gap).digest('hex') : null,
      failedAppends: failedSinceWrite,
      lastError,
      unacknowledged: lastSeq > lastAckedSeq ? { fromSeq: lastAckedSeq + 1, toSeq: lastSeq } : null,
    };
  }

  async function writeRound(batch: Pending[]): Promise<AuditReceipt[]> {
    if (dirty) {
      const t = await readTail(file);
      lastSeq = t.lastSeq;
      lastHash = t.lastHash;
      skipped = t.skipped;
      needsNewline = t.needsNewline;
      dirty = false;
    }
    const lines: string[] = [];
    const receipts: AuditReceipt[] = [];
    let seq = lastSeq;
    let prevHash = lastHash;
    for (const [i, p] of batch.entries()) {
      seq += 1;
      const recovery = i === 0 ? recoveryField() : undefined;
      const withoutHash: Omit<AuditRecord, 'hash'> = { ...p.entry, seq, at: p.at, prevHash, ...(recovery ? { recovery } : {}) };
      const hash = computeRecordHash(withoutHash);
      lines.push(canonicalJson({ ...withoutHash, hash }) + '\n');
      receipts.push({ seq, at: p.at, hash });
      prevHash = hash;
    }
    const buffer = Buffer.from((needsNewline ? '\n' : '') + lines.join(''), 'utf8');
    let off = 0;
    while (off < buffer.length) {
      const n = await file.write(buffer.subarray(off));
      if (n <= 0) throw new Error('write made no progress');
      off += n;
    }
    await file.sync();
    stats.fsyncs += 1;
    lastSeq = seq;
    lastHash = prevHash;
    lastAckedSeq = seq;
    skipped = Buffer.alloc(0);
    needsNewline = false;
    failedSinceWrite = 0;
    lastError = null;
    return receipts;
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, queue.length);
        try {
          const receipts = await writeRound(batch);
          stats.records += batch.length;
          batch.forEach((p, i) => p.resolve(receipts[i]!));
        } catch (err) {
          // Unknown how much reached the file: re-read the tail before the next round.
          dirty = true;
          failedSinceWrite += batch.length;
          stats.failedAppends += batch.length;
          const code = (err as NodeJS.ErrnoException).code;
          lastError = typeof code === 'string' ? code : 'UNKNOWN';
          const failure = new AuditWriteError(`audit record not written: ${(err as Error).message}`, { cause: err });
          for (const p of batch) p.reject(failure);
        }
      }
    } finally {
      draining = false;
    }
  }

  return {
    append(entry) {
      if (closed) return Promise.reject(new AuditWriteError('the audit log is closed'));
      const parsed = auditEntrySchema.safeParse(entry);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`);
        return Promise.reject(new AuditEntryError(`invalid audit entry: ${problems.join('; ')}`, problems));
      }
      if (queue.length >= maxPending) {
        stats.failedAppends += 1;
        return Promise.reject(new AuditWriteError(`audit log overloaded: ${maxPending} records already waiting for the disk`));
      }
      let at: string;
      try {
        at = clock().toISOString();
      } catch (err) {
        return Promise.reject(new AuditWriteError('the audit clock gave an invalid time', { cause: err }));
      }
      return new Promise<AuditReceipt>((resolve, reject) => {
        queue.push({ entry: parsed.data, at, resolve, reject });
        if (!draining) {
          draining = true;
          // Start on a microtask so appends made in the same tick share the first round.
          drained = Promise.resolve().then(drain);
        }
      });
    },
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return drained;
      closed = true;
      await drained;
      await file.close();
    },
  };
}
