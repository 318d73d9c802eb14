import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_FLOPS,
  type ActivationFn,
  NO_EXTRAS,
  type OpCost,
  type OpSpec,
  opCost,
  type Shape,
  shape,
} from '../../src/core/index.ts';
import { costError } from '../costError.ts';

/** The cost of one op on the given input shapes. */
const cost = (inputs: Shape[], spec: OpSpec): OpCost => opCost(inputs, spec);

const conv = (
  filters: number,
  kernel: [number, number],
  o: Partial<{ stride: [number, number]; padding: 'same' | 'valid'; groups: number; bias: boolean }> = {},
): OpSpec => ({
  op: 'conv2d',
  filters,
  kernel,
  stride: o.stride ?? [1, 1],
  padding: o.padding ?? 'same',
  dilation: [1, 1],
  groups: o.groups ?? 1,
  bias: o.bias ?? false,
});

describe('conv2d', () => {
  it('counts a standard 3x3 conv with bias by hand', () => {
    // 1x8x8x3 -> 16 filters 3x3, same, stride 1: output 1x8x8x16 (1024 elements).
    // per output position: N * M * K^2 = 16 * 3 * 9 = 432 MACs
    // MACs = 8*8 * 432 = 27648; params = 432 weights + 16 bias = 448; bias add = 1024 FLOPs.
    const c = cost([shape(1, 8, 8, 3)], conv(16, [3, 3], { bias: true }));
    expect(c.out).toEqual(shape(1, 8, 8, 16));
    expect(c.macs).toBe(27648);
    expect(c.params).toBe(448);
    expect(c.buffers).toBe(0);
    expect(c.extra).toEqual({ ...NO_EXTRAS, bias: 1024 });
    expect(c.layer).toBe(true);
    expect(c.newTensor).toBe(true);
  });

  it('divides a grouped conv by the number of groups', () => {
    // 1x6x6x8 -> 12 filters 3x3, 4 groups, valid: output (6-3)/1+1 = 4 -> 1x4x4x12.
    // per position: N * (M/G) * K^2 = 12 * 2 * 9 = 216; MACs = 16 * 216 = 3456 (standard: 13824 = 4 x 3456).
    // params = 216, no bias, so no bias FLOPs.
    const c = cost([shape(1, 6, 6, 8)], conv(12, [3, 3], { groups: 4, padding: 'valid' }));
    expect(c.out).toEqual(shape(1, 4, 4, 12));
    expect(c.macs).toBe(3456);
    expect(c.params).toBe(216);
    expect(c.buffers).toBe(0);
    expect(c.extra).toEqual(NO_EXTRAS);
  });

  it('counts a depthwise conv with depth multiplier 2 as Do^2 * M * K^2 * multiplier', () => {
    // 1x10x10x4, groups = 4, filters = 4 * 2 = 8, 3x3, stride 2, same: output ceil(10/2) = 5 -> 1x5x5x8.
    // per position: 8 * (4/4) * 9 = 72; MACs = 25 * 72 = 1800 = 5^2 * 4 * 9 * 2. params = 72.
    const c = cost([shape(1, 10, 10, 4)], conv(8, [3, 3], { groups: 4, stride: [2, 2] }));
    expect(c.out).toEqual(shape(1, 5, 5, 8));
    expect(c.macs).toBe(1800);
    expect(c.params).toBe(72);
    expect(c.extra).toEqual(NO_EXTRAS);
  });

  it('multiplies MACs and bias FLOPs by the batch but not the parameters', () => {
    // Same conv as the first test with batch 3: MACs 3 * 27648 = 82944, bias FLOPs 3 * 1024 = 3072, params 448.
    const c = cost([shape(3, 8, 8, 3)], conv(16, [3, 3], { bias: true }));
    expect(c.macs).toBe(82944);
    expect(c.extra.bias).toBe(3072);
    expect(c.params).toBe(448);
  });
});

describe('hetconv', () => {
  it("counts the paper's exact layer: M/P kernels KxK and M - M/P kernels 1x1 per filter", () => {
    // 1x8x8x16 -> 32 filters 3x3, P = 4: each filter has 16/4 = 4 kernels 3x3 and 12 kernels 1x1.
    // per position: 32 * (4*9 + 12) = 32 * 48 = 1536; MACs = 64 * 1536 = 98304; params = 1536.
    // closed form: 8^2*16*32*9/4 + 8^2*32*(16 - 4) = 73728 + 24576 = 98304.
    const c = cost([shape(1, 8, 8, 16)], {
      op: 'hetconv',
      filters: 32,
      kernel: [3, 3],
      part: 4,
      stride: [1, 1],
      padding: 'same',
      bias: false,
    });
    expect(c.out).toEqual(shape(1, 8, 8, 32));
    expect(c.macs).toBe(98304);
    expect(c.params).toBe(1536);
    expect(c.buffers).toBe(0);
    expect(c.extra).toEqual(NO_EXTRAS);
    expect(c.layer).toBe(true);
  });

  it('adds N bias parameters and one FLOP per output element when it has a bias', () => {
    // Same layer with bias and stride 2: output 1x4x4x32 (512 elements).
    // MACs = 16 * 1536 = 24576; params = 1536 + 32 = 1568; bias FLOPs = 512.
    const c = cost([shape(1, 8, 8, 16)], {
      op: 'hetconv',
      filters: 32,
      kernel: [3, 3],
      part: 4,
      stride: [2, 2],
      padding: 'same',
      bias: true,
    });
    expect(c.out).toEqual(shape(1, 4, 4, 32));
    expect(c.macs).toBe(24576);
    expect(c.params).toBe(1568);
    expect(c.extra.bias).toBe(512);
  });
});

describe('dense', () => {
  it('flattens the sample and counts features x units', () => {
    // 1x2x2x8 -> 32 features, 10 units with bias: MACs 320, params 320 + 10 = 330, bias FLOPs 10.
    const c = cost([shape(1, 2, 2, 8)], { op: 'dense', units: 10, bias: true });
    expect(c.out).toEqual(shape(1, 1, 1, 10));
    expect(c.macs).toBe(320);
    expect(c.params).toBe(330);
    expect(c.buffers).toBe(0);
    expect(c.extra).toEqual({ ...NO_EXTRAS, bias: 10 });
    expect(c.layer).toBe(true);
  });

  it('scales MACs with the batch, not the parameters', () => {
    // batch 2: MACs 2 * 320 = 640, bias FLOPs 20, params still 330.
    const c = cost([shape(2, 2, 2, 8)], { op: 'dense', units: 10, bias: true });
    expect(c.out).toEqual(shape(2, 1, 1, 10));
    expect(c.macs).toBe(640);
    expect(c.extra.bias).toBe(20);
    expect(c.params).toBe(330);
  });
});

describe('batchnorm', () => {
  it('has 2C parameters, 2C buffers and 2 FLOPs per element', () => {
    // 1x4x4x8 (128 elements): gamma + beta = 16 params, mean + var = 16 buffers, 2 * 128 = 256 FLOPs.
    const c = cost([shape(1, 4, 4, 8)], { op: 'batchnorm' });
    expect(c.out).toEqual(shape(1, 4, 4, 8));
    expect(c.macs).toBe(0);
    expect(c.params).toBe(16);
    expect(c.buffers).toBe(16);
    expect(c.extra).toEqual({ ...NO_EXTRAS, bn: 256 });
    expect(c.layer).toBe(false);
  });
});

describe('activations', () => {
  // 1x2x3x4 = 24 elements; FLOPs = rate * 24, worked per function below.
  const expected: Record<ActivationFn, number> = {
    linear: 0, // 0 * 24
    relu: 24, // 1 * 24
    relu6: 48, // 2 * 24
    leaky_relu: 48, // 2 * 24
    sigmoid: 96, // 4 * 24
    tanh: 120, // 5 * 24
    swish: 120, // 5 * 24
    hard_sigmoid: 72, // 3 * 24
    hard_swish: 96, // 4 * 24
  };
  for (const fn of Object.keys(ACTIVATION_FLOPS) as ActivationFn[]) {
    it(`${fn} costs ${expected[fn]} FLOPs on 24 elements, in place, with no MACs or parameters`, () => {
      const c = cost([shape(1, 2, 3, 4)], { op: 'activation', fn });
      expect(c.out).toEqual(shape(1, 2, 3, 4));
      expect(c.extra).toEqual({ ...NO_EXTRAS, act: expected[fn] });
      expect(c.macs).toBe(0);
      expect(c.params).toBe(0);
      expect(c.buffers).toBe(0);
      expect(c.newTensor).toBe(false);
    });
  }

  it('rejects an activation it does not know instead of counting zero', () => {
    const e = costError(() => cost([shape(1, 2, 2, 2)], { op: 'activation', fn: 'gelu' as ActivationFn }));
    expect(e.field).toBe('activation');
    expect(e.value).toBe('gelu');
  });
});

describe('pooling', () => {
  it('max pooling 2x2 stride 2 costs 3 compares per output element', () => {
    // 1x8x8x4 -> valid 2x2/2: (8-2)/2+1 = 4 -> 1x4x4x4 = 64 elements; 64 * (4 - 1) = 192 compares.
    const c = cost([shape(1, 8, 8, 4)], {
      op: 'pool',
      mode: 'max',
      kernel: [2, 2],
      stride: [2, 2],
      padding: 'valid',
    });
    expect(c.out).toEqual(shape(1, 4, 4, 4));
    expect(c.extra).toEqual({ ...NO_EXTRAS, pool: 192 });
    expect(c.macs).toBe(0);
    expect(c.params).toBe(0);
    expect(c.buffers).toBe(0);
  });

  it('average pooling 3x3 stride 2 same costs 9 FLOPs (8 adds and a divide) per output element', () => {
    // 1x8x8x4 -> same, stride 2: ceil(8/2) = 4 -> 64 elements; 64 * 9 = 576.
    const c = cost([shape(1, 8, 8, 4)], {
      op: 'pool',
      mode: 'avg',
      kernel: [3, 3],
      stride: [2, 2],
      padding: 'same',
    });
    expect(c.out).toEqual(shape(1, 4, 4, 4));
    expect(c.extra).toEqual({ ...NO_EXTRAS, pool: 576 });
  });

  it('global average pooling costs H*W FLOPs per channel and global max H*W - 1', () => {
    // 1x7x7x16: avg 16 * 49 = 784; max 16 * 48 = 768; output 1x1x1x16.
    const avg = cost([shape(1, 7, 7, 16)], { op: 'globalpool', mode: 'avg' });
    const max = cost([shape(1, 7, 7, 16)], { op: 'globalpool', mode: 'max' });
    expect(avg.out).toEqual(shape(1, 1, 1, 16));
    expect(avg.extra).toEqual({ ...NO_EXTRAS, pool: 784 });
    expect(max.extra).toEqual({ ...NO_EXTRAS, pool: 768 });
    expect(avg.params).toBe(0);
    expect(avg.macs).toBe(0);
  });
});

describe('element-wise and structural ops', () => {
  it('add of three tensors costs two FLOPs per element', () => {
    // 3 x 1x4x4x8 (128 elements): (3 - 1) * 128 = 256 FLOPs in "other".
    const x = shape(1, 4, 4, 8);
    const c = cost([x, x, x], { op: 'add' });
    expect(c.out).toEqual(x);
    expect(c.extra).toEqual({ ...NO_EXTRAS, other: 256 });
    expect(c.macs).toBe(0);
    expect(c.params).toBe(0);
    expect(c.newTensor).toBe(true);
  });

  it('add rejects tensors of different shapes', () => {
    const e = costError(() => cost([shape(1, 4, 4, 8), shape(1, 4, 4, 16)], { op: 'add' }));
    expect(e.field).toBe('shape');
    expect(e.value).toBe('1x4x4x16');
  });

  it('concat sums the channels and costs no FLOPs', () => {
    // 1x4x4x8 ++ 1x4x4x24 -> 1x4x4x32.
    const c = cost([shape(1, 4, 4, 8), shape(1, 4, 4, 24)], { op: 'concat' });
    expect(c.out).toEqual(shape(1, 4, 4, 32));
    expect(c.extra).toEqual(NO_EXTRAS);
    expect(c.macs).toBe(0);
    expect(c.params).toBe(0);
  });

  it('concat rejects tensors of different spatial size', () => {
    const e = costError(() => cost([shape(1, 4, 4, 8), shape(1, 2, 2, 8)], { op: 'concat' }));
    expect(e.field).toBe('shape');
    expect(e.message).toContain('1x2x2x8');
  });

  it('multiply broadcasts a per-channel scale at one FLOP per element', () => {
    // x 1x4x4x8 (128 elements) times s 1x1x1x8: 128 FLOPs, output 1x4x4x8.
    const c = cost([shape(1, 4, 4, 8), shape(1, 1, 1, 8)], { op: 'multiply' });
    expect(c.out).toEqual(shape(1, 4, 4, 8));
    expect(c.extra).toEqual({ ...NO_EXTRAS, other: 128 });
    expect(c.params).toBe(0);
  });

  it('multiply rejects a scale with the wrong number of channels', () => {
    const e = costError(() => cost([shape(1, 4, 4, 8), shape(1, 1, 1, 4)], { op: 'multiply' }));
    expect(e.field).toBe('shape');
  });

  it('shuffle is a free permutation that needs C divisible by its groups', () => {
    // 1x4x4x12 with 3 groups: same shape, 0 FLOPs; 5 groups does not divide 12.
    const c = cost([shape(1, 4, 4, 12)], { op: 'shuffle', groups: 3 });
    expect(c.out).toEqual(shape(1, 4, 4, 12));
    expect(c.extra).toEqual(NO_EXTRAS);
    expect(c.touchesData).toBe(true);
    const e = costError(() => cost([shape(1, 4, 4, 12)], { op: 'shuffle', groups: 5 }));
    expect(e.field).toBe('groups');
    expect(e.value).toBe(12);
  });

  it('slice keeps channels [start, start + size) and rejects a range outside the input', () => {
    // 1x4x4x12, channels [4, 12) -> 1x4x4x8; [8, 16) is outside 0..12.
    const c = cost([shape(1, 4, 4, 12)], { op: 'slice', start: 4, size: 8 });
    expect(c.out).toEqual(shape(1, 4, 4, 8));
    expect(c.extra).toEqual(NO_EXTRAS);
    const e = costError(() => cost([shape(1, 4, 4, 12)], { op: 'slice', start: 8, size: 8 }));
    expect(e.field).toBe('channels');
    expect(e.value).toBe(8);
  });

  it('flatten is a reshape that writes and reads no data', () => {
    // 1x3x3x8 -> 1x1x1x72.
    const c = cost([shape(1, 3, 3, 8)], { op: 'flatten' });
    expect(c.out).toEqual(shape(1, 1, 1, 72));
    expect(c.newTensor).toBe(false);
    expect(c.touchesData).toBe(false);
    expect(c.extra).toEqual(NO_EXTRAS);
    expect(c.params).toBe(0);
  });

  it('padshortcut subsamples by its stride and zero-pads channels with no parameters', () => {
    // 1x32x32x16, stride 2, 32 channels -> ceil(32/2) = 16 -> 1x16x16x32; 0 params, 0 FLOPs.
    const c = cost([shape(1, 32, 32, 16)], { op: 'padshortcut', stride: 2, channels: 32 });
    expect(c.out).toEqual(shape(1, 16, 16, 32));
    expect(c.params).toBe(0);
    expect(c.macs).toBe(0);
    expect(c.extra).toEqual(NO_EXTRAS);
    const e = costError(() => cost([shape(1, 8, 8, 16)], { op: 'padshortcut', stride: 1, channels: 8 }));
    expect(e.field).toBe('channels');
    expect(e.value).toBe(8);
  });

  it('an op kind the model does not know is an error, never a zero', () => {
    const e = costError(() => cost([shape(1, 2, 2, 2)], { op: 'warp' } as unknown as OpSpec));
    expect(e.field).toBe('op');
    expect(e.value).toBe('warp');
  });
});
