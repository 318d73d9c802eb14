/**
 * Builds the app once for all browser tests (vite's JS API) into test-output/e2e-dist.
 * Set E2E_SKIP_BUILD=1 to reuse an existing build while iterating on tests.
 */
import { existsSync } from 'node:fs';
import { build } from 'vite';
import { E2E_DIST, ROOT } from './paths.ts';

export default async function setup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(`${E2E_DIST}/index.html`)) return;
  const t0 = performance.now();
  // vitest sets NODE_ENV=test, which would make vite bundle React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: ROOT,
      configFile: `${ROOT}/vite.config.ts`,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: E2E_DIST, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = env;
  }
  console.log(`[e2e] production build in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${E2E_DIST}`);
}
