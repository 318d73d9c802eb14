import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import { positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  units: positiveInt(1 << 20).default(1000),
  bias: z.boolean().default(true),
});
type Params = z.infer<typeof schema>;

/** A fully connected layer on the flattened sample (H x W x C features). */
export const dense: BlockDef<Params> = {
  kind: 'dense',
  label: 'Dense (fully connected)',
  group: 'layers',
  summary: 'A fully connected layer on the flattened input (H x W x C features).',
  schema,
  defaults: { units: 1000, bias: true },
  expand: (g, x, p) => g.op({ op: 'dense', units: p.units, bias: p.bias }, [x], 'dense'),
  explain: (p, ctx) =>
    primitiveExplanation(
      `Dense, ${p.units} units`,
      'Every output unit reads every input feature: F x units MACs and as many weights, which is why a dense layer on a large feature map dominates the parameter count.',
      ctx,
    ),
};
