import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { parseDesign } from '../../src/design/schema.ts';
import { preset } from '../../src/presets/index.ts';

/** Latency depth of one block on a 16x16x32 input: the block's own and the network's. */
function depthOf(kind: string, params: Record<string, unknown>) {
  const a = analyzeDesign(parseDesign({ input: { h: 16, w: 16, c: 32 }, blocks: [{ kind, params }] }));
  expect(a.blocks[0].latencyDepth).toBe(a.totals.latencyDepth);
  return a.totals.latencyDepth;
}

describe('latency depth (sequential weight layers on the critical path)', () => {
  it('is 1 for a standard conv, a group conv and a HetConv (no extra layer)', () => {
    expect(depthOf('conv', { filters: 32 })).toBe(1);
    expect(depthOf('conv', { filters: 32, groups: 4 })).toBe(1);
    expect(depthOf('hetconv', { filters: 32, part: 4 })).toBe(1);
  });

  it('is 1 for HetConv as implemented: the grouped KxK and the 1x1 run in parallel', () => {
    expect(depthOf('hetconv', { filters: 32, part: 4, form: 'grouped+pointwise' })).toBe(1);
  });

  it('is 2 for DW+PW and GW+PW (one extra sequential layer)', () => {
    expect(depthOf('dwpw', { filters: 64 })).toBe(2);
    expect(depthOf('gwpw', { filters: 64, groups: 4 })).toBe(2);
  });

  it('is 2 for a ResNet basic block, with or without a projection shortcut', () => {
    expect(depthOf('resnet-basic', { filters: 32 })).toBe(2);
    // The 1x1 projection runs beside the two 3x3 convs: still 2.
    expect(depthOf('resnet-basic', { filters: 64, stride: 2 })).toBe(2);
    // With DW+PW inside, each 3x3 becomes two layers: 4.
    expect(depthOf('resnet-basic', { filters: 32, conv: { kind: 'dwpw' } })).toBe(4);
  });

  it('is 3 for a ResNet bottleneck and an inverted residual with expansion', () => {
    expect(depthOf('resnet-bottleneck', { width: 16, filters: 64 })).toBe(3);
    expect(depthOf('inverted-residual', { filters: 32, expansion: 6 })).toBe(3);
    expect(depthOf('inverted-residual', { filters: 32, expansion: 1 })).toBe(2);
  });

  it('is 0 for pooling', () => {
    expect(depthOf('pool', { mode: 'max', kernel: 2 })).toBe(0);
  });

  it('is 18 for ResNet-18: stem, 16 convs in 8 basic blocks, the classifier', () => {
    const a = analyzeDesign(preset('resnet18')!.build());
    expect(a.totals.latencyDepth).toBe(18);
    expect(a.blocks.map((b) => b.latencyDepth)).toEqual([1, 0, 2, 2, 2, 2, 2, 2, 2, 2, 1]);
  });

  it('is 34 for ResNet-34, 50 for ResNet-50 and 28 for MobileNetV1', () => {
    expect(analyzeDesign(preset('resnet34')!.build()).totals.latencyDepth).toBe(34);
    expect(analyzeDesign(preset('resnet50')!.build()).totals.latencyDepth).toBe(50);
    // conv1 + 13 DW+PW pairs + classifier = 1 + 26 + 1.
    expect(analyzeDesign(preset('mobilenet-v1')!.build()).totals.latencyDepth).toBe(28);
  });
});
