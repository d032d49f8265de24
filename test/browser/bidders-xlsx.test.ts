/**
 * Excel-safe bidder files both ways, in a real browser. An .xlsx written by LibreOffice (a title
 * row, the heading on row 3, the code in the third column, a consortium, a second sheet, one code
 * typed into a General cell so that the spreadsheet stored it as a number) goes into /bidders.html:
 * the page reads the first sheet under its heading, says the stored-as-number code lost its digits
 * (and never sends it), checks the rest; the exported .xlsx and CSV keep every code intact when
 * LibreOffice reads them (the .xlsx converted to CSV by LibreOffice, not only read by the library
 * that wrote it), carry the header block, and go back into the page as the same bidders.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { textCodesWorkbook, FIRST_BIDDER_ROW, type WorkbookLine } from '../support/bidder-workbooks.js';
import { libreOfficeCsv } from '../support/libreoffice.js';
import { startBrowserStack } from './support/stack.js';
import { TRADING_PLATFORM, eventually, expectedOf, launchBrowser, screenshot, withSession, type Session } from './support/browser.js';
import { bidderLines, readResults, readResultsInfo } from './support/files.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TENDER = 'HBZB-2026-0815';
const INVALID = '91440300708461136X';
const MEASURES = '适用的惩戒措施（名单；案号或文号；认定机关）';

let stack: Stack;
let browser: Browser;
let lines: WorkbookLine[];
let workbook: Buffer;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 60 }), launchBrowser()]);
  const base = bidderLines(stack, 24, ['clean', 'dishonest-debtor', 'a-level-taxpayer', 'serious-illegal', 'abnormal-operations'], [INVALID]);
  const debtor = stack.goldenCase('dishonest-debtor').uscc;
  const clean = stack.goldenCase('clean').uscc;
  const lost = stack.goldenCase('abnormal-operations').uscc;
  lines = base.map((l) => ({
    ...l,
    consortium: l.code === clean || l.code === debtor ? '联合体一' : '',
    ...(l.code === lost ? { asNumber: true } : {}),
  }));
  workbook = await textCodesWorkbook(lines);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The codes as they stand in the table, top to bottom. */
const shownCodes = (page: Page) =>
  page
    .getByTestId('bidder-row')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-row'), e.getAttribute('data-code'), e.getAttribute('data-verdict')]));

async function choose(s: Session, name: string, buffer: Buffer, mimeType: string) {
  await s.page.getByTestId('bidders-file').setInputFiles({ name, mimeType, buffer });
  await eventually(() => s.page.getByTestId('bidders-file-info').getAttribute('data-count')).toBe(String(lines.length));
}

async function download(page: Page, testid: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** Verdicts the API gives for these codes (BIDDING). */
async function apiVerdicts(codes: string[]): Promise<Map<string, string>> {
  const r = await stack.query<{ enterprises: { uscc?: string; creditCheck?: { verdict: string } }[] }>(
    `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { uscc creditCheck(scenario: BIDDING) { verdict } } } }`,
    { u: codes },
    { key: TRADING_PLATFORM.key, purpose: TRADING_PLATFORM.purpose },
  );
  expect(r.errors ?? []).toEqual([]);
  return new Map(r.data!.enterprises.map((e) => [e.uscc!, e.creditCheck!.verdict]));
}

describe('Excel bidder files', { timeout: 120_000 }, () => {
  it('an .xlsx written by LibreOffice goes in, and the exported .xlsx and CSV keep every code', async () => {
    const lost = lines.find((l) => l.asNumber)!;
    const checkable = lines.filter((l) => !l.asNumber && l.code !== INVALID);
    const debtor = stack.goldenCase('dishonest-debtor');
    await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
      const { page } = s;
      await s.open('/bidders.html');
      await choose(s, '投标人名单.xlsx', workbook, XLSX);
      const info = page.getByTestId('bidders-file-info');
      expect(await info.getAttribute('data-format')).toBe('XLSX');
      expect(await info.innerText()).toContain(
        `已读取 ${lines.length} 个投标人（Excel 工作簿，读取第 1 个工作表“投标人”，共 2 个；表头在第 3 行）；其中 2 个代码无效。`,
      );
      // The code the spreadsheet stored as a number: said plainly, above the table.
      const warning = page.getByTestId('bidders-file-warning');
      expect(await warning.isVisible()).toBe(true);
      expect(await warning.getAttribute('data-code')).toBe('CODES_LOST_TO_SPREADSHEET');
      expect(await warning.innerText()).toContain('有 1 个代码已被电子表格软件（如 Excel）存成了数字');
      expect(await warning.innerText()).toContain('把代码列设为“文本”格式');
      // Every bidder listed in file order with the sheet's row numbers.
      const before = await shownCodes(page);
      expect(before.map(([row]) => row)).toEqual(lines.map((_, i) => String(FIRST_BIDDER_ROW + i)));
      const lostRow = page.locator(`[data-testid="bidder-row"][data-row="${FIRST_BIDDER_ROW + lines.indexOf(lost)}"]`);
      expect(await lostRow.getAttribute('data-verdict')).toBe('INVALID_CODE');
      expect(await lostRow.innerText()).toContain('第15位以后的数字已经丢失');
      expect(await lostRow.innerText()).not.toMatch(/第\d+位字符/);

      await page.getByTestId('tender-input').fill(TENDER);
      await page.getByTestId('bidders-submit').click();
      await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 60_000).toBe('done');
      // Only the valid codes went out; the lost one (and no guess at it) never.
      // (In the job each bidder has its row; a code invalid here is sent empty.)
      const sent = s.graphql.flatMap((c) => (c.body?.variables?.['input'] as { codes: string[] } | undefined)?.codes ?? []).filter(Boolean);
      expect(new Set(sent)).toEqual(new Set(checkable.map((l) => l.code)));
      expect(s.graphql.some((c) => JSON.stringify(c.body?.variables ?? {}).includes(lost.code.slice(0, 12)))).toBe(false);
      for (const c of s.graphql) expect(c.headers['x-query-reference']).toBe(TENDER);
      // The measures in words on screen.
      const debtorRow = page.locator(`[data-testid="bidder-row"][data-code="${debtor.uscc}"]`);
      expect(await debtorRow.innerText()).toContain('失信被执行人');
      // As a clerk's screen shows it: the file read, the warning, the summary and the first rows.
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.evaluate(() => document.querySelector('label[for="bidders-file"]')?.scrollIntoView({ block: 'start', behavior: 'instant' }));
      await screenshot(page, 'bidders-xlsx', { docs: 'bidders-xlsx' });

      const api = await apiVerdicts(checkable.map((l) => l.code));

      // The .xlsx, read back by LibreOffice.
      const xlsx = await download(page, 'bidders-download-xlsx');
      expect(xlsx.name).toMatch(new RegExp(`^投标人信用核查-${TENDER}-\\d{8}\\.xlsx$`));
      expect([...xlsx.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
      const fromXlsx = await libreOfficeCsv({ name: 'results.xlsx', data: xlsx.bytes });
      // The CSV, raw and as LibreOffice reads it.
      const csv = await download(page, 'bidders-download');
      expect(csv.name).toMatch(new RegExp(`^投标人信用核查-${TENDER}-\\d{8}\\.csv$`));
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.bytes.toString('utf8')).toContain(`"=""${debtor.uscc}"""`);
      const fromCsv = await libreOfficeCsv({ name: 'results.csv', data: csv.bytes });

      for (const [what, text] of [
        ['xlsx', fromXlsx],
        ['csv', fromCsv],
      ] as const) {
        const head = readResultsInfo(text);
        expect(head['招标项目编号'], what).toBe(TENDER);
        expect(head['办理场景'], what).toBe('招标投标');
        expect(head['核查基准日'], what).toMatch(/^\d{4}-\d{2}-\d{2}（核查当日）$/);
        expect(head['核查时间（北京时间）'], what).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(head['投标人名单文件'], what).toBe('投标人名单.xlsx');
        const rows = readResults(text);
        expect(rows, what).toHaveLength(lines.length);
        rows.forEach((r, i) => {
          const l = lines[i]!;
          expect(r['行号'], what).toBe(String(FIRST_BIDDER_ROW + i));
          expect(r['填报名称'], what).toBe(l.name);
          if (l.asNumber) {
            expect(r['统一社会信用代码'], what).toMatch(/^\d{15}000$/);
            expect(r['核查结论']).toBe('代码无效');
          } else {
            expect(r['统一社会信用代码'], `${what} row ${i}`).toBe(l.code);
          }
          if (api.has(l.code)) expect(r['结论编码'], `${what} ${l.code}`).toBe(api.get(l.code));
        });
        const d = rows.find((r) => r['统一社会信用代码'] === debtor.uscc)!;
        expect(d['结论编码']).toBe(expectedOf(stack, 'dishonest-debtor', 'BIDDING').verdict);
        expect(d[MEASURES]).toContain('（失信被执行人；');
        expect(d['联合体']).toBe('联合体一');
      }

      // Both go back into the page as the same bidders.
      for (const [name, bytes, type] of [
        ['results.csv', csv.bytes, 'text/csv'],
        ['results.xlsx', xlsx.bytes, XLSX],
      ] as const) {
        await choose(s, name, bytes, type);
        expect(await info.getAttribute('data-format'), name).toBe(name.endsWith('.xlsx') ? 'XLSX' : 'CSV');
        expect(await info.getAttribute('data-lost'), name).toBe('1');
        const again = await shownCodes(page);
        expect(
          again.map(([, code, verdict]) => [code, verdict]),
          name,
        ).toEqual(before.map(([, code, verdict]) => [code, verdict]));
        expect(await page.getByTestId('bidders-file-info').getAttribute('data-consortia')).toBe('1');
      }
    });
  });

  it('an old .xls workbook or another kind of file is refused with what to do, in both languages', async () => {
    await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
      const { page } = s;
      await s.open('/bidders.html');
      const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
      await page.getByTestId('bidders-file').setInputFiles({ name: '投标人名单.xls', mimeType: 'application/vnd.ms-excel', buffer: ole2 });
      const warning = page.getByTestId('bidders-file-warning');
      await eventually(() => warning.getAttribute('data-code')).toBe('XLS_OR_ENCRYPTED');
      expect(await warning.innerText()).toContain('另存为 Excel 工作簿（.xlsx，不设密码）或 CSV（UTF-8）');
      expect(await page.getByTestId('bidder-row').count()).toBe(0);
      await page.getByTestId('lang-toggle').click();
      await eventually(() => warning.innerText()).toContain('save it as an Excel workbook (.xlsx, no password) or CSV (UTF-8)');
      expect(await warning.innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    });
  });
});
