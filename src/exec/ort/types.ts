/**
 * Results of running a design on ONNX Runtime Web (wasm), the second runtime: plain data shared by
 * its runner, the run worker, the tests and the UI (nothing here loads ONNX Runtime).
 */
import type { TimingStats } from '../types.ts';

export interface OrtBackendInfo {
  name: 'onnxruntime-web';
  version: string;
  environment: 'node' | 'browser';
  /** wasm threads ONNX Runtime was asked to use. */
  threads: number;
}

export interface OrtBlockResult {
  index: number;
  id: string;
  name: string;
  kind: string;
  /** convcost's conv/dense MACs of the block. */
  macs: number;
  /** MACs the ONNX ops execute (HetConv's grouped+pointwise or masked form does more). */
  executedMacs: number;
  /** NHWC, as convcost writes shapes; null for a block without ops (nothing to run). */
  shape: number[] | null;
  expectedShape: number[];
  shapeOk: boolean;
  timing: TimingStats | null;
  gflops: number | null;
  /** The block's share of the design's time if time were proportional to MACs. */
  proportionalMs: number | null;
  /** measured / proportionalMs. */
  ratio: number | null;
  outlier: boolean;
  /** max |ORT - TF.js| / max(1, max |TF.js|) on the same weights and inputs, when TF.js ran too. */
  maxError: number | null;
}

export interface OrtRunResult {
  designName: string;
  backend: OrtBackendInfo;
  startedAt: string;
  durationMs: number;
  blocks: OrtBlockResult[];
  totals: {
    macs: number;
    executedMacs: number;
    shapesOk: boolean;
    /** The whole design as one session. */
    timing: TimingStats | null;
    gflops: number | null;
    sumOfBlocksMs: number | null;
    /** Output of the whole design against TF.js's (see OrtBlockResult.maxError). */
    maxError: number | null;
    /** Largest per-block error. */
    maxBlockError: number | null;
  };
  /** Where the per-block times come from (ONNX Runtime Web's wasm profiler keeps its trace to itself). */
  perBlockSource: string;
  /** How HetConv layers were written, if any (one sentence). */
  hetconv: string;
  ok: boolean;
  failures: string[];
}

/** Relative tolerance of the TF.js-vs-ORT comparison: max |a - b| / max(1, max |b|). */
export const RUNTIME_AGREEMENT = 1e-4;
