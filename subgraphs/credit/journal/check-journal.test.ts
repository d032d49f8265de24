/**
 * The check journal's contract, held by both stores (month files; PostgreSQL on a real server), and
 * what only the shared store gives: two replicas on one database, an outage of the database, and
 * the clean-up of checks without measures.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { postgresForTests } from '../../../test/support/engines-for-tests.js';
import { chinaDate } from '../../shared/index.js';
import { loadCatalogue } from '../catalogue/catalogue.js';
import { caseReport } from './case-report.js';
import { openCheckJournal, type CheckEntry, type CheckJournal, type FeedbackEntry } from './check-journal.js';
import { openJournal } from './open-journal.js';
import { openPostgresJournal } from './postgres-journal.js';
import { createSharedPool, migrate } from '../../../common/engines/index.js';

const postgres = postgresForTests();

/** The journals' "now": mid-April 2026, so that March and April are inside the feedback window. */
const clock = () => new Date('2026-04-15T03:00:00.000Z');

let serial = 0;
/** A check as the rules make it: its id carries its day in China (CHK-YYYYMMDD-…). */
function check(checkedAt: string, over: Partial<CheckEntry> = {}): CheckEntry {
  serial++;
  return {
    checkId: `CHK-${chinaDate(new Date(checkedAt)).replace(/-/g, '')}-${serial.toString(16).toUpperCase().padStart(16, '0')}`,
    uscc: '914205030428615383',
    scenario: 'BIDDING',
    verdict: 'RESTRICTED',
    asOf: checkedAt.slice(0, 10),
    checkedAt,
    catalogueVersion: '2026.04',
    flags: ['RESTRICT-BID-DISHONEST-DEBTOR'],
    incentives: [],
    ...over,
  };
}
const clear = (checkedAt: string) => check(checkedAt, { verdict: 'CLEAR', flags: [] });

function feedback(c: CheckEntry, reportedAt: string, over: Partial<FeedbackEntry> = {}): FeedbackEntry {
  return {
    checkId: c.checkId,
    applied: true,
    measureCodes: c.flags.slice(0, 1),
    reason: '按招标文件规定的处理方法限制',
    handledBy: '宜昌市公共资源交易中心',
    caseReference: null,
    reportedAt,
    ...over,
  };
}

/** A store: open a journal on it (again and again: a restart, or another replica). */
interface Store {
  open(): Promise<CheckJournal>;
}
const STORES: [string, () => Promise<Store>][] = [
  [
    'month files',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'credit-journal-'));
      return { open: async () => openCheckJournal(dir) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const url = await postgres().createDatabase();
      return { open: () => openJournal({ journalDir: 'unused', engines: { databaseUrl: url } }, { clock }) };
    },
  ],
];

describe.each(STORES)('the check journal in %s', (_name, makeStore) => {
  it('finds a recorded check, with or without measures, and no unknown one', async () => {
    const j = await (await makeStore()).open();
    try {
      const flagged = check('2026-04-10T02:00:00.000Z');
      const plain = clear('2026-04-10T02:00:01.000Z');
      await j.recordCheck(flagged);
      await j.recordCheck(plain);
      expect(await j.findCheck(flagged.checkId)).toEqual(flagged);
      expect(await j.findCheck(plain.checkId)).toEqual(plain);
      expect(await j.findCheck('CHK-20260410-0000000000000000')).toBeUndefined();
      expect(await j.findCheck('not a check id')).toBeUndefined();
    } finally {
      await j.close();
    }
  });

  it('a month holds its cases in order, each once, and the feedback on them of that month and the next', async () => {
    const j = await (await makeStore()).open();
    try {
      const c1 = check('2026-03-02T01:00:00.000Z');
      const plain = clear('2026-03-03T01:00:00.000Z');
      const c2 = check('2026-03-31T23:00:00.000Z', { flags: [], incentives: ['INCENTIVE-A-LEVEL-TAXPAYER'], verdict: 'CLEAR' });
      const c3 = check('2026-04-01T01:00:00.000Z');
      for (const c of [c1, plain, c2, c1, c3]) await j.recordCheck(c);
      const f1 = feedback(c1, '2026-03-02T02:00:00.000Z');
      const f2 = feedback(c2, '2026-04-02T02:00:00.000Z', { applied: false, measureCodes: [], reason: '异议复核中' });
      const late = feedback(c1, '2026-05-01T00:00:00.000Z', { reason: '窗口期之后' });
      const f3 = feedback(c3, '2026-04-03T02:00:00.000Z', { caseReference: 'GP-2026-0042', handledBy: null });
      for (const f of [f1, f2, late, f3]) await j.recordFeedback(f);
      expect(await j.month('2026-03')).toEqual({ checks: [c1, c2], feedback: [f1, f2] });
      expect(await j.month('2026-04')).toEqual({ checks: [c3], feedback: [f3] });
      expect(await j.month('2026-02')).toEqual({ checks: [], feedback: [] });
    } finally {
      await j.close();
    }
  });

  it('keeps the cases and their feedback across a restart', async () => {
    const store = await makeStore();
    const first = await store.open();
    const c = check('2026-04-11T06:00:00.000Z');
    // Before 08:00 on the 1st in China: its id says April, its UTC month is March.
    const early = check('2026-03-31T20:00:00.000Z');
    expect(early.checkId).toMatch(/^CHK-20260401-/);
    await first.recordCheck(c);
    await first.recordCheck(early);
    await first.recordFeedback(feedback(c, '2026-04-12T00:00:00.000Z'));
    const before = await first.month('2026-04');
    await first.close();
    const again = await store.open();
    try {
      expect(await again.findCheck(c.checkId)).toEqual(c);
      expect(await again.findCheck(early.checkId)).toEqual(early);
      expect(await again.month('2026-04')).toEqual(before);
      expect(before.checks).toEqual([c]);
      expect((await again.month('2026-03')).checks).toEqual([early]);
    } finally {
      await again.close();
    }
  });
});

describe('the same data gives the same case report from files and from PostgreSQL', () => {
  it('every count and every record', async () => {
    const files = openCheckJournal(mkdtempSync(join(tmpdir(), 'credit-journal-')));
    const url = await postgres().createDatabase();
    const db = await openJournal({ journalDir: 'unused', engines: { databaseUrl: url } }, { clock });
    try {
      const checks = [
        check('2026-03-05T01:00:00.000Z'),
        check('2026-03-06T01:00:00.000Z', { flags: ['RESTRICT-BID-DISHONEST-DEBTOR', 'NO-NOTIFICATION-COMMITMENT'] }),
        clear('2026-03-07T01:00:00.000Z'),
        check('2026-03-08T01:00:00.000Z', { flags: [], incentives: ['INCENTIVE-A-LEVEL-TAXPAYER'], verdict: 'CLEAR' }),
      ];
      const fb = [
        feedback(checks[0]!, '2026-03-05T02:00:00.000Z', { applied: false, measureCodes: [], reason: '先不适用' }),
        // A later report on the same check wins.
        feedback(checks[0]!, '2026-03-06T02:00:00.000Z'),
        feedback(checks[1]!, '2026-04-01T02:00:00.000Z', { measureCodes: ['NO-NOTIFICATION-COMMITMENT'] }),
      ];
      for (const j of [files, db]) {
        for (const c of checks) await j.recordCheck(c);
        for (const f of fb) await j.recordFeedback(f);
      }
      const catalogue = loadCatalogue();
      const now = new Date('2026-04-15T00:00:00.000Z');
      const fromFiles = caseReport('2026-03', await files.month('2026-03'), catalogue, now);
      const fromDb = caseReport('2026-03', await db.month('2026-03'), catalogue, now);
      expect(fromDb).toEqual(fromFiles);
      expect(fromDb).toMatchObject({ cases: 3, punishmentCases: 2, incentiveCases: 1, withFeedback: 2 });
    } finally {
      await Promise.all([files.close(), db.close()]);
    }
  });
});

describe('two credit replicas on one database', () => {
  it('feedback sent through B on a check made through A, with or without measures, is in both reports', async () => {
    const url = await postgres().createDatabase();
    const settings = { journalDir: 'unused', engines: { databaseUrl: url } };
    const [a, b] = await Promise.all([openJournal(settings, { clock }), openJournal(settings, { clock })]);
    try {
      const flagged = check('2026-04-14T01:00:00.000Z');
      const plain = clear('2026-04-14T01:00:01.000Z');
      await a.recordCheck(flagged);
      await a.recordCheck(plain);
      // No waiting: the check is committed when recordCheck resolves (before the answer leaves A).
      expect(await b.findCheck(flagged.checkId)).toEqual(flagged);
      expect(await b.findCheck(plain.checkId)).toEqual(plain);
      const f = feedback(flagged, '2026-04-14T02:00:00.000Z');
      await b.recordFeedback(f);
      await b.recordFeedback(feedback(plain, '2026-04-14T02:00:01.000Z', { applied: false, measureCodes: [], reason: '无惩戒措施，正常办理' }));
      expect(await a.month('2026-04')).toEqual({ checks: [flagged], feedback: [f] });
      expect(await b.month('2026-04')).toEqual(await a.month('2026-04'));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('the same check recorded by both replicas is one case', async () => {
    const url = await postgres().createDatabase();
    const settings = { journalDir: 'unused', engines: { databaseUrl: url } };
    const [a, b] = await Promise.all([openJournal(settings, { clock }), openJournal(settings, { clock })]);
    try {
      const c = check('2026-04-14T03:00:00.000Z');
      await Promise.all([a.recordCheck(c), b.recordCheck(c)]);
      expect((await b.month('2026-04')).checks).toEqual([c]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('the checks of one request are written together, in order', async () => {
    const url = await postgres().createDatabase();
    const j = await openJournal({ journalDir: 'unused', engines: { databaseUrl: url } }, { clock });
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    try {
      const list = Array.from({ length: 1200 }, (_, i) => check(`2026-04-13T00:00:${String(i % 60).padStart(2, '0')}.000Z`));
      await Promise.all(list.map((c) => j.recordCheck(c)));
      expect((await j.month('2026-04')).checks.map((c) => c.checkId)).toEqual(list.map((c) => c.checkId));
      // 1,200 checks answered at once: three INSERTs of at most 500 rows, not 1,200 round trips.
      const { rows } = await probe.query<{ calls: string }>(
        "SELECT count(DISTINCT xmin::text)::text AS calls FROM journal_checks WHERE month = '2026-04'",
      );
      expect(Number(rows[0]!.calls)).toBeLessThanOrEqual(3);
    } finally {
      await probe.end();
      await j.close();
    }
  });
});

describe('an entry PostgreSQL refuses', () => {
  it('is given up and said so; the checks recorded with it are written', async () => {
    const url = await postgres().createDatabase();
    const logs: string[] = [];
    const pool = createSharedPool(url, { name: 'credit-test' });
    await migrate(pool);
    const j = openPostgresJournal(pool, { clock, log: (m) => logs.push(m), purgeIntervalMs: 0 });
    try {
      const good = [check('2026-04-14T05:00:00.000Z'), check('2026-04-14T05:00:01.000Z')];
      const bad = check('2026-04-14T05:00:02.000Z', { asOf: '2026-02-30' });
      await Promise.all([good[0]!, bad, good[1]!].map((c) => j.recordCheck(c)));
      expect(j.queued).toBe(0);
      expect((await j.month('2026-04')).checks).toEqual(good);
      expect(logs.filter((m) => m.includes(bad.checkId))).toHaveLength(1);
      // Not taken for an outage: the next check is written at once.
      const next = check('2026-04-14T05:00:03.000Z');
      await j.recordCheck(next);
      const other = openPostgresJournal(pool, { clock, purgeIntervalMs: 0 });
      expect(await other.findCheck(next.checkId)).toEqual(next);
      await other.close();
    } finally {
      await j.close();
      await pool.end();
    }
  });
});

describe('while PostgreSQL cannot be reached', () => {
  /** Refuse every new connection to the database and end the open ones (as a failed-over or stopped postgres() does). */
  async function cut(url: string, allow: boolean): Promise<void> {
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: postgres().url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allow}`);
      if (!allow) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    } finally {
      await admin.end();
    }
  }

  it('checks are answered and written when it is back; feedback is refused, not lost silently', async () => {
    const url = await postgres().createDatabase();
    const logs: string[] = [];
    const pool = createSharedPool(url, { name: 'credit-test', connectionTimeoutMs: 1000 });
    await migrate(pool);
    const a = openPostgresJournal(pool, { clock, log: (m) => logs.push(m) });
    const b = await openJournal({ journalDir: 'unused', engines: { databaseUrl: url } }, { clock });
    try {
      const before = check('2026-04-14T04:00:00.000Z');
      await a.recordCheck(before);
      await cut(url, false);
      const during = [check('2026-04-14T04:00:01.000Z'), clear('2026-04-14T04:00:02.000Z')];
      // Never rejects, and does not wait through the outage for longer than its bound.
      for (const c of during) await a.recordCheck(c);
      expect(a.queued).toBe(2);
      // This replica still finds what it recorded (feedback sent to it is not refused meanwhile).
      expect(await a.findCheck(during[0]!.checkId)).toEqual(during[0]);
      await expect(a.recordFeedback(feedback(before, '2026-04-14T04:01:00.000Z'))).rejects.toThrow();
      await expect(a.month('2026-04')).rejects.toThrow();
      expect(logs.some((m) => /cannot be written/.test(m))).toBe(true);
      await cut(url, true);
      await vi.waitFor(() => expect(a.queued).toBe(0), { timeout: 20_000, interval: 100 });
      expect(logs.some((m) => /written again/.test(m))).toBe(true);
      for (const c of during) expect(await b.findCheck(c.checkId)).toEqual(c);
      expect((await b.month('2026-04')).checks).toEqual([before, during[0]]);
    } finally {
      await cut(url, true);
      await a.close();
      await pool.end();
      await b.close();
    }
  });

  it('a replica that cannot reach it at start says so and does not start', async () => {
    const url = await postgres().createDatabase();
    await cut(url, false);
    await expect(openJournal({ journalDir: 'unused', engines: { databaseUrl: url } }, { clock })).rejects.toThrow(
      /cannot prepare its check journal in PostgreSQL/,
    );
    await cut(url, true);
  });
});

describe('checks without measures are kept for their feedback window only', () => {
  it('their month and the next; the cases are kept', async () => {
    const url = await postgres().createDatabase();
    const pool = createSharedPool(url, { name: 'credit-test' });
    await migrate(pool);
    let now = new Date('2026-03-20T00:00:00.000Z');
    const j = openPostgresJournal(pool, { clock: () => now, purgeIntervalMs: 0 });
    try {
      const febCase = check('2026-02-10T00:00:00.000Z');
      const febPlain = clear('2026-02-10T00:00:01.000Z');
      const marPlain = clear('2026-03-10T00:00:00.000Z');
      for (const c of [febCase, febPlain, marPlain]) await j.recordCheck(c);
      // March: February's feedback may still come.
      expect(await j.purgeExpired()).toBe(0);
      now = new Date('2026-04-01T00:00:00.000Z');
      expect(await j.purgeExpired()).toBe(1);
      const other = openPostgresJournal(pool, { clock: () => now, purgeIntervalMs: 0 });
      expect(await other.findCheck(febPlain.checkId)).toBeUndefined();
      expect(await other.findCheck(febCase.checkId)).toEqual(febCase);
      expect(await other.findCheck(marPlain.checkId)).toEqual(marPlain);
      await other.close();
    } finally {
      await j.close();
      await pool.end();
    }
  });
});
