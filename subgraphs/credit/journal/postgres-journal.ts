import { LRUCache } from 'lru-cache';
import type { Pool } from '../../../common/engines/index.js';
import { isCase, monthOf, nextMonth, previousMonth, type CheckEntry, type CheckJournal, type FeedbackEntry } from './check-journal.js';

export interface PostgresJournalOptions {
  /** "Now", for the clean-up of checks without measures (the subgraph's clock). Default: the system clock. */
  clock?: () => Date;
  /** Where an outage of the database, its end, and entries given up are told. Default: stderr. */
  log?: (message: string) => void;
  /** Longest time an answer waits for its check's row to be committed. Default 2,000 ms. */
  recordWaitMs?: number;
  /** Most entries kept for a later attempt while the database cannot be written. Default 100,000. */
  maxQueued?: number;
  /** How often the checks without measures whose feedback window has passed are deleted. Default 1 hour (and at start); 0 = never (a reader such as the case report). */
  purgeIntervalMs?: number;
}

export interface PostgresJournal extends CheckJournal {
  /** Delete the checks without measures whose feedback window (their month and the next) has passed; how many. */
  purgeExpired(): Promise<number>;
  /** Entries recorded here and not yet committed (kept for a later attempt while the database is out). */
  readonly queued: number;
}

/** Rows per INSERT: answers recorded together are committed together. */
const BATCH = 500;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/** A refusal of the data itself (SQLSTATE class 22 or 23), not of the connection: retrying cannot help. */
const refusedData = (err: unknown) => /^2[23]/.test(String((err as { code?: unknown }).code ?? ''));

interface Pending {
  entry: CheckEntry;
  /** Lets the answer go (committed, given up waiting, or the database is out). */
  release?: () => void;
}

interface CheckRow {
  check_id: string;
  uscc: string;
  scenario: string;
  verdict: string;
  as_of: string;
  checked_at: Date;
  catalogue_version: string;
  flags: string[];
  incentives: string[];
}

interface FeedbackRow {
  check_id: string;
  applied: boolean;
  measure_codes: string[];
  reason: string;
  handled_by: string | null;
  case_reference: string | null;
  reported_at: Date;
}

const CHECK_COLUMNS = `check_id, uscc, scenario, verdict, to_char(as_of, 'YYYY-MM-DD') AS as_of, checked_at, catalogue_version, flags, incentives`;

const checkOf = (r: CheckRow): CheckEntry => ({
  checkId: r.check_id,
  uscc: r.uscc,
  scenario: r.scenario,
  verdict: r.verdict,
  asOf: r.as_of,
  checkedAt: r.checked_at.toISOString(),
  catalogueVersion: r.catalogue_version,
  flags: r.flags,
  incentives: r.incentives,
});

const feedbackOf = (r: FeedbackRow): FeedbackEntry => ({
  checkId: r.check_id,
  applied: r.applied,
  measureCodes: r.measure_codes,
  reason: r.reason,
  handledBy: r.handled_by,
  caseReference: r.case_reference,
  reportedAt: r.reported_at.toISOString(),
});

/**
 * The check journal in PostgreSQL (`schema/migrations/003_journal.sql`), shared by every credit
 * replica: a check made through one replica is found by another, so feedback (自动反馈) can be sent to
 * whichever replica the gateway picks, and the month report of any replica holds every replica's cases.
 *
 * What is stored, and why: every check a client received a checkId for, not only the cases. The
 * file journal finds a check without measures only in its in-process memory; with replicas that
 * would make feedback on such a check succeed or fail with CHECK_NOT_FOUND depending on which
 * replica the gateway happens to pick. Those rows are small and are deleted once their feedback
 * window (the check's month and the next, the window the case report reads feedback in) has passed;
 * the cases are kept. The durable record of every query remains the gateway's audit trail.
 *
 * Writes: the checks answered at the same moment are committed in one INSERT, and an answer waits
 * for its row (at most `recordWaitMs`): feedback sent to another replica right after the answer then
 * finds the check, and a replica killed right after answering has lost nothing. When the database
 * cannot be written, the journal does not hold the checks up: it answers at once, keeps the entries
 * (at most `maxQueued`, giving up checks without measures first) and writes them when the database
 * is back. It is working data, not the record that fails closed: that is the gateway's audit.
 * Feedback is written before the mutation answers, or the mutation fails and the sender retries.
 */
export function openPostgresJournal(pool: Pool, options: PostgresJournalOptions = {}): PostgresJournal {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((m: string) => process.stderr.write(`credit journal: ${m}\n`));
  const recordWaitMs = options.recordWaitMs ?? 2000;
  const maxQueued = options.maxQueued ?? 100_000;
  // What this replica recorded lately: found without a round trip, and while the database is out.
  const recent = new LRUCache<string, CheckEntry>({ max: 100_000 });

  const queue: Pending[] = [];
  let inFlight = 0;
  let flushing: Promise<void> | null = null;
  let scheduled = false;
  let failing = false;
  let retryMs = RETRY_FIRST_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let given = 0;
  let closed = false;

  async function insertChecks(entries: CheckEntry[]): Promise<void> {
    const docs = entries.map((e) => ({ ...e, month: monthOf(e.checkedAt) }));
    // One statement for the batch; ON CONFLICT: the same check twice (two identical checks in one
    // millisecond have one checkId, or a batch written again after a lost answer) is one row.
    await pool.query(
      `INSERT INTO journal_checks (check_id, month, uscc, scenario, verdict, as_of, checked_at, catalogue_version, flags, incentives)
       SELECT d->>'checkId', d->>'month', d->>'uscc', d->>'scenario', d->>'verdict', (d->>'asOf')::date,
              (d->>'checkedAt')::timestamptz, d->>'catalogueVersion',
              ARRAY(SELECT jsonb_array_elements_text(d->'flags')), ARRAY(SELECT jsonb_array_elements_text(d->'incentives'))
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS b(d, n)
       ORDER BY n
       ON CONFLICT (check_id) DO NOTHING`,
      [JSON.stringify(docs)],
    );
  }

  function scheduleFlush(): void {
    if (scheduled || flushing || failing || closed) return;
    scheduled = true;
    // The next turn of the event loop: the checks of one request (a bidder list) go in one INSERT.
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  }

  function scheduleRetry(): void {
    if (retryTimer || closed) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void flush();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }

  function flush(): Promise<void> {
    if (flushing) return flushing;
    flushing = (async () => {
      while (queue.length > 0) {
        const batch = queue.slice(0, BATCH);
        inFlight = batch.length;
        try {
          try {
            await insertChecks(batch.map((p) => p.entry));
          } catch (err) {
            // An entry the database refuses (SQLSTATE class 22 data, 23 integrity) would block every
            // later one if retried with them: written one by one, a refused entry is given up, logged.
            if (!refusedData(err)) throw err;
            for (const p of batch) {
              await insertChecks([p.entry]).catch((e: unknown) => {
                if (!refusedData(e)) throw e;
                log(`check ${p.entry.checkId} refused by PostgreSQL and given up: ${(e as Error).message}`);
              });
            }
          }
        } catch (err) {
          inFlight = 0;
          if (!failing)
            log(`PostgreSQL cannot be written (${(err as Error).message}); checks are answered and their entries kept to be written later`);
          failing = true;
          // Nobody waits through an outage (rows already written are written again as no-ops).
          for (const p of queue) p.release?.();
          scheduleRetry();
          return;
        }
        queue.splice(0, batch.length);
        inFlight = 0;
        for (const p of batch) p.release?.();
        if (failing) {
          failing = false;
          retryMs = RETRY_FIRST_MS;
          log(`PostgreSQL is written again${given > 0 ? `; ${given} entries were given up meanwhile` : ''}`);
          given = 0;
        }
      }
    })().finally(() => {
      flushing = null;
      if (queue.length > 0 && !failing) scheduleFlush();
    });
    return flushing;
  }

  /** Over the bound while the database is out: give up the oldest entry not being written, a check without measures first. */
  function makeRoom(): Pending | undefined {
    let i = queue.findIndex((p, k) => k >= inFlight && !isCase(p.entry));
    if (i < 0) i = queue.findIndex((_, k) => k >= inFlight);
    if (i < 0) return undefined;
    const [dropped] = queue.splice(i, 1);
    dropped?.release?.();
    if (given++ === 0) log(`more than ${maxQueued} entries wait for PostgreSQL; the oldest are given up (checks without measures first)`);
    return dropped;
  }

  async function purgeExpired(): Promise<number> {
    // Feedback on a check comes in its month or the next (the case report's window).
    const keepFrom = previousMonth(monthOf(clock().toISOString()));
    let total = 0;
    for (;;) {
      const r = await pool.query(
        `DELETE FROM journal_checks WHERE check_id IN (
           SELECT check_id FROM journal_checks WHERE NOT is_case AND month < $1 LIMIT 10000)`,
        [keepFrom],
      );
      total += r.rowCount ?? 0;
      if ((r.rowCount ?? 0) < 10_000) return total;
    }
  }
  let purging: Promise<void> | null = null;
  const purge = () => {
    if (purging || closed) return;
    purging = purgeExpired()
      .then(() => undefined)
      .catch((err: Error) => log(`clean-up of checks without measures failed (${err.message}); it runs again later`))
      .finally(() => (purging = null));
  };
  // At start and then every interval, by every replica (a delete twice is harmless). A reader of the
  // journal (the case report) passes 0 and deletes nothing.
  const purgeEvery = options.purgeIntervalMs ?? 3_600_000;
  if (purgeEvery > 0) purge();
  const purgeTimer = purgeEvery > 0 ? setInterval(purge, purgeEvery) : null;
  purgeTimer?.unref();

  return {
    get queued() {
      return queue.length;
    },
    purgeExpired,
    recordCheck(entry) {
      recent.set(entry.checkId, entry);
      const pending: Pending = { entry };
      queue.push(pending);
      const dropped = queue.length > maxQueued ? makeRoom() : undefined;
      // The database is out: the answer does not wait for it (the entry is written when it is back).
      if (failing || closed || dropped === pending) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => pending.release?.(), recordWaitMs);
        pending.release = () => {
          clearTimeout(timer);
          pending.release = undefined;
          resolve();
        };
        scheduleFlush();
      });
    },
    async findCheck(checkId) {
      const hit = recent.get(checkId);
      if (hit) return hit;
      const r = await pool.query<CheckRow>(`SELECT ${CHECK_COLUMNS} FROM journal_checks WHERE check_id = $1`, [checkId]);
      return r.rows[0] ? checkOf(r.rows[0]) : undefined;
    },
    async recordFeedback(entry) {
      await pool.query(
        `INSERT INTO journal_feedback (check_id, month, applied, measure_codes, reason, handled_by, case_reference, reported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          entry.checkId,
          monthOf(entry.reportedAt),
          entry.applied,
          entry.measureCodes,
          entry.reason,
          entry.handledBy,
          entry.caseReference,
          entry.reportedAt,
        ],
      );
    },
    async month(month) {
      // This replica's own entries first (as the file journal waits for its writes); if they cannot
      // be written, the report would miss cases: it fails instead (the query below would too).
      if (queue.length > 0) {
        if (retryTimer) {
          clearTimeout(retryTimer);
          retryTimer = null;
        }
        await flush();
        if (failing) throw new Error(`PostgreSQL cannot be written; ${queue.length} recorded checks wait to be written`);
      }
      const checks = await pool.query<CheckRow>(`SELECT ${CHECK_COLUMNS} FROM journal_checks WHERE month = $1 AND is_case ORDER BY seq`, [month]);
      const feedback = await pool.query<FeedbackRow>(
        `SELECT check_id, applied, measure_codes, reason, handled_by, case_reference, reported_at
         FROM journal_feedback
         WHERE month IN ($1, $2) AND check_id IN (SELECT check_id FROM journal_checks WHERE month = $1 AND is_case)
         ORDER BY seq`,
        [month, nextMonth(month)],
      );
      return { checks: checks.rows.map(checkOf), feedback: feedback.rows.map(feedbackOf) };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (purgeTimer) clearInterval(purgeTimer);
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      // One last attempt for what is still queued (a clean stop loses nothing while the database is up).
      if (queue.length > 0) {
        failing = false;
        await flush();
      }
      await flushing;
      await purging;
      if (queue.length > 0) log(`${queue.length} recorded checks could not be written to PostgreSQL before the stop`);
      for (const p of queue) p.release?.();
    },
  };
}
