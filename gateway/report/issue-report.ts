import { createHash, randomBytes } from 'node:crypto';
import { chinaDate } from '../../common/china-date.js';
import { canonicalJson } from '../audit/canonical-json.js';
import {
  REPORT_FORMAT,
  REPORT_NUMBER_ALPHABET,
  checkProblem,
  reportStatement,
  type ReportStatement,
} from '../console/public/assets/lib/report-statement.js';

/** What the gateway tells the client about an issued report (`extensions.creditReport`) and writes into the audit record. */
export interface IssuedReport {
  /** 报告编号, e.g. XYBG-20261126-7Q4M9K2X3D. */
  number: string;
  /** When it was issued, ISO-8601 in China time (+08:00), to the second. */
  issuedAt: string;
  /** The report's date in China, YYYY-MM-DD: the day its records are stated as of. */
  date: string;
  /** SHA-256 (lower-case hex) of the canonical form of the statement. */
  hash: string;
  /** The enterprise's code. */
  uscc: string;
  /** The statement's format (`credit-report/1`). */
  format: typeof REPORT_FORMAT;
}

/** Why a report was not issued (the data is answered all the same). */
export type ReportRefusalReason = 'NOT_ONE_ENTERPRISE' | 'NO_CHECK' | 'AS_OF_NOT_REPORT_DATE' | 'FLAG_RECORD_NOT_IN_FORCE';

export type IssueOutcome =
  { issued: true; report: IssuedReport; statement: ReportStatement } | { issued: false; reason: ReportRefusalReason; message: string };

const MESSAGES: Readonly<Record<ReportRefusalReason, string>> = {
  NOT_ONE_ENTERPRISE:
    'Report not issued: a credit report states one enterprise, asked for with one enterprise(uscc:) field and nothing else. / 未出具报告：信用报告只针对一个企业，请求中只能有一个 enterprise(uscc:) 字段。',
  NO_CHECK:
    'Report not issued: the credit check (creditCheck) could not be read, so the report would have no conclusion; try again. / 未出具报告：未能读取核查结论（creditCheck），请稍后重试。',
  AS_OF_NOT_REPORT_DATE:
    'Report not issued: a report handed out states the records in force today; a check as of another day can be viewed, not issued. / 未出具报告：对外出具的报告只载明当日有效的记录；按其他日期核查的结果仅供查看，不出具报告。',
  FLAG_RECORD_NOT_IN_FORCE:
    'Report not issued: a measure rests on a record that is no longer in force (removed, repaired or expired), which a report handed out never states. / 未出具报告：有措施所依据的记录已不在有效期内（已移出、已修复或公示期满），对外出具的报告不得载明此类记录。',
};

/** `now` in China time as ISO-8601 with its offset, to the second: 2026-11-26T10:33:07+08:00. */
export function chinaTimestamp(now: Date): string {
  return `${new Date(Math.floor(now.getTime() / 1000) * 1000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/**
 * A new report number: `XYBG-<date in China>-<10 random Crockford base32 characters>` (50 bits, so
 * a number cannot be guessed to look a report up).
 */
export function newReportNumber(now: Date, random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(10);
  // 256 is a multiple of 32: each byte modulo 32 is uniform.
  const tail = [...bytes].map((b) => REPORT_NUMBER_ALPHABET[b % 32]).join('');
  return `XYBG-${chinaDate(now).replaceAll('-', '')}-${tail}`;
}

/** The report's hash: SHA-256 (hex) of the UTF-8 bytes of `canonicalJson(statement)`. */
export function reportHash(statement: ReportStatement): string {
  return createHash('sha256').update(canonicalJson(statement), 'utf8').digest('hex');
}

export interface IssueInput {
  /** The answer's `data`, as it is sent. */
  data: Record<string, unknown> | null | undefined;
  /** The checked purpose and reference, as the audit record has them. */
  purpose: string | null;
  reference: string | null;
  /** The code the request asked for (normalised), when the answer does not carry `uscc`. */
  code: string | null;
  now: Date;
  random?: (n: number) => Buffer;
}

/**
 * Issue a report from an answer: a number, the time in China, the statement of what is in force
 * today (`reportStatement`) and its hash. Refused when the answer is not one enterprise with its
 * check made for today: a report handed out states today's records only.
 */
export function issueReport(input: IssueInput): IssueOutcome {
  const refuse = (reason: ReportRefusalReason): IssueOutcome => ({ issued: false, reason, message: MESSAGES[reason] });
  const roots = input.data && typeof input.data === 'object' ? Object.values(input.data) : [];
  const enterprise = roots.length === 1 ? roots[0] : null;
  if (!enterprise || typeof enterprise !== 'object' || Array.isArray(enterprise)) return refuse('NOT_ONE_ENTERPRISE');
  const e = enterprise as Record<string, unknown>;
  const uscc = typeof e['uscc'] === 'string' ? e['uscc'] : input.code;
  if (!uscc) return refuse('NOT_ONE_ENTERPRISE');
  const date = chinaDate(input.now);
  const problem = checkProblem(e['creditCheck'], date);
  if (problem) return refuse(problem);
  const number = newReportNumber(input.now, input.random);
  const issuedAt = chinaTimestamp(input.now);
  const statement = reportStatement({ number, issuedAt, date, purpose: input.purpose, reference: input.reference, enterprise: e });
  return { issued: true, statement, report: { number, issuedAt, date, hash: reportHash(statement), uscc, format: REPORT_FORMAT } };
}
