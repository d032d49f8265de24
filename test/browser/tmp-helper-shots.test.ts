import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { SERVICE_HALL, REPORT_DEVELOPER, launchBrowser } from './support/browser.js';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 20 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function session(settings: object, lang = 'zh') {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript(({ settings, lang }) => {
    try { sessionStorage.setItem('credit-console.settings', JSON.stringify({ reference: '', ...settings })); localStorage.setItem('credit-console.lang', lang); } catch { /* */ }
  }, { settings, lang });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  return { context, page };
}
async function overflow(page: Page, name: string) {
  const r = await page.evaluate(() => {
    const doc = document.documentElement;
    const out: string[] = [];
    if (doc.scrollWidth > doc.clientWidth) out.push(`document ${doc.scrollWidth}>${doc.clientWidth}`);
    document.querySelectorAll('main *').forEach((el) => {
      const e = el as HTMLElement;
      const cs = getComputedStyle(e);
      if (cs.overflowX === 'visible' && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && !['svg','path','code','SPAN'].includes(e.tagName)) out.push(`${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`);
      const rect = e.getBoundingClientRect();
      if (rect.right > doc.clientWidth + 1) out.push(`beyond: ${e.tagName}.${e.className} right=${rect.right}`);
    });
    return out.slice(0, 20);
  });
  console.log('OVERFLOW', name, JSON.stringify(r));
}
async function check(page: Page, uscc: string, scenario: string) {
  await page.getByTestId('uscc-input').fill(uscc);
  await page.getByTestId('scenario-select').selectOption(scenario);
  await page.getByTestId('check-submit').click();
  await page.getByTestId('verdict').waitFor();
  await page.waitForTimeout(600);
}

it('shots', async () => {
  const origin = new URL(stack.gatewayUrl).origin;
  for (const lang of ['zh', 'en']) {
    const { context, page } = await session(SERVICE_HALL, lang);
    await page.goto(`${origin}/`);
    await page.getByTestId('settings-status').waitFor();
    await check(page, stack.goldenCase('major-fine-30-months').uscc, 'GOVERNMENT_PROCUREMENT');
    await page.screenshot({ path: `/tmp/shots/console-fine-${lang}.png` });
    await page.screenshot({ path: `/tmp/shots/console-fine-${lang}-full.png`, fullPage: true });
    await overflow(page, `console-fine-${lang}`);
    await check(page, stack.goldenCase('multi-list').uscc, 'GOVERNMENT_PROCUREMENT');
    await page.screenshot({ path: `/tmp/shots/console-multi-${lang}-full.png`, fullPage: true });
    await overflow(page, `console-multi-${lang}`);
    await check(page, stack.goldenCase('consumption-restricted').uscc, 'STATE_LAND_TRANSFER');
    await page.screenshot({ path: `/tmp/shots/console-localchoice-${lang}-full.png`, fullPage: true });
    await page.goto(`${origin}/catalogue.html?asOf=2025-06-30`);
    await page.getByTestId('catalogue-summary').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/shots/catalogue-${lang}.png` });
    await page.screenshot({ path: `/tmp/shots/catalogue-${lang}-full.png`, fullPage: true });
    await overflow(page, `catalogue-${lang}`);
    await context.close();
  }
  const { context, page } = await session(REPORT_DEVELOPER);
  await page.goto(`${origin}/report.html?uscc=${stack.goldenCase('multi-list').uscc}&scenario=GOVERNMENT_PROCUREMENT`);
  await page.getByTestId('report').waitFor();
  await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(300);
  await page.locator('[data-section="verdict"]').screenshot({ path: '/tmp/shots/report-print-verdict.png' });
  await page.pdf({ path: '/tmp/shots/report.pdf', format: 'A4' }).catch((e) => console.log('pdf', e.message));
  const txt = await page.locator('[data-testid="report"]').innerText();
  console.log('REPORT 条款待核 count', (txt.match(/条款待核/g) ?? []).length, '＊ count', (txt.match(/＊/g) ?? []).length);
  await context.close();
}, 120_000);
