/** Bidder files for the browser tests, and an independent reader for the results file. */
import iconv from 'iconv-lite';
import type { Stack } from '../../support/stack.js';

export interface BidderLine {
  code: string;
  name: string;
}

/**
 * `count` synthetic enterprises (`stack.dataset.at(i)`), with the golden cases `golden` and the
 * invalid codes `invalid` put in at fixed places, in the order they will appear in the file.
 */
export function bidderLines(stack: Stack, count: number, golden: string[], invalid: string[]): BidderLine[] {
  const lines: BidderLine[] = [];
  for (let i = 0; i < count; i++) {
    const e = stack.dataset.at(i);
    lines.push({ code: e.uscc, name: e.market?.registration.name ?? '' });
  }
  // Spread the special lines through the file, not only at the ends.
  const specials: BidderLine[] = [
    ...golden.map((id) => {
      const g = stack.goldenCase(id);
      return { code: g.uscc, name: g.truth.market?.registration.name ?? '' };
    }),
    ...invalid.map((code) => ({ code, name: '代码有误的投标人' })),
  ];
  specials.forEach((line, k) => lines.splice(Math.floor(((k + 1) * lines.length) / (specials.length + 1)), 0, line));
  return lines;
}

/** CSV text with a header; a cell is quoted when it must be. */
export function csvText(header: [string, string], lines: BidderLine[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...lines.map((l) => [l.code, l.name])].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function utf8File(header: [string, string], lines: BidderLine[]): Buffer {
  return Buffer.from(csvText(header, lines), 'utf8');
}

/** As Chinese Excel saves CSV: GBK, no BOM. */
export function gbkFile(header: [string, string], lines: BidderLine[]): Buffer {
  return iconv.encode(csvText(header, lines), 'gbk');
}

/**
 * RFC 4180 CSV (quoted fields with commas, quotes and line breaks; CRLF or LF), written here and
 * not taken from the console, so the results file is read independently of the code that wrote it.
 */
export function readCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A cell written for Excel as `="…"` (how the results file keeps codes as text), as Excel shows it. */
export function excelCellText(cell: string): string {
  const m = /^="((?:[^"]|"")*)"$/.exec(cell);
  return m ? m[1]!.replace(/""/g, '"') : cell;
}

/** The results file's table — under its title and header block — as records keyed by heading (统一社会信用代码…). */
export function readResults(text: string): Record<string, string>[] {
  const rows = readCsv(text).map((r) => r.map(excelCellText));
  const h = rows.findIndex((r) => r.includes('统一社会信用代码') || r.includes('Unified social credit code'));
  if (h < 0) return [];
  const header = rows[h]!;
  return rows
    .slice(h + 1)
    .filter((cells) => cells.some((c) => c !== ''))
    .map((cells) => Object.fromEntries(header.map((k, i) => [k, cells[i] ?? ''])));
}

/** The results file's header block (label → value), between the title and the table. */
export function readResultsInfo(text: string): Record<string, string> {
  const rows = readCsv(text).map((r) => r.map(excelCellText));
  const h = rows.findIndex((r) => r.includes('统一社会信用代码') || r.includes('Unified social credit code'));
  return Object.fromEntries(
    rows
      .slice(1, h)
      .filter((r) => r[0])
      .map((r) => [r[0]!, r.slice(1).find((c) => c !== '') ?? '']),
  );
}
