/**
 * Issuing a report: what the statement holds (only records in force on the report's date), its
 * canonical form and hash, the number with the China date, and the refusals.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../audit/canonical-json.js';
import {
  REPORT_NUMBER_PATTERN,
  groupHash,
  isInForce,
  maskUscc,
  printableEnterprise,
  reportStatement,
  verifyUrl,
} from '../console/public/assets/lib/report-statement.js';
import { chinaTimestamp, issueReport, newReportNumber, reportHash } from './issue-report.js';

const DATE = '2026-11-26';
/** 07:33 on the 26th in China is 23:33 on the 25th in UTC. */
const NOW = new Date('2026-11-25T23:33:07.456Z');

const finding = (reference: string, status: string) => ({ kind: 'ADMINISTRATIVE_PENALTY', reference, status, listedOn: '2024-10-27' });

/** An answer's `enterprise` with one record of each state in every list. */
function enterprise() {
  return {
    uscc: '91430105079382151G',
    marketRegulation: {
      registration: { name: '长沙星城餐饮管理有限公司', status: 'OPERATING' },
      penalties: [{ reference: 'ACTIVE-P', status: 'ACTIVE' }, { reference: 'REPAIRED-P', status: 'REPAIRED' }, { reference: 'NO-STATUS-P' }],
      findings: [finding('ACTIVE-F', 'ACTIVE'), finding('REMOVED-F', 'REMOVED'), finding('EXPIRED-F', 'EXPIRED')],
    },
    tax: {
      currentCreditRating: { year: 2025, level: 'B', inForceUntil: '2027-03-31' },
      creditRatings: [
        { year: 2025, level: 'B', inForceUntil: '2027-03-31' },
        { year: 2024, level: 'D', inForceUntil: '2026-03-31' },
        { year: 2023, level: 'A' },
      ],
      majorViolations: [{ caseNumber: 'EXPIRED-T', status: 'EXPIRED' }],
      arrears: [{ taxType: '增值税', amountYuan: 1000 }],
      findings: [],
    },
    judicial: {
      enforcementCases: [
        { caseNumber: 'OPEN-C', closedOn: null },
        { caseNumber: 'CLOSED-C', closedOn: '2026-01-01' },
      ],
      dishonestDebtorEntries: [{ caseNumber: 'REMOVED-D', status: 'REMOVED' }],
      findings: [],
    },
    environment: {
      rating: { level: 'RED', validUntil: '2026-11-25' },
      ratings: [{ level: 'BLUE', validUntil: DATE }],
      penalties: [],
      findings: [],
    },
    economy: {
      honors: [
        { title: 'LONG-TERM-H', validUntil: null },
        { title: 'OLD-H', validUntil: '2025-01-01' },
      ],
      commitments: [
        { reference: 'KEPT', status: 'FULFILLED' },
        { reference: 'BROKEN-ACTIVE', status: 'BREACHED' },
        { reference: 'BROKEN-REPAIRED', status: 'BREACHED' },
      ],
      findings: [
        { kind: 'CREDIT_COMMITMENT_BREACH', reference: 'BROKEN-ACTIVE', status: 'ACTIVE' },
        { kind: 'CREDIT_COMMITMENT_BREACH', reference: 'BROKEN-REPAIRED', status: 'REPAIRED' },
      ],
    },
    creditCheck: { verdict: 'CLEAR', asOf: DATE, flags: [], incentives: [] },
  };
}

describe('printableEnterprise: only what is in force on the report date', () => {
  const out = printableEnterprise(enterprise(), DATE);

  it.each([
    ['marketRegulation', 'penalties', ['ACTIVE-P'], 'reference'],
    ['marketRegulation', 'findings', ['ACTIVE-F'], 'reference'],
    ['tax', 'majorViolations', [], 'caseNumber'],
    ['judicial', 'dishonestDebtorEntries', [], 'caseNumber'],
    ['judicial', 'enforcementCases', ['OPEN-C'], 'caseNumber'],
    ['economy', 'honors', ['LONG-TERM-H'], 'title'],
    ['economy', 'commitments', ['KEPT', 'BROKEN-ACTIVE'], 'reference'],
  ])('%s.%s keeps %j', (section, field, kept, key) => {
    expect(out[section][field].map((r: Record<string, unknown>) => r[key])).toEqual(kept);
  });

  it('keeps ratings valid that day (the last day included), drops expired ones and ones without a date', () => {
    expect(out.tax.creditRatings.map((r: { year: number }) => r.year)).toEqual([2025]);
    expect(out.environment.ratings).toHaveLength(1);
    expect(out.tax.currentCreditRating).toEqual({ year: 2025, level: 'B', inForceUntil: '2027-03-31' });
    // The "current" environment rating ran out the day before.
    expect(out.environment.rating).toBeNull();
  });

  it('leaves everything that is not a record as it is, and the answer untouched', () => {
    const e = enterprise();
    const printable = printableEnterprise(e, DATE);
    expect(printable.marketRegulation.registration).toBe(e.marketRegulation.registration);
    expect(printable.tax.arrears).toBe(e.tax.arrears);
    expect(printable.creditCheck).toBe(e.creditCheck);
    expect(e.marketRegulation.penalties).toHaveLength(3);
    // The records kept are the answer's own objects: the page tells printed from not by identity.
    expect(printable.marketRegulation.penalties[0]).toBe(e.marketRegulation.penalties[0]);
  });

  it('a section that could not be read stays null', () => {
    expect(printableEnterprise({ ...enterprise(), tax: null }, DATE).tax).toBeNull();
  });

  it('isInForce agrees with what is kept', () => {
    const e = enterprise();
    for (const p of e.marketRegulation.penalties) {
      expect(isInForce(e, 'marketRegulation', 'penalties', p, DATE)).toBe(printableEnterprise(e, DATE).marketRegulation.penalties.includes(p));
    }
    expect(isInForce(e, 'economy', 'commitments', e.economy.commitments[2], DATE)).toBe(false);
    expect(isInForce(e, 'marketRegulation', 'registration', e.marketRegulation.registration, DATE)).toBe(true);
  });
});

describe('the canonical form and the hash', () => {
  const statement = reportStatement({
    number: 'XYBG-20261126-7Q4M9K2X3D',
    issuedAt: '2026-11-26T07:33:07+08:00',
    date: DATE,
    purpose: 'CREDIT_REPORT',
    reference: null,
    enterprise: enterprise(),
  });

  it('is SHA-256 over the UTF-8 bytes of canonicalJson(statement)', () => {
    const expected = createHash('sha256')
      .update(Buffer.from(canonicalJson(statement), 'utf8'))
      .digest('hex');
    expect(reportHash(statement)).toBe(expected);
    expect(reportHash(statement)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of keys, and is the same after a JSON round trip', () => {
    // Every object's keys in reverse order, at every depth.
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v;
    const reordered = reverse(statement) as typeof statement;
    expect(Object.keys(reordered)[0]).toBe('enterprise');
    expect(reportHash(reordered)).toBe(reportHash(statement));
    expect(reportHash(JSON.parse(JSON.stringify(statement)))).toBe(reportHash(statement));
    expect(canonicalJson(statement).startsWith('{"date":"2026-11-26","enterprise":{')).toBe(true);
  });

  it('changes with anything the report states, and not with a record it leaves out', () => {
    const base = reportHash(statement);
    const e = enterprise();
    e.marketRegulation.penalties[0]!.reference = 'ACTIVE-P2';
    expect(reportHash(reportStatement({ ...statement, enterprise: e }))).not.toBe(base);
    expect(reportHash({ ...statement, issuedAt: '2026-11-26T07:33:08+08:00' })).not.toBe(base);
    const repairedChanged = enterprise();
    repairedChanged.marketRegulation.penalties[1]!.reference = 'SOMETHING-ELSE';
    expect(reportHash(reportStatement({ ...statement, enterprise: repairedChanged }))).toBe(base);
  });

  it('states no repaired, removed or expired record anywhere', () => {
    const text = canonicalJson(statement);
    for (const gone of ['REPAIRED-P', 'REMOVED-F', 'EXPIRED-F', 'EXPIRED-T', 'REMOVED-D', 'CLOSED-C', 'OLD-H', 'BROKEN-REPAIRED"', '"year":2024']) {
      expect(text, gone).not.toContain(gone);
    }
  });
});

describe('numbers and times in China time', () => {
  it('the number carries the date in China, not in UTC', () => {
    const n = newReportNumber(NOW);
    expect(n).toMatch(REPORT_NUMBER_PATTERN);
    expect(n.startsWith('XYBG-20261126-')).toBe(true);
  });

  it('the random part is Crockford base32, from every byte value', () => {
    expect(newReportNumber(NOW, (k) => Buffer.alloc(k, 255))).toBe('XYBG-20261126-ZZZZZZZZZZ');
    expect(newReportNumber(NOW, (k) => Buffer.from(Array.from({ length: k }, (_, i) => i * 3)))).toBe('XYBG-20261126-0369CFJNRV');
  });

  it('issuedAt is China time with its offset, to the second', () => {
    expect(chinaTimestamp(NOW)).toBe('2026-11-26T07:33:07+08:00');
    expect(chinaTimestamp(new Date('2026-12-31T16:00:00.999Z'))).toBe('2027-01-01T00:00:00+08:00');
  });
});

describe('issueReport', () => {
  const issue = (data: Record<string, unknown> | null) =>
    issueReport({ data, purpose: 'CREDIT_REPORT', reference: 'T-1', code: '91430105079382151G', now: NOW });

  it('issues a number, a time, the date and the hash of the statement', () => {
    const out = issue({ enterprise: enterprise() });
    if (!out.issued) throw new Error(out.message);
    expect(out.report).toMatchObject({ issuedAt: '2026-11-26T07:33:07+08:00', date: DATE, uscc: '91430105079382151G', format: 'credit-report/1' });
    expect(out.report.number).toMatch(/^XYBG-20261126-/);
    expect(out.report.hash).toBe(reportHash(out.statement));
    expect(out.statement).toMatchObject({ number: out.report.number, purpose: 'CREDIT_REPORT', reference: 'T-1', date: DATE });
    expect(out.statement.enterprise.marketRegulation.penalties).toHaveLength(1);
  });

  it('an aliased enterprise field is the same report', () => {
    expect(issue({ e: enterprise() }).issued).toBe(true);
  });

  it.each([
    ['no data', null, 'NOT_ONE_ENTERPRISE'],
    ['two root fields', { enterprise: enterprise(), other: enterprise() }, 'NOT_ONE_ENTERPRISE'],
    ['a list', { enterprises: [enterprise()] }, 'NOT_ONE_ENTERPRISE'],
    ['no check', { enterprise: { ...enterprise(), creditCheck: null } }, 'NO_CHECK'],
    ['a check as of another day', { enterprise: { ...enterprise(), creditCheck: { asOf: '2026-03-01', flags: [] } } }, 'AS_OF_NOT_REPORT_DATE'],
    [
      'a flag on a record not in force',
      { enterprise: { ...enterprise(), creditCheck: { asOf: DATE, flags: [{ finding: { status: 'REPAIRED' } }], incentives: [] } } },
      'FLAG_RECORD_NOT_IN_FORCE',
    ],
  ])('refuses %s', (_label, data, reason) => {
    const out = issue(data as Record<string, unknown> | null);
    expect(out).toMatchObject({ issued: false, reason });
    if (!out.issued) expect(out.message).toMatch(/Report not issued: .* \/ 未出具报告：/);
  });
});

describe('what the reader sees of it', () => {
  it('masks the code but its first and last four characters', () => {
    expect(maskUscc('914205030428615383')).toBe('9142**********5383');
  });
  it('prints the hash in groups of eight', () => {
    expect(groupHash('a'.repeat(64)).split(' ')).toEqual(Array(8).fill('a'.repeat(8)));
  });
  it('builds the verification address on any base', () => {
    expect(verifyUrl('https://credit.example.gov.cn/', 'XYBG-20261126-7Q4M9K2X3D', 'ab')).toBe(
      'https://credit.example.gov.cn/verify/XYBG-20261126-7Q4M9K2X3D?hash=ab',
    );
  });
});
