import { hostname } from 'node:os';
import type { Pool, PoolClient } from 'pg';
import { admitEntry, type AuditEntry, type AuditReceipt, type AuditRecord, type AuditRecovery } from './audit-entry.js';
import { AuditWriteError } from './audit-errors.js';
import type { AuditAnchor } from './audit-anchor.js';
import type { AuditLogStats } from './audit-log.js';
import type { AuditStore } from './audit-store.js';
import { canonicalJson } from './canonical-json.js';
import { computeRecordHash, parseRecordText, type ChainFields } from './chain.js';
import { parseAuditQueryFilter, type ParsedAuditQueryFilter } from './query-audit-log.js';
import { recordColumns } from './record-columns.js';

export interface PostgresAuditStoreOptions {
  /** The shared pool (`createSharedPool`), migrated (`migrate`). Not ended by `close`. */
  pool: Pool;
  /** This replica's name, kept in each row's `writer` column. Default `gateway@<host>:<pid>`. */
  writer?: string;
  /** Time source for `at`. Default `() => new Date()`. */
  clock?: () => Date;
  /**
   * Appends allowed to wait for the database before new ones are refused with `AUDIT_UNAVAILABLE`
   * (back-pressure instead of unbounded memory when the database hangs). Default 10 000.
   */
  maxPending?: number;
  /**
   * Most records in one transaction. The head stays locked while their hashes are computed, and
   * every other replica waits for it: a bound keeps that wait short. Default 1000.
   */
  maxBatch?: number;
  /** Longest wait for the head lock (another replica's transaction) before the round fails closed. Default 5000 ms. */
  lockTimeoutMs?: number;
  /**
   * A transaction of this store left idle this long is ended by the server: a replica frozen or cut
   * off while it holds the head lock cannot stop the other replicas' audit for longer. Default 10 000 ms.
   */
  idleInTransactionTimeoutMs?: number;
}

interface Pending {
  entry: AuditEntry;
  at: string;
  resolve: (receipt: AuditReceipt) => void;
  reject: (err: Error) => void;
}

/** A batch whose COMMIT may or may not have happened (the connection failed after its INSERT was sent). */
interface InDoubt {
  fromSeq: number;
  toSeq: number;
  lastHash: string;
}

/** The head and the end of the chain disagree: someone changed the tables. Nothing is written after it. */
class HeadTamperedError extends Error {}

/**
 * Read the head and check that it names the last record: the record at the head's seq has the
 * head's hash and no record lies beyond it. Head and records are only ever changed together, in
 * one transaction, so any other state was made by hand; a record chained onto it would launder it
 * (as the file log refuses to write after a damaged tail). One statement, so one snapshot: read in
 * two, another replica's commit could fall between them and look like tampering.
 */
async function readHead(q: Pick<PoolClient, 'query'>): Promise<AuditAnchor> {
  const { rows } = await q.query<{ seq: string; hash: string; updated_at: Date; record_hash: string | null; last_seq: string | null }>(
    `SELECT h.seq, h.hash, h.updated_at,
            (SELECT r.hash FROM audit_record r WHERE r.seq = h.seq) AS record_hash,
            (SELECT max(seq) FROM audit_record) AS last_seq
       FROM audit_head h`,
  );
  const r = rows[0];
  if (!r) throw new HeadTamperedError('the audit head row (audit_head) is missing');
  const head: AuditAnchor = { seq: Number(r.seq), hash: r.hash, at: r.updated_at.toISOString() };
  const lastSeq = r.last_seq === null ? 0 : Number(r.last_seq);
  if (head.seq > 0 && r.record_hash === null) {
    throw new HeadTamperedError(`the audit head names record ${head.seq}, which is not in audit_record: records were deleted`);
  }
  if (head.seq > 0 && r.record_hash !== head.hash) {
    throw new HeadTamperedError(`record ${head.seq} does not have the hash the audit head names: the record or the head was rewritten`);
  }
  if (lastSeq > head.seq) {
    throw new HeadTamperedError(
      `audit_record holds records up to ${lastSeq} but the audit head names record ${head.seq}: the head was moved back or records were added by hand`,
    );
  }
  return head;
}

/** The SQL of an `/audit` search: every filter by an index (see 001_audit.sql), in seq order, one row more than a page. */
export function auditQuerySql(f: ParsedAuditQueryFilter): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (f.uscc !== undefined) where.push(`codes @> ARRAY[${param(f.uscc)}]::text[]`);
  if (f.callerId !== undefined) where.push(`caller_id = ${param(f.callerId)}`);
  if (f.operator !== undefined) where.push(`operator_id = ${param(f.operator)}`);
  if (f.from !== undefined) where.push(`at >= ${param(new Date(f.from))}`);
  if (f.to !== undefined) where.push(`at < ${param(new Date(f.to))}`);
  if (f.afterSeq !== undefined) where.push(`seq > ${param(f.afterSeq)}`);
  const text = `SELECT seq, record FROM audit_record${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ${param(f.limit + 1)}`;
  return { text, values };
}

/** Rows of one INSERT statement at most (bounded by bytes too), so that a big batch is not one huge message. */
const INSERT_ROWS = 500;
const INSERT_BYTES = 8 * 1024 * 1024;

const INSERT_SQL = `INSERT INTO audit_record (seq, record, hash, prev_hash, at, caller_id, operator_id, report_number, codes, writer)
  SELECT u.seq, u.record, u.hash, u.prev_hash, u.at, u.caller_id, u.operator_id, u.report_number,
         ARRAY(SELECT jsonb_array_elements_text(u.codes::jsonb)), $10
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[])
    AS u(seq, record, hash, prev_hash, at, caller_id, operator_id, report_number, codes)`;

interface Row {
  seq: number;
  text: string;
  record: ChainFields;
}

/**
 * Open the audit trail in PostgreSQL: one hash chain for every gateway replica (gateway/audit/README.md).
 *
 * Appends go through one queue per replica with group commit: while one transaction runs, new
 * appends wait; the next round writes all of them in one transaction — BEGIN; lock the head
 * (`SELECT … FOR UPDATE`: replicas take turns); insert the records with the next seqs and chained
 * hashes; move the head; COMMIT with `synchronous_commit = on` — and each `append` resolves only
 * after that COMMIT returned. On any failure every append of the round is rejected (the gateway
 * answers AUDIT_UNAVAILABLE); the transaction was not committed (or, if the connection broke
 * during COMMIT, may have been: the next round finds out and says so in its `recovery`).
 */
export async function openPostgresAuditStore(options: PostgresAuditStoreOptions): Promise<AuditStore> {
  const { pool } = options;
  const clock = options.clock ?? (() => new Date());
  const maxPending = options.maxPending ?? 10_000;
  const maxBatch = options.maxBatch ?? 1000;
  const writer = options.writer ?? `gateway@${hostname()}:${process.pid}`;
  const lockTimeoutMs = Math.max(1, Math.round(options.lockTimeoutMs ?? 5000));
  const idleTimeoutMs = Math.max(1, Math.round(options.idleInTransactionTimeoutMs ?? 10_000));

  let anchor: AuditAnchor;
  try {
    anchor = await readHead(pool);
  } catch (err) {
    const detail =
      err instanceof HeadTamperedError
        ? `${err.message}. Refusing to write after it; run: npm run verify-audit -- --database <url>`
        : (err as Error).message;
    throw new AuditWriteError(`cannot continue the audit trail in the database: ${detail}`, { cause: err });
  }

  const queue: Pending[] = [];
  let draining = false;
  let closed = false;
  let drained: Promise<void> = Promise.resolve();
  const stats: AuditLogStats = { records: 0, fsyncs: 0, failedAppends: 0 };
  let failedSinceWrite = 0;
  let lastError: string | null = null;
  /** The last round whose COMMIT may have happened although it failed; settled by the next round that gets the head. */
  let inDoubt: InDoubt | null = null;
  /** Records in the chain whose appends this replica rejected (their callers failed closed). */
  let unacknowledged: { fromSeq: number; toSeq: number } | null = null;

  function recoveryField(): AuditRecovery | undefined {
    if (failedSinceWrite === 0 && unacknowledged === null) return undefined;
    // No bytes are ever skipped in the database (a transaction is all or nothing); the field says
    // which appends failed and which records reached the chain although their append was rejected.
    return { reason: 'WRITE_FAILED', skippedBytes: 0, skippedSha256: null, failedAppends: failedSinceWrite, lastError, unacknowledged };
  }

  async function writeRound(batch: Pending[]): Promise<AuditReceipt[]> {
    const client = await pool.connect();
    // A checked-out client has no error listener: a connection lost between two statements would
    // otherwise be an unhandled 'error' event. The statement in flight rejects on its own.
    const onError = () => undefined;
    client.on('error', onError);
    let insertSent = false;
    let planned: InDoubt | null = null;
    try {
      // synchronous_commit on whatever the server's or role's default: COMMIT returns only once the
      // records are on the server's disk (and its synchronous standbys'), which is what allows the
      // answer to leave. The timeouts bound how long a stuck replica can hold the others up.
      await client.query(
        `BEGIN; SET LOCAL synchronous_commit = on; SET LOCAL lock_timeout = ${lockTimeoutMs}; SET LOCAL idle_in_transaction_session_timeout = ${idleTimeoutMs}`,
      );
      await client.query('SELECT seq FROM audit_head WHERE id FOR UPDATE');
      // Read after the lock, in a new statement (a new snapshot under READ COMMITTED): every record
      // committed by the replica that held the head before is visible, and no other can commit
      // while this transaction holds it.
      const head = await readHead(client);
      if (inDoubt) {
        const d = inDoubt;
        const found = await client.query<{ hash: string }>('SELECT hash FROM audit_record WHERE seq = $1', [d.toSeq]);
        // A round's records are committed all together or not at all: its last one tells.
        if (found.rows[0]?.hash === d.lastHash) {
          unacknowledged = unacknowledged === null ? { fromSeq: d.fromSeq, toSeq: d.toSeq } : { fromSeq: unacknowledged.fromSeq, toSeq: d.toSeq };
        }
        inDoubt = null;
      }

      const rowsOut: Row[] = [];
      const receipts: AuditReceipt[] = [];
      let seq = head.seq;
      let prevHash = head.hash;
      for (const [i, p] of batch.entries()) {
        seq += 1;
        const recovery = i === 0 ? recoveryField() : undefined;
        const withoutHash: Omit<AuditRecord, 'hash'> = { ...p.entry, seq, at: p.at, prevHash, ...(recovery ? { recovery } : {}) };
        const hash = computeRecordHash(withoutHash);
        const record = { ...withoutHash, hash } as unknown as ChainFields;
        rowsOut.push({ seq, text: canonicalJson(record), record });
        receipts.push({ seq, at: p.at, hash });
        prevHash = hash;
      }
      planned = { fromSeq: head.seq + 1, toSeq: seq, lastHash: prevHash };
      for (let start = 0; start < rowsOut.length;) {
        let end = start;
        let bytes = 0;
        while (end < rowsOut.length && end - start < INSERT_ROWS && (end === start || bytes + rowsOut[end]!.text.length <= INSERT_BYTES)) {
          bytes += rowsOut[end]!.text.length;
          end += 1;
        }
        const chunk = rowsOut.slice(start, end).map((r) => ({ r, c: recordColumns(r.record) }));
        insertSent = true;
        await client.query(INSERT_SQL, [
          chunk.map(({ r }) => r.seq),
          chunk.map(({ r }) => r.text),
          chunk.map(({ c }) => c.hash),
          chunk.map(({ c }) => c.prevHash),
          chunk.map(({ r }) => r.record.at),
          chunk.map(({ c }) => c.callerId),
          chunk.map(({ c }) => c.operatorId),
          chunk.map(({ c }) => c.reportNumber),
          chunk.map(({ c }) => JSON.stringify(c.codes)),
          writer,
        ]);
        start = end;
      }
      const moved = await client.query<{ updated_at: Date }>(
        'UPDATE audit_head SET seq = $1, hash = $2, updated_at = now() WHERE id RETURNING updated_at',
        [seq, prevHash],
      );
      await client.query('COMMIT');
      client.off('error', onError);
      client.release();
      anchor = { seq, hash: prevHash, at: moved.rows[0]!.updated_at.toISOString() };
      failedSinceWrite = 0;
      lastError = null;
      unacknowledged = null;
      return receipts;
    } catch (err) {
      if (insertSent && planned) inDoubt = planned;
      client.off('error', onError);
      // Its transaction's state is unknown: the connection is closed, never reused (an open
      // transaction dies with it and is rolled back).
      client.release(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, Math.min(queue.length, maxBatch));
        try {
          const receipts = await writeRound(batch);
          stats.records += batch.length;
          stats.fsyncs += 1;
          batch.forEach((p, i) => p.resolve(receipts[i]!));
        } catch (err) {
          failedSinceWrite += batch.length;
          stats.failedAppends += batch.length;
          const code = (err as { code?: unknown }).code;
          lastError = typeof code === 'string' ? code : 'UNKNOWN';
          const detail =
            err instanceof HeadTamperedError
              ? `${err.message}. Refusing to write after it; run: npm run verify-audit -- --database <url>`
              : (err as Error).message;
          const failure = new AuditWriteError(`audit record not written: ${detail}`, { cause: err });
          for (const p of batch) p.reject(failure);
        }
      }
    } finally {
      draining = false;
    }
  }

  return {
    kind: 'postgres',
    append(entry) {
      if (closed) return Promise.reject(new AuditWriteError('the audit trail is closed'));
      const admitted = admitEntry(entry, clock);
      if (!admitted.ok) return Promise.reject(admitted.error);
      if (queue.length >= maxPending) {
        stats.failedAppends += 1;
        return Promise.reject(new AuditWriteError(`audit trail overloaded: ${maxPending} records already waiting for the database`));
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
    },
    async query(filter) {
      const f = parseAuditQueryFilter(filter);
      const { text, values } = auditQuerySql(f);
      const { rows } = await pool.query<{ seq: string; record: string }>(text, values);
      // One row more than a page was asked for: if it came, there is a next page.
      const page = rows.slice(0, f.limit);
      const records: AuditRecord[] = [];
      for (const row of page) {
        const kind = parseRecordText(row.record);
        // As the file search skips lines that are not records: integrity is the verifier's job.
        if (kind.kind === 'record') records.push(kind.record as unknown as AuditRecord);
      }
      return { records, nextAfterSeq: rows.length > f.limit ? Number(page[page.length - 1]!.seq) : null };
    },
    async findReport(number) {
      const { rows } = await pool.query<{ record: string }>('SELECT record FROM audit_record WHERE report_number = $1 ORDER BY seq LIMIT 1', [
        number,
      ]);
      if (rows.length === 0) return null;
      const kind = parseRecordText(rows[0]!.record);
      if (kind.kind !== 'record') throw new Error(`the audit record of report ${number} is not a record any more`);
      return kind.record;
    },
  };
}
