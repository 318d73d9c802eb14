import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/import/errors.ts';
import { inferShapes } from '../../src/import/infer/index.ts';
import { readKerasH5, readKerasZip } from '../../src/import/keras/read.ts';
import { kerasToIr } from '../../src/import/keras/topology.ts';
import { readModelFile } from '../../src/import/read.ts';
import { readTfjs } from '../../src/import/tfjs/read.ts';
import { FIXTURES, nsfwModel } from './fixtures.ts';

const keras = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, 'keras', name)));
const REF: {
  countParams: number;
  weights: { name: string; dims: number[] }[];
  outputShapes: Record<string, (number | null)[][]>;
} = JSON.parse(readFileSync(join(FIXTURES, 'keras', 'reference.json'), 'utf8'));
/** Every layer call's inferred output dims (batch dropped) against TensorFlow.js layers' own. */
function shapeDiffs(g: ReturnType<typeof readKerasH5>, ref: Record<string, (number | null)[][]>): string[] {
  const inf = inferShapes(g);
  const diffs: string[] = [];
  for (const [layer, calls] of Object.entries(ref)) {
    calls.forEach((s, k) => {
      const name = `${layer}${k ? `#${k}` : ''}`;
      const ours = inf.tensors.get(name)?.dims.slice(1).join('x');
      if (ours !== s.slice(1).join('x')) diffs.push(`${name}: ${ours} vs ${s.slice(1).join('x')}`);
    });
  }
  return diffs;
}

describe('Keras readers', () => {
  it('reads the legacy .h5: the model_config topology, and its stored weights match TensorFlow.js layers', () => {
    const g = readKerasH5(keras('tiny.h5'), { listWeights: true });
    expect(g.producer).toBe('Keras 2.15.0');
    expect(g.inputs).toEqual([{ name: 'image', dtype: 'float32', dims: ['?', 32, 32, 3] }]);
    const stored = (g as { weights?: { dims: readonly number[] }[] }).weights!;
    expect(stored.length).toBe(REF.weights.length);
    expect(stored.map((w) => w.dims.join('x')).sort()).toEqual(
      REF.weights.map((w) => w.dims.join('x')).sort(),
    );
    expect(shapeDiffs(g, REF.outputShapes)).toEqual([]);
  });

  it('reads the Keras 3 .keras archive (__keras_tensor__ inbound nodes, batch_shape) to the same graph', () => {
    const g3 = readKerasZip(keras('tiny.keras'));
    const g2 = readKerasH5(keras('tiny.h5'));
    expect(g3.producer).toBe('Keras 3.6.0');
    expect(g3.nodes.map((n) => `${n.op} ${n.inputs.join(',')} -> ${n.outputs.join(',')}`)).toEqual(
      g2.nodes.map((n) => `${n.op} ${n.inputs.join(',')} -> ${n.outputs.join(',')}`),
    );
    expect(shapeDiffs(g3, REF.outputShapes)).toEqual([]);
    // Keras 3 records each input tensor's shape: they are kept as declared shapes.
    expect(g3.valueInfo.get('conv1')?.dims).toEqual(['?', 16, 16, 16]);
  });

  it('writes a shared layer once per call and a nested model inline', () => {
    const conv = (name: string, inbound: unknown[]) => ({
      class_name: 'Conv2D',
      name,
      config: { name, filters: 4, kernel_size: 3, padding: 'same', use_bias: true, activation: 'relu' },
      inbound_nodes: inbound,
    });
    const inner = {
      class_name: 'Sequential',
      name: 'block',
      config: {
        name: 'block',
        layers: [
          { class_name: 'Conv2D', config: { name: 'c', filters: 6, kernel_size: [1, 1], use_bias: false } },
        ],
      },
      inbound_nodes: [[['a', 1, 0, {}]]],
    };
    const g = kerasToIr(
      {
        class_name: 'Functional',
        config: {
          name: 'outer',
          layers: [
            {
              class_name: 'InputLayer',
              name: 'x',
              config: { name: 'x', batch_input_shape: [null, 8, 8, 4] },
              inbound_nodes: [],
            },
            conv('a', [[['x', 0, 0, {}]], [['a', 0, 0, {}]]]),
            inner,
          ],
          input_layers: [['x', 0, 0]],
          output_layers: [['block', 0, 0]],
        },
      },
      'Keras',
    );
    const convs = g.nodes.filter((n) => n.op === 'Conv');
    expect(convs.map((n) => `${n.inputs[0]} -> ${n.outputs[0]}`)).toEqual([
      'x -> a:pre-activation',
      'a -> a#1:pre-activation',
      'a#1 -> block/c',
    ]);
    expect(inferShapes(g).tensors.get('block')!.dims).toEqual([1, 8, 8, 6]);
  });

  it('reads the TensorFlow.js layers models shipped in nsfwjs (Keras 2.2.4 topologies) to TensorFlow.js shapes', () => {
    for (const [name, input, out] of [
      ['mobilenet_v2', 224, 5],
      ['inception_v3', 299, 5],
    ] as const) {
      const g = readTfjs(nsfwModel(name));
      expect(g.inputs[0].dims).toEqual(['?', input, input, 3]);
      const inf = inferShapes(g);
      expect(inf.unknown.size).toBe(0);
      expect(inf.tensors.get(g.outputs[0])!.dims).toEqual([1, out]);
    }
  });

  it('reads the TensorFlow.js graph model shipped in nsfwjs: fused convs, depthwise filters, weight shapes from the manifest', () => {
    const g = readTfjs(nsfwModel('mobilenet_v2_mid'));
    const ops = new Set(g.nodes.map((n) => n.op));
    expect([...ops].sort()).toEqual(
      ['Add', 'AveragePool', 'Clip', 'Conv', 'Gemm', 'Identity', 'Mul', 'Softmax', 'Squeeze', 'Sub'].sort(),
    );
    const inf = inferShapes(g);
    expect(inf.unknown.size).toBe(0);
    expect(inf.tensors.get(g.outputs[0])!.dims).toEqual([1, 5]);
  });

  it('tells the format from the bytes and says what is wrong with a damaged or foreign file', () => {
    expect(readModelFile(keras('tiny.keras')).format).toBe('Keras');
    const fail = (b: Uint8Array) => {
      try {
        readModelFile(b);
      } catch (e) {
        expect(e).toBeInstanceOf(ImportError);
        return (e as Error).message;
      }
      throw new Error('expected a rejection');
    };
    const k = keras('tiny.keras');
    expect(fail(k.subarray(0, 100))).toMatch(/^the \.keras archive is damaged/);
    const h5 = keras('tiny.h5');
    expect(fail(h5.subarray(0, 600))).toMatch(/HDF5|could not be read/);
    expect(fail(new TextEncoder().encode('{"modelTopology": 3}'))).toBe(
      'this is not a TensorFlow.js model.json (it has no modelTopology)',
    );
    expect(
      fail(
        new TextEncoder().encode(
          '{"format": "layers-model", "modelTopology": {"class_name": "Model", "config": {"layers": [], "output_layers": []}}}',
        ),
      ),
    ).toBe('the Model "" names no output layers');
  });
});
