// @ts-check
/**
 * CSV for bidder files, shared by the browser page (/bidders.html), the command-line tool
 * (scripts/check-file.ts) and the tests. Plain ES module, no dependencies.
 *
 * Reading: RFC 4180 with the leniency spreadsheets need (quoted fields with commas, quotes and line
 * breaks; CRLF, LF or CR; a BOM; comma, semicolon or tab as delimiter). Encoding: UTF-8 with or
 * without BOM, UTF-16 with BOM (Excel's "Unicode text"), else GBK/GB18030 as Chinese Excel
 * exports CSV. Writing: UTF-8 with BOM and CRLF so Excel opens it, cells that would start a formula
 * neutralised, and cells Excel would turn into numbers or dates (18-digit codes above all) written
 * as `="…"` so that Excel and LibreOffice keep them as text (see `excelText`).
 */

/** @typedef {'UTF-8' | 'UTF-8-BOM' | 'UTF-16LE' | 'UTF-16BE' | 'GBK'} TextEncodingName */

/**
 * Decode a file's bytes: a BOM decides; otherwise strict UTF-8 (`fatal: true`); if that fails, GBK.
 * `decodeGbk` decodes GBK bytes (default: the WHATWG `gbk` decoder, which is GB18030; in Node the
 * CLI passes iconv-lite).
 * @param {Uint8Array | ArrayBuffer} input
 * @param {{ decodeGbk?: (bytes: Uint8Array) => string }} [options]
 * @returns {{ text: string, encoding: TextEncodingName }}
 */
export function decodeCsvBytes(input, options = {}) {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8-BOM' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    const decodeGbk = options.decodeGbk ?? ((/** @type {Uint8Array} */ b) => new TextDecoder('gbk').decode(b));
    return { text: stripBom(decodeGbk(bytes)), encoding: 'GBK' };
  }
}

/** @param {string} text */
function stripBom(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The delimiter of a CSV text: whichever of comma, semicolon and tab occurs most often outside
 * quotes in the first non-empty line (comma when none does).
 * @param {string} text
 * @returns {',' | ';' | '\t'}
 */
export function detectDelimiter(text) {
  /** @type {Record<string, number>} */
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  let seen = false;
  for (const ch of stripBom(text)) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (seen) break;
    } else {
      if (!inQuotes && ch in counts) counts[ch] = /** @type {number} */ (counts[ch]) + 1;
      seen = true;
    }
  }
  /** @type {',' | ';' | '\t'} */
  let best = ',';
  for (const d of /** @type {const} */ ([';', '\t'])) if (/** @type {number} */ (counts[d]) > /** @type {number} */ (counts[best])) best = d;
  return best;
}

/**
 * Parse CSV text into rows of cells. Quoted fields may hold delimiters, `""` (a quote) and line
 * breaks; a quote inside an unquoted field is kept as it is; an unterminated quoted field runs to
 * the end. Empty lines are skipped — or, with `keepEmpty`, kept as empty rows (`[]`), so that a
 * record's place is the row number a spreadsheet shows for it (a final line break ends the last
 * record and adds none). The delimiter is detected unless given.
 * @param {string} text
 * @param {{ delimiter?: string, keepEmpty?: boolean }} [options]
 * @returns {string[][]}
 */
export function parseCsv(text, options = {}) {
  const src = stripBom(text);
  const delimiter = options.delimiter ?? detectDelimiter(src);
  const keepEmpty = options.keepEmpty ?? false;
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let atFieldStart = true; // nothing read yet for the current field
  let rowHasContent = false; // anything (a character, a delimiter, a quoted field) read in this row
  let i = 0;
  const n = src.length;
  const endRow = () => {
    if (rowHasContent) {
      row.push(field);
      rows.push(row);
    } else if (keepEmpty) rows.push([]);
    row = [];
    field = '';
    atFieldStart = true;
    rowHasContent = false;
  };
  while (i < n) {
    const ch = src[i];
    if (ch === '"' && atFieldStart) {
      // A quoted field: delimiters, line breaks and "" (one quote) inside.
      atFieldStart = false;
      rowHasContent = true;
      i++;
      while (i < n) {
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += src[i++];
      }
      // Anything between the closing quote and the next delimiter is kept (lenient).
      while (i < n && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') field += src[i++];
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      atFieldStart = true;
      rowHasContent = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      atFieldStart = false;
      rowHasContent = true;
      i++;
    }
  }
  if (rowHasContent) endRow();
  return rows;
}

/**
 * A cell that a spreadsheet must show exactly as written, for `toCsv`. Excel and LibreOffice read a
 * CSV cell of digits as a number: an 18-digit code becomes 9.14205E+17 and keeps only 15 digits,
 * for good, as soon as the file is saved. Written as the formula `="914205030428615383"`, the
 * cell is the text itself in both — no invisible character in it, unlike a leading tab or
 * apostrophe, so what is copied out of the cell is the code — it sorts and filters as text, and
 * `unwrapExcelText` reads it back. A value longer than Excel's 255-character limit for a text in a
 * formula, or holding a line break, is written as a plain cell.
 * @param {unknown} value
 * @returns {{ excelText: string }}
 */
export function excelText(value) {
  return { excelText: value === null || value === undefined ? '' : String(value) };
}

/**
 * Whether Excel would change this text when it opens a CSV: long digit strings (codes, numbers
 * with more than 15 digits), digits with leading zeros, what looks like a number in scientific
 * notation, a date or a time.
 * @param {string} s
 * @returns {boolean}
 */
export function excelWouldConvert(s) {
  return (
    /^\d{12,}$/.test(s) ||
    /^0\d+$/.test(s) ||
    /^[+-]?\d+([.,]\d+)?E[+-]?\d+$/i.test(s) ||
    /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.test(s) ||
    /^\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?$/.test(s) ||
    /^\d{1,2}:\d{2}(?::\d{2})?$/.test(s)
  );
}

/**
 * A cell as read from a CSV written by `toCsv`: `="…"` (an `excelText` cell, `""` for a quote
 * inside) gives its text, and the `'` that `escapeCell` puts before a leading `=`, `+`, `-`, `@`,
 * tab or CR is taken off again; any other cell is returned as it is.
 * @param {string} cell
 * @returns {string}
 */
export function unwrapExcelText(cell) {
  const m = /^="((?:[^"]|"")*)"$/.exec(cell);
  if (m) return /** @type {string} */ (m[1]).replace(/""/g, '"');
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/**
 * One cell for a CSV written for spreadsheets: a value that would start a formula (`=`, `+`, `-`,
 * `@`, tab, CR) is prefixed with `'` so Excel shows it as text (CSV injection); quoted when it holds
 * the delimiter, a quote, a line break or leading/trailing spaces. An `excelText` cell is written
 * as `="…"`: its text sits inside a formula's string literal, where it can start nothing.
 * @param {unknown} value
 * @param {string} [delimiter]
 * @returns {string}
 */
export function escapeCell(value, delimiter = ',') {
  let s;
  if (value !== null && typeof value === 'object' && 'excelText' in value) {
    const text = String(value.excelText);
    if (text === '') return '';
    if (text.length > 255 || /[\r\n]/.test(text)) return escapeCell(text, delimiter);
    s = `="${text.replace(/"/g, '""')}"`;
  } else {
    s = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  }
  if (s.includes(delimiter) || /["\r\n]/.test(s) || /^\s|\s$/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/**
 * Rows → CSV text. By default with a UTF-8 BOM (U+FEFF, which becomes EF BB BF when the text is
 * written as UTF-8) and CRLF line ends, as Excel expects.
 * @param {readonly (readonly unknown[])[]} rows
 * @param {{ bom?: boolean, eol?: string, delimiter?: string }} [options]
 * @returns {string}
 */
export function toCsv(rows, options = {}) {
  const { bom = true, eol = '\r\n', delimiter = ',' } = options;
  const body = rows.map((r) => r.map((c) => escapeCell(c, delimiter)).join(delimiter)).join(eol);
  return (bom ? '\ufeff' : '') + body + (rows.length ? eol : '');
}
