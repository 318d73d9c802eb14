import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
/** Where globalSetup builds the app for browser tests (kept apart from dist/). */
export const E2E_DIST = `${ROOT}/test-output/e2e-dist`;
export const SCREENSHOTS = `${ROOT}/test-output/screenshots`;
