/**
 * The API explorer (`/explorer.html`) in a real browser: GraphiQL comes from the gateway's own
 * origin — no request to any other — and runs an example operation with the example caller's
 * development key and purpose, showing the verdict the golden file expects.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack.js';
import { startBrowserStack } from './support/stack.js';
import { SERVICE_HALL, expectedOf, launchBrowser, screenshot, withSession, eventually } from './support/browser.js';

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
        expect(loaded.some((u) => u.origin === s.origin && u.pathname === `/vendor/${file}`), file).toBe(true);
      }

      // The service-hall example: its query, variables and the development key and purpose of a service hall.
      await page.getByTestId('explorer-examples').selectOption('service-hall-check');
      const queryEditor = host.locator('.graphiql-query-editor .CodeMirror');
      await eventually(() => queryEditor.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue())).toContain('query ServiceHallCheck');
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

      const call = s.graphql.slice(sentBefore).find((c) => c.body?.operationName === 'ServiceHallCheck' || String(c.body?.query).includes('ServiceHallCheck'))!;
      expect(call.headers['authorization']).toBe('Bearer dev-service-hall');
      expect(call.headers['x-query-purpose']).toBe('ADMINISTRATIVE_LICENSING');
      expect(call.body?.variables).toEqual({ uscc: debtor.uscc, scenario: 'ADMINISTRATIVE_LICENSING' });

      // The result is shown in GraphiQL's result pane.
      const result = host.locator('.result-window .CodeMirror');
      await eventually(() => result.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()))
        .toContain(`"verdict": "${expected.verdict}"`);
      expect(await host.locator('.result-window').innerText()).toContain(debtor.uscc);

      // Nothing went anywhere but this origin (fonts are embedded as data: URLs).
      expect(s.otherOrigin).toEqual([]);
      await screenshot(page, 'explorer-service-hall');
    });
  });
});
