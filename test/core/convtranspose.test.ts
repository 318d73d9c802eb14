import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convtransposeCost, transposedCropOffset } from '../../src/core/index.ts';
import type { ConvTransposeSpec } from '../../src/core/ops/types.ts';

const spec = (p: Partial<ConvTransposeSpec>): ConvTransposeSpec => ({
  op: 'convtranspose',
  filters: 8,
  kernel: [2, 2],
  stride: [2, 2],
  padding: 'valid',
  outputPadding: [0, 0],
  groups: 1,
  bias: false,
  ...p,
});
const x = { n: 1, h: 28, w: 28, c: 16 };

describe('transposed conv cost', () => {
  it("U-Net's 2x2 up-conv, 16 -> 8 channels on 28x28: 56x56x8, 28*28*16*8*2*2 = 401,408 MACs, 512 params", () => {
    const c = convtransposeCost([x], spec({}));
    expect(c.out).toEqual({ n: 1, h: 56, w: 56, c: 8 });
    expect(c.macs).toBe(28 * 28 * 16 * 8 * 4);
    expect(c.params).toBe(16 * 8 * 4);
  });

  it('a 3x3 "same" at stride 2 doubles the side and crops (3 - 2) / 2 = 0 rows at the top; explicit pads crop their top/left', () => {
    expect(convtransposeCost([x], spec({ kernel: [3, 3], padding: 'same' })).out.h).toBe(56);
    expect(transposedCropOffset(spec({ kernel: [3, 3], padding: 'same' }))).toEqual([0, 0]);
    expect(transposedCropOffset(spec({ kernel: [5, 4], stride: [1, 1], padding: 'same' }))).toEqual([2, 1]);
    expect(transposedCropOffset(spec({ padding: [1, 2, 3, 0] }))).toEqual([1, 3]);
    expect(transposedCropOffset(spec({}))).toEqual([0, 0]);
  });

  it('MACs are one kernel window of N/G outputs per input element, and the crop leaves the output inside the full (H - 1)s + k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<ConvTransposeSpec['padding']>('valid', 'same'),
        fc.constantFrom(1, 2, 4),
        (h, k, s, padding, g) => {
          const sp = spec({ kernel: [k, k], stride: [s, s], padding, groups: g, filters: 4 * g });
          const c = convtransposeCost([{ n: 2, h, w: h, c: 2 * g }], sp);
          expect(c.macs).toBe(2 * h * h * 2 * g * 4 * k * k);
          const [top] = transposedCropOffset(sp);
          expect(top + c.out.h).toBeLessThanOrEqual((h - 1) * s + k + (padding === 'same' ? s : 0));
        },
      ),
    );
  });
});
