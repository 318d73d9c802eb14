/** Applying a transform spec to a design: which convs each block has, and what replaces them. */
import { BASE_CONV_KIND, convKind } from '../blocks/convKinds.ts';
import { type ConvSite, listenConvSites } from '../blocks/layer.ts';
import { blockDef } from '../blocks/registry.ts';
import type { BlockDef, ConvKindDef } from '../blocks/types.ts';
import { CostError } from '../core/errors.ts';
import { GraphBuilder } from '../core/graph.ts';
import { formatShape, type Shape } from '../core/shape.ts';
import { analyzeDesign, blockLabel } from '../design/analyze.ts';
import { type BlockInstance, type Design, parseBlock } from '../design/schema.ts';
import { checkOptions, TRANSFORM_KINDS, type TransformSpec } from './spec.ts';

/** Why a conv stayed: its own conv kind's rule, or one of the transform's. */
export type SkipCause = 'first-conv' | 'group-conv' | 'ineligible' | 'shape';

export interface TransformResult {
  design: Design;
  /** Blocks changed, with how many standard KxK convs each had replaced. */
  replaced: { index: number; name: string; convs: number }[];
  /** Eligible-looking blocks that stayed as they are, with the reason and how many convs stayed. */
  skipped: { index: number; name: string; reason: string; convs: number; cause: SkipCause }[];
}

/**
 * The convs a block builds through the conv kind `kind`, found by expanding the block once on its
 * real input with a site listener (BlockDef.convSlots gives the choice, not the shapes each conv
 * it feeds will see; listening is exact for any block).
 */
function convSites(def: BlockDef<any>, params: unknown, input: Shape, kind: string): ConvSite[] {
  const sites: ConvSite[] = [];
  const g = new GraphBuilder(input);
  listenConvSites(g, (site) => {
    if (site.kind === kind) sites.push(site);
  });
  def.expand(g, g.input, params as never);
  return sites;
}

/** The output shape of one block on `input`, or the CostError that stops it. */
function blockOutput(b: BlockInstance, input: Shape): Shape {
  const def = blockDef(b.kind);
  if (!def) throw new CostError(`unknown block kind "${b.kind}"`, 'kind', b.kind);
  const g = new GraphBuilder(input);
  return def.expand(g, g.input, b.params as never).shape;
}

const sameShape = (a: Shape, b: Shape) => a.n === b.n && a.h === b.h && a.w === b.w && a.c === b.c;

type Outcome =
  | { kind: 'replaced'; block: BlockInstance; convs: number }
  | { kind: 'skipped'; reason: string; convs: number; cause: SkipCause }
  | undefined;

/**
 * What the transform does to one block: undefined when the block has no standard KxK conv to
 * replace (pools, heads, 1x1 convs, convs of another kind), otherwise the new block or the reason
 * it stays.
 */
function transformOne(
  b: BlockInstance,
  index: number,
  io: { in: Shape; out: Shape },
  spec: TransformSpec,
  target: ConvKindDef<any>,
  protectFirst: boolean,
  cached?: ConvSite[],
): Outcome {
  const def = blockDef(b.kind);
  const choice = def?.convSlots?.get(b.params as never);
  if (!def || !choice || choice.kind !== BASE_CONV_KIND) return undefined;
  const sites = cached ?? convSites(def, b.params, io.in, choice.kind);
  const convs = sites.filter((s) => s.core.kernel[0] * s.core.kernel[1] > 1).length;
  if (!convs) return undefined;
  const skip = (cause: SkipCause, reason: string): Outcome => ({ kind: 'skipped', reason, convs, cause });
  const groups = (choice.options.groups as number | undefined) ?? 1;
  if (groups !== 1)
    return skip('group-conv', `a group conv (groups = ${groups}); transforms replace standard convs only`);
  if (protectFirst)
    return skip('first-conv', 'the network\'s first conv (add ",first" to the spec to replace it too)');
  for (const s of sites) {
    const reason = target.ineligible(s.inC, s.core, spec.options);
    if (reason) return skip('ineligible', sites.length > 1 ? `${s.name}: ${reason}` : reason);
  }
  const isLayer = b.kind === choice.kind;
  let next: BlockInstance;
  try {
    const params = def.convSlots!.set(b.params as never, { kind: spec.kind, options: spec.options });
    // The block keeps what it reads: a conv of a branch reads an earlier block, not the one before it.
    const raw = {
      id: b.id,
      kind: isLayer ? spec.kind : b.kind,
      ...(b.name ? { name: b.name } : {}),
      ...(b.inputs ? { inputs: b.inputs } : {}),
      params,
    };
    // A prepared sweep passes sites: its options were parsed by the kind's schema already, so the
    // block is exactly what parsing would give (parseBlock is most of a transform's time).
    next = cached ? (raw as BlockInstance) : parseBlock(raw, index);
    const out = blockOutput(next, io.in);
    if (!sameShape(out, io.out))
      return skip(
        'shape',
        `${target.label} would change the output shape from ${formatShape(io.out)} to ${formatShape(out)}`,
      );
  } catch (e) {
    if (e instanceof CostError) return skip('ineligible', e.message);
    throw e;
  }
  return { kind: 'replaced', block: next, convs };
}

function targetOf(spec: TransformSpec): { target: ConvKindDef<any>; spec: TransformSpec } {
  const target = convKind(spec.kind);
  if (!target || spec.kind === BASE_CONV_KIND)
    throw new CostError(
      `unknown transform "${spec.kind}" (one of ${TRANSFORM_KINDS.join(', ')})`,
      'transform',
      spec.kind,
    );
  return {
    target,
    spec: { ...spec, options: checkOptions(spec.kind, spec.kind, target, spec.options ?? {}) },
  };
}

/** The primitive ops that are spatial convs (what "the first conv" means). */
const SPATIAL_CONV_OPS: ReadonlySet<string> = new Set(['conv2d', 'hetconv']);

/** Index of the block holding the network's first conv (-1 if there is none). */
function firstConvBlock(ops: readonly { kind: string; block: number }[]): number {
  const row = ops.find((o) => SPATIAL_CONV_OPS.has(o.kind));
  return row ? row.block : -1;
}

/**
 * What a transform needs to know about a design whatever its options: the analysis, the first
 * conv and each block's conv sites. A sweep prepares once and applies many specs.
 */
export interface PreparedDesign {
  design: Design;
  analysis: ReturnType<typeof analyzeDesign>;
  first: number;
  /** Standard-conv sites per block (undefined where a block has none to replace). */
  sites: (ConvSite[] | undefined)[];
}

export function prepareDesign(design: Design): PreparedDesign {
  const analysis = analyzeDesign(design);
  const sites = design.blocks.map((b, i) => {
    const def = blockDef(b.kind);
    const choice = def?.convSlots?.get(b.params as never);
    return def && choice?.kind === BASE_CONV_KIND
      ? convSites(def, b.params, analysis.blocks[i].in, BASE_CONV_KIND)
      : undefined;
  });
  return { design, analysis, first: firstConvBlock(analysis.ops), sites };
}

function run(design: Design, raw: TransformSpec, only?: number, prepared?: PreparedDesign): TransformResult {
  const { target, spec } = targetOf(raw);
  const analysis = prepared?.analysis ?? analyzeDesign(design);
  const first = prepared?.first ?? firstConvBlock(analysis.ops);
  const replaced: TransformResult['replaced'] = [];
  const skipped: TransformResult['skipped'] = [];
  const blocks = design.blocks.map((b, i) => {
    if (only !== undefined && i !== only) return b;
    const protect = only === undefined && !spec.includeFirst && i === first;
    const r = transformOne(b, i, analysis.blocks[i], spec, target, protect, prepared?.sites[i]);
    const name = blockLabel(b, i);
    if (r?.kind === 'replaced') {
      replaced.push({ index: i, name, convs: r.convs });
      return r.block;
    }
    if (r?.kind === 'skipped')
      skipped.push({ index: i, name, reason: r.reason, convs: r.convs, cause: r.cause });
    return b;
  });
  return { design: { ...design, blocks }, replaced, skipped };
}

/**
 * Replaces every eligible standard KxK conv (K > 1, groups = 1) of a design with the spec's conv
 * kind: conv layer blocks change kind (their base fields stay, the kind's options are added) and
 * composite blocks get the kind through their conv slots. Ineligible convs stay as they are and
 * are listed with the conv kind's reason; the first conv stays unless `includeFirst`. Output
 * shapes never change (a block whose shape would change is left alone and listed). Throws a
 * CostError if the design itself cannot be analysed.
 */
export function applyTransform(design: Design, spec: TransformSpec): TransformResult {
  return run(design, spec);
}

/** applyTransform on a prepared design: the same result, without re-analysing the design. */
export function applyPrepared(prepared: PreparedDesign, spec: TransformSpec): TransformResult {
  return run(prepared.design, spec, undefined, prepared);
}

/**
 * The transform applied to block `index` alone (the app's per-block action). The first-conv rule
 * does not apply: the user picked the block.
 */
export function transformBlock(design: Design, index: number, spec: TransformSpec): TransformResult {
  if (!Number.isInteger(index) || index < 0 || index >= design.blocks.length)
    throw new CostError(`no block ${index + 1} (the design has ${design.blocks.length})`, 'block', index);
  return run(design, spec, index);
}
