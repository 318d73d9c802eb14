import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICES, measuredDevice, receptiveFields, roofline, trainingCost } from '../../src/core/index.ts';
import { analyzeDesign, buildGraph, parseDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';

const design = (blocks: unknown[], input = { h: 32, w: 32, c: 3 }) => parseDesign({ input, blocks });

/** Receptive field of the design's output, [H, W], and its jump. */
function outputRf(d: ReturnType<typeof parseDesign>) {
  const nodes = buildGraph(d).nodes;
  return receptiveFields(nodes)[nodes.length - 1];
}

describe('receptive field and effective stride', () => {
  it('works a 7x7/2 conv and a 3x3/2 pool by hand: r = 7 + 2*2 = 11, stride 4', () => {
    const d = design([
      { kind: 'conv', params: { filters: 8, kernel: 7, stride: 2 } },
      { kind: 'pool', params: { mode: 'max', kernel: 3, stride: 2, padding: 'same' } },
    ]);
    expect(outputRf(d)).toEqual({ rf: [11, 11], jump: [4, 4] });
  });

  it('widens a dilated conv: k_eff = d (k - 1) + 1', () => {
    const d = design([{ kind: 'conv', params: { filters: 4, kernel: 3, dilation: 2 } }]);
    expect(outputRf(d).rf).toEqual([5, 5]);
  });

  it('gives VGG-16 at pool5 the published 212 pixels, stride 32', () => {
    // Araujo, Norris, Sim: "Computing receptive fields of convolutional neural networks", Distill 2019, table 1: VGG-16 r = 212.
    const d = preset('vgg16')!.build();
    const nodes = buildGraph(d).nodes;
    const rf = receptiveFields(nodes);
    const pool5 = nodes.filter((n) => n.spec.op === 'pool').at(-1)!;
    expect(rf[pool5.id]).toEqual({ rf: [212, 212], jump: [32, 32] });
  });

  it('takes the largest path through branches (a ResNet block: the 3x3 path, not the 1x1 shortcut)', () => {
    const d = design([{ kind: 'resnet-basic', params: { filters: 8, stride: 2 } }], { h: 16, w: 16, c: 4 });
    // Two 3x3 convs, the first stride 2: 1 + 2 + 2*2 = 7.
    expect(outputRf(d)).toEqual({ rf: [7, 7], jump: [2, 2] });
  });

  it('grows by 2 per 3x3 stride-1 conv in a chain of any length (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), (k) => {
        const d = design(Array.from({ length: k }, () => ({ kind: 'conv', params: { filters: 4 } })));
        expect(outputRf(d)).toEqual({ rf: [2 * k + 1, 2 * k + 1], jump: [1, 1] });
      }),
    );
  });
});

describe('training cost', () => {
  it('works two convs by hand: backward = weight gradients of both + input gradient of the second', () => {
    const d = design([
      { kind: 'conv', params: { filters: 4, bn: false, act: 'none' } },
      { kind: 'conv', params: { filters: 4, bn: false, act: 'none' } },
    ]);
    const a = analyzeDesign(d);
    const t = trainingCost(a, buildGraph(d).nodes);
    const f1 = 32 * 32 * 4 * 3 * 9;
    const f2 = 32 * 32 * 4 * 4 * 9;
    expect(t.forwardMacs).toBe(f1 + f2);
    expect(t.backwardMacs).toBe(f1 + f2 + f2);
    expect(t.trainingMacs).toBe(2 * f1 + 3 * f2);
    // Kept for backward: input + both conv outputs, at fp32.
    expect(t.keptActivations).toBe(32 * 32 * 3 + 2 * 32 * 32 * 4);
    expect(t.keptActivationBytes).toBe(4 * t.keptActivations);
  });

  it('puts ResNet-18 training at about 3x its forward MACs, less the stem input gradient', () => {
    const d = preset('resnet18')!.build();
    const t = trainingCost(analyzeDesign(d), buildGraph(d).nodes);
    expect(t.trainingMacs).toBe(3 * 1_814_073_344 - 118_013_952);
    expect(t.trainingMacs / t.forwardMacs).toBeGreaterThan(2.9);
  });

  it('keeps backward between 1x and 2x forward for any stack of convs (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 6 }), (fs) => {
        const d = design(fs.map((f) => ({ kind: 'conv', params: { filters: f } })));
        const t = trainingCost(analyzeDesign(d), buildGraph(d).nodes);
        expect(t.backwardMacs).toBeGreaterThanOrEqual(t.forwardMacs);
        expect(t.backwardMacs).toBeLessThan(2 * t.forwardMacs);
      }),
    );
  });
});

describe('roofline', () => {
  const dev = { id: 't', label: 'test', peakFlops: 100, bandwidth: 10, source: 'by hand' };

  it('puts the ridge at peak / bandwidth and splits ops into memory- and compute-bound', () => {
    const d = design([{ kind: 'conv', params: { filters: 16, bn: false, act: 'none' } }]);
    const a = analyzeDesign(d);
    const r = roofline(a.ops, dev);
    expect(r.ridge).toBe(10);
    const p = r.points[0];
    // conv 32x32x3 -> 16: 442,368 MACs, bytes (3072 + 16384 + 432) x 4.
    expect(p.flops).toBe(2 * 442_368);
    expect(p.bytes).toBe((3072 + 16384 + 432) * 4);
    expect(p.intensity).toBeCloseTo(884_736 / 79_552, 10);
    expect(p.bound).toBe('compute');
    expect(p.attainable).toBe(100);
    expect(p.seconds).toBeCloseTo(884_736 / 100, 6);
  });

  it('never lets attainable exceed the peak or the bandwidth line, for every preset on every device', () => {
    const a = analyzeDesign(preset('mobilenet-v2')!.build());
    for (const device of DEVICES) {
      const r = roofline(a.ops, device);
      for (const p of r.points) {
        expect(p.attainable).toBeLessThanOrEqual(device.peakFlops);
        expect(p.attainable).toBeLessThanOrEqual(p.intensity * device.bandwidth * (1 + 1e-12));
        expect(p.bound === 'memory').toBe(p.intensity < r.ridge);
      }
      expect(r.memoryBound + r.computeBound).toBe(r.points.length);
      expect(device.source.length).toBeGreaterThan(20);
    }
  });

  it('builds "this browser" from the fastest op of a run', () => {
    const d = measuredDevice([
      { id: 0, flops: 2e9, bytes: 1e6, seconds: 0.1 },
      { id: 1, flops: 1e6, bytes: 4e8, seconds: 0.2 },
      { id: 2, flops: 0, bytes: 0, seconds: 0 },
    ])!;
    expect(d.peakFlops).toBe(2e10);
    expect(d.bandwidth).toBe(2e9);
    expect(measuredDevice([])).toBeUndefined();
  });
});
