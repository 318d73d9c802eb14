/**
 * The page at every width from a phone to a large monitor, with a 500-block design: no sideways
 * page scroll, the headline totals on screen and apart, and the panes reachable. Screenshots of
 * each size go to test-output/screenshots/layout-<w>x<h>.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDesign } from '../../bench/designs.ts';
import { type App, startApp } from './harness.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const SIZES = [
  [360, 740],
  [390, 844],
  [768, 1024],
  [1024, 768],
  [1280, 720],
  [1920, 1080],
  [2560, 1440],
] as const;

const HEADLINE = ['total-macs', 'total-flops', 'total-params', 'total-latency'];

/** Boxes of the headline figures, and whether each is inside the viewport and shows all its text. */
async function headline(page: Page) {
  return page.evaluate((ids) => {
    return ids.map((id) => {
      const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
      const r = el.getBoundingClientRect();
      return {
        id,
        box: { x: r.x, y: r.y, w: r.width, h: r.height },
        inView: r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight,
        clipped: el.scrollWidth > el.clientWidth + 1,
      };
    });
  }, HEADLINE);
}

const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('layout from 360 to 2560 px wide', () => {
  for (const [width, height] of SIZES) {
    it(`fits ${width}x${height} with a 500-block design: no sideways scroll, totals visible and apart`, async () => {
      const design = syntheticDesign(500);
      const page = await app.context.newPage();
      await page.setViewportSize({ width, height });
      await page.goto(app.url);
      await app.openWithSaved({ design, view: { selectedBlockId: design.blocks[10].id } }, page);
      await page.waitForSelector('[data-testid="block-item"]');
      const sizes = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: innerWidth,
        bodyScroll: document.body.scrollWidth,
      }));
      expect(sizes.scroll).toBeLessThanOrEqual(sizes.inner);
      expect(sizes.bodyScroll).toBeLessThanOrEqual(sizes.inner);
      const boxes = await headline(page);
      for (const b of boxes) {
        expect(b.inView, `${b.id} on screen`).toBe(true);
        expect(b.clipped, `${b.id} shows all its text`).toBe(false);
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          expect(overlap(boxes[i].box, boxes[j].box), `${boxes[i].id} and ${boxes[j].id} apart`).toBe(false);
      await app.screenshot(page, `layout-${width}x${height}`);
      await page.close();
    });
  }

  it('switches between the design, results and block views on a phone, the totals staying on top', async () => {
    const page = await app.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(app.url);
    await page.evaluate(() => localStorage.clear());
    await page.goto(app.url);
    await page.waitForSelector('[data-testid="totals"]');
    expect(await page.getByTestId('block-list').isVisible()).toBe(true);
    expect(await page.getByTestId('layer-table').isVisible()).toBe(false);
    await page.getByTestId('pane-results').click();
    expect(await page.getByTestId('layer-table').isVisible()).toBe(true);
    expect(await page.getByTestId('block-list').isVisible()).toBe(false);
    expect(await page.getByTestId('total-macs').isVisible()).toBe(true);
    await app.screenshot(page, 'phone-results');
    await page.getByTestId('pane-explain').click();
    expect(await page.getByTestId('inspector').isVisible()).toBe(true);
    expect(await page.getByTestId('total-macs').isVisible()).toBe(true);
    await app.screenshot(page, 'phone-block');
    // Enter on a block in the list opens its form.
    await page.getByTestId('pane-design').click();
    const item = page.locator('[data-testid="block-item"][data-index="2"]');
    await item.click();
    await item.press('Enter');
    await expect.poll(() => page.getByTestId('inspector').isVisible()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="inspector"]')))
      .toBe(true);
    await page.close();
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
