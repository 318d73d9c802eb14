/**
 * Export then import: an exported ONNX file, read back by the import reader (src/import) and
 * decoded like any file, costs what the design costs. HetConv comes back as the form it was
 * written in, so it costs exactly the extra MACs and weights the export says it executes.
 */
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import type { Design } from '../../src/design/schema.ts';
import { exportOnnx } from '../../src/export/onnx/index.ts';
import { importModel } from '../../src/import/index.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { decodeDocument } from '../../src/share/codec.ts';
import { randomDesigns } from './randomDesigns.ts';

/**
 * Ops the export writes that the importer has no block for, all of them free data movement: the
 * option-A shortcut's strided Slice and channel Pad, and the Gather that puts a flattened
 * tensor's features back in convcost's order before a reader other than a dense layer or a BN.
 */
const FREE_HELPERS = new Set(['Slice', 'Pad', 'Gather']);

function roundTrip(d: Design) {
  const e = exportOnnx(d, { weights: 'none' });
  const imported = importModel(e.bytes);
  const decoded = decodeDocument(imported.design);
  if (!decoded.ok) throw new Error(`${d.name}: the imported design does not decode: ${decoded.error}`);
  const A = analyzeDesign(d);
  const B = analyzeDesign(decoded.design);
  const a = A.totals;
  const b = B.totals;
  const extraMacs = e.hetconv.reduce((s, h) => s + h.extraMacs, 0);
  const extraParams = e.hetconv.reduce((s, h) => s + h.extraParams, 0);
  expect(b.convMacs, `${d.name}: MACs`).toBe(a.convMacs + extraMacs);
  expect(b.params, `${d.name}: params`).toBe(a.params + extraParams);
  expect(b.buffers, `${d.name}: BN buffers`).toBe(a.buffers);
  // Bias, BN, activation, pool and add FLOPs too, where HetConv's form adds no ops.
  if (!e.hetconv.length) expect(b.extraFlops, `${d.name}: extra FLOPs`).toBe(a.extraFlops);
  // Output shapes, in the order the design names its outputs.
  expect(B.outputs, `${d.name}: outputs`).toEqual(A.outputs);
  expect(imported.summary.dropped).toBeUndefined();
  for (const u of imported.summary.unsupported)
    expect(FREE_HELPERS, `${d.name}: ${u.type}`).toContain(u.type);
  return { e, imported };
}

describe('export to ONNX, then import: the same costs', () => {
  it.each(PRESETS.map((p) => [p.id]))('%s', (id) => {
    const { imported } = roundTrip(PRESETS.find((p) => p.id === id)!.build());
    expect(imported.summary.producer).toBe('convcost 0.1.0');
  });

  it('60 random graph designs of every block kind', () => {
    for (const d of randomDesigns(60)) roundTrip(d);
  });

  it('block names come back from the node scopes: "layer1.0" and its "conv1"', () => {
    const { imported } = roundTrip(PRESETS.find((p) => p.id === 'resnet18')!.build());
    expect(imported.design.blocks.map((b) => b.name)).toContain('layer1.0.conv1');
  });

  it('HetConv P = 4 comes back as its grouped + pointwise form: N x M/P more MACs per position', () => {
    const d = PRESETS.find((p) => p.id === 'vgg16-cifar-hetconv-p4')!.build();
    const { e, imported } = roundTrip(d);
    const kinds = imported.design.blocks.filter((b) => b.name?.startsWith('conv1_2.')).map((b) => b.kind);
    expect(kinds).toEqual(['shuffle', 'conv', 'conv', 'add', 'shuffle', 'batchnorm', 'activation']);
    expect(e.hetconv[0].extraMacs).toBe(32 * 32 * 64 * (64 / 4));
  });
});
