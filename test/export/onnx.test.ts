import { fromBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { AttributeProtoSchema, TensorProto_DataType as DT, ModelProtoSchema } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { parseDesign } from '../../src/design/schema.ts';
import { ExportError } from '../../src/export/graph.ts';
import { ONNX_OPSET } from '../../src/export/onnx/graph.ts';
import { exportOnnx, type OnnxExport } from '../../src/export/onnx/index.ts';
import { Msg } from '../../src/export/onnx/proto.ts';
import { readOnnx } from '../../src/import/onnx/read.ts';
import { PRESETS, preset } from '../../src/presets/index.ts';
import { randomDesigns } from './randomDesigns.ts';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe('the protobuf writer', () => {
  it('writes the encoding guide examples byte for byte: 150 in field 1, "testing" in field 2, -1, 1.0f', () => {
    expect(hex(new Msg().int(1, 150).bytes())).toBe('08 96 01');
    expect(hex(new Msg().string(2, 'testing').bytes())).toBe('12 07 74 65 73 74 69 6e 67');
    expect(hex(new Msg().int(1, -1).bytes())).toBe('08 ff ff ff ff ff ff ff ff ff 01');
    expect(hex(new Msg().float(2, 1).bytes())).toBe('15 00 00 80 3f');
    // A nested message: its length prefix is computed from the finished child.
    expect(hex(new Msg().msg(3, new Msg().int(1, 150)).bytes())).toBe('1a 03 08 96 01');
  });

  it('writes attributes that the official ONNX schema (onnx-buf) decodes to the same values', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }),
        fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 8 }),
        fc.float({ noNaN: true, noDefaultInfinity: true }),
        fc.uint8Array({ maxLength: 300 }),
        (name, ints, f, blob) => {
          const m = new Msg().string(1, name).float(2, f).ints(8, ints).blob(4, blob).int(20, 7);
          const a = fromBinary(AttributeProtoSchema, m.bytes());
          expect(a.name).toBe(name);
          expect(a.f).toBe(Math.fround(f));
          expect(a.ints.map(Number)).toEqual(ints);
          expect([...a.s]).toEqual([...blob]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Elements of the file's float initializers, BN running statistics apart (convcost calls them buffers). */
function storedParams(bytes: Uint8Array) {
  const m = fromBinary(ModelProtoSchema, bytes);
  let params = 0;
  let buffers = 0;
  let withData = 0;
  for (const t of m.graph!.initializer) {
    if (t.dataType !== DT.FLOAT || t.dims.length === 0) continue;
    const n = t.dims.reduce((a, d) => a * Number(d), 1);
    if (/running_(mean|var)$/.test(t.name)) buffers += n;
    else params += n;
    if (t.rawData.length) withData += n;
  }
  return { model: m, params, buffers, withData };
}

const extraParams = (e: OnnxExport) => e.hetconv.reduce((a, h) => a + h.extraParams, 0);

describe('ONNX export of every preset', () => {
  it.each(PRESETS.map((p) => [p.id]))(
    "%s: a valid opset-17 NCHW model whose weights are convcost's parameters, structure-only under 200 kB",
    (id) => {
      const design = preset(id)!.build();
      const a = analyzeDesign(design).totals;
      const none = exportOnnx(design, { weights: 'none' });
      expect(none.bytes.length).toBeLessThan(200_000);
      const s = storedParams(none.bytes);
      expect(s.model.opsetImport[0].version).toBe(BigInt(ONNX_OPSET));
      expect(s.model.producerName).toBe('convcost');
      expect(s.model.graph!.input[0].name).toBe('input');
      expect(none.inputDims).toEqual([design.batch, design.input.c, design.input.h, design.input.w]);
      // Weights as stored: convcost's parameters, plus the zeros HetConv's written form keeps.
      expect(s.params).toBe(a.params + extraParams(none));
      expect(s.buffers).toBe(a.buffers);
      expect(s.withData).toBe(0);
      // The import reader reads it: every node, every initializer.
      const ir = readOnnx(none.bytes);
      expect(ir.nodes.length).toBe(s.model.graph!.node.length);
      expect(ir.opset).toBe(ONNX_OPSET);
    },
  );

  it('seeded weights fill every initializer, deterministically in the seed', () => {
    const design = preset('resnet56-cifar')!.build();
    const a = exportOnnx(design, { weights: 'seeded', seed: 1 });
    const b = exportOnnx(design, { weights: 'seeded', seed: 1 });
    const c = exportOnnx(design, { weights: 'seeded', seed: 2 });
    const s = storedParams(a.bytes);
    expect(s.withData).toBe(s.params + s.buffers);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes))).toBe(false);
    expect(a.bytes.length).toBe(c.bytes.length);
  });

  it('says how HetConv is written, with the extra MACs, in the file and in the result', () => {
    const design = preset('vgg16-cifar-hetconv-p4')!.build();
    const e = exportOnnx(design, { weights: 'none' });
    expect(e.hetconv).toHaveLength(12);
    expect(new Set(e.hetconv.map((h) => h.form))).toEqual(new Set(['grouped+pointwise']));
    // N * M/P per output position: conv1_2 is 32x32, 64 -> 64, P = 4.
    expect(e.hetconv[0]).toMatchObject({ op: 'hetconv', extraMacs: 32 * 32 * 64 * 16, extraParams: 64 * 16 });
    const doc = fromBinary(ModelProtoSchema, e.bytes).docString;
    expect(doc).toContain('HetConv layers (12) are written as grouped + pointwise');
    expect(doc).toContain('MACs more than the paper');
  });

  it('writes HetConv as one masked dense conv when N is not a multiple of P', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 8 },
      blocks: [{ kind: 'hetconv', params: { filters: 6, part: 4 } }],
    });
    const e = exportOnnx(d, { weights: 'none' });
    expect(e.hetconv[0].form).toBe('masked dense');
    const a = analyzeDesign(d).blocks[0];
    // A standard 3x3 conv's MACs are executed: 8x8 positions x 6 filters x 8 x 9.
    expect(a.sums.macs + e.hetconv[0].extraMacs).toBe(64 * 6 * 8 * 9);
  });

  it('writes 60 random graph designs of every block kind with their parameters as weights', () => {
    for (const d of randomDesigns(60)) {
      const e = exportOnnx(d, { weights: 'none' });
      const s = storedParams(e.bytes);
      const a = analyzeDesign(d).totals;
      expect(s.params, d.name).toBe(a.params + extraParams(e));
      expect(e.outputs.length).toBe(d.outputs?.length ?? 1);
    }
  });

  it('refuses an op without a cost model, naming the block', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 8 },
      blocks: [
        { kind: 'conv', params: { filters: 8 } },
        { kind: 'unsupported', name: 'up', params: { type: 'Resize', out: { h: 16, w: 16, c: 8 } } },
      ],
    });
    expect(() => exportOnnx(d)).toThrow(ExportError);
    expect(() => exportOnnx(d)).toThrow(
      'block 2 (up) is a "Resize" op, which convcost has no model for, so it cannot be exported',
    );
  });
});
