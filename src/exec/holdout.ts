/**
 * Holdout evaluation of the latency model (pure): fit on the ops of some measured designs, predict
 * the blocks of others, and report the share of blocks within ±15 %.
 */
import type { BuiltGraph } from '../design/analyze.ts';
import {
  type Accuracy,
  accuracy,
  type BlockSample,
  fitLatencyModel,
  type LatencyModel,
  type OpSample,
} from './calibrate.ts';
import { opFeatures } from './features.ts';
import type { RunResult } from './types.ts';

export interface Measured {
  id: string;
  graph: BuiltGraph;
  result: RunResult;
}

/**
 * Which time of the repeated runs stands for "measured": the median, or the minimum (on a shared
 * machine other processes only ever add time, so the fastest run is the least disturbed one).
 */
export type Statistic = 'median' | 'min';

/** The measurements of one design, as the model sees them. */
export interface SampleSet {
  id: string;
  ops: OpSample[];
  blocks: BlockSample[];
}

export function opSamples(m: Measured, stat: Statistic = 'median'): OpSample[] {
  const out: OpSample[] = [];
  for (const b of m.result.blocks)
    for (const o of b.ops) {
      const ms = stat === 'min' ? o.minMs : o.medianMs;
      if (ms !== null && ms > 0) out.push({ ...opFeatures(m.graph.nodes[o.id], m.result.options), ms });
    }
  return out;
}

export function blockSamples(m: Measured, stat: Statistic = 'median'): BlockSample[] {
  return m.result.blocks
    .filter((b) => b.timing && b.timing.medianMs > 0)
    .map((b) => ({
      ops: b.ops.map((o) => opFeatures(m.graph.nodes[o.id], m.result.options)),
      ms: stat === 'min' ? b.timing!.minMs : b.timing!.medianMs,
    }));
}

export function sampleSet(m: Measured, stat: Statistic): SampleSet {
  return { id: m.id, ops: opSamples(m, stat), blocks: blockSamples(m, stat) };
}

export interface HoldoutReport {
  fitOn: string[];
  evaluateOn: string[];
  model: LatencyModel;
  /** On the designs the model was not fitted on. */
  holdout: Accuracy;
  /** On the designs it was fitted on (in-sample, for comparison). */
  inSample: Accuracy;
  perDesign: { id: string; split: 'fit' | 'holdout'; accuracy: Accuracy }[];
}

export function holdout(
  measured: readonly Measured[],
  fitIds: readonly string[],
  tolerance = 0.15,
): HoldoutReport {
  return holdoutFromSamples(
    measured.map((m) => ({ id: m.id, ops: opSamples(m), blocks: blockSamples(m) })),
    fitIds,
    tolerance,
  );
}

export function holdoutFromSamples(
  sets: readonly SampleSet[],
  fitIds: readonly string[],
  tolerance = 0.15,
): HoldoutReport {
  const fit = sets.filter((m) => fitIds.includes(m.id));
  const test = sets.filter((m) => !fitIds.includes(m.id));
  const model = fitLatencyModel(
    fit.flatMap((m) => m.ops),
    fit.flatMap((m) => m.blocks),
  );
  return {
    fitOn: fit.map((m) => m.id),
    evaluateOn: test.map((m) => m.id),
    model,
    holdout: accuracy(
      model,
      test.flatMap((m) => m.blocks),
      tolerance,
    ),
    inSample: accuracy(
      model,
      fit.flatMap((m) => m.blocks),
      tolerance,
    ),
    perDesign: sets.map((m) => ({
      id: m.id,
      split: fitIds.includes(m.id) ? 'fit' : 'holdout',
      accuracy: accuracy(model, m.blocks, tolerance),
    })),
  };
}
