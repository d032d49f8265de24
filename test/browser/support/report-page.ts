/** Driving the credit report page (`/report.html`), reading its sections, printing it to PDF. */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { decodeQR } from 'qr/decode.js';
import { expect } from 'vitest';
import { ROOT, type Session } from './browser.js';
import { PDFTOPPM, PDFTOTEXT } from '../../support/system-packages.js';
import { OTHER_SECTION_FIELDS } from '../../../gateway/console/public/assets/lib/report-statement.js';

/** Where printed reports go (beside the screenshots; not committed). */
export const PDF_DIR = join(ROOT, 'test-artifacts', 'pdf');

/** The generic sections of the registered departments without one of their own, in registry order. */
export const DEPARTMENT_SECTIONS = OTHER_SECTION_FIELDS.map((f) => `department-${f}`);

/** The report's sections, in order (gateway/console/README.md). */
export const REPORT_SECTIONS = [
  'basic',
  'administrative',
  'honest',
  'serious-dishonest',
  'abnormal',
  'commitments',
  'judicial',
  'tax',
  'environment',
  'economy',
  ...DEPARTMENT_SECTIONS,
  'verdict',
  'sources',
  'rights',
];

const ZH_NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
  '十七',
  '十八',
  '十九',
  '二十',
];
/** The printed heading of the objection-and-repair section (its number follows the sections before it). */
export const RIGHTS_HEADING = `${ZH_NUMERALS[REPORT_SECTIONS.indexOf('rights')]}、异议申诉与信用修复`;

/** Open the report for a code and scenario (it runs by itself when the settings are complete). */
export async function openReport(s: Session, uscc: string, scenario: string) {
  await s.open(`/report.html?${new URLSearchParams({ uscc, scenario })}`);
  const report = s.page.getByTestId('report');
  await report.waitFor();
  expect(s.graphql.length).toBe(1);
  expect(s.graphql[0]!.body?.variables).toMatchObject({ uscc, scenario });
  return report;
}

/** `data-state` of each `[data-section]`, in page order. */
export async function sectionStates(page: Page): Promise<Record<string, string | null>> {
  const pairs = await page
    .locator('[data-section]')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-section'), e.getAttribute('data-state')] as const));
  return Object.fromEntries(pairs);
}

/** The printed report: its PDF, its text (whole and per page, `pdftotext -raw`) and what its QR code says. */
export interface PrintedReport {
  pdf: string;
  text: string;
  pages: string[];
  /** The text of the first QR code on page 1 (read from the page rendered at 150 dpi), or null. */
  qr: string | null;
  /** Page 1 rendered as PNG (for people to look at). */
  png: string;
}

/**
 * Print the page to PDF as the browser's "print to PDF" does (A4, print styles, backgrounds), then
 * read it back with poppler-utils (`pdftotext`, `pdftoppm`, installed by the test set-up) and
 * decode the QR code from the rendered first page.
 */
export async function printReport(page: Page, name: string): Promise<PrintedReport> {
  mkdirSync(PDF_DIR, { recursive: true });
  const pdf = join(PDF_DIR, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { maxBuffer: 64 * 1024 * 1024 });
  const text = run(PDFTOTEXT, ['-raw', '-enc', 'UTF-8', pdf, '-']).toString('utf8');
  const count = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]).toString())?.[1] ?? '0');
  const pages = Array.from({ length: count }, (_, i) =>
    run(PDFTOTEXT, ['-raw', '-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']).toString('utf8'),
  );
  // Page 1 as RGB (PPM: "P6\n<w> <h>\n255\n" then the pixels) for the QR decoder.
  const ppm = run(PDFTOPPM, ['-r', '150', '-f', '1', '-l', '1', pdf]);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  let qr: string | null = null;
  if (header) {
    const [width, height] = [Number(header[1]), Number(header[2])];
    try {
      qr = decodeQR(
        { width, height, data: new Uint8Array(ppm.subarray(header[0].length, header[0].length + width * height * 3)) },
        { format: 'RGB' },
      );
    } catch {
      qr = null;
    }
  }
  const pngBase = join(PDF_DIR, `${name}-page`);
  run(PDFTOPPM, ['-r', '80', '-png', '-f', '1', '-l', String(Math.min(count, 6)), pdf, pngBase]);
  return { pdf, text, pages, qr, png: `${pngBase}-1.png` };
}

/** Text without any whitespace (pdftotext breaks lines and spaces where the layout does). */
export const compact = (s: string) => s.replace(/\s+/g, '');
