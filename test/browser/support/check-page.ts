/** Driving the service-hall check page (`/`) and reading what it shows. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

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
