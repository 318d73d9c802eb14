import type { ActivationFn } from './convention.ts';
import { CostError } from './errors.ts';
import { type OpCost, type OpSpec, opCost } from './ops/index.ts';
import { type Padding, type Pair, pair, type Shape } from './shape.ts';

/** A tensor while a graph is being built: the node that produced it (-1 = network input) and its shape. */
export interface TensorRef {
  readonly id: number;
  readonly shape: Shape;
}

export interface OpNode {
  readonly id: number;
  /** Short name inside its block, e.g. "conv1", "bn1", "dw". */
  readonly name: string;
  readonly spec: OpSpec;
  readonly inputs: readonly number[];
  readonly inShapes: readonly Shape[];
  /** Index of the block that created this node. */
  readonly block: number;
  readonly cost: OpCost;
  /** Why this op is there or how it is built, shown beside its row. */
  readonly note?: string;
}

/** Shared [v, v] pairs for small integers, so the defaults of every conv do not allocate (specs never mutate them). */
const SMALL_PAIRS: Pair[] = Array.from({ length: 17 }, (_, v) => [v, v] as const);
const pairOf = (v: number | Pair): Pair =>
  typeof v === 'number' ? (v >= 0 && v <= 16 && Number.isInteger(v) ? SMALL_PAIRS[v] : [v, v]) : v;

export interface ConvArgs {
  filters: number;
  kernel?: number | Pair;
  stride?: number | Pair;
  padding?: Padding;
  dilation?: number | Pair;
  groups?: number;
  bias?: boolean;
}

/**
 * Builds the primitive-op graph of a design. Shapes and costs are computed as each op is added,
 * so a block's expansion can read the shapes it produced; an impossible setting throws a
 * CostError at the op that cannot be built.
 */
export class GraphBuilder {
  readonly nodes: OpNode[] = [];
  block = 0;
  readonly input: TensorRef;

  constructor(readonly inputShape: Shape) {
    this.input = { id: -1, shape: inputShape };
  }

  op(spec: OpSpec, inputs: readonly TensorRef[], name: string, note?: string): TensorRef {
    const inShapes = inputs.map((t) => t.shape);
    let cost: OpCost;
    try {
      cost = opCost(inShapes, spec);
    } catch (e) {
      if (e instanceof CostError) throw new CostError(`${name}: ${e.message}`, e.field, e.value);
      throw e;
    }
    const id = this.nodes.length;
    this.nodes.push({
      id,
      name,
      spec,
      inputs: inputs.map((t) => t.id),
      inShapes,
      block: this.block,
      cost,
      note,
    });
    return { id, shape: cost.out };
  }

  conv(x: TensorRef, a: ConvArgs, name = 'conv', note?: string): TensorRef {
    return this.op(
      {
        op: 'conv2d',
        filters: a.filters,
        kernel: pairOf(a.kernel ?? 1),
        stride: pairOf(a.stride ?? 1),
        padding: a.padding ?? 'same',
        dilation: pairOf(a.dilation ?? 1),
        groups: a.groups ?? 1,
        bias: a.bias ?? false,
      },
      [x],
      name,
      note,
    );
  }

  /** Depthwise conv: groups = C_in, C_out = C_in x multiplier. */
  depthwise(
    x: TensorRef,
    a: Omit<ConvArgs, 'filters' | 'groups'> & { multiplier?: number },
    name = 'dw',
  ): TensorRef {
    // conv()'s spec, built directly: spreading `a` into a new args object is slow when the
    // callers' argument objects come in many shapes (it was a third of the graph build time).
    return this.op(
      {
        op: 'conv2d',
        filters: x.shape.c * (a.multiplier ?? 1),
        kernel: pairOf(a.kernel ?? 1),
        stride: pairOf(a.stride ?? 1),
        padding: a.padding ?? 'same',
        dilation: pairOf(a.dilation ?? 1),
        groups: x.shape.c,
        bias: a.bias ?? false,
      },
      [x],
      name,
    );
  }

  bn(x: TensorRef, name = 'bn'): TensorRef {
    return this.op({ op: 'batchnorm' }, [x], name);
  }

  act(x: TensorRef, fn: ActivationFn | 'none', name?: string): TensorRef {
    if (fn === 'none' || fn === 'linear') return x;
    return this.op({ op: 'activation', fn }, [x], name ?? fn);
  }

  pool(
    x: TensorRef,
    mode: 'max' | 'avg',
    kernel: number | Pair,
    stride?: number | Pair,
    padding: Padding = 'valid',
    name?: string,
  ): TensorRef {
    return this.op(
      { op: 'pool', mode, kernel: pair(kernel), stride: pair(stride ?? kernel), padding },
      [x],
      name ?? `${mode}pool`,
    );
  }

  add(xs: readonly TensorRef[], name = 'add'): TensorRef {
    return this.op({ op: 'add' }, xs, name);
  }

  concat(xs: readonly TensorRef[], name = 'concat'): TensorRef {
    return this.op({ op: 'concat' }, xs, name);
  }

  shuffle(x: TensorRef, groups: number, name = 'shuffle'): TensorRef {
    return this.op({ op: 'shuffle', groups }, [x], name);
  }

  slice(x: TensorRef, start: number, size: number, name = 'slice'): TensorRef {
    return this.op({ op: 'slice', start, size }, [x], name);
  }
}
