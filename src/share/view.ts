import { z } from 'zod';
import { BASE_CONV_KIND, convKind } from '../blocks/convKinds.ts';
import { DEFAULT_CONVENTION } from '../core/convention.ts';
import { COUNT_LIKE_TOOLS } from '../core/countLike.ts';
import type { Design } from '../design/schema.ts';
import { preset } from '../presets/index.ts';
import { CHART_IDS } from '../ui/charts/chartList.ts';

/**
 * The part of the app's view that a link or a file restores. It mirrors `ViewState` in
 * src/state/store.ts (src/ui/share/ checks at compile time that the two stay the same type);
 * it lives here so the codec and the CLI do not depend on the store.
 */
/** The chart ids come from the app's one list of charts (pure data, no UI code). */
export { CHART_IDS };
export const RESULTS_TABS = ['table', 'charts', 'run'] as const;
export const SORT_KEYS = [
  'index',
  'name',
  'kind',
  'out',
  'macs',
  'params',
  'activations',
  'latency',
  'rf',
] as const;

const transformSpecSchema = z
  .object({
    kind: z
      .string()
      .min(1, 'must not be empty')
      .max(40, 'must be at most 40 characters')
      .regex(/^[a-z0-9][a-z0-9+_-]*$/, 'must be a conv kind id such as "hetconv"'),
    options: z
      .record(
        z.string().max(40, 'option names must be at most 40 characters'),
        z.union([z.number(), z.string().max(80), z.boolean()]),
      )
      .refine((o) => Object.keys(o).length <= 16, 'at most 16 options')
      .default({}),
    includeFirst: z.boolean().default(false),
  })
  .superRefine((spec, ctx) => {
    const def = spec.kind === BASE_CONV_KIND ? undefined : convKind(spec.kind);
    if (!def) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `unknown transform "${spec.kind}"` });
      return;
    }
    const r = def.optionsSchema.safeParse(spec.options);
    if (!r.success) {
      const i = r.error.issues[0];
      ctx.addIssue({
        code: 'custom',
        path: ['options', ...(i.path as (string | number)[])],
        message: i.message,
      });
    }
  });

const compareSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('transform'), spec: transformSpecSchema }),
    z.object({
      kind: z.literal('preset'),
      id: z
        .string()
        .max(64)
        .refine((id) => preset(id) !== undefined, { error: (i) => `unknown preset "${String(i.input)}"` }),
    }),
  ])
  .nullable();

export const conventionSchema = z.object({
  bn: z.enum(['counted', 'fused']).default(DEFAULT_CONVENTION.bn),
  includeExtras: z.boolean().default(DEFAULT_CONVENTION.includeExtras),
  precision: z.enum(['fp32', 'fp16', 'int8', 'binary']).default(DEFAULT_CONVENTION.precision),
  countLike: z.enum(COUNT_LIKE_TOOLS).optional(),
  training: z.boolean().optional(),
});

/** Every field has a default, so a link only carries what differs from DEFAULT_SHARE_VIEW. */
export const viewSchema = z.object({
  selectedBlockId: z.string().max(64).nullable().default(null),
  tab: z.enum(RESULTS_TABS).default('table'),
  chart: z.enum(CHART_IDS).default('layers'),
  convention: conventionSchema.default({ ...DEFAULT_CONVENTION }),
  compare: compareSchema.default(null),
  sort: z
    .object({ key: z.enum(SORT_KEYS).default('index'), dir: z.enum(['asc', 'desc']).default('asc') })
    .default({ key: 'index', dir: 'asc' }),
});

export type ShareView = z.output<typeof viewSchema>;

/** What the encoders accept: a ShareView, or the store's view (its transform options are untyped). */
export type ViewLike = Omit<ShareView, 'compare'> & {
  compare:
    | null
    | { kind: 'transform'; spec: { kind: string; options: Record<string, unknown>; includeFirst: boolean } }
    | { kind: 'preset'; id: string };
};

export const DEFAULT_SHARE_VIEW: ShareView = viewSchema.parse({});

/** A selection that names no block of the design is dropped (not an error: the design is what matters). */
export function fitViewToDesign(view: ShareView, design: Design): ShareView {
  if (view.selectedBlockId !== null && !design.blocks.some((b) => b.id === view.selectedBlockId))
    return { ...view, selectedBlockId: null };
  return view;
}
