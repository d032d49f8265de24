/**
 * Driving the console in a real browser: Debian's headless Chromium through playwright-core.
 *
 * `launchBrowser()` starts Chromium with a fresh (temporary) profile and the flags that keep it
 * quiet on a machine without network. `openSession(browser, stack, …)` opens a fresh context on the
 * gateway's origin with the console's settings (key, purpose, reference) and language already in
 * the browser's storage, and watches everything the page does: every request (one that leaves
 * 127.0.0.1 is a failure), every GraphQL request, console errors and uncaught page errors.
 * `session.done()` asserts that nothing left the machine and the console stayed clean, then closes
 * the context; `withSession` runs a test body and then does exactly that.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { expect } from 'vitest';
import type { Stack } from '../../support/stack.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts', 'screenshots');
export const DOCS_SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');

import { CHROMIUM } from '../../support/system-packages.js';
export { CHROMIUM };
export const VIEWPORT = { width: 1280, height: 900 } as const;

/** Headless Chromium; `chromium.launch` gives it a fresh temporary user data dir, removed on close. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The console's settings (sessionStorage `credit-console.settings`). */
export interface ConsoleSettings {
  key: string;
  purpose: string;
  reference?: string;
  /** 经办人 (工号, 姓名); omitted → `TEST_OPERATOR`; `null` → none typed yet. */
  operator?: { id: string; name: string } | null;
}

/** The operator a session's settings name unless a test says otherwise. */
export const TEST_OPERATOR = { id: 'T0001', name: '测试经办人' } as const;

export interface SessionOptions {
  /** Put these settings in sessionStorage before any page script runs; omit to start without. */
  settings?: ConsoleSettings;
  /** The console's language (localStorage `credit-console.lang`); default Chinese. */
  lang?: 'zh' | 'en';
}

export interface GraphqlCall {
  url: string;
  headers: Record<string, string>;
  body: { query?: string; variables?: Record<string, unknown>; operationName?: string } | null;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** The gateway's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Every request the context made, in order. */
  requests: Request[];
  /** URLs of requests that went anywhere but 127.0.0.1 (must stay empty). */
  offMachine: string[];
  /** URLs of requests to another origin than the gateway's (the console promises none). */
  otherOrigin: string[];
  /** POSTs to `/graphql`, with headers and parsed body. */
  graphql: GraphqlCall[];
  /** Console messages of type error, and uncaught page errors. */
  consoleErrors: string[];
  /** Absolute URL of a console path. */
  url(path: string): string;
  /**
   * Load a console page and wait until its script has started (the header is drawn, and the page's
   * own code runs in the same task): typing before that would not be validated.
   */
  open(path: string): Promise<void>;
  /** Assert nothing left 127.0.0.1 and the console had no errors, then close the context. */
  done(): Promise<void>;
}

const SAFE_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** A fresh context and page on the gateway's origin, watched. */
export async function openSession(browser: Browser, stack: Stack, options: SessionOptions = {}): Promise<Session> {
  const origin = new URL(stack.gatewayUrl).origin;
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript(
    ({ settings, lang, operator }) => {
      try {
        if (settings) sessionStorage.setItem('credit-console.settings', JSON.stringify({ reference: '', operator: operator, ...settings }));
        localStorage.setItem('credit-console.lang', lang);
      } catch {
        /* about:blank has no storage */
      }
    },
    { settings: options.settings ?? null, lang: options.lang ?? 'zh', operator: TEST_OPERATOR },
  );
  const requests: Request[] = [];
  const offMachine: string[] = [];
  const otherOrigin: string[] = [];
  const graphql: GraphqlCall[] = [];
  const consoleErrors: string[] = [];
  context.on('request', (req) => {
    requests.push(req);
    const u = new URL(req.url());
    if (SAFE_SCHEMES.has(u.protocol)) return;
    if (u.hostname !== '127.0.0.1') offMachine.push(req.url());
    if (u.origin !== origin) otherOrigin.push(req.url());
    if (u.origin === origin && u.pathname === '/graphql' && req.method() === 'POST') {
      let body: GraphqlCall['body'] = null;
      try {
        body = req.postDataJSON() as GraphqlCall['body'];
      } catch {
        body = null;
      }
      graphql.push({ url: req.url(), headers: req.headers(), body });
    }
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`console.error: ${msg.text()} (${msg.location().url}:${msg.location().lineNumber})`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  page.setDefaultTimeout(15_000);
  const session: Session = {
    context,
    page,
    origin,
    requests,
    offMachine,
    otherOrigin,
    graphql,
    consoleErrors,
    url: (path) => new URL(path, origin).toString(),
    async open(path) {
      await page.goto(session.url(path));
      await page.getByTestId('settings-status').waitFor();
    },
    async done() {
      try {
        expect(offMachine, 'requests that left 127.0.0.1').toEqual([]);
        expect(consoleErrors, 'browser console errors').toEqual([]);
      } finally {
        await context.close();
      }
    },
  };
  return session;
}

/** Run a test body in a fresh session; then assert the session stayed local and clean. */
export async function withSession(browser: Browser, stack: Stack, options: SessionOptions, body: (s: Session) => Promise<void>): Promise<void> {
  const s = await openSession(browser, stack, options);
  try {
    await body(s);
  } catch (err) {
    await s.context.close().catch(() => undefined);
    throw err;
  }
  await s.done();
}

/**
 * Save a screenshot of the viewport to `test-artifacts/screenshots/<name>.png`; with `docs`, also
 * copy it to `docs/screenshots/<docs>.png` (the README's pictures).
 */
export async function screenshot(page: Page, name: string, options: { docs?: string; fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  if (options.docs) {
    mkdirSync(DOCS_SCREENSHOT_DIR, { recursive: true });
    copyFileSync(file, join(DOCS_SCREENSHOT_DIR, `${options.docs}.png`));
  }
  return file;
}

/**
 * `expect.poll` with room for a loaded machine (the default gives up after one second): for what
 * the page shows once a script or a response has run.
 */
export function eventually<T>(fn: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(fn, { timeout, interval: 50 });
}

/** The development callers the console offers (gateway/auth DEV_CALLERS). */
export const SERVICE_HALL: ConsoleSettings = { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING' };
export const TRADING_PLATFORM: ConsoleSettings = { key: 'dev-trading-platform', purpose: 'BIDDER_CHECK' };
export const REPORT_DEVELOPER: ConsoleSettings = { key: 'dev-report-developer', purpose: 'CREDIT_REPORT' };

/** The expected verdict and flags of a golden case in a scenario, as `test/golden/cases.json` states them. */
export function expectedOf(stack: Stack, id: string, scenario: string): { verdict: string; flags: string[]; incentives: string[] } {
  const expected = stack.goldenCase(id).raw['expected'] as Record<string, { verdict: string; flags: string[]; incentives: string[] }> | undefined;
  const e = expected?.[scenario];
  if (!e) throw new Error(`test/golden/cases.json has no expected ${scenario} verdict for ${id}`);
  return e;
}
