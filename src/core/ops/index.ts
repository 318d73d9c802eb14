import { fail } from '../errors.ts';
import type { Shape } from '../shape.ts';
import { conv2dCost } from './conv2d.ts';
import { convtransposeCost } from './convtranspose.ts';
import { denseCost } from './dense.ts';
import { activationCost, addCost, batchnormCost, multiplyCost } from './elementwise.ts';
import { hetconvCost } from './hetconv.ts';
import { globalpoolCost, poolCost } from './pool.ts';
import {
  concatCost,
  cropCost,
  flattenCost,
  padshortcutCost,
  shuffleCost,
  sliceCost,
  unsupportedCost,
} from './structural.ts';
import type { OpCost, OpHandler, OpKind, OpSpec } from './types.ts';

export { conv2dCost } from './conv2d.ts';
export { convtransposeCost, transposedCropOffset, transposedOutSize } from './convtranspose.ts';
export { denseCost } from './dense.ts';
export { hetconvCost, hetconvTap } from './hetconv.ts';
export * from './types.ts';

/** One cost handler per primitive op kind (fvcore style). Adding an op is one handler plus one line. */
export const OP_HANDLERS: { [K in OpKind]: OpHandler<Extract<OpSpec, { op: K }>> } = {
  conv2d: conv2dCost,
  hetconv: hetconvCost,
  convtranspose: convtransposeCost,
  dense: denseCost,
  batchnorm: batchnormCost,
  activation: activationCost,
  pool: poolCost,
  globalpool: globalpoolCost,
  add: addCost,
  concat: concatCost,
  multiply: multiplyCost,
  shuffle: shuffleCost,
  slice: sliceCost,
  flatten: flattenCost,
  padshortcut: padshortcutCost,
  crop: cropCost,
  unsupported: unsupportedCost,
};

/** Cost of one primitive op; an op kind the model does not know is an error, never a zero. */
export function opCost(inputs: readonly Shape[], spec: OpSpec): OpCost {
  const handler = OP_HANDLERS[spec.op] as OpHandler<OpSpec> | undefined;
  if (!handler) fail(`unknown op "${(spec as { op: string }).op}"`, 'op', (spec as { op: string }).op);
  return handler(inputs, spec);
}
