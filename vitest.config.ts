import { defineConfig } from 'vitest/config';

/**
 * Three projects, runnable one at a time (`npx vitest run --project unit|stack|browser`):
 * - unit: the tests beside the code;
 * - stack: cross-service tests in test/, real servers on loopback, and spreadsheets written and read
 *   by LibreOffice (the set-up finds or installs Debian's libreoffice-calc-nogui);
 * - browser: real Chromium against a real stack (the set-up finds or installs Debian's Chromium and
 *   LibreOffice).
 * `npm test` runs them all.
 */
export default defineConfig({
  test: {
    exclude: ['node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Cross-service tests start whole stacks; two cores are shared between test files.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/*.test.ts'], exclude: ['node_modules/**', 'test/**'] } },
      {
        extends: true,
        test: {
          name: 'stack',
          include: ['test/*.test.ts'],
          // Finds or installs LibreOffice (the spreadsheet tests), once per run.
          globalSetup: ['test/support/system-packages.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // Finds or installs the system packages the browser tests need, once per run.
          globalSetup: ['test/support/system-packages.ts'],
        },
      },
    ],
  },
});
