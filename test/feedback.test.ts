/**
 * 自动反馈 and the monthly case report: the handling system reports what it did with a check,
 * cited by its checkId; the credit office reads the month's joint reward/punishment cases.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type AsCaller, type Stack } from './support/stack.js';

const HALL: AsCaller = { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING' };
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ datasetSize: 20 });
});
afterAll(async () => {
  await stack?.stop();
});

const REPORT = `mutation($i: CheckOutcomeInput!) { reportCheckOutcome(input: $i) { checkId applied measureCodes reason reportedAt } }`;

async function check(id: string, scenario: string): Promise<{ checkId: string; flags: { measure: { code: string } }[]; checkedAt: string }> {
  const r = await stack.query<{ enterprise: { creditCheck: { checkId: string; checkedAt: string; flags: { measure: { code: string } }[] } } }>(
    `{ enterprise(uscc: "${stack.goldenCase(id).uscc}") { creditCheck(scenario: ${scenario}) { checkId checkedAt flags { measure { code } } } } }`,
    {},
    HALL,
  );
  return r.data!.enterprise.creditCheck;
}

describe('feedback on a check', () => {
  it('records what was done, and refuses unknown checks and measures the check did not find', async () => {
    const c = await check('serious-illegal', 'ADMINISTRATIVE_LICENSING');
    const codes = c.flags.map((f) => f.measure.code);
    expect(codes).toContain('NO-NOTIFICATION-COMMITMENT');
    const ok = await stack.query<{ reportCheckOutcome: { checkId: string; applied: boolean; measureCodes: string[] } }>(
      REPORT,
      {
        i: {
          checkId: c.checkId,
          applied: true,
          measureCodes: ['NO-NOTIFICATION-COMMITMENT'],
          reason: '不适用告知承诺，按一般程序受理',
          handledBy: '宜昌市政务服务中心 3号窗口',
        },
      },
      HALL,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.reportCheckOutcome).toMatchObject({ checkId: c.checkId, applied: true, measureCodes: ['NO-NOTIFICATION-COMMITMENT'] });

    const unknown = await stack.query(
      REPORT,
      { i: { checkId: 'CHK-20260101-0000000000000000', applied: false, measureCodes: [], reason: 'x' } },
      HALL,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('CHECK_NOT_FOUND');
    const wrong = await stack.query(
      REPORT,
      { i: { checkId: c.checkId, applied: true, measureCodes: ['RESTRICT-BID-DISHONEST-DEBTOR'], reason: 'x' } },
      HALL,
    );
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noPurpose = await stack.query(
      REPORT,
      { i: { checkId: c.checkId, applied: false, measureCodes: [], reason: 'x' } },
      { ...HALL, purpose: null },
    );
    expect(noPurpose.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
  });

  it('the monthly case report lists the cases with their feedback and counts per measure', async () => {
    const reported = await check('dishonest-debtor', 'BIDDING');
    await stack.query(
      REPORT,
      { i: { checkId: reported.checkId, applied: true, measureCodes: ['RESTRICT-BID-DISHONEST-DEBTOR'], reason: '按招标文件规定的处理方法限制' } },
      HALL,
    );
    const pending = await check('abnormal-operations', 'BIDDING');
    const clear = await check('clean', 'BIDDING');
    const month = reported.checkedAt.slice(0, 7);
    type Report = {
      caseRecords: {
        cases: number;
        withFeedback: number;
        records: { checkId: string; feedback: { applied: boolean } | null }[];
        byMeasure: { code: string; found: number; applied: number; pending: number }[];
      };
    };
    const r = await stack.query<Report>(
      `query($m: String!) { caseRecords(month: $m) { cases withFeedback records { checkId feedback { applied } } byMeasure { code found applied pending } } }`,
      { m: month },
      HALL,
    );
    expect(r.errors).toBeUndefined();
    const ids = r.data!.caseRecords.records.map((x) => x.checkId);
    expect(ids).toContain(reported.checkId);
    expect(ids).toContain(pending.checkId);
    expect(ids).not.toContain(clear.checkId);
    expect(r.data!.caseRecords.records.find((x) => x.checkId === reported.checkId)!.feedback).toEqual({ applied: true });
    expect(r.data!.caseRecords.records.find((x) => x.checkId === pending.checkId)!.feedback).toBeNull();
    const applied = r.data!.caseRecords.byMeasure.find((m) => m.code === 'RESTRICT-BID-DISHONEST-DEBTOR')!;
    expect(applied).toMatchObject({ found: 1, applied: 1, pending: 0 });
    expect(r.data!.caseRecords.byMeasure.find((m) => m.code === 'RESTRICT-PUBLIC-RESOURCES-LISTED')!.pending).toBe(1);
    const bad = await stack.query(`{ caseRecords(month: "2026-13") { cases } }`, {}, HALL);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the monthly case report as a file', () => {
  it('npm run case-report writes one CSV row per case, with its feedback', async () => {
    const c = await check('major-tax-violation', 'GOVERNMENT_PROCUREMENT');
    await stack.query(REPORT, { i: { checkId: c.checkId, applied: false, measureCodes: [], reason: '异议复核中，暂缓' } }, HALL);
    const out = join(mkdtempSync(join(tmpdir(), 'cases-')), 'cases.csv');
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/case-report.ts',
        c.checkedAt.slice(0, 7),
        '--out',
        out,
        '--url',
        stack.gatewayUrl,
        '--key',
        'dev-auditor',
        '--purpose',
        'AUDIT',
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    expect(stderr).toMatch(/cases \(\d+ punishment/);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\ufeff核查编号')).toBe(true);
    const row = text.split('\r\n').find((l) => l.startsWith(c.checkId))!;
    expect(row).toContain(stack.goldenCase('major-tax-violation').uscc);
    expect(row).toContain('BAN-PROCUREMENT-MAJOR-TAX');
    expect(row).toContain('否 no');
    expect(row).toContain('异议复核中，暂缓');
  });
});
