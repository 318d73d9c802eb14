/**
 * A calibrated latency model for one backend (pure: no TensorFlow.js here, testable on its own).
 *
 * Each op class c (standard conv, pointwise, depthwise, each emulation, dense, BN, ...) gets
 *     time = max(work * a_c, bytes * b_c) + o_c
 * i.e. a roofline with peak 1/a_c FLOP/ms and bandwidth 1/b_c bytes/ms, plus a fixed per-op
 * overhead o_c (kernel launch, JS dispatch). The three numbers are fitted to measured op times by
 * minimising the squared relative error (a log grid over a and b, the best o in closed form, then
 * a local refinement). A class with too few distinct measurements falls back to a model fitted on
 * every op. A block's predicted time is the sum of its ops' predictions.
 */

/** One measured op: its class, work in FLOPs, bytes moved, and measured median time (ms). */
export interface OpSample {
  cls: string;
  flops: number;
  bytes: number;
  ms: number;
}

export interface RooflineParams {
  /** ms per FLOP (1 / peak). */
  a: number;
  /** ms per byte (1 / bandwidth). */
  b: number;
  /** Per-op overhead, ms. */
  o: number;
  /** Samples the parameters were fitted on. */
  n: number;
}

export interface LatencyModel {
  classes: Record<string, RooflineParams>;
  fallback: RooflineParams;
}

/** Minimum samples with distinct work for a class to get its own model. */
export const MIN_CLASS_SAMPLES = 3;

export function predictOp(p: RooflineParams, flops: number, bytes: number): number {
  return Math.max(flops * p.a, bytes * p.b) + p.o;
}

export function predictSample(m: LatencyModel, s: Omit<OpSample, 'ms'>): number {
  return predictOp(m.classes[s.cls] ?? m.fallback, s.flops, s.bytes);
}

/** Sum of squared relative errors of a parameter set, and the best overhead for its a and b. */
function score(samples: readonly OpSample[], a: number, b: number): { o: number; err: number } {
  let num = 0;
  let den = 0;
  for (const s of samples) {
    const m = Math.max(s.flops * a, s.bytes * b);
    const w = 1 / (s.ms * s.ms);
    num += (s.ms - m) * w;
    den += w;
  }
  const o = Math.max(0, num / den);
  let err = 0;
  for (const s of samples) {
    const r = (Math.max(s.flops * a, s.bytes * b) + o) / s.ms - 1;
    err += r * r;
  }
  return { o, err };
}

const logspace = (lo: number, hi: number, n: number) =>
  Array.from({ length: n }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (n - 1)));

/** x within [lo, hi]; 0 stays 0 (a term switched off). */
const clamp = (x: number, lo: number, hi: number) => (x === 0 ? 0 : Math.min(hi, Math.max(lo, x)));

/** Fits one roofline to samples (ms > 0). */
export function fitRoofline(samples: readonly OpSample[]): RooflineParams {
  const good = samples.filter((s) => s.ms > 0 && Number.isFinite(s.ms));
  if (good.length === 0) return { a: 0, b: 0, o: 0, n: 0 };
  // a: 0.01 .. 10^4 GFLOP/s  ->  1e-10 .. 1e-4 ms/FLOP; b: 0.01 .. 10^3 GB/s -> 1e-9 .. 1e-4 ms/byte; 0 = term off.
  const as = [0, ...logspace(-10, -4, 49)];
  const bs = [0, ...logspace(-9, -4, 41)];
  let best = { a: 0, b: 0, ...score(good, 0, 0) };
  for (const a of as)
    for (const b of bs) {
      const s = score(good, a, b);
      if (s.err < best.err) best = { a, b, ...s };
    }
  // Local refinement on a log scale (coordinate search with shrinking steps).
  let step = 0.25;
  for (let it = 0; it < 60 && step > 1e-3; it++) {
    let improved = false;
    for (const [da, db] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]) {
      // Stay inside the searched ranges: outside them a term is negligible and its value meaningless.
      const a = clamp(best.a * 10 ** (da * step), 1e-10, 1e-4);
      const b = clamp(best.b * 10 ** (db * step), 1e-9, 1e-4);
      const s = score(good, a, b);
      if (s.err < best.err - 1e-12) {
        best = { a, b, ...s };
        improved = true;
      }
    }
    if (!improved) step /= 2;
  }
  return { a: best.a, b: best.b, o: best.o, n: good.length };
}

/**
 * Fits one model per class (where there is enough data) and a fallback on everything. With block
 * measurements, the op-level fit is then refined so that the sums over each block's ops match the
 * measured block times (a block's time is what the model is asked to predict).
 */
export function fitLatencyModel(samples: readonly OpSample[], blocks?: readonly BlockSample[]): LatencyModel {
  const byClass = new Map<string, OpSample[]>();
  for (const s of samples) {
    if (!byClass.has(s.cls)) byClass.set(s.cls, []);
    byClass.get(s.cls)!.push(s);
  }
  const fallback = fitRoofline(samples);
  const classes: Record<string, RooflineParams> = {};
  for (const [cls, ss] of byClass) {
    const distinct = new Set(ss.map((s) => `${s.flops}:${s.bytes}`)).size;
    if (distinct >= MIN_CLASS_SAMPLES) classes[cls] = fitRoofline(ss);
    else if (distinct >= 1) {
      // Too few points for three parameters: keep the class's overhead, borrow the global slopes.
      classes[cls] = { ...fitOverheadOnly(ss, fallback), n: ss.length };
    }
  }
  const model = { classes, fallback };
  return blocks?.length ? refineOnBlocks(model, samples, blocks) : model;
}

function objective(
  m: LatencyModel,
  ops: readonly OpSample[],
  blocks: readonly BlockSample[],
  opWeight: number,
): number {
  let e = 0;
  for (const b of blocks) {
    if (!(b.ms > 0)) continue;
    const r = predictBlock(m, b.ops) / b.ms - 1;
    e += r * r;
  }
  let f = 0;
  for (const o of ops) {
    if (!(o.ms > 0)) continue;
    const r = predictSample(m, o) / o.ms - 1;
    f += r * r;
  }
  return e + opWeight * f;
}

/** Coordinate search on every class's (a, b, o), in log steps, on the block-level error. */
function refineOnBlocks(
  start: LatencyModel,
  ops: readonly OpSample[],
  blocks: readonly BlockSample[],
): LatencyModel {
  const m: LatencyModel = {
    classes: Object.fromEntries(Object.entries(start.classes).map(([k, v]) => [k, { ...v }])),
    fallback: { ...start.fallback },
  };
  // The ops keep a say, so classes that rarely dominate a block stay physical.
  const opWeight = (0.2 * blocks.length) / Math.max(1, ops.length);
  let best = objective(m, ops, blocks, opWeight);
  const keys = ['a', 'b', 'o'] as const;
  const seeds = { a: start.fallback.a || 1e-7, b: start.fallback.b || 1e-7, o: 1e-3 };
  let step = 0.3;
  for (let sweep = 0; sweep < 40 && step > 0.01; sweep++) {
    let improved = false;
    for (const p of Object.values(m.classes)) {
      for (const k of keys) {
        const old = p[k];
        const candidates = old > 0 ? [old * 10 ** step, old / 10 ** step, 0] : [seeds[k]];
        for (const c of candidates) {
          p[k] = c;
          const e = objective(m, ops, blocks, opWeight);
          if (e < best - 1e-12) {
            best = e;
            improved = true;
            break;
          }
          p[k] = old;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return m;
}

/** Best overhead for fixed slopes. */
function fitOverheadOnly(samples: readonly OpSample[], base: RooflineParams): RooflineParams {
  return { ...base, o: score(samples, base.a, base.b).o };
}

export interface BlockSample {
  /** The block's ops (class, work, bytes). */
  ops: Omit<OpSample, 'ms'>[];
  /** Measured median time of the block, ms. */
  ms: number;
}

export function predictBlock(m: LatencyModel, ops: readonly Omit<OpSample, 'ms'>[]): number {
  let t = 0;
  for (const op of ops) t += predictSample(m, op);
  return t;
}

export interface Accuracy {
  /** Blocks evaluated. */
  count: number;
  /** Share of blocks with |predicted / measured - 1| <= tolerance. */
  within: number;
  tolerance: number;
  /** Median |predicted / measured - 1|. */
  medianAbsError: number;
}

export function accuracy(m: LatencyModel, blocks: readonly BlockSample[], tolerance = 0.15): Accuracy {
  const errs = blocks
    .filter((b) => b.ms > 0)
    .map((b) => Math.abs(predictBlock(m, b.ops) / b.ms - 1))
    .sort((x, y) => x - y);
  const within = errs.filter((e) => e <= tolerance).length;
  const mid = errs.length ? (errs[(errs.length - 1) >> 1] + errs[errs.length >> 1]) / 2 : Number.NaN;
  return {
    count: errs.length,
    within: errs.length ? within / errs.length : 0,
    tolerance,
    medianAbsError: mid,
  };
}

/** "3x3 conv: 31.2 GFLOP/s, 9.8 GB/s, 0.012 ms per op" */
export function describeParams(cls: string, p: RooflineParams): string {
  // At the edge of the searched range a term never binds: say so rather than print a huge rate.
  const peak = p.a > 1e-10 ? `${(1 / p.a / 1e6).toFixed(1)} GFLOP/s` : 'no compute term';
  const bw = p.b > 1e-9 ? `${(1 / p.b / 1e6).toFixed(1)} GB/s` : 'no memory term';
  return `${cls}: ${peak}, ${bw}, ${(p.o * 1000).toFixed(1)} µs per op (${p.n} samples)`;
}
