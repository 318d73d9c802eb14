import type { IrNode } from '../ir.ts';
import type { Ctx } from './index.ts';

/**
 * Activations as exporters write them, recognised as one convcost activation: single ops (Relu,
 * Clip [0, 6] = relu6, LeakyRelu, Sigmoid, Tanh, HardSigmoid, HardSwish, Max(x, 0)) and the
 * spread-out forms x * sigmoid(x) = swish, x * hardsigmoid(x) = hard_swish, and
 * clip(x + 3, 0, 6) / 6 = hard_sigmoid, times x = hard_swish (PaddlePaddle and TF exports).
 */

export type ActivationFn =
  | 'relu'
  | 'relu6'
  | 'leaky_relu'
  | 'sigmoid'
  | 'swish'
  | 'hard_swish'
  | 'hard_sigmoid'
  | 'tanh';

export interface Activation {
  fn: ActivationFn;
  /** The nodes it spans, in order. */
  nodes: IrNode[];
  /** The value it reads and the one it writes. */
  in: string;
  out: string;
}

const SINGLE: Record<string, ActivationFn> = {
  Relu: 'relu',
  LeakyRelu: 'leaky_relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  HardSigmoid: 'hard_sigmoid',
  HardSwish: 'hard_swish',
};

const near = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) < 1e-6;

function scalar(ctx: Ctx, v: string | undefined): number | undefined {
  if (!v || ctx.tensors.has(v)) return undefined;
  const t = ctx.inf.tensors.get(v);
  return t?.values && t.values.length === 1 ? t.values[0] : undefined;
}

/** The one live consumer of v (a pattern's inner values must have exactly one). */
function next(ctx: Ctx, v: string): IrNode | undefined {
  const c = (ctx.consumers.get(v) ?? []).filter((n) => !ctx.done.has(n));
  return c.length === 1 && !ctx.graphOutputs.has(v) ? c[0] : undefined;
}

/** Clip's bounds: attributes before opset 11, inputs after. */
function clipBounds(ctx: Ctx, n: IrNode): [number, number] {
  if (ctx.g.opset < 11 && (n.attrs.min !== undefined || n.attrs.max !== undefined || n.inputs.length === 1))
    return [
      typeof n.attrs.min === 'number' ? n.attrs.min : -Infinity,
      typeof n.attrs.max === 'number' ? n.attrs.max : Infinity,
    ];
  return [scalar(ctx, n.inputs[1]) ?? -Infinity, scalar(ctx, n.inputs[2]) ?? Infinity];
}

/** The other operand of a binary node. */
const other = (n: IrNode, v: string) => (n.inputs[0] === v ? n.inputs[1] : n.inputs[0]);

/** Mul(x, s) reading s, if it is the next node. */
function timesX(ctx: Ctx, s: string, x: string): IrNode | undefined {
  const m = next(ctx, s);
  return m && m.op === 'Mul' && m.inputs.length === 2 && other(m, s) === x ? m : undefined;
}

/** An activation whose first node is n, reading x. */
export function fromNode(ctx: Ctx, n: IrNode, x: string): Activation | undefined {
  if (!n.inputs.includes(x) || (n.outputs.filter(Boolean).length !== 1 && n.op !== 'Dropout'))
    return undefined;
  const out = n.outputs[0];
  const single = SINGLE[n.op];
  if (single && n.inputs[0] === x) {
    if (single === 'sigmoid' || single === 'hard_sigmoid') {
      const m = timesX(ctx, out, x);
      if (m)
        return { fn: single === 'sigmoid' ? 'swish' : 'hard_swish', nodes: [n, m], in: x, out: m.outputs[0] };
    }
    return { fn: single, nodes: [n], in: x, out };
  }
  if (n.op === 'Clip' && n.inputs[0] === x) {
    const [lo, hi] = clipBounds(ctx, n);
    if (lo === 0 && hi === 6) return { fn: 'relu6', nodes: [n], in: x, out };
    if (lo === 0 && hi === Infinity) return { fn: 'relu', nodes: [n], in: x, out };
    return undefined;
  }
  if (n.op === 'Max' && n.inputs.length === 2 && near(scalar(ctx, other(n, x)), 0))
    return { fn: 'relu', nodes: [n], in: x, out };
  if (n.op === 'Add' && n.inputs.length === 2 && near(scalar(ctx, other(n, x)), 3)) {
    // clip(x + 3, 0, 6) then / 6 (or * 1/6), with x * ... before or after the division.
    const clip = next(ctx, out);
    if (clip?.op !== 'Clip' || clip.inputs[0] !== out) return undefined;
    const [lo, hi] = clipBounds(ctx, clip);
    if (lo !== 0 || hi !== 6) return undefined;
    const c = clip.outputs[0];
    const scale = (d: IrNode | undefined, v: string) =>
      d &&
      d.inputs[0] === v &&
      ((d.op === 'Div' && near(scalar(ctx, d.inputs[1]), 6)) ||
        (d.op === 'Mul' && near(scalar(ctx, other(d, v)), 1 / 6)));
    const d1 = next(ctx, c);
    if (d1 && scale(d1, c)) {
      const m = timesX(ctx, d1.outputs[0], x);
      if (m) return { fn: 'hard_swish', nodes: [n, clip, d1, m], in: x, out: m.outputs[0] };
      return { fn: 'hard_sigmoid', nodes: [n, clip, d1], in: x, out: d1.outputs[0] };
    }
    const m = timesX(ctx, c, x);
    const d2 = m ? next(ctx, m.outputs[0]) : undefined;
    if (m && d2 && scale(d2, m.outputs[0]))
      return { fn: 'hard_swish', nodes: [n, clip, m, d2], in: x, out: d2.outputs[0] };
  }
  return undefined;
}

/** An activation that is the only reader of y (all of y's consumers belong to it). */
export function activationAt(ctx: Ctx, y: string): Activation | undefined {
  if (ctx.graphOutputs.has(y)) return undefined;
  const readers = (ctx.consumers.get(y) ?? []).filter((n) => !ctx.done.has(n));
  if (readers.length === 0 || readers.length > 2) return undefined;
  for (const n of readers) {
    const a = fromNode(ctx, n, y);
    if (a && readers.every((r) => a.nodes.includes(r))) return a;
  }
  return undefined;
}

/** The activation that starts at this node, reading its first computed input. */
export function classifyActivation(ctx: Ctx, n: IrNode): Activation | undefined {
  const x = n.inputs.find((v) => v && ctx.tensors.has(v));
  return x ? fromNode(ctx, n, x) : undefined;
}
