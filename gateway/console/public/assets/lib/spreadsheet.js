// @ts-check
/**
 * Bidder files as spreadsheets, shared by /bidders.html and scripts/check-file.ts: tell an .xlsx
 * workbook from a CSV file, read the first sheet of a workbook into rows, and write the results
 * file as a workbook. The spreadsheet library (ExcelJS) is passed in — in Node the `exceljs`
 * package, in the browser its bundle served from this origin (/vendor/exceljs.min.js), loaded only
 * when a workbook is read or written — so this module imports nothing outside the console.
 */
import { decodeCsvBytes, parseCsv } from './csv.js';
import { readBidderRows } from './bidders.js';

/** @typedef {import('exceljs')} ExcelJsModule */
/** @typedef {import('./bidders.js').SheetRow} SheetRow */
/** @typedef {import('./bidders.js').ResultsSheet} ResultsSheet */

/** The .xlsx media type. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A bidders file that cannot be read, with what to do, in Chinese and English.
 */
export class BidderFileError extends Error {
  /**
   * @param {'XLS_OR_ENCRYPTED' | 'NOT_XLSX' | 'XLSX_UNREADABLE' | 'NO_SHEET'} code
   * @param {{ zh: string, en: string }} text
   */
  constructor(code, text) {
    super(text.en);
    this.name = 'BidderFileError';
    this.code = code;
    this.zh = text.zh;
    this.en = text.en;
  }
}

/**
 * What a file's bytes are: `zip` (an .xlsx workbook is a ZIP package), `ole2` (an old .xls workbook,
 * or an .xlsx saved with a password, which Office wraps in the same container) or `text` (CSV).
 * Told by content, not by the file's name, so a workbook renamed .csv is still read as one.
 * @param {Uint8Array} bytes
 * @returns {'zip' | 'ole2' | 'text'}
 */
export function fileKind(bytes) {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (bytes.length >= 8 && ole.every((b, i) => bytes[i] === b)) return 'ole2';
  return 'text';
}

/**
 * Whether a ZIP package holds an entry whose name (or, for `opendocument.spreadsheet`, whose
 * stored `mimetype` entry) contains `name`: ZIP keeps entry names, and an ODF package its
 * uncompressed mimetype, as plain bytes.
 * @param {Uint8Array} bytes
 * @param {string} name ASCII
 */
function zipHolds(bytes, name) {
  const needle = [...name].map((c) => c.charCodeAt(0));
  const first = needle[0];
  outer: for (
    let i = bytes.indexOf(/** @type {number} */ (first));
    i >= 0 && i <= bytes.length - needle.length;
    i = bytes.indexOf(/** @type {number} */ (first), i + 1)
  ) {
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * The text of a cell value as ExcelJS gives it, and whether the sheet stored it as a number.
 * Rich text is joined, a formula gives its cached result, a hyperlink its text, a date its day
 * (YYYY-MM-DD), an error its code (#N/A).
 * @param {unknown} value
 * @returns {{ text: string, number: boolean }}
 */
export function cellText(value) {
  if (value === null || value === undefined) return { text: '', number: false };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(value) : '', number: true };
  if (typeof value === 'string') return { text: value, number: false };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', number: false };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10), number: false };
  if (typeof value === 'object') {
    const v = /** @type {Record<string, unknown>} */ (value);
    if (Array.isArray(v['richText'])) return { text: v['richText'].map((p) => String(p?.text ?? '')).join(''), number: false };
    if ('formula' in v || 'sharedFormula' in v) return cellText(v['result']);
    if ('hyperlink' in v || 'text' in v) return cellText(v['text']);
    if ('error' in v) return { text: String(v['error']), number: false };
  }
  return { text: String(value), number: false };
}

/**
 * The first sheet of an .xlsx workbook as rows (the sheet's own row numbers; empty rows left out),
 * every cell as text, with the cells stored as numbers marked.
 * @param {Uint8Array} bytes
 * @param {ExcelJsModule} ExcelJS
 * @returns {Promise<{ sheetName: string, sheetNames: string[], rows: SheetRow[] }>}
 */
export async function readXlsxRows(bytes, ExcelJS) {
  if (!zipHolds(bytes, 'xl/workbook.xml')) {
    throw zipHolds(bytes, 'opendocument.spreadsheet')
      ? new BidderFileError('NOT_XLSX', {
          zh: '这是 OpenDocument 表格（.ods），不是 Excel 工作簿。请在 WPS 或 LibreOffice 中另存为 Excel 工作簿（.xlsx）或 CSV（UTF-8）后再上传。',
          en: 'This is an OpenDocument spreadsheet (.ods), not an Excel workbook. Save it as an Excel workbook (.xlsx) or CSV (UTF-8) in WPS or LibreOffice, then upload that.',
        })
      : new BidderFileError('NOT_XLSX', {
          zh: '这个文件是压缩包，但不是 Excel 工作簿（.xlsx）。请上传 .xlsx 或 CSV 文件。',
          en: 'This file is a ZIP package but not an Excel workbook (.xlsx). Upload an .xlsx or CSV file.',
        });
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // A copy: the library may keep or detach what it is given.
    await workbook.xlsx.load(/** @type {any} */ (bytes.slice().buffer));
  } catch (err) {
    const why = String(/** @type {Error} */ (err)?.message ?? err);
    throw new BidderFileError('XLSX_UNREADABLE', {
      zh: `无法读取这个 Excel 工作簿（${why}）。请在 Excel 或 WPS 中打开后另存为 .xlsx 或 CSV（UTF-8）再上传。`,
      en: `This Excel workbook cannot be read (${why}). Open it in Excel or WPS and save it again as .xlsx or CSV (UTF-8).`,
    });
  }
  const sheets = workbook.worksheets;
  const sheet = sheets[0];
  if (!sheet) {
    throw new BidderFileError('NO_SHEET', { zh: '工作簿中没有工作表。', en: 'The workbook has no worksheet.' });
  }
  /** @type {SheetRow[]} */
  const rows = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    /** @type {string[]} */
    const cells = [];
    /** @type {boolean[]} */
    const numeric = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // A merged cell's other parts repeat its value; only the cell that holds it counts.
      if (cell.isMerged && cell.master !== cell) return;
      const { text, number } = cellText(cell.value);
      while (cells.length < col - 1) {
        cells.push('');
        numeric.push(false);
      }
      cells[col - 1] = text;
      numeric[col - 1] = number;
    });
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: rowNumber, cells, numeric });
  });
  return { sheetName: sheet.name, sheetNames: sheets.map((s) => s.name), rows };
}

/**
 * @typedef {object} BiddersFile
 * @property {'CSV' | 'XLSX'} format
 * @property {string} encoding the CSV's encoding (UTF-8, UTF-8-BOM, UTF-16LE/BE, GBK), or 'XLSX'
 * @property {string | null} sheetName the sheet read (.xlsx: always the first)
 * @property {string[]} sheetNames every sheet of the workbook, in order ([] for CSV)
 * @property {import('./bidders.js').BidderInput[]} bidders
 * @property {boolean} hasHeader
 * @property {number | null} headerRow the header's row (its record number in a CSV)
 * @property {number} skippedRows rows above the header that were skipped (a title, a header block)
 * @property {number} codeColumn 0-based
 * @property {number | null} nameColumn
 * @property {number | null} consortiumColumn
 */

/**
 * The bidders of a file's bytes, a CSV file or an .xlsx workbook (its first sheet). An old .xls
 * workbook, a workbook with a password, or another ZIP package is refused with a `BidderFileError`
 * saying what to do.
 * @param {Uint8Array} bytes
 * @param {{ loadExcelJs: () => Promise<ExcelJsModule>, decodeGbk?: (bytes: Uint8Array) => string }} options
 * @returns {Promise<BiddersFile>}
 */
export async function readBiddersFile(bytes, options) {
  const kind = fileKind(bytes);
  if (kind === 'ole2') {
    throw new BidderFileError('XLS_OR_ENCRYPTED', {
      zh: '这是旧版 Excel 97-2003 工作簿（.xls）或设了打开密码的工作簿，无法读取。请在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx，不设密码）或 CSV（UTF-8）后再上传。',
      en: 'This is an old Excel 97-2003 workbook (.xls) or a workbook with a password, which cannot be read. Open it in Excel or WPS and save it as an Excel workbook (.xlsx, no password) or CSV (UTF-8), then upload that.',
    });
  }
  if (kind === 'zip') {
    const { sheetName, sheetNames, rows } = await readXlsxRows(bytes, await options.loadExcelJs());
    return { format: 'XLSX', encoding: 'XLSX', sheetName, sheetNames, ...readBidderRows(rows) };
  }
  const { text, encoding } = decodeCsvBytes(bytes, options.decodeGbk ? { decodeGbk: options.decodeGbk } : {});
  return { format: 'CSV', encoding, sheetName: null, sheetNames: [], ...readBidderRows(parseCsv(text, { keepEmpty: true })) };
}

/** Fills (ARGB) of the verdict cell, by verdict: the colours of the console's verdict pills. */
const VERDICT_FILLS = /** @type {Record<string, string>} */ ({
  PROHIBITED: 'FFF8D7DA',
  RESTRICTED: 'FFFDE2C8',
  CAUTION: 'FFFFF3C4',
  INCOMPLETE: 'FFE2E3E5',
  ERROR: 'FFE2E3E5',
  INVALID_CODE: 'FFE2E3E5',
  NOT_FOUND: 'FFE2E3E5',
  CLEAR: 'FFD8F0DC',
});

/**
 * About how many lines a text takes in a wrapped cell `width` characters wide (Excel's unit: the
 * width of a digit; a Chinese character takes about two). Spreadsheet programs do not always fit a row to its
 * wrapped text when they open a file, so the rows are given their height.
 * @param {string} text
 * @param {number} width
 */
export function wrappedLines(text, width) {
  // A little less room than the width, and a Chinese character a little more than two digits:
  // a row a line too high reads better than one cut off.
  const room = Math.max(1, width - 2);
  let lines = 0;
  for (const part of String(text).split('\n')) {
    let units = 0;
    for (const ch of part)
      units += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2.2 : 1;
    lines += Math.max(1, Math.ceil(units / room));
  }
  return lines;
}

/** Points per line of 11-point text, with its spacing. */
const LINE_HEIGHT = 15;

/**
 * The results file as an .xlsx workbook: one sheet, the title and header block on top, then the
 * table with a bold, filtered heading row frozen in place. Code columns are string cells with the
 * text format '@', so Excel shows every digit and keeps the cell text when it is edited and saved;
 * every column has a width (the measures and notes wide, wrapped), the verdict cell is coloured, and
 * the page is set up A4 landscape with the heading row on every printed page.
 * @param {ResultsSheet} sheet
 * @param {ExcelJsModule} ExcelJS
 * @param {{ sheetName?: string, created?: Date }} [options]
 * @returns {Promise<Uint8Array>}
 */
export async function resultsXlsx(sheet, ExcelJS, options = {}) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '企业信用核查';
  if (options.created) {
    workbook.created = options.created;
    workbook.modified = options.created;
  }
  const n = sheet.columns.length;
  const headerRowNumber = sheet.info.length + 3; // title, info, blank, header
  const ws = workbook.addWorksheet(options.sheetName ?? sheet.title.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: headerRowNumber, xSplit: 0 }],
    // Printed on A4 landscape, the heading repeated on every page.
    pageSetup: { paperSize: 9, orientation: 'landscape', margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
  });
  ws.pageSetup.printTitlesRow = `${headerRowNumber}:${headerRowNumber}`;
  ws.columns = sheet.columns.map((c) => ({ key: c.key, width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) }));

  const title = ws.getRow(1);
  title.getCell(1).value = sheet.title;
  title.getCell(1).font = { bold: true, size: 14 };
  title.height = 22;
  // The header block: the label across the first two columns, the value across the next three, as
  // text (a tender number of digits or a date stays what it is).
  sheet.info.forEach(([label, value], i) => {
    const r = i + 2;
    const row = ws.getRow(r);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(3).value = value;
    row.getCell(3).numFmt = '@';
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    if (n >= 2) ws.mergeCells(r, 1, r, 2);
    if (n >= 5) ws.mergeCells(r, 3, r, 5);
    const across = sheet.columns.slice(2, 5).reduce((w, c) => w + c.width, 0);
    row.height = LINE_HEIGHT * wrappedLines(value, across || 60);
  });

  const head = ws.getRow(headerRowNumber);
  head.height = LINE_HEIGHT * Math.max(1, ...sheet.columns.map((c) => wrappedLines(c.header, c.width)));
  sheet.columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8A9BB0' } } };
  });
  ws.autoFilter = { from: { row: headerRowNumber, column: 1 }, to: { row: headerRowNumber, column: n } };

  const verdictColumn = sheet.columns.findIndex((c) => c.key === 'verdict');
  sheet.rows.forEach((cells, k) => {
    const row = ws.getRow(headerRowNumber + 1 + k);
    cells.forEach((value, i) => {
      const col = /** @type {import('./bidders.js').ResultsColumn} */ (sheet.columns[i]);
      const cell = row.getCell(i + 1);
      // The row number is a number; everything else is text as written (never a guess at a type).
      cell.value = col.key === 'row' && /^\d+$/.test(value) ? Number(value) : value;
      if (col.text) cell.numFmt = '@';
      if (col.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
      else cell.alignment = { vertical: 'top' };
    });
    const lines = Math.max(
      1,
      ...cells.map((value, i) =>
        sheet.columns[i]?.wrap ? wrappedLines(value, /** @type {import('./bidders.js').ResultsColumn} */ (sheet.columns[i]).width) : 1,
      ),
    );
    row.height = Math.min(409, LINE_HEIGHT * lines);
    const fill = VERDICT_FILLS[sheet.verdicts[k] ?? ''];
    if (verdictColumn >= 0 && fill) {
      const cell = row.getCell(verdictColumn + 1);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      cell.font = { bold: true };
    }
  });
  const out = await workbook.xlsx.writeBuffer();
  return out instanceof Uint8Array ? out : new Uint8Array(/** @type {ArrayBuffer} */ (out));
}
