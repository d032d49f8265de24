import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // Finds or installs the system packages the tests need (Debian's Chromium), once per run.
    globalSetup: ['test/support/system-packages.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Cross-service tests start whole stacks; two cores are shared between test files.
    maxWorkers: 2,
  },
});
