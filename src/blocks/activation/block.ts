import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import { activationSchema } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({ fn: activationSchema.default('relu') });
type Params = z.infer<typeof schema>;

/** An activation on its own, applied in place. */
export const activation: BlockDef<Params> = {
  kind: 'activation',
  label: 'Activation',
  group: 'layers',
  summary: 'An activation function on its own (ReLU, ReLU6, swish, ...), applied in place.',
  schema,
  defaults: { fn: 'relu' },
  expand: (g, x, p) => g.act(x, p.fn),
  explain: (p, ctx) =>
    primitiveExplanation(
      p.fn === 'none' ? 'No activation' : `Activation: ${p.fn}`,
      'Element-wise, in place: no parameters, no MACs, and a few FLOPs per element counted in the activation column.',
      ctx,
    ),
};
