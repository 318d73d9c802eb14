/**
 * Taking the design out, in a real browser: the Import / Export menu writes model.py and ONNX files
 * (in a worker), and "Run in browser" with both runtimes runs TensorFlow.js and ONNX Runtime Web
 * side by side, loading ONNX Runtime only then. Prints the four layers' times on both runtimes.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { importModel } from '../../src/import/index.ts';
import { preset } from '../../src/presets/index.ts';
import { type App, startApp, text } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.close();
});

type RawDesign = { name: string; input: { h: number; w: number; c: number }; blocks: unknown[] };

async function openWith(design: RawDesign, tab = 'run'): Promise<Page> {
  const page = await app.openWithSaved({ design: { version: 2, batch: 1, ...design }, view: { tab } });
  await page.waitForSelector('[data-testid="design-name"]');
  return page;
}

/** The layers the README times on both runtimes (BN and activation off: the convs alone). */
const LAYERS: RawDesign = {
  name: 'four layers',
  input: { h: 56, w: 56, c: 128 },
  blocks: [
    {
      kind: 'conv',
      id: 'conv3x3',
      name: 'conv3x3',
      inputs: ['input'],
      params: { filters: 128, bn: false, act: 'none' },
    },
    {
      kind: 'gwpw',
      id: 'gwpw_g4',
      name: 'gwpw_g4',
      inputs: ['input'],
      params: { filters: 128, groups: 4, bn: false, act: 'none' },
    },
    {
      kind: 'dwpw',
      id: 'dwpw',
      name: 'dwpw',
      inputs: ['input'],
      params: { filters: 128, bn: false, act: 'none' },
    },
    {
      kind: 'hetconv',
      id: 'hetconv_p4',
      name: 'hetconv_p4',
      inputs: ['input'],
      params: { filters: 128, part: 4, bn: false, act: 'none' },
    },
    {
      kind: 'concat',
      id: 'all',
      name: 'all',
      inputs: ['conv3x3', 'gwpw_g4', 'dwpw', 'hetconv_p4'],
      params: {},
    },
  ],
};

describe('export from the app', () => {
  it('downloads model.py and an ONNX file whose costs read back equal, and says how HetConv is written', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('vgg16-cifar-hetconv-p4');
    await page.getByTestId('share-menu').click();
    const [py] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-pytorch').click(),
    ]);
    expect(py.suggestedFilename()).toBe('model.py');
    const source = readFileSync(await py.path(), 'utf8');
    expect(source).toContain('class HetConv2d(nn.Module):');
    await expect
      .poll(() => text(page, 'export-model-status'))
      .toMatch(/^Wrote model\.py: class VGG16CIFAR10HetConvP4/);
    const [onnx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-onnx-structure').click(),
    ]);
    const bytes = new Uint8Array(readFileSync(await onnx.path()));
    expect(bytes.length).toBeLessThan(200_000);
    const a = analyzeDesign(preset('vgg16-cifar-hetconv-p4')!.build()).totals;
    const back = importModel(bytes);
    expect(back.design.blocks.length).toBeGreaterThan(13);
    await expect
      .poll(() => text(page, 'export-model-status'))
      .toMatch(
        /HetConv layers \(12\) are written as grouped \+ pointwise .* MACs more than the paper's layer/,
      );
    expect(a.params).toBeGreaterThan(0);
    await app.screenshot(page, 'export-menu');
    await page.close();
  });

  it('says what cannot be exported, naming the block', async () => {
    const page = await openWith(
      {
        name: 'has resize',
        input: { h: 8, w: 8, c: 8 },
        blocks: [{ kind: 'unsupported', name: 'up', params: { type: 'Resize' } }],
      },
      'table',
    );
    await page.getByTestId('share-menu').click();
    await page.getByTestId('export-onnx').click();
    await expect
      .poll(() => text(page, 'export-model-status'))
      .toMatch(/^Cannot export: block 1 \(up\) is a "Resize" op, which convcost has no model for/);
    await page.close();
  });
});

describe('Run in browser on both runtimes', () => {
  it('runs TensorFlow.js and ONNX Runtime Web side by side, ONNX Runtime loaded only then; prints the four layers', async () => {
    const page = await openWith(LAYERS);
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.getByTestId('run-button').waitFor();
    expect(fetched.some((u) => /ort-wasm/.test(u))).toBe(false);
    await page.getByTestId('run-runtime').selectOption('both');
    await page.getByTestId('run-button').click();
    await page.getByTestId('run-compare').waitFor({ timeout: 300_000 });
    expect(fetched.some((u) => /ort-wasm-simd-threaded.*\.wasm/.test(u))).toBe(true);
    const summary = await text(page, 'run-ort-summary');
    console.log(`[ort] ${summary}`);
    expect(summary).toMatch(/Every output shape equals convcost's; outputs agree with TensorFlow.js within/);
    const rows = await page
      .getByTestId('run-compare-row')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    console.log('[ort] block | MACs | TF.js ms | TF.js vs MACs | ORT ms | ORT vs MACs | agreement');
    for (const r of rows) console.log(`[ort] ${r.slice(1).join(' | ')}`);
    expect(rows.map((r) => r[1])).toEqual(['conv3x3', 'gwpw_g4', 'dwpw', 'hetconv_p4', 'all']);
    await app.screenshot(page, 'run-both-runtimes');
    // On a phone the comparison fits its panel (the least needed columns give way).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('pane-results').click();
    const overflow = await page.getByTestId('run-compare').evaluate((el) => {
      el.scrollIntoView();
      const table = el.querySelector('table')!;
      return table.getBoundingClientRect().right - el.getBoundingClientRect().right;
    });
    expect(overflow).toBeLessThanOrEqual(1);
    await app.screenshot(page, 'run-both-runtimes-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
    // The teaching panel says where MAC savings become time, with this block's measured ratios.
    await page.getByTestId('block-item').nth(3).click();
    await expect
      .poll(() => text(page, 'explain-speed'))
      .toMatch(
        /Measured here: this block takes [\d.]+x its MAC share on TensorFlow.js and [\d.]+x on ONNX Runtime/,
      );
    expect(app.errors).toEqual([]);
    await page.close();
  }, 400_000);
});
