/**
 * Bidder workbooks as a tender office has them, written by LibreOffice (see libreoffice.ts) from
 * sources made here at test time:
 * - `textCodesWorkbook`: a title row across the columns, a blank row, the heading on row 3
 *   (序号, 投标人名称, 统一社会信用代码, 联合体 — the code not in the first column), the code column
 *   formatted as text with the codes in text cells (but for lines marked `asNumber`, typed into a
 *   General cell and so stored as a number), one name with a bold part (rich text), and a second
 *   sheet (说明) that is not read;
 * - `numberCodesWorkbook`: the same list opened from CSV with the default column types and saved
 *   as .xlsx — every code of digits only stored as a number (9.14205030428615E+17), as Excel does
 *   when a CSV is opened by double-click; codes with a letter stay text.
 */
import { convertWithLibreOffice, fods, libreOfficeXlsx, type FodsCell } from './libreoffice.js';

export interface WorkbookLine {
  code: string;
  name: string;
  /** The consortium cell ('' for an individual bidder). */
  consortium?: string;
  /** In the text workbook: this code was typed into a General cell, so the spreadsheet stored it as a number. */
  asNumber?: boolean;
}

export const TITLE = '2026年宜昌市某道路工程施工招标 投标人名单';
export const HEADING = ['序号', '投标人名称', '统一社会信用代码', '联合体'];

/** The sheet's first row of bidders (a title, a blank row and the heading above it). */
export const FIRST_BIDDER_ROW = 4;

/** The fods source of `textCodesWorkbook`: line `richAt` has its name's last two characters in bold. */
export function textCodesFods(lines: WorkbookLine[], richAt = 1): string {
  const rows: FodsCell[][] = [
    [{ text: TITLE, span: HEADING.length, bold: true }],
    [],
    HEADING,
    ...lines.map((l, i): FodsCell[] => [
      i + 1,
      i === richAt && l.name.length > 2 ? { rich: [l.name.slice(0, -2), l.name.slice(-2)] } : l.name,
      l.asNumber ? { number: l.code } : l.code,
      l.consortium ?? '',
    ]),
  ];
  return fods([
    { name: '投标人', rows, widths: [1.5, 7, 5, 3], textColumns: [2] },
    { name: '说明', rows: [['统一社会信用代码'], ['此页不是名单：914205020361824755 不应被读取']] },
  ]);
}

/** The bidders with codes in text cells, as LibreOffice writes the workbook. */
export function textCodesWorkbook(lines: WorkbookLine[]): Promise<Buffer> {
  return libreOfficeXlsx({ name: 'bidders-text.fods', data: textCodesFods(lines) });
}

/** The CSV a clerk opens by double-click (UTF-8, heading on the first row). */
export function bidderCsv(lines: WorkbookLine[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [HEADING, ...lines.map((l, i) => [String(i + 1), l.name, l.code, l.consortium ?? ''])].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
  );
}

/** The bidders as a spreadsheet that read the CSV with its default column types saves them: codes of digits become numbers. */
export async function numberCodesWorkbook(lines: WorkbookLine[]): Promise<Buffer> {
  return (await convertWithLibreOffice([{ name: 'bidders-numbers.csv', data: bidderCsv(lines) }], 'xlsx'))[0]!;
}
