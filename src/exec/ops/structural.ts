import * as tf from '@tensorflow/tfjs-core';
import type {
  ConcatSpec,
  CropSpec,
  FlattenSpec,
  PadShortcutSpec,
  ShuffleSpec,
  SliceSpec,
  UnsupportedSpec,
} from '../../core/index.ts';
import { ExecError } from '../errors.ts';
import type { OpBuilder } from './types.ts';

export const concatBuilder: OpBuilder<ConcatSpec> = () => ({
  run: (xs) => (xs.length === 1 ? tf.clone(xs[0]) : tf.concat([...xs], 3)),
});

/**
 * Channel shuffle with g groups: view C as g x (C/g) and transpose, so output channel k reads input
 * channel (k mod g) * (C/g) + floor(k / g).
 */
export function channelShuffle(x: tf.Tensor, groups: number): tf.Tensor {
  const [n, h, w, c] = x.shape;
  const t = tf.transpose(tf.reshape(x, [n, h, w, groups, c / groups]), [0, 1, 2, 4, 3]);
  return tf.reshape(t, [n, h, w, c]);
}

export const shuffleBuilder: OpBuilder<ShuffleSpec> = (s) => ({ run: ([x]) => channelShuffle(x, s.groups) });

export const sliceBuilder: OpBuilder<SliceSpec> = (s) => ({
  run: ([x]) => tf.slice(x, [0, 0, 0, s.start], [-1, -1, -1, s.size]),
});

export const flattenBuilder: OpBuilder<FlattenSpec> = () => ({
  run: ([x]) => {
    const [n, h, w, c] = x.shape;
    return tf.reshape(x, [n, 1, 1, h * w * c]);
  },
});

/** ResNet option A: x[:, ::s, ::s, :] with zero channels added, half before and half after. */
export const padshortcutBuilder: OpBuilder<PadShortcutSpec> = (s) => ({
  run: ([x]) => {
    const [n, h, w, c] = x.shape;
    const sub =
      s.stride === 1 ? x : tf.stridedSlice(x, [0, 0, 0, 0], [n, h, w, c], [1, s.stride, s.stride, 1]);
    const extra = s.channels - c;
    if (extra === 0) return s.stride === 1 ? tf.clone(x) : sub;
    const before = Math.floor(extra / 2);
    return tf.pad(sub, [
      [0, 0],
      [0, 0],
      [0, 0],
      [before, extra - before],
    ]);
  },
});

export const cropBuilder: OpBuilder<CropSpec> = (s) => ({
  run: ([x]) => tf.slice(x, [0, s.top, s.left, 0], [-1, s.h, s.w, -1]),
});

/** An op without a cost model has no meaning to run either: the run stops and says which op. */
export const unsupportedBuilder: OpBuilder<UnsupportedSpec> = (s, ctx) => {
  throw new ExecError(`${ctx.node.name}: "${s.type}" has no cost model in convcost, so it cannot be run`);
};
