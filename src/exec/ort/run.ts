/**
 * Runs a design on ONNX Runtime Web (wasm): the design exported to ONNX with the seeded weights of
 * the TensorFlow.js run, timed as a whole (one session) and block by block (each block exported as
 * a model of its own, fed the same seeded inputs the TensorFlow.js run feeds it), each block's
 * output shape checked against convcost's and, when a reference is given (TensorFlow.js on the
 * same weights), its numbers compared. ONNX Runtime is passed in, so this module never loads it.
 */
import type * as Ort from 'onnxruntime-web';
import type { Design } from '../../design/schema.ts';
import { hetconvSentence as hetconvSentenceOf, type OnnxValue, OnnxWriter } from '../../export/onnx/index.ts';
import { chwIndexOf } from '../../export/onnx/ops.ts';
import { RunCancelled } from '../errors.ts';
import { hashSeed, uniform } from '../rng.ts';
import { isOutlier, timeRuns, timingStats } from '../stats.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions, type RunProgress } from '../types.ts';
import { type OrtBackendInfo, type OrtBlockResult, type OrtRunResult, RUNTIME_AGREEMENT } from './types.ts';

export type OrtModule = typeof Ort;

/** TensorFlow.js outputs for the same seeded network (NHWC data), to compare ONNX Runtime against. */
export interface RuntimeReference {
  /** The design's first output for the given input. */
  whole(input: Float32Array): Float32Array | Promise<Float32Array>;
  /** Block b's output for its external inputs (node id -> NHWC data). */
  block(b: number, inputs: ReadonlyMap<number, Float32Array>): Float32Array | Promise<Float32Array>;
}

export interface OrtHooks {
  ort: OrtModule;
  backend: OrtBackendInfo;
  onProgress?: (p: RunProgress) => void;
  isCancelled?: () => boolean;
  reference?: RuntimeReference;
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** An NHWC tensor's data as ONNX's layout of the same value: NCHW, or a 2-D value's feature order. */
export function toOnnxLayout(
  data: Float32Array,
  shape: readonly number[],
  v: Pick<OnnxValue, 'rank' | 'hwc'>,
) {
  const [n, h, w, c] = shape;
  if (v.rank === 2) {
    if (!v.hwc) return data;
    const idx = chwIndexOf(v.hwc);
    const f = idx.length;
    const out = new Float32Array(data.length);
    for (let s = 0; s < n; s++) for (let k = 0; k < f; k++) out[s * f + idx[k]] = data[s * f + k];
    return out;
  }
  const out = new Float32Array(data.length);
  for (let s = 0; s < n; s++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++)
          out[((s * c + ch) * h + y) * w + x] = data[((s * h + y) * w + x) * c + ch];
  return out;
}

/** ONNX output data (NCHW, or 2-D in convcost's feature order) as NHWC. */
export function fromOnnxLayout(data: Float32Array, dims: readonly number[]): Float32Array {
  if (dims.length !== 4) return data;
  const [n, c, h, w] = dims;
  const out = new Float32Array(data.length);
  for (let s = 0; s < n; s++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          out[((s * h + y) * w + x) * c + ch] = data[((s * c + ch) * h + y) * w + x];
  return out;
}

/** NHWC shape of an ONNX output: [N, C, H, W] -> [N, H, W, C]; [N, F] -> [N, 1, 1, F]. */
export const nhwcDims = (dims: readonly number[]): number[] =>
  dims.length === 4
    ? [dims[0], dims[2], dims[3], dims[1]]
    : [dims[0], 1, 1, dims.slice(1).reduce((a, b) => a * b, 1)];

/** max |a - b| / max(1, max |b|): the agreement of two runtimes, scaled for outputs far above 1. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let err = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}

const sameShape = (a: readonly number[] | null, b: readonly number[]) =>
  !!a && a.length === b.length && a.every((v, i) => v === b[i]);

const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** The seeded input TensorFlow.js's run gives block b's external value `id` (run.ts / network.ts blockInputs). */
export const blockInputData = (seed: number, b: number, id: number, shape: readonly number[]) =>
  uniform(hashSeed(seed, 'input', b, id), count(shape), -1, 1);

/** The seeded input of the whole design (run.ts). */
export const designInputData = (seed: number, shape: readonly number[]) =>
  uniform(hashSeed(seed, 'input'), count(shape), -1, 1);

export const PER_BLOCK_SOURCE =
  'each block exported as an ONNX model of its own and timed in its own session (ONNX Runtime Web writes its wasm profiler trace inside the wasm file system, out of reach of the page)';

export async function runOrt(
  design: Design,
  opts: Partial<RunOptions>,
  hooks: OrtHooks,
): Promise<OrtRunResult> {
  const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, ...opts };
  const { ort } = hooks;
  const started = performance.now();
  const progress = (phase: RunProgress['phase'], fraction: number, message: string) =>
    hooks.onProgress?.({ phase, fraction: Math.max(0, Math.min(1, fraction)), message });
  const check = () => {
    if (hooks.isCancelled?.()) throw new RunCancelled('cancelled');
  };
  const writer = new OnnxWriter(design, { weights: 'seeded', seed: options.seed });
  const { graph } = writer.model;
  const failures: string[] = [];
  const shapeOf = (id: number) => {
    const s = id < 0 ? graph.input : graph.nodes[id].cost.out;
    return [s.n, s.h, s.w, s.c];
  };
  const sessionOptions: Ort.InferenceSession.SessionOptions = {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    // A shape ONNX Runtime did not expect is a failed check here, not a warning on the console.
    logSeverityLevel: 3,
  };

  // 1. The whole design: output shape, numbers against TF.js, time.
  progress('building', 0, 'exporting the design to ONNX');
  const whole = writer.whole();
  check();
  await tick();
  const inputShape = shapeOf(-1);
  const inputData = designInputData(options.seed, inputShape);
  let wholeTiming: OrtRunResult['totals']['timing'] = null;
  let wholeError: number | null = null;
  {
    progress('building', 0.05, 'starting an ONNX Runtime session for the whole design');
    const session = await ort.InferenceSession.create(whole.bytes, sessionOptions);
    try {
      const feeds = {
        [whole.inputName]: new ort.Tensor(
          'float32',
          toOnnxLayout(inputData, inputShape, { rank: 4 }),
          whole.inputDims,
        ),
      };
      const out = await session.run(feeds);
      const o = out[whole.outputs[0].name];
      const got = nhwcDims(o.dims);
      const want = shapeOf(graph.outputs[0]);
      if (!sameShape(got, want))
        failures.push(`whole design: ONNX Runtime output ${got.join('x')}, convcost says ${want.join('x')}`);
      if (hooks.reference) {
        const ref = await hooks.reference.whole(inputData);
        wholeError = relativeError(fromOnnxLayout(o.data as Float32Array, o.dims), ref);
        if (!(wholeError <= RUNTIME_AGREEMENT))
          failures.push(
            `whole design: ONNX Runtime and TensorFlow.js differ by ${wholeError.toExponential(2)} (relative), above ${RUNTIME_AGREEMENT}`,
          );
      }
      check();
      if (!options.checkOnly && options.wholeDesign) {
        progress('whole', 0.1, 'timing the whole design on ONNX Runtime');
        wholeTiming = timingStats(await timeRuns(() => session.run(feeds), options, check));
      }
    } finally {
      await session.release();
    }
  }

  // 2. Block by block.
  const blocks: OrtBlockResult[] = [];
  for (let b = 0; b < graph.blocks.length; b++) {
    const meta = graph.blocks[b];
    const nodes = graph.nodes.filter((n) => n.block === b);
    const macs = nodes.reduce((a, n) => a + n.cost.macs, 0);
    const het = whole.hetconv.filter((h) => h.block === meta.name);
    const executedMacs = macs + het.reduce((a, h) => a + h.extraMacs, 0);
    const outId = meta.output ?? (nodes.length ? nodes[nodes.length - 1].id : -1);
    const expectedShape = shapeOf(outId);
    const res: OrtBlockResult = {
      index: b,
      id: meta.id,
      name: meta.name,
      kind: meta.kind,
      macs,
      executedMacs,
      shape: null,
      expectedShape,
      shapeOk: true,
      timing: null,
      gflops: null,
      proportionalMs: null,
      ratio: null,
      outlier: false,
      maxError: null,
    };
    blocks.push(res);
    const model = writer.block(b);
    if (!model) continue;
    const session = await ort.InferenceSession.create(model.bytes, sessionOptions);
    try {
      const data = new Map<number, Float32Array>();
      const feeds: Record<string, Ort.Tensor> = {};
      model.externals.forEach((id, k) => {
        const s = shapeOf(id);
        const d = blockInputData(options.seed, b, id, s);
        data.set(id, d);
        feeds[model.inputs[k].name] = new ort.Tensor(
          'float32',
          toOnnxLayout(d, s, model.layouts[k]),
          model.inputs[k].dims,
        );
      });
      const out = await session.run(feeds);
      const o = out[model.outputs[0].name];
      res.shape = nhwcDims(o.dims);
      res.shapeOk = sameShape(res.shape, expectedShape);
      if (!res.shapeOk)
        failures.push(
          `${meta.name}: ONNX Runtime output ${res.shape.join('x')}, convcost says ${expectedShape.join('x')}`,
        );
      if (hooks.reference) {
        const ref = await hooks.reference.block(b, data);
        res.maxError = relativeError(fromOnnxLayout(o.data as Float32Array, o.dims), ref);
        if (!(res.maxError <= RUNTIME_AGREEMENT))
          failures.push(
            `${meta.name}: ONNX Runtime and TensorFlow.js differ by ${res.maxError.toExponential(2)} (relative), above ${RUNTIME_AGREEMENT}`,
          );
      }
      if (!options.checkOnly)
        res.timing = timingStats(await timeRuns(() => session.run(feeds), options, check));
    } finally {
      await session.release();
    }
    progress('timing', 0.15 + (0.85 * (b + 1)) / graph.blocks.length, `ONNX Runtime: ${meta.name}`);
    check();
    await tick();
  }

  // 3. Derived: GFLOP/s and the ratio to a MAC-proportional share of the time.
  const totalMacs = blocks.reduce((a, r) => a + r.macs, 0);
  const sumOfBlocksMs = options.checkOnly ? null : blocks.reduce((a, r) => a + (r.timing?.medianMs ?? 0), 0);
  const msPerMac = sumOfBlocksMs !== null && totalMacs > 0 ? sumOfBlocksMs / totalMacs : null;
  for (const r of blocks) {
    const t = r.timing?.medianMs;
    if (t === undefined || t <= 0) continue;
    r.gflops = r.macs > 0 ? (2 * r.macs) / (t * 1e6) : null;
    r.proportionalMs = msPerMac !== null ? r.macs * msPerMac : null;
    r.ratio = r.proportionalMs ? t / r.proportionalMs : null;
    r.outlier = isOutlier(r.ratio);
  }
  const errors = blocks.flatMap((r) => (r.maxError === null ? [] : [r.maxError]));
  progress('done', 1, 'done');
  return {
    designName: design.name,
    backend: hooks.backend,
    startedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    blocks,
    totals: {
      macs: totalMacs,
      executedMacs: blocks.reduce((a, r) => a + r.executedMacs, 0),
      shapesOk:
        blocks.every((r) => r.shapeOk) &&
        !failures.some((f) => f.startsWith('whole design: ONNX Runtime output')),
      timing: wholeTiming,
      gflops: wholeTiming && wholeTiming.medianMs > 0 ? (2 * totalMacs) / (wholeTiming.medianMs * 1e6) : null,
      sumOfBlocksMs,
      maxError: wholeError,
      maxBlockError: errors.length ? Math.max(...errors) : null,
    },
    perBlockSource: PER_BLOCK_SOURCE,
    hetconv: hetconvSentenceOf(whole.hetconv),
    ok: failures.length === 0,
    failures,
  };
}
