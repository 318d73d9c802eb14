import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import { MAX_SIDE, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  /** The op as its source calls it, e.g. "Resize" or "com.microsoft:FusedConv". */
  type: z.string().min(1).max(80).default('Unknown'),
  /** Its output shape per sample when known; absent: the shape of its first input. */
  out: z.strictObject({ h: positiveInt(MAX_SIDE), w: positiveInt(MAX_SIDE), c: positiveInt() }).optional(),
});
type Params = z.infer<typeof schema>;

/**
 * An op convcost has no cost model for (usually from an imported model). It is kept in the graph
 * so the shapes after it can be costed, counted as 0, and every total says it is a lower bound.
 */
export const unsupported: BlockDef<Params> = {
  kind: 'unsupported',
  label: 'Unsupported op',
  group: 'structure',
  summary: 'An op without a cost model: it carries its shape through and makes every total a lower bound.',
  schema,
  defaults: { type: 'Unknown' },
  inputs: { min: 1, max: 64 },
  expand: (g, x, p, more = []) =>
    g.op({ op: 'unsupported', type: p.type, ...(p.out ? { out: p.out } : {}) }, [x, ...more], p.type),
  explain: (p, ctx) =>
    primitiveExplanation(
      `Unsupported: ${p.type}`,
      `convcost has no cost model for ${p.type}, so it counts it as 0 MACs and 0 parameters and marks every total as a lower bound instead of guessing.`,
      ctx,
    ),
};
