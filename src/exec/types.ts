/**
 * Plain data shared by the execution path (TensorFlow.js), its Web Worker, the CLI and the UI.
 * Nothing here imports TensorFlow.js, so the app can use these types without loading it.
 */

/** How an op was executed when TensorFlow.js has no direct kernel for it, and what that costs beyond the formula. */
export interface EmulationInfo {
  /** Short id, e.g. "grouped:dw-sum", "hetconv:masked". */
  method: string;
  /** One line for the UI. */
  label: string;
  /** Multiply-accumulates the kernels actually perform (the formula counts `macs`). */
  executedMacs: number;
  /** Elements of intermediate tensors written beyond the op's output (data the formula does not move). */
  extraElements: number;
  /** Extra TensorFlow.js kernel launches beyond one. */
  extraKernels: number;
  note: string;
}

/** Median-based statistics of repeated timings, in milliseconds. */
export interface TimingStats {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median absolute deviation from the median. */
  madMs: number;
  /** (p75 - p25) / median: the relative spread. */
  spread: number;
  runs: number;
}

/** The result of one extra, block-specific check (e.g. ACB fusion). */
export interface ExtraCheck {
  name: string;
  ok: boolean;
  /** The number compared against the tolerance, e.g. a max abs error. */
  value: number;
  tolerance: number;
  detail: string;
}

/** What was built against what the analysis expected: output shape, parameters and buffers. */
export interface BuiltVsAnalysis {
  expectedShape: number[];
  builtShape: number[] | null;
  shapeOk: boolean;
  analyticalParams: number;
  builtParams: number;
  analyticalBuffers: number;
  builtBuffers: number;
  paramsOk: boolean;
}

export interface OpRunResult extends BuiltVsAnalysis {
  id: number;
  name: string;
  kind: string;
  block: number;
  /** Formula MACs of the op (conv/dense only). */
  macs: number;
  /** Bytes read and written by the op in fp32 (inputs + weights + output). */
  bytes: number;
  /** Output elements. */
  outElements: number;
  emulation?: EmulationInfo;
  /** Median time of this op inside its block's timed runs. */
  medianMs: number | null;
  /** Fastest of those runs (on a shared machine noise only adds time). */
  minMs: number | null;
}

export interface BlockRunResult extends BuiltVsAnalysis {
  index: number;
  id: string;
  name: string;
  kind: string;
  inShape: number[];
  /** Formula conv/dense MACs of the block. */
  macs: number;
  /** MACs the emulated kernels actually perform. */
  executedMacs: number;
  bytes: number;
  /** Distinct emulations used by the block's ops. */
  emulations: string[];
  extraChecks: ExtraCheck[];
  timing: TimingStats | null;
  /** 2 x formula MACs / median time, in GFLOP/s. */
  gflops: number | null;
  /** Time the block would take if time were proportional to MACs at the design's overall rate. */
  proportionalMs: number | null;
  /** measured / proportionalMs. */
  ratio: number | null;
  /** Set when the ratio is far from 1 (the block is much slower or faster than its MACs say). */
  outlier: boolean;
  /** Calibrated prediction (see calibrate.ts), when a model was fitted. */
  predictedMs: number | null;
  ops: OpRunResult[];
}

export interface BackendInfo {
  name: string;
  environment: 'node' | 'browser';
  simd: boolean;
  /** Threads the wasm backend runs with (1 = single-threaded). */
  threads: number;
  threaded: boolean;
  /** Why a multi-threaded start was not used, if it was wanted. */
  fallbackReason?: string;
  tfjsVersion: string;
}

export interface RunTotals {
  macs: number;
  executedMacs: number;
  analyticalParams: number;
  builtParams: number;
  analyticalBuffers: number;
  builtBuffers: number;
  paramsOk: boolean;
  shapesOk: boolean;
  /** Whole-design forward pass. */
  timing: TimingStats | null;
  gflops: number | null;
  /** Sum of the per-block medians. */
  sumOfBlocksMs: number | null;
}

export interface CalibrationSummary {
  /** Fitted per-op-kind models. */
  model: import('./calibrate.ts').LatencyModel;
  /** Share of blocks whose predicted time is within ±15 % of the measured one. */
  within15: number;
  /** Median |predicted / measured - 1| over blocks. */
  medianAbsError: number;
  /** Fitted on this run's own ops (in-sample) or supplied from elsewhere. */
  source: string;
}

export interface RunResult {
  designName: string;
  input: number[];
  backend: BackendInfo;
  options: RunOptions;
  startedAt: string;
  durationMs: number;
  blocks: BlockRunResult[];
  totals: RunTotals;
  calibration: CalibrationSummary | null;
  /** Every check passed (params, shapes, block-specific checks). */
  ok: boolean;
  failures: string[];
}

export type GroupedEmulation = 'auto' | 'dw-sum' | 'split';
export type HetconvEmulation = 'auto' | 'masked' | 'grouped';

export interface RunOptions {
  /** Seed of the deterministic random weights and inputs. */
  seed: number;
  /** Untimed runs before measuring. */
  warmup: number;
  /** Timed runs (at least). */
  repeats: number;
  /** Keep repeating a block until this much time has been measured (ms), up to maxRepeats. */
  minTimeMs: number;
  maxRepeats: number;
  /** Skip timing: build, count and check only. */
  checkOnly: boolean;
  grouped: GroupedEmulation;
  hetconv: HetconvEmulation;
  /** Fit the latency model on this run's ops and show predicted times. */
  calibrate: boolean;
  /** Also time the whole design end to end (after the per-block timings). */
  wholeDesign: boolean;
  /**
   * Also run it on ONNX Runtime Web (wasm), the second runtime, side by side: the exported ONNX
   * model on the same seeded weights, its numbers compared with TensorFlow.js's.
   */
  ort: boolean;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  seed: 1,
  warmup: 2,
  repeats: 5,
  minTimeMs: 150,
  maxRepeats: 25,
  checkOnly: false,
  grouped: 'auto',
  hetconv: 'auto',
  calibrate: true,
  wholeDesign: true,
  ort: false,
};

/** Progress of a run: phase and a fraction in [0, 1]. */
export interface RunProgress {
  phase: 'starting' | 'building' | 'checking' | 'timing' | 'whole' | 'done';
  fraction: number;
  message: string;
}
