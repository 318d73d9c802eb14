/**
 * The tensors every primitive op owns (weights, biases, BN state), with their TensorFlow.js shape
 * and the distribution of their seeded values. Pure TypeScript: the TensorFlow.js builders create
 * their tensors from this table, and the ONNX export writes the very same numbers (transposed to
 * ONNX's layout), so both runtimes can run one network on one set of weights.
 */
import type { OpKind, OpNode, OpSpec } from '../core/index.ts';
import { hashSeed, heUniform, uniform } from './rng.ts';

/** BatchNorm's epsilon in every runtime convcost runs or writes (PyTorch's default too). */
export const BN_EPSILON = 1e-5;

/** LeakyReLU slope (EffNet's revised block uses leaky ReLU; 0.1 is a common choice). */
export const LEAKY_ALPHA = 0.1;

export type Init =
  /** He-uniform: ±sqrt(6 / fanIn). */
  { kind: 'he'; fanIn: number } | { kind: 'uniform'; lo: number; hi: number };

/** Trainable parameters (weights, bias, BN gamma/beta) or buffers (BN running mean/var). */
export type DeclRole = 'param' | 'buffer';

export interface TensorDecl {
  name: string;
  /** TensorFlow.js layout (channels last: a conv kernel is [kh, kw, C_in / G, C_out]). */
  shape: number[];
  init: Init;
  role: DeclRole;
}

const BIAS_INIT: Init = { kind: 'uniform', lo: -0.1, hi: 0.1 };
const bias = (n: number): TensorDecl => ({ name: 'bias', shape: [n], init: BIAS_INIT, role: 'param' });

type Declarer<S extends OpSpec> = (s: S, node: OpNode) => TensorDecl[];
const none = () => [];

/** One entry per op kind, like OP_HANDLERS: an op kind without an entry does not compile. */
export const OP_TENSORS: { [K in OpKind]: Declarer<Extract<OpSpec, { op: K }>> } = {
  conv2d: (s, node) => {
    const mg = node.inShapes[0].c / s.groups;
    const [kh, kw] = s.kernel;
    return [
      {
        name: 'kernel',
        shape: [kh, kw, mg, s.filters],
        init: { kind: 'he', fanIn: mg * kh * kw },
        role: 'param',
      },
      ...(s.bias ? [bias(s.filters)] : []),
    ];
  },
  hetconv: (s, node) => {
    const M = node.inShapes[0].c;
    const big = M / s.part;
    const small = M - big;
    const [kh, kw] = s.kernel;
    const init: Init = { kind: 'he', fanIn: big * kh * kw + small };
    return [
      { name: 'kernel_kxk', shape: [kh, kw, big, s.filters], init, role: 'param' },
      ...(small > 0 ? [{ name: 'kernel_1x1', shape: [small, s.filters], init, role: 'param' as const }] : []),
      ...(s.bias ? [bias(s.filters)] : []),
    ];
  },
  convtranspose: (s, node) => {
    const M = node.inShapes[0].c;
    const [kh, kw] = s.kernel;
    return [
      {
        name: 'kernel',
        shape: [kh, kw, s.filters / s.groups, M],
        init: { kind: 'he', fanIn: (M / s.groups) * kh * kw },
        role: 'param',
      },
      ...(s.bias ? [bias(s.filters)] : []),
    ];
  },
  dense: (s, node) => {
    const x = node.inShapes[0];
    const features = x.h * x.w * x.c;
    return [
      { name: 'kernel', shape: [features, s.units], init: { kind: 'he', fanIn: features }, role: 'param' },
      ...(s.bias ? [bias(s.units)] : []),
    ];
  },
  batchnorm: (_s, node) => {
    const c = node.inShapes[0].c;
    return [
      { name: 'gamma', shape: [c], init: { kind: 'uniform', lo: 0.5, hi: 1.5 }, role: 'param' },
      { name: 'beta', shape: [c], init: { kind: 'uniform', lo: -0.2, hi: 0.2 }, role: 'param' },
      { name: 'running_mean', shape: [c], init: { kind: 'uniform', lo: -0.2, hi: 0.2 }, role: 'buffer' },
      { name: 'running_var', shape: [c], init: { kind: 'uniform', lo: 0.5, hi: 1.5 }, role: 'buffer' },
    ];
  },
  activation: none,
  pool: none,
  globalpool: none,
  add: none,
  concat: none,
  multiply: none,
  shuffle: none,
  slice: none,
  flatten: none,
  padshortcut: none,
  crop: none,
  unsupported: none,
};

/** The tensors of one op, in the order its builder creates them. */
export function opTensors(node: OpNode): TensorDecl[] {
  return (OP_TENSORS[node.spec.op] as Declarer<OpSpec>)(node.spec, node);
}

/** Elements of a declared tensor: the product of its shape. */
export const declSize = (d: TensorDecl): number => d.shape.reduce((a, b) => a * b, 1);

/**
 * The seeded values of one tensor: stream hashSeed(seed, op id, op name, tensor name), drawn from
 * the tensor's distribution, in TensorFlow.js's (row-major, channels-last) order.
 */
export function seededValues(seed: number, node: OpNode, d: TensorDecl): Float32Array {
  const s = hashSeed(seed, node.id, node.name, d.name);
  const count = declSize(d);
  return d.init.kind === 'he' ? heUniform(s, count, d.init.fanIn) : uniform(s, count, d.init.lo, d.init.hi);
}
