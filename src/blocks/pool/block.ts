import { z } from 'zod';
import { paddingSchema, pairSchema, toPadding, toPair } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  mode: z.enum(['max', 'avg', 'global-avg', 'global-max']).default('max'),
  kernel: pairSchema().default(2),
  stride: pairSchema().optional(),
  padding: paddingSchema.default('valid'),
});
type Params = z.infer<typeof schema>;

export const pool: BlockDef<Params> = {
  kind: 'pool',
  label: 'Pooling',
  group: 'structure',
  summary: 'Max or average pooling over a window, or global pooling to 1x1.',
  schema,
  defaults: { mode: 'max', kernel: 2, padding: 'valid' },
  expand(g, x, p) {
    if (p.mode === 'global-avg' || p.mode === 'global-max') {
      return g.op({ op: 'globalpool', mode: p.mode === 'global-avg' ? 'avg' : 'max' }, [x], p.mode);
    }
    return g.pool(x, p.mode, toPair(p.kernel), toPair(p.stride ?? p.kernel), toPadding(p.padding));
  },
  explain(p, ctx) {
    return {
      title: `${p.mode} pooling`,
      summary:
        'Pooling has no parameters and no MACs; its compares or adds are counted in the pool column. It shrinks the data that later layers pay for.',
      formulas: [],
      conditions: [],
      notes: [
        `${ctx.input.h}x${ctx.input.w}x${ctx.input.c} -> ${ctx.output.h}x${ctx.output.w}x${ctx.output.c}`,
      ],
    };
  },
};
