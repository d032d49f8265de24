/**
 * The bidder page on bulk check jobs, in a real browser: the job's id is in the address, so the page
 * can be reloaded (or opened in another tab) and picks the job up again, rows read page by page; rows
 * INCOMPLETE because a department stayed down until the job's deadline are checked again on demand
 * (a new job with only those codes, laid over the table, its id added to the address), and the
 * results file is written from the jobs' rows.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { TRADING_PLATFORM, eventually, expectedOf, launchBrowser, screenshot, withSession } from './support/browser.js';
import { bidderLines, readResults, utf8File } from './support/files.js';

const INVALID = '91440300708461136X';
const TENDER = 'HBZB-2026-0901';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  // A short job deadline, so that a department kept down makes rows INCOMPLETE within the test.
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 120, jobs: { deadlineMs: 5000, chunkSize: 50 } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const fault = (f: string) => fetch(`${stack.legacy.urls['environment']}/__control`, { method: 'POST', body: JSON.stringify({ fault: f }) });

/** Verdict and code of every row on screen, in order. */
const rowsOnScreen = (page: Page) =>
  page.getByTestId('bidder-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-code'), e.getAttribute('data-verdict')]));

async function download(page: Page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bidders-download').click()]);
  return readResults(readFileSync(await file.path(), 'utf8'));
}

describe('bidder page on jobs', { timeout: 90_000 }, () => {
  it('puts the job in the address; a reload and another tab pick it up again, with the same results', async () => {
    const lines = bidderLines(stack, 60, ['dishonest-debtor', 'clean'], [INVALID]);
    const debtor = stack.goldenCase('dishonest-debtor');
    await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
      const { page } = s;
      await s.open('/bidders.html');
      await page.getByTestId('bidders-file').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: utf8File(['code', 'name'], lines) });
      await eventually(() => page.getByTestId('bidder-row').count()).toBe(lines.length);
      await page.getByTestId('tender-input').fill(TENDER);
      await page.getByTestId('bidders-submit').click();
      await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');
      const jobId = new URL(page.url()).searchParams.get('job')!;
      expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await page.getByTestId('bidders-job').innerText()).toContain(jobId);
      const first = await rowsOnScreen(page);
      expect(first).toHaveLength(lines.length);
      expect(first.find(([c]) => c === debtor.uscc)![1]).toBe(expectedOf(stack, 'dishonest-debtor', 'BIDDING').verdict);
      const names = await page.getByTestId('bidder-row').evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[2]!.textContent));

      // Reloaded in the same tab: the job is read again (not submitted again), names and rows as in the file.
      const submitted = s.graphql.filter((c) => c.body?.query?.includes('submitBulkCheck')).length;
      await page.reload();
      await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');
      expect(s.graphql.filter((c) => c.body?.query?.includes('submitBulkCheck')).length).toBe(submitted);
      expect(s.graphql.some((c) => c.body?.query?.includes('BidderJobRows') && c.body.variables?.['id'] === jobId)).toBe(true);
      expect(await rowsOnScreen(page)).toEqual(first);
      expect(await page.getByTestId('bidder-row').evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[2]!.textContent))).toEqual(names);
      expect(await page.getByTestId('tender-input').inputValue()).toBe(TENDER);
      const reloaded = await download(page);
      expect(reloaded.map((r) => r['填报名称'])).toEqual(lines.map((l) => l.name));

      // Another tab (this session's key, no copy of the file): the codes and verdicts from the job alone.
      const other = await s.context.newPage();
      await other.goto(s.url(`/bidders.html?job=${jobId}`));
      await eventually(() => other.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');
      const again = await rowsOnScreen(other);
      expect(again.map(([, v]) => v)).toEqual(first.map(([, v]) => v));
      expect(again.filter(([, v]) => v !== 'INVALID_CODE')).toEqual(first.filter(([, v]) => v !== 'INVALID_CODE'));
      const file = await download(other);
      expect(file).toHaveLength(lines.length);
      expect(file.map((r) => r['结论编码'])).toEqual(first.map(([, v]) => v));
      await other.close();
    });
  });

  it('can be left while the job runs and picks the running job up again from the address', async () => {
    const lines = bidderLines(stack, 8, [], []);
    await fault('down');
    try {
      await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
        const { page } = s;
        await s.open('/bidders.html');
        await page.getByTestId('bidders-file').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: utf8File(['code', 'name'], lines) });
        await eventually(() => page.getByTestId('bidder-row').count()).toBe(lines.length);
        await page.getByTestId('bidders-submit').click();
        await eventually(() => page.getByTestId('bidders-job-state').getAttribute('data-retrying'), 15_000).toBe('1');
        const address = page.url();
        expect(new URL(address).searchParams.get('job')).toMatch(/^[0-9a-f-]{36}$/);
        // Stop following: the job goes on on the server.
        await page.getByTestId('bidders-cancel').click();
        await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state')).toBe('cancelled');
        expect(await page.getByTestId('bidders-status').innerText()).toContain('任务仍在服务端继续');
        await page.goto(s.url('/bidders.html'));
        // Back to the address (the job normally still running): followed to its end (the department stays down until
        // the job's deadline, so every row ends INCOMPLETE), not submitted again.
        await page.goto(address);
        await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');
        expect(s.graphql.filter((c) => c.body?.query?.includes('submitBulkCheck'))).toHaveLength(1);
        const rows = await rowsOnScreen(page);
        expect(rows).toEqual(lines.map((l) => [l.code, 'INCOMPLETE']));
        expect(await page.getByTestId('bidders-job-state').innerText()).toContain('截止时仍未能读取');
      });
    } finally {
      await fault('none');
    }
  });

  it('a job of another caller is not shown', async () => {
    const r = await stack.query<{ submitBulkCheck: { id: string } }>(
      `mutation($input: BulkCheckInput!) { submitBulkCheck(input: $input) { id } }`,
      { input: { codes: [stack.dataset.at(0).uscc], scenario: 'BIDDING' } },
      { key: 'dev-report-developer', purpose: 'CREDIT_REPORT' },
    );
    const id = r.data?.submitBulkCheck.id;
    expect(id, JSON.stringify(r.errors)).toMatch(/^[0-9a-f-]{36}$/);
    for (const jobId of [id!, '00000000-0000-4000-8000-000000000000']) {
      await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
        await s.open(`/bidders.html?job=${jobId}`);
        await eventually(() => s.page.getByTestId('bidders-status').getAttribute('data-state')).toBe('failed');
        expect(await s.page.getByTestId('error').getAttribute('data-code')).toBe('JOB_NOT_FOUND');
        expect(await s.page.getByTestId('bidder-row').count()).toBe(0);
      });
    }
  });

  it('re-checks only the INCOMPLETE rows, in a new job laid over the table, and the file has the new results', async () => {
    const lines = bidderLines(stack, 12, ['clean'], []);
    await fault('down');
    let restored = false;
    try {
      await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
        const { page } = s;
        await s.open('/bidders.html');
        await page.getByTestId('bidders-file').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: utf8File(['code', 'name'], lines) });
        await eventually(() => page.getByTestId('bidder-row').count()).toBe(lines.length);
        await page.getByTestId('bidders-submit').click();
        // While the department is down its rows are retried: the page says which department.
        await eventually(() => page.getByTestId('bidders-job-state').innerText(), 15_000).toContain('正在重试');
        await screenshot(page, 'bidders-job-retrying');
        await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');
        const before = await rowsOnScreen(page);
        expect(before.every(([, v]) => v === 'INCOMPLETE')).toBe(true);
        const button = page.getByTestId('bidders-recheck');
        expect(await button.getAttribute('data-count')).toBe(String(lines.length));
        await screenshot(page, 'bidders-job-incomplete', { docs: 'bidders-job' });

        await fault('none');
        restored = true;
        const jobsBefore = s.graphql.filter((c) => c.body?.query?.includes('submitBulkCheck')).length;
        await button.click();
        await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');
        const submissions = s.graphql.filter((c) => c.body?.query?.includes('submitBulkCheck'));
        expect(submissions).toHaveLength(jobsBefore + 1);
        expect((submissions.at(-1)!.body!.variables!['input'] as { codes: string[] }).codes.sort()).toEqual(lines.map((l) => l.code).sort());
        const after = await rowsOnScreen(page);
        expect(after.map(([c]) => c)).toEqual(before.map(([c]) => c));
        expect(after.filter(([, v]) => v === 'INCOMPLETE')).toEqual([]);
        expect(await page.getByTestId('bidders-recheck').count()).toBe(0);
        const url = new URL(page.url());
        expect(url.searchParams.getAll('recheck')).toHaveLength(1);
        const file = await download(page);
        expect(file.map((r) => r['结论编码'])).toEqual(after.map(([, v]) => v));

        // Reopened, the first job and its re-check together give the same table.
        await page.reload();
        await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');
        expect(await rowsOnScreen(page)).toEqual(after);
      });
    } finally {
      if (!restored) await fault('none');
    }
  });
});
