/**
 * The built site hosted as plain files under a sub-path (/some/path/) by a server that knows
 * nothing about the app: a share link opens there, and once opened the app keeps working offline
 * (its service worker caches the shell, the lazily loaded chunks and TensorFlow.js's wasm files).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { encodeDesign, LINK_PREFIX } from '../../src/share/codec.ts';
import { DEFAULT_SHARE_VIEW } from '../../src/share/view.ts';
import { INTRO_KEY } from '../../src/ui/Intro.tsx';
import { CHROMIUM_ARGS } from './harness.ts';
import { E2E_DIST, SCREENSHOTS } from './paths.ts';

const BASE = '/some/path/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

let server: Server;
let origin = '';
let context: BrowserContext;
let profile = '';
const errors: string[] = [];
const served: string[] = [];

/** A static file server for E2E_DIST mounted at BASE, with the isolation headers threads want. */
function startServer(): Promise<void> {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(path);
    if (!path.startsWith(BASE)) {
      res.writeHead(404).end('not here');
      return;
    }
    const rel = normalize(path.slice(BASE.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(E2E_DIST, rel));
      res.writeHead(200, {
        'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('no such file');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  await startServer();
  profile = mkdtempSync(join(tmpdir(), 'convcost-host-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
  });
  context.on('page', (p) => {
    p.on('console', (m) => {
      // Offline, the browser logs the failed network requests the service worker then answers.
      if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(m.text()))
        errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(e.message));
  });
});

afterAll(async () => {
  await context?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(page: Page, hash = ''): Promise<void> {
  await page.goto(`${origin}${BASE}`);
  await page.evaluate((k) => {
    localStorage.clear();
    localStorage.setItem(k, '1');
  }, INTRO_KEY);
  await page.goto(`${origin}${BASE}${hash}`);
  await page.waitForSelector('[data-testid="totals"]');
}

describe('hosting under a sub-path, and offline', () => {
  it('opens a share link under /some/path/ with every file fetched from under that path', async () => {
    const design = preset('resnet34')!.build();
    const hash = `#${LINK_PREFIX}${encodeDesign(design, { ...DEFAULT_SHARE_VIEW, tab: 'charts' })}`;
    const page = await context.newPage();
    await open(page, hash);
    await expect.poll(() => page.getByTestId('design-name').inputValue()).toBe('ResNet-34');
    const macs = analyzeDesign(design).totals.macs;
    expect(await page.getByTestId('total-macs').textContent()).toContain((macs / 1e9).toFixed(3));
    // The link's view opened the charts, a lazily loaded chunk, from under the sub-path too.
    await page.waitForSelector('.chart svg.recharts-surface');
    expect(served.filter((p) => !p.startsWith(BASE))).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/hosted-sub-path.png` });
    await page.close();
  });

  it('keeps working offline once opened: the shell, the chunks and the wasm files come from the cache', async () => {
    const page = await context.newPage();
    await open(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((r) =>
          navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }),
        );
    });
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const c = await caches.open(keys.find((k) => k.startsWith('convcost-'))!);
      return (await c.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached.some((p) => /\/some\/path\/assets\/tfjs-backend-wasm-simd-[^/]+\.wasm$/.test(p))).toBe(
      true,
    );
    expect(cached.some((p) => /\/some\/path\/assets\/Charts-[^/]+\.js$/.test(p))).toBe(true);
    expect(cached).toContain('/some/path/index.html');

    await context.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('[data-testid="totals"]');
      expect(await page.getByTestId('design-name').inputValue()).toBe('ResNet-18');
      await page.getByTestId('tab-charts').click();
      await page.waitForSelector('.chart svg.recharts-surface');
      // TensorFlow.js's wasm is there for a run: fetched offline, it is a wasm module.
      const wasm = await page.evaluate(async (paths) => {
        const path = paths.find((p) => /tfjs-backend-wasm-simd-[^/]+\.wasm$/.test(p))!;
        const r = await fetch(path);
        const b = new Uint8Array(await r.arrayBuffer());
        return { ok: r.ok, magic: [...b.subarray(0, 4)] };
      }, cached);
      expect(wasm).toEqual({ ok: true, magic: [0x00, 0x61, 0x73, 0x6d] });
      await page.screenshot({ path: `${SCREENSHOTS}/offline-charts.png` });
    } finally {
      await context.setOffline(false);
    }
    await page.close();
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
