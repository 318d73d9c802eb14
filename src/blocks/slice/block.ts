import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import { nonNegativeInt, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  /** First channel taken. */
  start: nonNegativeInt(1 << 16).default(0),
  /** Channels taken; absent: every channel from `start` on. */
  size: positiveInt().optional(),
});
type Params = z.infer<typeof schema>;

/** Channels [start, start + size) of its input: one branch of a channel split (ShuffleNet V2, GhostNet). */
export const slice: BlockDef<Params> = {
  kind: 'slice',
  label: 'Channel slice',
  group: 'graph',
  summary: 'Takes a range of channels, e.g. one half of a channel split (ShuffleNet V2, GhostNet).',
  schema,
  defaults: { start: 0 },
  expand: (g, x, p) => g.slice(x, p.start, p.size ?? x.shape.c - p.start),
  explain: (p, ctx) =>
    primitiveExplanation(
      `Channels ${p.start} to ${p.start + ctx.output.c - 1}`,
      'A channel split costs no arithmetic: the branches that read the slices each work on fewer channels, which is where a split saves MACs.',
      ctx,
    ),
};
