import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the production build (built once by globalSetup) served by vite preview and driven
 * with playwright-core + the system Chromium. Separate from the unit config in vite.config.ts.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/globalSetup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // Two shared cores: one browser at a time.
    fileParallelism: false,
  },
});
