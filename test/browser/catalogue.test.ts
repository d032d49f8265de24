/**
 * The measures catalogue page (`/catalogue.html`) in a real browser: it lists the measures in force
 * on the chosen day — exactly those `measuresCatalogue(asOf:)` returns for that day — so the 2014
 * tax-credit-D restriction shows on 2025-06-30 and is gone on 2025-07-01 (2025年第12号公告); each
 * measure shows its level in Chinese, its scenarios, and per trigger its bases with their wording.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { CATALOGUE_QUERY } from '../../gateway/console/public/assets/lib/queries.js';
import { MEASURE_LEVEL_LABELS, SCENARIO_LABELS } from '../../gateway/console/public/assets/lib/i18n.js';
import { startBrowserStack } from './support/stack.js';
import { SERVICE_HALL, eventually, launchBrowser, screenshot, withSession } from './support/browser.js';

interface ApiMeasure {
  code: string;
  nameZh: string;
  kind: string;
  scenarios: string[];
  triggerRules: { kind: string; legalBasis: { wording: string; verification: { state: string } }[] }[];
}

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 20 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function apiCatalogue(asOf: string): Promise<ApiMeasure[]> {
  const r = await stack.query<{ measuresCatalogue: { asOf: string; measures: ApiMeasure[] } }>(CATALOGUE_QUERY, { asOf });
  expect(r.errors ?? []).toEqual([]);
  expect(r.data!.measuresCatalogue.asOf).toBe(asOf);
  return r.data!.measuresCatalogue.measures;
}

/** Choose a day, press 查询, and wait for that day's list. */
async function choose(page: Page, day: string) {
  await page.getByTestId('catalogue-date').fill(day);
  await page.getByTestId('catalogue-submit').click();
  await eventually(() => page.getByTestId('catalogue-summary').getAttribute('data-as-of')).toBe(day);
}

const shownCodes = (page: Page) => page.getByTestId('catalogue-measure').evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-code')));

describe('measures catalogue page', () => {
  it('lists what is in force on the chosen day: RESTRICT-TAX-D-2014 on 2025-06-30, not on 2025-07-01', async () => {
    const before = await apiCatalogue('2025-06-30');
    const after = await apiCatalogue('2025-07-01');
    expect(before.map((m) => m.code)).toContain('RESTRICT-TAX-D-2014');
    expect(after.map((m) => m.code)).not.toContain('RESTRICT-TAX-D-2014');

    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/');
      // Reached from the console's navigation; opens on today (China time).
      await page.getByTestId('nav-catalogue').click();
      await page.waitForURL(/\/catalogue\.html/);
      await page.getByTestId('catalogue-summary').waitFor();
      const today = await page.getByTestId('catalogue-date').inputValue();
      expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await page.getByTestId('catalogue-summary').getAttribute('data-as-of')).toBe(today);
      expect(await page.getByTestId('nav-catalogue').getAttribute('aria-current')).toBe('page');

      await choose(page, '2025-06-30');
      expect(await shownCodes(page)).toEqual(before.map((m) => m.code));
      const taxD = page.locator('[data-testid="catalogue-measure"][data-measure-code="RESTRICT-TAX-D-2014"]');
      expect(await taxD.isVisible()).toBe(true);
      const m = before.find((x) => x.code === 'RESTRICT-TAX-D-2014')!;
      const text = await taxD.innerText();
      expect(text).toContain(m.nameZh);
      expect(await taxD.getByTestId('measure-level').innerText()).toBe(MEASURE_LEVEL_LABELS[m.kind]!.zh);
      for (const sc of m.scenarios) expect(text).toContain(SCENARIO_LABELS[sc]!.zh);
      expect(await taxD.getByTestId('catalogue-trigger').count()).toBe(m.triggerRules.length);
      for (const b of m.triggerRules.flatMap((t) => t.legalBasis)) expect(text).toContain(`「${b.wording}」`);
      await taxD.scrollIntoViewIfNeeded();
      await screenshot(page, 'catalogue-2025-06-30');

      await choose(page, '2025-07-01');
      expect(await shownCodes(page)).toEqual(after.map((m) => m.code));
      expect(await page.locator('[data-testid="catalogue-measure"][data-measure-code="RESTRICT-TAX-D-2014"]').count()).toBe(0);
      expect(new URL(page.url()).searchParams.get('asOf')).toBe('2025-07-01');

      // One ＊ per unconfirmed wording, explained by one legend line.
      const unconfirmed = after
        .flatMap((x) => x.triggerRules.flatMap((t) => t.legalBasis))
        .filter((b) => b.verification.state === 'UNCONFIRMED').length;
      expect(await page.getByTestId('basis-unconfirmed').count()).toBe(unconfirmed);
      expect(await page.getByTestId('unconfirmed-legend').count()).toBe(unconfirmed > 0 ? 1 : 0);

      // No English in the Chinese page: measure codes aside.
      const latin = await page.locator('main').evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('code').forEach((c) => c.remove());
        return copy.innerText.match(/[A-Za-z]{2,}/g) ?? [];
      });
      expect(latin).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'catalogue-2025-07-01');
      // The catalogue holds no enterprise data: the key is sent, the page needs no purpose.
      expect(s.graphql.length).toBeGreaterThanOrEqual(3);
      expect(s.graphql.at(-1)!.headers['authorization']).toBe(`Bearer ${SERVICE_HALL.key}`);
      expect(s.graphql.at(-1)!.body?.variables).toEqual({ asOf: '2025-07-01' });
    });
  });

  it('opens on the day in the address, and in English names levels and scenarios in English', async () => {
    const measures = await apiCatalogue('2025-06-30');
    await withSession(browser, stack, { settings: SERVICE_HALL, lang: 'en' }, async (s) => {
      const { page } = s;
      await s.open('/catalogue.html?asOf=2025-06-30');
      await eventually(() => page.getByTestId('catalogue-summary').getAttribute('data-as-of')).toBe('2025-06-30');
      expect(await page.getByTestId('catalogue-date').inputValue()).toBe('2025-06-30');
      expect(await shownCodes(page)).toEqual(measures.map((m) => m.code));
      const first = measures[0]!;
      const el = page.locator(`[data-testid="catalogue-measure"][data-measure-code="${first.code}"]`);
      expect(await el.getByTestId('measure-level').innerText()).toBe(MEASURE_LEVEL_LABELS[first.kind]!.en);
      expect(await el.innerText()).toContain(SCENARIO_LABELS[first.scenarios[0]!]!.en);
      await screenshot(page, 'catalogue-en');
    });
  });

  it('without a key: says so and offers the settings, sending nothing', async () => {
    await withSession(browser, stack, {}, async (s) => {
      const { page } = s;
      await s.open('/catalogue.html');
      const error = page.getByTestId('error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('SETTINGS_MISSING');
      expect(s.graphql).toHaveLength(0);
    });
  });
});
