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

export function opSamples(m: Measured): OpSample[] {
  const out: OpSample[] = [];
  for (const b of m.result.blocks)
    for (const o of b.ops)
      if (o.medianMs !== null && o.medianMs > 0)
        out.push({ ...opFeatures(m.graph.nodes[o.id], m.result.options), ms: o.medianMs });
  return out;
}

export function blockSamples(m: Measured): BlockSample[] {
  return m.result.blocks
    .filter((b) => b.timing && b.timing.medianMs > 0)
    .map((b) => ({
      ops: b.ops.map((o) => opFeatures(m.graph.nodes[o.id], m.result.options)),
      ms: b.timing!.medianMs,
    }));
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
  const fit = measured.filter((m) => fitIds.includes(m.id));
  const test = measured.filter((m) => !fitIds.includes(m.id));
  const model = fitLatencyModel(fit.flatMap(opSamples));
  return {
    fitOn: fit.map((m) => m.id),
    evaluateOn: test.map((m) => m.id),
    model,
    holdout: accuracy(model, test.flatMap(blockSamples), tolerance),
    inSample: accuracy(model, fit.flatMap(blockSamples), tolerance),
    perDesign: measured.map((m) => ({
      id: m.id,
      split: fitIds.includes(m.id) ? 'fit' : 'holdout',
      accuracy: accuracy(model, blockSamples(m), tolerance),
    })),
  };
}
