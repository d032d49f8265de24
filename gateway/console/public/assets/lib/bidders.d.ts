/** Types for bidders.js. Not served: only .js files are. */
import type { GraphqlRequest } from './graphql.js';

export interface BidderInput {
  row: number;
  codeGiven: string;
  nameGiven: string;
}
export interface BidderResult {
  row: number;
  codeGiven: string;
  nameGiven: string;
  code: string;
  nameRegistered: string | null;
  verdict: string;
  flags: string[];
  missingSources: string[];
  checkId: string | null;
  warnings: string[];
  message: string | null;
  nameMismatch: boolean;
  duplicateOf: number | null;
}
export declare const BIDDERS_QUERY: string;
export declare const RESULT_COLUMNS: readonly [
  'row',
  'code',
  'name_registered',
  'name_given',
  'verdict',
  'verdict_zh',
  'flags',
  'missing_sources',
  'check_id',
  'note',
];
export declare function readBidderRows(rows: string[][]): {
  bidders: BidderInput[];
  hasHeader: boolean;
  codeColumn: number;
  nameColumn: number | null;
};
export declare function comparableName(name: string): string;
export declare function checkBidders(options: {
  bidders: BidderInput[];
  scenario: string;
  asOf?: string | null;
  request: GraphqlRequest;
  chunkSize?: number;
  concurrency?: number;
  retries?: number;
  retryDelayMs?: number;
  lang?: 'zh' | 'en';
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
}): Promise<BidderResult[]>;
export declare function resultNote(r: BidderResult, lang?: 'zh' | 'en'): string;
export declare function resultsToRows(results: BidderResult[], lang?: 'zh' | 'en'): string[][];
export declare function countVerdicts(results: BidderResult[]): Record<string, number>;
