/** Types for bidders.js. Not served: only .js files are. */
import type { GraphqlRequest } from './graphql.js';

export interface BidderInput {
  row: number;
  codeGiven: string;
  nameGiven: string;
  /** The consortium cell ('' or absent: an individual bidder). */
  consortiumGiven?: string;
}
/** What a member row shows of its consortium (联合体). */
export interface ConsortiumPart {
  label: string;
  /** 1 for the lead member. */
  position: number;
  size: number;
  rows: number[];
  codes: string[];
  id: string | null;
  verdict: string;
  checkId: string | null;
  /** Positions of the members whose own verdict is the consortium's. */
  decidedBy: number[];
  message: string | null;
}
export interface ConsortiumGroup {
  label: string;
  indexes: number[];
  codes: string[];
  problem: string | null;
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
  consortium?: ConsortiumPart | null;
  loneConsortium?: string | null;
}
export declare const BIDDERS_QUERY: string;
export declare const CONSORTIUM_BIDDER_QUERY: string;
export declare const CONSORTIUM_MAX_MEMBERS: number;
export declare const CONSORTIUM_COLUMNS: readonly [
  'consortium',
  'consortium_id',
  'member_position',
  'consortium_verdict',
  'consortium_verdict_zh',
  'consortium_decided_by',
  'consortium_check_id',
];
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
  consortiumColumn: number | null;
};
export declare function pendingResults(bidders: BidderInput[], lang?: 'zh' | 'en'): BidderResult[];
export declare function groupConsortia(bidders: BidderInput[], lang?: 'zh' | 'en'): { groups: ConsortiumGroup[]; lone: Map<number, string> };
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
export declare function resultNote(r: BidderResult, lang?: 'zh' | 'en', options?: { consortium?: boolean }): string;
export declare function resultsToRows(results: BidderResult[], lang?: 'zh' | 'en', options?: { consortium?: boolean }): string[][];
export declare function decidingText(part: ConsortiumPart, lang?: 'zh' | 'en'): string;
export declare function needsAttention(r: BidderResult, index?: number, all?: readonly BidderResult[]): boolean;
export declare function countConsortia(results: BidderResult[]): Record<string, number>;
export declare function countVerdicts(results: BidderResult[]): Record<string, number>;
