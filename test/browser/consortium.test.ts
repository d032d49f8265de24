/**
 * Consortium bids (联合体) in a real browser. A bidder file with a 联合体 column grouping the golden
 * `clean` (lead) and `dishonest-debtor` enterprises, checked for BIDDING: both member rows carry the
 * consortium's verdict — RESTRICTED, as strict as the debtor (法〔2016〕285号: 依法予以限制) — while the
 * clean member keeps its own CLEAR; the results file says the same, and the "needs attention" filter
 * keeps the clean member of a restricted consortium. On the check page the consortium mode shows the
 * whole verdict, which member decided it, and each member's own check.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { SERVICE_HALL, TRADING_PLATFORM, expectedOf, launchBrowser, screenshot, withSession, eventually } from './support/browser.js';
import { readResults } from './support/files.js';

const SCREEN = { width: 1366, height: 768 };
const CONSORTIUM = '联合体A（中建+宜昌）';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 20 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The consortium's verdict as the API gives it (BIDDING). */
async function apiConsortium(usccs: string[]) {
  const r = await stack.query<{
    consortium: { id: string; creditCheck: { verdict: string; decidingMembers: string[]; members: { uscc: string; check: { verdict: string } }[] } };
  }>(
    `query($u: [String!]!) { consortium(usccs: $u) { id creditCheck(scenario: BIDDING) { verdict decidingMembers members { uscc check { verdict } } } } }`,
    { u: usccs },
    { key: TRADING_PLATFORM.key, purpose: TRADING_PLATFORM.purpose },
  );
  expect(r.errors ?? []).toEqual([]);
  return r.data!.consortium;
}

/** No element of the page reaches past the right edge of the window. */
async function expectNoHorizontalOverflow(page: Page, selector: string) {
  const overflow = await page.evaluate((sel) => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll<HTMLElement>(sel)]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)} > ${width}`);
  }, selector);
  expect(overflow).toEqual([]);
}

describe('consortium bids', { timeout: 60_000 }, () => {
  it('a bidder file with a 联合体 column: the consortium verdict on both member rows, each member its own', async () => {
    const clean = stack.goldenCase('clean');
    const debtor = stack.goldenCase('dishonest-debtor');
    const debtorExpected = expectedOf(stack, 'dishonest-debtor', 'BIDDING');
    expect(expectedOf(stack, 'clean', 'BIDDING').verdict).toBe('CLEAR');
    expect(debtorExpected.verdict).toBe('RESTRICTED');
    const api = await apiConsortium([clean.uscc, debtor.uscc]);
    expect(api.creditCheck.verdict).toBe('RESTRICTED');
    expect(api.creditCheck.decidingMembers).toEqual([debtor.uscc]);

    const others = [0, 1, 2].map((i) => stack.dataset.at(i));
    const nameOf = (g: typeof clean) => g.truth.market?.registration.name ?? '';
    const lines = [
      ['统一社会信用代码', '投标人名称', '联合体'],
      [clean.uscc, nameOf(clean), CONSORTIUM], // row 2: the lead member
      [others[0]!.uscc, others[0]!.market?.registration.name ?? '', ''],
      [debtor.uscc, nameOf(debtor), CONSORTIUM], // row 4: member 2, not next to the lead
      [others[1]!.uscc, others[1]!.market?.registration.name ?? '', '独家'], // alone in its group
      [others[2]!.uscc, others[2]!.market?.registration.name ?? '', ''],
    ];
    const csv = lines.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

    await withSession(browser, stack, { settings: TRADING_PLATFORM }, async (s) => {
      const { page } = s;
      await page.setViewportSize(SCREEN);
      await s.open('/bidders.html');
      await page.getByTestId('bidders-file').setInputFiles({ name: '联合体投标人.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      const info = page.getByTestId('bidders-file-info');
      await eventually(() => info.getAttribute('data-consortia')).toBe('1');
      expect(await info.innerText()).toContain('联合体 1 个（共 2 行）');
      await page.getByTestId('bidders-submit').click();
      await eventually(() => page.getByTestId('bidders-status').getAttribute('data-state'), 30_000).toBe('done');

      // One job: every bidder's code in file order, and the consortium with both members, lead first.
      const jobs = s.graphql.filter((c) => String(c.body?.query ?? '').includes('submitBulkCheck'));
      expect(jobs).toHaveLength(1);
      const input = jobs[0]!.body!.variables!['input'] as { codes: string[]; consortia: { label: string; members: string[] }[] };
      expect(input.codes).toEqual(lines.slice(1).map((l) => l[0]));
      expect(input.consortia).toEqual([{ label: CONSORTIUM, members: [clean.uscc, debtor.uscc] }]);
      expect(jobs[0]!.headers['x-query-purpose']).toBe('BIDDER_CHECK');

      const row = (uscc: string) => page.locator(`[data-testid="bidder-row"][data-code="${uscc}"]`);
      const attrs = (uscc: string) =>
        row(uscc).evaluate((el: HTMLElement) => ({
          verdict: el.dataset['verdict'],
          consortium: el.dataset['consortium'],
          consortiumVerdict: el.dataset['consortiumVerdict'],
          position: el.dataset['memberPosition'],
        }));
      expect(await attrs(clean.uscc)).toEqual({ verdict: 'CLEAR', consortium: CONSORTIUM, consortiumVerdict: 'RESTRICTED', position: '1' });
      expect(await attrs(debtor.uscc)).toEqual({ verdict: 'RESTRICTED', consortium: CONSORTIUM, consortiumVerdict: 'RESTRICTED', position: '2' });
      // What the clerk sees: the consortium's verdict in words on both rows, who decided it.
      expect(await row(clean.uscc).getByTestId('consortium-verdict').innerText()).toContain('限制');
      expect(await row(clean.uscc).innerText()).toContain('由成员2（第4行）决定');
      expect(await row(debtor.uscc).getByTestId('consortium-decides').isVisible()).toBe(true);
      expect(await row(others[1]!.uscc).innerText()).toContain('仅此一行，按单独投标人核查');
      expect(await page.locator('[data-testid="bidders-consortium-summary"] [data-verdict="RESTRICTED"]').getAttribute('data-count')).toBe('1');

      await page.evaluate(() => document.querySelector('[data-testid="bidders-summary"]')?.scrollIntoView({ block: 'start', behavior: 'instant' }));
      await expectNoHorizontalOverflow(page, 'main, .card, .table-wrap');
      await screenshot(page, 'bidders-consortium');

      // Only those needing attention: the clean lead stays (its consortium is restricted).
      await page.getByTestId('bidders-filter').check();
      const shown = await page.getByTestId('bidder-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
      expect(shown).toContain(clean.uscc);
      expect(shown).toContain(debtor.uscc);
      await page.getByTestId('bidders-filter').uncheck();

      const link = page.getByTestId('bidders-download');
      const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const rows = readResults(readFileSync(await file.path(), 'utf8'));
      expect(rows).toHaveLength(5);
      const byCode = new Map(rows.map((r) => [r['统一社会信用代码'], r]));
      expect(byCode.get(clean.uscc)).toMatchObject({
        结论编码: 'CLEAR',
        联合体: CONSORTIUM,
        联合体标识: api.id,
        联合体成员: '牵头人（共2家）',
        联合体结论: '限制',
        联合体结论编码: 'RESTRICTED',
        决定联合体结论的成员: '成员2（第4行）',
      });
      expect(byCode.get(clean.uscc)!['联合体核查编号']).toMatch(/\S/);
      expect(byCode.get(debtor.uscc)).toMatchObject({
        结论编码: 'RESTRICTED',
        联合体成员: '成员2（共2家）',
        联合体结论编码: 'RESTRICTED',
        联合体标识: api.id,
      });
      for (const code of debtorExpected.flags) expect(byCode.get(debtor.uscc)!['措施编码']!.split('\n')).toContain(code);
      expect(byCode.get(debtor.uscc)!['适用的惩戒措施（名单；案号或文号；认定机关）']).toContain('失信被执行人');
      expect(byCode.get(others[0]!.uscc)).toMatchObject({ 联合体: '', 联合体结论: '' });
      expect(byCode.get(others[1]!.uscc)!['备注']).toContain('按单独投标人核查');
    });
  });

  it('the check page in consortium mode: the whole verdict, who decided it, and both members', async () => {
    const clean = stack.goldenCase('clean');
    const debtor = stack.goldenCase('dishonest-debtor');
    const debtorExpected = expectedOf(stack, 'dishonest-debtor', 'BIDDING');
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await page.setViewportSize(SCREEN);
      await s.open('/');
      expect(await page.getByTestId('consortium-input').isHidden()).toBe(true);
      await page.getByTestId('consortium-toggle').check();
      expect(await page.getByTestId('uscc-input').isHidden()).toBe(true);
      const codes = page.getByTestId('consortium-input');

      // A bad member is named before anything is sent.
      await codes.fill(`${clean.uscc}\n${clean.uscc.slice(0, 17)}Z`);
      await page.getByTestId('scenario-select').selectOption('BIDDING');
      await page.getByTestId('check-submit').click();
      const feedback = page.getByTestId('consortium-validation');
      expect(await feedback.getAttribute('data-state')).toBe('invalid');
      expect(await feedback.innerText()).toContain('第2行');
      expect(s.graphql.filter((c) => String(c.body?.query ?? '').includes('consortium('))).toHaveLength(0);

      await codes.fill(`${clean.uscc}\n${debtor.uscc.toLowerCase()}\n`);
      expect(await feedback.getAttribute('data-state')).toBe('valid');
      const answered = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST');
      await page.getByTestId('check-submit').click();
      expect((await answered).status()).toBe(200);
      const whole = page.getByTestId('consortium-result');
      await whole.waitFor();
      expect(s.graphql.at(-1)!.body?.variables?.['usccs']).toEqual([clean.uscc, debtor.uscc]);

      const verdict = whole.getByTestId('verdict');
      expect(await verdict.getAttribute('data-verdict')).toBe('RESTRICTED');
      expect(await verdict.getByTestId('verdict-heading').innerText()).toContain('联合体');
      expect(await verdict.getByTestId('verdict-label').innerText()).toBe('限制');
      expect(await page.getByTestId('consortium-deciding').innerText()).toContain('成员2');

      const members = page.getByTestId('consortium-member');
      expect(
        await members.evaluateAll((els) =>
          els.map((e) => [
            e.getAttribute('data-uscc'),
            e.getAttribute('data-position'),
            e.getAttribute('data-verdict'),
            e.getAttribute('data-decides'),
          ]),
        ),
      ).toEqual([
        [clean.uscc, '1', 'CLEAR', 'false'],
        [debtor.uscc, '2', 'RESTRICTED', 'true'],
      ]);
      const lead = members.nth(0);
      expect(await lead.innerText()).toContain('牵头人');
      expect(await lead.getByTestId('member-verdict-pill').innerText()).toContain('未见限制');
      expect(await lead.getByTestId('member-name').innerText()).toBe(clean.truth.market?.registration.name);
      // The deciding member starts open, its flags drawn as a single check's are.
      const member = members.nth(1);
      expect(await member.getByTestId('member-verdict').isVisible()).toBe(true);
      const flags = await member.getByTestId('flag').evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-code')));
      expect([...new Set(flags)].sort()).toEqual([...debtorExpected.flags].sort());
      // The clean member opens on a click.
      expect(await lead.getByTestId('member-verdict').isVisible()).toBe(false);
      await lead.locator('summary').click();
      expect(await lead.getByTestId('member-verdict').isVisible()).toBe(true);
      await lead.locator('summary').click();

      await expectNoHorizontalOverflow(page, 'main, .card, .verdict-box, .member-summary');
      await page.evaluate(() => document.querySelector('[data-testid="consortium-result"]')?.scrollIntoView({ block: 'start', behavior: 'instant' }));
      await screenshot(page, 'console-consortium');

      // The English UI says it in English.
      await page.getByTestId('lang-toggle').click();
      await eventually(() => verdict.getByTestId('verdict-heading').innerText()).toContain('Consortium verdict');
    });
  });
});
