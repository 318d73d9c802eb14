import type * as tf from '@tensorflow/tfjs-core';
import type { ExecNetwork } from '../network.ts';
import type { ExtraCheck } from '../types.ts';

export interface BlockCheckCtx {
  net: ExecNetwork;
  /** Block index in the design. */
  block: number;
  /** Random tensors for the block's external inputs (owned by the caller). */
  inputs: ReadonlyMap<number, tf.Tensor>;
}

/**
 * A check beyond params and shapes, for blocks (or patterns of ops) that need one, e.g. ACB's
 * fusion into one conv. `applies` looks at the block's ops; `run` returns one result per check.
 */
export interface BlockCheck {
  name: string;
  applies(net: ExecNetwork, block: number): boolean;
  run(ctx: BlockCheckCtx): ExtraCheck[];
}
