/** Plain rows for the run table and chart (pure). */
import type { BlockRunResult, RunResult } from '../../exec/types.ts';

export interface RunChartRow {
  index: number;
  label: string;
  name: string;
  kind: string;
  macs: number;
  measured: number | null;
  /** Time if time were proportional to MACs at the design's overall rate. */
  proportional: number | null;
  /** Calibrated latency model. */
  model: number | null;
  outlier: boolean;
}

export function runChartRows(r: RunResult): RunChartRow[] {
  return r.blocks.map((b) => ({
    index: b.index + 1,
    label: String(b.index + 1),
    name: b.name,
    kind: b.kind,
    macs: b.macs,
    measured: b.timing?.medianMs ?? null,
    proportional: b.proportionalMs,
    model: b.predictedMs,
    outlier: b.outlier,
  }));
}

export function blockOk(b: BlockRunResult): boolean {
  return b.paramsOk && b.shapeOk && b.extraChecks.every((c) => c.ok);
}

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v < 1) return v.toFixed(3);
  if (v < 100) return v.toFixed(2);
  return v.toFixed(0);
}

/** "wasm · SIMD · 2 threads" and whether it is multi-threaded. */
export function backendLabel(b: RunResult['backend']): string {
  const parts = [`TensorFlow.js ${b.tfjsVersion}`, b.name, b.simd ? 'SIMD' : 'no SIMD'];
  parts.push(
    b.threaded
      ? b.threads > 1
        ? `multi-threaded (${b.threads} threads)`
        : 'threaded build, 1 thread (tfjs uses half the logical cores)'
      : 'single-threaded',
  );
  return parts.join(' · ');
}
