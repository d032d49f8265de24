/** Driving the credit report page (`/report.html`) and reading its sections. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Session } from './browser.js';

/** The report's sections, in order (gateway/console/README.md). */
export const REPORT_SECTIONS = [
  'basic',
  'administrative',
  'honest',
  'serious-dishonest',
  'abnormal',
  'commitments',
  'judicial',
  'tax',
  'environment',
  'economy',
  'verdict',
  'sources',
];

/** Open the report for a code and scenario (it runs by itself when the settings are complete). */
export async function openReport(s: Session, uscc: string, scenario: string) {
  await s.open(`/report.html?${new URLSearchParams({ uscc, scenario })}`);
  const report = s.page.getByTestId('report');
  await report.waitFor();
  expect(s.graphql.length).toBe(1);
  expect(s.graphql[0]!.body?.variables).toMatchObject({ uscc, scenario });
  return report;
}

/** `data-state` of each `[data-section]`, in page order. */
export async function sectionStates(page: Page): Promise<Record<string, string | null>> {
  const pairs = await page.locator('[data-section]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-section'), e.getAttribute('data-state')] as const));
  return Object.fromEntries(pairs);
}
