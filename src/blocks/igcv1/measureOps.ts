import { GraphBuilder, type OpNode, type Shape, type TensorRef } from '../../core/index.ts';

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
export function sumOps(input: Shape, build: (g: GraphBuilder, x: TensorRef) => TensorRef): OpSums {
  const g = new GraphBuilder(input);
  const out = build(g, g.input);
  let macs = 0;
  let params = 0;
  let weights = 0;
  const depth = new Map<number, number>();
  for (const n of g.nodes) {
    macs += n.cost.macs;
    params += n.cost.params;
    if (n.spec.op === 'conv2d' || n.spec.op === 'dense' || n.spec.op === 'hetconv') weights += n.cost.params;
    let d = 0;
    for (const i of n.inputs) d = Math.max(d, depth.get(i) ?? 0);
    depth.set(n.id, d + (n.cost.layer ? 1 : 0));
  }
  return { nodes: g.nodes, out: out.shape, macs, params, weights, layers: depth.get(out.id) ?? 0 };
}
