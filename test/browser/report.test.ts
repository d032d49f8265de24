/**
 * The printable credit report (`/report.html?uscc=…&scenario=…`) in a real browser: every section
 * of the public report is drawn for an enterprise with records in most of them, with the records
 * the golden file holds; and a section whose department's system is down says 未能读取 — never 无,
 * which would read as "no records".
 *
 * The printed report, printed to PDF by Chromium and read back with poppler-utils: a repaired
 * record is never on paper (though shown, marked, on screen to a caller with the history scope),
 * no English or developer note, no relative time, the development watermark on every page, how
 * to object and apply for repair, and a QR code whose verification URL confirms the report.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../../common/departments.js';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { DOCS_SCREENSHOT_DIR, REPORT_DEVELOPER, expectedOf, launchBrowser, screenshot, withSession } from './support/browser.js';
import { DEPARTMENT_SECTIONS, REPORT_SECTIONS, RIGHTS_HEADING, compact, openReport, printReport, sectionStates } from './support/report-page.js';
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
        ...Object.fromEntries(DEPARTMENT_SECTIONS.map((id) => [id, 'empty'])),
        verdict: 'data',
        sources: 'data',
        rights: 'data',
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
      const flags = await page
        .locator('[data-section="verdict"] [data-testid="flag"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-code')));
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
      const sources = await page
        .locator('[data-section="sources"] [data-testid="source"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      expect(sources).toEqual(DEPARTMENT_REGISTRY.map(() => 'OK'));

      // Header: the report number the gateway issued (China date), the time in China, purpose, printable.
      expect(s.graphql[0]!.headers['x-credit-report']).toBe('issue');
      expect(await page.getByTestId('report-number').innerText()).toMatch(/^XYBG-\d{8}-[0-9A-Z]{10}$/);
      expect(await page.getByTestId('report-issued-at').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）$/);
      expect(await page.getByTestId('report').getAttribute('data-issued')).toBe('true');
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
        for (const id of ['administrative', 'abnormal', 'commitments', 'judicial', 'economy', ...DEPARTMENT_SECTIONS])
          expect(states[id], id).toBe('empty');
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
        expect(await page.locator('[data-section="sources"] [data-testid="source"][data-department="TAX"]').getAttribute('data-status')).not.toBe(
          'OK',
        );
        await tax.scrollIntoViewIfNeeded();
        await screenshot(page, 'report-tax-down');
      });
    } finally {
      stack.legacy.simulators.tax!.setFault('none');
    }
  });
});

const WATERMARK = '开发环境·样例数据·不得作为正式凭证';

/**
 * Latin words left in a printed text once the identifiers it must carry are taken out (report and
 * check numbers, codes, the catalogue version, the hash, the verification URL, SHA-256, the Credit
 * China address): any left is English on a Chinese report.
 */
function englishIn(text: string, identifiers: string[]): string[] {
  let rest = compact(text);
  for (const id of [...identifiers, 'SHA-256', 'www.creditchina.gov.cn'].map(compact).sort((a, b) => b.length - a.length))
    rest = rest.split(id).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('the printed report', () => {
  it('repaired: the repaired penalty is on screen (marked, not printed) and never on paper; the paper is Chinese, in China time, watermarked, and its QR code verifies it', async () => {
    const g = stack.goldenCase('repaired');
    const penalty = g.truth.market!.penalties[0]!;
    await withSession(browser, stack, { settings: REPORT_DEVELOPER }, async (s) => {
      const { page } = s;
      await openReport(s, g.uscc, 'BIDDING');
      const report = page.getByTestId('report');
      expect(await report.getAttribute('data-issued')).toBe('true');

      // On screen, for a caller with the history scope: the repaired penalty, marked as not printed.
      const admin = page.locator('[data-section="administrative"]');
      expect(await admin.getAttribute('data-state')).toBe('data');
      expect(await admin.getAttribute('data-print-state')).toBe('empty');
      const row = admin.locator('tr[data-history="true"]');
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toContain(penalty.reference);
      expect(await row.getByTestId('history-badge').innerText()).toBe('历史·不打印');
      expect(await admin.getByTestId('history-note').isVisible()).toBe(true);
      expect(await page.getByTestId('watermark').count()).toBe(1);
      expect(await page.getByTestId('report-dev-note').innerText()).toBe('开发环境 · 样例数据 · 不得作为正式凭证');
      await admin.scrollIntoViewIfNeeded();
      await screenshot(page, 'report-repaired-screen');

      const number = await page.getByTestId('report-number').innerText();
      const hash = (await page.getByTestId('report-hash').getAttribute('data-hash'))!;
      const url = await page.getByTestId('report-verify-url').innerText();
      expect(url).toBe(`${s.origin}/verify/${number}?hash=${hash}`);
      const checkId = await page.locator('.report-meta [data-testid="check-id"]').innerText();
      const catalogue = await page.locator('.report-meta').evaluate((el) => /\d{4}\.\d{2}-[a-z]+\.\d+/.exec(el.textContent ?? '')?.[0] ?? '');
      const issuedAt = await page.getByTestId('report-issued-at').innerText();
      // "刚刚" is on screen (the sources table), never on paper.
      expect(await page.locator('[data-section="sources"]').innerText()).toContain('刚刚');

      const printed = await printReport(page, 'report-repaired');
      // The README's picture of a printed page.
      copyFileSync(printed.png, join(DOCS_SCREENSHOT_DIR, 'report-printed.png'));
      const text = compact(printed.text);
      // No repaired record: not its decision number, not its facts.
      expect(text).not.toContain(compact(penalty.reference));
      expect(text).not.toContain(compact(String(penalty.reason)).slice(0, 20));
      expect(text).not.toContain('历史·不打印');
      // The administrative section says 无 on paper.
      expect(text).toContain('二、行政管理信息市场监管行政处罚无');
      // No English, no developer notes, no relative time.
      expect(englishIn(printed.text, [number, hash, url, checkId, catalogue, g.uscc, g.uscc.slice(8, 16)])).toEqual([]);
      for (const word of ['刚刚', '分钟前', '小时前', '原文尚未对照', '条款待核', '＊']) expect(text, word).not.toContain(word);
      // Number, time in China, hash and how to verify, object and repair.
      expect(text).toContain(compact(number));
      expect(text).toContain(compact(issuedAt));
      expect(text).toContain('北京时间');
      expect(text).toContain(compact(hash.replace(/(.{8})(?=.)/g, '$1 ')));
      expect(text).toContain(RIGHTS_HEADING);
      expect(text).toContain('法释〔2017〕7号');
      expect(text).toContain('信用修复管理办法');
      // The watermark on every page.
      expect(printed.pages.length).toBeGreaterThan(1);
      for (const [i, p] of printed.pages.entries()) expect(compact(p), `page ${i + 1}`).toContain(WATERMARK);

      // The QR code carries the verification URL printed below it, which confirms this report…
      expect(printed.qr).toBe(url);
      const verified = await fetch(printed.qr!, { headers: { accept: 'application/json' } });
      expect(await verified.json()).toMatchObject({
        number,
        result: 'VERIFIED',
        issued: true,
        uscc: `${g.uscc.slice(0, 4)}**********${g.uscc.slice(-4)}`,
      });
      // … and no altered copy of it.
      const altered = printed.qr!.replace(/hash=(.)/, (_m, c: string) => `hash=${c === 'a' ? 'b' : 'a'}`);
      expect(((await (await fetch(altered, { headers: { accept: 'application/json' } })).json()) as { result: string }).result).toBe('HASH_MISMATCH');
      // The page a reader's phone opens.
      await page.goto(printed.qr!);
      expect(await page.getByTestId('verify-result').getAttribute('data-result')).toBe('VERIFIED');
      expect(await page.getByTestId('verify-result').innerText()).toContain('核验通过');
      await screenshot(page, 'report-verify-page', { docs: 'report-verify' });
    });
  });

  it('multi-list: the paper states every record in force, each measure without its code or unconfirmed mark', async () => {
    const g = stack.goldenCase('multi-list');
    await withSession(browser, stack, { settings: REPORT_DEVELOPER }, async (s) => {
      await openReport(s, g.uscc, 'BIDDING');
      const printed = await printReport(s.page, 'report-multi-list');
      const text = compact(printed.text);
      for (const d of g.truth.courts!.dishonestDebtor) expect(text).toContain(compact(d.reference));
      for (const v of g.truth.tax!.majorViolations) expect(text).toContain(compact(v.reference));
      expect(text).toContain('对失信被执行人的投标活动依法予以限制');
      expect(text).not.toContain('RESTRICT-BID-DISHONEST-DEBTOR');
      expect(text).not.toContain('Restricted');
      expect(printed.qr).toMatch(/\/verify\/XYBG-\d{8}-[0-9A-Z]{10}\?hash=[0-9a-f]{64}$/);
    });
  });

  it('a check as of another day is not issued: shown on screen with a notice, and the paper carries only that notice', async () => {
    const g = stack.goldenCase('dishonest-debtor-fulfilled');
    await withSession(browser, stack, { settings: REPORT_DEVELOPER }, async (s) => {
      const { page } = s;
      await s.open(`/report.html?${new URLSearchParams({ uscc: g.uscc, scenario: 'BIDDING', asOf: '2025-06-30' })}`);
      await page.getByTestId('report').waitFor();
      expect(await page.getByTestId('report').getAttribute('data-issued')).toBe('false');
      expect(await page.getByTestId('not-issued').getAttribute('data-reason')).toBe('AS_OF_NOT_REPORT_DATE');
      expect(await page.getByTestId('report-number').innerText()).toBe('未出具');
      expect(await page.getByTestId('report-print').isDisabled()).toBe(true);
      expect(await page.getByTestId('partial-errors').count()).toBe(0);
      await screenshot(page, 'report-not-issued');
      const printed = await printReport(page, 'report-not-issued');
      const text = compact(printed.text);
      expect(text).toContain('本页未出具信用报告');
      expect(text).not.toContain(compact(g.truth.market!.registration.name));
      expect(text).not.toContain(compact(g.truth.courts!.dishonestDebtor[0]!.reference));
      expect(printed.qr).toBeNull();
    });
  });

  it('an English screen prints a Chinese report', async () => {
    const g = stack.goldenCase('clean');
    await withSession(browser, stack, { settings: REPORT_DEVELOPER, lang: 'en' }, async (s) => {
      await openReport(s, g.uscc, 'GENERAL');
      expect(await s.page.locator('[data-section="rights"] h2').innerText()).toContain('Objections and credit repair');
      const printed = await printReport(s.page, 'report-from-english');
      expect(compact(printed.text)).toContain(RIGHTS_HEADING);
      expect(printed.text).not.toContain('Objections and credit repair');
      // And back in English afterwards.
      expect(await s.page.locator('[data-section="rights"] h2').innerText()).toContain('Objections and credit repair');
    });
  });
});

describe('the printed report in production', () => {
  let prod: Stack;
  beforeAll(async () => {
    prod = await startBrowserStack({ datasetSize: 20, production: true });
  });
  afterAll(async () => {
    await prod?.stop();
  });

  it('carries no development watermark', async () => {
    const g = prod.goldenCase('clean');
    await withSession(browser, prod, { settings: REPORT_DEVELOPER }, async (s) => {
      await openReport(s, g.uscc, 'GENERAL');
      expect(await s.page.getByTestId('report').getAttribute('data-issued')).toBe('true');
      expect(await s.page.getByTestId('watermark').count()).toBe(0);
      expect(await s.page.getByTestId('report-dev-note').count()).toBe(0);
      const printed = await printReport(s.page, 'report-production');
      expect(printed.text).not.toContain('开发环境');
      expect(printed.qr).toMatch(/\/verify\/XYBG-/);
    });
  });
});
