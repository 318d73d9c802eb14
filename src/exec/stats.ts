/** Timing statistics (pure). */
import type { TimingStats } from './types.ts';

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(xs: readonly number[]): number {
  return quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
}

export function timingStats(samples: readonly number[]): TimingStats {
  const s = [...samples].sort((a, b) => a - b);
  const med = quantile(s, 0.5);
  const mad = quantile(
    s.map((x) => Math.abs(x - med)).sort((a, b) => a - b),
    0.5,
  );
  return {
    medianMs: med,
    minMs: s[0],
    maxMs: s[s.length - 1],
    madMs: mad,
    spread: med > 0 ? (quantile(s, 0.75) - quantile(s, 0.25)) / med : 0,
    runs: s.length,
  };
}

/** A block is an outlier when it runs more than twice as slow, or twice as fast, as its MACs say. */
export const OUTLIER_RATIO = 2;

export function isOutlier(ratio: number | null): boolean {
  return ratio !== null && Number.isFinite(ratio) && (ratio > OUTLIER_RATIO || ratio < 1 / OUTLIER_RATIO);
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * Times `fn` after `warmup` calls: at least `repeats` runs, more until `minTimeMs` is spent (up
 * to maxRepeats), in ms per run. An async `fn` (ONNX Runtime's session.run) is awaited inside
 * its timing; a sync one (TensorFlow.js with its data read back) is not, so its samples carry
 * no microtask. Yields to the event loop every 100 ms of work so a cancel can land.
 */
export async function timeRuns(
  fn: () => unknown,
  o: { warmup: number; repeats: number; minTimeMs: number; maxRepeats: number },
  check?: () => void,
): Promise<number[]> {
  const call = async () => {
    const r = fn();
    if (r instanceof Promise) await r;
  };
  for (let i = 0; i < o.warmup; i++) await call();
  const samples: number[] = [];
  let spent = 0;
  let sinceYield = 0;
  while (samples.length < o.repeats || (spent < o.minTimeMs && samples.length < o.maxRepeats)) {
    const t0 = performance.now();
    const r = fn();
    if (r instanceof Promise) await r;
    const ms = performance.now() - t0;
    samples.push(ms);
    spent += ms;
    sinceYield += ms;
    if (sinceYield > 100) {
      sinceYield = 0;
      check?.();
      await tick();
    }
  }
  return samples;
}
