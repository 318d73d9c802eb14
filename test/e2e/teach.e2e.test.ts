/**
 * The teaching panel in a real browser: every block kind draws its picture and shows no LaTeX
 * source anywhere; the HetConv, IGCV1 and ACB pictures are screenshotted to be looked at.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCKS } from '../../src/blocks/registry.ts';
import { type App, startApp } from './harness.ts';
import { SCREENSHOTS } from './paths.ts';

let app: App;

beforeAll(async () => {
  app = await startApp({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await app?.close();
});

/** Raw LaTeX as the issue names it: thin-space groups, braces after ^ or _, backslashes. */
const RAW_LATEX = /\{,\}|\^\{|_\{|\\/;

/** A one-block design of `kind` on an input it fits, with the block selected. */
function oneBlock(kind: string, params: Record<string, unknown>, c: number, inputs = 1) {
  return {
    design: {
      version: 2,
      name: `${kind} demo`,
      input: { h: 16, w: 16, c },
      // Merge kinds read the design input as many times as they need inputs.
      blocks: [{ id: 'b1', kind, params, ...(inputs > 1 ? { inputs: Array(inputs).fill('input') } : {}) }],
    },
    view: { selectedBlockId: 'b1' },
  };
}

/** What a person sees in the panel: its text without KaTeX's hidden MathML copy of the source. */
async function visibleText(page: Page): Promise<string> {
  return page.getByTestId('explain').evaluate((el) => {
    const c = el.cloneNode(true) as HTMLElement;
    for (const m of c.querySelectorAll('.katex-mathml, title')) m.remove();
    return c.textContent ?? '';
  });
}

async function openPanel(page: Page, state: ReturnType<typeof oneBlock>) {
  await app.openWithSaved(state, page);
  await page.waitForSelector('[data-testid="explain"] [data-testid="picture"] svg rect');
  await expect.poll(() => page.locator('[data-testid="tex-pending"]').count()).toBe(0);
}

describe('teaching pictures in the browser', () => {
  it('every block kind draws a picture in its teaching panel, and no raw LaTeX is visible', async () => {
    const page = await app.context.newPage();
    await page.goto(app.url);
    const problems: string[] = [];
    for (const def of BLOCKS) {
      const c = (def.defaults as { filters?: number }).filters ?? 64;
      await openPanel(page, oneBlock(def.kind, def.defaults as Record<string, unknown>, c, def.inputs?.min));
      expect(await page.getByTestId('design-name').inputValue(), def.kind).toBe(`${def.kind} demo`);
      const cells = await page.locator('[data-testid="explain"] [data-testid="picture"] svg rect').count();
      if (cells < 2) problems.push(`${def.kind}: only ${cells} shapes drawn`);
      const t = await visibleText(page);
      const m = RAW_LATEX.exec(t);
      if (m) problems.push(`${def.kind}: raw LaTeX "${t.slice(Math.max(0, m.index - 40), m.index + 20)}"`);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('screenshots the HetConv, IGCV1 and ACB pictures', async () => {
    const page = await app.context.newPage();
    await page.goto(app.url);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const shots: [string, ReturnType<typeof oneBlock>][] = [
      ['picture-hetconv', oneBlock('hetconv', { filters: 16, part: 4 }, 16)],
      ['picture-igcv1', oneBlock('igcv1', { L: 4, M: 6 }, 24)],
      ['picture-acb', oneBlock('acb', { filters: 32 }, 32)],
    ];
    for (const [name, state] of shots) {
      await openPanel(page, state);
      const fig = page.locator('[data-testid="explain"] [data-testid="picture"]');
      await fig.scrollIntoViewIfNeeded();
      await fig.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
      expect(await fig.locator('svg rect').count()).toBeGreaterThan(5);
    }
    // The picture follows the edit: P = 8 halves the K x K cells of the 16 x 16 grid.
    await openPanel(page, oneBlock('hetconv', { filters: 16, part: 8 }, 16));
    expect(await page.locator('[data-role="exact-kxk"]').count()).toBe((16 * 16) / 8);
    await page.close();
  });

  it('fits the pictures and the sweep charts on a phone (390 px) without sideways scrolling', async () => {
    const page = await app.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(app.url);
    await app.openWithSaved(oneBlock('igcv1', { L: 4, M: 6 }, 24), page);
    await page.getByTestId('pane-explain').click();
    const fig = page.locator('[data-testid="explain"] [data-testid="picture"]');
    await fig.scrollIntoViewIfNeeded();
    const box = await fig.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await fig.screenshot({ path: `${SCREENSHOTS}/phone-picture-igcv1.png` });
    await page.getByTestId('pane-results').click();
    await page.getByTestId('tab-charts').click();
    await page.getByTestId('chart-tab-sweep').click();
    await page.waitForSelector('[data-testid="chart-sweep-macs"] svg');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const sweep = await page.getByTestId('chart-sweep-macs').boundingBox();
    expect(sweep!.width).toBeLessThanOrEqual(390);
    await app.screenshot(page, 'phone-sweep');
    await page.close();
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
