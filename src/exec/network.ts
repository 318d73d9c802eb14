/**
 * A design's primitive-op graph made executable: every op built by its OP_BUILDERS entry with
 * deterministic weights, run in graph order with intermediates freed as soon as their last reader
 * has run. Blocks can be run on their own (for timing) from random inputs of the right shape.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OpNode, OpSpec, Shape } from '../core/index.ts';
import type { BuiltGraph } from '../design/analyze.ts';
import { ExecError } from './errors.ts';
import { OP_BUILDERS } from './ops/index.ts';
import type { BuildCtx, BuiltOp, BuiltTensor, Init, OpBuilder } from './ops/types.ts';
import { declSize, opTensors, seededValues } from './params.ts';
import { hashSeed, heUniform, uniform } from './rng.ts';
import type { RunOptions } from './types.ts';

export interface ExecOp {
  node: OpNode;
  built: BuiltOp;
  tensors: BuiltTensor[];
  /** Elements of the tensors the op created as parameters / buffers. */
  params: number;
  buffers: number;
}

export const shapeArray = (s: Shape): number[] => [s.n, s.h, s.w, s.c];

export { ExecError } from './errors.ts';

function values(seed: number, count: number, init: Init): Float32Array {
  return init.kind === 'he' ? heUniform(seed, count, init.fanIn) : uniform(seed, count, init.lo, init.hi);
}

/** Supplies given values for some of an op's parameters/buffers (by tensor name), e.g. to test equivalences. */
export type WeightSource = (name: string, shape: readonly number[]) => Float32Array | undefined;

/** Builds one op: creates (and records) its tensors and returns its runner. */
export function buildOp(node: OpNode, options: RunOptions, weights?: WeightSource): ExecOp {
  const builder = OP_BUILDERS[node.spec.op] as OpBuilder<OpSpec> | undefined;
  if (!builder) throw new ExecError(`${node.name}: op "${node.spec.op}" has no TensorFlow.js builder`);
  const tensors: BuiltTensor[] = [];
  const make = (role: 'param' | 'buffer') => (name: string, shape: number[], init: Init) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const given = weights?.(name, shape);
    if (given && given.length !== count)
      throw new ExecError(`${node.name}: ${name} needs ${count} values, got ${given.length}`);
    const data = given ?? values(hashSeed(options.seed, node.id, node.name, name), count, init);
    const t = tf.keep(tf.tensor(data, shape));
    tensors.push({ name, role, tensor: t });
    return t;
  };
  const decls = opTensors(node);
  const ctx: BuildCtx = {
    node,
    options,
    param: make('param'),
    buffer: make('buffer'),
    declared: (name, shape) => {
      const d = decls.find((t) => t.name === name);
      if (!d) throw new ExecError(`${node.name}: op "${node.spec.op}" declares no tensor "${name}"`);
      const dims = shape ?? d.shape;
      if (dims.reduce((a, b) => a * b, 1) !== declSize(d))
        throw new ExecError(`${node.name}: ${name} viewed as [${dims.join(', ')}] has the wrong size`);
      const given = weights?.(name, dims);
      if (given && given.length !== declSize(d))
        throw new ExecError(`${node.name}: ${name} needs ${declSize(d)} values, got ${given.length}`);
      const t = tf.keep(tf.tensor(given ?? seededValues(options.seed, node, d), dims));
      tensors.push({ name, role: d.role, tensor: t });
      return t;
    },
    derived: (name, tensor) => {
      tf.keep(tensor);
      tensors.push({ name, role: 'derived', tensor });
      return tensor;
    },
  };
  let built: BuiltOp;
  // A scope frees the temporaries of the builder; parameters and derived tensors are kept.
  tf.engine().startScope();
  try {
    built = builder(node.spec, ctx);
  } catch (e) {
    for (const t of tensors) t.tensor.dispose();
    throw e instanceof ExecError
      ? e
      : new ExecError(`${node.name}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    tf.engine().endScope();
  }
  let params = 0;
  let buffers = 0;
  for (const t of tensors) {
    if (t.role === 'param') params += t.tensor.size;
    else if (t.role === 'buffer') buffers += t.tensor.size;
  }
  return { node, built, tensors, params, buffers };
}

/** Runs one op inside tf.tidy; the output is always a tensor of its own (never an input object). */
export function runOp(op: ExecOp, inputs: readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const y = op.built.run(inputs);
    return inputs.includes(y) ? tf.clone(y) : y;
  });
}

export function disposeOp(op: ExecOp): void {
  for (const t of op.tensors) t.tensor.dispose();
}

/** A random input of a shape, deterministic in the seed. */
export function randomInput(shape: readonly number[], seed: number): tf.Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(uniform(seed, count, -1, 1), [...shape]);
}

export interface BlockRange {
  first: number;
  count: number;
  /** Node ids outside the block that its ops read (-1 = the network input). */
  externals: number[];
}

export class ExecNetwork {
  readonly ops: ExecOp[] = [];
  readonly blocks: BlockRange[];

  private constructor(
    readonly graph: BuiltGraph,
    readonly options: RunOptions,
  ) {
    this.blocks = graph.blocks.map(() => ({ first: 0, count: 0, externals: [] }));
    graph.nodes.forEach((n, k) => {
      const b = this.blocks[n.block];
      if (b.count === 0) b.first = k;
      b.count++;
      for (const i of n.inputs)
        if ((i < 0 || graph.nodes[i].block !== n.block) && !b.externals.includes(i)) b.externals.push(i);
    });
  }

  /** Builds every op; `onOp` reports progress. Frees what was built if one op fails. */
  static async build(
    graph: BuiltGraph,
    options: RunOptions,
    onOp?: (done: number, total: number) => void | Promise<void>,
  ): Promise<ExecNetwork> {
    const net = new ExecNetwork(graph, options);
    try {
      for (const n of graph.nodes) {
        net.ops.push(buildOp(n, options));
        await onOp?.(net.ops.length, graph.nodes.length);
      }
    } catch (e) {
      net.dispose();
      throw e;
    }
    return net;
  }

  /** Shape of the tensor a node id stands for (-1 = the network input). */
  shapeOf(id: number): number[] {
    return shapeArray(id < 0 ? this.graph.input : this.graph.nodes[id].cost.out);
  }

  /**
   * Runs ops [first, first + count) with `externals` giving the tensors they read from outside.
   * Returns the last op's output; everything else created is freed. `onOp` sees each op's output
   * (before it may be freed) and its run time in ms.
   */
  runRange(
    first: number,
    count: number,
    externals: ReadonlyMap<number, tf.Tensor>,
    onOp?: (k: number, y: tf.Tensor, ms: number) => void,
  ): tf.Tensor {
    if (count === 0) {
      const only = [...externals.values()][0];
      return tf.clone(only);
    }
    const end = first + count;
    const lastUse = new Map<number, number>();
    for (let k = first; k < end; k++) for (const i of this.graph.nodes[k].inputs) lastUse.set(i, k);
    const live = new Map<number, tf.Tensor>();
    let out: tf.Tensor | undefined;
    for (let k = first; k < end; k++) {
      const op = this.ops[k];
      const inputs = op.node.inputs.map((i) => {
        const t = live.get(i) ?? externals.get(i);
        if (!t) throw new ExecError(`${op.node.name}: input ${i} is not available`);
        return t;
      });
      const t0 = performance.now();
      const y = runOp(op, inputs);
      const ms = performance.now() - t0;
      onOp?.(k, y, ms);
      live.set(k, y);
      for (const i of new Set(op.node.inputs)) {
        if (lastUse.get(i) === k && live.has(i)) {
          live.get(i)!.dispose();
          live.delete(i);
        }
      }
      if (k === end - 1) out = y;
    }
    for (const [k, t] of live) if (t !== out && k !== end - 1) t.dispose();
    return out!;
  }

  /** The whole design on `input`. */
  forward(input: tf.Tensor, onOp?: (k: number, y: tf.Tensor, ms: number) => void): tf.Tensor {
    return this.runRange(0, this.ops.length, new Map([[-1, input]]), onOp);
  }

  /** Block `b` on the given external tensors. */
  runBlock(
    b: number,
    externals: ReadonlyMap<number, tf.Tensor>,
    onOp?: (k: number, y: tf.Tensor, ms: number) => void,
  ) {
    const r = this.blocks[b];
    return this.runRange(r.first, r.count, externals, onOp);
  }

  /** Random tensors for the block's external inputs, deterministic in the seed. */
  blockInputs(b: number, seed = this.options.seed): Map<number, tf.Tensor> {
    const m = new Map<number, tf.Tensor>();
    for (const id of this.blocks[b].externals)
      m.set(id, randomInput(this.shapeOf(id), hashSeed(seed, 'input', b, id)));
    if (m.size === 0) {
      const prev =
        b > 0 && this.blocks[b - 1].count > 0 ? this.blocks[b - 1].first + this.blocks[b - 1].count - 1 : -1;
      m.set(prev, randomInput(this.shapeOf(prev), hashSeed(seed, 'input', b)));
    }
    return m;
  }

  dispose(): void {
    for (const op of this.ops) disposeOp(op);
    this.ops.length = 0;
  }
}
