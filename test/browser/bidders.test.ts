/**
 * Bidder files (`/bidders.html`) in a real browser: a file of 200 synthetic bidders, two golden
 * cases and one invalid code runs as one bulk check job to the end with a visible progress bar
 * (the job's id in the address, progress from its event stream) and gives a results file
 * to download — one row per bidder, in file order, each with a verdict (the same the API gives),
 * the invalid code marked INVALID_CODE and the dishonest debtor as the golden file expects in bidding
 * (RESTRICTED: 法〔2016〕285号 says 依法予以限制). A smaller file saved as
 * GBK (as Chinese Excel saves CSV) is read with its Chinese names intact.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { TRADING_PLATFORM, expectedOf, launchBrowser, screenshot, withSession, type Session, eventually } from './support/browser.js';
import { bidderLines, gbkFile, readResults, readResultsInfo, utf8File, type BidderLine } from './support/files.js';

const INVALID = '91440300708461136X';
const TENDER = 'HBZB-2026-0815';
const RESULT_HEADER = [
  '行号',
  '统一社会信用代码',
  '填报名称',
  '登记名称',
  '核查结论',
  '适用的惩戒措施（名单；案号或文号；认定机关）',
  '未能读取的部门',
  '核查编号',
  '备注',
  '结论编码',
  '措施编码',
];
const VERDICTS = new Set(['INACTIVE', 'PROHIBITED', 'RESTRICTED', 'CAUTION', 'CLEAR', 'INCOMPLETE', 'NOT_FOUND', 'INVALID_CODE']);

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 220 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

interface ProgressSample {
  done: number;
  total: number;
  value: number;
  max: number;
  runVisible: boolean;
  barWidth: number;
  text: string;
  cancelVisible: boolean;
  finished: boolean;
}

/** Record every change of the progress bar in the page, with what the user could see then. */
async function watchProgress(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __progress: unknown[] };
    w.__progress = [];
    const bar = document.querySelector<HTMLProgressElement>('[data-testid="bidders-progress"]')!;
    const sample = () => {
      const run = document.querySelector<HTMLElement>('[data-testid="bidders-run"]')!;
      const cancel = document.querySelector<HTMLElement>('[data-testid="bidders-cancel"]')!;
      w.__progress.push({
        done: Number(bar.dataset['done'] ?? -1),
        total: Number(bar.dataset['total'] ?? -1),
        value: bar.value,
        max: bar.max,
        runVisible: !run.hidden && run.getBoundingClientRect().height > 0,
        barWidth: bar.getBoundingClientRect().width,
        text: document.querySelector('[data-testid="bidders-progress-text"]')!.textContent ?? '',
        cancelVisible: !cancel.hidden,
        finished: document.querySelector('[data-testid="bidders-download"]') !== null,
      });
    };
    new MutationObserver(sample).observe(bar, { attributes: true, attributeFilter: ['data-done', 'data-total', 'value', 'max'] });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: ProgressSample[] }).__progress);
}

/** Choose the file, start the check, and wait until it is done. */
async function runFile(s: Session, name: string, bytes: Buffer, lines: BidderLine[]) {
  const { page } = s;
  await s.open('/bidders.html');
  await page.getByTestId('bidders-file').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  const info = page.getByTestId('bidders-file-info');
  await eventually(() => info.getAttribute('data-count')).toBe(String(lines.length));
  // Before the run the table lists every bidder, the invalid code already marked.
  await eventually(() => page.getByTestId('bidder-row').count()).toBe(lines.length);
  await page.getByTestId('tender-input').fill(TENDER);
  expect(await page.getByTestId('scenario-select').inputValue()).toBe('BIDDING');
  const samples = await watchProgress(page);
  await page.getByTestId('bidders-submit').click();
  const status = page.getByTestId('bidders-status');
  await eventually(() => status.getAttribute('data-state'), 30_000).toBe('done');
  return { info, samples: await samples() };
}

async function download(page: Page) {
  const link = page.getByTestId('bidders-download');
  expect(await link.isVisible()).toBe(true);
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8'), bytes: readFileSync(path) };
}

/** Verdicts the API gives for these codes (BIDDING), to compare the file with. */
async function apiVerdicts(codes: string[]): Promise<Map<string, string>> {
  const r = await stack.query<{ enterprises: { uscc?: string; creditCheck?: { verdict: string } }[] }>(
    `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { uscc creditCheck(scenario: BIDDING) { verdict } } } }`,
    { u: codes },
    { key: TRADING_PLATFORM.key, purpose: TRADING_PLATFORM.purpose },
  );
  expect(r.errors ?? []).toEqual([]);
  return new Map(r.data!.enterprises.map((e) => [e.uscc!, e.creditCheck!.verdict]));
}

describe('bidder file', { timeout: 60_000 }, () => {
  it('200 bidders, two golden cases and an invalid code: progress to the end, and a results file with one row per bidder', async () => {
    const lines = bidderLines(stack, 200, ['dishonest-debtor', 'clean'], [INVALID]);
    expect(lines).toHaveLength(203);
    const debtor = stack.goldenCase('dishonest-debtor');
    const debtorExpected = expectedOf(stack, 'dishonest-debtor', 'BIDDING');
    const clean = stack.goldenCase('clean');
    await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
      const { page } = s;
      const { info, samples } = await runFile(s, '投标人名单.csv', utf8File(['code', 'name'], lines), lines);
      expect(await info.getAttribute('data-encoding')).toBe('UTF-8');
      expect(await info.innerText()).toContain('已读取 203 个投标人');

      // The progress bar was on screen while the check ran, and reached its maximum.
      const running = samples.filter((p) => !p.finished && p.done < p.total);
      expect(running.length, 'progress seen while running').toBeGreaterThan(0);
      for (const p of running) {
        expect(p.runVisible).toBe(true);
        expect(p.barWidth).toBeGreaterThan(0);
        expect(p.cancelVisible).toBe(true);
        expect(p.total).toBe(203);
      }
      const bar = page.getByTestId('bidders-progress');
      expect(await bar.isVisible()).toBe(true);
      const final = await bar.evaluate((el: HTMLProgressElement) => ({
        value: el.value,
        max: el.max,
        done: el.dataset['done'],
        total: el.dataset['total'],
      }));
      expect(final).toEqual({ value: 203, max: 203, done: '203', total: '203' });
      expect(await page.getByTestId('bidders-progress-text').innerText()).toBe('203 / 203');
      expect(await page.getByTestId('bidders-status').innerText()).toContain('核查完成：203 个投标人');
      expect(await page.getByTestId('bidders-cancel').isHidden()).toBe(true);

      // On screen: one row per bidder, the summary adds up.
      expect(await page.getByTestId('bidder-row').count()).toBe(203);
      const counts = await page
        .locator('[data-testid="bidders-summary"] [data-verdict]')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(203);
      expect(await page.locator(`[data-testid="bidder-row"][data-code="${debtor.uscc}"]`).getAttribute('data-verdict')).toBe(debtorExpected.verdict);
      expect(await page.locator(`[data-testid="bidder-row"][data-verdict="INVALID_CODE"]`).count()).toBe(1);

      // One job with every bidder's code in file order (the invalid one empty: never sent), with the tender number.
      const submissions = s.graphql.filter((c) => c.body?.query?.includes('submitBulkCheck'));
      expect(submissions).toHaveLength(1);
      const input = submissions[0]!.body!.variables!['input'] as { codes: string[]; tenderReference: string };
      expect(input.codes).toEqual(lines.map((l) => (l.code === INVALID ? '' : l.code)));
      expect(input.tenderReference).toBe(TENDER);
      expect(s.graphql.some((c) => JSON.stringify(c.body?.variables ?? {}).includes(INVALID))).toBe(false);
      for (const c of s.graphql) {
        expect(c.headers['x-query-reference']).toBe(TENDER);
        expect(c.headers['x-query-purpose']).toBe('BIDDER_CHECK');
      }
      // The job's id is in the address; progress came from its event stream, with the key in the header.
      const jobId = new URL(page.url()).searchParams.get('job');
      expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
      const streams = s.requests.filter((r) => new URL(r.url()).pathname === `/jobs/${jobId}/events`);
      expect(streams.length).toBeGreaterThanOrEqual(1);
      expect(streams[0]!.url()).not.toContain('?');
      expect(streams[0]!.headers()['authorization']).toBe(`Bearer ${TRADING_PLATFORM.key}`);

      await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
      await screenshot(page, 'bidders-done', { docs: 'bidders' });

      // The results file.
      const file = await download(page);
      expect(file.name).toMatch(new RegExp(`^投标人信用核查-${TENDER}-\\d{8}\\.csv$`));
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
      expect(readResultsInfo(file.text)).toMatchObject({ 招标项目编号: TENDER, 办理场景: '招标投标', 投标人名单文件: '投标人名单.csv' });
      const rows = readResults(file.text);
      expect(Object.keys(rows[0]!)).toEqual(RESULT_HEADER);
      expect(rows).toHaveLength(203);
      expect(rows.map((r) => r['行号'])).toEqual(lines.map((_, i) => String(i + 2))); // record 1 is the header
      expect(rows.map((r) => r['填报名称'])).toEqual(lines.map((l) => l.name));
      for (const r of rows) {
        expect(VERDICTS.has(r['结论编码']!), `row ${r['行号']} verdict ${r['结论编码']}`).toBe(true);
        expect(r['核查结论']).not.toBe('');
      }
      const byCode = new Map(rows.map((r) => [r['统一社会信用代码'], r]));
      const bad = byCode.get(INVALID)!;
      expect(bad['结论编码']).toBe('INVALID_CODE');
      expect(bad['备注']).toContain('校验码错误');
      expect(bad['备注']).not.toContain('“T”'); // never the character that would make it pass
      expect(bad['核查编号']).toBe('');
      const d = byCode.get(debtor.uscc)!;
      expect(d['结论编码']).toBe(debtorExpected.verdict);
      expect(d['结论编码']).not.toBe('CLEAR');
      expect(debtorExpected.flags.length).toBeGreaterThan(0);
      for (const code of debtorExpected.flags) expect(d['措施编码']!.split('\n')).toContain(code);
      expect(d['适用的惩戒措施（名单；案号或文号；认定机关）']).toContain('（失信被执行人；');
      expect(d['核查编号']).toMatch(/\S/);
      expect(byCode.get(clean.uscc)!['结论编码']).toBe(expectedOf(stack, 'clean', 'BIDDING').verdict);
      // The same verdicts the API gives for every valid code.
      const api = await apiVerdicts(lines.filter((l) => l.code !== INVALID).map((l) => l.code));
      for (const r of rows.filter((x) => x['结论编码'] !== 'INVALID_CODE'))
        expect(r['结论编码'], r['统一社会信用代码']).toBe(api.get(r['统一社会信用代码']!));
      for (const r of rows.filter((x) => x['结论编码'] !== 'INVALID_CODE')) expect(r['核查编号']).toMatch(/\S/);
    });
  });

  it('a GBK file (as Chinese Excel saves CSV) is read with its Chinese header and names', async () => {
    const lines = bidderLines(stack, 30, ['dishonest-debtor'], [INVALID]);
    const debtor = stack.goldenCase('dishonest-debtor');
    const debtorExpected = expectedOf(stack, 'dishonest-debtor', 'BIDDING');
    const bytes = gbkFile(['统一社会信用代码', '投标人名称'], lines);
    // Really GBK: not valid UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
      const { page } = s;
      const { info } = await runFile(s, '投标人名单-gbk.csv', bytes, lines);
      expect(await info.getAttribute('data-encoding')).toBe('GBK');
      expect(await info.innerText()).toContain('编码：GBK');
      expect(await page.getByTestId('bidders-progress').evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([
        lines.length,
        lines.length,
      ]);
      // The names given are shown as written, and match the registered names (no mismatch marked).
      const shown = await page.getByTestId('bidder-row').evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[2]!.textContent));
      expect(shown).toEqual(lines.map((l) => l.name));
      expect(await page.locator('[data-testid="bidders-results"] .name-mismatch').count()).toBe(0);
      expect(await page.locator(`[data-testid="bidder-row"][data-code="${debtor.uscc}"]`).getAttribute('data-verdict')).toBe(debtorExpected.verdict);

      const rows = readResults((await download(page)).text);
      expect(rows).toHaveLength(lines.length);
      expect(rows.map((r) => r['填报名称'])).toEqual(lines.map((l) => l.name));
      expect(rows.find((r) => r['统一社会信用代码'] === INVALID)!['结论编码']).toBe('INVALID_CODE');
      expect(rows.find((r) => r['统一社会信用代码'] === debtor.uscc)!['结论编码']).toBe(debtorExpected.verdict);
      for (const r of rows) expect(VERDICTS.has(r['结论编码']!)).toBe(true);
      await screenshot(page, 'bidders-gbk-done');
    });
  });
});
