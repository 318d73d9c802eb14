import * as tf from '@tensorflow/tfjs-core';
import type { ActivationFn, ActivationSpec, AddSpec, BatchNormSpec, MultiplySpec } from '../../core/index.ts';
import { BN_EPSILON, LEAKY_ALPHA } from '../params.ts';
import type { OpBuilder } from './types.ts';

export { BN_EPSILON, LEAKY_ALPHA } from '../params.ts';

/** BatchNorm in inference form: gamma, beta (parameters), running mean and variance (buffers). */
export const batchnormBuilder: OpBuilder<BatchNormSpec> = (_s, ctx) => {
  const gamma = ctx.declared('gamma') as tf.Tensor1D;
  const beta = ctx.declared('beta') as tf.Tensor1D;
  const mean = ctx.declared('running_mean') as tf.Tensor1D;
  const variance = ctx.declared('running_var') as tf.Tensor1D;
  return { run: ([x]) => tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON) };
};

export function activate(x: tf.Tensor, fn: ActivationFn): tf.Tensor {
  switch (fn) {
    case 'linear':
      return tf.clone(x);
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'leaky_relu':
      return tf.leakyRelu(x, LEAKY_ALPHA);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'swish':
      return tf.mul(x, tf.sigmoid(x));
    case 'hard_sigmoid':
      return tf.div(tf.relu6(tf.add(x, 3)), 6);
    case 'hard_swish':
      return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
  }
  throw new Error(`activation "${fn}" has no TensorFlow.js builder`);
}

export const activationBuilder: OpBuilder<ActivationSpec> = (s) => ({ run: ([x]) => activate(x, s.fn) });

export const addBuilder: OpBuilder<AddSpec> = () => ({
  run: (xs) =>
    xs.length === 1 ? tf.clone(xs[0]) : xs.length === 2 ? tf.add(xs[0], xs[1]) : tf.addN([...xs]),
});

/** x (n,h,w,c) times s (n,1,1,c), broadcast over H and W. */
export const multiplyBuilder: OpBuilder<MultiplySpec> = () => ({ run: ([x, s]) => tf.mul(x, s) });
