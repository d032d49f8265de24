import { createHash } from 'node:crypto';
import { admitEntry, type AuditEntry, type AuditReceipt, type AuditRecord, type AuditRecovery } from './audit-entry.js';
import { AuditWriteError } from './audit-errors.js';
import { anchorPathFor, formatAnchor, readAnchor, replaceFileDurably, type AuditAnchor } from './audit-anchor.js';
import { nodeAuditIo, type AuditFile, type AuditIo } from './audit-file.js';
import { canonicalJson } from './canonical-json.js';
import { classifyLine, computeRecordHash, GENESIS_HASH, recomputeHash, type ChainFields } from './chain.js';

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
  /**
   * Where the anchor (the chain's head, rewritten after every group commit) is kept.
   * Default `<path>.head`.
   */
  anchorPath?: string;
  /** File operations; default `node:fs`. Tests use it to inject failures. */
  io?: AuditIo;
}

export interface AuditLogStats {
  /** Records written and fsync'd by this process. */
  records: number;
  /** Successful fsyncs (one per group commit); in the PostgreSQL store, committed transactions. */
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
  /** The anchor last written to `<path>.head` (for `/metrics`). */
  anchor(): AuditAnchor;
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

interface TailCheck {
  /** The anchor the tail must agree with; `null` when there is none (first start). */
  anchor: AuditAnchor | null;
  /**
   * Offset from which this process wrote the bytes itself (rounds that failed after open): a
   * complete non-record line there is the remains of its own failed write, not tampering.
   * `Infinity` at open, when every byte was written by someone else.
   */
  trustedFrom: number;
}

/** The tail shows tampering; `offset` is where the offending line starts (turned into a line number). */
class TailTamperedError extends Error {
  constructor(
    readonly offset: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

interface BackLine {
  bytes: Buffer;
  /** Offset of the line's first byte. */
  start: number;
  /** False only for bytes after the file's last `\n`. */
  terminated: boolean;
}

/** The file's lines from the last to the first, reading 64 KiB at a time; memory bounded by the longest line. */
async function* linesBackward(file: AuditFile, size: number): AsyncGenerator<BackLine> {
  let buf = Buffer.alloc(0);
  let bufStart = size; // file offset of buf[0]
  let segEnd = 0; // end (exclusive, before its `\n`) of the line being assembled, in buf
  let terminated = false;
  for (;;) {
    const i = segEnd === 0 ? -1 : buf.lastIndexOf(NEWLINE, segEnd - 1);
    if (i !== -1) {
      if (terminated || i + 1 < segEnd) yield { bytes: buf.subarray(i + 1, segEnd), start: bufStart + i + 1, terminated };
      terminated = true;
      segEnd = i;
      continue;
    }
    if (bufStart === 0) {
      if (terminated || segEnd > 0) yield { bytes: buf.subarray(0, segEnd), start: 0, terminated };
      return;
    }
    if (segEnd > MAX_TAIL_SCAN)
      throw new Error(`a line of more than ${MAX_TAIL_SCAN} bytes near the end of the audit log; run scripts/verify-audit.ts`);
    const len = Math.min(64 * 1024, bufStart);
    const chunk = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = await file.read(chunk.subarray(got), len - got, bufStart - len + got);
      if (n === 0) throw new Error('audit log shrank while its tail was read');
      got += n;
    }
    buf = Buffer.concat([chunk, buf.subarray(0, segEnd)]);
    bufStart -= len;
    segEnd += len;
  }
}

async function readAt(file: AuditFile, position: number, length: number): Promise<Buffer> {
  const out = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = await file.read(out.subarray(got), length - got, position + got);
    if (n === 0) throw new Error('audit log shrank while its tail was read');
    got += n;
  }
  return out;
}

/** 1-based number of the line that starts at `offset` (counts the `\n` before it). */
async function lineNumberAt(file: AuditFile, offset: number): Promise<number> {
  let lines = 1;
  const chunk = Buffer.alloc(256 * 1024);
  for (let pos = 0; pos < offset;) {
    const n = await file.read(chunk, Math.min(chunk.length, offset - pos), pos);
    if (n === 0) break;
    for (let k = chunk.indexOf(NEWLINE); k !== -1 && k < n; k = chunk.indexOf(NEWLINE, k + 1)) lines += 1;
    pos += n;
  }
  return lines;
}

/**
 * Find the last complete record and check the end of the file, without reading the whole file.
 *
 * - Bytes after the file's last `\n` are a torn tail: the writer appends `record + \n` in one
 *   buffer, so a crash leaves at most a partial last line, never a complete one.
 * - The last complete line must therefore be a record whose content gives its hash. A complete
 *   line that is not a record (a rewritten `}`, a record cut short with its `\n` kept) is
 *   tampering — with one exception that only two crashes in a row produce (the recovery write
 *   after a torn tail starts with `\n` and may itself be cut): it is accepted when the anchor
 *   names exactly the last record, i.e. no acknowledged record can have stood there, or when
 *   this process wrote that `\n` itself (`trustedFrom`).
 * - With an anchor, the last record must be at or after the anchor's seq, and the record at the
 *   anchor's seq must have the anchor's hash (the records between are checked to chain).
 */
async function readTail(file: AuditFile, check: TailCheck): Promise<Tail> {
  const { anchor } = check;
  const size = await file.size();
  let last: ChainFields | null = null;
  let damageStart = 0;
  /** The first complete non-record line after the last record, and where its `\n` is. */
  let completeDamage: { start: number; newlineAt: number } | null = null;
  /** Walking back from the last record to the anchor's: the record after the current one. */
  let next: ChainFields | null = null;
  let anchorFound = anchor === null;

  for await (const line of linesBackward(file, size)) {
    const kind = line.terminated ? classifyLine(line.bytes) : ({ kind: 'torn' } as const);
    if (last === null && size - line.start > MAX_TAIL_SCAN) {
      throw new Error(`no complete audit record in the last ${MAX_TAIL_SCAN} bytes of the log; run scripts/verify-audit.ts`);
    }
    if (kind.kind === 'malformed') {
      throw new TailTamperedError(line.start, 'is JSON but not an audit record (a crash never leaves one): the file was modified');
    }
    if (kind.kind === 'torn') {
      if (last === null) {
        damageStart = line.start;
        if (line.terminated) completeDamage = { start: line.start, newlineAt: line.start + line.bytes.length };
      }
      continue; // before the last record: the verifier checks that a `recovery` accounts for it
    }
    const record = kind.record;
    if (recomputeHash(record) !== record.hash) {
      throw new TailTamperedError(line.start, `is record seq ${record.seq}, which does not match its hash: the file was modified`);
    }
    if (last === null) {
      last = record;
      damageStart = line.start + line.bytes.length + 1;
    } else if (next !== null && (record.seq !== next.seq - 1 || record.hash !== next.prevHash)) {
      throw new TailTamperedError(line.start, `is record seq ${record.seq}, but record ${next.seq} does not follow it: the file was modified`);
    }
    if (anchor === null || record.seq <= anchor.seq) {
      if (anchor !== null && record.seq === anchor.seq) {
        if (record.hash !== anchor.hash) {
          throw new TailTamperedError(
            line.start,
            `is record seq ${record.seq}, whose hash is not the one in the anchor (written ${anchor.at}): the record was replaced`,
          );
        }
        anchorFound = true;
      }
      break;
    }
    next = record;
  }

  const lastSeq = last?.seq ?? 0;
  const lastHash = last?.hash ?? GENESIS_HASH;
  if (anchor !== null && anchor.seq === 0 && next !== null && next.seq === 1 && next.prevHash === GENESIS_HASH) anchorFound = true;
  if (anchor !== null && anchor.seq === 0 && last === null) anchorFound = true;

  if (completeDamage !== null && completeDamage.newlineAt < check.trustedFrom) {
    const anchoredHere = anchor !== null && anchor.seq === lastSeq && anchor.hash === lastHash;
    if (!anchoredHere) {
      throw new TailTamperedError(
        completeDamage.start,
        `ends with a newline but is not a valid audit record (record ${lastSeq + 1} would be here): a crash leaves only a partial last line, without its newline, so the line was modified (e.g. the last record rewritten)`,
      );
    }
  }
  if (anchor !== null && anchor.seq > lastSeq) {
    throw new TailTamperedError(
      damageStart,
      `is where the log ends, after record ${lastSeq}, but its anchor (written ${anchor.at}) says record ${anchor.seq} was written: records were cut from the end or the last ones rewritten`,
    );
  }
  if (!anchorFound) {
    throw new TailTamperedError(
      damageStart,
      `is where the log ends; record ${anchor!.seq} named by the anchor is not in the log: the file was modified`,
    );
  }
  const skipped = await readAt(file, damageStart, size - damageStart);
  return {
    lastSeq,
    lastHash,
    skipped,
    needsNewline: skipped.length > 0 && skipped[skipped.length - 1] !== NEWLINE,
  };
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

  const anchorPath = options.anchorPath ?? anchorPathFor(options.path);
  const replaceFile = io.replaceFile ?? replaceFileDurably;
  // The anchor's `at` is wall time, not `clock`: it says when the anchor was written, and calling
  // `clock` for it would shift the times given to records.
  const now = (): string => new Date().toISOString();

  let file: AuditFile;
  let tail: Tail;
  let anchor: AuditAnchor;
  /** File size up to which every byte was there at open or written by a successful round. */
  let knownSize: number;
  try {
    file = await io.open(options.path);
  } catch (err) {
    throw new AuditWriteError(`cannot open the audit log: ${(err as Error).message}`, { cause: err });
  }
  try {
    const found = await readAnchor(anchorPath);
    try {
      tail = await readTail(file, { anchor: found, trustedFrom: Infinity });
    } catch (err) {
      if (!(err instanceof TailTamperedError)) throw err;
      const line = await lineNumberAt(file, err.offset);
      // Fail closed: a recovery record written now would chain over the damage and launder it.
      throw new Error(`line ${line} ${err.detail}. Refusing to write after it; run: npm run verify-audit -- ${options.path}`, { cause: err });
    }
    if (found === null && tail.lastSeq > 0) {
      throw new Error(
        `its anchor ${anchorPath} is missing but the log holds records up to seq ${tail.lastSeq} (hash ${tail.lastHash}): ` +
          'the anchor was deleted, or the log predates anchors, and records cut from the end could not be detected. ' +
          'Compare that seq and hash with a copy kept elsewhere (e.g. credit_gateway_audit_anchor_info in the /metrics history), ' +
          `then run: npm run verify-audit -- --init-anchor ${options.path}`,
      );
    }
    if (found !== null && found.seq === tail.lastSeq && found.hash === tail.lastHash) {
      anchor = found;
    } else {
      // First start (no anchor, no record), or records written after the last anchor (a crash
      // between a group commit's fsync and its anchor write). Make them durable before anchoring
      // them, so the anchor never names a record that a power cut could still take away.
      if (tail.lastSeq > (found?.seq ?? 0)) await file.sync();
      anchor = { seq: tail.lastSeq, hash: tail.lastHash, at: now() };
      await replaceFile(anchorPath, formatAnchor(anchor));
    }
    knownSize = await file.size();
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

  /** The newest anchor not yet written; the writer running beside the rounds; why it last failed. */
  let anchorTarget: AuditAnchor | null = null;
  let anchorWriter: Promise<void> | null = null;
  let anchorFailure: unknown = null;

  function scheduleAnchor(next: AuditAnchor): void {
    anchorTarget = next;
    anchorWriter ??= writeAnchors();
  }

  async function writeAnchors(): Promise<void> {
    try {
      while (anchorTarget) {
        const next = anchorTarget;
        anchorTarget = null;
        try {
          await replaceFile(anchorPath, formatAnchor(next));
          anchor = next;
          anchorFailure = null;
        } catch (err) {
          anchorFailure = err;
          // Keep the newest target for the next round, which retries before writing anything.
          anchorTarget ??= next;
          return;
        }
      }
    } finally {
      anchorWriter = null;
    }
  }

  /** Before a round: the anchor is current, or written now; a round never runs on an anchor that cannot be written. */
  async function settleAnchor(): Promise<void> {
    if (anchorWriter) await anchorWriter;
    if (anchorFailure !== null && anchorTarget) {
      const next = anchorTarget;
      await replaceFile(anchorPath, formatAnchor(next));
      anchor = next;
      anchorFailure = null;
      anchorTarget = null;
    }
  }

  async function writeRound(batch: Pending[]): Promise<AuditReceipt[]> {
    await settleAnchor();
    if (dirty) {
      const t = await readTail(file, { anchor, trustedFrom: knownSize });
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
    knownSize += buffer.length;
    // Anchor after the fsync, so the anchor may lag the log but never lead it. It is written beside
    // the next rounds rather than before this one is acknowledged (an anchor write costs about as
    // much as the rest of a round, and a single client would pay it on every request): it lags by
    // at most the round being written, which the verifier accepts as it accepts a crash between
    // the two. If it cannot be written, the next round writes it first or fails closed.
    scheduleAnchor({ seq, hash: prevHash, at: now() });
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
      const admitted = admitEntry(entry, clock);
      if (!admitted.ok) return Promise.reject(admitted.error);
      if (queue.length >= maxPending) {
        stats.failedAppends += 1;
        return Promise.reject(new AuditWriteError(`audit log overloaded: ${maxPending} records already waiting for the disk`));
      }
      return new Promise<AuditReceipt>((resolve, reject) => {
        queue.push({ entry: admitted.entry, at: admitted.at, resolve, reject });
        if (!draining) {
          draining = true;
          // Start on a microtask so appends made in the same tick share the first round.
          drained = Promise.resolve().then(drain);
        }
      });
    },
    stats: () => ({ ...stats }),
    anchor: () => ({ ...anchor }),
    async close() {
      if (closed) return drained;
      closed = true;
      await drained;
      // The anchor names the last record when the log is closed cleanly.
      await settleAnchor().catch(() => undefined);
      await file.close();
    },
  };
}
