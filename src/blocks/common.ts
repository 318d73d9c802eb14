import { conv2dCost, GraphBuilder, type Shape, type TensorRef } from '../core/index.ts';
import type { ConvCore, PostOps } from './types.ts';

/** MACs and params of whatever `build` adds to a fresh graph on `input` (for explanations). */
export function measure(
  input: Shape,
  build: (g: GraphBuilder, x: TensorRef) => TensorRef,
): { macs: number; params: number; out: Shape; layers: number } {
  const g = new GraphBuilder(input);
  const out = build(g, g.input);
  let macs = 0;
  let params = 0;
  const depth = new Map<number, number>();
  for (const n of g.nodes) {
    macs += n.cost.macs;
    params += n.cost.params;
    let d = 0;
    for (const i of n.inputs) d = Math.max(d, depth.get(i) ?? 0);
    depth.set(n.id, d + (n.cost.layer ? 1 : 0));
  }
  return { macs, params, out: out.shape, layers: depth.get(out.id) ?? 0 };
}

/** The standard conv of the same shape, the yardstick every efficient kind is compared against. */
export function standardCost(input: Shape, core: ConvCore) {
  return conv2dCost([input], { op: 'conv2d', ...core, groups: 1 });
}

/** BN then activation, as configured. */
export function post(g: GraphBuilder, x: TensorRef, p: PostOps, suffix = ''): TensorRef {
  const y = p.bn ? g.bn(x, `bn${suffix}`) : x;
  return g.act(y, p.act, p.act === 'none' ? undefined : `${p.act}${suffix}`);
}

export const K = (core: ConvCore): string =>
  core.kernel[0] === core.kernel[1] ? `${core.kernel[0]}` : `${core.kernel[0]}\\times ${core.kernel[1]}`;

export const kernelArea = (core: ConvCore): number => core.kernel[0] * core.kernel[1];
