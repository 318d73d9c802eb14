import * as tf from '@tensorflow/tfjs-core';
import { type ConvTransposeSpec, transposedCropOffset } from '../../core/index.ts';
import type { OpBuilder } from './types.ts';

/**
 * Transposed conv. tfjs has conv2dTranspose for one group and "valid"/"same" only, so every case
 * is run the same way: the full ("valid") transposed conv, (H - 1) * s + k rows, then the cost
 * model's output window cut out of it (explicit pads crop the top/left and bottom/right; rows
 * past the full output, from output padding or a kernel smaller than the stride, receive no
 * input and are zeros). Groups run one slice of channels each, then concatenate. The trainable
 * kernel is [kh, kw, N/G, M] (tfjs' layout, the M input channels last), M * N/G * kh * kw values:
 * the analytical count.
 */
export const convtransposeBuilder: OpBuilder<ConvTransposeSpec> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const out = ctx.node.cost.out;
  const [kh, kw] = s.kernel;
  const [sh, sw] = s.stride;
  const g = s.groups;
  const ng = s.filters / g;
  const mg = x.c / g;
  const kernel = ctx.declared('kernel') as tf.Tensor4D;
  const bias = s.bias ? ctx.declared('bias') : undefined;
  const parts =
    g === 1
      ? [kernel]
      : Array.from({ length: g }, (_, i) =>
          ctx.derived(`kernel_g${i}`, tf.slice(kernel, [0, 0, 0, i * mg], [kh, kw, ng, mg]) as tf.Tensor4D),
        );
  const fullH = (x.h - 1) * sh + kh;
  const fullW = (x.w - 1) * sw + kw;
  const [top, left] = transposedCropOffset(s);
  return {
    run: ([xi]) => {
      const x4 = xi as tf.Tensor4D;
      const branches = parts.map((k, i) => {
        const xin = g === 1 ? x4 : (tf.slice(x4, [0, 0, 0, i * mg], [-1, -1, -1, mg]) as tf.Tensor4D);
        return tf.conv2dTranspose(xin, k, [x.n, fullH, fullW, ng], [sh, sw], 'valid');
      });
      const full = branches.length === 1 ? branches[0] : tf.concat(branches, 3);
      const h = Math.min(out.h, fullH - top);
      const w = Math.min(out.w, fullW - left);
      let y: tf.Tensor = tf.slice(full, [0, top, left, 0], [-1, h, w, -1]);
      if (h < out.h || w < out.w)
        y = tf.pad(y, [
          [0, 0],
          [0, out.h - h],
          [0, out.w - w],
          [0, 0],
        ]);
      return bias ? tf.add(y, bias) : y;
    },
  };
};
