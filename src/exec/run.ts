/**
 * Runs a design on TensorFlow.js: builds it, checks the built parameters and shapes against the
 * analysis, runs block-specific checks, times every block and the whole design, and (optionally)
 * fits the latency model. The same code runs in the browser's Web Worker and in Node (CLI, tests).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BuiltGraph, buildGraph } from '../design/analyze.ts';
import type { Design } from '../design/schema.ts';
import { BLOCK_CHECKS } from './blocks/index.ts';
import { accuracy, fitLatencyModel, type LatencyModel, type OpSample, predictBlock } from './calibrate.ts';
import { RunCancelled, RunRefused } from './errors.ts';
import { opBytes, opFeatures } from './features.ts';
import { type ExecLimits, limitProblem } from './limits.ts';
import { ExecNetwork, randomInput, shapeArray } from './network.ts';
import { hashSeed } from './rng.ts';
import { isOutlier, median, timeRuns, timingStats } from './stats.ts';
import {
  type BackendInfo,
  type BlockRunResult,
  DEFAULT_RUN_OPTIONS,
  type ExtraCheck,
  type OpRunResult,
  type RunOptions,
  type RunProgress,
  type RunResult,
} from './types.ts';

export { RunCancelled, RunRefused } from './errors.ts';

export interface RunHooks {
  backend: BackendInfo;
  limits: ExecLimits;
  onProgress?: (p: RunProgress) => void;
  isCancelled?: () => boolean;
  /** A model fitted elsewhere, to predict with instead of fitting on this run. */
  model?: LatencyModel;
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

const sameShape = (a: readonly number[] | null, b: readonly number[]) =>
  !!a && a.length === b.length && a.every((v, i) => v === b[i]);

export async function runDesign(
  design: Design,
  opts: Partial<RunOptions>,
  hooks: RunHooks,
): Promise<RunResult> {
  const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, ...opts };
  const started = performance.now();
  const progress = (phase: RunProgress['phase'], fraction: number, message: string) =>
    hooks.onProgress?.({ phase, fraction: Math.max(0, Math.min(1, fraction)), message });
  const check = () => {
    if (hooks.isCancelled?.()) throw new RunCancelled('cancelled');
  };

  const graph: BuiltGraph = buildGraph(design);
  const problem = limitProblem(graph, options, hooks.limits);
  if (problem) throw new RunRefused(problem);

  // Phase weights of the progress bar.
  const W = options.checkOnly
    ? { build: 0.6, check: 0.4, time: 0, whole: 0 }
    : { build: 0.15, check: 0.1, time: 0.55, whole: 0.2 };
  progress('building', 0, 'building tensors');
  const net = await ExecNetwork.build(graph, options, async (done, total) => {
    if (done % 8 === 0 || done === total) {
      progress('building', (W.build * done) / total, `building op ${done} of ${total}`);
      check();
      await tick();
    }
  });
  try {
    return await measure(design, graph, net, options, hooks, W, progress, check, started);
  } finally {
    net.dispose();
  }
}

async function measure(
  design: Design,
  graph: BuiltGraph,
  net: ExecNetwork,
  options: RunOptions,
  hooks: RunHooks,
  W: { build: number; check: number; time: number; whole: number },
  progress: (phase: RunProgress['phase'], fraction: number, message: string) => void,
  check: () => void,
  started: number,
): Promise<RunResult> {
  const nodes = graph.nodes;
  const failures: string[] = [];

  // 1. One forward pass: every op's output shape, and the built tensors' sizes.
  progress('checking', W.build, 'checking shapes and parameters');
  const builtShapes: (number[] | null)[] = nodes.map(() => null);
  const input = randomInput(shapeArray(graph.input), hashSeed(options.seed, 'input'));
  try {
    const y = net.forward(input, (k, t) => {
      builtShapes[k] = [...t.shape];
    });
    y.dispose();
  } finally {
    input.dispose();
  }
  const opResults: OpRunResult[] = nodes.map((n, k) => {
    const op = net.ops[k];
    const expected = shapeArray(n.cost.out);
    const shapeOk = sameShape(builtShapes[k], expected);
    const paramsOk = op.params === n.cost.params && op.buffers === n.cost.buffers;
    const e = op.built.emulation;
    return {
      id: n.id,
      name: n.name,
      kind: n.spec.op,
      block: n.block,
      macs: n.cost.macs,
      bytes: opBytes(n, e),
      outElements: expected.reduce((a, b) => a * b, 1),
      expectedShape: expected,
      builtShape: builtShapes[k],
      shapeOk,
      analyticalParams: n.cost.params,
      builtParams: op.params,
      analyticalBuffers: n.cost.buffers,
      builtBuffers: op.buffers,
      paramsOk,
      ...(e ? { emulation: e } : {}),
      medianMs: null,
      minMs: null,
    };
  });

  // 2. Blocks: sums, block-specific checks.
  const blocks: BlockRunResult[] = [];
  for (let b = 0; b < graph.blocks.length; b++) {
    const r = net.blocks[b];
    const meta = graph.blocks[b];
    const ops = opResults.slice(r.first, r.first + r.count);
    const inId = r.externals[0] ?? -1;
    const outNode = r.count ? r.first + r.count - 1 : inId;
    const expected = net.shapeOf(outNode);
    const built = r.count ? builtShapes[outNode] : expected;
    const sum = (f: (o: OpRunResult) => number) => ops.reduce((a, o) => a + f(o), 0);
    const extraChecks: ExtraCheck[] = [];
    const applicable = BLOCK_CHECKS.filter((c) => c.applies(net, b));
    if (applicable.length) {
      const inputs = net.blockInputs(b, hashSeed(options.seed, 'check'));
      try {
        for (const c of applicable) extraChecks.push(...c.run({ net, block: b, inputs }));
      } finally {
        for (const t of inputs.values()) t.dispose();
      }
    }
    const res: BlockRunResult = {
      index: b,
      id: meta.id,
      name: meta.name,
      kind: meta.kind,
      inShape: net.shapeOf(inId),
      expectedShape: expected,
      builtShape: built,
      shapeOk: ops.every((o) => o.shapeOk) && sameShape(built, expected),
      analyticalParams: sum((o) => o.analyticalParams),
      builtParams: sum((o) => o.builtParams),
      analyticalBuffers: sum((o) => o.analyticalBuffers),
      builtBuffers: sum((o) => o.builtBuffers),
      paramsOk: ops.every((o) => o.paramsOk),
      macs: sum((o) => o.macs),
      executedMacs: sum((o) => o.emulation?.executedMacs ?? o.macs),
      bytes: sum((o) => o.bytes),
      emulations: [...new Set(ops.flatMap((o) => (o.emulation ? [o.emulation.label] : [])))],
      extraChecks,
      timing: null,
      gflops: null,
      proportionalMs: null,
      ratio: null,
      outlier: false,
      predictedMs: null,
      ops,
    };
    if (!res.paramsOk)
      failures.push(
        `${res.name}: built ${res.builtParams} params / ${res.builtBuffers} buffers, analysis says ${res.analyticalParams} / ${res.analyticalBuffers}`,
      );
    if (!res.shapeOk)
      failures.push(
        `${res.name}: output ${res.builtShape?.join('x') ?? 'none'}, analysis says ${res.expectedShape.join('x')}`,
      );
    for (const c of extraChecks) if (!c.ok) failures.push(`${res.name}: ${c.name} failed (${c.detail})`);
    blocks.push(res);
    progress('checking', W.build + (W.check * (b + 1)) / graph.blocks.length, `checked ${res.name}`);
    check();
    await tick();
  }

  // 3. Timing, block by block, then the whole design.
  let wholeSamples: number[] | null = null;
  if (!options.checkOnly) {
    // Each timed run also records its ops' times (one clock read per op), so op and block times
    // come from the same runs; warm-up runs are not recorded.
    const opTimes: number[][] = nodes.map(() => []);
    for (let b = 0; b < blocks.length; b++) {
      const inputs = net.blockInputs(b);
      let calls = 0;
      try {
        const samples = await timeRuns(
          () => {
            const record = calls++ >= options.warmup;
            net.runBlock(b, inputs, record ? (k, _y, ms) => opTimes[k].push(ms) : undefined).dispose();
          },
          options,
          check,
        );
        blocks[b].timing = timingStats(samples);
      } finally {
        for (const t of inputs.values()) t.dispose();
      }
      progress('timing', W.build + W.check + (W.time * (b + 1)) / blocks.length, `timed ${blocks[b].name}`);
      check();
      await tick();
    }
    for (const o of opResults) {
      const t = opTimes[o.id];
      o.medianMs = t.length ? median(t) : null;
      o.minMs = t.length ? Math.min(...t) : null;
    }

    if (options.wholeDesign) {
      progress('whole', W.build + W.check + W.time, 'timing the whole design');
      const x = randomInput(shapeArray(graph.input), hashSeed(options.seed, 'input'));
      try {
        wholeSamples = await timeRuns(
          () => {
            net.forward(x).dispose();
          },
          options,
          check,
        );
      } finally {
        x.dispose();
      }
    }
  }

  // 4. Derived numbers: GFLOP/s, proportional prediction, ratios, calibrated prediction.
  const totalMacs = blocks.reduce((a, b) => a + b.macs, 0);
  const sumOfBlocksMs = options.checkOnly ? null : blocks.reduce((a, b) => a + (b.timing?.medianMs ?? 0), 0);
  const msPerMac = sumOfBlocksMs !== null && totalMacs > 0 ? sumOfBlocksMs / totalMacs : null;
  for (const b of blocks) {
    const t = b.timing?.medianMs;
    if (t === undefined || t <= 0) continue;
    b.gflops = b.macs > 0 ? (2 * b.macs) / (t * 1e6) : null;
    b.proportionalMs = msPerMac !== null ? b.macs * msPerMac : null;
    b.ratio = b.proportionalMs ? t / b.proportionalMs : null;
    b.outlier = isOutlier(b.ratio);
  }
  let calibration: RunResult['calibration'] = null;
  if (!options.checkOnly && (options.calibrate || hooks.model)) {
    const samples: OpSample[] = [];
    for (const o of opResults)
      if (o.medianMs !== null && o.medianMs > 0)
        samples.push({ ...opFeatures(nodes[o.id], options), ms: o.medianMs });
    const blockSamples = blocks.map((b) => ({
      ops: b.ops.map((o) => opFeatures(nodes[o.id], options)),
      ms: b.timing?.medianMs ?? 0,
    }));
    const model = hooks.model ?? fitLatencyModel(samples, blockSamples);
    blocks.forEach((b, i) => {
      b.predictedMs = predictBlock(model, blockSamples[i].ops);
    });
    const acc = accuracy(model, blockSamples);
    calibration = {
      model,
      within15: acc.within,
      medianAbsError: acc.medianAbsError,
      source: hooks.model ? 'supplied model' : 'fitted on this run (in-sample)',
    };
  }
  const whole = wholeSamples ? timingStats(wholeSamples) : null;
  const result: RunResult = {
    designName: design.name,
    input: shapeArray(graph.input),
    backend: hooks.backend,
    options,
    startedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    blocks,
    totals: {
      macs: totalMacs,
      executedMacs: blocks.reduce((a, b) => a + b.executedMacs, 0),
      analyticalParams: blocks.reduce((a, b) => a + b.analyticalParams, 0),
      builtParams: blocks.reduce((a, b) => a + b.builtParams, 0),
      analyticalBuffers: blocks.reduce((a, b) => a + b.analyticalBuffers, 0),
      builtBuffers: blocks.reduce((a, b) => a + b.builtBuffers, 0),
      paramsOk: blocks.every((b) => b.paramsOk),
      shapesOk: blocks.every((b) => b.shapeOk),
      timing: whole,
      gflops: whole && whole.medianMs > 0 ? (2 * totalMacs) / (whole.medianMs * 1e6) : null,
      sumOfBlocksMs,
    },
    calibration,
    ok: failures.length === 0,
    failures,
  };
  progress('done', 1, 'done');
  return result;
}

/** The tfjs memory state, for leak checks in tests. */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
