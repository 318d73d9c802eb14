/**
 * Share links and files in a real browser: a link opens the same design and view in a fresh
 * profile; a corrupted or invalid link shows the banner and leaves the current design alone; a
 * link over autosaved work is one Undo away from it; design files export and import; the address
 * bar follows edits without adding history entries.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { toBase64url } from '../../src/share/base64url.ts';
import { decodeLink, shareUrl } from '../../src/share/codec.ts';
import { type App, CHROMIUM_ARGS, startApp, text } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.close();
});

const packDoc = (doc: unknown) => toBase64url(zlibSync(new TextEncoder().encode(JSON.stringify(doc))));

async function totals(page: Page) {
  return {
    macs: await text(page, 'total-macs'),
    flops: await text(page, 'total-flops'),
    params: await text(page, 'total-params'),
  };
}

/** "4.09 G" -> 4.09e9 */
function parseSi(s: string): number {
  const m = /([\d.]+)\s*([kMGT]?)/.exec(s.replace(/,/g, ''));
  if (!m) return Number.NaN;
  return Number(m[1]) * { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] as '' | 'k' | 'M' | 'G' | 'T'];
}

const hashOf = (page: Page) => page.evaluate(() => location.hash);

describe('share links in the browser', () => {
  it('a link copied from one browser opens the same design, view and totals in a fresh profile', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('resnet50');
    await expect.poll(() => page.getByTestId('design-name').inputValue()).toBe('ResNet-50 (v1.5)');
    await page.getByTestId('bn-fused').check();
    await page.locator('[data-testid="block-item"][data-index="3"]').click();
    const design = preset('resnet50')!.build();
    // The address bar follows (debounced): wait until it holds this design and view.
    await expect
      .poll(async () => {
        const d = decodeLink(await hashOf(page));
        return d.ok ? `${d.design.name}|${d.view.convention.bn}|${d.view.selectedBlockId}` : '';
      })
      .toBe(`ResNet-50 (v1.5)|fused|${design.blocks[3].id}`);
    const link = await page.evaluate(() => location.href);
    console.log(`ResNet-50 link from the app: ${link.length} characters`);
    expect(link.length).toBeLessThan(2000);
    expect(Number(await page.getByTestId('link-length').getAttribute('data-length'))).toBe(link.length);
    const before = await totals(page);
    const expected = analyzeDesign(design, { bn: 'fused', includeExtras: false, precision: 'fp32' }).totals;
    expect(parseSi(before.macs)).toBeCloseTo(expected.macs, -8);
    await page.close();

    // A brand-new browser profile: no autosave, nothing shared with the first one.
    const profile = mkdtempSync(join(tmpdir(), 'convcost-e2e-share-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 720 },
    });
    const errors: string[] = [];
    try {
      const p2 = context.pages()[0] ?? (await context.newPage());
      p2.on('pageerror', (e) => errors.push(e.message));
      await p2.goto(link);
      await p2.waitForSelector('[data-testid="totals"]');
      await expect.poll(() => p2.getByTestId('design-name').inputValue()).toBe('ResNet-50 (v1.5)');
      expect(await totals(p2)).toEqual(before);
      expect(await p2.getByTestId('bn-fused').isChecked()).toBe(true);
      expect(
        await p2.locator('[data-testid="block-item"][data-index="3"]').getAttribute('aria-selected'),
      ).toBe('true');
      expect(await text(p2, 'share-banner-text')).toContain('Opened “ResNet-50 (v1.5)” from a link.');
      await app.screenshot(p2, 'share-opened-link');
      // Opening the link did not change it.
      expect(await p2.evaluate(() => location.href)).toBe(link);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
  });

  it('a corrupted link shows the banner and the previous design stays', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('mobilenet-v1');
    await page.getByTestId('design-name').fill('My work');
    await expect
      .poll(() =>
        page.evaluate(() =>
          Object.keys(localStorage)
            .filter((k) => k.startsWith('convcost:autosave:v2:'))
            .map((k) => localStorage.getItem(k))
            .join('\n'),
        ),
      )
      .toContain('"My work"');
    const before = await totals(page);

    // Same page, link pasted into the address bar: a hash change.
    const good = shareUrl(app.url, preset('resnet50')!.build());
    await page.goto(good.slice(0, -15));
    await expect
      .poll(() => text(page, 'share-banner-text'))
      .toContain('This link could not be opened: the link is');
    const msg = await text(page, 'share-banner-text');
    expect(msg).toMatch(
      /^This link could not be opened: the link is truncated or corrupted.*Your current design is unchanged\.$/,
    );
    expect(await page.getByTestId('share-banner').getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('design-name').inputValue()).toBe('My work');
    expect(await totals(page)).toEqual(before);
    await app.screenshot(page, 'share-bad-link');
    await page.close();

    // A fresh load of a link that decodes but breaks the schema: block 7 names the problem.
    const blocks = Array.from({ length: 7 }, () => ({ kind: 'conv', params: { filters: 8 } }));
    (blocks[6].params as Record<string, unknown>).kernel = -1;
    const p2 = await app.openPage(
      `#d=${packDoc({ version: 1, name: 'evil', input: { h: 8, w: 8, c: 3 }, blocks })}`,
    );
    await expect
      .poll(() => text(p2, 'share-banner-text'))
      .toBe(
        'This link could not be opened: block 7 (conv-7): kernel must be a positive integer (got -1). Your current design is unchanged.',
      );
    expect(await p2.getByTestId('design-name').inputValue()).toBe('My work');
    expect(await totals(p2)).toEqual(before);
    // The bad link stays in the address bar until the next edit, then the bar holds the design again.
    expect(await hashOf(p2)).toMatch(/^#d=/);
    await p2.getByTestId('design-name').fill('My work 2');
    await expect
      .poll(async () => {
        const d = decodeLink(await hashOf(p2));
        return d.ok ? d.design.name : '';
      })
      .toBe('My work 2');
    await p2.close();
  });

  it('names from links are text, never markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const doc = {
      version: 1,
      name: evil,
      input: { h: 8, w: 8, c: 3 },
      blocks: [{ kind: 'conv', name: evil, params: { filters: 8 } }],
    };
    const page = await app.freshPage(`#d=${packDoc(doc)}`);
    await expect.poll(() => page.getByTestId('design-name').inputValue()).toBe(evil);
    expect(await text(page, 'share-banner-text')).toContain(evil);
    const bad = { ...doc, blocks: [{ kind: 'conv', name: evil, params: { filters: 0 } }] };
    await page.goto(`${app.url}#d=${packDoc(bad)}`);
    await expect.poll(() => text(page, 'share-banner-text')).toContain(`block 1 (${evil}): filters must be`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.close();
  });

  it('a valid link over autosaved work: Undo goes back, and the autosave is kept aside', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('vgg16');
    await page.getByTestId('design-name').fill('Mine');
    await expect
      .poll(() =>
        page.evaluate(() =>
          Object.keys(localStorage)
            .filter((k) => k.startsWith('convcost:autosave:v2:'))
            .map((k) => localStorage.getItem(k))
            .join('\n'),
        ),
      )
      .toContain('"Mine"');
    const mine = await totals(page);
    const historyLength = await page.evaluate(() => history.length);
    await page.goto(shareUrl(app.url, preset('mobilenet-v2')!.build()));
    await expect.poll(() => page.getByTestId('design-name').inputValue()).toBe('MobileNetV2 1.0-224');
    expect(await page.evaluate(() => localStorage.getItem('convcost:before-link:v1') ?? '')).toContain(
      '"Mine"',
    );
    await page.getByTestId('share-banner-undo').click();
    await expect.poll(() => page.getByTestId('design-name').inputValue()).toBe('Mine');
    expect(await totals(page)).toEqual(mine);
    // Edits rewrite the fragment in place: no history entry per edit.
    for (const n of ['a', 'b', 'c']) await page.getByTestId('design-name').fill(`Mine ${n}`);
    await expect
      .poll(async () => {
        const d = decodeLink(await hashOf(page));
        return d.ok ? d.design.name : '';
      })
      .toBe('Mine c');
    expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(historyLength + 1);
    await page.close();
  });
});

describe('design files and exports', () => {
  it('exports the design as JSON and imports it back; a bad file shows the banner', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('resnet34');
    await page.getByTestId('share-menu').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-json').click(),
    ]);
    expect(download.suggestedFilename()).toBe('ResNet-34.convcost.json');
    const file = await download.path();
    const json = readFileSync(file, 'utf8');
    expect(JSON.parse(json).version).toBe(2);
    const before = await totals(page);

    await page.getByTestId('preset-select').selectOption('resnet18');
    await expect.poll(() => page.getByTestId('design-name').inputValue()).toBe('ResNet-18');
    await page.getByTestId('import-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('design-name').inputValue()).toBe('ResNet-34');
    expect(await totals(page)).toEqual(before);

    await page.getByTestId('import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        '{"version": 1, "input": {"h": 8, "w": 8, "c": 3}, "blocks": [{"kind": "conv", "params": {"filters": -2}}]}',
      ),
    });
    await expect
      .poll(() => text(page, 'share-banner-text'))
      .toBe(
        'This file could not be opened: block 1 (conv-1): filters must be a positive integer (got -2). Your current design is unchanged.',
      );
    expect(await page.getByTestId('design-name').inputValue()).toBe('ResNet-34');

    // Tables: CSV and LaTeX downloads hold the model's numbers.
    await page.getByTestId('share-menu').click();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-layers-csv').click(),
    ]);
    const rows = readFileSync(await csv.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    const a = analyzeDesign(preset('resnet34')!.build());
    expect(rows).toHaveLength(a.ops.length + 1);
    await page.getByTestId('share-menu').click();
    const [tex] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-totals-tex').click(),
    ]);
    const latex = readFileSync(await tex.path(), 'utf8');
    expect(latex).toContain(`MACs (G) & ${(a.totals.macs / 1e9).toFixed(3)} \\\\`);
    await page.close();
  });
});
