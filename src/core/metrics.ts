import type { Sums, TotalKey, Totals } from './analysis.ts';
import { approx, bytes, si } from './format.ts';

/**
 * The totals convcost compares and shows, in one list: the command line's compare, the app's
 * totals cards and A/B table, and the Markdown/LaTeX exports all take their label, unit, value
 * and ratio rule from here, so a metric is added (or renamed) once.
 */

export type { TotalKey };

/** What a metric's number counts. Counts and bytes take SI prefixes; layers and ratios do not. */
export type MetricUnit = 'MACs' | 'FLOPs' | 'params' | 'elements' | 'B' | 'FLOPs/byte' | 'layers';

export interface Metric {
  /** The field of Totals it reads; also its key in JSON (compare --json) and in test ids. */
  key: TotalKey;
  label: string;
  unit: MetricUnit;
  /** What it is, in a sentence (the app's tooltip). */
  description: string;
}

export const METRICS: readonly Metric[] = [
  {
    key: 'macs',
    label: 'MACs',
    unit: 'MACs',
    description: 'Multiply-accumulates (what most papers call FLOPs)',
  },
  {
    key: 'flops',
    label: 'FLOPs (2 x MACs)',
    unit: 'FLOPs',
    description: 'Floating-point operations: 2 per MAC',
  },
  {
    key: 'convMacs',
    label: 'Conv/dense MACs',
    unit: 'MACs',
    description: 'MACs of the conv and dense layers alone, whatever the convention says about extra ops',
  },
  {
    key: 'extraFlops',
    label: 'Bias/BN/act/pool/add FLOPs',
    unit: 'FLOPs',
    description: 'Bias adds, BatchNorm, activations, pooling, residual adds and other element-wise work',
  },
  { key: 'params', label: 'Parameters', unit: 'params', description: 'Weights, biases and BN gamma/beta' },
  {
    key: 'weightBytes',
    label: 'Weight memory',
    unit: 'B',
    description: 'Parameters and buffers (BN running mean/var) at the chosen precision',
  },
  {
    key: 'activations',
    label: 'Activations',
    unit: 'elements',
    description: 'Every new tensor an op writes (the network input excluded: no op writes it)',
  },
  {
    key: 'peakActivationBytes',
    label: 'Peak activation memory',
    unit: 'B',
    description: 'The most activation bytes alive at once when the ops run in order',
  },
  {
    key: 'bytesMoved',
    label: 'Bytes moved',
    unit: 'B',
    description: 'Every tensor read and write of every op, plus its weights',
  },
  {
    key: 'arithmeticIntensity',
    label: 'Arithmetic intensity',
    unit: 'FLOPs/byte',
    description: 'Headline FLOPs per byte moved',
  },
  {
    key: 'latencyDepth',
    label: 'Latency depth',
    unit: 'layers',
    description: 'Sequential conv/dense layers on the critical path',
  },
];

const byKey = new Map(METRICS.map((m) => [m.key, m]));

/** The metric reading `key` (every key of METRICS has one). */
export function metric(key: Metric['key']): Metric {
  const m = byKey.get(key);
  if (!m) throw new Error(`no metric ${key}`);
  return m;
}

/** Counts and bytes are written with SI prefixes; depths and ratios as they are. */
export const isScaled = (m: Metric): boolean => m.unit !== 'layers' && m.unit !== 'FLOPs/byte';

/** The metric's value in these totals. */
export const metricValue = (m: Metric, t: Totals): number => t[m.key];

/** True when the figure is past 2^53 and so only approximate (see Totals.approximate). */
export const isApproximate = (m: Metric, t: Pick<Totals, 'approximate'>): boolean =>
  t.approximate.includes(m.key);

/**
 * B / A, the one rule for a zero baseline: both zero is no change (1); A zero and B not has no
 * finite ratio (undefined, shown as a dash). Otherwise b / a.
 */
export function metricRatio(a: number, b: number): number | undefined {
  if (a === 0) return b === 0 ? 1 : undefined;
  return b / a;
}

/**
 * The metric's value for one block, when it has one: the block's own sums, and its own latency
 * depth; undefined for the network-wide figures (peaks, intensity).
 */
export function blockValue(m: Metric, b: { sums: Sums; latencyDepth: number }): number | undefined {
  if (m.key === 'latencyDepth') return b.latencyDepth;
  if (m.key in b.sums) return b.sums[m.key as Exclude<keyof Sums, 'extra'>];
  return undefined;
}

/**
 * A metric's value as the app shows it: "1.814 G", "46.76 MB", "18", "2.45", marked "~" when it
 * is approximate.
 */
export function metricText(m: Metric, v: number, approximate = false): string {
  const text =
    m.unit === 'B'
      ? bytes(v)
      : m.unit === 'layers'
        ? String(v)
        : m.unit === 'FLOPs/byte'
          ? v.toFixed(2)
          : si(v);
  return approx(text, approximate);
}
