import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import { MAX_SIDE, nonNegativeInt, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  h: positiveInt(MAX_SIDE).default(1),
  w: positiveInt(MAX_SIDE).default(1),
  /** Rows and columns skipped at the top and left; absent: the window is centred. */
  top: nonNegativeInt(MAX_SIDE).optional(),
  left: nonNegativeInt(MAX_SIDE).optional(),
});
type Params = z.infer<typeof schema>;

/** An h x w window of every channel, centred unless placed (U-Net crops its skip features). */
export const crop: BlockDef<Params> = {
  kind: 'crop',
  label: 'Crop',
  group: 'structure',
  summary: 'Cuts an h x w window out of every channel, centred by default (U-Net skip connections).',
  schema,
  defaults: { h: 1, w: 1 },
  expand: (g, x, p) =>
    g.op(
      {
        op: 'crop',
        h: p.h,
        w: p.w,
        top: p.top ?? Math.max(0, Math.floor((x.shape.h - p.h) / 2)),
        left: p.left ?? Math.max(0, Math.floor((x.shape.w - p.w) / 2)),
      },
      [x],
      'crop',
    ),
  explain: (_p, ctx) =>
    primitiveExplanation(
      'Crop',
      'A copy of a window: no arithmetic. U-Net needs it because its valid convolutions shrink the map, so the skip features are larger than the upsampled ones they join.',
      ctx,
    ),
};
