/** Types for bidders.js. Not served: only .js files are. */
import type { GraphqlRequest } from './graphql.js';

export interface BidderInput {
  row: number;
  codeGiven: string;
  nameGiven: string;
  /** The consortium cell ('' or absent: an individual bidder). */
  consortiumGiven?: string;
  /** The spreadsheet stored the code cell as a number (.xlsx only). */
  codeIsNumber?: boolean;
}
/** One row of a spreadsheet as read: the sheet's row number, the cells' text, which cells were numbers. */
export interface SheetRow {
  row: number;
  cells: string[];
  numeric?: boolean[];
}
/** One restriction flag in words. */
export interface FlagDetail {
  code: string;
  name: string;
  nameZh: string;
  list: string | null;
  department: string | null;
  reference: string | null;
  authority: string | null;
  underObjection: boolean;
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
  /** The code is invalid because a spreadsheet turned it into a number. */
  codeLostToSpreadsheet?: boolean;
  nameRegistered: string | null;
  verdict: string;
  flags: string[];
  flagDetails?: FlagDetail[];
  missingSources: string[];
  checkId: string | null;
  checkedAt?: string | null;
  asOf?: string | null;
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
export declare function readBidderRows(rows: string[][] | SheetRow[]): {
  bidders: BidderInput[];
  hasHeader: boolean;
  headerRow: number | null;
  skippedRows: number;
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
export declare function oneLanguage(message: string, lang: 'zh' | 'en'): string;
export declare function resultNote(r: BidderResult, lang?: 'zh' | 'en', options?: { consortium?: boolean }): string;
export type BidderCode =
  { valid: true; code: string } | { valid: false; code: string; lostToSpreadsheet: boolean; parsed: import('./uscc.js').UsccResult };
export declare function codeLostToSpreadsheet(cell: string, isNumber?: boolean): boolean;
export declare function bidderCode(b: BidderInput): BidderCode;
export declare const CODE_LOST_MESSAGE: { zh: string; en: string };
export declare function bidderCodeMessage(c: Extract<BidderCode, { valid: false }>, lang?: 'zh' | 'en'): string;
/** The results file's header block: what the check as a whole was. */
export interface ResultsMeta {
  /** 招标项目编号. */
  tender?: string;
  scenario: string;
  /** The day asked for; null or absent: the day of the check. */
  asOf?: string | null;
  /** When the check was made (written in China time). */
  checkedAt: Date | string;
  /** 经办人 (工号/姓名), when known; the line is left out otherwise. */
  operator?: string | null;
  /** The bidders file's name. */
  source?: string | null;
}
export interface ResultsColumn {
  key: string;
  header: string;
  width: number;
  text?: boolean;
  wrap?: boolean;
}
export interface ResultsSheet {
  title: string;
  info: [string, string][];
  columns: ResultsColumn[];
  rows: string[][];
  verdicts: string[];
}
export declare function chinaDateTime(when: Date | string | null | undefined): string;
export declare function firstCheckTime(results: BidderResult[], fallback: Date): Date;
export declare function flagText(f: FlagDetail, lang?: 'zh' | 'en'): string;
export declare function resultsSheet(
  results: BidderResult[],
  meta: ResultsMeta,
  lang?: 'zh' | 'en',
  options?: { consortium?: boolean },
): ResultsSheet;
export declare function resultsCsv(sheet: ResultsSheet): string;
export declare function resultsFileName(o: { tender?: string; date: string; ext: string; lang?: 'zh' | 'en' }): string;
export declare function decidingText(part: ConsortiumPart, lang?: 'zh' | 'en'): string;
export declare function needsAttention(r: BidderResult, index?: number, all?: readonly BidderResult[]): boolean;
export declare function countConsortia(results: BidderResult[]): Record<string, number>;
export declare function countVerdicts(results: BidderResult[]): Record<string, number>;
