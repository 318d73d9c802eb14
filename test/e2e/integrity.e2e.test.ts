/**
 * What the page says about the limits of a design: totals past 2^53 are marked approximate, an
 * edit past the format's bounds is refused with a message, and a design too large for a link is
 * offered as a file before anyone shares the link.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/design/schema.ts';
import { preset } from '../../src/presets/index.ts';
import { decodeDesignFile, designDocument, encodeDesign, MAX_LINK_CHARS } from '../../src/share/codec.ts';
import { type App, startApp, text } from './harness.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

/** 5,000 small convs with pseudo-random names and widths, so the link does not compress below its cap. */
let seed = 1;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const big = parseDesign({
  name: 'Five thousand',
  input: { h: 4, w: 4, c: 4 },
  blocks: Array.from({ length: 5000 }, () => ({
    kind: 'conv',
    name: Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz'[rand(26)]).join(''),
    params: { filters: 4 + rand(61), kernel: 1, bn: rand(2) === 0 },
  })),
});

describe('limits, said on the page', () => {
  it('shows activation bytes and elements of the same tensors (the input excluded), as the CLI does', async () => {
    const page = await app.freshPage();
    // ResNet-18: 5,922,280 elements written by its ops, x 4 bytes = 23,689,120 B.
    expect(await text(page, 'total-activation-bytes')).toBe('23.69 MB');
    const card = page.locator('.stat', { has: page.getByTestId('total-activation-bytes') });
    expect(await card.locator('.stat-sub').textContent()).toBe('5.922 M elements (the input excluded)');
    await page.close();
  });

  it('marks totals past 2^53 as approximate on the cards (VGG-16, 32768x32768 input, batch 4096)', async () => {
    const d = preset('vgg16')!.build();
    const page = await app.openWithSaved({
      design: designDocument({ ...d, batch: 4096, input: { ...d.input, h: 32768, w: 32768 } }),
    });
    await expect.poll(() => text(page, 'total-macs')).toBe('~1.354 E');
    const macs = page.getByTestId('total-macs');
    const card = page.locator('.stat', { has: macs });
    expect(await card.getAttribute('title')).toContain('Approximate: past 2^53');
    expect(await card.locator('.stat-sub').textContent()).toBe('approximate');
    // Parameters (2.2 T) stay exact: no mark, every digit.
    expect(await text(page, 'total-params')).not.toContain('~');
    const params = page.locator('.stat', { has: page.getByTestId('total-params') });
    expect(await params.locator('.stat-sub').textContent()).toBe('2,199,058,852,648');
    await app.screenshot(page, 'integrity-approximate');
    expect(app.errors).toEqual([]);
    await page.close();
  });

  it('refuses Ctrl+D on a 5,000-block design with a message, and offers the file instead of a too-long link', async () => {
    expect(encodeDesign(big).length).toBeGreaterThan(MAX_LINK_CHARS);
    const page = await app.openWithSaved({ design: designDocument(big) });
    await page.getByTestId('block-item').first().click();
    await page.keyboard.press('Control+d');
    expect(await page.getByTestId('share-banner').getAttribute('data-kind')).toBe('refused');
    expect(await text(page, 'share-banner-text')).toBe(
      'Not done: a design holds at most 5000 blocks; this one has 5000, so the block was not duplicated. Your design is unchanged.',
    );
    await app.screenshot(page, 'integrity-refused');
    // The link is too long: the button says so, and a click offers the file.
    expect(await text(page, 'link-length')).toBe('too long for a link');
    await page.getByTestId('copy-link').click();
    expect(await text(page, 'link-too-long')).toContain('a link holds at most 32,768');
    await app.screenshot(page, 'integrity-too-long');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('link-too-long-file').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Five-thousand.convcost.json');
    const saved = decodeDesignFile(readFileSync((await download.path())!, 'utf8'));
    expect(saved.ok && saved.design.blocks.length).toBe(5000);
    // After a reload the work is still there (the save was never made undecodable).
    await page.reload();
    await page.waitForSelector('[data-testid="totals"]');
    expect(await page.getByTestId('design-name').inputValue()).toBe('Five thousand');
    expect(app.errors).toEqual([]);
    await page.close();
  });
});
