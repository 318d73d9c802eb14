/**
 * Training cost of one step (forward + backward) under the counting convention, from the analysis
 * rows and the op graph. The rule, stated once:
 * - Backward MACs of a conv or dense layer = its forward MACs for the weight gradient + its forward
 *   MACs for the input gradient, except a layer that reads the network input, which needs no input
 *   gradient. So backward is about 2 x forward, a little less.
 * - Bias, BN, activation, pooling and add ops: their backward costs as many elementary ops as their
 *   forward (extra FLOPs, counted apart as in the forward convention).
 * - Memory: every tensor the forward pass writes is kept for the backward pass (no recomputation),
 *   together with the input; peak training memory holds all of them at once.
 */
import type { Analysis } from './analysis.ts';
import { BYTES_PER_ELEMENT } from './convention.ts';
import type { OpNode } from './graph.ts';

export const TRAINING_RULE = [
  'Training step = forward + backward.',
  'Backward of each conv/dense layer: its forward MACs for the weight gradient plus its forward MACs for the input gradient (none for a layer that reads the network input), so backward ≈ 2 x forward.',
  'Bias, BN, activation, pooling and add ops: backward costs as many FLOPs as forward (in extra FLOPs).',
  'Every activation the forward pass writes is kept for the backward pass (no recomputation).',
] as const;

export interface TrainingCost {
  forwardMacs: number;
  /** Weight-gradient MACs: the forward MACs of every conv/dense layer. */
  weightGradMacs: number;
  /** Input-gradient MACs: the forward MACs of every conv/dense layer that does not read the network input. */
  inputGradMacs: number;
  backwardMacs: number;
  /** forward + backward conv/dense MACs (FLOPs = 2 x this). */
  trainingMacs: number;
  /** Extra ops (bias, BN, ...) of forward and backward, in FLOPs. */
  extraFlops: number;
  /** Elements kept for the backward pass: every tensor the forward pass writes, and the input. */
  keptActivations: number;
  keptActivationBytes: number;
}

/**
 * Training cost of the analysed graph `nodes` (batch included), in MACs (multiply-accumulates),
 * FLOPs and elements/bytes at the analysis' precision; see TRAINING_RULE.
 */
export function trainingCost(a: Analysis, nodes: readonly OpNode[]): TrainingCost {
  let forward = 0;
  let inputGrad = 0;
  for (const n of nodes) {
    if (!n.cost.layer) continue;
    forward += n.cost.macs;
    if (n.inputs.some((i) => i >= 0)) inputGrad += n.cost.macs;
  }
  const kept = a.totals.activations + a.input.n * a.input.h * a.input.w * a.input.c;
  return {
    forwardMacs: forward,
    weightGradMacs: forward,
    inputGradMacs: inputGrad,
    backwardMacs: forward + inputGrad,
    trainingMacs: 2 * forward + inputGrad,
    extraFlops: 2 * a.totals.extraFlops,
    keptActivations: kept,
    keptActivationBytes: kept * BYTES_PER_ELEMENT[a.convention.precision],
  };
}
