import { describe, expect, it } from 'vitest';
import { measure } from '../../src/blocks/common.ts';
import { buildShuffleV1, type ShuffleV1Params, shufflenetV1 } from '../../src/blocks/shufflenet-v1/block.ts';
import { buildShuffleV2, type ShuffleV2Params, shufflenetV2 } from '../../src/blocks/shufflenet-v2/block.ts';
import { type Shape, shape, shufflenetV1UnitMacs } from '../../src/core/index.ts';

const v1 = (p: Partial<ShuffleV1Params>): ShuffleV1Params =>
  shufflenetV1.schema.parse({ filters: 240, ...p });
const v2 = (p: Partial<ShuffleV2Params>): ShuffleV2Params =>
  shufflenetV2.schema.parse({ filters: 116, ...p });

function explainV1(input: Shape, p: ShuffleV1Params) {
  const s = measure(input, (g, x) => buildShuffleV1(g, x, p));
  return shufflenetV1.explain(p, {
    input,
    output: s.out,
    macs: s.macs,
    params: s.params,
    latencyDepth: s.layers,
  });
}
function explainV2(input: Shape, p: ShuffleV2Params) {
  const s = measure(input, (g, x) => buildShuffleV2(g, x, p));
  return shufflenetV2.explain(p, {
    input,
    output: s.out,
    macs: s.macs,
    params: s.params,
    latencyDepth: s.layers,
  });
}

describe('ShuffleNet (v1) unit, worked by hand', () => {
  /*
   * Stride 1: input 1x28x28x240, g = 3, m = 240/4 = 60.
   * gconv1 : 60 x (240/3 = 80) = 4800 weights; MACs 784 * 4800 = 3,763,200; BN 120, ReLU
   * shuffle: 3 groups
   * dw     : 60 x 9 = 540;                   MACs 784 * 540 = 423,360;    BN 120 (no ReLU)
   * gconv2 : 240 x (60/3 = 20) = 4800;       MACs 3,763,200;              BN 480
   * add, ReLU.  MACs 7,949,760 = h w (2cm/g + 9m) = 784 * (9600 + 540); params 10,140 + 720 = 10,860.
   * ResNet bottleneck, same widths: 784 * (2*240*60 + 9*60^2) = 47,980,800;
   * ResNeXt (g = 3): 784 * (28,800 + 10,800) = 31,046,400.
   */
  const input = shape(1, 28, 28, 240);

  it('stride 1: grouped 1x1, shuffle, depthwise, grouped 1x1, residual add, ReLU', () => {
    const s = measure(input, (g, x) => buildShuffleV1(g, x, v1({})));
    expect(s.nodes.map((n) => n.name)).toEqual([
      'gconv1',
      'bn1',
      'relu1',
      'shuffle',
      'dw',
      'bn_dw',
      'gconv2',
      'bn2',
      'residual',
      'relu_out',
    ]);
    expect(s.out).toEqual(input);
    expect(s.macs).toBe(7_949_760);
    expect(s.macs).toBe(shufflenetV1UnitMacs(28, 28, 240, 60, 3));
    expect(s.params).toBe(10_860);
    expect(s.layers).toBe(3);
  });

  it('explains its MACs beside a ResNet and a ResNeXt bottleneck and checks the shuffle', () => {
    const e = explainV1(input, v1({}));
    const f = Object.fromEntries(e.formulas.map((x) => [x.label, x]));
    expect(f.MACs.value).toBe(7_949_760);
    expect(f.MACs.substituted).toContain('\\frac{2\\cdot 240\\cdot 60}{3}');
    expect(f['ResNet bottleneck, same widths'].value).toBe(47_980_800);
    expect(f['ResNeXt bottleneck, same widths, g groups'].value).toBe(31_046_400);
    const c = Object.fromEntries(e.conditions.map((x) => [x.name, x]));
    expect(c['Bottleneck channels divisible by g'].ok).toBe(true);
    const shuffle = c['The shuffle lets every output group see every input group (verified by composing)'];
    expect(shuffle.ok).toBe(true);
    // Each group of 20 shuffled channels holds 6 or 7 channels of every gconv1 group.
    expect(shuffle.detail).toContain('6..7 paths');
    expect(shuffle.detail).toContain('without it');
    expect(c["Ops agree with the paper's h w (2cm/g + 9m)"].ok).toBe(true);
  });

  /*
   * Stride 2, first unit of stage 2 (ungrouped first conv): input 1x56x56x24, filters 240, g = 3, m = 60,
   * main branch 240 - 24 = 216 channels.
   * gconv1 : 60 x 24 = 1440 weights at 56x56: 3136 * 1440 = 4,515,840 MACs; BN 120
   * dw s2  : 540 at 28x28: 784 * 540 = 423,360; BN 120
   * gconv2 : 216 x 20 = 4320: 784 * 4320 = 3,386,880; BN 432
   * shortcut: 3x3 average pool, stride 2: 28x28x24, 784*24*9 = 169,344 FLOPs; concat -> 28x28x240.
   * MACs 8,326,080; params 6300 + 672 = 6972.
   */
  it('stride 2: concatenates a 3x3 average-pooled shortcut with a main branch of filters - input channels', () => {
    const s = measure(shape(1, 56, 56, 24), (g, x) =>
      buildShuffleV1(g, x, v1({ stride: 2, groupFirst: false })),
    );
    expect(s.out).toEqual(shape(1, 28, 28, 240));
    expect(s.macs).toBe(8_326_080);
    expect(s.params).toBe(6972);
    const pool = s.nodes.find((n) => n.name === 'shortcut_avgpool')!;
    expect(pool.cost.extra.pool).toBe(169_344);
    expect(s.nodes.find((n) => n.name === 'concat')?.inShapes).toEqual([
      shape(1, 28, 28, 24),
      shape(1, 28, 28, 216),
    ]);
  });

  it('rejects a stride-1 unit that changes width and a stride-2 unit that does not grow', () => {
    expect(() => measure(input, (g, x) => buildShuffleV1(g, x, v1({ filters: 480 })))).toThrow(
      /keeps its width/,
    );
    expect(() => measure(input, (g, x) => buildShuffleV1(g, x, v1({ stride: 2, filters: 240 })))).toThrow(
      /must exceed 240/,
    );
  });
});

describe('ShuffleNet V2 unit, worked by hand', () => {
  /*
   * Stride 1: input 1x28x28x116, c' = 58.
   * split into two slices of 58; on the second: pw1 58x58 = 3364 weights, MACs 784 * 3364 = 2,637,376,
   * BN, ReLU; dw 58 x 9 = 522, MACs 409,248, BN; pw2 3364, MACs 2,637,376, BN, ReLU; concat; shuffle(2).
   * MACs 5,684,000 = h w (2c'^2 + 9c') = 784 * 7250; params 7250 + 3 * 116 = 7598.
   */
  it('stride 1: channel split by slices, one branch 1x1 -> DW -> 1x1, concat, shuffle', () => {
    const input = shape(1, 28, 28, 116);
    const s = measure(input, (g, x) => buildShuffleV2(g, x, v2({})));
    expect(s.nodes.map((n) => `${n.name}:${n.spec.op}`)).toEqual([
      'split_keep:slice',
      'split_work:slice',
      'pw1:conv2d',
      'bn1:batchnorm',
      'relu1:activation',
      'dw:conv2d',
      'bn_dw:batchnorm',
      'pw2:conv2d',
      'bn2:batchnorm',
      'relu2:activation',
      'concat:concat',
      'shuffle:shuffle',
    ]);
    expect(s.out).toEqual(input);
    expect(s.macs).toBe(5_684_000);
    expect(s.params).toBe(7598);
    expect(s.layers).toBe(3);
  });

  /*
   * Stride 2: input 1x56x56x24, filters 116 -> 28x28x116, c' = 58.
   * branch 1: dw 24 x 9 = 216 at 28x28: 169,344 MACs, BN 48; pw 24 -> 58 = 1392: 1,091,328, BN 116
   * branch 2: pw1 24 -> 58 at 56x56: 3136 * 1392 = 4,365,312, BN 116; dw s2 522: 409,248, BN 116;
   *           pw2 3364: 2,637,376, BN 116
   * MACs 8,672,608; params 6886 + 512 = 7398; the branches run in parallel: latency depth 3.
   */
  it('stride 2: two branches over the whole input, concatenated and shuffled', () => {
    const s = measure(shape(1, 56, 56, 24), (g, x) => buildShuffleV2(g, x, v2({ stride: 2 })));
    expect(s.out).toEqual(shape(1, 28, 28, 116));
    expect(s.macs).toBe(8_672_608);
    expect(s.params).toBe(7398);
    expect(s.layers).toBe(3);
  });

  it('explains MACs and guideline G1 with the memory-access bound reached when widths are equal', () => {
    const e = explainV2(shape(1, 28, 28, 116), v2({}));
    const f = Object.fromEntries(e.formulas.map((x) => [x.label, x]));
    expect(f.MACs.value).toBe(5_684_000);
    expect(f.MACs.substituted).toBe('28\\cdot 28\\cdot \\left(2\\cdot 58^2 + 9\\cdot 58\\right)');
    // hw(c1 + c2) + c1 c2 = 784 * 116 + 3364 = 94,308 = 2 sqrt(hw B) + B / hw with B = 784 * 58 * 58.
    expect(f['Memory access of the first 1x1 conv (guideline G1)'].value).toBe(94_308);
    const g1 = e.conditions.find((c) => c.name.startsWith('G1'))!;
    expect(g1.ok).toBe(true);
    expect(g1.detail).toContain('lower bound 2\u221a(hwB) + B/hw = 94,308');
    expect(e.ratio?.value).toBeCloseTo(5_684_000 / (784 * 116 * 116 * 9), 12);
    const stride2 = explainV2(shape(1, 56, 56, 24), v2({ stride: 2 }));
    expect(stride2.conditions.find((c) => c.name.startsWith('G1'))?.ok).toBe(false);
  });

  it('rejects an odd width and a stride-1 unit that changes width', () => {
    expect(() =>
      measure(shape(1, 8, 8, 24), (g, x) => buildShuffleV2(g, x, v2({ filters: 25, stride: 2 }))),
    ).toThrow(/must be even/);
    expect(() => measure(shape(1, 8, 8, 24), (g, x) => buildShuffleV2(g, x, v2({ filters: 48 })))).toThrow(
      /keeps its width/,
    );
  });
});
