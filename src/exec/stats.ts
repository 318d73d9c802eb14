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
