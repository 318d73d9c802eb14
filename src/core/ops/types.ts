import type { ActivationFn } from '../convention.ts';
import type { Padding, Pair, Shape } from '../shape.ts';

/** Extra (non-MAC) work of an op, in FLOPs, by column. See convention.ts for the per-element rates. */
export interface ExtraOps {
  bias: number;
  bn: number;
  act: number;
  pool: number;
  /** Residual adds, SE multiplies and other element-wise work. */
  other: number;
}

export const NO_EXTRAS: ExtraOps = Object.freeze({ bias: 0, bn: 0, act: 0, pool: 0, other: 0 });

export function extraTotal(e: ExtraOps): number {
  return e.bias + e.bn + e.act + e.pool + e.other;
}

/** What an op costs on its own, before the convention (BN fusing, precision) is applied. */
export interface OpCost {
  out: Shape;
  /** Multiply-accumulates (conv and dense only). */
  macs: number;
  /** Trainable parameters, bias and BN gamma/beta included. */
  params: number;
  /** Non-trainable state stored with the weights (BN running mean/var). */
  buffers: number;
  extra: ExtraOps;
  /** Writes a new tensor (false for in-place ops such as activations and reshapes). */
  newTensor: boolean;
  /** Reads and writes tensor data at all (false for pure reshapes). */
  touchesData: boolean;
  /** Counts as one sequential layer on the latency critical path (convs and dense layers). */
  layer: boolean;
}

export interface Conv2dSpec {
  op: 'conv2d';
  filters: number;
  kernel: Pair;
  stride: Pair;
  padding: Padding;
  dilation: Pair;
  /** groups = 1 standard; groups = C_in depthwise (filters = C_in x depth multiplier). */
  groups: number;
  bias: boolean;
}

export interface HetConvSpec {
  op: 'hetconv';
  filters: number;
  kernel: Pair;
  /** Part P: each filter has C_in/P kernels of size KxK and the rest 1x1. */
  part: number;
  stride: Pair;
  padding: Padding;
  bias: boolean;
}

/**
 * Transposed 2-D convolution ("deconvolution", U-Net's up-convolution): every input position
 * scatters a kh x kw window into the output. Padding removes rows/columns from the output.
 */
export interface ConvTransposeSpec {
  op: 'convtranspose';
  filters: number;
  kernel: Pair;
  stride: Pair;
  /** 'same': out = in * stride; 'valid': no padding; explicit: [top, bottom, left, right] cropped off. */
  padding: Padding;
  /** Extra rows/columns added at the bottom/right of the output (ONNX output_padding). */
  outputPadding: Pair;
  groups: number;
  bias: boolean;
}

export interface DenseSpec {
  op: 'dense';
  units: number;
  bias: boolean;
}

export interface BatchNormSpec {
  op: 'batchnorm';
}

export interface ActivationSpec {
  op: 'activation';
  fn: ActivationFn;
}

export interface PoolSpec {
  op: 'pool';
  mode: 'max' | 'avg';
  kernel: Pair;
  stride: Pair;
  padding: Padding;
}

export interface GlobalPoolSpec {
  op: 'globalpool';
  mode: 'max' | 'avg';
}

export interface AddSpec {
  op: 'add';
}

export interface ConcatSpec {
  op: 'concat';
}

/** x * s with s of shape n x 1 x 1 x c broadcast over H and W (squeeze-and-excitation scaling). */
export interface MultiplySpec {
  op: 'multiply';
}

/** Channel shuffle / interleaving permutation: view C as groups x (C/groups), transpose. */
export interface ShuffleSpec {
  op: 'shuffle';
  groups: number;
}

/** Channels [start, start + size) of the input (channel split). */
export interface SliceSpec {
  op: 'slice';
  start: number;
  size: number;
}

/** The window [top, top + h) x [left, left + w) of every channel (U-Net's crop of the skip features). */
export interface CropSpec {
  op: 'crop';
  top: number;
  left: number;
  h: number;
  w: number;
}

/**
 * An op convcost has no cost model for (a Resize, a custom op, control flow...). It carries the
 * shape through so later ops can be costed, costs nothing, and marks every total as a lower bound.
 */
export interface UnsupportedSpec {
  op: 'unsupported';
  /** What the op is called where it came from, e.g. "Resize" or "com.microsoft:FusedConv". */
  type: string;
  /** Its output shape when known (H, W, C per sample); absent: the same as its first input. */
  out?: { h: number; w: number; c: number };
}

export interface FlattenSpec {
  op: 'flatten';
}

/** ResNet option-A shortcut: subsample by stride and zero-pad channels up to `channels`. */
export interface PadShortcutSpec {
  op: 'padshortcut';
  stride: number;
  channels: number;
}

export type OpSpec =
  | Conv2dSpec
  | HetConvSpec
  | ConvTransposeSpec
  | DenseSpec
  | BatchNormSpec
  | ActivationSpec
  | PoolSpec
  | GlobalPoolSpec
  | AddSpec
  | ConcatSpec
  | MultiplySpec
  | ShuffleSpec
  | SliceSpec
  | FlattenSpec
  | PadShortcutSpec
  | CropSpec
  | UnsupportedSpec;

export type OpKind = OpSpec['op'];

export type OpHandler<S extends OpSpec> = (inputs: readonly Shape[], spec: S) => OpCost;
