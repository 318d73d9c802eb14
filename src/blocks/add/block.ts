import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({});
type Params = z.infer<typeof schema>;

/** Element-wise sum of two or more tensors of one shape (a residual connection, an FPN merge). */
export const add: BlockDef<Params> = {
  kind: 'add',
  label: 'Add',
  group: 'graph',
  summary: 'Sum of two or more inputs of the same shape (residual connections, feature merges).',
  schema,
  defaults: {},
  inputs: { min: 2, max: 64 },
  expand: (g, x, _p, more = []) => g.add([x, ...more]),
  explain: (_p, ctx) =>
    primitiveExplanation(
      'Add',
      'An element-wise sum: no parameters and no MACs, one addition per element for each extra input. Every input must stay in memory until the add runs, which is what a long skip connection costs.',
      ctx,
    ),
};
