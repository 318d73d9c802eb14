import * as tf from '@tensorflow/tfjs-core';
import type { DenseSpec } from '../../core/index.ts';
import type { OpBuilder } from './types.ts';

/** Fully connected layer on the flattened sample: [n, F] x [F, units] (+ bias). */
export const denseBuilder: OpBuilder<DenseSpec> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const features = x.h * x.w * x.c;
  const w = ctx.declared('kernel') as tf.Tensor2D;
  const bias = s.bias ? ctx.declared('bias') : undefined;
  return {
    run: ([xi]) => {
      const n = xi.shape[0];
      let y: tf.Tensor = tf.matMul(tf.reshape(xi, [n, features]) as tf.Tensor2D, w);
      if (bias) y = tf.add(y, bias);
      return tf.reshape(y, [n, 1, 1, s.units]);
    },
  };
};
