import { fail, requireDivisible, requirePositiveInt } from '../errors.ts';
import { formatShape, type Shape, shape } from '../shape.ts';
import type {
  ConcatSpec,
  CropSpec,
  FlattenSpec,
  OpCost,
  PadShortcutSpec,
  ShuffleSpec,
  SliceSpec,
  UnsupportedSpec,
} from './types.ts';
import { NO_EXTRAS } from './types.ts';

/** Data-movement ops: no arithmetic, no parameters; they still read and write memory. */
const move = (out: Shape, inPlace = false): OpCost => ({
  out,
  macs: 0,
  params: 0,
  buffers: 0,
  extra: NO_EXTRAS,
  newTensor: !inPlace,
  touchesData: !inPlace,
  layer: false,
});

/** Concatenation along channels: C_out = sum of C_in; all other dimensions equal. */
export function concatCost(inputs: readonly Shape[], _s: ConcatSpec): OpCost {
  const [x] = inputs;
  let c = 0;
  for (const y of inputs) {
    if (y.n !== x.n || y.h !== x.h || y.w !== x.w) {
      fail(
        `concat needs equal N, H, W, got ${formatShape(x)} and ${formatShape(y)}`,
        'shape',
        formatShape(y),
      );
    }
    c += y.c;
  }
  return move(shape(x.n, x.h, x.w, c));
}

/** Channel shuffle with g groups (C divisible by g): a permutation, 0 FLOPs. */
export function shuffleCost([x]: readonly Shape[], s: ShuffleSpec): OpCost {
  requirePositiveInt(s.groups, 'groups');
  requireDivisible(x.c, s.groups, 'channels', 'shuffle groups', 'groups');
  return move(x);
}

/** Channels [start, start + size) of the input. */
export function sliceCost([x]: readonly Shape[], s: SliceSpec): OpCost {
  requirePositiveInt(s.size, 'size');
  if (!Number.isInteger(s.start) || s.start < 0 || s.start + s.size > x.c) {
    fail(`channel slice [${s.start}, ${s.start + s.size}) is outside 0..${x.c}`, 'channels', s.start);
  }
  return move(shape(x.n, x.h, x.w, s.size));
}

/** Reshape to n x 1 x 1 x (H*W*C): metadata only. */
export function flattenCost([x]: readonly Shape[], _s: FlattenSpec): OpCost {
  return move(shape(x.n, 1, 1, x.h * x.w * x.c), true);
}

/** ResNet option-A shortcut: x[:, ::s, ::s, :] zero-padded to `channels` channels. 0 parameters. */
export function padshortcutCost([x]: readonly Shape[], s: PadShortcutSpec): OpCost {
  requirePositiveInt(s.stride, 'stride');
  if (s.channels < x.c)
    fail(`shortcut cannot shrink channels ${x.c} to ${s.channels}`, 'channels', s.channels);
  return move(shape(x.n, Math.ceil(x.h / s.stride), Math.ceil(x.w / s.stride), s.channels));
}

/** The h x w window at (top, left) of every channel: a copy, no arithmetic. */
export function cropCost([x]: readonly Shape[], s: CropSpec): OpCost {
  requirePositiveInt(s.h, 'h');
  requirePositiveInt(s.w, 'w');
  for (const [v, f] of [
    [s.top, 'top'],
    [s.left, 'left'],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) fail(`crop ${f} must be a non-negative integer, got ${v}`, f, v);
  }
  if (s.top + s.h > x.h || s.left + s.w > x.w)
    fail(
      `crop of ${s.h}x${s.w} at (${s.top}, ${s.left}) does not fit in ${x.h}x${x.w}`,
      'crop',
      `${s.h}x${s.w}`,
    );
  return move(shape(x.n, s.h, s.w, x.c));
}

/**
 * An op without a cost model: 0 MACs and 0 parameters here, which is why the analysis marks every
 * total as a lower bound when one is present. Its output shape is carried through.
 */
export function unsupportedCost(inputs: readonly Shape[], s: UnsupportedSpec): OpCost {
  const x = inputs[0];
  const o = s.out;
  if (o) for (const v of [o.h, o.w, o.c]) requirePositiveInt(v, 'out');
  if (!o && !x) fail(`unsupported op "${s.type}" has no input and no output shape`, 'out');
  const n = x ? x.n : 1;
  return move(o ? shape(n, o.h, o.w, o.c) : x);
}
