/**
 * `npm run samples`: write docs/samples/bidders-sample.xlsx from docs/samples/bidders-sample.csv
 * with LibreOffice (headless) — the workbook a tender office would keep: the same bidders, the code
 * column formatted as text and its codes in text cells (so a code typed or pasted in later stays
 * text too: a spreadsheet never turns it into a number), 序号 as numbers. The
 * test set-up's package check installs LibreOffice (Debian's libreoffice-calc-nogui) when missing.
 * Run it after changing the CSV; test/spreadsheets.test.ts fails while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCsv } from '../gateway/console/public/assets/lib/csv.js';
import { ensureLibreOffice } from '../test/support/system-packages.js';
import { fods, libreOfficeXlsx, type FodsCell } from '../test/support/libreoffice.js';

const CSV = new URL('../docs/samples/bidders-sample.csv', import.meta.url);
const XLSX = new URL('../docs/samples/bidders-sample.xlsx', import.meta.url);

ensureLibreOffice();
const rows = parseCsv(readFileSync(CSV, 'utf8'));
const cells: FodsCell[][] = rows.map((r, i) => r.map((c, k): FodsCell => (i > 0 && k === 0 && /^\d+$/.test(c) ? Number(c) : c)));
const xlsx = await libreOfficeXlsx({
  name: 'bidders-sample.fods',
  data: fods([{ name: '投标人名单', rows: cells, widths: [1.5, 7, 5, 3], textColumns: [2] }]),
});
writeFileSync(XLSX, xlsx);
process.stdout.write(`wrote ${XLSX.pathname} (${rows.length - 1} bidders, ${xlsx.length} bytes)\n`);
