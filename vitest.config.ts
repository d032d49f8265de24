import { defineConfig } from 'vitest/config';

/**
 * Tests that run the whole system as `npm start` does, or long bulk jobs: alone, after the others.
 * `test/replica*.test.ts`: the replicated system (several gateways and subgraph replicas, Redis, PostgreSQL).
 */
const WHOLE_SYSTEM = ['test/bulk-jobs.test.ts', 'test/bulk-job-kill.test.ts', 'test/supervised-system.test.ts', 'test/department-removal.test.ts'];
WHOLE_SYSTEM.push('test/replica*.test.ts');

/**
 * Four projects, runnable one at a time (`npx vitest run --project unit|stack|browser|system`):
 * - unit: the tests beside the code;
 * - stack: cross-service tests in test/, real servers on loopback, and spreadsheets written and read
 *   by LibreOffice (the set-up finds or installs Debian's libreoffice-calc-nogui);
 * - browser: real Chromium against a real stack (the set-up finds or installs Debian's Chromium and
 *   LibreOffice);
 * - system: the whole system as `npm start` runs it (every service its own process) and long bulk
 *   jobs under a reduced courts rate — one file at a time, after the other projects, so that their
 *   load does not run into the other tests' deadlines and their timing is their own.
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
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**', 'test/**'],
          // Finds or installs redis-server and PostgreSQL (the shared-state tests run them), once per run.
          globalSetup: ['test/support/system-packages.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'stack',
          include: ['test/*.test.ts'],
          exclude: ['node_modules/**', ...WHOLE_SYSTEM],
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
      {
        extends: true,
        test: {
          name: 'system',
          include: WHOLE_SYSTEM,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          globalSetup: ['test/support/system-packages.ts'],
        },
      },
    ],
  },
});
