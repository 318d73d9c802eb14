import {
  conv2dCost,
  criticalPath,
  type Explanation,
  type Formula,
  formatShape,
  GraphBuilder,
  type OpNode,
  type Shape,
  type TensorRef,
  tex,
} from '../core/index.ts';
import type { ConvCore, PostOps } from './types.ts';

/** What a block's own primitive ops add up to, split the way the explanations need it. */
export interface OpSums {
  nodes: readonly OpNode[];
  out: Shape;
  /** Conv and dense MACs. */
  macs: number;
  /** All parameters (weights, biases, BN gamma/beta). */
  params: number;
  /** Conv and dense weights and biases only (what the papers' closed forms count). */
  weights: number;
  /** Sequential conv/dense layers on the block's critical path. */
  layers: number;
}

/**
 * Expands `build` on a fresh graph and sums its primitive ops. Explanations use this to show the
 * numbers of the block in front of the user: the costs are the ops' costs, never a copied formula.
 */
export function measure(input: Shape, build: (g: GraphBuilder, x: TensorRef) => TensorRef): OpSums {
  const g = new GraphBuilder(input);
  const out = build(g, g.input);
  let macs = 0;
  let params = 0;
  let weights = 0;
  for (const n of g.nodes) {
    macs += n.cost.macs;
    params += n.cost.params;
    if (n.cost.layer) weights += n.cost.params;
  }
  const depth = criticalPath(g.nodes);
  return { nodes: g.nodes, out: out.shape, macs, params, weights, layers: out.id >= 0 ? depth[out.id] : 0 };
}

/** The standard conv of the same shape, the yardstick every efficient kind is compared against. */
export function standardCost(input: Shape, core: ConvCore) {
  return conv2dCost([input], { op: 'conv2d', ...core, groups: 1 });
}

/**
 * Where a factorised conv (DW+PW, GW+PW, ...) puts its bias: one N-vector on the last conv, the
 * one that writes the layer's output, so the layer keeps the N bias parameters of the standard
 * conv it replaces; `first` names the conv before it, which has none.
 */
export const FACTORISED_BIAS_NOTE = (first: string): string =>
  `Bias: with bias on, one bias per output channel on the pointwise conv (N parameters, as the standard conv it replaces has), none on the ${first} conv (as Keras' SeparableConv2D).`;

/**
 * No BN and no activation: what an explanation measures a kind's own build with, so its figures are
 * the conv work of the very ops the block expands into.
 */
export const NO_POST: PostOps = { bn: false, act: 'none' };

/** BN then activation, as configured. */
export function post(g: GraphBuilder, x: TensorRef, p: PostOps, suffix = ''): TensorRef {
  const y = p.bn ? g.bn(x, `bn${suffix}`) : x;
  return g.act(y, p.act, p.act === 'none' ? undefined : `${p.act}${suffix}`);
}

export const K = (core: ConvCore): string =>
  core.kernel[0] === core.kernel[1] ? `${core.kernel[0]}` : `${core.kernel[0]}\\times ${core.kernel[1]}`;

export const kernelArea = (core: ConvCore): number => core.kernel[0] * core.kernel[1];

/** The block's MACs as the sum of its ops' MACs. */
export const blockMacsFormula = (macs: number): Formula => ({
  label: 'Block MACs (sum of its ops)',
  symbolic: '\\textstyle\\sum_{\\text{ops}} \\text{MACs}',
  substituted: '',
  value: macs,
  unit: 'MACs',
});

/** The block's parameters as the sum of its ops' parameters. */
export const blockParamsFormula = (params: number, label = 'Block parameters'): Formula => ({
  label,
  symbolic: '\\textstyle\\sum_{\\text{ops}} \\text{params}',
  substituted: '',
  value: params,
  unit: 'params',
});

/** MACs of the block's ops over those of a yardstick built the same way (both measured). */
export const measuredRatio = (
  label: string,
  symbolic: string,
  own: { macs: number },
  yardstick: { macs: number },
): Formula => ({
  label,
  symbolic,
  substituted: `${tex(own.macs)} / ${tex(yardstick.macs)}`,
  value: own.macs / yardstick.macs,
  unit: 'ratio',
});

/**
 * The explanation of a block that is one primitive op (a merge, a reshape, a lone BN...): what it
 * does, its shapes, and its own sums, which the analysis measured.
 */
export function primitiveExplanation(
  title: string,
  summary: string,
  ctx: { input: Shape; inputs?: readonly Shape[]; output: Shape; macs: number; params: number },
  notes: string[] = [],
): Explanation {
  const ins = (ctx.inputs ?? [ctx.input]).map(formatShape).join(' and ');
  return {
    title,
    summary,
    formulas: ctx.macs || ctx.params ? [blockMacsFormula(ctx.macs), blockParamsFormula(ctx.params)] : [],
    conditions: [],
    notes: [`${ins} -> ${formatShape(ctx.output)}`, ...notes],
  };
}
