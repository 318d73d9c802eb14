import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/blocks/common.ts';
import {
  igcv3Stages,
  shufflePermutation,
  summarizePaths,
  superChannels,
} from '../../src/blocks/igcv1/connectivity.ts';
import { buildIgcv3, type Igcv3Params, igcv3 } from '../../src/blocks/igcv3/block.ts';
import { invertedResidual } from '../../src/blocks/inverted-residual/block.ts';
import { type Shape, shape } from '../../src/core/index.ts';

const params = (p: Partial<Igcv3Params>): Igcv3Params => igcv3.schema.parse({ filters: 16, ...p });

function explainOf(input: Shape, p: Igcv3Params) {
  const s = measure(input, (g, x) => buildIgcv3(g, x, p));
  return igcv3.explain(p, { input, output: s.out, macs: s.macs, params: s.params, latencyDepth: s.layers });
}

describe('IGCV3 block, worked by hand', () => {
  /*
   * Input 1x8x8x16, N = 16, t = 6 (E = 96), G1 = G2 = 2, 3x3, stride 1.
   * expand   : 96 filters x (16/2 = 8) = 768 weights;  MACs 64 * 768 = 49,152;  BN 192
   * permute1 : shuffle with 2 groups
   * dw       : 96 x 9 = 864 weights;                   MACs 64 * 864 = 55,296;  BN 192, ReLU6
   * project  : 16 x (96/2 = 48) = 768 weights;          MACs 49,152;             BN 32
   * permute2 : shuffle with 16/2 = 8 groups (the inverse interleaving)
   * residual : stride 1 and 16 -> 16
   * weights 2400, params 2400 + 416 = 2816, MACs 153,600.
   * Dense MobileNetV2 bottleneck with the same widths (and the expansion conv kept): 1536 + 864 + 1536
   *   = 3936 weights, 251,904 MACs. Standard 3x3 16->16: 147,456 MACs.
   * Super-channels: middle position k comes from expansion branch (k mod 2) (the shuffle interleaves
   *   the two branches) and feeds projection branch floor(k / 48): 2 x 2 super-channels of 24 channels,
   *   so every (input, output) pair is joined by 24 paths.
   */
  const input = shape(1, 8, 8, 16);
  const p = params({});

  it('expands into group expansion, shuffle, depthwise, group projection, inverse shuffle and residual', () => {
    const s = measure(input, (g, x) => buildIgcv3(g, x, p));
    expect(s.nodes.map((n) => n.name)).toEqual([
      'expand',
      'bn_expand',
      'permute1',
      'dw',
      'bn_dw',
      'relu6_dw',
      'project',
      'bn_project',
      'permute2',
      'residual',
    ]);
    expect(s.out).toEqual(input);
    expect(s.weights).toBe(2400);
    expect(s.params).toBe(2816);
    expect(s.macs).toBe(153_600);
    expect(s.layers).toBe(3);
  });

  it('explains MACs, weights and both ratios with this block\u2019s numbers', () => {
    const e = explainOf(input, p);
    const f = Object.fromEntries(e.formulas.map((x) => [x.label, x]));
    expect(f.MACs.value).toBe(153_600);
    expect(f.MACs.substituted).toContain('\\frac{16\\cdot 96}{2}');
    expect(f.Weights.value).toBe(2400);
    expect(f['MACs relative to the dense MobileNetV2 bottleneck (G1 = G2 = 1)'].value).toBeCloseTo(
      153_600 / 251_904,
      12,
    );
    expect(f['Channels per super-channel'].value).toBe(24);
    expect(e.ratio?.value).toBeCloseTo(153_600 / 147_456, 12);
  });

  it('reports the loose complementary condition, the dense product with 24 paths per pair, and the residual', () => {
    const e = explainOf(input, p);
    const c = Object.fromEntries(e.conditions.map((x) => [x.name, x]));
    expect(c['Loose complementary condition over super-channels'].ok).toBe(true);
    expect(c['Loose complementary condition over super-channels'].detail).toContain('24 channels each');
    expect(c['Dense product (verified by composing the kernels)'].ok).toBe(true);
    expect(c['Dense product (verified by composing the kernels)'].detail).toContain('by 24 paths');
    expect(c['Residual add (stride 1, $C_{in} = N$)'].ok).toBe(true);
  });

  it('with G1 = G2 = 1 is MobileNetV2\u2019s inverted residual without the ReLU6 after the expansion', () => {
    const mine = measure(input, (g, x) => buildIgcv3(g, x, params({ g1: 1, g2: 1 })));
    const mnv2 = measure(input, (g, x) =>
      invertedResidual.expand(g, x, invertedResidual.schema.parse({ filters: 16, expansion: 6 })),
    );
    expect(mnv2.nodes.map((n) => n.name)).toContain('relu6_expand');
    expect(mine.nodes.map((n) => n.spec)).toEqual(
      mnv2.nodes.filter((n) => n.name !== 'relu6_expand').map((n) => n.spec),
    );
    expect(mine.macs).toBe(mnv2.macs);
    expect(mine.macs).toBe(251_904);
    expect(mine.params).toBe(mnv2.params);
  });

  it('has no residual at stride 2 and halves the output', () => {
    const s = measure(shape(1, 8, 8, 16), (g, x) => buildIgcv3(g, x, params({ filters: 24, stride: 2 })));
    expect(s.out).toEqual(shape(1, 4, 4, 24));
    expect(s.nodes.some((n) => n.spec.op === 'add')).toBe(false);
  });
});

describe('IGCV3 super-channels', () => {
  it('with the interleaving every (expansion branch, projection branch) pair shares E/(G1 G2) channels', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4),
        fc.constantFrom(1, 2, 4),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        (G1, G2, k, t) => {
          const Cin = 4 * k;
          const E = Cin * t;
          fc.pre(E % (G1 * G2) === 0);
          const sizes = superChannels(E, G1, G2, G1 > 1 ? shufflePermutation(E, G1) : [...Array(E).keys()]);
          expect(sizes.flat().every((s) => s === E / (G1 * G2))).toBe(true);
          const paths = summarizePaths(Cin, igcv3Stages(Cin, E, Cin, G1, G2));
          expect(paths?.dense).toBe(true);
          expect(paths?.minPaths).toBe(E / (G1 * G2));
          expect(paths?.maxPaths).toBe(E / (G1 * G2));
        },
      ),
    );
  });

  it('without the first permutation the two group convs never meet across branches', () => {
    const E = 96;
    const identity = [...Array(E).keys()];
    const sizes = superChannels(E, 2, 2, identity);
    // Branch a of the expansion is exactly branch a of the projection: two empty super-channels.
    expect(sizes).toEqual([
      [48, 0],
      [0, 48],
    ]);
    const stages = igcv3Stages(16, E, 16, 2, 2).filter((s, i) => !(s.kind === 'perm' && i === 1));
    expect(summarizePaths(16, stages)?.dense).toBe(false);
  });
});
