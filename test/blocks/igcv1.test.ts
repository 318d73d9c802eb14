import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/blocks/common.ts';
import { buildIgcv1, type Igcv1Params, igcv1 } from '../../src/blocks/igcv1/block.ts';
import {
  igcv1Stages,
  pathCounts,
  permutationIsComplementary,
  shufflePermutation,
  summarizePaths,
} from '../../src/blocks/igcv1/connectivity.ts';
import {
  type GraphBuilder,
  igcv1Params,
  igcv1WidestForBudget,
  type Shape,
  shape,
  type TensorRef,
} from '../../src/core/index.ts';

const params = (p: Partial<Igcv1Params>): Igcv1Params => igcv1.schema.parse(p);

function explainOf(input: Shape, p: Igcv1Params) {
  const s = measure(input, (g, x) => buildIgcv1(g, x, p));
  return igcv1.explain(p, { input, output: s.out, macs: s.macs, params: s.params, latencyDepth: s.layers });
}

describe('IGCV1 block, worked by hand', () => {
  /*
   * Input 1x8x8x32, L = 4, M = 8 (G = 32), 3x3 primary (S = 9), stride 1.
   * primary   : 32 filters x (32/4 = 8) inputs x 9 = 2304 weights; MACs 8*8*2304 = 147,456
   * permute   : shuffle with 4 groups, 0 MACs
   * secondary : 32 filters x (32/8 = 4) inputs x 1 = 128 weights; MACs 8*8*128 = 8,192
   * BN        : 2 * 32 = 64 params
   * MACs 155,648; weights 2432 = L M^2 S + M L^2 = 4*64*9 + 8*16; params 2496
   * regular 3x3 32->32: 9216 weights, 589,824 MACs; ratio 155,648 / 589,824 = 1/4 + 1/72
   */
  const input = shape(1, 8, 8, 32);
  const p = params({ L: 4, M: 8 });

  it('expands into primary conv, permutation, secondary conv, BN, ReLU and the permutation back', () => {
    const s = measure(input, (g, x) => buildIgcv1(g, x, p));
    expect(s.nodes.map((n) => n.name)).toEqual([
      'primary',
      'permute',
      'secondary',
      'bn',
      'relu',
      'permute_back',
    ]);
    expect(s.out).toEqual(shape(1, 8, 8, 32));
    expect(s.macs).toBe(155_648);
    expect(s.weights).toBe(2432);
    expect(s.params).toBe(2496);
    expect(s.layers).toBe(2);
  });

  it('explains the weights, MACs, equivalent width and the ratio with this block\u2019s numbers', () => {
    const e = explainOf(input, p);
    const byLabel = Object.fromEntries(e.formulas.map((f) => [f.label, f]));
    expect(byLabel['Weights (primary + secondary)'].value).toBe(2432);
    expect(byLabel['Weights (primary + secondary)'].substituted).toContain('4\\cdot 8^2\\cdot 9');
    expect(byLabel.MACs.value).toBe(155_648);
    expect(byLabel['Block parameters (BN included when counted)'].value).toBe(2496);
    // sqrt(2432 / 9) = 16.438...: a regular 3x3 conv with 2432 weights is only 16 channels wide.
    expect(byLabel['Width of a regular conv with the same weights'].value).toBeCloseTo(
      Math.sqrt(2432 / 9),
      9,
    );
    expect(e.ratio?.value).toBeCloseTo(1 / 4 + 1 / 72, 12);
    expect(e.ratio?.value).toBeCloseTo(155_648 / 589_824, 12);
  });

  it('reports the complementary, wider-than-regular and closed-form checks as passing, L = M S as failing', () => {
    const e = explainOf(input, p);
    const byName = Object.fromEntries(e.conditions.map((c) => [c.name, c]));
    expect(byName['Complementary condition (verified by composing the two sparse kernels)'].ok).toBe(true);
    expect(byName['Wider than a regular conv with the same parameters: 1/L + 1/(MS) < 1'].ok).toBe(true);
    expect(byName['Ops agree with the closed form $L M^2 S + M L^2$'].ok).toBe(true);
    // L = 4 but M S = 72: not the widest split of 2432 weights.
    const widest = byName['Widest for its budget: L = M\u00b7S'];
    expect(widest.ok).toBe(false);
    // Within 2432 weights and S = 9 the widest integer block is L = 18, M = 3 (18*9*9 + 3*324 = 2430), G = 54.
    expect(widest.detail).toContain('L = 18, M = 3, G = 54');
  });

  it('marks L = M S as the widest split when it holds (L = 18, M = 2, S = 9)', () => {
    const e = explainOf(shape(1, 8, 8, 36), params({ L: 18, M: 2 }));
    expect(e.conditions.find((c) => c.name.startsWith('Widest'))?.ok).toBe(true);
  });
});

describe('IGCV1 degenerate cases', () => {
  const build = (input: Shape, f: (g: GraphBuilder, x: TensorRef) => TensorRef) => measure(input, f);

  it('with L = 1 is a regular KxK conv followed by a channel-wise 1x1 scale (no permutation)', () => {
    const input = shape(1, 8, 8, 16);
    const igc = build(input, (g, x) => buildIgcv1(g, x, params({ L: 1, M: 16, bn: false, act: 'none' })));
    const regularThenScale = build(input, (g, x) =>
      g.conv(g.conv(x, { filters: 16, kernel: 3 }), { filters: 16, kernel: 1, groups: 16 }),
    );
    expect(igc.nodes.map((n) => n.spec)).toEqual(regularThenScale.nodes.map((n) => n.spec));
    // 16*16*9 = 2304 + 16 = 2320 weights; MACs 64 * 2320 = 148,480
    expect(igc.weights).toBe(2320);
    expect(igc.macs).toBe(148_480);
  });

  it('with M = 1 is a depthwise KxK conv followed by a full 1x1 conv (DW+PW, Xception)', () => {
    const input = shape(1, 8, 8, 16);
    const igc = build(input, (g, x) => buildIgcv1(g, x, params({ L: 16, M: 1, bn: false, act: 'none' })));
    const dwpw = build(input, (g, x) => g.conv(g.depthwise(x, { kernel: 3 }), { filters: 16, kernel: 1 }));
    expect(igc.nodes.map((n) => n.spec)).toEqual(dwpw.nodes.map((n) => n.spec));
    // 16*9 = 144 + 16*16 = 256 -> 400 weights; MACs 64 * 400 = 25,600
    expect(igc.weights).toBe(400);
    expect(igc.macs).toBe(25_600);
  });

  it('rejects an input whose channels are not divisible by L', () => {
    expect(() => measure(shape(1, 8, 8, 30), (g, x) => buildIgcv1(g, x, params({ L: 4, M: 8 })))).toThrow(
      /not divisible by L = 4/,
    );
  });
});

describe('IGCV1 properties', () => {
  it('weights from the ops equal igcv1Params(L, M, S) for any L, M and kernel', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(1, 3, 5, 7),
        fc.integer({ min: 1, max: 9 }),
        (L, M, k, side) => {
          const s = measure(shape(1, side, side, L * M), (g, x) =>
            buildIgcv1(g, x, params({ L, M, kernel: k })),
          );
          expect(s.weights).toBe(igcv1Params(L, M, k * k));
          expect(s.macs).toBe(side * side * igcv1Params(L, M, k * k));
        },
      ),
    );
  });

  it('the shuffle the block uses always satisfies the complementary condition, one path per channel pair', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), (L, M) => {
        const s = summarizePaths(L * M, igcv1Stages(L * M, L, M));
        expect(s?.exactlyOne).toBe(true);
        expect(permutationIsComplementary(shufflePermutation(L * M, L), L, M)).toBe(true);
      }),
    );
  });

  it('the composition check accepts a random permutation exactly when it is complementary', () => {
    const perm = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([L, M]) =>
      fc.tuple(
        fc.constant(L),
        fc.constant(M),
        fc.shuffledSubarray(
          Array.from({ length: L * M }, (_, i) => i),
          { minLength: L * M, maxLength: L * M },
        ),
      ),
    );
    fc.assert(
      fc.property(perm, ([L, M, p]) => {
        const s = summarizePaths(L * M, igcv1Stages(L * M, L, M, p));
        expect(s?.exactlyOne).toBe(permutationIsComplementary(p, L, M));
      }),
      { numRuns: 300 },
    );
  });

  it('the composition check accepts every complementary permutation (built at random)', () => {
    // A complementary permutation: each secondary partition takes one channel from each primary
    // partition. Choose, per primary partition a, which of its M channels goes to each secondary
    // partition, and in which of the L slots of that partition it sits.
    const valid = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([L, M]) =>
      fc.tuple(
        fc.constant(L),
        fc.constant(M),
        fc.array(fc.shuffledSubarray([...Array(M).keys()], { minLength: M, maxLength: M }), {
          minLength: L,
          maxLength: L,
        }),
        fc.array(fc.shuffledSubarray([...Array(L).keys()], { minLength: L, maxLength: L }), {
          minLength: M,
          maxLength: M,
        }),
      ),
    );
    fc.assert(
      fc.property(valid, ([L, M, channelOf, slotOf]) => {
        const p = new Array<number>(L * M);
        for (let a = 0; a < L; a++)
          for (let m = 0; m < M; m++) p[m * L + slotOf[m][a]] = a * M + channelOf[a][m];
        expect(permutationIsComplementary(p, L, M)).toBe(true);
        expect(summarizePaths(L * M, igcv1Stages(L * M, L, M, p))?.exactlyOne).toBe(true);
      }),
    );
  });

  it('without the permutation the two group convs leave channel pairs unconnected', () => {
    // L = 2, M = 3: identity instead of the shuffle keeps secondary partition 0 = channels 0,1,
    // both from primary partition 0, so outputs 0 and 1 never see inputs 3, 4, 5.
    const identity = [0, 1, 2, 3, 4, 5];
    const s = summarizePaths(6, igcv1Stages(6, 2, 3, identity));
    expect(s?.dense).toBe(false);
    expect(pathCounts(6, igcv1Stages(6, 2, 3, identity))[0]).toEqual([2, 2, 2, 0, 0, 0]);
    expect(pathCounts(6, igcv1Stages(6, 2, 3))[0]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('the widest integer split of a budget is at least as wide as every split that fits it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 5000 }), fc.constantFrom(1, 9, 25), (Q, S) => {
        const best = igcv1WidestForBudget(Q, S).integer;
        expect(igcv1Params(best.L, best.M, S)).toBeLessThanOrEqual(Q);
        for (let L = 1; L <= 80; L++)
          for (let M = 1; M <= 80; M++)
            if (igcv1Params(L, M, S) <= Q) expect(L * M).toBeLessThanOrEqual(best.G);
      }),
      { numRuns: 40 },
    );
  });
});
