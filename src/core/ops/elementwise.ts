import { ACTIVATION_FLOPS, BN_FLOPS_PER_ELEMENT } from '../convention.ts';
import { fail } from '../errors.ts';
import { elements, formatShape, type Shape, shape } from '../shape.ts';
import type { ActivationSpec, AddSpec, BatchNormSpec, ExtraOps, MultiplySpec, OpCost } from './types.ts';
import { NO_EXTRAS } from './types.ts';

/** An op with no MACs, parameters or state; built as one literal (these run once per op). */
const base = (out: Shape, extra: ExtraOps = NO_EXTRAS, newTensor = true): OpCost => ({
  out,
  macs: 0,
  params: 0,
  buffers: 0,
  extra,
  newTensor,
  touchesData: true,
  layer: false,
});

/**
 * Batch normalisation over channels (training form).
 * params = 2C (gamma, beta); buffers = 2C (running mean, var); extra = 2 FLOPs per element.
 */
export function batchnormCost([x]: readonly Shape[], _s: BatchNormSpec): OpCost {
  return {
    out: x,
    macs: 0,
    params: 2 * x.c,
    buffers: 2 * x.c,
    extra: { bias: 0, bn: BN_FLOPS_PER_ELEMENT * elements(x), act: 0, pool: 0, other: 0 },
    newTensor: true,
    touchesData: true,
    layer: false,
  };
}

/** Activation, in place: ACTIVATION_FLOPS[fn] FLOPs per element. */
export function activationCost([x]: readonly Shape[], s: ActivationSpec): OpCost {
  const rate = ACTIVATION_FLOPS[s.fn];
  if (rate === undefined) fail(`unknown activation "${s.fn}"`, 'activation', s.fn);
  return base(x, { bias: 0, bn: 0, act: rate * elements(x), pool: 0, other: 0 }, false);
}

/** Element-wise sum of k same-shaped tensors: (k - 1) FLOPs per element. */
export function addCost(inputs: readonly Shape[], _s: AddSpec): OpCost {
  const [x] = inputs;
  for (const y of inputs) {
    if (y.n !== x.n || y.h !== x.h || y.w !== x.w || y.c !== x.c) {
      fail(`add needs equal shapes, got ${formatShape(x)} and ${formatShape(y)}`, 'shape', formatShape(y));
    }
  }
  return base(x, { bias: 0, bn: 0, act: 0, pool: 0, other: (inputs.length - 1) * elements(x) });
}

/**
 * x (n,h,w,c) times s, broadcast: each of s's H, W and C is 1 or x's (n,1,1,c is the SE gate,
 * n,h,w,1 a spatial mask, x's own shape an element-wise product). 1 FLOP per output element.
 */
export function multiplyCost([x, s]: readonly Shape[], _s: MultiplySpec): OpCost {
  if (!s) fail('multiply needs two inputs', 'inputs');
  const fits = (a: number, b: number) => a === b || a === 1;
  if (s.n !== x.n || !fits(s.h, x.h) || !fits(s.w, x.w) || !fits(s.c, x.c))
    fail(
      `multiply needs the second input to be ${formatShape(x)} or broadcast to it (1 along H, W or C), got ${formatShape(s)}`,
      'shape',
      formatShape(s),
    );
  return base(shape(x.n, x.h, x.w, x.c), { bias: 0, bn: 0, act: 0, pool: 0, other: elements(x) });
}
