/**
 * One PyTorch writer per primitive op kind, the twin of core/ops OP_HANDLERS and the ONNX writers:
 * each says how its op becomes a module built in `__init__` (nn.Conv2d, nn.BatchNorm2d, HetConv2d,
 * ...) or an expression in `forward` (x + y, torch.cat, channel_shuffle), from named slots (the
 * numbers a class may take as arguments) and the Python helpers it needs (prelude.ts).
 *
 * Tensors are 4-D (N, C, H, W) or, after a dense layer or a flatten, 2-D (N, F), as in the ONNX
 * export; an op that needs the other rank converts its input.
 */
import type { OpKind, OpNode, OpSpec, Padding, Pair } from '../../core/index.ts';
import { LEAKY_ALPHA } from '../../exec/params.ts';

/** A Python literal: number, string, bool, tuple of numbers, or None. */
export type Lit = number | string | boolean | readonly number[] | null;

export interface Slot {
  value: Lit;
  /** A channel count: a class names it in_channels / out_channels when it is the block's own. */
  channels?: boolean;
}

export type Rank = 2 | 4;

/** How a slot appears in the code: its literal, or the name of an argument (in __init__) / attribute (in forward). */
export type SlotCode = (slot: string) => string;
/** The slot's literal when it is one (for leaving out defaults), else undefined. */
export type SlotLit = (slot: string) => Lit | undefined;

export interface PyOpPlan {
  /** What makes two ops the same in a class: op kind, input ranks, and anything that changes the code. */
  type: string;
  slots: Record<string, Slot>;
  /** Rank of the op's output. */
  outRank: Rank;
  /** Python helpers (prelude.ts names) the code uses. */
  needs: string[];
  /** A module op: its constructor expression. */
  module?: (code: SlotCode, lit: SlotLit) => string;
  /** A functional op: its expression of the input expressions (slots read as self.<arg>). */
  expr?: (ins: string[], code: SlotCode) => string;
  /**
   * For a module op, the input expression it is called on, from the input's own expression (a
   * 2-D input flattened from 4-D, or a 4-D view of a 2-D input).
   */
  input?: (x: string) => string;
}

type PyOp<S extends OpSpec> = (s: S, node: OpNode, inRanks: Rank[]) => PyOpPlan;

/** Python literal of a value. */
export function py(v: Lit): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`;
}

/** A pair as one number when both sides agree. */
const pairLit = (p: Pair): Lit => (p[0] === p[1] ? p[0] : [p[0], p[1]]);
const paddingLit = (p: Padding): Lit => (typeof p === 'string' ? p : [...p]);

/** ", name=value" unless the literal is the default. */
function kw(code: SlotCode, lit: SlotLit, slot: string, name: string, dflt: Lit): string {
  const l = lit(slot);
  if (l !== undefined && JSON.stringify(l) === JSON.stringify(dflt)) return '';
  return `, ${name}=${code(slot)}`;
}

const to4 = (x: string) => `${x}[:, :, None, None]`;
/** The input as 4-D for an op that needs it. */
const needs4 = (r: Rank[]) => (r[0] === 2 ? to4 : undefined);

const conv2d: PyOp<Extract<OpSpec, { op: 'conv2d' }>> = (s, node, r) => ({
  type: `conv2d|${r[0]}`,
  slots: {
    in_channels: { value: node.inShapes[0].c, channels: true },
    out_channels: { value: s.filters, channels: true },
    kernel_size: { value: pairLit(s.kernel) },
    stride: { value: pairLit(s.stride) },
    padding: { value: paddingLit(s.padding) },
    dilation: { value: pairLit(s.dilation) },
    groups: { value: s.groups, channels: s.groups > 1 && s.groups === node.inShapes[0].c },
    bias: { value: s.bias },
  },
  outRank: 4,
  needs: ['conv2d'],
  module: (c, l) =>
    `conv2d(${c('in_channels')}, ${c('out_channels')}, ${c('kernel_size')}${kw(c, l, 'stride', 'stride', 1)}${kw(c, l, 'padding', 'padding', 'same')}${kw(c, l, 'dilation', 'dilation', 1)}${kw(c, l, 'groups', 'groups', 1)}${kw(c, l, 'bias', 'bias', false)})`,
  input: needs4(r),
});

const hetconv: PyOp<Extract<OpSpec, { op: 'hetconv' }>> = (s, node, r) => ({
  type: `hetconv|${r[0]}`,
  slots: {
    in_channels: { value: node.inShapes[0].c, channels: true },
    out_channels: { value: s.filters, channels: true },
    kernel_size: { value: pairLit(s.kernel) },
    part: { value: s.part },
    stride: { value: pairLit(s.stride) },
    padding: { value: paddingLit(s.padding) },
    bias: { value: s.bias },
  },
  outRank: 4,
  needs: ['HetConv2d'],
  module: (c, l) =>
    `HetConv2d(${c('in_channels')}, ${c('out_channels')}, ${c('kernel_size')}, part=${c('part')}${kw(c, l, 'stride', 'stride', 1)}${kw(c, l, 'padding', 'padding', 'same')}${kw(c, l, 'bias', 'bias', false)})`,
  input: needs4(r),
});

const convtranspose: PyOp<Extract<OpSpec, { op: 'convtranspose' }>> = (s, node, r) => ({
  type: `convtranspose|${r[0]}`,
  slots: {
    in_channels: { value: node.inShapes[0].c, channels: true },
    out_channels: { value: s.filters, channels: true },
    kernel_size: { value: pairLit(s.kernel) },
    stride: { value: pairLit(s.stride) },
    padding: { value: paddingLit(s.padding) },
    output_padding: { value: pairLit(s.outputPadding) },
    groups: { value: s.groups },
    bias: { value: s.bias },
  },
  outRank: 4,
  needs: ['conv_transpose2d'],
  module: (c, l) =>
    `conv_transpose2d(${c('in_channels')}, ${c('out_channels')}, ${c('kernel_size')}${kw(c, l, 'stride', 'stride', 1)}${kw(c, l, 'padding', 'padding', 'valid')}${kw(c, l, 'output_padding', 'output_padding', 0)}${kw(c, l, 'groups', 'groups', 1)}${kw(c, l, 'bias', 'bias', true)})`,
  input: needs4(r),
});

const dense: PyOp<Extract<OpSpec, { op: 'dense' }>> = (s, node, r) => {
  const x = node.inShapes[0];
  return {
    type: `dense|${r[0]}`,
    slots: {
      in_features: { value: x.h * x.w * x.c, channels: true },
      out_features: { value: s.units, channels: true },
      bias: { value: s.bias },
    },
    outRank: 2,
    needs: [],
    module: (c, l) => `nn.Linear(${c('in_features')}, ${c('out_features')}${kw(c, l, 'bias', 'bias', true)})`,
    input: r[0] === 4 ? (v) => `torch.flatten(${v}, 1)` : undefined,
  };
};

const batchnorm: PyOp<Extract<OpSpec, { op: 'batchnorm' }>> = (_s, node, r) => ({
  type: `batchnorm|${r[0]}`,
  slots: { num_features: { value: node.inShapes[0].c, channels: true } },
  outRank: r[0],
  needs: [],
  module: (c) => `nn.BatchNorm${r[0] === 4 ? '2d' : '1d'}(${c('num_features')})`,
});

/** PyTorch's module for each activation (nn.Hardsigmoid is relu6(x + 3) / 6, convcost's hard_sigmoid). */
export const ACTIVATION_MODULES: Record<string, string> = {
  relu: 'nn.ReLU()',
  relu6: 'nn.ReLU6()',
  leaky_relu: `nn.LeakyReLU(${LEAKY_ALPHA})`,
  sigmoid: 'nn.Sigmoid()',
  tanh: 'nn.Tanh()',
  swish: 'nn.SiLU()',
  hard_sigmoid: 'nn.Hardsigmoid()',
  hard_swish: 'nn.Hardswish()',
  linear: 'nn.Identity()',
};

const activation: PyOp<Extract<OpSpec, { op: 'activation' }>> = (s, _node, r) => ({
  type: `activation|${r[0]}`,
  slots: { fn: { value: s.fn } },
  outRank: r[0],
  needs: [],
  // A fixed function is its module; one that differs between blocks goes through activation().
  module: (c, l) => {
    const fn = l('fn');
    return typeof fn === 'string' ? ACTIVATION_MODULES[fn] : `activation(${c('fn')})`;
  },
});

const pool: PyOp<Extract<OpSpec, { op: 'pool' }>> = (s, _node, r) => ({
  type: `pool|${r[0]}|${s.mode}`,
  slots: {
    kernel_size: { value: pairLit(s.kernel) },
    stride: { value: pairLit(s.stride) },
    padding: { value: paddingLit(s.padding) },
  },
  outRank: 4,
  needs: ['pool2d'],
  module: (c, l) =>
    `pool2d('${s.mode}', ${c('kernel_size')}${kw(c, l, 'stride', 'stride', l('kernel_size') ?? null)}${kw(c, l, 'padding', 'padding', 'valid')})`,
  input: needs4(r),
});

const globalpool: PyOp<Extract<OpSpec, { op: 'globalpool' }>> = (s, _node, r) => ({
  type: `globalpool|${r[0]}|${s.mode}`,
  slots: {},
  outRank: 4,
  needs: [],
  module: () => (s.mode === 'max' ? 'nn.AdaptiveMaxPool2d(1)' : 'nn.AdaptiveAvgPool2d(1)'),
  input: needs4(r),
});

/** Inputs of a merge at one rank (4-D if any is). */
const merged = (ins: string[], r: Rank[]) => {
  const four = r.some((x) => x === 4);
  return ins.map((x, i) => (four && r[i] === 2 ? to4(x) : x));
};
const mergedRank = (r: Rank[]): Rank => (r.some((x) => x === 4) ? 4 : 2);

const add: PyOp<Extract<OpSpec, { op: 'add' }>> = (_s, _node, r) => ({
  type: `add|${r.join('')}`,
  slots: {},
  outRank: mergedRank(r),
  needs: [],
  expr: (ins) =>
    ins.length === 1 && ins[0].startsWith('*') ? `sum(${ins[0].slice(1)})` : merged(ins, r).join(' + '),
});

const concat: PyOp<Extract<OpSpec, { op: 'concat' }>> = (_s, _node, r) => ({
  type: `concat|${r.join('')}`,
  slots: {},
  outRank: mergedRank(r),
  needs: [],
  expr: (ins) =>
    ins.length === 1 && ins[0].startsWith('*')
      ? `torch.cat(${ins[0].slice(1)}, 1)`
      : `torch.cat([${merged(ins, r).join(', ')}], 1)`,
});

/** x times a per-channel scale s (N, C) or (N, C, 1, 1): squeeze-and-excitation. */
const multiply: PyOp<Extract<OpSpec, { op: 'multiply' }>> = (_s, _node, r) => ({
  type: `multiply|${r.join('')}`,
  slots: {},
  outRank: r[0],
  needs: [],
  expr: ([x, s]) => `${x} * ${r[0] === 4 && r[1] === 2 ? to4(s) : s}`,
});

const shuffle: PyOp<Extract<OpSpec, { op: 'shuffle' }>> = (s, _node, r) => ({
  type: `shuffle|${r[0]}`,
  slots: { groups: { value: s.groups } },
  outRank: r[0],
  needs: ['channel_shuffle'],
  expr: ([x], c) => `channel_shuffle(${x}, ${c('groups')})`,
});

const slice: PyOp<Extract<OpSpec, { op: 'slice' }>> = (s, _node, r) => ({
  type: `slice|${r[0]}`,
  slots: { start: { value: s.start }, end: { value: s.start + s.size } },
  outRank: r[0],
  needs: [],
  expr: ([x], c) => `${x}[:, ${c('start')}:${c('end')}]`,
});

const flatten: PyOp<Extract<OpSpec, { op: 'flatten' }>> = (_s, _node, r) => ({
  type: `flatten|${r[0]}`,
  slots: {},
  outRank: 2,
  needs: [],
  expr: ([x]) => (r[0] === 4 ? `torch.flatten(${x}, 1)` : x),
});

const padshortcut: PyOp<Extract<OpSpec, { op: 'padshortcut' }>> = (s, _node, r) => ({
  type: `padshortcut|${r[0]}`,
  slots: { stride: { value: s.stride }, channels: { value: s.channels, channels: true } },
  outRank: 4,
  needs: ['pad_shortcut'],
  expr: ([x], c) => `pad_shortcut(${r[0] === 2 ? to4(x) : x}, ${c('stride')}, ${c('channels')})`,
});

const crop: PyOp<Extract<OpSpec, { op: 'crop' }>> = (s, _node, r) => ({
  type: `crop|${r[0]}`,
  slots: {
    top: { value: s.top },
    bottom: { value: s.top + s.h },
    left: { value: s.left },
    right: { value: s.left + s.w },
  },
  outRank: 4,
  needs: [],
  expr: ([x], c) =>
    `${r[0] === 2 ? to4(x) : x}[:, :, ${c('top')}:${c('bottom')}, ${c('left')}:${c('right')}]`,
});

const unsupported: PyOp<Extract<OpSpec, { op: 'unsupported' }>> = (s, node) => {
  // prepareExport refuses these first; this is the type-complete table's entry.
  throw new Error(`${node.name}: "${s.type}" has no cost model, so it cannot be exported`);
};

/** Complete by type, like OP_HANDLERS: an op kind without a PyTorch writer does not compile. */
export const PY_OPS: { [K in OpKind]: PyOp<Extract<OpSpec, { op: K }>> } = {
  conv2d,
  hetconv,
  convtranspose,
  dense,
  batchnorm,
  activation,
  pool,
  globalpool,
  add,
  concat,
  multiply,
  shuffle,
  slice,
  flatten,
  padshortcut,
  crop,
  unsupported,
};

export function planOp(node: OpNode, inRanks: Rank[]): PyOpPlan {
  return (PY_OPS[node.spec.op] as PyOp<OpSpec>)(node.spec, node, inRanks);
}
