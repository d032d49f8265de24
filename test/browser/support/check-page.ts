/** Driving the service-hall check page (`/`) and reading what it shows. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHECK_QUERY } from '../../../gateway/console/public/assets/lib/queries.js';
import type { Stack } from '../../support/stack.js';

/** A legal basis as the API gives it (the fields the console selects). */
export interface ApiBasis {
  document: string;
  documentNumber: string | null;
  article: string;
  wording: string;
  verification: { state: 'CONFIRMED' | 'UNCONFIRMED' };
}
/** A flag as the API gives it. */
export interface ApiFlag {
  measure: { code: string; nameZh: string; kind: string; scope: string | null };
  finding: { id: string; kind: string; reference: string; authority: string; status: string; underObjection: boolean };
  basis: ApiBasis[];
  condition: string | null;
  localChoice: string | null;
}
/** The check as the API gives it for the page's own query. */
export interface ApiCheck {
  verdict: string;
  summaryZh: string;
  flags: ApiFlag[];
  incentives: ApiFlag[];
  notChecked: { zh: string; en: string }[];
}

/**
 * The same check the page makes (the console's own CHECK_QUERY, same code, scenario and day), asked
 * of the API directly: what the page must show.
 */
export async function apiCheck(stack: Stack, uscc: string, scenario: string): Promise<ApiCheck> {
  const r = await stack.query<{ enterprise: { creditCheck: ApiCheck } }>(CHECK_QUERY, { uscc, scenario, asOf: null });
  expect(r.errors ?? []).toEqual([]);
  return r.data!.enterprise.creditCheck;
}

/** The element of one flag on the page: its measure under its record. */
export function flagOn(page: Page, f: ApiFlag): Locator {
  return page.locator(`[data-testid="flag"][data-measure-code="${f.measure.code}"][data-finding-id="${f.finding.id}"]`);
}

/**
 * The page's words without identifiers (codes, the check id, the catalogue version: `code` elements)
 * and without the verdict's second-language label: in the Chinese page, no Latin word may remain.
 */
export async function latinWords(page: Page, testid = 'result'): Promise<string[]> {
  return page.getByTestId(testid).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('code, .verdict-secondary').forEach((c) => c.remove());
    // innerText of a detached node is its textContent; hidden parts are not in the page anyway.
    document.body.appendChild(copy);
    const text = copy.innerText;
    copy.remove();
    return text.match(/[A-Za-z]{2,}/g) ?? [];
  });
}

/** Whether an element's computed colours include the verdict box's green (CLEAR). */
export async function looksGreen(el: Locator): Promise<boolean> {
  return el.evaluate((node) => {
    const probe = document.createElement('div');
    probe.className = 'verdict-box tone-green';
    document.body.appendChild(probe);
    const green = getComputedStyle(probe).backgroundColor;
    probe.remove();
    const cs = getComputedStyle(node);
    const rgb = (c: string) => c.replace(/\s+/g, '');
    return [cs.backgroundColor, cs.borderTopColor, cs.borderLeftColor].map(rgb).includes(rgb(green)) || rgb(cs.backgroundImage).includes(rgb(green));
  });
}

/** 《title》（number）article — how the page cites a basis. */
export function citationOf(b: ApiBasis): string {
  const title = /^《.*》$/.test(b.document) ? b.document : `《${b.document}》`;
  return `${title}${b.documentNumber ? `（${b.documentNumber}）` : ''}${b.article}`;
}

/** Type a code, pick a scenario, press 核查, and wait for the verdict of this check. */
export async function check(page: Page, uscc: string, scenario: string) {
  await page.getByTestId('uscc-input').fill(uscc);
  await page.getByTestId('scenario-select').selectOption(scenario);
  const answered = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST');
  await page.getByTestId('check-submit').click();
  expect((await answered).status()).toBe(200);
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor();
  return verdict;
}

/**
 * The verdict is INCOMPLETE and looks like a warning — not like a green CLEAR — and the missing
 * department is named in the warning and in the sources table.
 */
export async function expectIncomplete(page: Page, department: string, nameZh: string) {
  const verdict = page.getByTestId('verdict');
  expect(await verdict.getAttribute('data-verdict')).toBe('INCOMPLETE');
  expect(await page.getByTestId('verdict-label').innerText()).toBe('信息不完整');
  const cls = (await verdict.getAttribute('class')) ?? '';
  expect(cls).not.toContain('tone-green');
  const look = await verdict.evaluate((el) => {
    const probe = document.createElement('div');
    probe.className = 'verdict-box tone-green';
    document.body.appendChild(probe);
    const green = getComputedStyle(probe).backgroundColor;
    probe.remove();
    const cs = getComputedStyle(el);
    return { green, background: cs.backgroundColor, image: cs.backgroundImage, border: cs.borderTopStyle };
  });
  expect(look.background).not.toBe(look.green);
  expect(look.image).toContain('gradient'); // the amber/grey warning stripes
  expect(look.border).toBe('dashed');

  const missing = page.getByTestId('missing-sources');
  expect(await missing.isVisible()).toBe(true);
  expect(await missing.getAttribute('role')).toBe('alert');
  expect(await missing.getAttribute('data-departments')).toBe(department);
  expect(await missing.innerText()).toContain(nameZh);
  const row = page.locator(`[data-testid="source"][data-department="${department}"]`);
  expect(await row.getAttribute('data-status')).not.toBe('OK');
  expect(await row.innerText()).toContain(nameZh);
  // "No flags" is qualified: only about the departments that were read.
  const none = page.getByTestId('no-flags');
  expect(await none.getAttribute('class')).toBe('no-flags-incomplete');
}

/** A flag's bases on the page are the API's, in order: citation, ＊ when unconfirmed, the quoted wording. */
export async function expectBases(flag: Locator, apiFlag: ApiFlag): Promise<void> {
  const basis = flag.locator('[data-testid="basis"]');
  expect(await basis.count(), `${apiFlag.measure.code} bases`).toBe(apiFlag.basis.length);
  for (const [i, b] of apiFlag.basis.entries()) {
    const item = basis.nth(i);
    expect(await item.isVisible()).toBe(true);
    expect(await item.locator('.basis-citation').innerText()).toBe(citationOf(b));
    expect(await item.locator('.basis-wording').innerText()).toBe(`「${b.wording}」`);
    expect(await item.locator('[data-testid="basis-unconfirmed"]').count()).toBe(b.verification.state === 'UNCONFIRMED' ? 1 : 0);
  }
}
