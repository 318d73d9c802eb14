/** The app in a real browser: editing, transforms, errors on fields, persistence, undo, keyboard, charts. */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { applyTransform, parseTransformSpec, transformBlock } from '../../src/transforms/index.ts';
import { type App, startApp, text } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.close();
});

/** "1.814 G" -> 1.814e9 */
function parseSi(s: string): number {
  const m = /([\d.]+)\s*([kMGT]?)/.exec(s.replace(/,/g, ''));
  if (!m) return Number.NaN;
  const mult = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] as '' | 'k' | 'M' | 'G' | 'T'];
  return Number(m[1]) * mult;
}

async function totalMacs(page: Page): Promise<number> {
  return parseSi(await text(page, 'total-macs'));
}

async function selectBlock(page: Page, index: number): Promise<void> {
  await page.locator(`[data-testid="block-item"][data-index="${index}"]`).click();
}

async function blockNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="block-item"] .bname').allTextContents();
}

describe('convcost app', () => {
  it('opens on ResNet-18 with both MACs and FLOPs labelled and the convention stated', async () => {
    const page = await app.freshPage();
    expect(await page.getByTestId('design-name').inputValue()).toBe('ResNet-18');
    expect(await totalMacs(page)).toBeCloseTo(1.814e9, -7);
    expect(parseSi(await text(page, 'total-flops'))).toBeCloseTo(2 * 1.814e9, -7);
    expect(parseSi(await text(page, 'total-params'))).toBeCloseTo(11.69e6, -4);
    expect(await text(page, 'convention-text')).toContain('FLOPs = 2 x MACs');
    expect(await page.getByTestId('layer-row').count()).toBe(11);
    await page.getByTestId('tab-table').click();
    await app.screenshot(page, 'main-resnet18');
    await page.close();
  });

  it('loads ResNet-34 in one click, changes a parameter and sees the totals change', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-resnet34').click();
    expect(await page.getByTestId('design-name').inputValue()).toBe('ResNet-34');
    const before = await totalMacs(page);
    expect(before).toBeCloseTo(3.664e9, -7);
    await selectBlock(page, 0); // stem 7x7 conv
    await page.getByTestId('field-filters').fill('32');
    await expect.poll(() => totalMacs(page)).toBeLessThan(before);
    const design = preset('resnet34')!.build();
    design.blocks[0].params.filters = 32;
    // The stem feeds layer1.0 (64 channels) through a projection now: still exactly the model's numbers.
    const expected = analyzeDesign(design).totals.macs;
    expect(await totalMacs(page)).toBeCloseTo(expected, -7);
    await page.close();
  });

  it('applies HetConv P=4 to the whole design and reads the new total', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-resnet34').click();
    await page.getByTestId('transform-kind').selectOption('hetconv');
    await page.getByTestId('transform-value').fill('4');
    await page.getByTestId('transform-apply').click();
    const report = await text(page, 'transform-report');
    expect(report).toContain('HetConv P=4');
    const expected = analyzeDesign(
      applyTransform(preset('resnet34')!.build(), parseTransformSpec('hetconv:p=4')).design,
    ).totals.macs;
    await expect.poll(() => totalMacs(page)).toBeCloseTo(expected, -7);
    expect(expected).toBeLessThan(3.664e9 * 0.5);
    // Compare view: A is the HetConv design, B a preset; the totals table gives ratios.
    await page.getByTestId('tab-charts').click();
    await page.getByTestId('chart-tab-compare').click();
    await page.getByTestId('compare-preset').selectOption('resnet34');
    await expect.poll(() => page.getByTestId('compare-totals').count()).toBe(1);
    expect(await text(page, 'compare-macs')).toMatch(/x/);
    await app.screenshot(page, 'compare-hetconv-vs-resnet34');
    await page.close();
  });

  it('transforms one block, and says why a block is skipped', async () => {
    const page = await app.freshPage();
    const before = await totalMacs(page);
    await selectBlock(page, 2); // layer1.0
    await page.locator('.block-transform summary').click();
    await page.getByTestId('block-transform-kind').selectOption('hetconv');
    await page.getByTestId('block-transform-value').fill('4');
    await page.getByTestId('block-transform-apply').click();
    expect(await text(page, 'block-transform-msg')).toMatch(/replaced/);
    const expected = analyzeDesign(
      transformBlock(preset('resnet18')!.build(), 2, parseTransformSpec('hetconv:p=4')).design,
    ).totals.macs;
    await expect.poll(() => totalMacs(page)).toBeCloseTo(expected, -6);
    expect(expected).toBeLessThan(before);
    expect(await page.getByTestId('field-conv.kind').inputValue()).toBe('hetconv');
    // The stem has 3 input channels: HetConv P=4 cannot take it.
    await selectBlock(page, 0);
    await page.locator('.block-transform summary').click();
    await page.getByTestId('block-transform-kind').selectOption('hetconv');
    await page.getByTestId('block-transform-apply').click();
    expect(await text(page, 'block-transform-msg')).toMatch(/Skipped: .*3/);
    await page.close();
  });

  it('shows a parse error on the field and keeps the design and its numbers', async () => {
    const page = await app.freshPage();
    const before = await totalMacs(page);
    await selectBlock(page, 0);
    await page.getByTestId('field-filters').fill('abc');
    const err = page.getByTestId('field-error').first();
    await expect.poll(() => err.textContent()).toMatch(/number/);
    expect(await totalMacs(page)).toBe(before);
    expect(await page.getByTestId('block-item').count()).toBe(11);
    await app.screenshot(page, 'field-parse-error');
    await page.getByTestId('field-filters').fill('64');
    await expect.poll(() => page.getByTestId('field-error').count()).toBe(0);
    await page.close();
  });

  it('shows a cost error (channels not divisible by P) on the field and on its row, with the last valid totals', async () => {
    const page = await app.freshPage();
    await page.getByTestId('new-empty').click();
    await page.getByTestId('input-c').fill('30');
    await page.getByTestId('palette').locator('summary').click();
    await page.getByTestId('palette-hetconv').click();
    // HetConv P=4 on 30 input channels cannot be built.
    await expect.poll(() => page.getByTestId('analysis-error').count()).toBe(1);
    const fieldErr = page.locator('[data-testid="field-error"][data-path="part"]');
    await expect.poll(() => fieldErr.textContent()).toMatch(/30 not divisible by P = 4/);
    expect(await text(page, 'row-error')).toMatch(/not divisible by P = 4/);
    await app.screenshot(page, 'field-cost-error');
    // Fixing P repairs it.
    await page.getByTestId('field-part').fill('2');
    await expect.poll(() => page.getByTestId('analysis-error').count()).toBe(0);
    expect(await totalMacs(page)).toBeGreaterThan(0);
    await page.close();
  });

  it('keeps the design across a reload (autosave)', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-resnet34').click();
    await selectBlock(page, 3);
    await page.getByTestId('block-name').fill('renamed block');
    const macs = await totalMacs(page);
    await page.waitForTimeout(400);
    await page.reload();
    await page.waitForSelector('[data-testid="totals"]');
    expect(await page.getByTestId('design-name').inputValue()).toBe('ResNet-34');
    expect((await blockNames(page))[3]).toBe('renamed block');
    expect(await totalMacs(page)).toBe(macs);
    // The autosave alone (no link in the URL) restores it too.
    await page.goto(app.url);
    await page.waitForSelector('[data-testid="totals"]');
    expect(await page.getByTestId('design-name').inputValue()).toBe('ResNet-34');
    expect((await blockNames(page))[3]).toBe('renamed block');
    await page.close();
  });

  it('undoes and redoes edits (Ctrl+Z, Ctrl+Shift+Z and the buttons)', async () => {
    const page = await app.freshPage();
    const before = await totalMacs(page);
    await selectBlock(page, 2);
    await page.getByTestId('duplicate-block').click();
    expect(await page.getByTestId('block-item').count()).toBe(12);
    const after = await totalMacs(page);
    expect(after).toBeGreaterThan(before);
    await page.locator('body').click({ position: { x: 640, y: 700 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('block-item').count()).toBe(11);
    expect(await totalMacs(page)).toBe(before);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => page.getByTestId('block-item').count()).toBe(12);
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('block-item').count()).toBe(11);
    await page.getByTestId('redo').click();
    await expect.poll(() => page.getByTestId('block-item').count()).toBe(12);
    await page.close();
  });

  it('reorders, duplicates and deletes blocks from the keyboard', async () => {
    const page = await app.freshPage();
    const names = await blockNames(page);
    await selectBlock(page, 2);
    await page.locator('[data-testid="block-item"][data-index="2"]').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await blockNames(page))[3]).toBe(names[2]);
    expect((await blockNames(page))[2]).toBe(names[3]);
    // The moved block keeps the selection and focus: arrows move the selection from there.
    await page.keyboard.press('ArrowDown');
    const sel = page.locator('[data-testid="block-item"][aria-selected="true"]');
    expect(await sel.getAttribute('data-index')).toBe('4');
    await page.keyboard.press('Control+d');
    await expect.poll(() => page.getByTestId('block-item').count()).toBe(12);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('block-item').count()).toBe(11);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('block-item').count()).toBe(12);
    await page.close();
  });

  it('selects a block from the cost table with the keyboard (Tab to a row, Enter)', async () => {
    const page = await app.freshPage();
    await page.getByTestId('tab-table').click();
    const row = page.locator('[data-testid="layer-row"][data-index="4"]');
    await row.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('block-name').inputValue()).toBe('layer2.0');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await page.close();
  });

  it('switches the counting convention and the totals follow', async () => {
    const page = await app.freshPage();
    const params = parseSi(await text(page, 'total-params'));
    await page.getByTestId('bn-fused').check();
    await expect.poll(async () => parseSi(await text(page, 'total-params'))).toBeLessThan(params);
    expect(await text(page, 'convention-text')).toContain('fused');
    const macs = await totalMacs(page);
    await page.getByTestId('include-extras').check();
    await expect.poll(() => totalMacs(page)).toBeGreaterThan(macs);
    const w = await text(page, 'total-weight-bytes');
    await page.getByTestId('precision').selectOption('fp16');
    await expect.poll(() => text(page, 'total-weight-bytes')).not.toBe(w);
    await page.getByTestId('batch-select').selectOption('8');
    await expect.poll(() => totalMacs(page)).toBeGreaterThan(macs * 7);
    await page.close();
  });

  it('expands a table row into its ops and sorts by MACs', async () => {
    const page = await app.freshPage();
    await page.getByTestId('tab-table').click();
    await page.locator('[data-testid="layer-row"][data-index="2"] button.expand').click();
    expect(await page.getByTestId('op-row').count()).toBeGreaterThan(4);
    await page.getByRole('button', { name: /^Sort by Headline MACs/ }).click();
    const macs = await page.getByTestId('row-macs').allTextContents();
    const nums = macs.map(parseSi);
    expect(nums).toEqual([...nums].sort((a, b) => b - a));
    await app.screenshot(page, 'table-expanded-sorted');
    await page.close();
  });

  it('draws every chart and exports SVG and PNG', async () => {
    const page = await app.freshPage();
    await selectBlock(page, 3);
    await page.getByTestId('tab-charts').click();
    for (const c of ['layers', 'cumulative', 'sweep', 'dataflow', 'latency'] as const) {
      await page.getByTestId(`chart-tab-${c}`).click();
      await page.waitForSelector('.chart svg.recharts-surface');
      await app.screenshot(page, `chart-${c}`);
    }
    await page.getByTestId('chart-tab-sweep').click();
    expect(await text(page, 'sweep-current')).toMatch(/Current: Standard conv → 1\.000x of standard/);
    const [svgDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-svg-sweep').click(),
    ]);
    const svg = readFileSync((await svgDl.path())!, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('Cost ratio to a standard conv');
    const [pngDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-png-sweep').click(),
    ]);
    const png = readFileSync((await pngDl.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });

  it('explains the selected block with KaTeX loaded on demand', async () => {
    const page = await app.freshPage();
    await page.getByTestId('new-empty').click();
    await page.getByTestId('input-c').fill('64');
    await page.getByTestId('palette').locator('summary').click();
    await page.getByTestId('palette-hetconv').click();
    await page.waitForSelector('[data-testid="tex"] .katex');
    expect(await text(page, 'explain-title')).toContain('HetConv');
    expect(await text(page, 'explain-conditions')).toContain('✓');
    await app.screenshot(page, 'explain-hetconv');
    await page.close();
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
