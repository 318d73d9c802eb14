import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/import/errors.ts';
import { readOnnx } from '../../src/import/onnx/read.ts';
import { OCR_CLS, packageFile, TORCH_NETS, TORCH_REFERENCE, torchFixture } from './fixtures.ts';
import { buildOnnx, type ModelDef } from './onnxBuild.ts';

const opCounts = (ops: readonly { op: string }[]) => {
  const m: Record<string, number> = {};
  for (const n of ops) m[n.op] = (m[n.op] ?? 0) + 1;
  return m;
};

/** The message readOnnx fails with (it must fail with an ImportError, never anything else). */
function failure(bytes: Uint8Array): string {
  try {
    readOnnx(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('expected the model to be rejected');
}

const tiny = (over: Partial<ModelDef> = {}): ModelDef => ({
  opset: 13,
  inputs: [{ name: 'x', dims: [1, 3, 8, 8] }],
  outputs: ['y'],
  inits: [{ name: 'w', dims: [4, 3, 3, 3] }],
  nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { pads: { ints: [1, 1, 1, 1] } } }],
  ...over,
});

describe('ONNX reader', () => {
  it('reads the PyTorch ResNet-50 export: 53 convs, 53 BNs, its initializers as dims only', () => {
    const g = readOnnx(torchFixture('resnet50', 'bnkept'));
    expect(g.format).toBe('ONNX');
    expect(g.producer).toBe('pytorch 1.13.0');
    expect(g.opset).toBe(TORCH_REFERENCE.nets.resnet50.opsets.bnkept);
    expect(g.inputs).toEqual([{ name: 'input', dtype: 'float32', dims: [1, 3, 224, 224] }]);
    expect(g.outputs).toEqual(['logits']);
    const ops = opCounts(g.nodes);
    expect(ops).toMatchObject({ Conv: 53, BatchNormalization: 53, Relu: 49, Add: 16, Gemm: 1, MaxPool: 1 });
    const w = g.constants.get('conv1.weight')!;
    expect(w).toEqual({ name: 'conv1.weight', dtype: 'float32', dims: [64, 3, 7, 7], data: 'none' });
    expect(g.notes.join(' ')).toMatch(/holds no weight values/);
  });

  it('keeps the dynamic batch dimension of the folded ResNet-18 as its name', () => {
    const g = readOnnx(torchFixture('resnet18', 'bnfolded'));
    expect(g.inputs[0].dims).toEqual(['batch_size', 3, 224, 224]);
    expect(opCounts(g.nodes).BatchNormalization).toBeUndefined();
  });

  it('reads every committed PyTorch export in opsets 9 to 17', () => {
    for (const net of TORCH_NETS) {
      for (const bn of ['bnfolded', 'bnkept'] as const) {
        const g = readOnnx(torchFixture(net, bn));
        expect(g.opset).toBe(TORCH_REFERENCE.nets[net].opsets[bn]);
        expect(g.nodes.length).toBeGreaterThan(10);
      }
    }
  });

  it('takes the Constant-node weights of a paddle2onnx file (OCR classifier) as constants', () => {
    const g = readOnnx(packageFile(OCR_CLS));
    expect(g.inputs[0].dims).toEqual([
      'p2o.DynamicDimension.0',
      3,
      'p2o.DynamicDimension.1',
      'p2o.DynamicDimension.2',
    ]);
    expect(g.nodes.some((n) => n.op === 'Constant')).toBe(false);
    const conv = g.nodes.find((n) => n.op === 'Conv')!;
    const w = g.constants.get(conv.inputs[1])!;
    expect(w.dims.length).toBe(4);
    expect(w.data).toBe('inline');
  });

  it('reads weights written inline, left out, or marked external, and the values of small tensors', () => {
    const withData = readOnnx(buildOnnx(tiny()));
    expect(withData.constants.get('w')!.data).toBe('inline');
    expect(withData.constants.get('w')!.values).toBeUndefined();
    const without = readOnnx(buildOnnx(tiny({ inits: [{ name: 'w', dims: [4, 3, 3, 3], noData: true }] })));
    expect(without.constants.get('w')!.data).toBe('none');
    const shape = readOnnx(
      buildOnnx(
        tiny({
          inits: [
            { name: 'w', dims: [4, 3, 3, 3] },
            { name: 's', dims: [2], dtype: 'int64', values: [1, -1] },
          ],
          nodes: [
            { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
            { op: 'Reshape', inputs: ['c', 's'], outputs: ['y'] },
          ],
        }),
      ),
    );
    expect(shape.constants.get('s')!.values).toEqual([1, -1]);
  });

  it('reads attributes of every kind, with proto3 zero values left out', () => {
    const g = readOnnx(
      buildOnnx(
        tiny({
          nodes: [
            {
              op: 'Conv',
              inputs: ['x', 'w'],
              outputs: ['y'],
              attrs: {
                group: { i: 1 },
                pads: { ints: [0, 1, 0, 1] },
                auto_pad: { s: 'NOTSET' },
                strides: { ints: [2, 1] },
              },
            },
          ],
        }),
      ),
    );
    expect(g.nodes[0].attrs).toEqual({ group: 1, pads: [0, 1, 0, 1], auto_pad: 'NOTSET', strides: [2, 1] });
    const leaky = readOnnx(
      buildOnnx({
        opset: 13,
        inputs: [{ name: 'x', dims: [1, 4] }],
        outputs: ['y'],
        nodes: [{ op: 'LeakyRelu', inputs: ['x'], outputs: ['y'], attrs: { alpha: { f: 0.25 } } }],
      }),
    );
    expect(leaky.nodes[0].attrs.alpha).toBe(0.25);
  });

  it('turns Constant nodes into constants, values included (a Clip bound, a shape)', () => {
    const g = readOnnx(
      buildOnnx({
        opset: 13,
        inputs: [{ name: 'x', dims: [1, 4] }],
        outputs: ['y'],
        nodes: [
          {
            op: 'Constant',
            inputs: [],
            outputs: ['lo'],
            attrs: { value: { t: { name: '', dims: [], values: [0] } } },
          },
          { op: 'Constant', inputs: [], outputs: ['hi'], attrs: { value_float: { f: 6 } } },
          { op: 'Clip', inputs: ['x', 'lo', 'hi'], outputs: ['y'] },
        ],
      }),
    );
    expect(g.nodes.map((n) => n.op)).toEqual(['Clip']);
    expect(g.constants.get('lo')).toMatchObject({ dims: [], values: [0] });
    expect(g.constants.get('hi')).toMatchObject({ dims: [], values: [6], dtype: 'float32' });
  });

  it('takes graph inputs that have an initializer as weights (IR version 3 lists every weight as an input)', () => {
    const g = readOnnx(
      buildOnnx(
        tiny({
          irVersion: 3,
          inputs: [
            { name: 'x', dims: [1, 3, 8, 8] },
            { name: 'w', dims: [4, 3, 3, 3] },
          ],
        }),
      ),
    );
    expect(g.inputs.map((v) => v.name)).toEqual(['x']);
    expect(g.constants.has('w')).toBe(true);
  });

  it('sorts nodes written out of order, and names the node of a cycle', () => {
    const g = readOnnx(
      buildOnnx({
        opset: 13,
        inputs: [{ name: 'x', dims: [1, 4] }],
        outputs: ['b'],
        nodes: [
          { op: 'Relu', inputs: ['a'], outputs: ['b'], name: 'second' },
          { op: 'Relu', inputs: ['x'], outputs: ['a'], name: 'first' },
        ],
      }),
    );
    expect(g.nodes.map((n) => n.name)).toEqual(['first', 'second']);
    const cyc = buildOnnx({
      opset: 13,
      inputs: [{ name: 'x', dims: [1, 4] }],
      outputs: ['b'],
      nodes: [
        { op: 'Add', inputs: ['x', 'b'], outputs: ['a'], name: 'one' },
        { op: 'Relu', inputs: ['a'], outputs: ['b'], name: 'two' },
      ],
    });
    expect(failure(cyc)).toBe('the graph has a cycle through node "one" (Add)');
  });

  it('rejects broken graphs with a message naming the node and the value', () => {
    expect(
      failure(
        buildOnnx(tiny({ nodes: [{ op: 'Conv', inputs: ['x', 'nope'], outputs: ['y'], name: 'c1' }] })),
      ),
    ).toBe('node "c1" (Conv) reads "nope", which no node, constant or graph input defines');
    expect(
      failure(
        buildOnnx(
          tiny({
            outputs: ['y'],
            nodes: [
              { op: 'Relu', inputs: ['x'], outputs: ['y'], name: 'r1' },
              { op: 'Relu', inputs: ['x'], outputs: ['y'], name: 'r2' },
            ],
          }),
        ),
      ),
    ).toBe('value "y" is defined twice (by node "r2" (Relu) and by node "r1" (Relu))');
    expect(failure(buildOnnx(tiny({ outputs: ['z'] })))).toBe('graph output "z" is not produced by any node');
    expect(failure(buildOnnx(tiny({ opset: 6 })))).toBe(
      'the model uses ONNX operator set 6; this reader supports 7 to 23',
    );
  });

  it('rejects a tensor whose raw data does not match its dims, naming the initializer', () => {
    const bytes = buildOnnx(tiny({ inits: [{ name: 'w', dims: [4, 3, 3, 3] }] }));
    // Grow the declared dim 4 to 5: the raw data (4*3*3*3 floats) no longer fits.
    const good = readOnnx(bytes);
    expect(good.constants.get('w')!.dims).toEqual([4, 3, 3, 3]);
    const bad = buildOnnx(
      tiny({ inits: [{ name: 'w', dims: [5, 3, 3, 3], values: new Array(108).fill(0) }] }),
    );
    expect(failure(bad)).toBe('initializer 1 "w" holds 108 values, its dims [5, 3, 3, 3] need 135');
  });

  it('says what is wrong with bytes that are not an ONNX model', () => {
    expect(failure(new Uint8Array())).toBe('the file is empty');
    expect(failure(new TextEncoder().encode('{"format": "layers-model"}'))).toMatch(
      /^this is not a valid ONNX file: /,
    );
    const model = torchFixture('resnet18', 'bnkept');
    expect(failure(model.subarray(0, model.length - 7))).toMatch(
      /^this is not a valid ONNX file: the data ends early at byte \d+/,
    );
  });
});
