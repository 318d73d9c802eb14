import { describe, expect, it } from 'vitest';
import { type AcbBranch, fuseAcb, sameAlignment } from '../../src/blocks/acb/fuse.ts';
import { acb } from '../../src/blocks/acb/kind.ts';
import { coreOf, layerBaseSchema } from '../../src/blocks/layer.ts';
import { DEFAULT_CONVENTION, shape } from '../../src/core/index.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';
import { mulberry32 } from '../../src/exec/rng.ts';

const fused = { ...DEFAULT_CONVENTION, bn: 'fused' as const };

function layer(kind: string, params: Record<string, unknown>, input = { h: 8, w: 8, c: 16 }) {
  return parseDesign({ input, blocks: [{ kind, params }] });
}

describe('ACB costs', () => {
  it('the training form of a 3x3 ACB 16 -> 32 on 8x8 costs 8*8*16*32*(9 + 3 + 3) = 491,520 MACs and three BNs', () => {
    const a = analyzeDesign(layer('acb', { filters: 32 }));
    expect(a.totals.macs).toBe(491_520);
    // 16*32*15 kernel weights + three BNs of 2*32.
    expect(a.totals.params).toBe(7_680 + 3 * 64);
    expect(a.totals.latencyDepth).toBe(1);
    expect(a.output).toEqual(shape(1, 8, 8, 32));
  });

  it('the training form costs (K^2 + 2K)/K^2 of the conv: 15/9 for K = 3, 35/25 for K = 5', () => {
    for (const k of [3, 5]) {
      const conv = analyzeDesign(layer('conv', { filters: 24, kernel: k }));
      const train = analyzeDesign(layer('acb', { filters: 24, kernel: k }));
      expect(train.totals.macs / conv.totals.macs).toBeCloseTo((k * k + 2 * k) / (k * k), 12);
    }
  });

  it('the deploy form costs exactly the baseline conv in MACs, and in parameters once BN is fused', () => {
    for (const params of [
      { filters: 32 },
      { filters: 32, stride: 2 },
      { filters: 10, kernel: 5, padding: 2 },
      { filters: 32, bn: false, bias: true },
    ]) {
      const conv = analyzeDesign(layer('conv', params));
      const deploy = analyzeDesign(layer('acb', { ...params, form: 'deploy' }));
      expect(deploy.totals.macs).toBe(conv.totals.macs);
      expect(analyzeDesign(layer('acb', { ...params, form: 'deploy' }), fused).totals.params).toBe(
        analyzeDesign(layer('conv', params), fused).totals.params,
      );
      expect(deploy.output).toEqual(conv.output);
    }
  });

  it('strided and explicitly padded ACBs keep the conv output shape', () => {
    for (const params of [
      { filters: 8, stride: 2 },
      { filters: 8, kernel: 5, stride: 2, padding: 2 },
      { filters: 8, kernel: [3, 5], padding: [1, 1, 2, 2] },
    ]) {
      const input = { h: 9, w: 12, c: 4 };
      expect(analyzeDesign(layer('acb', params, input)).output).toEqual(
        analyzeDesign(layer('conv', params, input)).output,
      );
    }
  });

  it('is ineligible for 1x1, even and "valid"-padded kernels, with the reason', () => {
    const core = (p: Record<string, unknown>) => coreOf(layerBaseSchema.parse({ filters: 8, ...p }));
    expect(acb.ineligible(8, core({ kernel: 1 }), { form: 'train' })).toMatch(/1x1 kernel/);
    expect(acb.ineligible(8, core({ kernel: 2 }), { form: 'train' })).toMatch(/odd sides/);
    expect(acb.ineligible(8, core({ padding: 'valid' }), { form: 'train' })).toMatch(/cropped/);
    expect(acb.ineligible(8, core({}), { form: 'train' })).toBeUndefined();
    expect(() => analyzeDesign(layer('acb', { filters: 8, padding: 'valid' }))).toThrow(
      /ACB: padding "valid"/,
    );
  });

  it('explains both forms with the numbers of the layer', () => {
    const e = acb.explain(shape(1, 8, 8, 16), coreOf(layerBaseSchema.parse({ filters: 32 })), {
      form: 'train',
    });
    const byLabel = Object.fromEntries(e.formulas.map((f) => [f.label, f.value]));
    expect(byLabel['MACs, training form (three branches)']).toBe(491_520);
    expect(byLabel['MACs, deploy form (one fused conv = the baseline)']).toBe(294_912);
    expect(byLabel['Parameters, deploy form (fused kernel + bias)']).toBe(16 * 32 * 9 + 32);
    expect(e.ratio?.value).toBeCloseTo(15 / 9, 12);
    expect(e.conditions.every((c) => c.ok)).toBe(true);
  });
});

/* A small reference conv in plain TypeScript: NHWC input (batch 1), HWIO kernel, explicit padding. */
function conv2d(
  x: Float64Array,
  [h, w, cin]: [number, number, number],
  k: ArrayLike<number>,
  [kh, kw, cout]: [number, number, number],
  [sh, sw]: [number, number],
  [pt, pb, pl, pr]: [number, number, number, number],
  bias?: ArrayLike<number>,
): { y: Float64Array; ho: number; wo: number } {
  const ho = Math.floor((h + pt + pb - kh) / sh) + 1;
  const wo = Math.floor((w + pl + pr - kw) / sw) + 1;
  const y = new Float64Array(ho * wo * cout);
  for (let i = 0; i < ho; i++)
    for (let j = 0; j < wo; j++)
      for (let o = 0; o < cout; o++) {
        let s = bias ? bias[o] : 0;
        for (let a = 0; a < kh; a++) {
          const yi = i * sh + a - pt;
          if (yi < 0 || yi >= h) continue;
          for (let b = 0; b < kw; b++) {
            const xj = j * sw + b - pl;
            if (xj < 0 || xj >= w) continue;
            for (let c = 0; c < cin; c++)
              s += x[(yi * w + xj) * cin + c] * k[((a * kw + b) * cin + c) * cout + o];
          }
        }
        y[(i * wo + j) * cout + o] = s;
      }
  return { y, ho, wo };
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
const rng = mulberry32;

function randomBranch(
  r: () => number,
  taps: number,
  cin: number,
  cout: number,
  withBias: boolean,
): AcbBranch {
  const arr = (n: number, f: () => number) => Float32Array.from({ length: n }, f);
  return {
    kernel: arr(taps * cin * cout, () => r() * 2 - 1),
    ...(withBias ? { bias: arr(cout, () => r() - 0.5) } : {}),
    bn: {
      gamma: arr(cout, () => 0.5 + r()),
      beta: arr(cout, () => r() - 0.5),
      mean: arr(cout, () => r() - 0.5),
      variance: arr(cout, () => 0.2 + r()),
    },
  };
}

/** Random weights for the three branches of a kh x kw ACB (square, 1 x kw, kh x 1). */
function randomAcb(r: () => number, kh: number, kw: number, cin: number, cout: number, withBias: boolean) {
  return {
    square: randomBranch(r, kh * kw, cin, cout, withBias),
    hor: randomBranch(r, kw, cin, cout, withBias),
    ver: randomBranch(r, kh, cin, cout, withBias),
  };
}

/** The training-form output: each branch conv, its BN (eps), summed. */
function branchSum(
  x: Float64Array,
  dims: [number, number, number],
  w: { square: AcbBranch; hor: AcbBranch; ver: AcbBranch },
  kh: number,
  kw: number,
  cout: number,
  stride: [number, number],
  pads: {
    square: [number, number, number, number];
    hor: [number, number, number, number];
    ver: [number, number, number, number];
  },
  eps: number,
) {
  const run = (b: AcbBranch, k: [number, number], p: [number, number, number, number]) => {
    const { y, ho, wo } = conv2d(x, dims, b.kernel, [k[0], k[1], cout], stride, p, b.bias);
    for (let j = 0; j < y.length; j++) {
      const o = j % cout;
      y[j] = ((y[j] - b.bn.mean[o]) * b.bn.gamma[o]) / Math.sqrt(b.bn.variance[o] + eps) + b.bn.beta[o];
    }
    return { y, ho, wo };
  };
  const s = run(w.square, [kh, kw], pads.square);
  const h = run(w.hor, [1, kw], pads.hor);
  const v = run(w.ver, [kh, 1], pads.ver);
  expect([h.ho, h.wo]).toEqual([s.ho, s.wo]);
  expect([v.ho, v.wo]).toEqual([s.ho, s.wo]);
  return s.y.map((val, j) => val + h.y[j] + v.y[j]);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] - b[j]));
  return m;
}

describe('ACB fusion (fuseAcb) on random weights', () => {
  it('a 3x3 ACB with "same" padding at stride 1 fuses to one conv whose output matches the branch sum within 1e-4', () => {
    const r = rng(1);
    const [h, w, cin, cout, kh, kw] = [7, 6, 5, 4, 3, 3];
    const x = Float64Array.from({ length: h * w * cin }, () => r() * 2 - 1);
    const weights = randomAcb(r, kh, kw, cin, cout, false);
    const eps = 1e-3;
    // TensorFlow "same" at stride 1: 3x3 pads 1 on every side, 1x3 pads only left/right, 3x1 only top/bottom.
    const expected = branchSum(
      x,
      [h, w, cin],
      weights,
      kh,
      kw,
      cout,
      [1, 1],
      {
        square: [1, 1, 1, 1],
        hor: [0, 0, 1, 1],
        ver: [1, 1, 0, 0],
      },
      eps,
    );
    const f = fuseAcb(weights, { kh, kw, cin, cout, eps });
    const got = conv2d(x, [h, w, cin], f.kernel, [kh, kw, cout], [1, 1], [1, 1, 1, 1], f.bias).y;
    expect(got.length).toBe(h * w * cout);
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-4);
  });

  it('a 5x5 ACB at stride 2 with symmetric padding 2, conv biases and eps 1e-5 fuses exactly too', () => {
    const r = rng(2);
    const [h, w, cin, cout, kh, kw] = [9, 8, 3, 6, 5, 5];
    const x = Float64Array.from({ length: h * w * cin }, () => r() * 2 - 1);
    const weights = randomAcb(r, kh, kw, cin, cout, true);
    const expected = branchSum(
      x,
      [h, w, cin],
      weights,
      kh,
      kw,
      cout,
      [2, 2],
      {
        square: [2, 2, 2, 2],
        hor: [0, 0, 2, 2],
        ver: [2, 2, 0, 0],
      },
      1e-5,
    );
    const f = fuseAcb(weights, { kh, kw, cin, cout, eps: 1e-5 });
    const got = conv2d(x, [h, w, cin], f.kernel, [kh, kw, cout], [2, 2], [2, 2, 2, 2], f.bias).y;
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-4);
  });

  it('with TensorFlow "same" at stride 2 on an even input the branches line up with row and column 0, and fusing there is exact', () => {
    const r = rng(3);
    const [h, w, cin, cout, kh, kw] = [8, 8, 4, 3, 3, 3];
    const x = Float64Array.from({ length: h * w * cin }, () => r() * 2 - 1);
    const weights = randomAcb(r, kh, kw, cin, cout, false);
    // "same", stride 2, in 8: pad total 1, put at the bottom/right; a 1-tap axis gets none.
    const expected = branchSum(
      x,
      [h, w, cin],
      weights,
      kh,
      kw,
      cout,
      [2, 2],
      {
        square: [0, 1, 0, 1],
        hor: [0, 0, 0, 1],
        ver: [0, 1, 0, 0],
      },
      1e-3,
    );
    const at = sameAlignment({ h, w }, [kh, kw], [2, 2]);
    expect(at).toEqual({ row: 0, col: 0 });
    const f = fuseAcb(weights, { kh, kw, cin, cout, ...at });
    const got = conv2d(x, [h, w, cin], f.kernel, [kh, kw, cout], [2, 2], [0, 1, 0, 1], f.bias).y;
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-4);
    // Fusing into the centre instead would be wrong here.
    const wrong = fuseAcb(weights, { kh, kw, cin, cout });
    const bad = conv2d(x, [h, w, cin], wrong.kernel, [kh, kw, cout], [2, 2], [0, 1, 0, 1], wrong.bias).y;
    expect(maxAbsDiff(bad, expected)).toBeGreaterThan(1e-2);
  });

  it('rejects weights of the wrong length and kernels without a centre', () => {
    const r = rng(4);
    const ok = randomAcb(r, 3, 3, 2, 2, false);
    expect(() => fuseAcb(ok, { kh: 3, kw: 3, cin: 2, cout: 3 })).toThrow(/kernel has 36 values, expected 54/);
    expect(() => fuseAcb(ok, { kh: 2, kw: 2, cin: 2, cout: 2 })).toThrow(/no centre/);
  });
});
