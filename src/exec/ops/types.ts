import type * as tf from '@tensorflow/tfjs-core';
import type { OpKind, OpNode, OpSpec } from '../../core/index.ts';
import type { EmulationInfo, RunOptions } from '../types.ts';

/**
 * How a tensor of a built op counts: trainable parameters (weights, bias, BN gamma/beta),
 * buffers (BN running mean/var), or derived (masks, rearranged or folded copies made for the
 * emulation, never counted).
 */
export type TensorRole = 'param' | 'buffer' | 'derived';

export interface BuiltTensor {
  name: string;
  role: TensorRole;
  tensor: tf.Tensor;
}

export type { Init } from '../params.ts';

import type { Init } from '../params.ts';

/** What a builder gets: its node, the options, and factories that create (and record) its tensors. */
export interface BuildCtx {
  readonly node: OpNode;
  readonly options: RunOptions;
  /** A trainable tensor with deterministic random values. */
  param(name: string, shape: number[], init: Init): tf.Tensor;
  /** A non-trainable state tensor (BN running statistics). */
  buffer(name: string, shape: number[], init: Init): tf.Tensor;
  /**
   * The op's tensor of that name as OP_TENSORS (params.ts) declares it, optionally viewed in
   * another shape of the same size (a depthwise kernel as [kh, kw, C, multiplier]).
   */
  declared(name: string, shape?: number[]): tf.Tensor;
  /** A tensor computed from the others for the emulation; kept alive with the op, not counted. */
  derived<T extends tf.Tensor>(name: string, tensor: T): T;
}

/** An executable op: `run` maps input tensors to the output tensor (called inside tf.tidy). */
export interface BuiltOp {
  run(inputs: readonly tf.Tensor[]): tf.Tensor;
  /** Set when TensorFlow.js has no kernel for the op and it is assembled from others. */
  emulation?: EmulationInfo;
}

export type OpBuilder<S extends OpSpec> = (spec: S, ctx: BuildCtx) => BuiltOp;

/** Complete by type, like OP_HANDLERS: an op kind without a builder does not compile. */
export type OpBuilders = { [K in OpKind]: OpBuilder<Extract<OpSpec, { op: K }>> };
