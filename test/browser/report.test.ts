/**
 * The printable credit report (`/report.html?uscc=…&scenario=…`) in a real browser: every section
 * of the public report is drawn for an enterprise with records in most of them, with the records
 * the golden file holds; and a section whose department's system is down says 未能读取 — never 无,
 * which would read as "no records".
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { REPORT_DEVELOPER, expectedOf, launchBrowser, screenshot, withSession } from './support/browser.js';
import { REPORT_SECTIONS, openReport, sectionStates } from './support/report-page.js';
import { apiCheck, expectBases } from './support/check-page.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 20 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Visible text of a section. */
const sectionText = (page: Page, id: string) => page.locator(`[data-section="${id}"]`).innerText();

describe('credit report', () => {
  it('multi-list: every section is drawn, with the records each department holds', async () => {
    const g = stack.goldenCase('multi-list');
    const expected = expectedOf(stack, 'multi-list', 'BIDDING');
    await withSession(browser, stack, { settings: REPORT_DEVELOPER }, async (s) => {
      const { page } = s;
      const report = await openReport(s, g.uscc, 'BIDDING');
      expect(await report.getAttribute('data-uscc')).toBe(g.uscc);
      expect(await report.getAttribute('data-verdict')).toBe(expected.verdict);

      const states = await sectionStates(page);
      expect(Object.keys(states)).toEqual(REPORT_SECTIONS);
      for (const id of REPORT_SECTIONS) {
        const section = page.locator(`[data-section="${id}"]`);
        expect(await section.isVisible(), `${id} visible`).toBe(true);
        expect(await section.locator('h2').innerText(), `${id} has a title`).toMatch(/\S/);
      }
      // Records in most sections (what the golden file holds for multi-list); none unreadable.
      expect(states).toEqual({
        basic: 'data',
        administrative: 'empty',
        honest: 'empty',
        'serious-dishonest': 'data',
        abnormal: 'empty',
        commitments: 'empty',
        judicial: 'data',
        tax: 'data',
        environment: 'data',
        economy: 'empty',
        verdict: 'data',
        sources: 'data',
      });
      expect(await page.getByTestId('unreadable').count()).toBe(0);
      expect(await page.getByTestId('partial-errors').count()).toBe(0);

      // What the departments hold, where the reader looks for it.
      const truth = g.truth;
      expect(await sectionText(page, 'basic')).toContain(truth.market!.registration.name);
      const serious = await sectionText(page, 'serious-dishonest');
      for (const d of truth.courts!.dishonestDebtor) expect(serious).toContain(d.reference);
      for (const v of truth.tax!.majorViolations) expect(serious).toContain(v.reference);
      const judicial = await sectionText(page, 'judicial');
      for (const c of truth.courts!.enforcementCases) expect(judicial).toContain(c.caseNumber);
      expect(await sectionText(page, 'environment')).toContain('红');
      // Empty sections say 无 (the department was read and holds nothing).
      expect(await page.locator('[data-section="abnormal"] [data-testid="none"]').innerText()).toContain('无');

      // The verdict section: the verdict and flags of the golden file, each flag with its legal basis.
      const verdict = page.locator('[data-section="verdict"] [data-testid="verdict"]');
      expect(await verdict.getAttribute('data-verdict')).toBe(expected.verdict);
      const flags = await page.locator('[data-section="verdict"] [data-testid="flag"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-code')));
      // One flag per triggering record: a measure two records trigger (KEY-SUPERVISION) shows twice.
      expect([...new Set(flags)].sort()).toEqual([...expected.flags].sort());
      expect(await page.locator('[data-section="verdict"] [data-testid="flag"] .basis').count()).toBeGreaterThanOrEqual(expected.flags.length);
      // Each flag with its own bases, drawn as on the console; the ＊ is explained once, not per line.
      const api = await apiCheck(stack, g.uscc, 'BIDDING');
      const shownFlags = page.locator('[data-section="verdict"] [data-testid="flag"]');
      expect(await shownFlags.count()).toBe(api.flags.length);
      for (const [i, f] of api.flags.entries()) await expectBases(shownFlags.nth(i), f);
      const unconfirmed = api.flags.flatMap((f) => f.basis).filter((b) => b.verification.state === 'UNCONFIRMED').length;
      expect(await page.locator('[data-section="verdict"] [data-testid="unconfirmed-legend"]').count()).toBe(unconfirmed > 0 ? 1 : 0);
      // No developer notes, no English in the Chinese report's verdict (codes and the verdict's second language aside).
      const verdictText = await page.locator('[data-section="verdict"]').evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('code, .verdict-secondary').forEach((c) => c.remove());
        return copy.innerText;
      });
      expect(verdictText).not.toContain('条款待核');
      expect(verdictText.match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
      const notChecked = page.locator('[data-section="verdict"] [data-testid="not-checked-item"]');
      expect(await notChecked.allInnerTexts()).toEqual(api.notChecked.map((n) => n.zh));
      const sources = await page.locator('[data-section="sources"] [data-testid="source"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      expect(sources).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);

      // Header: report number from the check id, purpose, printable.
      const checkId = await page.locator('.report-meta [data-testid="check-id"]').innerText();
      expect(await page.getByTestId('report-number').innerText()).toBe(`XYBG-${checkId.replace(/^CHK-/, '')}`);
      expect(await page.getByTestId('report').innerText()).toContain('信用报告编制');
      expect(await page.getByTestId('report-print').isEnabled()).toBe(true);
      expect(s.graphql[0]!.headers['x-query-purpose']).toBe('CREDIT_REPORT');

      await screenshot(page, 'report-multi-list', { docs: 'report' });
      await screenshot(page, 'report-multi-list-full', { fullPage: true });
    });
  });

  it('tax system down: the tax blocks say 未能读取 (not 无), the rest still say 无, the verdict is INCOMPLETE', async () => {
    const clean = stack.goldenCase('clean');
    stack.legacy.simulators.tax!.setFault('down');
    try {
      await withSession(browser, stack, { settings: REPORT_DEVELOPER }, async (s) => {
        const { page } = s;
        await openReport(s, clean.uscc, 'GENERAL');
        const states = await sectionStates(page);
        expect(Object.keys(states)).toEqual(REPORT_SECTIONS);
        expect(states['tax']).toBe('unreadable');
        // Sections with a tax block and other blocks are partly unreadable.
        expect(states['honest']).toBe('partial');
        expect(states['serious-dishonest']).toBe('partial');
        // Sections of departments that were read: the clean enterprise has nothing there (but its blue environment rating).
        for (const id of ['administrative', 'abnormal', 'commitments', 'judicial', 'economy']) expect(states[id], id).toBe('empty');
        expect(states['environment']).toBe('data');

        const tax = page.locator('[data-section="tax"]');
        expect(await tax.locator('[data-testid="none"]').count()).toBe(0);
        expect(await tax.innerText()).not.toMatch(/(^|\n)无(\n|$)/);
        const unreadable = tax.locator('[data-testid="unreadable"]');
        expect(await unreadable.count()).toBeGreaterThan(0);
        for (const text of await unreadable.allInnerTexts()) {
          expect(text).toContain('未能读取');
          expect(text).toContain('税务');
          expect(text).toContain('不代表无记录');
        }
        // Every tax block anywhere in the report is unreadable; no tax block says 无.
        const taxBlocks = page.locator('[data-block][data-department="TAX"]');
        expect(await taxBlocks.count()).toBeGreaterThanOrEqual(3);
        for (const st of await taxBlocks.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))) expect(st).toBe('unreadable');
        expect(await page.locator('[data-block][data-department="TAX"] [data-testid="none"]').count()).toBe(0);
        expect(await page.locator('[data-section="environment"] [data-testid="none"]').first().innerText()).toContain('无');

        expect(await page.locator('[data-section="verdict"] [data-testid="verdict"]').getAttribute('data-verdict')).toBe('INCOMPLETE');
        expect(await page.locator('[data-section="verdict"] [data-testid="missing-sources"]').getAttribute('data-departments')).toBe('TAX');
        expect(await page.locator('[data-section="sources"] [data-testid="source"][data-department="TAX"]').getAttribute('data-status')).not.toBe('OK');
        await tax.scrollIntoViewIfNeeded();
        await screenshot(page, 'report-tax-down');
      });
    } finally {
      stack.legacy.simulators.tax!.setFault('none');
    }
  });
});
