import { createReadStream, createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LRUCache } from 'lru-cache';

/**
 * 联合奖惩案例 — the record of checks that found measures, and of what the handling system then did
 * (自动反馈). Month files of JSON lines under one directory: `checks-YYYY-MM.jsonl` and
 * `feedback-YYYY-MM.jsonl`. The durable, tamper-evident record of every query is the gateway's
 * audit log; this journal is the credit office's working data for the monthly case report.
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
  recordCheck(entry: CheckEntry): void;
  findCheck(checkId: string): Promise<CheckEntry | undefined>;
  recordFeedback(entry: FeedbackEntry): Promise<void>;
  /** Every check (with measures) and feedback of a month (`YYYY-MM`). */
  month(month: string): Promise<{ checks: CheckEntry[]; feedback: FeedbackEntry[] }>;
  close(): Promise<void>;
}

const monthOf = (iso: string) => iso.slice(0, 7);

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
  const flushed = () =>
    Promise.all([...streams.values()].map((s) => new Promise<void>((r) => (s.writableNeedDrain ? s.once('drain', () => r()) : r()))));
  return {
    recordCheck(entry) {
      // Only checks that found a measure are cases; every check stays findable for feedback.
      recent.set(entry.checkId, entry);
      if (entry.flags.length === 0 && entry.incentives.length === 0) return;
      stream('checks', monthOf(entry.checkedAt)).write(JSON.stringify(entry) + '\n');
    },
    async findCheck(checkId) {
      const hit = recent.get(checkId);
      if (hit) return hit;
      // CHK-YYYYMMDD-…: the check's own month file.
      const m = /^CHK-(\d{4})(\d{2})\d{2}-/.exec(checkId);
      if (!m) return undefined;
      await flushed();
      for await (const e of lines(join(dir, `checks-${m[1]}-${m[2]}.jsonl`))) {
        if ((e as CheckEntry).checkId === checkId) return e as CheckEntry;
      }
      return undefined;
    },
    async recordFeedback(entry) {
      const s = stream('feedback', monthOf(entry.reportedAt));
      await new Promise<void>((resolve, reject) => s.write(JSON.stringify(entry) + '\n', (err) => (err ? reject(err) : resolve())));
    },
    async month(month) {
      await flushed();
      const checks: CheckEntry[] = [];
      const feedback: FeedbackEntry[] = [];
      for await (const e of lines(join(dir, `checks-${month}.jsonl`))) checks.push(e as CheckEntry);
      // Feedback on a month's checks comes in that month or the next.
      const [y, mo] = month.split('-').map(Number) as [number, number];
      const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
      const ids = new Set(checks.map((c) => c.checkId));
      for (const m of [month, next]) {
        for await (const e of lines(join(dir, `feedback-${m}.jsonl`))) if (ids.has((e as FeedbackEntry).checkId)) feedback.push(e as FeedbackEntry);
      }
      return { checks, feedback };
    },
    async close() {
      await Promise.all([...streams.values()].map((s) => new Promise<void>((r) => s.end(() => r()))));
      streams.clear();
    },
  };
}
