import { describe, expect, it } from 'vitest';
import {
  conv2dCost,
  explicitPadding,
  outSize,
  samePadTotal,
  shape,
  windowOutput,
} from '../../src/core/index.ts';
import { costError } from '../costError.ts';

describe('output size along one axis', () => {
  it('follows floor((H + pad - d(K-1) - 1) / s) + 1 for explicit padding', () => {
    // ResNet stem: (224 + 6 - 6 - 1) / 2 + 1 = 111.5 -> 111 + 1 = 112.
    expect(outSize(224, 7, 2, 1, 6)).toBe(112);
    // 3x3, pad 1 each side, stride 1 keeps the size: (32 + 2 - 2 - 1) + 1 = 32.
    expect(outSize(32, 3, 1, 1, 2)).toBe(32);
    // Asymmetric total padding 1: (5 + 1 - 2 - 1)/2 + 1 = 1.5 -> 2.
    expect(outSize(5, 3, 2, 1, 1)).toBe(2);
  });

  it('uses valid padding as zero padding: ceil((H - d(K-1)) / s)', () => {
    // (224 - 7)/2 + 1 = 108.5 -> 109 = ceil((224 - 6) / 2).
    expect(outSize(224, 7, 2, 1, 0)).toBe(109);
    expect(Math.ceil((224 - 6) / 2)).toBe(109);
    expect(outSize(6, 3, 1, 1, 0)).toBe(4);
  });

  it("uses TensorFlow's same padding: ceil(H / s) whatever the kernel", () => {
    expect(outSize(224, 7, 2, 1, 'same')).toBe(112);
    expect(outSize(7, 3, 2, 1, 'same')).toBe(4);
    expect(outSize(1, 3, 2, 1, 'same')).toBe(1);
    expect(outSize(32, 3, 1, 4, 'same')).toBe(32);
  });

  it('applies dilation to the kernel span d(K-1)+1', () => {
    // 3x3 with dilation 2 spans 5 pixels: valid on 32 -> 32 - 5 + 1 = 28; dilation 3 spans 7 -> 26.
    expect(outSize(32, 3, 1, 2, 0)).toBe(28);
    expect(outSize(32, 3, 1, 3, 0)).toBe(26);
    // Stride 2 with dilation 2 and pad 4: (32 + 4 - 5)/2 + 1 = 15.5 -> 16.
    expect(outSize(32, 3, 2, 2, 4)).toBe(16);
  });
});

describe("TensorFlow's same padding made explicit", () => {
  it('adds max((ceil(H/s) - 1) s + d(K-1) + 1 - H, 0) pixels', () => {
    // 224, K 7, s 2: (112 - 1) * 2 + 7 - 224 = 5.
    expect(samePadTotal(224, 7, 2, 1)).toBe(5);
    // 7, K 3, s 2: (4 - 1) * 2 + 3 - 7 = 2.
    expect(samePadTotal(7, 3, 2, 1)).toBe(2);
    // 8, K 1, s 2: (4 - 1) * 2 + 1 - 8 = -1 -> 0.
    expect(samePadTotal(8, 1, 2, 1)).toBe(0);
    // Dilation 2 on a 3x3: span 5, stride 1: 5 - 1 = 4.
    expect(samePadTotal(10, 3, 1, 2)).toBe(4);
  });

  it('puts the odd pixel at the bottom and the right', () => {
    // H 224, K 7, s 2: 5 -> 2 top, 3 bottom; W 5, K 2, s 1: 1 -> 0 left, 1 right.
    const p = explicitPadding(shape(1, 224, 5, 3), [7, 2], [2, 1], [1, 1], 'same');
    expect(p).toEqual([2, 3, 0, 1]);
    expect(explicitPadding(shape(1, 8, 8, 3), [3, 3], [1, 1], [1, 1], 'valid')).toEqual([0, 0, 0, 0]);
    expect(explicitPadding(shape(1, 8, 8, 3), [3, 3], [1, 1], [1, 1], [1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
  });

  it('gives the same output size as the explicit padding it stands for', () => {
    for (const [h, k, s, d] of [
      [224, 7, 2, 1],
      [7, 3, 2, 1],
      [13, 5, 3, 2],
      [9, 2, 2, 1],
    ]) {
      expect(outSize(h, k, s, d, samePadTotal(h, k, s, d))).toBe(outSize(h, k, s, d, 'same'));
    }
  });
});

describe('window output in two dimensions', () => {
  it('handles non-square kernels: 1x3 shrinks only the width, 3x1 only the height', () => {
    const x = shape(1, 32, 16, 8);
    expect(windowOutput(x, [1, 3], [1, 1], [1, 1], 'valid')).toEqual({ h: 32, w: 14 });
    expect(windowOutput(x, [3, 1], [1, 1], [1, 1], 'valid')).toEqual({ h: 30, w: 16 });
    expect(windowOutput(x, [1, 3], [1, 1], [1, 1], 'same')).toEqual({ h: 32, w: 16 });
  });

  it('handles non-square strides: a 2x1 kernel with stride 2x1 halves only the height (EffNet)', () => {
    // h: (32 - 2)/2 + 1 = 16; w: (16 - 1)/1 + 1 = 16.
    expect(windowOutput(shape(1, 32, 16, 8), [2, 1], [2, 1], [1, 1], 'valid')).toEqual({ h: 16, w: 16 });
    // Stride 1x2 with same padding: ceil(32/1) x ceil(15/2) = 32 x 8.
    expect(windowOutput(shape(1, 32, 15, 8), [1, 3], [1, 2], [1, 1], 'same')).toEqual({ h: 32, w: 8 });
  });

  it('uses [top, bottom, left, right] explicit padding per axis', () => {
    // h: (8 + 1 + 0 - 3)/1 + 1 = 7; w: (8 + 2 + 2 - 3)/1 + 1 = 10.
    expect(windowOutput(shape(1, 8, 8, 1), [3, 3], [1, 1], [1, 1], [1, 0, 2, 2])).toEqual({ h: 7, w: 10 });
  });

  it('counts a 2x1 stride-2 conv of EffNet by hand', () => {
    // 1x16x16x32 -> 64 filters 2x1, stride [2, 1], valid: out 8x16x64 (8192 elements).
    // MACs = 8*16 * 64 * 32 * 2 = 524288; params = 64 * 32 * 2 = 4096.
    const c = conv2dCost([shape(1, 16, 16, 32)], {
      op: 'conv2d',
      filters: 64,
      kernel: [2, 1],
      stride: [2, 1],
      padding: 'valid',
      dilation: [1, 1],
      groups: 1,
      bias: false,
    });
    expect(c.out).toEqual(shape(1, 8, 16, 64));
    expect(c.macs).toBe(524288);
    expect(c.params).toBe(4096);
  });
});

describe('impossible sizes are errors naming the field and the value', () => {
  it('rejects a kernel larger than the padded input', () => {
    const e = costError(() => outSize(4, 7, 1, 1, 0));
    expect(e.field).toBe('kernel');
    expect(e.value).toBe(7);
    expect(e.message).toContain('larger than the padded input 4');
    // Dilation makes a small kernel too large: 3x3 with dilation 3 spans 7 > 5.
    const d = costError(() => windowOutput(shape(1, 5, 5, 1), [3, 3], [1, 1], [3, 3], 'valid'));
    expect(d.field).toBe('kernel');
  });

  it('rejects non-positive kernels, strides and dilations', () => {
    const x = shape(1, 8, 8, 1);
    const k = costError(() => windowOutput(x, [0, 3], [1, 1], [1, 1], 'same'));
    expect([k.field, k.value]).toEqual(['kernel', 0]);
    const s = costError(() => windowOutput(x, [3, 3], [1, -2], [1, 1], 'same'));
    expect([s.field, s.value]).toEqual(['stride', -2]);
    const d = costError(() => windowOutput(x, [3, 3], [1, 1], [0, 1], 'valid'));
    expect([d.field, d.value]).toEqual(['dilation', 0]);
    const p = costError(() => windowOutput(x, [3, 3], [1, 1], [1, 1], [1, -1, 1, 1]));
    expect([p.field, p.value]).toEqual(['padding', -1]);
    const f = costError(() =>
      conv2dCost([x], {
        op: 'conv2d',
        filters: 0,
        kernel: [3, 3],
        stride: [1, 1],
        padding: 'same',
        dilation: [1, 1],
        groups: 1,
        bias: false,
      }),
    );
    expect([f.field, f.value]).toEqual(['filters', 0]);
  });

  it('rejects channels not divisible by the groups', () => {
    const spec = {
      op: 'conv2d' as const,
      filters: 8,
      kernel: [3, 3] as const,
      stride: [1, 1] as const,
      padding: 'same' as const,
      dilation: [1, 1] as const,
      groups: 4,
      bias: false,
    };
    const input = costError(() => conv2dCost([shape(1, 8, 8, 6)], spec));
    expect([input.field, input.value]).toEqual(['groups', 6]);
    expect(input.message).toBe('input channels 6 not divisible by groups = 4');
    const output = costError(() => conv2dCost([shape(1, 8, 8, 8)], { ...spec, filters: 10 }));
    expect([output.field, output.value]).toEqual(['groups', 10]);
  });
});
