/**
 * Constants folded through Slice and Transpose of any rank. PyTorch writes every F.pad with
 * computed pads as [4, 2] pairs reversed by a Slice with step -1, then transposed and flattened:
 * unless those values are known, the Pad's output shape is unknown and everything after it is
 * lost.
 */
import fc from 'fast-check';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { importModel } from '../../src/import/index.ts';
import { inferShapes } from '../../src/import/infer/index.ts';
import { readOnnx } from '../../src/import/onnx/read.ts';
import { decodeDocument } from '../../src/share/codec.ts';
import { buildOnnx, type NodeDef } from './onnxBuild.ts';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

/** x (1x3x224x224) -> F.pad's pads for a 7x7 stride-2 "same" conv -> Pad -> Conv, then a -inf Pad -> MaxPool. */
function torchPadModel() {
  const nodes: NodeDef[] = [
    { op: 'Slice', inputs: ['pairs', 'start', 'end', 'axis', 'step'], outputs: ['rev'] },
    { op: 'Transpose', inputs: ['rev'], outputs: ['tr'], attrs: { perm: { ints: [1, 0] } } },
    { op: 'Reshape', inputs: ['tr', 'flat'], outputs: ['pads'] },
    { op: 'Pad', inputs: ['x', 'pads'], outputs: ['xp'] },
    {
      op: 'Conv',
      inputs: ['xp', 'w'],
      outputs: ['y'],
      attrs: { kernel_shape: { ints: [7, 7] }, strides: { ints: [2, 2] } },
    },
    { op: 'Pad', inputs: ['y', 'poolPads', 'minusInf'], outputs: ['yp'] },
    {
      op: 'MaxPool',
      inputs: ['yp'],
      outputs: ['z'],
      attrs: { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] } },
    },
  ];
  return buildOnnx({
    opset: 17,
    inputs: [{ name: 'x', dims: [1, 3, 224, 224] }],
    outputs: ['z'],
    nodes,
    inits: [
      // (W, H, C, N) pairs as F.pad takes them: W and H get 2 before and 3 after.
      { name: 'pairs', dims: [4, 2], dtype: 'int64', values: [2, 3, 2, 3, 0, 0, 0, 0] },
      { name: 'start', dims: [1], dtype: 'int64', values: [-1] },
      { name: 'end', dims: [1], dtype: 'int64', values: [-100] },
      { name: 'axis', dims: [1], dtype: 'int64', values: [0] },
      { name: 'step', dims: [1], dtype: 'int64', values: [-1] },
      { name: 'flat', dims: [1], dtype: 'int64', values: [-1] },
      { name: 'w', dims: [64, 3, 7, 7] },
      { name: 'poolPads', dims: [8], dtype: 'int64', values: [0, 0, 0, 0, 0, 0, 1, 1] },
      { name: 'minusInf', dims: [], values: [Number.NEGATIVE_INFINITY] },
    ],
  });
}

describe('folding constants through Slice and Transpose', () => {
  it("knows the pads of PyTorch's F.pad: [2,3],[2,3],[0,0],[0,0] reversed, transposed, flattened is 0,0,2,2,0,0,3,3", () => {
    const inf = inferShapes(readOnnx(torchPadModel()));
    expect(inf.tensors.get('rev')?.values).toEqual([0, 0, 0, 0, 2, 3, 2, 3]);
    expect(inf.tensors.get('tr')?.values).toEqual([0, 0, 2, 2, 0, 0, 3, 3]);
    expect(inf.tensors.get('xp')?.dims).toEqual([1, 3, 229, 229]);
  });

  it('folds the zero Pad into the conv and the -inf Pad into the max pool: 112 x 112 x 64 x 7 x 7 x 3 = 118,013,952 MACs', () => {
    const imported = importModel(torchPadModel());
    expect(imported.summary.unsupported).toEqual([]);
    const decoded = decodeDocument(imported.design);
    if (!decoded.ok) throw new Error(decoded.error);
    const a = analyzeDesign(decoded.design);
    expect(a.totals.convMacs).toBe(112 * 112 * 64 * 7 * 7 * 3);
    expect(a.outputs).toEqual([{ n: 1, h: 56, w: 56, c: 64 }]);
  });

  it('says why nothing could be costed when the first op already has an unknown shape', () => {
    const bytes = buildOnnx({
      opset: 17,
      inputs: [{ name: 'x', dims: [1, 3, 8, 8] }],
      outputs: ['y'],
      nodes: [
        { op: 'NonZero', inputs: ['x'], outputs: ['nz'] },
        { op: 'Conv', inputs: ['nz', 'w'], outputs: ['y'], attrs: { kernel_shape: { ints: [1, 1] } } },
      ],
      inits: [{ name: 'w', dims: [4, 3, 1, 1] }],
    });
    expect(() => importModel(bytes)).toThrow(/no op of the model could be costed: .*NonZero/);
  });

  it('gives the values ONNX Runtime computes for random slices (any steps) and transposes of rank 1 to 3', {
    timeout: 120_000,
  }, async () => {
    const arb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((dims) =>
      fc.record({
        dims: fc.constant(dims),
        axis: fc.nat(dims.length - 1),
        start: fc.integer({ min: -6, max: 6 }),
        end: fc.integer({ min: -6, max: 6 }),
        step: fc.constantFrom(-3, -2, -1, 1, 2, 3),
        perm: fc.shuffledSubarray([...dims.keys()], { minLength: dims.length }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ({ dims, axis, start, end, step, perm }) => {
        const n = dims.reduce((a, b) => a * b, 1);
        const bytes = buildOnnx({
          opset: 17,
          inputs: [{ name: 'x', dims: [1] }],
          outputs: ['x2', 't'],
          nodes: [
            { op: 'Identity', inputs: ['x'], outputs: ['x2'] },
            { op: 'Slice', inputs: ['c', 's', 'e', 'a', 'st'], outputs: ['sl'] },
            { op: 'Transpose', inputs: ['sl'], outputs: ['t'], attrs: { perm: { ints: perm } } },
          ],
          inits: [
            { name: 'c', dims, dtype: 'int64', values: Array.from({ length: n }, (_, i) => 10 + i) },
            { name: 's', dims: [1], dtype: 'int64', values: [start] },
            { name: 'e', dims: [1], dtype: 'int64', values: [end] },
            { name: 'a', dims: [1], dtype: 'int64', values: [axis] },
            { name: 'st', dims: [1], dtype: 'int64', values: [step] },
          ],
        });
        const ours = inferShapes(readOnnx(bytes)).tensors.get('t');
        const session = await ort.InferenceSession.create(bytes);
        try {
          const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(1), [1]) });
          const t = out.t;
          expect(ours?.dims).toEqual([...t.dims]);
          expect(ours?.values).toEqual([...(t.data as BigInt64Array)].map(Number));
        } finally {
          await session.release();
        }
      }),
      { numRuns: 150 },
    );
  });
});
