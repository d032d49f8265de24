/**
 * A real spreadsheet program for the spreadsheet tests: LibreOffice Calc, headless (Debian's
 * libreoffice-calc-nogui; the test set-up installs it when missing). The tests' .xlsx fixtures are
 * written by it from flat OpenDocument (.fods) or CSV sources made at test time — never by the
 * library under test — and the workbooks and CSV files the console exports are read back by it.
 *
 * Each conversion runs its own `soffice --headless` with a fresh user profile in a temporary
 * folder, so conversions in parallel test files do not share (or lock) a profile.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { LIBREOFFICE } from './system-packages.js';

const run = promisify(execFile);

/** LibreOffice's CSV filter options: comma, double quote, UTF-8 (76), from line 1. */
const CSV_OPTIONS = '44,34,76,1';

export interface SourceFile {
  /** File name with its extension (.fods, .csv, .xlsx): LibreOffice picks its import filter by it. */
  name: string;
  data: string | Uint8Array;
}

/**
 * Convert files with LibreOffice: to `xlsx` (Calc MS Excel 2007 XML) or to `csv` (the first sheet,
 * UTF-8, cells as shown). CSV sources are read as UTF-8 with LibreOffice's default column types
 * (a column of digits becomes numbers, as when a CSV is opened by double-click) and formulas
 * evaluated. Resolves with the converted files, in the order given.
 */
export async function convertWithLibreOffice(sources: SourceFile[], target: 'xlsx' | 'csv'): Promise<Buffer[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lo-convert-'));
  try {
    const inDir = path.join(dir, 'in');
    const outDir = path.join(dir, 'out');
    await mkdir(inDir);
    await mkdir(outDir);
    const inputs = sources.map((s) => path.join(inDir, s.name));
    await Promise.all(sources.map((s, i) => writeFile(inputs[i]!, s.data)));
    const csvSources = sources.filter((s) => /\.csv$/i.test(s.name)).length;
    if (csvSources && csvSources !== sources.length)
      throw new Error('Convert CSV sources apart from the others: the CSV import options apply to every file.');
    const args = [
      `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      ...(csvSources ? [`--infilter=CSV:${CSV_OPTIONS}`] : []),
      '--convert-to',
      target === 'xlsx' ? 'xlsx:Calc MS Excel 2007 XML' : `csv:Text - txt - csv (StarCalc):${CSV_OPTIONS}`,
      '--outdir',
      outDir,
      ...inputs,
    ];
    const { stdout, stderr } = await run(LIBREOFFICE, args, { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    return await Promise.all(
      sources.map(async (s) => {
        const out = path.join(outDir, `${path.parse(s.name).name}.${target}`);
        try {
          return await readFile(out);
        } catch {
          throw new Error(`LibreOffice did not write ${path.basename(out)}.\n${stdout}\n${stderr}`);
        }
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An .xlsx workbook written by LibreOffice from one source file. */
export async function libreOfficeXlsx(source: SourceFile): Promise<Buffer> {
  return (await convertWithLibreOffice([source], 'xlsx'))[0]!;
}

/** The first sheet of a workbook (or a CSV file) as LibreOffice reads it, written out as UTF-8 CSV text. */
export async function libreOfficeCsv(source: SourceFile): Promise<string> {
  const bytes = (await convertWithLibreOffice([source], 'csv'))[0]!;
  return bytes.toString('utf8').replace(/^\ufeff/, '');
}

// ---------------------------------------------------------------------------------------------
// Flat OpenDocument spreadsheets (.fods): the sources of the fixtures

/** A cell of a fixture sheet: text, a number, text with a bold part, or a text cell spanning columns. */
export type FodsCell =
  | string
  | number
  | null
  | { number: number | string; digits?: 'all' }
  | { rich: [plain: string, bold: string] }
  | { text: string; span: number; bold?: boolean };

export interface FodsSheet {
  name: string;
  rows: FodsCell[][];
  /** Column widths in centimetres, from column A (the rest keep the default). */
  widths?: number[];
  /** Columns (0-based) formatted as text ('@'), so what is typed into them later stays text. */
  textColumns?: number[];
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function fodsCell(c: FodsCell): string {
  if (c === null || c === '') return '<table:table-cell/>';
  if (typeof c === 'string')
    return `<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>${xml(c)}</text:p></table:table-cell>`;
  if (typeof c === 'number') return `<table:table-cell office:value-type="float" office:value="${c}"><text:p>${c}</text:p></table:table-cell>`;
  if ('number' in c) {
    // The digits as typed into a General cell: LibreOffice keeps the float it parses, as Excel
    // does (15 significant digits), so an 18-digit code given as a string here is stored cut.
    const style = c.digits === 'all' ? ' table:style-name="ceWhole"' : '';
    return `<table:table-cell${style} office:value-type="float" office:value="${c.number}"><text:p>${c.number}</text:p></table:table-cell>`;
  }
  if ('rich' in c) {
    return `<table:table-cell office:value-type="string"><text:p>${xml(c.rich[0])}<text:span text:style-name="T1">${xml(c.rich[1])}</text:span></text:p></table:table-cell>`;
  }
  const style = c.bold ? ' table:style-name="ceTitle"' : '';
  return `<table:table-cell${style} office:value-type="string" table:number-columns-spanned="${c.span}" table:number-rows-spanned="1"><text:p>${xml(c.text)}</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="${c.span - 1}"/>`;
}

/**
 * A flat OpenDocument spreadsheet (what LibreOffice saves as .fods) with these sheets, first sheet
 * first. Numbers with `digits: 'all'` get the number format `0` (every digit shown, no exponent).
 */
export function fods(sheets: FodsSheet[]): string {
  const widthStyles = new Map<number, string>();
  const tables = sheets
    .map((s) => {
      const count = Math.max(s.widths?.length ?? 0, ...(s.textColumns ?? []).map((i) => i + 1));
      const columns = Array.from({ length: count }, (_, i) => {
        const w = s.widths?.[i];
        if (w !== undefined && !widthStyles.has(w)) widthStyles.set(w, `co${widthStyles.size + 1}`);
        const width = w !== undefined ? ` table:style-name="${widthStyles.get(w)}"` : '';
        const text = s.textColumns?.includes(i) ? ' table:default-cell-style-name="ceText"' : '';
        return `<table:table-column${width}${text}/>`;
      }).join('');
      const rows = s.rows.map((r) => `<table:table-row>${r.length ? r.map(fodsCell).join('') : '<table:table-cell/>'}</table:table-row>`).join('\n');
      return `<table:table table:name="${xml(s.name)}">${columns}\n${rows}\n</table:table>`;
    })
    .join('\n');
  const columnStyles = [...widthStyles]
    .map(
      ([w, name]) =>
        `<style:style style:name="${name}" style:family="table-column"><style:table-column-properties style:column-width="${w}cm"/></style:style>`,
    )
    .join('\n  ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
  office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
  <number:number-style style:name="NWhole"><number:number number:decimal-places="0" number:min-integer-digits="1"/></number:number-style>
  <style:style style:name="ceWhole" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="NWhole"/>
  <number:text-style style:name="NText"><number:text-content/></number:text-style>
  <style:style style:name="ceText" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="NText"/>
  <style:style style:name="ceTitle" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-weight="bold" fo:font-size="14pt"/></style:style>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  ${columnStyles}
</office:automatic-styles>
<office:body><office:spreadsheet>
${tables}
</office:spreadsheet></office:body>
</office:document>
`;
}

/** RFC 4180 CSV (as LibreOffice writes it), read independently of the console's reader. */
export { readCsv as readCsvRows } from '../browser/support/files.js';
