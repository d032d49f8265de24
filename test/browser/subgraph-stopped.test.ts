/**
 * A department's subgraph process stopped (not only its legacy system): the service-hall check
 * shows INCOMPLETE as a warning naming 生态环境 / Environment, and the report's environment section
 * says 未能读取 — never 无. Its own stack, since a stopped subgraph stays stopped.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { REPORT_DEVELOPER, SERVICE_HALL, launchBrowser, screenshot, withSession, eventually } from './support/browser.js';
import { check, expectIncomplete, latinWords } from './support/check-page.js';
import { openReport, sectionStates } from './support/report-page.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 20 }), launchBrowser()]);
  await stack.stopSubgraph('environment');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('environment subgraph stopped', () => {
  it('the check is INCOMPLETE, shown as a warning naming 生态环境, and Environment in English', async () => {
    const clean = stack.goldenCase('clean');
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/');
      await check(page, clean.uscc, 'GENERAL');
      await expectIncomplete(page, 'ENVIRONMENT', '生态环境');
      // The failure is named, and no internal address is shown.
      const partial = page.getByTestId('partial-errors');
      expect(await partial.isVisible()).toBe(true);
      expect(await page.locator('body').innerText()).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED/);
      // …in Chinese words: what the error code means, and why the department was not read.
      expect(await partial.innerText()).toContain('有部门的服务暂时无法连接');
      expect(await page.locator('[data-testid="source"][data-department="ENVIRONMENT"] [data-testid="source-message"]').innerText()).toBe(
        '生态环境系统无法连接，本次未能读取。',
      );
      expect(await latinWords(page)).toEqual([]);
      await screenshot(page, 'check-environment-stopped');

      await page.getByTestId('lang-toggle').click();
      await eventually(() => page.getByTestId('verdict-label').innerText()).toBe('Incomplete');
      const missing = page.getByTestId('missing-sources');
      expect(await missing.innerText()).toContain('Environment');
      expect(await missing.innerText()).not.toContain('生态环境');
      expect(await page.locator('[data-testid="source"][data-department="ENVIRONMENT"]').innerText()).toContain('Environment');
      await screenshot(page, 'check-environment-stopped-en');
    });
  });

  it('the report says 未能读取 for the environment, never 无', async () => {
    const g = stack.goldenCase('environment-red');
    await withSession(browser, stack, { settings: REPORT_DEVELOPER }, async (s) => {
      const { page } = s;
      await openReport(s, g.uscc, 'GENERAL');
      const states = await sectionStates(page);
      expect(states['environment']).toBe('unreadable');
      expect(states['basic']).toBe('data');
      const env = page.locator('[data-section="environment"]');
      expect(await env.locator('[data-testid="none"]').count()).toBe(0);
      const unreadable = env.locator('[data-testid="unreadable"]');
      expect(await unreadable.count()).toBeGreaterThan(0);
      for (const text of await unreadable.allInnerTexts()) expect(text).toMatch(/^\s*未能读取（生态环境：/);
      // No environment block anywhere (e.g. green ratings under 守信激励) says 无.
      for (const st of await page
        .locator('[data-block][data-department="ENVIRONMENT"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))) {
        expect(st).toBe('unreadable');
      }
      expect(await page.locator('[data-block][data-department="ENVIRONMENT"] [data-testid="none"]').count()).toBe(0);
      expect(await page.locator('[data-section="verdict"] [data-testid="verdict"]').getAttribute('data-verdict')).toBe('INCOMPLETE');
      await env.scrollIntoViewIfNeeded();
      await screenshot(page, 'report-environment-stopped');
    });
  });
});
