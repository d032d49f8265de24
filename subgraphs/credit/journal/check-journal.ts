import { createReadStream, createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LRUCache } from 'lru-cache';

/**
 * 联合奖惩案例 — the record of checks that found measures, and of what the handling system then did
 * (自动反馈). Two stores behind one interface (`CheckJournal`): month files of JSON lines under one
 * directory (`openCheckJournal`, this file: `checks-YYYY-MM.jsonl` and `feedback-YYYY-MM.jsonl`; the
 * embedded default, one process) and PostgreSQL (`openPostgresJournal`, shared by every credit
 * replica, chosen when `DATABASE_URL` is set; see `open-journal.ts`). The durable, tamper-evident
 * record of every query is the gateway's audit log; this journal is the credit office's working
 * data for the monthly case report.
 */
export interface CheckEntry {
  checkId: string;
  uscc: string;
  scenario: string;
  verdict: string;
  asOf: string;
  checkedAt: string;
  catalogueVersion: string;
  /** Measure codes of the flags (惩戒) and incentives (激励) the check found. */
  flags: string[];
  incentives: string[];
}

export interface FeedbackEntry {
  checkId: string;
  applied: boolean;
  measureCodes: string[];
  reason: string;
  handledBy: string | null;
  caseReference: string | null;
  reportedAt: string;
}

export interface CheckJournal {
  /**
   * Record a check whose checkId a client receives. Never rejects: a check is answered even when its
   * entry cannot be written at once (the journal is working data; the gateway's audit is the record
   * that fails closed). Resolves when the entry is stored, or when the store has given up waiting
   * and keeps the entry for a later attempt. The file journal resolves at once (its write is
   * buffered); the PostgreSQL journal resolves once the row is committed, so that feedback sent to
   * another replica right after the answer finds the check.
   */
  recordCheck(entry: CheckEntry): Promise<void>;
  /** The check with this id, if this journal can find it (for feedback). */
  findCheck(checkId: string): Promise<CheckEntry | undefined>;
  /** Store feedback; rejects when it could not be stored (the caller is told, and sends it again). */
  recordFeedback(entry: FeedbackEntry): Promise<void>;
  /**
   * Every check (with measures) and feedback of a month (`YYYY-MM`): the checks whose `checkedAt`
   * falls in the month, in the order they were recorded, each once; the feedback on them reported
   * in that month or the next, in the order it was recorded.
   */
  month(month: string): Promise<{ checks: CheckEntry[]; feedback: FeedbackEntry[] }>;
  close(): Promise<void>;
}

/** The month (`YYYY-MM`) an entry belongs to: that of its ISO-8601 time as written (UTC). */
export const monthOf = (iso: string) => iso.slice(0, 7);

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
}

/** Only checks that found a measure are cases (the report); every check stays findable for feedback. */
export const isCase = (e: CheckEntry) => e.flags.length > 0 || e.incentives.length > 0;

/**
 * The file journal (the embedded default, one process): month files of JSON lines in `dir`. Checks
 * without measures are findable for feedback from memory only (the last 100,000), so only through
 * this process and until it stops: enough for one process, not for replicas (postgres-journal.ts).
 */
export function openCheckJournal(dir: string): CheckJournal {
  mkdirSync(dir, { recursive: true });
  const streams = new Map<string, WriteStream>();
  const recent = new LRUCache<string, CheckEntry>({ max: 100_000 });
  const stream = (kind: 'checks' | 'feedback', month: string) => {
    const name = `${kind}-${month}.jsonl`;
    let s = streams.get(name);
    if (!s) {
      s = createWriteStream(join(dir, name), { flags: 'a' });
      streams.set(name, s);
    }
    return s;
  };
  async function* lines(file: string): AsyncGenerator<unknown> {
    if (!existsSync(file)) return;
    for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      try {
        yield JSON.parse(line);
      } catch {
        // A torn last line after a crash: skip it.
      }
    }
  }
  // The last write to each file: reading a file waits for the writes before it, so that a month
  // read right after a check was recorded holds it (a buffered write is not in the file yet).
  const lastWrite = new Map<WriteStream, Promise<void>>();
  const append = (s: WriteStream, line: string): Promise<void> => {
    const done = new Promise<void>((resolve, reject) => s.write(line, (err) => (err ? reject(err) : resolve())));
    lastWrite.set(
      s,
      done.catch(() => undefined),
    );
    return done;
  };
  const flushed = () => Promise.all(lastWrite.values());
  return {
    recordCheck(entry) {
      recent.set(entry.checkId, entry);
      // Fire and forget, as it always was: the answer does not wait for the file.
      if (isCase(entry)) void append(stream('checks', monthOf(entry.checkedAt)), JSON.stringify(entry) + '\n').catch(() => undefined);
      return Promise.resolve();
    },
    async findCheck(checkId) {
      const hit = recent.get(checkId);
      if (hit) return hit;
      // CHK-YYYYMMDD-…: the date is the check's day in China; the month files go by the UTC time
      // (monthOf), which is the previous month for a check made before 08:00 on the 1st.
      const m = /^CHK-(\d{4})(\d{2})\d{2}-/.exec(checkId);
      if (!m) return undefined;
      await flushed();
      const month = `${m[1]}-${m[2]}`;
      for (const file of [month, previousMonth(month)]) {
        for await (const e of lines(join(dir, `checks-${file}.jsonl`))) {
          if ((e as CheckEntry).checkId === checkId) return e as CheckEntry;
        }
      }
      return undefined;
    },
    async recordFeedback(entry) {
      await append(stream('feedback', monthOf(entry.reportedAt)), JSON.stringify(entry) + '\n');
    },
    async month(month) {
      await flushed();
      const checks: CheckEntry[] = [];
      const feedback: FeedbackEntry[] = [];
      const ids = new Set<string>();
      for await (const e of lines(join(dir, `checks-${month}.jsonl`))) {
        // The same check twice (two identical checks in one millisecond have one checkId) is one case.
        if (ids.has((e as CheckEntry).checkId)) continue;
        ids.add((e as CheckEntry).checkId);
        checks.push(e as CheckEntry);
      }
      // Feedback on a month's checks comes in that month or the next.
      for (const m of [month, nextMonth(month)]) {
        for await (const e of lines(join(dir, `feedback-${m}.jsonl`))) if (ids.has((e as FeedbackEntry).checkId)) feedback.push(e as FeedbackEntry);
      }
      return { checks, feedback };
    },
    async close() {
      await flushed();
      await Promise.all([...streams.values()].map((s) => new Promise<void>((r) => s.end(() => r()))));
      streams.clear();
    },
  };
}
