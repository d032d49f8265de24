/** Types for spreadsheet.js. Not served: only .js files are. */
import type ExcelJS from 'exceljs';
import type { BidderInput, ResultsSheet, SheetRow } from './bidders.js';

export type ExcelJsModule = typeof ExcelJS;
export declare const XLSX_TYPE: string;
export type BidderFileErrorCode = 'XLS_OR_ENCRYPTED' | 'NOT_XLSX' | 'XLSX_UNREADABLE' | 'NO_SHEET';
export declare class BidderFileError extends Error {
  constructor(code: BidderFileErrorCode, text: { zh: string; en: string });
  code: BidderFileErrorCode;
  zh: string;
  en: string;
}
export declare function fileKind(bytes: Uint8Array): 'zip' | 'ole2' | 'text';
export declare function cellText(value: unknown): { text: string; number: boolean };
export declare function readXlsxRows(
  bytes: Uint8Array,
  ExcelJS: ExcelJsModule,
): Promise<{ sheetName: string; sheetNames: string[]; rows: SheetRow[] }>;
export interface BiddersFile {
  format: 'CSV' | 'XLSX';
  encoding: string;
  sheetName: string | null;
  sheetNames: string[];
  bidders: BidderInput[];
  hasHeader: boolean;
  headerRow: number | null;
  skippedRows: number;
  codeColumn: number;
  nameColumn: number | null;
  consortiumColumn: number | null;
}
export declare function readBiddersFile(
  bytes: Uint8Array,
  options: { loadExcelJs: () => Promise<ExcelJsModule>; decodeGbk?: (bytes: Uint8Array) => string },
): Promise<BiddersFile>;
export declare function wrappedLines(text: string, width: number): number;
export declare function resultsXlsx(
  sheet: ResultsSheet,
  ExcelJS: ExcelJsModule,
  options?: { sheetName?: string; created?: Date },
): Promise<Uint8Array>;
