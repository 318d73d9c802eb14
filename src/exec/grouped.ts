/**
 * Grouped convolution, which TensorFlow.js lacks, built from its kernels. Both emulations are
 * exact and do the grouped MACs, no more; they differ in what they cost around the arithmetic.
 */
import * as tf from '@tensorflow/tfjs-core';

export type TfPadding =
  | 'same'
  | 'valid'
  | [[number, number], [number, number], [number, number], [number, number]];

/**
 * The grouped kernel [kh, kw, M/G, N] rearranged as a depthwise kernel [kh, kw, M, N/G]: input
 * channel i = g*(M/G) + m gets the N/G filters of its group g, column q = output g*(N/G) + q.
 */
export function groupedToDepthwise(w: tf.Tensor4D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, mg, n] = w.shape;
    const ng = n / groups;
    const t = tf.transpose(tf.reshape(w, [kh, kw, mg, groups, ng]), [0, 1, 3, 2, 4]);
    return tf.reshape(t, [kh, kw, groups * mg, ng]);
  });
}

/**
 * Depthwise conv with channel multiplier N/G (each input channel meets the N/G filters of its
 * group: exactly the grouped MACs), then the sum over the M/G channels of each group.
 */
export function groupedConvDwSum(
  x: tf.Tensor4D,
  dwKernel: tf.Tensor4D,
  groups: number,
  strides: [number, number],
  pad: TfPadding,
  dilations: [number, number],
): tf.Tensor4D {
  const [, , m, ng] = dwKernel.shape;
  const y = tf.depthwiseConv2d(x, dwKernel, strides, pad, 'NHWC', dilations);
  const [n, h, w] = y.shape;
  const s = tf.sum(tf.reshape(y, [n, h, w, groups, m / groups, ng]), 4);
  return tf.reshape(s, [n, h, w, groups * ng]);
}

/** The grouped kernel cut into one [kh, kw, M/G, N/G] kernel per group. */
export function splitKernel(w: tf.Tensor4D, groups: number): tf.Tensor4D[] {
  return tf.split(w, groups, 3) as tf.Tensor4D[];
}

/** Slice the input into G channel groups, one conv each, concatenate: the textbook emulation. */
export function groupedConvSplit(
  x: tf.Tensor4D,
  kernels: readonly tf.Tensor4D[],
  strides: [number, number],
  pad: TfPadding,
  dilations: [number, number],
): tf.Tensor4D {
  const xs = tf.split(x, kernels.length, 3) as tf.Tensor4D[];
  return tf.concat(
    xs.map((xi, g) => tf.conv2d(xi, kernels[g], strides, pad, 'NHWC', dilations)),
    3,
  ) as tf.Tensor4D;
}
