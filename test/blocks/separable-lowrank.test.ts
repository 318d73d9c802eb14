import { describe, expect, it } from 'vitest';
import { coreOf, layerBaseSchema } from '../../src/blocks/layer.ts';
import { lowrank } from '../../src/blocks/lowrank/kind.ts';
import { separable } from '../../src/blocks/separable/kind.ts';
import { shape } from '../../src/core/index.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';

function layer(kind: string, params: Record<string, unknown>, input = { h: 8, w: 8, c: 16 }) {
  return parseDesign({ input, blocks: [{ kind, params }] });
}
const core = (p: Record<string, unknown>) => coreOf(layerBaseSchema.parse({ filters: 16, ...p }));

describe('spatially separable conv (Kx1 then 1xK)', () => {
  it('a 3x3 conv 16 -> 16 on 8x8 becomes 8*8*16*16*3 twice = 98,304 MACs, 2/3 of the 147,456 of the conv', () => {
    const a = analyzeDesign(layer('separable', { filters: 16 }));
    expect(a.totals.macs).toBe(98_304);
    expect(analyzeDesign(layer('conv', { filters: 16 })).totals.macs).toBe(147_456);
    // 16*16*3 + 16*16*3 weights, BN (2*16) after each conv.
    expect(a.totals.params).toBe(1_536 + 64);
    expect(a.totals.latencyDepth).toBe(2);
    expect(a.ops.map((o) => o.name)).toEqual([
      'separable_3x1',
      'bn_3x1',
      'relu_3x1',
      'separable_1x3',
      'bn_1x3',
      'relu_1x3',
    ]);
  });

  it('splits the stride by axis: 3x3 stride 2 on 9x9 "same" is 5*9*16*16*3 + 5*5*16*16*3 = 53,760 MACs to 5x5', () => {
    const a = analyzeDesign(layer('separable', { filters: 16, stride: 2 }, { h: 9, w: 9, c: 16 }));
    expect(a.totals.macs).toBe(34_560 + 19_200);
    expect(a.output).toEqual(shape(1, 5, 5, 16));
  });

  it('keeps the output shape of the KxK conv for "valid" and explicit padding too', () => {
    for (const params of [
      { filters: 8, kernel: 3, stride: 2, padding: 'valid' },
      { filters: 8, kernel: [5, 3], stride: [2, 1], padding: [2, 1, 1, 0] },
    ]) {
      const input = { h: 11, w: 10, c: 4 };
      expect(analyzeDesign(layer('separable', params, input)).output).toEqual(
        analyzeDesign(layer('conv', params, input)).output,
      );
    }
  });

  it('is ineligible for kernels that are already one-dimensional', () => {
    expect(separable.ineligible(16, core({ kernel: 1 }), {})).toMatch(/already one-dimensional/);
    expect(separable.ineligible(16, core({ kernel: [1, 7] }), {})).toMatch(/1x7/);
    expect(separable.ineligible(16, core({}), {})).toBeUndefined();
  });

  it('explains the 2/K ratio for a square stride-1 conv with M = N', () => {
    const e = separable.explain(shape(1, 8, 8, 16), core({}), {});
    expect(e.ratio?.value).toBeCloseTo(2 / 3, 12);
    expect(e.formulas[0].value).toBe(98_304);
  });
});

describe('low-rank conv (KxK to r channels, 1x1 to N)', () => {
  it('rank 4 of a 3x3 conv 16 -> 32 on 8x8 costs 8*8*4*(16*9 + 32) = 45,056 MACs', () => {
    const a = analyzeDesign(layer('lowrank', { filters: 32, rank: 4 }));
    expect(a.totals.macs).toBe(45_056);
    // 4*144 + 4*32 weights, one BN of 32 channels after the 1x1 (nothing between the two convs).
    expect(a.totals.params).toBe(704 + 64);
    expect(a.ops.map((o) => o.kind)).toEqual(['conv2d', 'conv2d', 'batchnorm', 'activation']);
    expect(a.totals.latencyDepth).toBe(2);
  });

  it('explains the ratio r/N + r/(M K^2) and the break-even rank M N K^2 / (M K^2 + N)', () => {
    const e = lowrank.explain(shape(1, 8, 8, 16), core({ filters: 32 }), { rank: 4 });
    expect(e.ratio?.value).toBeCloseTo(4 / 32 + 4 / 144, 12);
    expect(e.formulas.find((f) => f.label.startsWith('Break-even'))?.value).toBeCloseTo(
      (16 * 32 * 9) / 176,
      12,
    );
  });

  it('is ineligible at full rank min(N, M K^2) and where it would cost more than the conv', () => {
    const c = core({ filters: 32 });
    expect(lowrank.ineligible(16, c, { rank: 32 })).toMatch(
      /not below min\(N, M\*K\^2\) = min\(32, 144\) = 32/,
    );
    // 30 * (144 + 32) = 5280 >= 32 * 144 = 4608
    expect(lowrank.ineligible(16, c, { rank: 30 })).toMatch(/costs r\*\(M\*K\^2 \+ N\) = 5280/);
    expect(lowrank.ineligible(16, c, { rank: 26 })).toBeUndefined();
    // A 3-channel input conv (M K^2 = 27) to 64: rank is capped by 27, not by M = 3.
    expect(lowrank.ineligible(3, core({ filters: 64 }), { rank: 8 })).toBeUndefined();
  });
});
