import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({});
type Params = z.infer<typeof schema>;

/** Concatenation along channels of two or more tensors with the same batch, height and width. */
export const concat: BlockDef<Params> = {
  kind: 'concat',
  label: 'Concatenate',
  group: 'graph',
  summary: 'Joins two or more inputs along channels (Inception branches, DenseNet, U-Net skips).',
  schema,
  defaults: {},
  inputs: { min: 2, max: 64 },
  expand: (g, x, _p, more = []) => g.concat([x, ...more]),
  explain: (_p, ctx) =>
    primitiveExplanation(
      'Concatenate',
      'Stacks its inputs along the channel axis: no arithmetic, but the result is a new tensor as large as all its inputs together, and every later layer pays for the wider input.',
      ctx,
    ),
};
