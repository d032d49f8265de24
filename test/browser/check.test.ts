/**
 * The service-hall check (`/`) in a real browser: a golden enterprise per verdict shows that
 * verdict and exactly the flags `test/golden/cases.json` expects; each flag shows its own legal
 * bases as the API gives them (citation, quoted wording, one ＊ per unconfirmed wording and one
 * legend line), its condition, and the scenario's 未核查事项; each record once, with the measures
 * that refer to it, and one line naming the lists; a deregistered enterprise is INACTIVE and never
 * green; at 1366×768 the first screen shows the name, the verdict and an objection; an invalid code
 * explains itself as it is typed and is never sent; and a department whose legacy system is down
 * turns the verdict into INCOMPLETE — shown as a warning, naming the department in Chinese (in
 * Chinese words only) and in English.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../../common/departments.js';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { ROOT, SERVICE_HALL, expectedOf, launchBrowser, screenshot, withSession, eventually } from './support/browser.js';
import { VERDICT_LABELS } from '../../gateway/console/public/assets/lib/i18n.js';
import { apiCheck, check, expectBases, expectIncomplete, flagOn, latinWords, looksGreen, type ApiFlag } from './support/check-page.js';

/** What the verdict box says, in Chinese (gateway/console/public/assets/lib/i18n.js VERDICT_LABELS). */
const VERDICT_ZH: Record<string, string> = {
  INACTIVE: '主体已注销/吊销',
  PROHIBITED: '禁止',
  RESTRICTED: '限制',
  CAUTION: '审慎',
  CLEAR: '未见限制',
  INCOMPLETE: '信息不完整',
  NOT_FOUND: '查无此主体',
};

const CATALOGUE = JSON.parse(readFileSync(join(ROOT, 'subgraphs/credit/catalogue/measures.json'), 'utf8')) as {
  measures: { code: string; nameZh: string }[];
};
function measure(code: string) {
  const m = CATALOGUE.measures.find((x) => x.code === code);
  if (!m) throw new Error(`no measure ${code} in the catalogue`);
  return m;
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

describe('service-hall check: a golden enterprise per verdict', () => {
  const CASES: [id: string, scenario: string][] = [
    ['dishonest-debtor', 'BIDDING'],
    ['abnormal-operations', 'BIDDING'],
    ['environment-red', 'GENERAL'],
    ['clean', 'GENERAL'],
    ['unknown', 'GENERAL'],
    ['deregistered', 'BIDDING'],
  ];

  it.each(CASES)('%s (%s) shows the verdict and flags the golden file expects', async (id, scenario) => {
    const golden = stack.goldenCase(id);
    const expected = expectedOf(stack, id, scenario);
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/');
      const verdict = await check(page, golden.uscc, scenario);

      await eventually(() => verdict.getAttribute('data-verdict')).toBe(expected.verdict);
      expect(await verdict.isVisible()).toBe(true);
      expect(await page.getByTestId('verdict-label').innerText()).toBe(VERDICT_ZH[expected.verdict]);

      const flags = page.getByTestId('flag');
      const shown = await flags.evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-code')));
      expect([...new Set(shown)].sort()).toEqual([...expected.flags].sort());
      for (const code of expected.flags) {
        const flag = page.locator(`[data-testid="flag"][data-measure-code="${code}"]`);
        expect(await flag.first().isVisible(), `${code} visible`).toBe(true);
        // The Chinese page names the measure in Chinese only; the code is there for a pointer (title).
        expect(await flag.locator('.measure-code').count()).toBe(0);
        expect(await flag.first().locator('.flag-name').getAttribute('title')).toBe(code);
        expect(await flag.first().innerText()).toContain(measure(code).nameZh);
      }
      if (!expected.flags.length) {
        const none = page.getByTestId('no-flags');
        expect(await none.isVisible()).toBe(true);
      }
      // Every department was read: nothing is missing, every source row says OK.
      expect(await page.getByTestId('missing-sources').count()).toBe(0);
      const statuses = await page.getByTestId('source').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      expect(statuses.length).toBe(DEPARTMENT_REGISTRY.length);
      expect(new Set(statuses)).toEqual(new Set(['OK']));
      expect(await page.getByTestId('check-id').innerText()).toMatch(/\S/);
      // The request carried the caller's key and purpose.
      expect(s.graphql).toHaveLength(1);
      expect(s.graphql[0]!.headers['authorization']).toBe(`Bearer ${SERVICE_HALL.key}`);
      expect(s.graphql[0]!.headers['x-query-purpose']).toBe(SERVICE_HALL.purpose);
      expect(s.graphql[0]!.body?.variables).toMatchObject({ uscc: golden.uscc, scenario });
      await screenshot(page, `check-${id}-${scenario.toLowerCase()}`);
    });
  });

  it('a dishonest debtor bidding: RESTRICT-BID-DISHONEST-DEBTOR with the bases the API gives for this flag (settings chosen in the dialog)', async () => {
    const golden = stack.goldenCase('dishonest-debtor');
    const api = await apiCheck(stack, golden.uscc, 'BIDDING');
    const apiFlag = api.flags.find((f) => f.measure.code === 'RESTRICT-BID-DISHONEST-DEBTOR');
    expect(apiFlag, 'the API flags RESTRICT-BID-DISHONEST-DEBTOR').toBeTruthy();
    await withSession(browser, stack, {}, async (s) => {
      const { page } = s;
      await s.open('/');
      // No settings yet: the header says so; choose the trading platform's development key in the dialog.
      await eventually(() => page.getByTestId('settings-status').getAttribute('data-complete')).toBe('false');
      await page.getByTestId('settings-open').click();
      await page.getByTestId('hint-dev-trading-platform').click();
      expect(await page.getByTestId('settings-purpose').inputValue()).toBe('BIDDER_CHECK');
      await page.getByTestId('settings-operator-id').fill('ZB0017');
      await page.getByTestId('settings-operator-name').fill('周敏');
      await page.getByTestId('settings-save').click();
      await eventually(() => page.getByTestId('settings-status').getAttribute('data-complete')).toBe('true');
      await page.getByTestId('settings-dialog').waitFor({ state: 'detached' });

      const verdict = await check(page, golden.uscc, 'BIDDING');
      expect(await verdict.getAttribute('data-verdict')).toBe(api.verdict);
      expect(await verdict.getAttribute('class')).toContain(`tone-${VERDICT_LABELS[api.verdict]!.tone}`);
      const flag = page.locator('[data-testid="flag"][data-measure-code="RESTRICT-BID-DISHONEST-DEBTOR"]');
      expect(await flag.getAttribute('data-kind')).toBe(apiFlag!.measure.kind);
      const text = await flag.innerText();
      expect(text).toContain('法律依据');
      await expectBases(flag, apiFlag!);
      if (apiFlag!.measure.scope) {
        expect(text).toContain('适用范围');
        expect(text).toContain(apiFlag!.measure.scope);
      }
      // Every basis of this flag is confirmed: no ＊ and no legend.
      expect(apiFlag!.basis.every((b) => b.verification.state === 'CONFIRMED')).toBe(true);
      expect(await page.getByTestId('unconfirmed-legend').count()).toBe(0);
      expect(s.graphql[0]!.headers['authorization']).toBe('Bearer dev-trading-platform');
      expect(s.graphql[0]!.headers['x-query-purpose']).toBe('BIDDER_CHECK');
      // The README's picture: the enterprise, the verdict and the flag under its record with its legal basis.
      await page
        .getByTestId('enterprise')
        .evaluate((el) => window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - 16, behavior: 'instant' }));
      await screenshot(page, 'console-dishonest-debtor-bidding', { docs: 'console' });
    });
  });

  it('multi-list in government procurement: ＊ once per unconfirmed wording, one legend line, the 未核查事项 block, and no English in the Chinese page', async () => {
    const golden = stack.goldenCase('multi-list');
    const api = await apiCheck(stack, golden.uscc, 'GOVERNMENT_PROCUREMENT');
    const unconfirmed = api.flags.flatMap((f) => f.basis).filter((b) => b.verification.state === 'UNCONFIRMED').length;
    expect(unconfirmed, 'this case exercises the ＊').toBeGreaterThan(0);
    expect(api.notChecked.length, 'procurement has things no department holds').toBeGreaterThan(0);
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/');
      const verdict = await check(page, golden.uscc, 'GOVERNMENT_PROCUREMENT');
      expect(await verdict.getAttribute('data-verdict')).toBe(api.verdict);

      const flags = page.getByTestId('flag');
      expect(await flags.count()).toBe(api.flags.length);
      for (const f of api.flags) {
        const el = flagOn(page, f);
        expect(await el.count(), `${f.measure.code} under ${f.finding.reference}`).toBe(1);
        await expectBases(el, f);
      }
      // One small mark per unconfirmed wording, explained by exactly one legend line.
      expect(await page.getByTestId('basis-unconfirmed').count()).toBe(unconfirmed);
      expect(await page.getByTestId('basis-unconfirmed').first().innerText()).toBe('＊');
      const legend = page.getByTestId('unconfirmed-legend');
      expect(await legend.count()).toBe(1);
      expect(await legend.innerText()).toBe('＊ 原文尚未对照官方文本核对');
      expect(await page.getByTestId('result').innerText()).not.toContain('条款待核');

      // 未核查事项: visible, above the flags, one line per item the API names.
      const notChecked = page.getByTestId('not-checked');
      expect(await notChecked.isVisible()).toBe(true);
      expect(await notChecked.innerText()).toContain('未核查事项');
      expect(await page.getByTestId('not-checked-item').allInnerTexts()).toEqual(api.notChecked.map((n) => n.zh));
      const above = await page.evaluate(() => {
        const n = document.querySelector('[data-testid="not-checked"]')!.getBoundingClientRect().top;
        const f = document.querySelector('[data-testid="flags"]')!.getBoundingClientRect().top;
        return n < f;
      });
      expect(above).toBe(true);

      // No English in the Chinese page: codes, the check id and the verdict's second language aside —
      // and no measure code anywhere, not even in an identifier's place.
      expect(await latinWords(page)).toEqual([]);
      const shown = await page.getByTestId('result').innerText();
      for (const f of api.flags) expect(shown).not.toContain(f.measure.code);
      await notChecked.evaluate((el) => window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - 24, behavior: 'instant' }));
      await screenshot(page, 'check-multi-list-procurement');
      await screenshot(page, 'check-multi-list-procurement-full', { fullPage: true });

      // English: the same items in English, the legend in English.
      await page.getByTestId('lang-toggle').click();
      await eventually(() => page.getByTestId('verdict-label').innerText()).toBe(VERDICT_LABELS[api.verdict]!.en);
      expect(await page.getByTestId('not-checked-item').allInnerTexts()).toEqual(api.notChecked.map((n) => n.en));
      expect(await page.getByTestId('unconfirmed-legend').innerText()).toBe('＊ Wording not yet checked against the official text');
      await screenshot(page, 'check-multi-list-procurement-en');
    });
  });
});

describe('service-hall check: what a flag says beyond its bases', () => {
  const CASES: [id: string, scenario: string, field: 'condition' | 'localChoice', label: string][] = [
    ['major-fine-30-months', 'GOVERNMENT_PROCUREMENT', 'condition', '触发条件'],
    ['consumption-restricted', 'STATE_LAND_TRANSFER', 'localChoice', '本地适用'],
  ];

  it.each(CASES)('%s (%s): the flag shows its %s as the API gives it', async (id, scenario, field, label) => {
    const golden = stack.goldenCase(id);
    const api = await apiCheck(stack, golden.uscc, scenario);
    const withField = api.flags.filter((f) => f[field]);
    expect(withField.length, `the API gives a ${field} here`).toBeGreaterThan(0);
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/');
      await check(page, golden.uscc, scenario);
      const flags = page.getByTestId('flag');
      expect(await flags.count()).toBe(api.flags.length);
      for (const f of api.flags) {
        const el = flagOn(page, f);
        await expectBases(el, f);
        const labels = await el.locator('.flag-details > dt').allInnerTexts();
        if (f[field]) {
          expect(labels).toContain(label);
          expect(await el.innerText()).toContain(f[field]!);
        } else expect(labels).not.toContain(label);
      }
    });
  });
});

describe('service-hall check: an invalid code', () => {
  /** `at`: the number of characters typed when the reason first shows (before that the code is just being typed). */
  const cases: { name: string; typed: string; at: number; reason: string; message: RegExp }[] = [
    // The message never names the character that would make the code pass.
    {
      name: 'a wrong check character',
      typed: '91440300708461136X',
      at: 18,
      reason: 'CHECK_CHARACTER_FAILED',
      message: /^(?![\s\S]*“T”)[\s\S]*校验码错误[\s\S]*请对照营业执照逐位核对/,
    },
    { name: 'I at position 9', typed: '91440300I08461136T', at: 9, reason: 'ILLEGAL_CHARACTER', message: /第9位字符“I”不合法/ },
    { name: 'too long (19 characters)', typed: '91440300708461136T1', at: 19, reason: 'WRONG_LENGTH', message: /应为18位，当前为19位/ },
  ];

  it.each(cases)('$name: the reason shows as it is typed, and nothing is sent', async ({ typed, at, reason, message }) => {
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/');
      const input = page.getByTestId('uscc-input');
      const feedback = page.getByTestId('uscc-validation');
      const error = page.getByTestId('uscc-error');
      await input.pressSequentially(typed.slice(0, at - 1));
      expect(['typing', 'valid']).toContain(await feedback.getAttribute('data-state'));
      expect(await error.count()).toBe(0);
      await input.pressSequentially(typed.slice(at - 1, at));
      await eventually(() => feedback.getAttribute('data-state')).toBe('invalid');
      expect(await feedback.getAttribute('data-reason')).toBe(reason);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await error.isVisible()).toBe(true);
      expect(await error.innerText()).toMatch(message);
      // Typing on (to the whole code) keeps the reason.
      await input.pressSequentially(typed.slice(at));
      expect(await feedback.getAttribute('data-reason')).toBe(reason);
      expect(await error.innerText()).toMatch(message);
      // Pressing 核查 and Enter sends nothing.
      await page.getByTestId('check-submit').click();
      await input.press('Enter');
      expect(await feedback.getAttribute('data-reason')).toBe(reason);
      expect(await error.innerText()).toMatch(message);
      expect(await page.getByTestId('verdict').count()).toBe(0);
      await screenshot(page, `invalid-${reason.toLowerCase()}`);
      // A valid code afterwards is the first and only request: the invalid one never left.
      const clean = stack.goldenCase('clean');
      await check(page, clean.uscc, 'GENERAL');
      expect(s.graphql.map((c) => c.body?.variables?.['uscc'])).toEqual([clean.uscc]);
    });
  });

  it('a 16-character code is still being typed, and is too short when 核查 is pressed — with nothing sent', async () => {
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/');
      const input = page.getByTestId('uscc-input');
      const feedback = page.getByTestId('uscc-validation');
      await input.pressSequentially('9144030070846113');
      await eventually(() => feedback.getAttribute('data-state')).toBe('typing');
      expect(await feedback.innerText()).toContain('已输入 16/18 位');
      await page.getByTestId('check-submit').click();
      await eventually(() => feedback.getAttribute('data-state')).toBe('invalid');
      expect(await feedback.getAttribute('data-reason')).toBe('WRONG_LENGTH');
      expect(await page.getByTestId('uscc-error').innerText()).toMatch(/应为18位，当前为16位/);
      // Switching to English redraws the same error in English (not the while-typing state).
      await page.getByTestId('lang-toggle').click();
      await eventually(() => page.getByTestId('uscc-error').innerText()).not.toMatch(/[\u3400-\u9fff]/);
      expect(await feedback.getAttribute('data-state')).toBe('invalid');
      expect(await feedback.getAttribute('data-reason')).toBe('WRONG_LENGTH');
      expect(await page.getByTestId('uscc-error').innerText()).toMatch(/\b16\b/);
      const clean = stack.goldenCase('clean');
      await check(page, clean.uscc, 'GENERAL');
      expect(s.graphql.map((c) => c.body?.variables?.['uscc'])).toEqual([clean.uscc]);
    });
  });
});

describe('service-hall check: a department down', () => {
  it('tax legacy system down → INCOMPLETE, shown as a warning naming 税务 / Tax', async () => {
    const clean = stack.goldenCase('clean');
    stack.legacy.simulators.tax!.setFault('down');
    try {
      await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
        const { page } = s;
        await s.open('/');
        const verdict = await check(page, clean.uscc, 'GENERAL');
        await expectIncomplete(page, 'TAX', '税务');
        expect(await verdict.getAttribute('data-verdict')).toBe('INCOMPLETE');
        // Why tax was not read, said from the department and its status — not the service's English.
        const why = page.locator('[data-testid="source"][data-department="TAX"] [data-testid="source-message"]');
        expect(await why.innerText()).toBe('税务系统无法连接，本次未能读取。');
        expect(await latinWords(page)).toEqual([]);
        await screenshot(page, 'check-tax-down');

        await page.getByTestId('lang-toggle').click();
        await eventually(() => page.getByTestId('verdict-label').innerText()).toBe('Incomplete');
        const missing = page.getByTestId('missing-sources');
        expect(await missing.innerText()).toContain('Tax');
        expect(await missing.innerText()).not.toContain('税务');
        expect(await why.innerText()).toBe('Tax: the system could not be reached; not read this time.');
        await screenshot(page, 'check-tax-down-en');
      });
    } finally {
      stack.legacy.simulators.tax!.setFault('none');
    }
  });
});

describe('service-hall check: verdicts a clerk cannot misread', () => {
  it('deregistered: INACTIVE (主体已注销/吊销), never green, the registration marked, in every scenario', async () => {
    const golden = stack.goldenCase('deregistered');
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await page.setViewportSize({ width: 1366, height: 768 });
      await s.open('/');
      for (const scenario of ['BIDDING', 'GOVERNMENT_PROCUREMENT', 'GENERAL']) {
        expect(expectedOf(stack, 'deregistered', scenario).verdict).toBe('INACTIVE');
        const verdict = await check(page, golden.uscc, scenario);
        await eventually(() => verdict.getAttribute('data-verdict')).toBe('INACTIVE');
        expect(await page.getByTestId('verdict-label').innerText()).toBe('主体已注销/吊销');
        expect(await verdict.getAttribute('class')).not.toContain('tone-green');
        expect(await looksGreen(verdict), 'the verdict box is not green').toBe(false);
        expect(await verdict.innerText()).toContain('不能作为本事项的当事人');
        const reg = page.getByTestId('registration-status');
        expect(await reg.getAttribute('data-status')).toBe('DEREGISTERED');
        expect(await reg.getAttribute('class')).toContain('badge-bad');
        expect(await reg.innerText()).toMatch(/^注销（\d{4}-\d{2}-\d{2}）$/);
        expect(await page.getByTestId('warning').first().innerText()).toContain('已注销');
        // No incentive, and nothing on the page is a green pass.
        expect(await page.getByTestId('incentives').count()).toBe(0);
        expect(await page.locator('.verdict-box.tone-green').count()).toBe(0);
        // Name and verdict on the first screen.
        for (const id of ['enterprise-name', 'verdict']) {
          const box = (await page.getByTestId(id).boundingBox())!;
          expect(box.y, id).toBeGreaterThanOrEqual(0);
          expect(box.y + box.height, id).toBeLessThanOrEqual(768);
        }
        expect(await latinWords(page)).toEqual([]);
        if (scenario === 'BIDDING') await screenshot(page, 'check-deregistered-1366');
      }
      // English: the same verdict in words, still not green.
      await page.getByTestId('lang-toggle').click();
      await eventually(() => page.getByTestId('verdict-label').innerText()).toBe('Deregistered or revoked');
      expect(await looksGreen(page.getByTestId('verdict'))).toBe(false);
    });
  });

  it('at 1366×768 the first screen shows the name, the verdict and the objection (异议处理中)', async () => {
    const golden = stack.goldenCase('under-objection');
    const api = await apiCheck(stack, golden.uscc, 'BIDDING');
    const objected = api.flags.filter((f) => f.finding.underObjection);
    expect(objected.length, 'the golden case is under objection').toBeGreaterThan(0);
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await page.setViewportSize({ width: 1366, height: 768 });
      await s.open('/');
      const verdict = await check(page, golden.uscc, 'BIDDING');
      expect(await verdict.getAttribute('data-verdict')).toBe(api.verdict);
      const name = page.getByTestId('enterprise-name');
      expect(await name.innerText()).toBe(golden.truth.market!.registration.name);
      const objection = page.getByTestId('verdict-objection');
      expect(await objection.innerText()).toContain('异议处理中');
      expect(await objection.innerText()).toContain(objected[0]!.finding.reference);
      // Inside the verdict box: nobody reads the verdict without it.
      expect(await verdict.locator('[data-testid="verdict-objection"]').count()).toBe(1);
      const viewport = page.viewportSize()!;
      expect(viewport).toEqual({ width: 1366, height: 768 });
      // Not scrolled there, by the clerk or by the page: the form and the answer's head fit one screen.
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      for (const [id, el] of [
        ['enterprise-name', name],
        ['verdict-label', page.getByTestId('verdict-label')],
        ['verdict', verdict],
        ['verdict-objection', objection],
      ] as const) {
        const box = (await el.boundingBox())!;
        expect(box.x, id).toBeGreaterThanOrEqual(0);
        expect(box.y, id).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, id).toBeLessThanOrEqual(viewport.width);
        expect(box.y + box.height, id).toBeLessThanOrEqual(viewport.height);
      }
      // The lists, in one line, above the detail.
      const lists = page.getByTestId('on-lists');
      expect(await lists.innerText()).toBe('在以下名单中：严重违法失信名单（异议处理中）');
      await screenshot(page, 'check-under-objection-1366', { docs: 'console-first-screen' });
    });
  });

  it('multi-list: one line of the lists, each record once with the measures that refer to it', async () => {
    const golden = stack.goldenCase('multi-list');
    for (const scenario of ['HONORS', 'GOVERNMENT_PROCUREMENT']) {
      const api = await apiCheck(stack, golden.uscc, scenario);
      const records = new Map<string, ApiFlag[]>();
      for (const f of api.flags) records.set(f.finding.id, [...(records.get(f.finding.id) ?? []), f]);
      expect(records.size, 'several measures share a record').toBeLessThan(api.flags.length);
      await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
        const { page } = s;
        await page.setViewportSize({ width: 1366, height: 768 });
        await s.open('/');
        await check(page, golden.uscc, scenario);
        const shown = page.getByTestId('record');
        expect(await shown.count()).toBe(records.size);
        for (const [id, flags] of records) {
          const record = page.locator(`[data-testid="record"][data-finding-id="${id}"]`);
          expect(await record.count()).toBe(1);
          expect((await record.getAttribute('data-measures'))!.split(',').sort()).toEqual(flags.map((f) => f.measure.code).sort());
          expect(await record.getByTestId('flag').count()).toBe(flags.length);
          // Its reference and authority are said once on the page, however many measures refer to it.
          const text = await page.getByTestId('flags').innerText();
          expect(text.split(flags[0]!.finding.reference).length - 1, flags[0]!.finding.reference).toBe(1);
        }
        const kinds = [...new Set(api.flags.map((f) => f.finding.kind))];
        expect((await page.getByTestId('on-lists').getAttribute('data-kinds'))!.split(',')).toEqual(kinds);
        expect(await page.getByTestId('on-lists').innerText()).toMatch(/^在以下名单中：[^、]+(、[^、]+){2}$/);
        // The lists line is above the detail.
        const above = await page.evaluate(
          () =>
            document.querySelector('[data-testid="on-lists"]')!.getBoundingClientRect().bottom <=
            document.querySelector('[data-testid="flags"]')!.getBoundingClientRect().top,
        );
        expect(above).toBe(true);
        // 有效 in red on a record that triggers a measure.
        const status = page.locator('[data-testid="record"] [data-testid="record-status"]').first();
        expect(await status.innerText()).toBe('有效');
        expect(await status.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(180, 35, 24)');
        await screenshot(page, `check-multi-list-${scenario.toLowerCase()}-full`, { fullPage: true });
      });
    }
  });

  it('an incentive: 有效 is not red on the record that earns it', async () => {
    const golden = stack.goldenCase('a-level-taxpayer');
    const expected = expectedOf(stack, 'a-level-taxpayer', 'ADMINISTRATIVE_LICENSING');
    expect(expected.incentives.length).toBeGreaterThan(0);
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/');
      await check(page, golden.uscc, 'ADMINISTRATIVE_LICENSING');
      // CLEAR is green (the control for the never-green checks above).
      expect(await looksGreen(page.getByTestId('verdict'))).toBe(true);
      const incentives = page.getByTestId('incentives');
      const statuses = incentives.locator('[data-testid="record-status"]');
      expect(await statuses.count()).toBeGreaterThan(0);
      for (const el of await statuses.all()) {
        expect(await el.innerText()).toBe('有效');
        expect(await el.evaluate((e) => getComputedStyle(e).color)).not.toBe('rgb(180, 35, 24)');
        expect(await el.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(6, 118, 71)');
      }
      expect(
        [...new Set(await incentives.getByTestId('incentive').evaluateAll((els) => els.map((e) => e.getAttribute('data-measure-code'))))].sort(),
      ).toEqual([...expected.incentives].sort());
      expect(await latinWords(page)).toEqual([]);
      await screenshot(page, 'check-incentive');
    });
  });
});
