import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({});
type Params = z.infer<typeof schema>;

/** BatchNorm on its own (pre-activation networks such as DenseNet put it before the conv). */
export const batchnorm: BlockDef<Params> = {
  kind: 'batchnorm',
  label: 'BatchNorm',
  group: 'layers',
  summary: 'Batch normalisation on its own, e.g. before a conv in pre-activation networks (DenseNet).',
  schema,
  defaults: {},
  expand: (g, x) => g.bn(x, 'bn'),
  explain: (_p, ctx) =>
    primitiveExplanation(
      'BatchNorm',
      'Scale and shift per channel: 2C parameters (gamma, beta) and 2C buffers (running mean and variance). A BN that directly follows a conv folds into it at deploy time; one after a merge or at the start of a branch cannot.',
      ctx,
    ),
};
