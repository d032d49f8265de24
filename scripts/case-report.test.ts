/**
 * `npm run case-report` read from the check journal itself: from PostgreSQL (`--database` or
 * `DATABASE_URL`) it writes the same file and the same counts as from the journal's month files
 * (`--journal-dir`) holding the same data. (Through the gateway: test/feedback.test.ts.)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { postgresForTests } from '../test/support/engines-for-tests.js';
import { openCheckJournal, type CheckEntry, type FeedbackEntry } from '../subgraphs/credit/journal/check-journal.js';
import { openJournal } from '../subgraphs/credit/journal/open-journal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const postgres = postgresForTests();

const CHECKS: CheckEntry[] = [
  ['CHK-20260305-00000000000000A1', 'RESTRICTED', ['RESTRICT-BID-DISHONEST-DEBTOR'], []],
  ['CHK-20260306-00000000000000A2', 'RESTRICTED', ['RESTRICT-BID-DISHONEST-DEBTOR', 'NO-NOTIFICATION-COMMITMENT'], []],
  ['CHK-20260307-00000000000000A3', 'CLEAR', [], []],
  ['CHK-20260308-00000000000000A4', 'CLEAR', [], ['INCENTIVE-A-LEVEL-TAXPAYER']],
].map(([checkId, verdict, flags, incentives], i) => ({
  checkId: checkId as string,
  uscc: '914205030428615383',
  scenario: 'BIDDING',
  verdict: verdict as string,
  asOf: `2026-03-0${5 + i}`,
  checkedAt: `2026-03-0${5 + i}T01:00:00.000Z`,
  catalogueVersion: '2026.03',
  flags: flags as string[],
  incentives: incentives as string[],
}));
const FEEDBACK: FeedbackEntry[] = [
  {
    checkId: CHECKS[0]!.checkId,
    applied: false,
    measureCodes: [],
    reason: '异议复核中，暂缓',
    handledBy: null,
    caseReference: null,
    reportedAt: '2026-03-05T02:00:00.000Z',
  },
  {
    checkId: CHECKS[0]!.checkId,
    applied: true,
    measureCodes: ['RESTRICT-BID-DISHONEST-DEBTOR'],
    reason: '按招标文件规定的处理方法限制',
    handledBy: '宜昌市公共资源交易中心',
    caseReference: 'T-2026-001',
    reportedAt: '2026-03-09T02:00:00.000Z',
  },
  {
    checkId: CHECKS[1]!.checkId,
    applied: true,
    measureCodes: ['NO-NOTIFICATION-COMMITMENT'],
    reason: '不适用告知承诺',
    handledBy: null,
    caseReference: null,
    reportedAt: '2026-04-01T02:00:00.000Z',
  },
];

async function caseReport(args: string[], env: Record<string, string> = {}): Promise<{ csv: string; summary: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'cases-')), 'cases.csv');
  const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/case-report.ts', '2026-03', '--out', out, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', GATEWAY_URL: '', ...env },
  });
  return { csv: readFileSync(out, 'utf8'), summary: stderr.replace(out, '<out>') };
}

describe('npm run case-report from the check journal', () => {
  it('from PostgreSQL is the same as from the month files holding the same data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'credit-journal-'));
    const url = await postgres().createDatabase();
    const files = openCheckJournal(dir);
    const db = await openJournal({ journalDir: 'unused', engines: { databaseUrl: url } }, { clock: () => new Date('2026-04-15T00:00:00.000Z') });
    for (const j of [files, db]) {
      for (const c of CHECKS) await j.recordCheck(c);
      for (const f of FEEDBACK) await j.recordFeedback(f);
      await j.close();
    }
    const fromFiles = await caseReport(['--journal-dir', dir]);
    const fromDb = await caseReport(['--database', url]);
    const fromEnv = await caseReport([], { DATABASE_URL: url });
    expect(fromDb).toEqual(fromFiles);
    expect(fromEnv).toEqual(fromFiles);
    expect(fromDb.summary).toMatch(/^2026-03: 3 cases \(2 punishment, 1 incentive\), 2 with feedback → <out>/);
    expect(fromDb.summary).toMatch(/RESTRICT-BID-DISHONEST-DEBTOR\s+found 2, applied 1, not applied 1, pending 0/);
    const rows = fromDb.csv.split('\r\n').filter((l) => l.startsWith('CHK-'));
    expect(rows.map((r) => r.slice(0, 29))).toEqual([CHECKS[0]!.checkId, CHECKS[1]!.checkId, CHECKS[3]!.checkId]);
    // The later report on a check is the one listed.
    expect(rows[0]).toContain('按招标文件规定的处理方法限制');
    expect(rows[2]).toContain('待反馈 pending');
  });

  it('refuses two sources at once, and a database without a journal', async () => {
    const url = await postgres().createDatabase();
    await expect(caseReport(['--database', url, '--journal-dir', '/tmp'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/give one of/),
    });
    await expect(caseReport(['--database', url])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/holds no check journal/) });
  });

  it('names an unknown option and shows how it is used, without a stack trace', async () => {
    await expect(caseReport(['--month', '2026-03'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown option '--month'[\s\S]*usage: npm run case-report -- YYYY-MM/),
    });
    await expect(caseReport(['--month', '2026-03'])).rejects.not.toMatchObject({ stderr: expect.stringMatching(/at .*node:internal/) });
  });
});
