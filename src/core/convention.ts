/**
 * The counting convention, stated once. Every number convcost shows follows these rules; the UI
 * prints them beside the totals.
 *
 * - 1 MAC = one multiply-accumulate. FLOPs = 2 x MACs, always (also for the extra ops below,
 *   which are counted in FLOPs and enter MAC totals as FLOPs / 2 when included).
 * - MACs count only convolutions (all kinds) and dense layers.
 * - Extra ops are counted in their own columns, in FLOPs (elementary operations), per output
 *   element: bias add 1; BatchNorm (inference) 2 (scale and shift); activations per EXTRA_OPS;
 *   max pooling k*k - 1 compares; average pooling k*k (k*k - 1 adds and one divide); residual add
 *   1 per extra operand; channel-wise multiply (SE scale) 1.
 *   `includeExtras` decides whether they enter the headline totals.
 * - Parameters: weights + bias where the layer has one + BatchNorm gamma and beta. Running mean and
 *   variance are buffers, not parameters. With bn = 'fused', a BN that directly follows a conv or
 *   dense layer, or a sum of them (HetConv's grouped+pointwise form), is folded into it (deploy
 *   form): its gamma/beta disappear and the layer gains a bias if it had none.
 * - Memory: activation elements are the output elements of every op (a fused BN and in-place
 *   ops such as activations and flatten write no new tensor). Peak activation memory is the
 *   largest total of tensors alive at once when the graph runs in order, the input included.
 * - Bytes moved per op: inputs read + weights read + output written, at the chosen precision.
 *   Arithmetic intensity = FLOPs / bytes moved.
 * - Latency depth: the number of sequential weight layers (convs and dense layers) on the
 *   critical path; parallel branches count once. One standard conv has depth 1.
 */
import { BYTE_UNIT_NOTE } from './format.ts';

export type Precision = 'fp32' | 'fp16' | 'int8' | 'binary';
export type BnMode = 'counted' | 'fused';

export interface Convention {
  readonly bn: BnMode;
  readonly includeExtras: boolean;
  readonly precision: Precision;
  /**
   * Also show the figure another counter prints for the network (countLike.ts). The headline
   * totals stay convcost's own; this adds the tool's figure beside them.
   */
  readonly countLike?: import('./countLike.ts').CountLikeTool;
  /** Also show the cost of a training step (forward + backward, training.ts). */
  readonly training?: boolean;
}

export const DEFAULT_CONVENTION: Convention = { bn: 'counted', includeExtras: false, precision: 'fp32' };

export const FLOPS_PER_MAC = 2;

/** Bytes per element at each precision; 'binary' is 1 bit (weights and activations, as in BNNs). */
export const BYTES_PER_ELEMENT: Record<Precision, number> = { fp32: 4, fp16: 2, int8: 1, binary: 1 / 8 };

export type ActivationFn =
  | 'relu'
  | 'relu6'
  | 'leaky_relu'
  | 'sigmoid'
  | 'swish'
  | 'hard_swish'
  | 'hard_sigmoid'
  | 'tanh'
  | 'linear';

/** FLOPs per element of each activation (elementary ops of its usual implementation). */
export const ACTIVATION_FLOPS: Record<ActivationFn, number> = {
  linear: 0,
  relu: 1, // max(x, 0)
  relu6: 2, // min(max(x, 0), 6)
  leaky_relu: 2, // max(x, a*x)
  sigmoid: 4, // exp, add, divide, negate
  tanh: 5,
  swish: 5, // x * sigmoid(x)
  hard_sigmoid: 3, // relu6(x + 3) / 6
  hard_swish: 4, // x * relu6(x + 3) / 6
};

export const BN_FLOPS_PER_ELEMENT = 2;
export const BIAS_FLOPS_PER_ELEMENT = 1;

export function describeConvention(c: Convention): string[] {
  return [
    '1 MAC = 1 multiply-accumulate; FLOPs = 2 x MACs.',
    c.includeExtras
      ? 'Headline totals include bias, BN, activation, pooling and add ops (as FLOPs; MACs = FLOPs / 2).'
      : 'Headline totals count conv and dense MACs only; bias, BN, activation, pooling and add ops are in their own column.',
    c.bn === 'counted'
      ? 'BatchNorm counted separately (training form): gamma and beta are parameters, running mean/var are buffers.'
      : 'BatchNorm fused into the preceding conv (deploy form): no BN parameters, the conv gains a bias.',
    `Memory at ${c.precision} (${BYTES_PER_ELEMENT[c.precision]} byte(s) per element; ${BYTE_UNIT_NOTE}); layout NHWC.`,
    'Latency depth: sequential conv/dense layers on the critical path; parallel branches count once.',
    ...(c.training
      ? [
          'Training step: backward = weight gradients + input gradients (none for the first layer) ≈ 2 x forward conv/dense MACs; forward activations kept for backward.',
        ]
      : []),
    ...(c.countLike ? [`Also counted like ${c.countLike}, by that tool's own rules.`] : []),
  ];
}
