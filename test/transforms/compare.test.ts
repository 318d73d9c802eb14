import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { METRICS, metricRatio } from '../../src/core/metrics.ts';
import { parseDesign } from '../../src/design/schema.ts';
import { encodeDesign } from '../../src/share/codec.ts';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('convcost compare', () => {
  it('compares VGG-16 (CIFAR) with its HetConv P = 4 transform: 313,463,808 -> 105,845,760 MACs, per block and in total', async () => {
    const r = await cli('compare', 'vgg16-cifar', 'hetconv:p=4', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.a.totals.macs).toBe(313_463_808);
    expect(j.b.totals.macs).toBe(105_845_760);
    expect(j.b.label).toBe('hetconv:p=4');
    expect(j.ratios.macs).toBeCloseTo(105_845_760 / 313_463_808, 12);
    expect(j.ratios.flops).toBeCloseTo(j.ratios.macs, 12);
    expect(j.ratios.latencyDepth).toBe(1);
    expect(j.transform.replaced).toHaveLength(12);
    expect(j.transform.skipped).toEqual([
      {
        index: 0,
        name: 'conv1_1',
        reason: 'the network\'s first conv (add ",first" to the spec to replace it too)',
        convs: 1,
        cause: 'first-conv',
      },
    ]);
    expect(j.blocks).toHaveLength(19);
    // conv1_2: 32*32*64*64*9 = 37,748,736 -> 32*32*64*(16*9 + 48) = 12,582,912, a third.
    expect(j.blocks[1]).toMatchObject({
      name: 'conv1_2',
      kinds: ['conv', 'hetconv'],
      a: { macs: 37_748_736 },
      b: { macs: 12_582_912 },
    });
    expect(j.blocks[1].ratios.macs).toBeCloseTo(1 / 3, 12);
    // Pools have no MACs on either side: unchanged (the one zero rule of src/core/metrics.ts).
    expect(j.blocks[2].ratios.macs).toBe(1);
  });

  it('prints the totals side by side with B/A and the change, then the blocks', async () => {
    const r = await cli('compare', 'vgg16-cifar', 'hetconv:p=4');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('A: vgg16-cifar (VGG-16 (CIFAR-10))');
    expect(lines[1]).toBe('B: hetconv:p=4');
    expect(lines).toContain('Skipped 1 layer(s):');
    const macs = lines.find((l) => l.trim().startsWith('MACs'));
    expect(macs).toMatch(/313\.46 M \(313,463,808\)\s+105\.85 M \(105,845,760\)\s+0\.338x\s+-66\.2%/);
    expect(lines.find((l) => l.trim().startsWith('Latency depth'))).toMatch(/15\s+15\s+1\.000x\s+0\.0%$/);
    expect(r.out).toContain('conv -> hetconv');
  });

  it('ACNet ResNet-56 deploy against ResNet-56 with BN fused: every ratio is exactly 1', async () => {
    const r = await cli(
      'compare',
      'resnet56-cifar',
      'acnet-resnet56-cifar-deploy',
      '--bn',
      'fused',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // Every metric of the one list, in its order.
    expect(Object.keys(j.ratios)).toEqual(METRICS.map((m) => m.key));
    expect(Object.values(j.ratios).every((v) => v === 1)).toBe(true);
  });

  it('has one rule for a zero baseline: both zero is 1, zero to something has no ratio', async () => {
    expect(metricRatio(0, 0)).toBe(1);
    expect(metricRatio(0, 5)).toBeUndefined();
    expect(metricRatio(4, 0)).toBe(0);
    expect(metricRatio(4, 2)).toBe(0.5);
    // A conv with no BN and no activation (0 extra FLOPs) against the same with them: no ratio.
    const conv = (bn: boolean) =>
      encodeDesign(
        parseDesign({
          input: { h: 8, w: 8, c: 4 },
          blocks: [{ kind: 'conv', params: { filters: 4, bn, act: bn ? 'relu' : 'none' } }],
        }),
      );
    const j = JSON.parse((await cli('compare', conv(false), conv(true), '--json')).out);
    expect(j.a.totals.extraFlops).toBe(0);
    // 256 output elements: BN 2 FLOPs each, ReLU 1.
    expect(j.b.totals.extraFlops).toBe(768);
    expect(j.ratios.extraFlops).toBeNull();
    expect(j.ratios.macs).toBe(1);
    const text = (await cli('compare', conv(false), conv(true))).out.split('\n');
    expect(text.find((l) => l.trim().startsWith('Bias/BN/act/pool/add FLOPs'))).toMatch(/\s-\s+—$/);
    expect(text.find((l) => l.trim().startsWith('MACs'))).toMatch(/1\.000x\s+0\.0%$/);
  });

  it('compares two unrelated designs in total only', async () => {
    const r = await cli('compare', 'vgg16-cifar', 'resnet56-cifar', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.blocks).toBeNull();
    expect(j.ratios.macs).toBeCloseTo(125_485_696 / 313_463_808, 12);
    const text = await cli('compare', 'vgg16-cifar', 'resnet56-cifar');
    expect(text.out).toContain('Blocks not compared one to one: A has 19 blocks, B 29');
  });

  it('applies the batch to both sides', async () => {
    const j = JSON.parse((await cli('compare', 'resnet56-cifar', 'dwpw', '--batch', '4', '--json')).out);
    expect(j.a.totals.macs).toBe(4 * 125_485_696);
  });

  it('exits 2 with one clear line on bad input', async () => {
    const cases: [string[], RegExp][] = [
      [['compare', 'vgg16-cifar'], /needs two arguments/],
      [['compare', 'vgg16-cifar', 'hetconv:p=0'], /option p \(part\) must be a positive integer/],
      [['compare', 'vgg16-cifar', 'hetconv:q=2'], /unknown option "q"/],
      [
        ['compare', 'vgg16-cifar', 'resnet99'],
        /"resnet99" is neither a preset .*, an existing file, nor a transform spec/,
      ],
      [['compare', 'vgg16-cifar', 'hetcon:p=4'], /"hetcon:p=4" is neither a preset .*nor a transform spec/],
      [['compare', 'nope', 'acb'], /"nope" is neither a preset/],
      [['compare', 'vgg16-cifar', 'acb', '--ops'], /unknown option --ops/],
      [['compare', 'vgg16-cifar', 'acb', '--bn', 'maybe'], /--bn must be one of counted, fused/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^convcost compare: /);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
  });
});
