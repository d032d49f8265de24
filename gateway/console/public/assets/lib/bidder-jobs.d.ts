/** Types for bidder-jobs.js. Not served: only .js files are. */
import type { BidderInput, BidderResult } from './bidders.js';
import type { CallerCredentials, GraphqlRequest } from './graphql.js';

export interface JobProgress {
  id: string;
  status: string;
  total: number;
  done: number;
  incomplete: number;
  retrying: number;
  departments: { department: string; state: string; waiting: number; failed: number }[];
}
export interface JobTerms {
  scenario: string;
  asOf?: string | null;
  tenderReference?: string | null;
}
export interface JobInput {
  codes: string[];
  scenario: string;
  asOf: string | null;
  tenderReference: string | null;
  consortia: { label: string; members: string[] }[];
}
/** One row of a job as `JOB_ROWS_QUERY` reads it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobRowData = Record<string, any>;
export type OpenEvents = (id: string, signal: AbortSignal) => Promise<Response>;
export declare const JOB_SUBMIT_QUERY: string;
export declare const JOB_PROGRESS_QUERY: string;
export declare const JOB_ROWS_QUERY: string;
export declare const JOB_PAGE: number;
export declare const RECHECK_VERDICTS: Set<string>;
export declare function jobInput(bidders: BidderInput[], terms: JobTerms, lang?: 'zh' | 'en'): JobInput;
export declare function recheckInput(results: BidderResult[], terms: JobTerms): JobInput | null;
export declare function applyJobRows(results: BidderResult[], rows: JobRowData[], bidders: BidderInput[], lang?: 'zh' | 'en'): void;
export declare function overlayRecheck(results: BidderResult[], rows: JobRowData[]): number;
export declare function biddersFromRows(rows: JobRowData[]): BidderInput[];
export declare function submitJob(request: GraphqlRequest, input: JobInput | Record<string, unknown>, signal?: AbortSignal): Promise<JobProgress>;
export declare function jobProgress(
  request: GraphqlRequest,
  id: string,
  signal?: AbortSignal,
): Promise<JobProgress & { scenario: string; asOf: string | null; tenderReference: string | null; submittedAt: string }>;
export declare function readJobRows(
  request: GraphqlRequest,
  id: string,
  options?: { signal?: AbortSignal; onPage?: (read: number, total: number) => void },
): Promise<JobRowData[]>;
export declare function jobEventsOpener(options: {
  url: string;
  credentials: CallerCredentials | (() => CallerCredentials);
  fetch?: typeof fetch;
}): OpenEvents;
export declare function followJob(options: {
  id: string;
  request: GraphqlRequest;
  openEvents?: OpenEvents | null;
  onProgress?: (p: JobProgress) => void;
  signal?: AbortSignal;
  pollMs?: number;
}): Promise<JobProgress>;
export declare function checkBiddersAsJob(options: {
  bidders: BidderInput[] | null;
  jobId?: string;
  terms: JobTerms;
  request: GraphqlRequest;
  openEvents?: OpenEvents | null;
  lang?: 'zh' | 'en';
  signal?: AbortSignal;
  pollMs?: number;
  onJob?: (id: string) => void;
  onProgress?: (p: JobProgress) => void;
}): Promise<{ id: string; results: BidderResult[]; bidders: BidderInput[]; progress: JobProgress }>;
