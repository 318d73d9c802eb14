/** What the app says a transform did: convs counted (not blocks), and why it changed nothing. */
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/presets/index.ts';
import { appReason, convCounts, transformSummary } from '../../src/state/transforms.ts';
import { applyTransform, parseTransformSpec } from '../../src/transforms/index.ts';

const run = (id: string, spec: string) => applyTransform(preset(id)!.build(), parseTransformSpec(spec));

describe('transform summary in the app', () => {
  it('counts convs: ResNet-34 has 33 KxK convs, HetConv P=4 replaces the 32 in its 16 basic blocks', () => {
    const r = run('resnet34', 'hetconv:p=4');
    expect(convCounts(r)).toEqual({ replaced: 32, total: 33, blocks: 16 });
    expect(transformSummary('HetConv P=4', r)).toEqual({
      changed: true,
      text: 'HetConv P=4: replaced 32 of 33 convs (in 16 blocks)',
    });
  });

  it('says why nothing changes: no conv of ResNet-18 has channels divisible by P = 3', () => {
    const r = run('resnet18', 'hetconv:p=3');
    expect(r.replaced).toEqual([]);
    const s = transformSummary('HetConv P=3', r);
    expect(s.changed).toBe(false);
    expect(s.text).toBe(
      '0 of 17 convs can take HetConv P=3: conv1: input channels 64 not divisible by P = 3; 8 other blocks skipped too',
    );
  });

  it('speaks of the checkbox, not the CLI spec, for the first conv', () => {
    const r = run('resnet18', 'hetconv:p=4');
    const first = r.skipped.find((s) => s.cause === 'first-conv')!;
    expect(first.reason).toContain('",first"');
    expect(appReason(first)).toBe("the network's first conv (tick “first conv too” to replace it too)");
    expect(appReason(first)).not.toContain(',first');
  });

  it('counts the first conv as a conv that stays: MobileNetV1 is DW+PW already but for its stem', () => {
    const r = run('mobilenet-v1', 'dwpw');
    expect(convCounts(r)).toEqual({ replaced: 0, total: 1, blocks: 0 });
    expect(transformSummary('DW+PW', r).text).toBe(
      "0 of 1 conv can take DW+PW: the network's first conv (tick “first conv too” to replace it too)",
    );
  });
});
