import { ImportError, NeedsInputError, quote } from '../errors.ts';
import type { DType, IrAttr, IrGraph, IrNode, IrTensor, Layout } from '../ir.ts';
import { isTensorAttr, keepsValues, numel } from '../ir.ts';

/** A value whose shape is known: its dims, dtype and, for small tensors computed from constants, its values. */
export interface TensorInfo {
  readonly dims: readonly number[];
  readonly dtype: DType;
  readonly values?: readonly number[];
}

export interface Inferred {
  /** Every value whose shape could be inferred: graph inputs, constants and node outputs. */
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  /** Values whose shape is unknown, with the reason (an op with no shape rule, a data-dependent size). */
  readonly unknown: ReadonlyMap<string, string>;
  /** The dims each graph input was given. */
  readonly inputs: ReadonlyMap<string, readonly number[]>;
}

/** Raised by a shape rule: the node's inputs do not fit together. The engine adds which node. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export function shapeFail(message: string): never {
  throw new ShapeError(message);
}

/** What a shape rule sees of its node. */
export class NodeCtx {
  constructor(
    readonly node: IrNode,
    readonly opset: number,
    readonly layout: Layout,
    private readonly known: ReadonlyMap<string, TensorInfo>,
  ) {}

  get inputCount(): number {
    return this.node.inputs.length;
  }

  /** Input i, or undefined when it is omitted; throws when it is given but unknown (the engine checks first). */
  input(i: number): TensorInfo | undefined {
    const name = this.node.inputs[i];
    if (!name) return undefined;
    return this.known.get(name);
  }

  /** Input i, which the op requires. */
  need(i: number, what = `input ${i + 1}`): TensorInfo {
    const t = this.input(i);
    if (!t) shapeFail(`${what} is missing`);
    return t;
  }

  /** The values of input i when they are known (a constant or a folded shape computation). */
  values(i: number): readonly number[] | undefined {
    return this.input(i)?.values;
  }

  has(name: string): boolean {
    return this.node.attrs[name] !== undefined;
  }

  int(name: string, dflt: number): number {
    const a = this.node.attrs[name];
    if (a === undefined) return dflt;
    if (typeof a !== 'number' || !Number.isFinite(a)) shapeFail(`attribute ${name} must be a number`);
    return Math.trunc(a);
  }

  float(name: string, dflt: number): number {
    const a = this.node.attrs[name];
    if (a === undefined) return dflt;
    if (typeof a !== 'number') shapeFail(`attribute ${name} must be a number`);
    return a;
  }

  ints(name: string): readonly number[] | undefined {
    const a = this.node.attrs[name];
    if (a === undefined) return undefined;
    if (typeof a === 'number') return [Math.trunc(a)];
    if (!Array.isArray(a) || !a.every((x) => typeof x === 'number' && Number.isFinite(x)))
      shapeFail(`attribute ${name} must be a list of integers`);
    return (a as number[]).map(Math.trunc);
  }

  floats(name: string): readonly number[] | undefined {
    const a = this.node.attrs[name];
    if (a === undefined) return undefined;
    if (typeof a === 'number') return [a];
    if (!Array.isArray(a) || !a.every((x) => typeof x === 'number'))
      shapeFail(`attribute ${name} must be a list of numbers`);
    return a as number[];
  }

  string(name: string, dflt: string): string {
    const a = this.node.attrs[name];
    if (a === undefined) return dflt;
    if (typeof a !== 'string') shapeFail(`attribute ${name} must be text`);
    return a;
  }

  tensor(name: string): IrTensor | undefined {
    const a: IrAttr | undefined = this.node.attrs[name];
    return isTensorAttr(a) ? a.tensor : undefined;
  }
}

/**
 * A shape rule: the output tensors of one node from its inputs, or undefined for an output whose
 * shape depends on data (or an op without a rule). Throws ShapeError when the inputs do not fit.
 */
export type ShapeRule = (c: NodeCtx) => readonly (TensorInfo | undefined)[];

export interface InferOptions {
  /** Dims for graph inputs, by name; a single unnamed entry ("") applies to the only input. */
  inputs?: ReadonlyMap<string, readonly number[]>;
}

const MAX_DIM = 2 ** 31;
const MAX_ELEMENTS = 2 ** 40;

function checkDims(dims: readonly number[], where: string): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d > MAX_DIM)
      shapeFail(`${where} would have an impossible size ${d}`);
  }
  if (numel(dims) > MAX_ELEMENTS) shapeFail(`${where} would have ${numel(dims).toExponential(2)} elements`);
}

/** A graph input's dims: the user's, or the file's when every one is a size. Dynamic dims need the user. */
export function resolveInputDims(g: IrGraph, opts: InferOptions): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  const given = opts.inputs ?? new Map();
  for (const [name] of given) {
    if (name && !g.inputs.some((v) => v.name === name))
      throw new ImportError(
        `--input names ${quote(name)}, which is not a graph input (${g.inputs.map((v) => quote(v.name)).join(', ')})`,
        g.format,
      );
  }
  const unnamed = given.get('');
  if (unnamed && g.inputs.length > 1)
    throw new ImportError(
      `the model has ${g.inputs.length} inputs (${g.inputs.map((v) => quote(v.name)).join(', ')}): name the one each shape is for`,
      g.format,
    );
  for (const v of g.inputs) {
    const user = given.get(v.name) ?? unnamed;
    const dims = v.dims;
    const show = () => `[${(dims ?? []).map((d) => (typeof d === 'number' ? d : d || '?')).join(', ')}]`;
    if (user) {
      if (dims && dims.length !== user.length)
        throw new ImportError(
          `input ${quote(v.name)} has ${dims.length} dimensions ${show()}; the shape given has ${user.length}`,
          g.format,
        );
      dims?.forEach((d, i) => {
        if (typeof d === 'number' && d !== user[i])
          throw new ImportError(
            `input ${quote(v.name)} has dimension ${i + 1} fixed to ${d} in the file ${show()}; the shape given says ${user[i]}`,
            g.format,
          );
      });
      out.set(v.name, user);
      continue;
    }
    if (!dims)
      throw new NeedsInputError(
        `input ${quote(v.name)} has no declared shape: give it (e.g. --input 1x3x224x224)`,
        g.format,
        v.name,
        [],
        '1x3x224x224',
      );
    // A dynamic batch alone is taken as 1 (the design's batch setting scales it); any other dynamic dim needs the user.
    const resolved = dims.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : undefined));
    if (resolved.some((d) => d === undefined)) {
      const example = dims.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : 224)).join('x');
      throw new NeedsInputError(
        `input ${quote(v.name)} has dynamic dimensions ${show()}: give the input shape (e.g. --input ${example})`,
        g.format,
        v.name,
        dims,
        example,
      );
    }
    out.set(v.name, resolved as number[]);
  }
  return out;
}

/**
 * Infers the shape of every value of the graph from its inputs' dims, node by node, with
 * constant folding of small tensors (Shape, Gather, Concat, arithmetic...) so that computed
 * Reshape targets and Slice bounds are known. An op without a rule, or whose output size depends
 * on data, leaves its outputs unknown (with the reason) and everything downstream of them too,
 * unless the file declares their shape. Inputs that do not fit together raise an ImportError
 * naming the node.
 */
export function inferShapes(
  g: IrGraph,
  rules: Readonly<Record<string, ShapeRule>>,
  opts: InferOptions = {},
): Inferred {
  const known = new Map<string, TensorInfo>();
  const unknown = new Map<string, string>();
  for (const [name, t] of g.constants) known.set(name, t);
  const inputs = resolveInputDims(g, opts);
  for (const v of g.inputs) known.set(v.name, { dims: inputs.get(v.name)!, dtype: v.dtype });
  const declared = (name: string): TensorInfo | undefined => {
    const v = g.valueInfo.get(name);
    if (!v?.dims?.every((d) => typeof d === 'number')) return undefined;
    return { dims: v.dims as number[], dtype: v.dtype };
  };
  for (const node of g.nodes) {
    const where = `node ${quote(node.name)} (${node.op})`;
    const missing = node.inputs.find((x) => x && !known.has(x));
    let outs: readonly (TensorInfo | undefined)[] | undefined;
    let why: string | undefined;
    const rule = node.domain === '' || node.domain === 'ai.onnx' ? rules[node.op] : undefined;
    if (missing) why = unknown.get(missing) ?? `its input ${quote(missing)} has an unknown shape`;
    else if (!rule) why = `${node.domain ? `${node.domain}.` : ''}${node.op} has no shape rule in convcost`;
    else {
      try {
        outs = rule(new NodeCtx(node, g.opset, g.layout, known));
        outs.forEach((t, i) => {
          if (t && node.outputs[i]) checkDims(t.dims, `output ${i + 1}`);
        });
      } catch (e) {
        if (e instanceof ShapeError) throw new ImportError(`${where}: ${e.message}`, g.format);
        throw e;
      }
      why = `${node.op} output sizes depend on the data`;
    }
    node.outputs.forEach((o, i) => {
      if (!o) return;
      let t = outs?.[i];
      if (t?.values && !keepsValues(t.dtype, t.values.length)) t = { dims: t.dims, dtype: t.dtype };
      t ??= declared(o);
      if (t) known.set(o, t);
      else unknown.set(o, missing ? why! : `${where}: ${why}`);
    });
  }
  return { tensors: known, unknown, inputs };
}
