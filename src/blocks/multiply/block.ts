import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({});
type Params = z.infer<typeof schema>;

/** x times a gate: the gate is n x 1 x 1 x C (broadcast over H and W, as in SE) or x's own shape. */
export const multiply: BlockDef<Params> = {
  kind: 'multiply',
  label: 'Multiply',
  group: 'graph',
  summary: 'The first input times the second: a per-channel gate (SE, attention) or an element-wise product.',
  schema,
  defaults: {},
  inputs: { min: 2, max: 2, order: 'the first times the second' },
  expand: (g, x, _p, more = []) => g.op({ op: 'multiply' }, [x, ...more], 'multiply'),
  explain: (_p, ctx) =>
    primitiveExplanation(
      'Multiply',
      'Scales the first input by the second, one multiplication per output element. A 1x1xC gate is broadcast over height and width, which is how squeeze-and-excitation re-weights channels.',
      ctx,
    ),
};
