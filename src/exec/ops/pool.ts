import * as tf from '@tensorflow/tfjs-core';
import type { GlobalPoolSpec, PoolSpec } from '../../core/index.ts';
import { tfPadding } from './padding.ts';
import type { OpBuilder } from './types.ts';

export const poolBuilder: OpBuilder<PoolSpec> = (s) => {
  const k: [number, number] = [s.kernel[0], s.kernel[1]];
  const st: [number, number] = [s.stride[0], s.stride[1]];
  const pad = tfPadding(s.padding);
  return {
    run: ([x]) =>
      s.mode === 'max'
        ? tf.maxPool(x as tf.Tensor4D, k, st, pad as never)
        : tf.avgPool(x as tf.Tensor4D, k, st, pad as never),
  };
};

export const globalpoolBuilder: OpBuilder<GlobalPoolSpec> = (s) => ({
  run: ([x]) => (s.mode === 'max' ? tf.max(x, [1, 2], true) : tf.mean(x, [1, 2], true)),
});
