import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/blocks/common.ts';
import { igcv2Stages, pathCounts, summarizePaths } from '../../src/blocks/igcv1/connectivity.ts';
import { buildIgcv2, type Igcv2Params, igcv2 } from '../../src/blocks/igcv2/block.ts';
import { igcv2BalancedParams, igcv2MinParamsL, type Shape, shape } from '../../src/core/index.ts';

const params = (p: Partial<Igcv2Params>): Igcv2Params => igcv2.schema.parse(p);

function explainOf(input: Shape, p: Igcv2Params) {
  const s = measure(input, (g, x) => buildIgcv2(g, x, p));
  return igcv2.explain(p, { input, output: s.out, macs: s.macs, params: s.params, latencyDepth: s.layers });
}

describe('IGCV2 block, worked by hand', () => {
  /*
   * Input 1x8x8x64, K = [8, 8] (L = 3), 3x3 channel-wise conv (S = 9).
   * channelwise : 64 x 9 = 576 weights;                 MACs 64 * 576 = 36,864
   * group2      : groups 64/8 = 8, 64 x 8 = 512 weights; MACs 64 * 512 = 32,768
   * permute2    : shuffle with 8 groups (one per branch of group2)
   * group3      : 512 weights;                            MACs 32,768
   * BN 128 params.  Weights 1600 = S C + (L-1) C^{1+1/(L-1)} = 576 + 2 * 64^1.5; MACs 102,400.
   * Regular 3x3 64->64: 36,864 weights, 2,359,296 MACs; ratio 1/64 + 16/576.
   * Q(L) for C = 64, S = 9: L=2 4672, L=3 1600, L=4 1344, L=5 1300.1, L=6 1311.3, L=7 1344 -> L* = 5.
   */
  const input = shape(1, 8, 8, 64);
  const p = params({ K: [8, 8] });

  it('expands into the channel-wise conv, the group 1x1 convs with a shuffle between, BN and ReLU', () => {
    const s = measure(input, (g, x) => buildIgcv2(g, x, p));
    expect(s.nodes.map((n) => n.name)).toEqual(['channelwise', 'group2', 'permute2', 'group3', 'bn', 'relu']);
    expect(s.out).toEqual(input);
    expect(s.weights).toBe(1600);
    expect(s.macs).toBe(102_400);
    expect(s.params).toBe(1728);
    expect(s.layers).toBe(3);
  });

  it('explains weights, Q, the best L and the ratio with this block\u2019s numbers', () => {
    const e = explainOf(input, p);
    const f = Object.fromEntries(e.formulas.map((x) => [x.label, x]));
    expect(f['Weights (channel-wise + group 1x1 convs)'].value).toBe(1600);
    expect(f['Weights (channel-wise + group 1x1 convs)'].substituted).toBe('9\\cdot 64 + 64\\cdot (8 + 8)');
    expect(f['Q for L = 3 under the complementary and balance conditions'].value).toBeCloseTo(1600, 9);
    expect(f['Minimum-parameter L (integer search; continuous optimum ln C + 1)'].value).toBe(5);
    expect(f['Q at L* = 5'].value).toBeCloseTo(576 + 4 * 64 * 64 ** 0.25, 9);
    expect(e.ratio?.value).toBeCloseTo(1 / 64 + 16 / 576, 12);
    expect(e.ratio?.value).toBeCloseTo(102_400 / 2_359_296, 12);
  });

  it('reports both conditions as met and L = 3 as two factors short of the minimum at L = 5', () => {
    const e = explainOf(input, p);
    const c = Object.fromEntries(e.conditions.map((x) => [x.name, x]));
    expect(c['Complementary condition: $\\prod K_l = C$'].ok).toBe(true);
    expect(
      c['Exactly one path between every input and output channel (verified by composing the kernels)'].ok,
    ).toBe(true);
    expect(c['Balance condition: every group 1x1 conv has the same parameters ($K_l$ equal)'].ok).toBe(true);
    expect(c['Ops agree with the closed form Q'].ok).toBe(true);
    const best = c['Minimum-parameter number of factors (L = 5)'];
    expect(best.ok).toBe(false);
    // 1600 / 1300.15 - 1 = 23.1%
    expect(best.detail).toContain('23.1% more');
    expect(best.detail).toContain('2 factors short of the optimum');
  });

  it('flags an unbalanced and a non-complementary choice of K', () => {
    const unbalanced = explainOf(input, params({ K: [4, 16] }));
    const u = Object.fromEntries(unbalanced.conditions.map((x) => [x.name, x.ok]));
    expect(u['Complementary condition: $\\prod K_l = C$']).toBe(true);
    expect(u['Balance condition: every group 1x1 conv has the same parameters ($K_l$ equal)']).toBe(false);

    const tooFew = explainOf(input, params({ K: [4, 8] }));
    const t = tooFew.conditions.find((x) => x.name.startsWith('Complementary'))!;
    expect(t.ok).toBe(false);
    expect(t.detail).toContain('too few paths');
    expect(tooFew.conditions.find((x) => x.name.startsWith('Exactly one path'))?.ok).toBe(false);

    const tooMany = explainOf(input, params({ K: [8, 16] }));
    expect(tooMany.conditions.find((x) => x.name.startsWith('Complementary'))?.detail).toContain(
      'connected several times',
    );
  });

  it('rejects a K_l that does not divide the channels', () => {
    expect(() => measure(input, (g, x) => buildIgcv2(g, x, params({ K: [8, 6] })))).toThrow(
      /K_3 = 6 does not divide the 64 channels/,
    );
  });
});

describe('IGCV2 degenerate cases', () => {
  it('with one group conv of K_2 = C is DW+PW (Xception): channel-wise conv then a full 1x1 conv', () => {
    const input = shape(1, 8, 8, 16);
    const igc = measure(input, (g, x) => buildIgcv2(g, x, params({ K: [16], bn: false, act: 'none' })));
    const dwpw = measure(input, (g, x) => g.conv(g.depthwise(x, { kernel: 3 }), { filters: 16, kernel: 1 }));
    expect(igc.nodes.map((n) => n.spec)).toEqual(dwpw.nodes.map((n) => n.spec));
    expect(igc.weights).toBe(16 * 9 + 16 * 16);
  });
});

describe('IGCV2 properties', () => {
  it('balanced and complementary K (all K_l = k, C = k^(L-1)) gives weights igcv2BalancedParams(C, S, L)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(1, 3, 5),
        (k, n, kernel) => {
          const C = k ** n;
          fc.pre(C <= 512);
          const K = Array(n).fill(k);
          const s = measure(shape(1, 4, 4, C), (g, x) => buildIgcv2(g, x, params({ K, kernel })));
          expect(s.weights).toBeCloseTo(igcv2BalancedParams(C, kernel * kernel, n + 1), 6);
          expect(summarizePaths(C, igcv2Stages(C, K))?.exactlyOne).toBe(true);
        },
      ),
    );
  });

  it('the interleaving gives exactly one path per channel pair exactly when the K_l multiply to C', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), (K) => {
        const C = K.reduce((a, b) => a * b, 1);
        expect(summarizePaths(C, igcv2Stages(C, K))?.exactlyOne).toBe(true);
        // A width K does not factor: take a multiple of C divisible by every K_l, so prod K < width.
        const wide = 2 * C;
        const s = summarizePaths(wide, igcv2Stages(wide, K));
        expect(s?.exactlyOne).toBe(false);
        expect(s?.dense).toBe(false);
      }),
    );
  });

  it('the shuffle before each group conv is needed: without it two 8-channel factors of 64 stay block-diagonal', () => {
    const stages = igcv2Stages(64, [8, 8]).filter((s) => s.kind !== 'perm');
    const counts = pathCounts(64, stages);
    expect(counts[0].filter((c) => c > 0).length).toBe(8);
    expect(pathCounts(64, igcv2Stages(64, [8, 8]))[0].every((c) => c === 1)).toBe(true);
  });

  it('the best L is the integer minimiser of Q and sits next to ln C + 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 4096 }), fc.constantFrom(1, 9, 25), (C, S) => {
        const best = igcv2MinParamsL(C, S);
        for (let L = 2; L <= 40; L++)
          expect(best.params).toBeLessThanOrEqual(igcv2BalancedParams(C, S, L) * (1 + 1e-12));
        expect(Math.abs(best.L - (Math.log(C) + 1))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });
});
