import { conv2dBuilder } from './conv2d.ts';
import { denseBuilder } from './dense.ts';
import { activationBuilder, addBuilder, batchnormBuilder, multiplyBuilder } from './elementwise.ts';
import { hetconvBuilder } from './hetconv.ts';
import { globalpoolBuilder, poolBuilder } from './pool.ts';
import {
  concatBuilder,
  flattenBuilder,
  padshortcutBuilder,
  shuffleBuilder,
  sliceBuilder,
} from './structural.ts';
import type { OpBuilders } from './types.ts';

export * from './types.ts';

/**
 * One TensorFlow.js builder per primitive op kind, the twin of core/ops OP_HANDLERS: every block
 * kind is executable as soon as its expansion uses known ops. A test checks no op kind is missing.
 */
export const OP_BUILDERS: OpBuilders = {
  conv2d: conv2dBuilder,
  hetconv: hetconvBuilder,
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
};
