import { describe, expect, it } from 'vitest';
import { igcv1Params, type OpSpec } from '../../src/core/index.ts';
import { analyzeDesign, buildGraph } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';

const within = (value: number, published: number, tolerance = 0.01) =>
  expect(Math.abs(value / published - 1)).toBeLessThan(tolerance);

describe('ShuffleNet V2 1.0x-224 reproduces its published totals', () => {
  const a = analyzeDesign(preset('shufflenet-v2')!.build());

  it('146 M MACs within 1% (Ma et al. 2018, ShuffleNet V2, table 5: "146 MFLOPs", which are MACs)', () => {
    within(a.totals.macs, 146e6);
    // convcost: 144,907,992 conv + FC MACs (0.75% under the paper's rounded figure).
    expect(a.totals.macs).toBe(144_907_992);
  });

  it('2.3 M params within 1%, and exactly torchvision shufflenet_v2_x1_0\u2019s 2,278,604 (BN counted)', () => {
    within(a.totals.params, 2.3e6);
    expect(a.totals.params).toBe(2_278_604);
  });

  it('ends on 1000 classes from a 7x7x1024 conv5', () => {
    expect(a.output.c).toBe(1000);
    expect(a.blocks.at(-2)?.out).toMatchObject({ h: 7, w: 7, c: 1024 });
  });
});

describe('IGCV3-D 1.0-224 reproduces its published parameter count', () => {
  const a = analyzeDesign(preset('igcv3-d')!.build());

  it('3.5 M params within 1% (Sun et al. 2018, IGCV3; the authors\u2019 README, homles11/IGCV3: IGCV3-D 3.5 M)', () => {
    within(a.totals.params, 3.5e6);
  });

  it('exactly 3,491,688 params, the count osmr/imgclsmob lists for the authors\u2019 converted IGCV3 x1.0 model', () => {
    expect(a.totals.params).toBe(3_491_688);
  });

  it('has 1 + 4 + 6 + 8 + 6 + 6 + 1 = 32 IGCV3 blocks, each built with G1 = G2 = 2 in its ops', () => {
    const g = buildGraph(preset('igcv3-d')!.build());
    const igc = g.blocks.flatMap((b, i) => (b.kind === 'igcv3' ? [i] : []));
    expect(igc.length).toBe(32);
    for (const i of igc) {
      const ops = new Map(g.nodes.filter((n) => n.block === i).map((n) => [n.name, n]));
      const spec = (name: string) => ops.get(name)?.spec as Extract<OpSpec, { op: 'conv2d' }> | undefined;
      const cin = ops.get('expand')!.inShapes[0].c;
      const e = ops.get('dw')!.inShapes[0].c;
      const n = ops.get('project')!.cost.out.c;
      // G1 = 2: the 1x1 expansion conv has 2 groups, so Cin * E / 2 weights, then a 2-group shuffle.
      expect(spec('expand')).toMatchObject({ op: 'conv2d', kernel: [1, 1], groups: 2 });
      expect(ops.get('expand')!.cost.params).toBe((cin * e) / 2);
      expect(ops.get('permute1')?.spec).toEqual({ op: 'shuffle', groups: 2 });
      // The 3x3 in between is depthwise: one group per channel.
      expect(spec('dw')).toMatchObject({ op: 'conv2d', kernel: [3, 3], groups: e });
      // G2 = 2: the 1x1 projection has 2 groups (E * N / 2 weights), then the inverse shuffle (N / 2 groups).
      expect(spec('project')).toMatchObject({ op: 'conv2d', kernel: [1, 1], groups: 2 });
      expect(ops.get('project')!.cost.params).toBe((e * n) / 2);
      expect(ops.get('permute2')?.spec).toEqual({ op: 'shuffle', groups: n / 2 });
    }
  });
});

describe('IGCV1 CIFAR network (no published totals asserted)', () => {
  // The IGCV1 paper's params/FLOPs table could not be retrieved for this work, so these tests check
  // the build against the authors' code (plain_igc.py, README example: depth 38, L = 24, M = 2) and
  // against the closed form, not against published totals.
  const a = analyzeDesign(preset('igcv1-cifar')!.build());

  it('has 36 IGC blocks with widths 48, 96, 192 at 32x32, 16x16, 8x8', () => {
    const igc = a.blocks.filter((b) => b.kind === 'igcv1');
    expect(igc.length).toBe(36);
    expect(igc[0].out).toMatchObject({ h: 32, w: 32, c: 48 });
    expect(igc[12].out).toMatchObject({ h: 16, w: 16, c: 96 });
    expect(igc[24].out).toMatchObject({ h: 8, w: 8, c: 192 });
  });

  it('weights equal the stem, the closed forms L M^2 S + M L^2 of the width-keeping blocks, the two widening blocks and the classifier', () => {
    // Widening blocks (C_in = G/2): primary C_in * M * S, secondary G * L.
    const widen = (cin: number, L: number, M: number) => cin * M * 9 + L * M * L;
    const weights =
      3 * 48 * 9 +
      12 * igcv1Params(24, 2, 9) +
      widen(48, 24, 4) +
      11 * igcv1Params(24, 4, 9) +
      widen(96, 24, 8) +
      11 * igcv1Params(24, 8, 9) +
      192 * 10 +
      10;
    const bn = 2 * 48 + 12 * 2 * 48 + 12 * 2 * 96 + 12 * 2 * 192;
    expect(a.totals.params).toBe(weights + bn);
  });

  it('has latency depth 74: each IGC block is two sequential convs, twice a plain conv network of depth 38', () => {
    expect(a.totals.latencyDepth).toBe(1 + 36 * 2 + 1);
  });
});
