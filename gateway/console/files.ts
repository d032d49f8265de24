/**
 * Bidder files in Node: the same CSV, encoding and result logic as the browser page (the plain ES
 * modules in public/assets/lib), with GBK decoded by iconv-lite.
 */
import iconv from 'iconv-lite';
import { decodeCsvBytes, parseCsv, toCsv, type TextEncodingName } from './public/assets/lib/csv.js';
import { readBidderRows, resultsToRows, type BidderInput, type BidderResult } from './public/assets/lib/bidders.js';

export { decodeCsvBytes, detectDelimiter, parseCsv, toCsv, escapeCell, type TextEncodingName } from './public/assets/lib/csv.js';
export {
  readBidderRows,
  checkBidders,
  resultsToRows,
  resultNote,
  countVerdicts,
  comparableName,
  countConsortia,
  groupConsortia,
  pendingResults,
  needsAttention,
  BIDDERS_QUERY,
  CONSORTIUM_BIDDER_QUERY,
  RESULT_COLUMNS,
  CONSORTIUM_COLUMNS,
  type BidderInput,
  type BidderResult,
  type ConsortiumGroup,
  type ConsortiumPart,
} from './public/assets/lib/bidders.js';
export { createGraphqlClient, callerHeaders, headerValue, GraphqlRequestError, FATAL_CODES, type GraphqlRequest } from './public/assets/lib/graphql.js';
export { parseUscc, normalizeUscc, explainInvalid } from './public/assets/lib/uscc.js';
export { SCENARIOS, VERDICT_LABELS, DEPARTMENT_LABELS } from './public/assets/lib/i18n.js';

/** GBK (read as GB18030, its superset, as browsers do) with iconv-lite. */
export function decodeGbk(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
}

/** A file's text: BOM, else strict UTF-8, else GBK. */
export function decodeCsvFile(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  return decodeCsvBytes(bytes, { decodeGbk });
}

/** The bidders of a CSV file's bytes (header optional; UTF-8, UTF-8 with BOM, UTF-16 with BOM or GBK). */
export function readBiddersFile(bytes: Uint8Array): {
  bidders: BidderInput[];
  encoding: TextEncodingName;
  hasHeader: boolean;
  codeColumn: number;
  nameColumn: number | null;
  consortiumColumn: number | null;
} {
  const { text, encoding } = decodeCsvFile(bytes);
  return { ...readBidderRows(parseCsv(text)), encoding };
}

/** The results file: UTF-8 with BOM, CRLF, one row per bidder (consortium columns when there are consortia). */
export function resultsCsvBytes(results: BidderResult[], lang: 'zh' | 'en' = 'zh'): Buffer {
  return Buffer.from(toCsv(resultsToRows(results, lang)), 'utf8');
}
