/**
 * Browser-test harness, shared by every e2e test: serves the production build with vite's
 * `preview()` on a random loopback port and drives the system Chromium with playwright-core.
 *
 *   const app = await startApp();           // in beforeAll
 *   const page = await app.freshPage();     // empty localStorage, default design loaded
 *   ...
 *   expect(app.errors).toEqual([]);         // console errors and uncaught exceptions
 *   await app.close();                      // in afterAll
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';
import { LEGACY_KEY } from '../../src/state/autosave.ts';
import { INTRO_KEY } from '../../src/ui/Intro.tsx';
import { E2E_DIST, ROOT, SCREENSHOTS } from './paths.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface App {
  url: string;
  context: BrowserContext;
  /** Console errors and page errors seen on any page so far. */
  errors: string[];
  /**
   * A new page on the app with empty storage (so the default design loads). The first-open intro
   * is marked as seen unless `intro` is true.
   */
  freshPage(path?: string, opts?: { intro?: boolean }): Promise<Page>;
  /** A new page on the app keeping storage. */
  openPage(path?: string): Promise<Page>;
  /**
   * Opens the app on a saved state ({ design, view }) as the autosave would restore it. Goes to the
   * bare URL: a share link in the fragment (which the app writes) would take precedence on reload.
   */
  openWithSaved(state: { design: unknown; view?: unknown }, page?: Page): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startApp(opts: { viewport?: { width: number; height: number } } = {}): Promise<App> {
  const server: PreviewServer = await preview({
    root: ROOT,
    configFile: `${ROOT}/vite.config.ts`,
    logLevel: 'warn',
    build: { outDir: E2E_DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const addr = server.httpServer.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'convcost-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1280, height: 720 },
    acceptDownloads: true,
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);

  const openPage = async (path = '') => {
    const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
    await page.goto(url + path);
    await page.waitForSelector('[data-testid="totals"]');
    return page;
  };
  return {
    url,
    context,
    errors,
    openPage,
    async freshPage(path = '', opts = {}) {
      const page = await context.newPage();
      await page.goto(url);
      await page.evaluate(
        ([key, seen]) => {
          localStorage.clear();
          if (seen) localStorage.setItem(key, '1');
        },
        [INTRO_KEY, !opts.intro] as const,
      );
      await page.goto(url + path);
      await page.waitForSelector('[data-testid="totals"]');
      return page;
    },
    async openWithSaved(state, existing) {
      const page = existing ?? (await context.newPage());
      if (!existing) await page.goto(url);
      // The only save in storage, in the single-save form convcost wrote before per-tab saves, so
      // this page (whatever tab id it has) opens it; the intro is marked as seen.
      await page.evaluate(
        ([key, value, intro]) => {
          localStorage.clear();
          localStorage.setItem(key, value);
          localStorage.setItem(intro, '1');
        },
        [LEGACY_KEY, JSON.stringify(state), INTRO_KEY] as const,
      );
      await page.goto(url);
      await page.waitForSelector('[data-testid="totals"]');
      return page;
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = `${SCREENSHOTS}/${name}.png`;
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Text of an element by test id. */
export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().textContent()) ?? '';
}
