import { ImportError, quote } from '../errors.ts';
import type { Inferred, TensorInfo } from '../infer/index.ts';
import type { DType, IrGraph, IrNode } from '../ir.ts';
import { numel } from '../ir.ts';
import { type Activation, activationAt, classifyActivation } from './patterns.ts';
import { channelAxis, type Nhwc, sameShape, spatialOf, toNhwc } from './shapes.ts';

/**
 * Maps an intermediate graph (with its inferred shapes) to a convcost design (format version 2:
 * blocks with `inputs`, the design's `outputs`). Exact patterns become the blocks transforms
 * work on: Conv (+ BatchNormalization) (+ activation) is one `conv` block, with a zero Pad
 * before it folded into its padding; GlobalAveragePool -> 1x1 conv -> act -> 1x1 conv -> gate ->
 * Mul is an `se` block; Reshape -> Transpose -> Reshape is a `shuffle`. Every other data op is
 * its own primitive block; an op convcost has no cost model for is an `unsupported` block with
 * its inferred output shape, and ops after a shape that cannot be inferred are left out and
 * listed. Ops that only compute shapes (Shape, Gather on shapes, constants) are not blocks.
 */

export interface DesignBlock {
  id: string;
  kind: string;
  name?: string;
  inputs?: string[];
  params: Record<string, unknown>;
}

export interface DesignDocument {
  version: 2;
  name: string;
  input: { h: number; w: number; c: number };
  batch: number;
  blocks: DesignBlock[];
  outputs?: string[];
}

export interface ImportSummary {
  format: IrGraph['format'];
  producer: string;
  /** ONNX operator set (0 for other formats). */
  opset: number;
  /** Ops in the file (after Constant nodes became constants). */
  ops: number;
  blocks: number;
  /** Ops convcost has no cost model for, by type: each is a 0-cost block, so totals are a lower bound. */
  unsupported: { type: string; count: number; blocks: string[] }[];
  /** Ops left out because a shape before them could not be inferred (with the first reason). */
  dropped: { count: number; reason: string } | undefined;
  /** Precision the weights are stored at, when it is not fp32 (int8 quantized, fp16). */
  precision?: 'fp16' | 'int8';
  notes: string[];
}

export interface ImportResult {
  design: DesignDocument;
  summary: ImportSummary;
  /** Each block's output shape as inferred from the file, to check convcost's own against. */
  shapes: Record<string, Nhwc>;
}

const INPUT_ID = 'input';
const MAX_ID = 64;

/** The ops that pass data through unchanged (for costs). */
const ALIASES = new Set([
  'Identity',
  'Dropout',
  'Cast',
  'CastLike',
  'QuantizeLinear',
  'DequantizeLinear',
  'Squeeze',
  'Unsqueeze',
  'Flatten',
  'Reshape',
]);
/** Ops whose output describes a tensor rather than holding data. */
const METADATA = new Set(['Shape', 'Size']);

interface Tensor {
  /** The block that produces it, or INPUT_ID. */
  block: string;
  shape: Nhwc;
}

interface Ctx {
  g: IrGraph;
  inf: Inferred;
  blocks: DesignBlock[];
  tensors: Map<string, Tensor>;
  consumers: Map<string, IrNode[]>;
  done: Set<IrNode>;
  ids: Set<string>;
  /** Zero Pads waiting for the conv they fold into: output -> [source, [t, b, l, r]]. */
  pads: Map<string, { src: string; pads: [number, number, number, number] }>;
  unsupported: Map<string, string[]>;
  notes: Set<string>;
  graphOutputs: Set<string>;
  shapes: Record<string, Nhwc>;
}

function freshId(ctx: Ctx, base: string): string {
  let stem =
    base
      .replace(/^[/:]+/, '')
      .replace(/[^A-Za-z0-9_.-]+/g, '_')
      .slice(0, MAX_ID - 6) || 'b';
  if (stem === INPUT_ID) stem = 'input_';
  if (!ctx.ids.has(stem)) {
    ctx.ids.add(stem);
    return stem;
  }
  for (let n = 2; ; n++) {
    const id = `${stem}-${n}`;
    if (!ctx.ids.has(id)) {
      ctx.ids.add(id);
      return id;
    }
  }
}

/** A readable block name: PyTorch names nodes "Conv_12" but its weights "layer1.0.conv1.weight". */
function nameOf(ctx: Ctx, node: IrNode): string {
  // PyTorch >= 1.13 scopes nodes by module: "/layer1/layer1.0/conv1/Conv" is module layer1.0.conv1.
  const scoped = /^\/(.+)\/[A-Za-z]+(_\d+)?$/.exec(node.name);
  if (scoped) {
    // A segment that extends the one before ("layer1" -> "layer1.0") replaces it; others nest.
    const path: string[] = [];
    for (const seg of scoped[1].split('/')) {
      if (path.length && seg.startsWith(`${path[path.length - 1]}.`)) path[path.length - 1] = seg;
      else path.push(seg);
    }
    return path.join('.').slice(0, 120);
  }
  const generic = /^[A-Za-z]+_\d+$/.test(node.name);
  const w = node.inputs[1];
  if (generic && w && ctx.g.constants.has(w) && !w.startsWith('onnx::') && /\.weight$/.test(w))
    return w.slice(0, -'.weight'.length);
  return node.name.slice(0, 120);
}

const info = (ctx: Ctx, v: string): TensorInfo | undefined => ctx.inf.tensors.get(v);
const isData = (ctx: Ctx, v: string) => ctx.tensors.has(v);
/** Values of a constant or folded input (never of data). */
const valuesOf = (ctx: Ctx, v: string | undefined): readonly number[] | undefined =>
  v && !isData(ctx, v) ? info(ctx, v)?.values : undefined;

/** The one node that reads v, when exactly one does and v is not a graph output. */
function single(ctx: Ctx, v: string): IrNode | undefined {
  const c = ctx.consumers.get(v);
  return c && c.length === 1 && !ctx.graphOutputs.has(v) && !ctx.done.has(c[0]) ? c[0] : undefined;
}

function shapeOf(ctx: Ctx, v: string): Nhwc | undefined {
  const t = info(ctx, v);
  return t ? toNhwc(t.dims, ctx.g.layout) : undefined;
}

function emit(
  ctx: Ctx,
  node: IrNode,
  kind: string,
  params: Record<string, unknown>,
  inputs: string[],
  out: string,
  name = nameOf(ctx, node),
): DesignBlock {
  const shape = shapeOf(ctx, out);
  if (!shape)
    throw new ImportError(
      `node ${quote(node.name)} (${node.op}): its output has no 4-D, 2-D or 3-D shape`,
      ctx.g.format,
    );
  const id = freshId(ctx, name);
  const ins = inputs.map((v) => ctx.tensors.get(v)!.block);
  const prev = ctx.blocks.length ? ctx.blocks[ctx.blocks.length - 1].id : INPUT_ID;
  const block: DesignBlock = {
    id,
    kind,
    name,
    ...(ins.length === 1 && ins[0] === prev ? {} : { inputs: ins }),
    params,
  };
  ctx.blocks.push(block);
  ctx.tensors.set(out, { block: id, shape });
  ctx.shapes[id] = shape;
  return block;
}

function unsupported(ctx: Ctx, node: IrNode, type: string, why?: string): void {
  const dataIns = node.inputs.filter((v) => v && isData(ctx, v));
  node.outputs.forEach((o, i) => {
    if (!o || !info(ctx, o)) return;
    const s = shapeOf(ctx, o);
    if (!s) return;
    const b = emit(
      ctx,
      node,
      'unsupported',
      { type, out: { h: s.h, w: s.w, c: s.c } },
      dataIns,
      o,
      i ? `${nameOf(ctx, node)}:${i}` : nameOf(ctx, node),
    );
    ctx.unsupported.set(type, [...(ctx.unsupported.get(type) ?? []), b.id]);
  });
  if (why) ctx.notes.add(why);
}

/** The [t, b, l, r] padding of a window op, or a convcost keyword. */
function paddingOf(
  node: IrNode,
  inShape: Nhwc,
  kernel: number[],
  stride: number[],
  dilation: number[],
): 'same' | 'valid' | [number, number, number, number] {
  const auto = typeof node.attrs.auto_pad === 'string' ? node.attrs.auto_pad : 'NOTSET';
  if (auto === 'VALID') return 'valid';
  if (auto === 'SAME_UPPER') return 'same';
  if (auto === 'SAME_LOWER') {
    const total = (i: number, size: number) =>
      Math.max((Math.ceil(size / stride[i]) - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1 - size, 0);
    const ph = total(0, inShape.h);
    const pw = total(1, inShape.w);
    return [Math.ceil(ph / 2), Math.floor(ph / 2), Math.ceil(pw / 2), Math.floor(pw / 2)];
  }
  const p = Array.isArray(node.attrs.pads) ? (node.attrs.pads as number[]) : [0, 0, 0, 0];
  // ONNX [top, left, bottom, right] -> convcost [top, bottom, left, right].
  return [p[0] ?? 0, p[2] ?? 0, p[1] ?? 0, p[3] ?? 0];
}

const compact = (p: 'same' | 'valid' | [number, number, number, number]) =>
  typeof p === 'string' ? p : p.every((v) => v === p[0]) ? p[0] : p;
const pairOf = (v: readonly number[]) => (v[0] === v[1] ? v[0] : [v[0], v[1]]);

function addPads(
  p: 'same' | 'valid' | [number, number, number, number],
  extra: [number, number, number, number],
): [number, number, number, number] | undefined {
  if (p === 'same') return undefined;
  const base = p === 'valid' ? [0, 0, 0, 0] : p;
  return [base[0] + extra[0], base[1] + extra[1], base[2] + extra[2], base[3] + extra[3]];
}

/** Conv [+ BN] [+ activation] as a `conv` block, or ConvTranspose as `conv-transpose`. */
function conv(ctx: Ctx, node: IrNode, transpose: boolean, quantized = false): void {
  const xi = quantized ? 0 : 0;
  const wi = quantized ? 3 : 1;
  const bi = quantized ? 8 : 2;
  let x = node.inputs[xi];
  const out = node.outputs[0];
  const xs = ctx.tensors.get(x)!.shape;
  const os = shapeOf(ctx, out);
  const w = node.inputs[wi] ? info(ctx, node.inputs[wi]) : undefined;
  if (!os) {
    unsupported(ctx, node, node.op);
    return;
  }
  if (w && isData(ctx, node.inputs[wi])) {
    unsupported(ctx, node, `${node.op} (weights computed at run time)`);
    return;
  }
  const kernel = (Array.isArray(node.attrs.kernel_shape)
    ? (node.attrs.kernel_shape as number[])
    : w?.dims.slice(2)) ?? [1, 1];
  if (kernel.length !== 2) {
    unsupported(ctx, node, `${node.op} ${kernel.length}-D`);
    return;
  }
  const stride = (node.attrs.strides as number[] | undefined) ?? [1, 1];
  const dilation = (node.attrs.dilations as number[] | undefined) ?? [1, 1];
  const bias = node.inputs[bi] ? true : node.attrs.bias === 1;
  let padding = paddingOf(node, xs, kernel, stride, dilation);
  const folded = ctx.pads.get(x);
  if (folded && !transpose) {
    const p = addPads(padding, folded.pads);
    if (p) {
      padding = p;
      x = folded.src;
      ctx.notes.add(
        'Pad ops before convs and pools are folded into their padding (zero pads, and -inf pads before a max pool)',
      );
    }
  }
  if (ctx.pads.has(node.inputs[xi]) && x === node.inputs[xi]) emitPad(ctx, node.inputs[xi]);
  let y = out;
  let bn = false;
  const next = single(ctx, y);
  if (
    next?.op === 'BatchNormalization' &&
    next.inputs[0] === y &&
    next.outputs.filter(Boolean).length === 1
  ) {
    bn = true;
    ctx.done.add(next);
    y = next.outputs[0];
  }
  const act = activationAt(ctx, y);
  if (act) {
    for (const n of act.nodes) ctx.done.add(n);
    y = act.out;
  }
  const groups = transpose
    ? typeof node.attrs.group === 'number'
      ? node.attrs.group
      : 1
    : groupsOf(node, xs, w);
  if (transpose) {
    emit(
      ctx,
      node,
      'conv-transpose',
      {
        filters: os.c,
        kernel: pairOf(kernel),
        stride: pairOf(stride),
        padding: compact(padding),
        outputPadding: pairOf((node.attrs.output_padding as number[] | undefined) ?? [0, 0]),
        groups,
        bias,
        bn,
        act: act?.fn ?? 'none',
      },
      [x],
      y,
    );
    checkTransposeShape(ctx, node, os);
    return;
  }
  emit(
    ctx,
    node,
    'conv',
    {
      filters: os.c,
      kernel: pairOf(kernel),
      stride: pairOf(stride),
      padding: compact(padding),
      dilation: pairOf(dilation),
      groups,
      bias,
      bn,
      act: act?.fn ?? 'none',
    },
    [x],
    y,
  );
}

/** ConvTranspose with an explicit output_shape can crop differently from its pads: check it. */
function checkTransposeShape(ctx: Ctx, node: IrNode, os: Nhwc): void {
  if (node.attrs.output_shape)
    ctx.notes.add(
      `ConvTranspose ${quote(node.name)} sets output_shape ${JSON.stringify(node.attrs.output_shape)}; convcost takes its padding from pads`,
    );
  void os;
}

function groupsOf(node: IrNode, xs: Nhwc, w: TensorInfo | undefined): number {
  if (node.attrs.depth_multiplier) return xs.c;
  const g = typeof node.attrs.group === 'number' ? node.attrs.group : 1;
  if (g === 0 && w) return xs.c / w.dims[1];
  return g;
}

/** A Pad that could not be folded is an op of its own (it copies the tensor). */
function emitPad(ctx: Ctx, padOut: string): void {
  const p = ctx.pads.get(padOut)!;
  ctx.pads.delete(padOut);
  const node = ctx.g.nodes.find((n) => n.outputs[0] === padOut)!;
  ctx.tensors.set(padOut, ctx.tensors.get(p.src)!);
  ctx.tensors.delete(padOut);
  unsupported(ctx, node, 'Pad');
}

function pad(ctx: Ctx, node: IrNode): void {
  const x = node.inputs[0];
  const out = node.outputs[0];
  const mode = typeof node.attrs.mode === 'string' ? node.attrs.mode : 'constant';
  const pads =
    ctx.g.opset >= 11 || node.attrs.pads === undefined
      ? valuesOf(ctx, node.inputs[1])
      : (node.attrs.pads as number[]);
  const value =
    valuesOf(ctx, node.inputs[2])?.[0] ?? (typeof node.attrs.value === 'number' ? node.attrs.value : 0);
  const dims = info(ctx, x)?.dims;
  const next = single(ctx, out);
  const window = next && ['Conv', 'ConvInteger', 'MaxPool', 'AveragePool'].includes(next.op);
  if (
    pads &&
    dims?.length === 4 &&
    mode === 'constant' &&
    // -inf before a max pool is the pool's own padding (PyTorch code pads that way for "same").
    (value === 0 || (value === Number.NEGATIVE_INFINITY && next?.op === 'MaxPool')) &&
    next &&
    window &&
    next.inputs[0] === out
  ) {
    const [ah, aw] = spatialOf(ctx.g.layout);
    const r = 4;
    const zeroElsewhere = pads.every((p, i) => i % r === ah || i % r === aw || p === 0);
    if (zeroElsewhere && pads.every((p) => p >= 0)) {
      ctx.pads.set(out, { src: x, pads: [pads[ah], pads[ah + r], pads[aw], pads[aw + r]] });
      ctx.tensors.set(out, ctx.tensors.get(x)!);
      return;
    }
  }
  unsupported(ctx, node, mode === 'constant' ? 'Pad' : `Pad (${mode})`);
}

function pool(ctx: Ctx, node: IrNode): void {
  const x = node.inputs[0];
  const out = node.outputs[0];
  const xs = ctx.tensors.get(x)!.shape;
  const os = shapeOf(ctx, out);
  const kernel = node.attrs.kernel_shape as number[] | undefined;
  if (!os || !kernel || kernel.length !== 2) {
    unsupported(ctx, node, node.op);
    return;
  }
  const stride = (node.attrs.strides as number[] | undefined) ?? [1, 1];
  const dilation = (node.attrs.dilations as number[] | undefined) ?? [1, 1];
  if (dilation.some((d) => d !== 1)) {
    unsupported(ctx, node, `${node.op} (dilated)`);
    return;
  }
  let padding = paddingOf(node, xs, kernel, stride, dilation);
  let x0 = x;
  const folded = ctx.pads.get(x);
  if (folded) {
    const p = addPads(padding, folded.pads);
    if (p) {
      padding = p;
      x0 = folded.src;
      ctx.notes.add(
        'Pad ops before convs and pools are folded into their padding (zero pads, and -inf pads before a max pool)',
      );
    } else emitPad(ctx, x);
  }
  if (node.attrs.ceil_mode === 1 && padding !== 'same') {
    // ceil_mode: the extra bottom/right pixels that make floor() give the rounded-up size.
    const base = padding === 'valid' ? [0, 0, 0, 0] : padding;
    const need = (size: number, k: number, s: number, p0: number, p1: number, want: number) =>
      Math.max(0, (want - 1) * s + k - (size + p0 + p1));
    padding = [
      base[0],
      base[1] + need(xs.h, kernel[0], stride[0], base[0], base[1], os.h),
      base[2],
      base[3] + need(xs.w, kernel[1], stride[1], base[2], base[3], os.w),
    ];
    ctx.notes.add(
      'ceil_mode pooling is costed as pooling with the extra bottom/right padding that gives the same output size',
    );
  }
  emit(
    ctx,
    node,
    'pool',
    {
      mode: node.op === 'MaxPool' ? 'max' : 'avg',
      kernel: pairOf(kernel),
      stride: pairOf(stride),
      padding: compact(padding),
    },
    [x0],
    out,
  );
}

function globalPool(ctx: Ctx, node: IrNode, mode: 'avg' | 'max'): void {
  const x = node.inputs[0];
  if (mode === 'avg' && se(ctx, node)) return;
  emit(ctx, node, 'pool', { mode: mode === 'avg' ? 'global-avg' : 'global-max' }, [x], node.outputs[0]);
}

/** A 1x1 conv on a 1x1 map (SE's "dense" layers), its width and bias. */
function pointwise(
  ctx: Ctx,
  n: IrNode | undefined,
  from: string,
): { units: number; bias: boolean } | undefined {
  if (!n || n.op !== 'Conv' || n.inputs[0] !== from) return undefined;
  const w = n.inputs[1] ? info(ctx, n.inputs[1]) : undefined;
  if (!w || isData(ctx, n.inputs[1]) || w.dims.length !== 4 || w.dims[2] !== 1 || w.dims[3] !== 1)
    return undefined;
  if ((typeof n.attrs.group === 'number' ? n.attrs.group : 1) !== 1) return undefined;
  return { units: w.dims[0], bias: !!n.inputs[2] };
}

/** GlobalAveragePool -> 1x1 conv -> act -> 1x1 conv -> gate -> Mul(x, gate) as an `se` block. */
function se(ctx: Ctx, gap: IrNode): boolean {
  const x = gap.inputs[0];
  const xs = ctx.tensors.get(x)!.shape;
  const s0 = gap.outputs[0];
  const c1 = single(ctx, s0);
  const fc1 = pointwise(ctx, c1, s0);
  if (!c1 || !fc1) return false;
  const a1 = activationAt(ctx, c1.outputs[0]);
  if (!a1) return false;
  const c2 = single(ctx, a1.out);
  const fc2 = pointwise(ctx, c2, a1.out);
  if (!c2 || !fc2 || fc2.units !== xs.c || fc1.bias !== fc2.bias) return false;
  const gate = activationAt(ctx, c2.outputs[0]);
  if (!gate || (gate.fn !== 'sigmoid' && gate.fn !== 'hard_sigmoid')) return false;
  const mul = single(ctx, gate.out);
  if (!mul || mul.op !== 'Mul' || !mul.inputs.includes(x) || !mul.inputs.includes(gate.out)) return false;
  for (const n of [c1, ...a1.nodes, c2, ...gate.nodes, mul]) ctx.done.add(n);
  emit(
    ctx,
    gap,
    'se',
    {
      reduction: Math.max(1, Math.floor(xs.c / fc1.units)),
      hidden: fc1.units,
      act: a1.fn,
      gate: gate.fn,
      bias: fc1.bias,
    },
    [x],
    mul.outputs[0],
    `${nameOf(ctx, gap)}:se`,
  );
  return true;
}

function dense(ctx: Ctx, node: IrNode): void {
  const a = node.inputs[0];
  const out = node.outputs[0];
  const os = shapeOf(ctx, out);
  if (!os) {
    unsupported(ctx, node, node.op);
    return;
  }
  const isGemm = node.op === 'Gemm';
  if (isGemm && node.attrs.transA === 1) {
    unsupported(ctx, node, 'Gemm (transA)');
    return;
  }
  const b = node.inputs[1];
  if (b && isData(ctx, b)) {
    unsupported(ctx, node, `${node.op} (two computed inputs, e.g. attention)`);
    return;
  }
  let bias = isGemm ? !!node.inputs[2] || node.attrs.bias === 1 : false;
  let y = out;
  const inDims = info(ctx, a)!.dims;
  if (!isGemm) {
    const bd = b ? info(ctx, b)?.dims : undefined;
    if (!bd || bd.length !== 2) {
      unsupported(ctx, node, 'MatMul (batched weights)');
      return;
    }
    // A following Add of a constant vector is the bias.
    const add = single(ctx, y);
    if (add?.op === 'Add') {
      const other = add.inputs.find((v) => v !== y);
      const od = other ? info(ctx, other)?.dims : undefined;
      if (other && !isData(ctx, other) && od && numel(od) === bd[1]) {
        bias = true;
        ctx.done.add(add);
        y = add.outputs[0];
      }
    }
  }
  const act = activationAt(ctx, y);
  // A dense layer over the last axis of a rank-3 or rank-4 tensor is a 1x1 conv on the other axes.
  if (inDims.length > 2) {
    if (act) {
      for (const n of act.nodes) ctx.done.add(n);
      y = act.out;
    }
    emit(
      ctx,
      node,
      'conv',
      {
        filters: os.c,
        kernel: 1,
        stride: 1,
        padding: 'valid',
        dilation: 1,
        groups: 1,
        bias,
        bn: false,
        act: act?.fn ?? 'none',
      },
      [a],
      y,
    );
    return;
  }
  emit(ctx, node, 'dense', { units: os.c, bias }, [a], y);
  if (act) activationBlock(ctx, act, node);
}

function activationBlock(ctx: Ctx, act: Activation, at: IrNode): void {
  for (const n of act.nodes) ctx.done.add(n);
  emit(ctx, act.nodes[act.nodes.length - 1] ?? at, 'activation', { fn: act.fn }, [act.in], act.out);
}

function activation(ctx: Ctx, node: IrNode): void {
  const a = classifyActivation(ctx, node);
  if (a) activationBlock(ctx, a, node);
  else unsupported(ctx, node, node.op);
}

function batchnorm(ctx: Ctx, node: IrNode): void {
  emit(ctx, node, 'batchnorm', {}, [node.inputs[0]], node.outputs[0]);
  const act = activationAt(ctx, node.outputs[0]);
  if (act) activationBlock(ctx, act, node);
}

/** Elementwise ops: two computed inputs of one shape are a merge; a constant operand of a conv's output is its bias. */
function elementwise(ctx: Ctx, node: IrNode): void {
  const data = node.inputs.filter((v) => v && isData(ctx, v));
  const out = node.outputs[0];
  const os = shapeOf(ctx, out);
  if (!os) {
    unsupported(ctx, node, node.op);
    return;
  }
  const shapes = data.map((v) => ctx.tensors.get(v)!.shape);
  const op = node.op;
  if (
    (op === 'Add' || op === 'Sum') &&
    data.length >= 2 &&
    data.length === node.inputs.length &&
    shapes.every((s) => sameShape(s, shapes[0]))
  ) {
    emit(ctx, node, 'add', {}, data, out);
    return;
  }
  if (op === 'Mul' && data.length === 2 && node.inputs.length === 2) {
    // x times a per-channel gate [N, C, 1, 1] (SE), or two tensors of one shape.
    const d0 = info(ctx, data[0])!.dims;
    const d1 = info(ctx, data[1])!.dims;
    const gate = (a: readonly number[], b: readonly number[]) => {
      if (a.length !== b.length) return false;
      if (a.every((v, i) => v === b[i])) return true;
      const [ah, aw] = spatialOf(ctx.g.layout);
      return a.length === 4 && b.every((v, i) => (i === ah || i === aw ? v === 1 : v === a[i]));
    };
    const [x, s] = gate(d0, d1)
      ? [data[0], data[1]]
      : gate(d1, d0)
        ? [data[1], data[0]]
        : [undefined, undefined];
    if (x && s) {
      const act = classifyActivation(ctx, node);
      if (act) {
        activationBlock(ctx, act, node);
        return;
      }
      emit(ctx, node, 'multiply', {}, [x, s], out);
      return;
    }
  }
  if ((op === 'Add' || op === 'Sub') && data.length === 1 && node.inputs.length === 2) {
    // conv or dense without bias -> this Add of a per-channel constant is its bias.
    const x = data[0];
    const c = node.inputs.find((v) => v !== x)!;
    const producer = ctx.blocks.find((b) => b.id === ctx.tensors.get(x)!.block);
    const cd = info(ctx, c)?.dims;
    const plain =
      producer &&
      (producer.kind === 'conv' || producer.kind === 'dense') &&
      producer.params.bias === false &&
      !producer.params.bn &&
      (producer.params.act ?? 'none') === 'none';
    if (op === 'Add' && plain) {
      if (
        cd &&
        numel(cd) === os.c &&
        (ctx.consumers.get(x)?.length ?? 0) === 1 &&
        ctx.blocks[ctx.blocks.length - 1] === producer
      ) {
        producer.params.bias = true;
        ctx.tensors.set(out, { block: producer.id, shape: os });
        const act = activationAt(ctx, out);
        if (act && producer.kind === 'conv') {
          for (const n of act.nodes) ctx.done.add(n);
          producer.params.act = act.fn;
          ctx.tensors.set(act.out, { block: producer.id, shape: os });
        } else if (act) activationBlock(ctx, act, node);
        return;
      }
    }
  }
  const a = classifyActivation(ctx, node);
  if (a) {
    activationBlock(ctx, a, node);
    return;
  }
  const constant = data.length < node.inputs.filter(Boolean).length;
  unsupported(ctx, node, constant ? `${op} by a constant` : op);
}

function concat(ctx: Ctx, node: IrNode): void {
  const rank = info(ctx, node.outputs[0])?.dims.length ?? 0;
  const axis =
    typeof node.attrs.axis === 'number'
      ? node.attrs.axis < 0
        ? node.attrs.axis + rank
        : node.attrs.axis
      : 0;
  const data = node.inputs.filter((v) => v && isData(ctx, v));
  if (axis !== channelAxis(rank, ctx.g.layout) || data.length !== node.inputs.filter(Boolean).length) {
    unsupported(ctx, node, 'Concat (not along channels)');
    return;
  }
  if (data.length === 1) {
    alias(ctx, node);
    return;
  }
  emit(ctx, node, 'concat', {}, data, node.outputs[0]);
}

/** Split and channel Slice as `slice` blocks. */
function split(ctx: Ctx, node: IrNode): void {
  const x = node.inputs[0];
  const rank = info(ctx, x)!.dims.length;
  const raw = typeof node.attrs.axis === 'number' ? node.attrs.axis : 0;
  const axis = raw < 0 ? raw + rank : raw;
  if (axis !== channelAxis(rank, ctx.g.layout)) {
    unsupported(ctx, node, 'Split (not along channels)');
    return;
  }
  let start = 0;
  node.outputs.forEach((o, i) => {
    const s = shapeOf(ctx, o);
    if (!o || !s) return;
    emit(ctx, node, 'slice', { start, size: s.c }, [x], o, `${nameOf(ctx, node)}:${i}`);
    start += s.c;
  });
}

function sliceOp(ctx: Ctx, node: IrNode): void {
  const x = node.inputs[0];
  const dims = info(ctx, x)!.dims;
  const out = node.outputs[0];
  const od = info(ctx, out)?.dims;
  const changed = od ? dims.map((d, i) => (d !== od[i] ? i : -1)).filter((i) => i >= 0) : [];
  const ch = channelAxis(dims.length, ctx.g.layout);
  const starts =
    ctx.g.opset >= 10 ? valuesOf(ctx, node.inputs[1]) : (node.attrs.starts as number[] | undefined);
  const axes =
    ctx.g.opset >= 10
      ? node.inputs[3]
        ? valuesOf(ctx, node.inputs[3])
        : undefined
      : (node.attrs.axes as number[] | undefined);
  const steps = node.inputs[4] ? valuesOf(ctx, node.inputs[4]) : undefined;
  if (!od || !starts) {
    unsupported(ctx, node, 'Slice');
    return;
  }
  if (changed.length === 0) {
    alias(ctx, node);
    return;
  }
  if (changed.length === 1 && changed[0] === ch && (!steps || steps.every((s) => s === 1))) {
    const ax = (axes ?? starts.map((_, i) => i)).map((a) => (a < 0 ? a + dims.length : a));
    const k = ax.indexOf(ch);
    const st = k >= 0 ? starts[k] : 0;
    const start = Math.min(Math.max(st < 0 ? st + dims[ch] : st, 0), dims[ch]);
    emit(ctx, node, 'slice', { start, size: od[ch] }, [x], out);
    return;
  }
  const [ah, aw] = spatialOf(ctx.g.layout);
  if (
    dims.length === 4 &&
    changed.every((a) => a === ah || a === aw) &&
    (!steps || steps.every((s) => s === 1))
  ) {
    const ax = (axes ?? starts.map((_, i) => i)).map((a) => (a < 0 ? a + 4 : a));
    const at = (a: number, size: number) => {
      const k = ax.indexOf(a);
      const s = k >= 0 ? starts[k] : 0;
      return Math.min(Math.max(s < 0 ? s + size : s, 0), size);
    };
    emit(
      ctx,
      node,
      'crop',
      { h: od[ah], w: od[aw], top: at(ah, dims[ah]), left: at(aw, dims[aw]) },
      [x],
      out,
    );
    return;
  }
  unsupported(ctx, node, 'Slice');
}

/** Ops that leave costs alone: the output is the same tensor for convcost. */
function alias(ctx: Ctx, node: IrNode): void {
  const x = node.inputs.find((v) => v && isData(ctx, v))!;
  const out = node.outputs[0];
  const t = ctx.tensors.get(x)!;
  // A channel shuffle's first Reshape makes a 5-D value, which has no convcost shape of its own.
  if (node.op === 'Reshape' && shuffle(ctx, node)) return;
  const os = shapeOf(ctx, out);
  if (!os) {
    unsupported(ctx, node, node.op);
    return;
  }
  if (sameShape(os, t.shape)) {
    ctx.tensors.set(out, t);
    return;
  }
  // A reshape to n x 1 x 1 x (h w c) is a flatten.
  if (os.h === 1 && os.w === 1 && os.c === t.shape.h * t.shape.w * t.shape.c && os.n === t.shape.n) {
    emit(ctx, node, 'flatten', {}, [x], out);
    return;
  }
  unsupported(ctx, node, node.op);
}

/** Reshape [N, g, C/g, H, W] -> Transpose(0, 2, 1, 3, 4) -> Reshape [N, C, H, W] as a channel shuffle. */
function shuffle(ctx: Ctx, r1: IrNode): boolean {
  const x = r1.inputs[0];
  const xs = ctx.tensors.get(x)!.shape;
  const d1 = info(ctx, r1.outputs[0])?.dims;
  const tr = single(ctx, r1.outputs[0]);
  if (!d1 || d1.length !== 5 || tr?.op !== 'Transpose') return false;
  const perm = tr.attrs.perm as number[] | undefined;
  const r2 = single(ctx, tr.outputs[0]);
  if (!perm || r2?.op !== 'Reshape') return false;
  const nchw = ctx.g.layout === 'NCHW';
  const ok = nchw
    ? perm.join() === '0,2,1,3,4' && d1[3] === xs.h && d1[4] === xs.w
    : perm.join() === '0,1,2,4,3' && d1[1] === xs.h && d1[2] === xs.w;
  const os = shapeOf(ctx, r2.outputs[0]);
  if (!ok || !os || !sameShape(os, xs)) return false;
  ctx.done.add(tr);
  ctx.done.add(r2);
  emit(ctx, r1, 'shuffle', { groups: nchw ? d1[1] : d1[3] }, [x], r2.outputs[0]);
  return true;
}

function reduceMean(ctx: Ctx, node: IrNode): void {
  const x = node.inputs[0];
  const dims = info(ctx, x)!.dims;
  const axes = (
    ctx.g.opset >= 18 ? valuesOf(ctx, node.inputs[1]) : (node.attrs.axes as number[] | undefined)
  )?.map((a) => (a < 0 ? a + dims.length : a));
  const [ah, aw] = spatialOf(ctx.g.layout);
  if (dims.length === 4 && axes && axes.length === 2 && axes.includes(ah) && axes.includes(aw)) {
    globalPool(ctx, node, 'avg');
    return;
  }
  unsupported(ctx, node, node.op);
}

const HANDLERS: Record<string, (ctx: Ctx, node: IrNode) => void> = {
  Conv: (c, n) => conv(c, n, false),
  ConvInteger: (c, n) => conv(c, n, false),
  QLinearConv: (c, n) => conv(c, n, false, true),
  ConvTranspose: (c, n) => conv(c, n, true),
  Pad: pad,
  MaxPool: pool,
  AveragePool: pool,
  GlobalAveragePool: (c, n) => globalPool(c, n, 'avg'),
  GlobalMaxPool: (c, n) => globalPool(c, n, 'max'),
  ReduceMean: reduceMean,
  Gemm: dense,
  MatMul: dense,
  BatchNormalization: batchnorm,
  Relu: activation,
  Clip: activation,
  LeakyRelu: activation,
  Sigmoid: activation,
  Tanh: activation,
  HardSigmoid: activation,
  HardSwish: activation,
  Add: elementwise,
  Sum: elementwise,
  Sub: elementwise,
  Mul: elementwise,
  Div: elementwise,
  Max: elementwise,
  Min: elementwise,
  Concat: concat,
  Split: split,
  Slice: sliceOp,
  ...Object.fromEntries([...ALIASES].map((op) => [op, alias])),
};

function precisionOf(g: IrGraph): ImportSummary['precision'] {
  const types = new Set<DType>();
  for (const n of g.nodes) {
    if (n.op !== 'Conv' && n.op !== 'Gemm' && n.op !== 'QLinearConv') continue;
    const w = g.constants.get(n.inputs[n.op === 'QLinearConv' ? 3 : 1]);
    if (w) types.add(w.dtype);
  }
  if (types.has('int8') || types.has('uint8')) return 'int8';
  if (types.has('float16')) return 'fp16';
  return undefined;
}

/** Maps the graph to a design. Throws an ImportError when the model cannot be a design (several inputs, no 4-D input). */
export function irToDesign(g: IrGraph, inf: Inferred, name?: string): ImportResult {
  const dataInputs = g.inputs.filter((v) => inf.inputs.has(v.name));
  if (dataInputs.length !== 1)
    throw new ImportError(
      `the model has ${dataInputs.length} inputs (${dataInputs.map((v) => quote(v.name)).join(', ')}); a convcost design has one`,
      g.format,
    );
  const input = dataInputs[0];
  const dims = inf.inputs.get(input.name)!;
  const s = toNhwc(dims, g.layout);
  if (!s)
    throw new ImportError(
      `input ${quote(input.name)} has ${dims.length} dimensions [${dims.join(', ')}]; convcost reads images (N, C, H, W or N, H, W, C), vectors and sequences`,
      g.format,
    );
  const ctx: Ctx = {
    g,
    inf,
    blocks: [],
    tensors: new Map([[input.name, { block: INPUT_ID, shape: s }]]),
    consumers: new Map(),
    done: new Set(),
    ids: new Set([INPUT_ID]),
    pads: new Map(),
    unsupported: new Map(),
    notes: new Set(g.notes),
    graphOutputs: new Set(g.outputs),
    shapes: {},
  };
  for (const n of g.nodes)
    for (const v of new Set(n.inputs)) if (v) ctx.consumers.set(v, [...(ctx.consumers.get(v) ?? []), n]);
  let dropped: ImportSummary['dropped'];
  const lost = new Set<string>();
  for (const node of g.nodes) {
    if (ctx.done.has(node)) continue;
    const data = node.inputs.filter((v) => v && isData(ctx, v));
    if (node.inputs.some((v) => lost.has(v))) {
      for (const o of node.outputs) lost.add(o);
      dropped = { count: (dropped?.count ?? 0) + 1, reason: dropped?.reason ?? '' };
      continue;
    }
    if (data.length === 0 || METADATA.has(node.op)) continue;
    // Folded values (a shape computed from a data tensor's dims) are constants, not data.
    if (
      node.outputs.every((o) => !o || info(ctx, o)?.values !== undefined) &&
      !node.outputs.some((o) => ctx.graphOutputs.has(o))
    )
      continue;
    const firstLost = node.outputs.find((o) => o && !info(ctx, o));
    if (firstLost && !ctx.pads.has(node.inputs[0])) {
      for (const o of node.outputs) lost.add(o);
      dropped = {
        count: (dropped?.count ?? 0) + 1,
        reason:
          dropped?.reason || (inf.unknown.get(firstLost) ?? `the shape of ${quote(firstLost)} is unknown`),
      };
      continue;
    }
    const pendingPad = node.inputs.find((v) => ctx.pads.has(v));
    if (pendingPad && !['Conv', 'ConvInteger', 'MaxPool', 'AveragePool'].includes(node.op))
      emitPad(ctx, pendingPad);
    const handler = node.domain === '' ? HANDLERS[node.op] : undefined;
    if (handler) handler(ctx, node);
    else
      unsupported(ctx, node, node.domain && node.domain !== 'keras' ? `${node.domain}:${node.op}` : node.op);
  }
  const outputs = g.outputs.filter((o) => ctx.tensors.has(o)).map((o) => ctx.tensors.get(o)!.block);
  if (!ctx.blocks.length)
    throw new ImportError(
      dropped
        ? `no op of the model could be costed: ${dropped.count} op(s) follow a shape that cannot be inferred: ${dropped.reason}`
        : 'the model has no op convcost can cost (every op only computes shapes)',
      g.format,
    );
  const last = ctx.blocks[ctx.blocks.length - 1].id;
  const uniqueOut = [...new Set(outputs)];
  const design: DesignDocument = {
    version: 2,
    name: (name || g.name || `${g.format} model`).slice(0, 200),
    input: { h: s.h, w: s.w, c: s.c },
    batch: s.n,
    blocks: ctx.blocks,
    ...(uniqueOut.length === 1 && uniqueOut[0] === last
      ? {}
      : uniqueOut.length
        ? { outputs: uniqueOut }
        : {}),
  };
  if (dropped)
    ctx.notes.add(
      `${dropped.count} op(s) after a shape that cannot be inferred are not costed: ${dropped.reason}`,
    );
  return {
    design,
    shapes: ctx.shapes,
    summary: {
      format: g.format,
      producer: g.producer,
      opset: g.format === 'ONNX' ? g.opset : 0,
      ops: g.nodes.length,
      blocks: ctx.blocks.length,
      unsupported: [...ctx.unsupported].map(([type, blocks]) => ({ type, count: blocks.length, blocks })),
      dropped,
      ...(precisionOf(g) ? { precision: precisionOf(g) } : {}),
      notes: [...ctx.notes],
    },
  };
}

export type { Ctx };
