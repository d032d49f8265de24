/**
 * 经办人 at the console, in a real browser: the settings dialog asks for the key, the purpose and
 * the operator (工号 and 姓名); a check asked for before they are complete opens the dialog and,
 * once they are saved, runs — with no stale "settings missing" left on the page. The operator is
 * shown in the header, kept for the browser session, sent as X-Operator, and lands in the audit
 * record of the check marked `asserted`.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { SERVICE_HALL, eventually, launchBrowser, screenshot, withSession } from './support/browser.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 20 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

interface AuditRecordView {
  requestId: string;
  caller: { id: string } | null;
  operator?: { id: string; name: string | null; how: string } | null;
  outcome: string;
  verdicts: { code: string; verdict: string }[];
}

function auditRecord(requestId: string): AuditRecordView {
  const found = readFileSync(stack.auditLogPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditRecordView)
    .filter((r) => r.requestId === requestId);
  expect(found, `audit records of ${requestId}`).toHaveLength(1);
  return found[0]!;
}

describe('the operator at the console', () => {
  it('a check asked for before any settings: the dialog asks for key, purpose and operator; saved, the check runs and lands in the audit record as asserted', async () => {
    const golden = stack.goldenCase('dishonest-debtor');
    await withSession(browser, stack, {}, async (s) => {
      const { page } = s;
      await page.setViewportSize({ width: 1366, height: 768 });
      await s.open('/');
      expect(await page.getByTestId('operator-status').innerText()).toBe('未填写经办人');

      // The clerk types a code and presses 核查 before anything is set: nothing is sent, the dialog opens.
      await page.getByTestId('uscc-input').fill(golden.uscc);
      await page.getByTestId('check-submit').click();
      const dialog = page.getByTestId('settings-dialog');
      await dialog.waitFor();
      expect(await page.getByTestId('settings-missing').innerText()).toBe('查询前须填写：访问密钥、查询事由、工号、姓名。');
      expect(await page.locator('[data-testid="error"][data-code="SETTINGS_MISSING"]').count()).toBe(1);
      expect(s.graphql).toEqual([]);

      // What the clerk fills in: the hall's key and purpose (here a development key), 工号 and 姓名.
      await page.getByTestId('hint-dev-service-hall').click();
      await page.getByTestId('settings-operator-id').fill('HB0451');
      await page.getByTestId('settings-operator-name').fill('欧阳明轩');
      // The whole dialog, Save included, fits a 1366×768 screen.
      const box = (await dialog.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(768);
      expect(await page.getByTestId('settings-save').isVisible()).toBe(true);
      await screenshot(page, 'settings-operator', { docs: 'settings' });

      // A malformed 工号 is refused in the dialog, which stays open.
      await page.getByTestId('settings-operator-id').fill('HB 0451');
      await page.getByTestId('settings-save').click();
      expect(await page.getByTestId('settings-error').innerText()).toContain('工号最多128个字符');
      expect(await dialog.isVisible()).toBe(true);
      await page.getByTestId('settings-operator-id').fill('HB0451');

      // Saved: the check the clerk asked for runs by itself, and no "settings missing" stays behind.
      const answered = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST');
      await page.getByTestId('settings-save').click();
      const response = await answered;
      expect(response.status()).toBe(200);
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('verdict').waitFor();
      expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe('RESTRICTED');
      expect(await page.locator('[data-code="SETTINGS_MISSING"]').count()).toBe(0);
      expect(await page.getByTestId('settings-saved-note').count()).toBe(0);
      const text = await page.locator('body').innerText();
      for (const stale of ['尚未设置访问密钥', '查询设置尚未填写完整', '查询前须填写', '未设置密钥']) expect(text).not.toContain(stale);
      expect(await page.getByTestId('settings-status').getAttribute('data-complete')).toBe('true');
      expect(await page.getByTestId('operator-status').innerText()).toBe('经办人：欧阳明轩（HB0451）');

      // Sent as X-Operator, recorded as an asserted operator with the check's verdict.
      expect(s.graphql).toHaveLength(1);
      expect(s.graphql[0]!.headers['x-operator']).toBe(`HB0451;${encodeURIComponent('欧阳明轩')}`);
      const requestId = response.headers()['x-request-id']!;
      expect(auditRecord(requestId)).toMatchObject({
        caller: { id: 'dev-service-hall' },
        operator: { id: 'HB0451', name: '欧阳明轩', how: 'asserted' },
        outcome: 'ANSWERED',
        verdicts: [{ code: golden.uscc, verdict: 'RESTRICTED' }],
      });
      // And the auditor finds it by operator.
      const audit = await fetch(stack.gatewayUrl.replace('/graphql', '/audit?operator=HB0451'), {
        headers: { authorization: 'Bearer dev-auditor', 'x-query-purpose': 'AUDIT' },
      });
      const found = ((await audit.json()) as { records: AuditRecordView[] }).records;
      expect(found.map((r) => r.requestId)).toEqual([requestId]);

      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'console-operator-header');
      // With a long name the header still keeps to one row (about 62 px; wrapped it is twice that) down to 1280 pixels.
      for (const width of [1366, 1280]) {
        await page.setViewportSize({ width, height: 768 });
        const topbar = (await page.locator('.topbar').boundingBox())!;
        expect(topbar.height, `header height at ${width}`).toBeLessThan(80);
      }

      // Kept for the browser session: another page of the console knows the operator.
      await s.open('/catalogue.html');
      expect(await page.getByTestId('operator-status').innerText()).toBe('经办人：欧阳明轩（HB0451）');
    });
  });

  it('with the key and purpose set but no operator, the dialog asks for the operator only, focused on 工号', async () => {
    await withSession(browser, stack, { settings: { ...SERVICE_HALL, operator: null } }, async (s) => {
      const { page } = s;
      await s.open('/');
      expect(await page.getByTestId('settings-status').getAttribute('data-complete')).toBe('false');
      await page.getByTestId('uscc-input').fill(stack.goldenCase('clean').uscc);
      await page.getByTestId('check-submit').click();
      await page.getByTestId('settings-dialog').waitFor();
      expect(await page.getByTestId('settings-missing').innerText()).toBe('查询前须填写：工号、姓名。');
      await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('settings-operator-id');
      expect(await page.getByTestId('error').innerText()).toContain('查询前须填写：工号、姓名');

      // Saving half of it leaves the page saying what is still missing — not what was missing before.
      await page.getByTestId('settings-operator-id').fill('0452');
      await page.getByTestId('settings-save').click();
      await eventually(() => page.getByTestId('error').innerText()).toContain('查询前须填写：姓名');
      expect(s.graphql).toEqual([]);

      // In English the operator is asked for in English.
      await page.getByTestId('lang-toggle').click();
      expect(await page.getByTestId('operator-status').innerText()).toBe('No operator');
      await page.getByTestId('settings-open').click();
      expect(await page.getByTestId('settings-missing').innerText()).toBe('Needed before a query: Name.');
      await page.getByTestId('settings-operator-name').fill('Li Si');
      await page.getByTestId('settings-save').click();
      await page.getByTestId('verdict').waitFor();
      expect(s.graphql[0]!.headers['x-operator']).toBe('0452;Li%20Si');
      expect(await page.getByTestId('operator-status').innerText()).toBe('Operator: Li Si (0452)');
    });
  });
});
