import * as tf from '@tensorflow/tfjs-core';
import type { Conv2dSpec } from '../../core/index.ts';
import { convEmulation, convMethod } from '../emulation.ts';
import { groupedConvDwSum, groupedConvSplit, groupedToDepthwise, splitKernel } from '../grouped.ts';
import { convPadding } from './padding.ts';
import type { OpBuilder } from './types.ts';

/**
 * Standard, depthwise or grouped conv. The trainable kernel always has TensorFlow's grouped layout
 * [kh, kw, M/G, N] (depthwise: [kh, kw, M, multiplier]), so its size is the analytical count;
 * a grouped conv runs on a rearranged copy (derived, not counted).
 */
export const conv2dBuilder: OpBuilder<Conv2dSpec> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const [kh, kw] = s.kernel;
  const method = convMethod(x.c, s, ctx.options.grouped);
  const strides: [number, number] = [s.stride[0], s.stride[1]];
  const dil: [number, number] = [s.dilation[0], s.dilation[1]];
  const pad = convPadding(s.padding, x, s.kernel, s.stride, s.dilation);
  const bias = s.bias ? ctx.declared('bias') : undefined;
  const withBias = (y: tf.Tensor4D) => (bias ? tf.add(y, bias) : y);
  const emulation = convEmulation(ctx.node, ctx.options.grouped);

  if (method === 'depthwise') {
    const w = ctx.declared('kernel', [kh, kw, x.c, s.filters / x.c]) as tf.Tensor4D;
    return {
      run: ([xi]) => withBias(tf.depthwiseConv2d(xi as tf.Tensor4D, w, strides, pad, 'NHWC', dil)),
    };
  }
  const w = ctx.declared('kernel') as tf.Tensor4D;
  if (method === 'conv2d') {
    return { run: ([xi]) => withBias(tf.conv2d(xi as tf.Tensor4D, w, strides, pad, 'NHWC', dil)) };
  }
  if (method === 'grouped:dw-sum') {
    const dw = ctx.derived('kernel_dw', groupedToDepthwise(w, s.groups));
    return {
      emulation,
      run: ([xi]) => withBias(groupedConvDwSum(xi as tf.Tensor4D, dw, s.groups, strides, pad, dil)),
    };
  }
  const parts = splitKernel(w, s.groups).map((k, g) => ctx.derived(`kernel_g${g}`, k));
  return {
    emulation,
    run: ([xi]) => withBias(groupedConvSplit(xi as tf.Tensor4D, parts, strides, pad, dil)),
  };
};
