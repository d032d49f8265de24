/**
 * 信用报告: issuing a report from an answer (its number, time in China, statement and hash, written
 * into the audit record of the request) and `GET /verify/<number>` (gateway/report/README.md).
 */
export {
  issueReport,
  newReportNumber,
  reportHash,
  chinaTimestamp,
  type IssuedReport,
  type IssueOutcome,
  type IssueInput,
  type ReportRefusalReason,
} from './issue-report.js';
export { createVerifyHandler, lookUp, type VerifyAnswer, type VerifyResult, type VerifyHandlerOptions } from './verify.js';
export { RateLimiter, type RateLimiterOptions, type RateDecision } from './rate-limit.js';
/** The request header with which a client asks the gateway to issue a report from its answer. */
export const REPORT_HEADER = 'x-credit-report';
