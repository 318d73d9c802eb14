import { describe, expect, it } from 'vitest';
import {
  accuracy,
  type BlockSample,
  fitLatencyModel,
  fitRoofline,
  type OpSample,
  predictBlock,
  predictOp,
} from '../../src/exec/calibrate.ts';
import { holdoutFromSamples, type SampleSet } from '../../src/exec/holdout.ts';
import { mulberry32 } from '../../src/exec/rng.ts';

/** Synthetic ops timed by a known roofline: conv compute-bound at 20 GFLOP/s, BN memory-bound at 2 GB/s. */
const TRUE = {
  conv: { a: 1 / 20e6, b: 1 / 10e6, o: 0.02, n: 0 },
  batchnorm: { a: 1 / 5e6, b: 1 / 2e6, o: 0.005, n: 0 },
};

function synth(seed: number, count: number, noise = 0): { ops: OpSample[]; blocks: BlockSample[] } {
  const r = mulberry32(seed);
  const ops: OpSample[] = [];
  const blocks: BlockSample[] = [];
  for (let i = 0; i < count; i++) {
    const c = 10 ** (4 + 4 * r());
    // Work and bytes vary independently, so compute and memory terms are identifiable.
    const conv = { cls: 'conv', flops: 200 * c, bytes: c * (4 + 40 * r()) };
    const bn = { cls: 'batchnorm', flops: 2 * c, bytes: c * (8 + 8 * r()) };
    const jitter = () => 1 + noise * (r() - 0.5) * 2;
    const tc = predictOp(TRUE.conv, conv.flops, conv.bytes) * jitter();
    const tb = predictOp(TRUE.batchnorm, bn.flops, bn.bytes) * jitter();
    ops.push({ ...conv, ms: tc }, { ...bn, ms: tb });
    blocks.push({ ops: [conv, bn], ms: tc + tb });
  }
  return { ops, blocks };
}

describe('latency model (pure)', () => {
  it('recovers a roofline from exact data', () => {
    const { ops } = synth(1, 40);
    const p = fitRoofline(ops.filter((o) => o.cls === 'conv'));
    for (const o of ops.filter((x) => x.cls === 'conv'))
      expect(predictOp(p, o.flops, o.bytes) / o.ms).toBeCloseTo(1, 2);
    // Compute-bound class: the peak comes out at 20 GFLOP/s.
    expect(1 / p.a / 1e6).toBeCloseTo(20, 0);
  });

  it('predicts blocks within ±15 % on noisy data, in and out of sample', () => {
    const train = synth(2, 60, 0.1);
    const test = synth(3, 60, 0.1);
    const m = fitLatencyModel(train.ops, train.blocks);
    expect(accuracy(m, train.blocks).within).toBeGreaterThan(0.9);
    const acc = accuracy(m, test.blocks);
    expect(acc.count).toBe(60);
    expect(acc.within).toBeGreaterThan(0.9);
    expect(acc.medianAbsError).toBeLessThan(0.1);
  });

  it('the block-level refinement never makes the block error worse', () => {
    const d = synth(4, 50, 0.3);
    const err = (m: ReturnType<typeof fitLatencyModel>) =>
      d.blocks.reduce((a, b) => a + (predictBlock(m, b.ops) / b.ms - 1) ** 2, 0);
    expect(err(fitLatencyModel(d.ops, d.blocks))).toBeLessThanOrEqual(err(fitLatencyModel(d.ops)) + 1e-9);
  });

  it('a class never seen in fitting falls back to the global model; accuracy counts tolerance exactly', () => {
    const d = synth(5, 20);
    const m = fitLatencyModel(d.ops);
    const unseen = { cls: 'shuffle', flops: 0, bytes: 1e6 };
    expect(predictBlock(m, [unseen])).toBeGreaterThan(0);
    const a = accuracy(m, [
      { ops: [unseen], ms: predictBlock(m, [unseen]) * 1.1 },
      { ops: [unseen], ms: predictBlock(m, [unseen]) * 2 },
    ]);
    expect(a.within).toBe(0.5);
  });

  it('holdout: fits on some designs and reports the others separately', () => {
    const a = synth(6, 30, 0.05);
    const b = synth(7, 30, 0.05);
    const sets: SampleSet[] = [
      { id: 'a', ...a },
      { id: 'b', ...b },
    ];
    const r = holdoutFromSamples(sets, ['a']);
    expect(r.fitOn).toEqual(['a']);
    expect(r.evaluateOn).toEqual(['b']);
    expect(r.holdout.count).toBe(30);
    expect(r.holdout.within).toBeGreaterThan(0.9);
    expect(r.perDesign.map((d) => d.split)).toEqual(['fit', 'holdout']);
  });
});
