/**
 * Bidder files in Node: the same CSV, spreadsheet, encoding and result logic as the browser page
 * (the plain ES modules in public/assets/lib), with GBK decoded by iconv-lite and .xlsx read and
 * written by the `exceljs` package.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { decodeCsvBytes, type TextEncodingName } from './public/assets/lib/csv.js';
import { resultsCsv, resultsSheet, type BidderResult, type ResultsMeta } from './public/assets/lib/bidders.js';
import { readBiddersFile as readBiddersBytes, resultsXlsx, type BiddersFile } from './public/assets/lib/spreadsheet.js';

export {
  decodeCsvBytes,
  detectDelimiter,
  parseCsv,
  toCsv,
  escapeCell,
  excelText,
  unwrapExcelText,
  type TextEncodingName,
} from './public/assets/lib/csv.js';
export {
  readBidderRows,
  checkBidders,
  resultNote,
  resultsSheet,
  resultsCsv,
  resultsFileName,
  chinaDateTime,
  firstCheckTime,
  flagText,
  bidderCode,
  codeLostToSpreadsheet,
  CODE_LOST_MESSAGE,
  countVerdicts,
  comparableName,
  countConsortia,
  groupConsortia,
  pendingResults,
  needsAttention,
  BIDDERS_QUERY,
  CONSORTIUM_BIDDER_QUERY,
  type BidderInput,
  type BidderResult,
  type ConsortiumGroup,
  type ConsortiumPart,
  type ResultsMeta,
  type ResultsSheet,
  type SheetRow,
} from './public/assets/lib/bidders.js';
export { BidderFileError, fileKind, readXlsxRows, resultsXlsx, cellText, XLSX_TYPE, type BiddersFile } from './public/assets/lib/spreadsheet.js';
export {
  createGraphqlClient,
  callerHeaders,
  headerValue,
  GraphqlRequestError,
  FATAL_CODES,
  type GraphqlRequest,
} from './public/assets/lib/graphql.js';
export { parseUscc, normalizeUscc, explainInvalid } from './public/assets/lib/uscc.js';
export { SCENARIOS, VERDICT_LABELS, DEPARTMENT_LABELS } from './public/assets/lib/i18n.js';

/** The spreadsheet library as the shared modules take it. */
export { ExcelJS };

/** GBK (read as GB18030, its superset, as browsers do) with iconv-lite. */
export function decodeGbk(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
}

/** A file's text: BOM, else strict UTF-8, else GBK. */
export function decodeCsvFile(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  return decodeCsvBytes(bytes, { decodeGbk });
}

/**
 * The bidders of a file's bytes: an .xlsx workbook (its first sheet), or a CSV file (header
 * optional; UTF-8, UTF-8 with BOM, UTF-16 with BOM or GBK). Rejects with a `BidderFileError` for an
 * old .xls workbook, one with a password, or another kind of ZIP package.
 */
export function readBiddersFile(bytes: Uint8Array): Promise<BiddersFile> {
  return readBiddersBytes(bytes, { loadExcelJs: async () => ExcelJS, decodeGbk });
}

/** The results file as CSV: UTF-8 with BOM, CRLF, header block, codes kept as text for Excel. */
export function resultsCsvBytes(results: BidderResult[], meta: ResultsMeta, lang: 'zh' | 'en' = 'zh'): Buffer {
  return Buffer.from(resultsCsv(resultsSheet(results, meta, lang)), 'utf8');
}

/** The results file as an .xlsx workbook (code columns as text cells). */
export async function resultsXlsxBytes(results: BidderResult[], meta: ResultsMeta, lang: 'zh' | 'en' = 'zh'): Promise<Buffer> {
  const created = meta.checkedAt instanceof Date ? meta.checkedAt : new Date(meta.checkedAt);
  return Buffer.from(await resultsXlsx(resultsSheet(results, meta, lang), ExcelJS, { created }));
}
