/**
 * TensorFlow.js and ONNX Runtime Web side by side, as plain rows: the app's comparison table and
 * `convcost verify --runtime both` read the same rows and the same verdicts (pure; loads neither
 * runtime).
 */
import type { RunResult } from '../types.ts';
import { type OrtBlockResult, type OrtRunResult, RUNTIME_AGREEMENT } from './types.ts';

export interface RuntimeRow {
  index: number;
  name: string;
  kind: string;
  /** convcost's conv/dense MACs of the block. */
  macs: number;
  /** MACs the ONNX form executes (more for HetConv's grouped+pointwise or masked form). */
  executedMacs: number;
  /** Median ms on TensorFlow.js, and measured / MAC-proportional time on it (null: not timed or not run). */
  tfMs: number | null;
  tfRatio: number | null;
  /** The same on ONNX Runtime. */
  ortMs: number | null;
  ortRatio: number | null;
  /** max |ORT - TF.js| / max(1, max |TF.js|); null when TF.js did not run or the block has no op. */
  maxError: number | null;
  ok: boolean;
}

/** ONNX Runtime's output shape equals convcost's, and its numbers agree with TF.js's within RUNTIME_AGREEMENT. */
export const ortBlockOk = (b: OrtBlockResult): boolean =>
  b.shapeOk && (b.maxError === null || b.maxError <= RUNTIME_AGREEMENT);

/** One row per block of the ONNX Runtime run, with TF.js's figures for the same block when it ran. */
export function runtimeRows(tf: RunResult | null, ort: OrtRunResult): RuntimeRow[] {
  return ort.blocks.map((b) => {
    const a = tf?.blocks[b.index];
    return {
      index: b.index,
      name: b.name,
      kind: b.kind,
      macs: b.macs,
      executedMacs: b.executedMacs,
      tfMs: a?.timing?.medianMs ?? null,
      tfRatio: a?.ratio ?? null,
      ortMs: b.timing?.medianMs ?? null,
      ortRatio: b.ratio,
      maxError: b.maxError,
      ok: ortBlockOk(b),
    };
  });
}

/** The largest TF.js-vs-ORT error of the run (whole design and every block); null when TF.js did not run. */
export function worstError(ort: OrtRunResult): number | null {
  const e = [ort.totals.maxError, ort.totals.maxBlockError].filter((x): x is number => x !== null);
  return e.length ? Math.max(...e) : null;
}

/** How ONNX Runtime's whole-design time compares, in words: "1.58x as fast" or "takes 1.45x as long". */
export function speedupPhrase(speedup: number, times = 'x'): string {
  return speedup >= 1
    ? `${speedup.toFixed(2)}${times} as fast`
    : `takes ${(1 / speedup).toFixed(2)}${times} as long`;
}

/** TF.js's whole-design median / ORT's: how many times as fast ONNX Runtime ran the design (null: not both timed). */
export function ortSpeedup(tf: RunResult | null, ort: OrtRunResult): number | null {
  const t = tf?.totals.timing?.medianMs;
  const o = ort.totals.timing?.medianMs;
  return t !== undefined && o !== undefined && o > 0 ? t / o : null;
}
