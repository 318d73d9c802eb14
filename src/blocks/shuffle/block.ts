import { z } from 'zod';
import { primitiveExplanation } from '../common.ts';
import { positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({ groups: positiveInt(1 << 16).default(2) });
type Params = z.infer<typeof schema>;

/** Channel shuffle: output channel k reads input channel (k mod g) * (C / g) + floor(k / g). */
export const shuffle: BlockDef<Params> = {
  kind: 'shuffle',
  label: 'Channel shuffle',
  group: 'structure',
  summary: 'Interleaves g groups of channels (ShuffleNet), so the next group conv mixes them.',
  schema,
  defaults: { groups: 2 },
  expand: (g, x, p) => g.shuffle(x, p.groups),
  explain: (p, ctx) =>
    primitiveExplanation(
      `Channel shuffle, g = ${p.groups}`,
      'A permutation of channels: no arithmetic, one copy of the tensor. It lets the next group conv see channels from every group of the previous one.',
      ctx,
    ),
};
