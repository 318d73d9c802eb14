import { describe, expect, it } from 'vitest';
import { COMPRESSION_FLAG, dataflowTable } from '../../src/design/dataflow.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';

describe('data-flow table (EffNet, section 4.1)', () => {
  it('gives elements in, out and the compression factor of each block, flagged from 4 up', () => {
    const d = parseDesign({
      input: { h: 32, w: 32, c: 3 },
      batch: 2,
      blocks: [
        { kind: 'conv', name: 'conv1', params: { filters: 64 } },
        { kind: 'pool', name: 'pool', params: { mode: 'max', kernel: 2 } },
        { kind: 'effnet', name: 'eff', params: { filters: 128 } },
        { kind: 'conv', name: 'squeeze', params: { filters: 64, stride: 2 } },
        { kind: 'head', name: 'fc', params: { classes: 10 } },
      ],
    });
    const t = dataflowTable(analyzeDesign(d));
    expect(t.threshold).toBe(COMPRESSION_FLAG);
    expect(t.rows.map((r) => [r.name, r.elementsIn, r.elementsOut, r.compression, r.flagged])).toEqual([
      // 32x32x3 -> 32x32x64 expands: 3072 / 65536.
      ['conv1', 2 * 3_072, 2 * 65_536, 0.046875, false],
      // 2x2 max-pool: exactly 4, the paper's threshold.
      ['pool', 2 * 65_536, 2 * 16_384, 4, true],
      // EffNet halves H and W and doubles C: 16x16x64 -> 8x8x128 = 2.
      ['eff', 2 * 16_384, 2 * 8_192, 2, false],
      // Stride 2 and half the channels: 8x8x128 -> 4x4x64 = 8.
      ['squeeze', 2 * 8_192, 2 * 1_024, 8, true],
      // Global pool + classifier: 4x4x64 -> 10.
      ['fc', 2 * 1_024, 2 * 10, 102.4, true],
    ]);
    expect(t.flagged).toEqual([1, 3, 4]);
    expect(t.compression).toBeCloseTo(3_072 / 10, 12);
  });

  it('VGG-16 (CIFAR): every 2x2 max-pool compresses by exactly 4 and no conv compresses', () => {
    const t = dataflowTable(analyzeDesign(preset('vgg16-cifar')!.build()));
    for (const r of t.rows) {
      if (r.kind === 'pool') expect(r.compression).toBe(4);
      if (r.kind === 'conv') expect(r.compression).toBeLessThanOrEqual(1);
    }
  });

  it('the threshold can be changed', () => {
    const t = dataflowTable(analyzeDesign(preset('resnet56-cifar')!.build()), 2);
    // Each stage entry (stride 2, twice the channels) halves the data: 2, flagged at threshold 2.
    expect(t.rows.filter((r) => r.flagged && r.kind === 'resnet-basic').map((r) => r.name)).toEqual([
      'stage2.0',
      'stage3.0',
    ]);
  });
});
