import { z } from 'zod';
import { CostError, type Explanation, type GraphBuilder, type Shape, type TensorRef } from '../core/index.ts';
import { unknownNameMessage } from '../design/suggest.ts';
import { blockMacsFormula, blockParamsFormula } from './common.ts';
import { BASE_CONV_KIND, convKind } from './convKinds.ts';
import {
  activationSchema,
  paddingSchema,
  pairSchema,
  positiveInt,
  toPadding,
  toPair,
} from './schemaParts.ts';
import type { BlockDef, ConvChoice, ConvCore, ConvKindDef, PostOps } from './types.ts';

/** The fields every conv layer has, whatever its kind. */
export const layerBaseSchema = z.object({
  filters: positiveInt(),
  kernel: pairSchema().default(3),
  stride: pairSchema().default(1),
  padding: paddingSchema.default('same'),
  dilation: pairSchema().default(1),
  bias: z.boolean().default(false),
  bn: z.boolean().default(true),
  act: activationSchema.default('relu'),
});
export type LayerBase = z.infer<typeof layerBaseSchema>;

export function coreOf(p: LayerBase): ConvCore {
  return {
    filters: p.filters,
    kernel: toPair(p.kernel),
    stride: toPair(p.stride),
    padding: toPadding(p.padding),
    dilation: toPair(p.dilation),
    bias: p.bias,
  };
}

export function postOf(p: { bn: boolean; act: PostOps['act'] }): PostOps {
  return { bn: p.bn, act: p.act };
}

/** A layer block (conv + BN + activation) for one conv kind: the kind's options sit beside the base fields. */
export function layerBlock<O extends object>(def: ConvKindDef<O>): BlockDef<LayerBase & O> {
  const options = def.optionsSchema as unknown as z.ZodObject;
  const schema = layerBaseSchema.extend(options.shape) as unknown as z.ZodType<LayerBase & O>;
  return {
    kind: def.kind,
    label: def.label,
    group: def.kind === BASE_CONV_KIND ? 'layers' : 'efficient convs',
    summary: def.summary,
    schema,
    defaults: {
      filters: 64,
      kernel: 3,
      stride: 1,
      padding: 'same',
      dilation: 1,
      bias: false,
      bn: true,
      act: 'relu',
      ...def.defaultOptions,
    } as LayerBase & O,
    expand(g, x, p) {
      return buildKind(def, g, x, coreOf(p), postOf(p), p, def.kind);
    },
    explain(p, ctx): Explanation {
      return def.explain(ctx.input, coreOf(p), p);
    },
    ...(def.picture
      ? { picture: (p: LayerBase & O, input: Shape) => def.picture!(input, coreOf(p), p) }
      : {}),
    convSlots: {
      get: (p) => ({ kind: def.kind, options: pickOptions(def, p) }),
      set: (p, choice) => ({ ...stripOptions(def, p), ...choice.options }) as LayerBase & O,
    },
  };
}

function pickOptions(def: ConvKindDef<any>, p: object): Record<string, unknown> {
  const keys = Object.keys((def.optionsSchema as unknown as z.ZodObject).shape);
  return Object.fromEntries(keys.map((k) => [k, (p as Record<string, unknown>)[k]]));
}

function stripOptions(def: ConvKindDef<any>, p: object): object {
  const keys = new Set(Object.keys((def.optionsSchema as unknown as z.ZodObject).shape));
  return Object.fromEntries(Object.entries(p).filter(([k]) => !keys.has(k)));
}

/** A conv-kind choice inside a composite block, e.g. { kind: 'hetconv', part: 4 }. */
export const convChoiceSchema = z
  .object({ kind: z.string().max(40) })
  .catchall(z.unknown())
  .default({ kind: 'conv' })
  .superRefine((v, ctx) => {
    const def = convKind(v.kind);
    if (!def) {
      ctx.addIssue({ code: 'custom', message: `unknown conv kind "${v.kind}"`, path: ['kind'] });
      return;
    }
    const { kind: _k, ...rest } = v;
    const known = Object.keys((def.optionsSchema as unknown as z.ZodObject).shape);
    for (const key of Object.keys(rest)) {
      if (!known.includes(key)) {
        ctx.addIssue({
          code: 'custom',
          message: unknownNameMessage(`${v.kind} option`, key, known),
          path: [],
        });
        return;
      }
    }
    const r = def.optionsSchema.safeParse(rest);
    if (!r.success)
      for (const i of r.error.issues)
        ctx.addIssue({ code: 'custom', message: i.message, path: i.path as (string | number)[] });
  })
  .transform((v) => {
    const def = convKind(v.kind)!;
    const { kind, ...rest } = v;
    return { kind, ...(def.optionsSchema.parse(rest) as object) } as { kind: string } & Record<
      string,
      unknown
    >;
  });
export type ConvChoiceParam = z.infer<typeof convChoiceSchema>;

export function choiceOf(p: ConvChoiceParam): ConvChoice {
  const { kind, ...options } = p;
  return { kind, options };
}

/** Builds a composite block's spatial conv through the chosen kind. */
export function buildChoice(
  g: Parameters<ConvKindDef['build']>[0],
  x: Parameters<ConvKindDef['build']>[1],
  choice: ConvChoiceParam,
  core: ConvCore,
  post: PostOps,
  name: string,
) {
  const def = convKind(choice.kind);
  if (!def) throw new CostError(`unknown conv kind "${choice.kind}"`, 'conv', choice.kind);
  const { kind: _k, ...options } = choice;
  return buildKind(def, g, x, core, post, options, name);
}

/** A composite block's explanation: its own totals, then its spatial conv explained by the conv kind. */
export function convKindExplanation(
  title: string,
  summary: string,
  choice: ConvChoiceParam,
  ctx: { input: import('../core/index.ts').Shape; macs: number; params: number; latencyDepth: number },
  core: ConvCore,
): Explanation {
  const def = convKind(choice.kind);
  const { kind: _k, ...options } = choice;
  const inner = def?.explain(ctx.input, core, options);
  return {
    title: inner && choice.kind !== 'conv' ? `${title} with ${inner.title}` : title,
    summary: inner ? `${summary} ${inner.summary}` : summary,
    formulas: [
      blockMacsFormula(ctx.macs),
      blockParamsFormula(ctx.params),
      ...(inner?.formulas ?? []).map((f) => ({
        ...f,
        label: `Its ${core.kernel.join('x')} conv: ${f.label}`,
      })),
    ],
    ratio: inner?.ratio,
    conditions: inner?.conditions ?? [],
    notes: [`Latency depth of the block: ${ctx.latencyDepth} sequential layers.`, ...(inner?.notes ?? [])],
  };
}

/** One place a block builds a conv through a conv kind: the kind, its input channels, its core, the slot's name. */
export interface ConvSite {
  kind: string;
  inC: number;
  core: ConvCore;
  name: string;
}

const siteListeners = new WeakMap<GraphBuilder, (site: ConvSite) => void>();

/** A conv-kind site once built: the kind's options and the node range [first, end) its ops took. */
export interface BuiltConvSite extends ConvSite {
  options: Record<string, unknown>;
  first: number;
  end: number;
  /** Node id of the site's input (-1 = the network input) and of its output. */
  input: number;
  output: number;
}

const builtSiteListeners = new WeakMap<GraphBuilder, (site: BuiltConvSite) => void>();

/**
 * Reports every conv-kind site after it is built, with the ops it added (the exporters make each
 * site a sub-module of its conv kind, so a HetConv inside a ResNet block is one HetConv module).
 */
export function listenBuiltConvSites(g: GraphBuilder, listener: (site: BuiltConvSite) => void): void {
  builtSiteListeners.set(g, listener);
}

/**
 * Reports every conv-kind site built on `g` (transforms use it to see the shapes each conv of a
 * block will get, for any block, without knowing the block).
 */
export function listenConvSites(g: GraphBuilder, listener: (site: ConvSite) => void): void {
  siteListeners.set(g, listener);
}

/** The only path from a block to a conv kind's build, so listeners see every site. */
function buildKind(
  def: ConvKindDef<any>,
  g: GraphBuilder,
  x: TensorRef,
  core: ConvCore,
  post: PostOps,
  options: object,
  name: string,
): TensorRef {
  siteListeners.get(g)?.({ kind: def.kind, inC: x.shape.c, core, name });
  const built = builtSiteListeners.get(g);
  if (!built) return def.build(g, x, core, post, options, name);
  const first = g.nodes.length;
  const out = def.build(g, x, core, post, options, name);
  built({
    kind: def.kind,
    inC: x.shape.c,
    core,
    name,
    options: options as Record<string, unknown>,
    first,
    end: g.nodes.length,
    input: x.id,
    output: out.id,
  });
  return out;
}

/** A KxK = 3x3 conv core with "same" padding and no bias (BN follows), as in the ResNet blocks. */
export const sameConv3x3 = (filters: number, stride: number): ConvCore => ({
  filters,
  kernel: [3, 3],
  stride: [stride, stride],
  padding: 'same',
  dilation: [1, 1],
  bias: false,
});

/** Conv slots of a block whose spatial convs all follow its one `conv` choice. */
export const convChoiceSlots = {
  get: (p: { conv: ConvChoiceParam }) => choiceOf(p.conv),
  set: <P extends { conv: ConvChoiceParam }>(p: P, c: ConvChoice): P => ({
    ...p,
    conv: { kind: c.kind, ...c.options },
  }),
};
