/**
 * Importing models in the browser: dropping an ONNX file on the page, the Import model button
 * with a TFLite file, the input-shape prompt of a model with dynamic dims; then HetConv P = 4 and
 * the comparison, undo back to what was there. Screenshots at desktop and phone sizes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/index.ts';
import { importModel } from '../../src/import/index.ts';
import { decodeDocument } from '../../src/share/codec.ts';
import { applyTransform, parseTransformSpec } from '../../src/transforms/index.ts';
import { nsfwModel } from '../import/fixtures.ts';
import { buildOnnx } from '../import/onnxBuild.ts';
import { bundleReport } from './bundle.ts';
import { type App, startApp, text } from './harness.ts';
import { E2E_DIST } from './paths.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'import');
const RESNET18 = join(FIXTURES, 'torch', 'resnet18-bnkept.onnx');
const TFLITE = join(FIXTURES, 'tflite', 'tiny-mobilenet.tflite');
const KERAS = join(FIXTURES, 'keras', 'tiny.keras');
const H5 = join(FIXTURES, 'keras', 'tiny.h5');

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

function parseSi(s: string): number {
  const m = /([\d.]+)\s*([kMGT]?)/.exec(s.replace(/,/g, ''));
  if (!m) return Number.NaN;
  return Number(m[1]) * { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] as '' | 'k' | 'M' | 'G' | 'T'];
}

/** Drops a file on the page as a person dragging it from the desktop would. */
async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.evaluate(
    ({ name, data }) => {
      const file = new File([new Uint8Array(data)], name);
      const dt = new DataTransfer();
      dt.items.add(file);
      for (const type of ['dragenter', 'dragover', 'drop'])
        window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { name, data: [...bytes] },
  );
}

const expected = (bytes: Uint8Array, input?: number[]) => {
  const d = decodeDocument(importModel(bytes, input ? { input } : {}).design);
  if (!d.ok) throw new Error(d.error);
  return d.design;
};

describe('importing a model in the browser', () => {
  it('keeps every reader out of the initial bundle: they load with the import worker', () => {
    const r = bundleReport(E2E_DIST);
    const initial = r.initialJs.map((c) => readFileSync(join(E2E_DIST, c.file), 'utf8')).join('\n');
    expect(initial).not.toContain('lacks the "TFL3" identifier');
    expect(initial).not.toContain('this is not a valid ONNX file');
    const worker = r.lazyJs.find((c) =>
      readFileSync(join(E2E_DIST, c.file), 'utf8').includes('this is not a valid ONNX file'),
    );
    expect(worker).toBeDefined();
    console.log(
      `[bundle] import worker (every reader, jsfive, fflate): ${(worker!.gzip / 1024).toFixed(1)} kB gzip`,
    );
  });

  it('opens a dropped ONNX file as a design, applies HetConv P=4 and compares, then undoes back', async () => {
    const page = await app.freshPage();
    const before = await text(page, 'total-macs');
    const bytes = new Uint8Array(readFileSync(RESNET18));
    await dropFile(page, 'resnet18.onnx', bytes);
    await expect
      .poll(() => text(page, 'share-banner-text'), { timeout: 20_000 })
      .toMatch(/Opened “resnet18” from a model file/);
    const banner = await text(page, 'share-banner-text');
    expect(banner).toMatch(/Imported from ONNX, pytorch 1\.13\.0, opset 9: \d+ ops as 39 blocks\./);
    const design = expected(bytes);
    const macs = analyzeDesign(design).totals.macs;
    expect(macs).toBe(1_814_073_344);
    expect(parseSi(await text(page, 'total-macs'))).toBeCloseTo(macs, -7);
    await app.screenshot(page, 'import-resnet18-onnx');

    await page.getByTestId('transform-kind').selectOption('hetconv');
    await page.getByTestId('transform-value').fill('4');
    await page.getByTestId('transform-compare').click();
    await expect.poll(() => page.getByTestId('compare-totals').count()).toBe(1);
    expect(await text(page, 'compare-macs')).toMatch(/0\.3\d+x/);
    await app.screenshot(page, 'import-resnet18-hetconv-compare');
    await page.getByTestId('transform-apply').click();
    const het = analyzeDesign(applyTransform(design, parseTransformSpec('hetconv:p=4')).design).totals.macs;
    await expect.poll(async () => parseSi(await text(page, 'total-macs'))).toBeCloseTo(het, -7);
    expect(het).toBeLessThan(macs * 0.6);

    // Undo the transform, then the import: the design that was there before comes back.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => parseSi(await text(page, 'total-macs'))).toBeCloseTo(macs, -7);
    await page.keyboard.press('Control+z');
    await expect.poll(() => text(page, 'total-macs')).toBe(before);
    expect(app.errors).toEqual([]);
    await page.close();
  });

  it('opens a dropped Keras .keras, a legacy .h5 and a TensorFlow.js model.json with the totals their readers give, and HetConv P=4 reaches the TF.js model', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['tiny.keras', new Uint8Array(readFileSync(KERAS)), /Imported from Keras/],
      ['tiny.h5', new Uint8Array(readFileSync(H5)), /Imported from Keras/],
      [
        'model.json',
        new TextEncoder().encode(JSON.stringify(nsfwModel('inception_v3'))),
        /Imported from TensorFlow\.js/,
      ],
    ];
    const near = (shown: string, want: number) => Math.abs(parseSi(shown) / want - 1);
    for (const [name, bytes, from] of cases) {
      const page = await app.freshPage();
      await dropFile(page, name, bytes);
      await expect
        .poll(() => text(page, 'share-banner-text'), { timeout: 30_000 })
        .toMatch(/from a model file/);
      expect(await text(page, 'share-banner-text')).toMatch(from);
      const design = expected(bytes);
      const t = analyzeDesign(design).totals;
      expect(t.macs).toBeGreaterThan(0);
      // The cards show four significant digits.
      expect(near(await text(page, 'total-macs'), t.macs)).toBeLessThan(1e-3);
      expect(near(await text(page, 'total-params'), t.params)).toBeLessThan(1e-3);
      if (name === 'model.json') {
        await app.screenshot(page, 'import-tfjs-inception-v3');
        await page.getByTestId('transform-kind').selectOption('hetconv');
        await page.getByTestId('transform-value').fill('4');
        await page.getByTestId('transform-apply').click();
        const het = analyzeDesign(applyTransform(design, parseTransformSpec('hetconv:p=4')).design).totals
          .macs;
        expect(het).toBeLessThan(t.macs);
        await expect.poll(async () => near(await text(page, 'total-macs'), het)).toBeLessThan(1e-3);
      }
      await page.close();
    }
    expect(app.errors).toEqual([]);
  });

  it('opens a TFLite file from Import model, with the file’s weights as its parameters (tablet size)', async () => {
    const page = await app.freshPage();
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.getByTestId('share-menu').click();
    await page.getByTestId('import-model-file').setInputFiles(TFLITE);
    await expect
      .poll(() => text(page, 'share-banner-text'), { timeout: 20_000 })
      .toMatch(/from a model file/);
    expect(await text(page, 'total-params')).toMatch(/2\.074\s*k|2,074/);
    expect(await text(page, 'share-banner-text')).toMatch(
      /lower bound: 1 op\(s\) have no cost model \(Softmax x1\)/,
    );
    await app.screenshot(page, 'import-tflite-tablet');
    await page.close();
  });

  it('asks for the input shape of a model whose H and W are dynamic, and imports with it (phone size)', async () => {
    const page = await app.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const bytes = buildOnnx({
      opset: 13,
      inputs: [{ name: 'image', dims: ['N', 3, 'H', 'W'] }],
      outputs: ['y'],
      inits: [{ name: 'w', dims: [8, 3, 3, 3] }],
      nodes: [
        { op: 'Conv', inputs: ['image', 'w'], outputs: ['c'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
        { op: 'Relu', inputs: ['c'], outputs: ['y'] },
      ],
    });
    await dropFile(page, 'dynamic.onnx', bytes);
    await page.getByTestId('import-input-shape').waitFor();
    expect(await page.getByTestId('import-input-shape').inputValue()).toBe('1x3x224x224');
    await app.screenshot(page, 'import-input-prompt-phone');
    await page.getByTestId('import-input-shape').fill('1x3x64x96');
    await page.getByTestId('import-input-submit').click();
    await expect
      .poll(() => text(page, 'share-banner-text'), { timeout: 20_000 })
      .toMatch(/from a model file/);
    // 64 x 96 x 8 outputs, 27 MACs each.
    expect(parseSi(await text(page, 'total-macs'))).toBeCloseTo(64 * 96 * 8 * 27, -3);
    await app.screenshot(page, 'import-dynamic-phone');
    expect(app.errors).toEqual([]);
    await page.close();
  });

  it('says what is wrong with a broken model file and keeps the design', async () => {
    const page = await app.freshPage();
    const before = await text(page, 'total-macs');
    await dropFile(page, 'broken.onnx', new Uint8Array(readFileSync(RESNET18)).subarray(0, 3000));
    await expect
      .poll(() => text(page, 'share-banner-text'), { timeout: 20_000 })
      .toMatch(
        /This model file could not be opened: broken\.onnx: this is not a valid ONNX file: .* Your current design is unchanged\./,
      );
    expect(await text(page, 'total-macs')).toBe(before);
    await page.close();
  });
});
