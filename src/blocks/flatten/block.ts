import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({});
type Params = z.infer<typeof schema>;

export const flatten: BlockDef<Params> = {
  kind: 'flatten',
  label: 'Flatten',
  group: 'structure',
  summary: 'Reshapes H x W x C to 1 x 1 x HWC: metadata only, no data moves.',
  schema,
  defaults: {},
  expand: (g, x) => g.op({ op: 'flatten' }, [x], 'flatten'),
  explain: (_p, ctx) =>
    primitiveExplanation('Flatten', 'A reshape: the data stays where it is, so it costs nothing.', ctx),
};
