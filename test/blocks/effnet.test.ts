import { describe, expect, it } from 'vitest';
import { effnet, effnetPlan } from '../../src/blocks/effnet/block.ts';
import { shape } from '../../src/core/index.ts';
import { analyzeDesign, explainBlock, parseDesign } from '../../src/design/index.ts';

function block(params: Record<string, unknown>, input: { h: number; w: number; c: number }) {
  return parseDesign({ input, blocks: [{ kind: 'effnet', params }] });
}

describe('EffNet block (Freeman et al., ICIP 2018)', () => {
  it('original, 32x32x3 -> 64: bottleneck 32, MACs 98,304 + 98,304 + 49,152 + 1,048,576 = 1,294,336', () => {
    const a = analyzeDesign(block({ filters: 64 }, { h: 32, w: 32, c: 3 }));
    // 1x1: 32*32*3*32; dw 1x3: 32*32*32*3; 1x2 pool -> 32x16; dw 3x1: 32*16*32*3; 2x1 stride 2: 16*16*32*64*2.
    expect(a.totals.macs).toBe(1_294_336);
    // weights 96 + 96 + 96 + 4096, BN 2*(32 + 32 + 32 + 64).
    expect(a.totals.params).toBe(4_384 + 320);
    expect(a.output).toEqual(shape(1, 16, 16, 64));
    expect(a.ops.map((o) => o.name)).toEqual([
      'pw_1x1',
      'bn_1x1',
      'relu_1x1',
      'dw_1x3',
      'bn_dw_1x3',
      'relu_dw_1x3',
      'maxpool_1x2',
      'dw_3x1',
      'bn_dw_3x1',
      'relu_dw_3x1',
      'pw_2x1',
      'bn_2x1',
      'relu_2x1',
    ]);
    expect(a.ops.find((o) => o.name === 'maxpool_1x2')?.out).toEqual(shape(1, 32, 16, 32));
    expect(a.totals.latencyDepth).toBe(4);
  });

  it('original bottleneck is half the output channels but at least 6', () => {
    expect(effnetPlan(3, { filters: 8, variant: 'original', expansion: 4 }).bottleneck).toBe(6);
    expect(effnetPlan(3, { filters: 13, variant: 'original', expansion: 4 }).bottleneck).toBe(6);
    expect(effnetPlan(3, { filters: 64, variant: 'original', expansion: 4 }).bottleneck).toBe(32);
  });

  it('revised, 16x16x64 -> 128 with expansion 4: bottleneck floor(64*4/2) = 128, doubled by the first depthwise, leaky ReLU on the pointwise convs', () => {
    const a = analyzeDesign(
      block({ filters: 128, variant: 'revised', expansion: 4 }, { h: 16, w: 16, c: 64 }),
    );
    // 16*16*64*128 + 16*16*256*3 + 16*8*256*3 + 8*8*256*128*2
    expect(a.totals.macs).toBe(2_097_152 + 196_608 + 98_304 + 4_194_304);
    expect(a.ops.filter((o) => o.kind === 'activation').map((o) => o.name)).toEqual([
      'leaky_relu_1x1',
      'relu_dw_1x3',
      'relu_dw_3x1',
      'leaky_relu_2x1',
    ]);
    expect(a.ops.find((o) => o.name === 'dw_1x3')?.out.c).toBe(256);
    expect(a.output).toEqual(shape(1, 8, 8, 128));
  });

  it('explains its parts with the layer numbers and flags no compression for 32x32x3 -> 16x16x64', () => {
    const d = block({ filters: 64 }, { h: 32, w: 32, c: 3 });
    const e = explainBlock(d, analyzeDesign(d), 0)!;
    const v = Object.fromEntries(e.formulas.map((f) => [f.label, f.value]));
    expect(v['MACs: 1x1 conv to the bottleneck']).toBe(98_304);
    expect(v['MACs: 2x1 conv, stride 2x1, to N']).toBe(1_048_576);
    expect(v['Block MACs (sum of its ops)']).toBe(1_294_336);
    expect(v['Data compression factor of the block']).toBeCloseTo(3072 / 16384, 12);
    // The block against the 3x3 conv (32*32*3*64*9 = 1,769,472 MACs) + 2x2 max-pool it replaces.
    expect(e.ratio?.value).toBeCloseTo(1_294_336 / 1_769_472, 12);
    expect(effnet.summary).toMatch(/1x2 max-pool/);
  });
});
