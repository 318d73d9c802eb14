import { conv2dBuilder } from './conv2d.ts';
import { convtransposeBuilder } from './convtranspose.ts';
import { denseBuilder } from './dense.ts';
import { activationBuilder, addBuilder, batchnormBuilder, multiplyBuilder } from './elementwise.ts';
import { hetconvBuilder } from './hetconv.ts';
import { globalpoolBuilder, poolBuilder } from './pool.ts';
import {
  concatBuilder,
  cropBuilder,
  flattenBuilder,
  padshortcutBuilder,
  shuffleBuilder,
  sliceBuilder,
  unsupportedBuilder,
} from './structural.ts';
import type { OpBuilders } from './types.ts';

export * from './types.ts';

/**
 * One TensorFlow.js builder per primitive op kind, the twin of core/ops OP_HANDLERS: every block
 * kind is executable as soon as its expansion uses known ops. The type makes a missing op kind a
 * compile error.
 */
export const OP_BUILDERS: OpBuilders = {
  conv2d: conv2dBuilder,
  hetconv: hetconvBuilder,
  convtranspose: convtransposeBuilder,
  dense: denseBuilder,
  batchnorm: batchnormBuilder,
  activation: activationBuilder,
  pool: poolBuilder,
  globalpool: globalpoolBuilder,
  add: addBuilder,
  concat: concatBuilder,
  multiply: multiplyBuilder,
  shuffle: shuffleBuilder,
  slice: sliceBuilder,
  flatten: flattenBuilder,
  padshortcut: padshortcutBuilder,
  crop: cropBuilder,
  unsupported: unsupportedBuilder,
};
