/**
 * The graph view and the wiring editor in a real browser: a branching design built by hand (a
 * residual add and a concat) equals the same design built in code; selection both ways; refused
 * wiring; SVG / PNG export; screenshots of the branching presets at desktop and phone sizes; and the
 * time to lay out and draw a 500-block design (printed, never asserted).
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockDef } from '../../src/blocks/registry.ts';
import { exact } from '../../src/core/format.ts';
import { analyzeDesign, DESIGN_VERSION, parseDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { moveBlock } from '../../src/state/wiring.ts';
import { type App, startApp } from './harness.ts';
import { SCREENSHOTS } from './paths.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const graph = (page: Page) => page.getByTestId('graph-view');
const node = (page: Page, blockId: string) =>
  page.locator(`[data-testid="graph-node"][data-block-id="${blockId}"]`);

/** Waits until the graph shows a layout of the current structure, and returns how many layouts it made. */
async function graphReady(page: Page, layoutsAbove = 0): Promise<number> {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector<HTMLElement>('[data-testid="graph-view"]');
      return (
        el?.dataset.state === 'ready' && Number(el.dataset.layouts) > n && el.dataset.drawMs !== undefined
      );
    },
    layoutsAbove,
    { timeout: 60_000 },
  );
  return Number(await graph(page).getAttribute('data-layouts'));
}

async function showGraph(page: Page): Promise<void> {
  await page.getByTestId('design-view-graph').click();
  await graphReady(page);
}

async function addFromPalette(page: Page, kind: string): Promise<void> {
  const palette = page.getByTestId('palette');
  if ((await palette.getAttribute('open')) === null) await palette.locator('summary').click();
  await page.getByTestId(`palette-${kind}`).click();
}

/** The exact headline MACs and params the totals show. */
async function exactTotals(page: Page): Promise<{ macs: string; params: string }> {
  const sub = (id: string) => page.locator(`[data-testid="${id}"] + .stat-sub`).textContent();
  return { macs: (await sub('total-macs')) ?? '', params: (await sub('total-params')) ?? '' };
}

async function saved(d: Download, name: string): Promise<Buffer> {
  const file = `${SCREENSHOTS}/${name}`;
  await d.saveAs(file);
  return readFileSync(file);
}

describe('building a branching design by hand', () => {
  it('adds a residual add and a concat from the palette and the inspector; the totals equal the same design built in code', async () => {
    const page = await app.freshPage();
    await page.getByTestId('new-empty').click();
    await showGraph(page);

    // A new block takes the channels of what it reads (3 here); the stem is widened to 16.
    await addFromPalette(page, 'conv');
    await page.getByTestId('field-filters').fill('16');
    await addFromPalette(page, 'conv');
    await expect.poll(() => page.getByTestId('block-name').getAttribute('placeholder')).toBe('conv-2');
    expect(await page.getByTestId('field-filters').inputValue()).toBe('16');
    // A merge asks for its inputs first: the selected block is checked, two are needed.
    await addFromPalette(page, 'add');
    const chooser = page.getByTestId('merge-chooser');
    expect(await chooser.getByTestId('merge-choice-conv-2').isChecked()).toBe(true);
    expect(await page.getByTestId('merge-confirm').isDisabled()).toBe(true);
    await chooser.getByTestId('merge-choice-conv-1').check();
    await page.getByTestId('merge-confirm').click();
    await expect.poll(() => page.getByTestId('merge-chooser').count()).toBe(0);

    // A branch: the next conv reads conv-1 instead of the block before it.
    await addFromPalette(page, 'conv');
    const inputSelect = page.getByTestId('input-select');
    expect(await inputSelect.locator('option').first().textContent()).toBe(
      'the block before: add-1 (default)',
    );
    await inputSelect.selectOption('conv-1');
    await addFromPalette(page, 'concat');
    await page.getByTestId('merge-choice-add-1').check();
    await page.getByTestId('merge-confirm').click();

    await graphReady(page);
    expect(await graph(page).getAttribute('data-nodes')).toBe('6');
    // Fresh ids are <kind>-<n>: input -> conv-1 -> conv-2, conv-1 and conv-2 -> add-1, conv-1 ->
    // conv-3, add-1 and conv-3 -> concat-1.
    expect(await graph(page).getAttribute('data-edges')).toBe('7');

    const conv = { ...blockDef('conv')!.defaults, filters: 16 };
    const inCode = parseDesign({
      version: DESIGN_VERSION,
      input: { h: 224, w: 224, c: 3 },
      blocks: [
        { id: 'conv-1', kind: 'conv', params: conv },
        { id: 'conv-2', kind: 'conv', params: conv },
        { id: 'add-1', kind: 'add', inputs: ['conv-1', 'conv-2'] },
        { id: 'conv-3', kind: 'conv', inputs: ['conv-1'], params: conv },
        { id: 'concat-1', kind: 'concat', inputs: ['add-1', 'conv-3'] },
      ],
    });
    const a = analyzeDesign(inCode);
    expect(a.output.c).toBe(2 * conv.filters);
    expect(await exactTotals(page)).toEqual({ macs: exact(a.totals.macs), params: exact(a.totals.params) });

    // A choice that breaks the graph says why on the field and changes nothing.
    await node(page, 'add-1').click();
    await page.getByTestId('merge-input-1').selectOption('input');
    const err = page.getByTestId('inputs-error');
    expect(await err.textContent()).toBe(
      'Inputs not changed: block 3 (add-1): add: add needs equal shapes, got 1x224x224x16 and 1x224x224x3',
    );
    expect(await page.getByTestId('merge-input-1').inputValue()).toBe('conv-2');
    expect(await exactTotals(page)).toEqual({ macs: exact(a.totals.macs), params: exact(a.totals.params) });
    await app.screenshot(page, 'graph-built-by-hand');

    // Deleting conv-2 (one input): the add reads conv-1 twice instead.
    await node(page, 'conv-2').click();
    await page.getByTestId('graph-scroll').press('Delete');
    await expect.poll(() => page.locator('[data-testid="graph-node"]').count()).toBe(4);
    await node(page, 'add-1').click();
    expect(await page.getByTestId('merge-input-0').inputValue()).toBe('conv-1');
    expect(await page.getByTestId('merge-input-1').inputValue()).toBe('conv-1');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-testid="graph-node"]').count()).toBe(5);
    expect(app.errors).toEqual([]);
    await page.close();
  });
});

describe('selection between the graph, the inspector and the table', () => {
  it('selects a block from the graph, follows a selection made in the table, and refuses a move above a block it reads', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('googlenet');
    await showGraph(page);
    await node(page, '3a.b2').click();
    expect(await page.getByTestId('block-name').getAttribute('placeholder')).toBe('3a.b2');
    expect(
      await page.locator('[data-testid="layer-row"][data-block-id="3a.b2"]').getAttribute('aria-selected'),
    ).toBe('true');
    expect(await page.getByTestId('explain-title').textContent()).toContain('Standard conv');
    expect(await node(page, '3a.b2').getAttribute('data-selected')).toBe('true');
    // The concat's inputs are listed in the inspector.
    await node(page, '3a').click();
    const merge = page.getByTestId('block-inputs');
    expect(
      await merge.locator('select').evaluateAll((s) => s.map((x) => (x as HTMLSelectElement).value)),
    ).toEqual(['3a.b1', '3a.b2', '3a.b3', '3a.b4']);
    expect(await page.getByTestId('block-readers').textContent()).toBe(
      'Read by 3b.b1, 3b.b2r, 3b.b3r, 3b.pool.',
    );

    // End (from the graph) selects the last block: the graph scrolls down to it.
    const inView = async (blockId: string) => {
      const [box, pane] = await Promise.all([
        node(page, blockId).boundingBox(),
        page.getByTestId('graph-scroll').boundingBox(),
      ]);
      return !!box && !!pane && box.y >= pane.y && box.y + box.height <= pane.y + pane.height;
    };
    await page.getByTestId('graph-scroll').press('End');
    await expect.poll(() => node(page, 'fc').getAttribute('data-selected')).toBe('true');
    expect(await inView('fc')).toBe(true);
    expect(await inView('3a.b3')).toBe(false);
    // Picked in the table: the graph selects it and scrolls back up to it.
    await page.locator('[data-testid="layer-row"][data-block-id="3a.b3"]').click();
    await expect.poll(() => node(page, '3a.b3').getAttribute('data-selected')).toBe('true');
    expect(await inView('3a.b3')).toBe(true);
    await node(page, '5b.b3').click();

    // Alt+Up from the graph: 5b.b3 read the block before it (5b.b3r); the move says what changed.
    const googlenet = preset('googlenet')!.build();
    const moved = moveBlock(googlenet, '5b.b3', -1);
    expect(moved?.ok && moved.note).toBe('Moved: 5b.b3 now reads 5b.b2 (it read 5b.b3r).');
    await page.getByTestId('graph-scroll').press('Alt+ArrowUp');
    const notice = page.getByTestId('wiring-notice');
    expect(await notice.textContent()).toContain('Moved: 5b.b3 now reads 5b.b2 (it read 5b.b3r).');
    await page.keyboard.press('Control+z');
    // The concat 3b names its inputs: moving it above one of them is refused, with the reason.
    const refused = moveBlock(googlenet, '3b', -1);
    expect(refused?.ok === false && refused.message).toBe(
      'block 21 cannot move there: a block reads only earlier blocks (block 20 (3b): inputs: "3b.b4" is block 21, which comes after this one; a block reads only earlier blocks (the graph may have no cycle))',
    );
    await node(page, '3b').click();
    await page.getByTestId('graph-scroll').press('Alt+ArrowUp');
    expect(await page.getByTestId('share-banner-text').textContent()).toContain(
      'block 21 cannot move there: a block reads only earlier blocks (block 20 (3b): inputs: "3b.b4" is block 21',
    );
    expect(await page.locator('[data-testid="layer-row"]').nth(20).getAttribute('data-block-id')).toBe('3b');
    expect(app.errors).toEqual([]);
    await page.close();
  });
});

describe('graph export', () => {
  it('saves the whole graph as SVG (with its legend) and as PNG', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('unet');
    await showGraph(page);
    const [svgDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('graph-export-svg').click(),
    ]);
    expect(svgDl.suggestedFilename()).toBe('convcost-U-Net-2015-graph.svg');
    const svg = (await saved(svgDl, 'graph-unet.svg')).toString('utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('U-Net (2015): graph');
    for (const label of ['down1.conv1', 'crop4', 'cat1', '10% or more', 'skip connection'])
      expect(svg).toContain(`>${label}<`);
    // The buttons on the boxes are not part of the picture.
    expect(svg).not.toContain('graph-button');
    const [pngDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('graph-export-png').click(),
    ]);
    const png = await saved(pngDl, 'graph-unet-export.png');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The same picture at twice its size (U-Net's graph is small enough for the full scale).
    const [, w, h] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect(png.readUInt32BE(16)).toBe(2 * Number(w));
    expect(png.readUInt32BE(20)).toBe(2 * Number(h));
    expect(Number(h)).toBeGreaterThan(2 * Number(w));
    expect(app.errors).toEqual([]);
    await page.close();
  });
});

const SIZES = [
  { name: 'desktop', width: 1280, height: 720 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('the branching presets drawn as graphs', () => {
  for (const id of ['googlenet', 'densenet121', 'unet']) {
    it(`draws ${id} at desktop and phone sizes (screenshots and the exported picture)`, async () => {
      const page = await app.freshPage();
      await page.getByTestId('preset-select').selectOption(id);
      await showGraph(page);
      if (id === 'densenet121') {
        // The dense block's own wiring: its layers and the concats that read every earlier layer.
        const before = await graphReady(page);
        await page
          .locator('[data-testid="graph-node"][aria-label^="denseblock1:"] [data-testid="graph-toggle"]')
          .click();
        await graphReady(page, before);
        expect(await page.locator('[data-testid="graph-frame"]').count()).toBe(1);
      }
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.waitForTimeout(300);
        if (size.name === 'phone') {
          // One pane at a time: the design pane, with the graph, in front.
          expect(await page.getByTestId('graph-scroll').isVisible()).toBe(true);
        }
        await app.screenshot(page, `graph-${id}-${size.name}`);
      }
      await page.setViewportSize({ width: 1280, height: 720 });
      const [dl] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('graph-export-png').click(),
      ]);
      await saved(dl, `graph-${id}-export.png`);
      expect(app.errors).toEqual([]);
      await page.close();
    });
  }
});

/** 500 blocks with 100 residual adds (each reads the block before and the one four back). */
function graphDesign(n = 500) {
  const blocks: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 5 === 4) blocks.push({ id: `n${i}`, kind: 'add', inputs: [`n${i - 1}`, `n${i - 4}`] });
    else blocks.push({ id: `n${i}`, kind: 'conv', params: { filters: 64, kernel: 3 } });
  }
  return {
    version: DESIGN_VERSION,
    name: '500 blocks, 100 adds',
    input: { h: 56, w: 56, c: 64 },
    batch: 1,
    blocks,
  };
}

describe('a 500-block design in the graph view', () => {
  it('lays it out once, redraws a param edit without a new layout, lays out again after a structural change, and prints the times', async () => {
    const page = await app.openWithSaved({ design: graphDesign(), view: { selectedBlockId: 'n252' } });
    await page.waitForSelector('[data-testid="field-filters"]');
    const first = await page.evaluate(async (): Promise<Record<string, string>> => {
      const t0 = performance.now();
      document.querySelector<HTMLElement>('[data-testid="design-view-graph"]')!.click();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const el = document.querySelector<HTMLElement>('[data-testid="graph-view"]');
        if (el?.dataset.state === 'ready' && el.dataset.drawMs !== undefined)
          return { ...(el.dataset as Record<string, string>), total: (performance.now() - t0).toFixed(0) };
      }
    });
    expect(first.nodes).toBe('501');
    expect(first.layouts).toBe('1');
    // The selection is on screen.
    await expect.poll(() => node(page, 'n252').getAttribute('data-selected')).toBe('true');

    // A param edit keeps the structure: the boxes are redrawn, nothing is laid out again. (n252
    // feeds a conv only, so 96 filters keep every add's shapes equal.)
    const edit = await page.evaluate(async () => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="field-filters"]')!;
      const label = () => document.querySelector('[data-block-id="n252"] title')?.textContent ?? '';
      const before = label();
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const t0 = performance.now();
      setValue.call(input, '96');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      while (label() === before) await new Promise((r) => requestAnimationFrame(r));
      return { ms: performance.now() - t0, label: label() };
    });
    expect(edit.label).toContain('56×56×96');
    expect(await graph(page).getAttribute('data-layouts')).toBe('1');

    // A structural change (a block added) is laid out once more.
    const t0 = Date.now();
    await addFromPalette(page, 'conv');
    const layouts = await graphReady(page, 1);
    const structural = Date.now() - t0;
    expect(layouts).toBe(2);
    expect(await graph(page).getAttribute('data-nodes')).toBe('502');
    const second = await graph(page).evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    console.log(
      `[graph perf] 500 blocks (100 residual adds), load average ${load}: click -> graph drawn ${first.total} ms ` +
        `(dagre in the worker ${first.layoutMs} ms, worker round trip ${first.roundtripMs} ms, drawing ${first.drawMs} ms); ` +
        `param edit -> box redrawn ${edit.ms.toFixed(0)} ms, no new layout; ` +
        `block added -> laid out and drawn again ${structural} ms (dagre ${second.layoutMs} ms, drawing ${second.drawMs} ms)`,
    );
    await app.screenshot(page, 'graph-500-blocks');
    expect(app.errors).toEqual([]);
    await page.close();
  });
});
