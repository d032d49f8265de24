/**
 * The API explorer (`/explorer.html`) in a real browser: GraphiQL comes from the gateway's own
 * origin — no request to any other — and runs an example operation with the example caller's
 * development key and purpose, showing the verdict the golden file expects. It opens ready: without
 * settings it asks for the key and purpose first and sends nothing; then the schema is read with them
 * (the docs list the types, never "Error fetching schema"), and every shipped example runs without error.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { SERVICE_HALL, expectedOf, launchBrowser, screenshot, withSession, eventually } from './support/browser.js';
import { EXAMPLES } from '../../gateway/console/public/assets/lib/explorer-examples.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBrowserStack({ datasetSize: 20 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('API explorer', () => {
  it('loads GraphiQL from the same origin only and runs the service-hall example', async () => {
    await withSession(browser, stack, { settings: SERVICE_HALL }, async (s) => {
      const { page } = s;
      await s.open('/explorer.html');
      const host = page.getByTestId('graphiql');
      await host.locator('.graphiql-container').waitFor();
      const run = host.locator('.graphiql-execute-button');
      await run.waitFor();
      expect(await page.getByTestId('explorer-error').count()).toBe(0);

      // GraphiQL itself and its styles came from /vendor on this origin.
      const loaded = s.requests.map((r) => new URL(r.url()));
      for (const file of ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'graphiql.min.css']) {
        expect(
          loaded.some((u) => u.origin === s.origin && u.pathname === `/vendor/${file}`),
          file,
        ).toBe(true);
      }

      // The service-hall example: its query, variables and the development key and purpose of a service hall.
      await page.getByTestId('explorer-examples').selectOption('service-hall-check');
      const queryEditor = host.locator('.graphiql-query-editor .CodeMirror');
      await eventually(() => queryEditor.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue())).toContain(
        'query ServiceHallCheck',
      );
      const sentBefore = s.graphql.length;
      const answered = page.waitForResponse((r) => {
        if (!r.url().endsWith('/graphql') || r.request().method() !== 'POST') return false;
        return (r.request().postData() ?? '').includes('ServiceHallCheck');
      });
      await run.click();
      const response = await answered;
      expect(response.status()).toBe(200);
      const body = (await response.json()) as { data: { enterprise: { uscc: string; creditCheck: { verdict: string } } } };
      const debtor = stack.goldenCase('dishonest-debtor');
      const expected = expectedOf(stack, 'dishonest-debtor', 'ADMINISTRATIVE_LICENSING');
      expect(body.data.enterprise.uscc).toBe(debtor.uscc);
      expect(body.data.enterprise.creditCheck.verdict).toBe(expected.verdict);

      const call = s.graphql
        .slice(sentBefore)
        .find((c) => c.body?.operationName === 'ServiceHallCheck' || String(c.body?.query).includes('ServiceHallCheck'))!;
      expect(call.headers['authorization']).toBe('Bearer dev-service-hall');
      expect(call.headers['x-query-purpose']).toBe('ADMINISTRATIVE_LICENSING');
      expect(call.body?.variables).toEqual({ uscc: debtor.uscc, scenario: 'ADMINISTRATIVE_LICENSING' });

      // The result is shown in GraphiQL's result pane.
      const result = host.locator('.result-window .CodeMirror');
      await eventually(() => result.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue())).toContain(
        `"verdict": "${expected.verdict}"`,
      );
      expect(await host.locator('.result-window').innerText()).toContain(debtor.uscc);

      // Nothing went anywhere but this origin (fonts are embedded as data: URLs).
      expect(s.otherOrigin).toEqual([]);
      await screenshot(page, 'explorer-service-hall');
    });
  });

  it('opens ready: key and purpose asked first, the schema read with them, and every shipped example runs', async () => {
    await withSession(browser, stack, {}, async (s) => {
      const { page } = s;
      await s.open('/explorer.html');
      // No settings: the dialog asks for them, the page says why, and nothing is sent.
      await page.getByTestId('settings-dialog').waitFor();
      expect(await page.getByTestId('explorer-needs-settings').isVisible()).toBe(true);
      expect(await page.getByTestId('graphiql').getAttribute('data-schema')).toBe('waiting');
      expect(s.graphql).toEqual([]);
      await screenshot(page, 'explorer-asks-settings');

      await page.getByTestId('hint-dev-report-developer').click();
      // The operator (经办人) is part of the settings too.
      await page.getByTestId('settings-operator-id').fill('RPT-0001');
      await page.getByTestId('settings-operator-name').fill('报告开发员');
      await page.getByTestId('settings-save').click();
      await page.getByTestId('settings-dialog').waitFor({ state: 'detached' });
      const host = page.getByTestId('graphiql');
      await eventually(() => host.getAttribute('data-schema')).toBe('loaded');
      // The schema was read once, with the key and purpose just chosen.
      const introspection = s.graphql.filter((c) => String(c.body?.query).includes('__schema'));
      expect(introspection.length).toBeGreaterThanOrEqual(1);
      expect(introspection[0]!.headers['authorization']).toBe('Bearer dev-report-developer');
      expect(introspection[0]!.headers['x-query-purpose']).toBe('CREDIT_REPORT');
      expect(await page.getByTestId('explorer-notice').isVisible()).toBe(false);

      // The docs list the schema's types at once.
      await host.locator('button[aria-label="Show Documentation Explorer"]').click();
      const docs = host.locator('.graphiql-doc-explorer');
      await eventually(() => docs.innerText()).toContain('Enterprise');
      expect(await docs.innerText()).not.toContain('Error fetching schema');
      await screenshot(page, 'explorer-ready');

      // Every shipped example, chosen and run as it comes: an answer without any error.
      const run = host.locator('.graphiql-execute-button');
      const result = host.locator('.result-window .CodeMirror');
      const resultText = () => result.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
      for (const ex of EXAMPLES) {
        const operation = /^\s*(?:query|mutation)\s+(\w+)/m.exec(ex.query)![1]!;
        await page.getByTestId('explorer-examples').selectOption(ex.id);
        const queryEditor = host.locator('.graphiql-query-editor .CodeMirror');
        await eventually(() =>
          queryEditor.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()),
        ).toContain(`query ${operation}`);
        const answered = page.waitForResponse(
          (r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' && (r.request().postData() ?? '').includes(operation),
        );
        await run.click();
        const response = await answered;
        const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
        expect({ example: ex.id, status: response.status(), errors: body.errors ?? [] }).toEqual({ example: ex.id, status: 200, errors: [] });
        expect(body.data, ex.id).toBeTruthy();
        await eventually(() => resultText()).toContain('"data"');
        expect(await resultText(), ex.id).not.toContain('"errors"');
      }
      await screenshot(page, 'explorer-auditor-example');
    });
  });

  it('a key the gateway refuses: the page says why in Chinese, not GraphiQL\'s "Error fetching schema"', async () => {
    await withSession(browser, stack, { settings: { key: 'not-a-key', purpose: 'CREDIT_REPORT' } }, async (s) => {
      const { page } = s;
      await s.open('/explorer.html');
      const notice = page.getByTestId('explorer-notice');
      await eventually(() => notice.isVisible()).toBe(true);
      const error = notice.getByTestId('error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('UNAUTHENTICATED');
      const text = await notice.innerText();
      expect(text).toContain('未能读取接口定义');
      expect(text).toContain('身份认证失败');
      expect(text.replace(/UNAUTHENTICATED/g, '')).not.toMatch(/[A-Za-z]{4,}/);
      await screenshot(page, 'explorer-refused');
      // Chromium logs the refused schema requests themselves ("401 (Unauthorized)"): those, and nothing else.
      const refused = s.consoleErrors.filter((e) => /status of 401 \(Unauthorized\).*\/graphql/.test(e));
      expect(refused.length).toBeGreaterThan(0);
      expect(s.consoleErrors).toEqual(refused);
      s.consoleErrors.length = 0;
    });
  });
});
