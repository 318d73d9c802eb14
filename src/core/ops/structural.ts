import { fail, requireDivisible, requirePositiveInt } from '../errors.ts';
import { formatShape, type Shape, shape } from '../shape.ts';
import type { ConcatSpec, FlattenSpec, OpCost, PadShortcutSpec, ShuffleSpec, SliceSpec } from './types.ts';
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
