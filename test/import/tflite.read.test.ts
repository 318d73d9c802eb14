import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/import/errors.ts';
import { inferShapes } from '../../src/import/infer/index.ts';
import { numel } from '../../src/import/ir.ts';
import { readTflite } from '../../src/import/tflite/read.ts';
import { FIXTURES } from './fixtures.ts';
import { buildTflite } from './tfliteBuild.ts';
import { TINY_MOBILENET_PARAMS, tinyMobilenet, tinyMobilenetBytes } from './tfliteFixture.ts';

const committed = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, 'tflite', name)));

function failure(bytes: Uint8Array): string {
  try {
    readTflite(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('expected the model to be rejected');
}

describe('TFLite reader', () => {
  it('reads the committed fixtures, which are what the generator writes', () => {
    expect(committed('tiny-mobilenet.tflite')).toEqual(tinyMobilenetBytes(false));
    expect(committed('tiny-mobilenet-int8.tflite')).toEqual(tinyMobilenetBytes(true));
  });

  it('writes each builtin op as its ONNX op, weights in ONNX order, fused activations as nodes', () => {
    const g = readTflite(committed('tiny-mobilenet.tflite'));
    expect(g.layout).toBe('NHWC');
    expect(g.producer).toBe('convcost tiny MobileNet');
    expect(g.inputs).toEqual([{ name: 'input', dtype: 'float32', dims: ['?', 32, 32, 3] }]);
    expect(g.nodes.map((n) => n.op)).toEqual([
      'Conv',
      'Clip',
      'Conv',
      'Clip',
      'Conv',
      'Add',
      'Conv',
      'Relu',
      'Pad',
      'Conv',
      'ReduceMean',
      'Gemm',
      'Softmax',
    ]);
    const stem = g.nodes[0];
    expect(stem.attrs).toEqual({ strides: [2, 2], dilations: [1, 1], auto_pad: 'SAME_UPPER', group: 1 });
    // CONV_2D filter [O, kh, kw, I] = [16, 3, 3, 3] -> [O, I, kh, kw]; DEPTHWISE [1, 3, 3, 16] -> [16, 1, 3, 3].
    expect(g.constants.get(stem.inputs[1])!.dims).toEqual([16, 3, 3, 3]);
    expect(g.nodes[2].attrs.group).toBe(16);
    expect(g.constants.get(g.nodes[2].inputs[1])!.dims).toEqual([16, 1, 3, 3]);
    expect(g.constants.get(g.nodes[1].inputs[2])!.values).toEqual([6]);
    // PAD [[0,0],[1,1],[1,1],[0,0]] -> ONNX begins then ends.
    expect(g.constants.get(g.nodes[8].inputs[1])!.values).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
  });

  it('infers every stored tensor shape from the input, and the weights add up to the hand count', () => {
    for (const int8 of [false, true]) {
      const g = readTflite(tinyMobilenetBytes(int8));
      const inf = inferShapes(g);
      for (const [name, v] of g.valueInfo)
        expect(`${name} ${inf.tensors.get(name)?.dims}`).toBe(
          `${name} ${v.dims!.map((d) => (d === '?' ? 1 : d))}`,
        );
      const weights = [...g.constants.values()].filter(
        (c) =>
          c.data === 'inline' && c.dtype !== 'int64' && !/:m(in|ax)$/.test(c.name) && c.name !== 'mean/axes',
      );
      expect(weights.reduce((a, c) => a + numel(c.dims), 0)).toBe(TINY_MOBILENET_PARAMS);
      expect(g.constants.get('stem/w:oihw')!.dtype).toBe(int8 ? 'int8' : 'float32');
    }
  });

  it('rejects files that are not TFLite, truncated, or name tensors that do not exist', () => {
    expect(failure(new Uint8Array([1, 2, 3]))).toBe('the file is too short to be a TFLite model');
    expect(failure(new TextEncoder().encode('12345678 not a model'))).toBe(
      'this is not a TFLite model (it lacks the "TFL3" identifier)',
    );
    const bytes = tinyMobilenetBytes();
    expect(failure(bytes.subarray(0, 200))).toMatch(
      /^this is not a valid TFLite file: an offset points outside the file/,
    );
    const bad = tinyMobilenet();
    bad.ops[0].inputs[0] = 99;
    expect(failure(buildTflite(bad))).toBe('operator 1 (CONV_2D) refers to tensor 99, which does not exist');
  });

  it('keeps an op it cannot translate, with the shape the file stores for its output', () => {
    const m = tinyMobilenet();
    m.ops[9] = { code: 200, inputs: [23], outputs: [24] };
    const g = readTflite(buildTflite(m));
    const last = g.nodes[g.nodes.length - 1];
    expect(last).toMatchObject({ op: 'BUILTIN_200', domain: 'tflite' });
    expect(inferShapes(g).tensors.get('softmax')!.dims).toEqual([1, 10]);
  });
});
