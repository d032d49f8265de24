/**
 * 只看需关注的 on the bidder page, in a real browser against a real stack: a deregistered bidder is
 * INACTIVE — never green, counted in the summary and kept by the filter — and so are a bidder whose
 * name is not the registered one and both rows of a repeated code; clear bidders are left out.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { TRADING_PLATFORM, expectedOf, launchBrowser, screenshot, withSession, eventually } from './support/browser.js';
import { utf8File, type BidderLine } from './support/files.js';
import { looksGreen } from './support/check-page.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 20 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('bidder page: 只看需关注的', () => {
  it('keeps the deregistered bidder (INACTIVE, not green), a differing name and a repeated code; leaves the clear ones out', async () => {
    const line = (id: string, name?: string): BidderLine => {
      const g = stack.goldenCase(id);
      return { code: g.uscc, name: name ?? g.truth.market!.registration.name };
    };
    // File rows 2–7 (row 1 is the header).
    const lines = [
      line('clean'), // 2: clear, as registered — left out
      line('deregistered'), // 3: INACTIVE
      line('a-level-taxpayer', '宜昌恒远机械有限公司'), // 4: clear, but not the registered name
      line('environment-green'), // 5: clear, its code repeated in row 7
      line('repaired'), // 6: clear — left out
      line('environment-green'), // 7: the repeat
    ];
    for (const id of ['clean', 'a-level-taxpayer', 'environment-green', 'repaired'])
      expect(expectedOf(stack, id, 'BIDDING').verdict, id).toBe('CLEAR');
    expect(expectedOf(stack, 'deregistered', 'BIDDING').verdict).toBe('INACTIVE');

    await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
      const { page } = s;
      await s.open('/bidders.html');
      await page
        .getByTestId('bidders-file')
        .setInputFiles({ name: '投标人.csv', mimeType: 'text/csv', buffer: utf8File(['统一社会信用代码', '投标人名称'], lines) });
      await eventually(() => page.getByTestId('bidder-row').count()).toBe(lines.length);
      await page.getByTestId('tender-input').fill('HBZB-2026-0901');
      await page.getByTestId('scenario-select').selectOption('BIDDING');
      await page.getByTestId('bidders-submit').click();
      await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');

      const rows = page.getByTestId('bidder-row');
      const verdicts = () => rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-row'), e.getAttribute('data-verdict')]));
      expect(await verdicts()).toEqual([
        ['2', 'CLEAR'],
        ['3', 'INACTIVE'],
        ['4', 'CLEAR'],
        ['5', 'CLEAR'],
        ['6', 'CLEAR'],
        ['7', 'CLEAR'],
      ]);
      // INACTIVE in words, not green, in the row and in the summary.
      const pill = page.locator('[data-testid="bidder-row"][data-row="3"] .verdict-pill');
      expect(await pill.innerText()).toBe('主体已注销/吊销');
      expect(await looksGreen(pill)).toBe(false);
      const chip = page.locator('[data-testid="bidders-summary"] [data-verdict="INACTIVE"]');
      expect(await chip.getAttribute('data-count')).toBe('1');
      expect(await looksGreen(chip)).toBe(false);

      await page.getByTestId('bidders-filter').check();
      await eventually(() => rows.count()).toBe(4);
      expect((await verdicts()).map(([row]) => row)).toEqual(['3', '4', '5', '7']);
      expect(await page.locator('[data-testid="bidder-row"][data-row="4"]').innerText()).toContain('不一致');
      expect(await page.locator('[data-testid="bidder-row"][data-row="7"]').innerText()).toContain('与第5行代码重复');
      await screenshot(page, 'bidders-attention');

      await page.getByTestId('bidders-filter').uncheck();
      await eventually(() => rows.count()).toBe(6);
    });
  });
});
