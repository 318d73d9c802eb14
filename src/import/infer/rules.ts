import type { DType } from '../ir.ts';
import { numel } from '../ir.ts';
import { type NodeCtx, type ShapeRule, shapeFail, type TensorInfo } from './engine.ts';

/**
 * Shape rules of the ONNX operators (opsets 7 to 21), with constant folding of small tensors.
 * Window ops follow ONNX Runtime's arithmetic (the oracle in the tests): explicit pads give
 * floor((in + pads - d(k-1) - 1) / s) + 1, SAME_UPPER / SAME_LOWER give ceil(in / s), VALID
 * gives floor((in - d(k-1) - 1) / s) + 1, and ceil_mode rounds up instead of down, dropping a
 * last window that would start in the end padding.
 */

const INT_TYPES = new Set<DType>([
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'bool',
]);

/** onnx.proto TensorProto.DataType codes used by Cast's `to` and ConstantOfShape. */
const CAST_TYPES: Record<number, DType> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};

const t = (dims: readonly number[], dtype: DType, values?: readonly number[]): TensorInfo =>
  values ? { dims, dtype, values } : { dims, dtype };

/** Axis in [0, rank) from a possibly negative one. */
function axisOf(a: number, rank: number, what = 'axis'): number {
  const x = a < 0 ? a + rank : a;
  if (!Number.isInteger(x) || x < 0 || x >= rank) shapeFail(`${what} ${a} is outside a rank-${rank} tensor`);
  return x;
}

/** Numpy broadcasting of two shapes. */
export function broadcast(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1)
      shapeFail(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/** Index of every output element into a broadcast input (for folding small tensors). */
function broadcastIndex(outDims: readonly number[], inDims: readonly number[], flat: number): number {
  let idx = 0;
  let stride = 1;
  let rem = flat;
  const pos: number[] = new Array(outDims.length);
  for (let i = outDims.length - 1; i >= 0; i--) {
    pos[i] = rem % outDims[i];
    rem = Math.floor(rem / outDims[i]);
  }
  for (let i = inDims.length - 1, j = outDims.length - 1; i >= 0; i--, j--) {
    const p = inDims[i] === 1 ? 0 : pos[j];
    idx += p * stride;
    stride *= inDims[i];
  }
  return idx;
}

const same: ShapeRule = (c) => {
  const x = c.need(0);
  return [t(x.dims, x.dtype)];
};

/** Same shape, values passed through (Identity and friends). */
const passValues: ShapeRule = (c) => {
  const x = c.need(0);
  return [t(x.dims, x.dtype, x.values)];
};

function elementwise(fn?: (...v: number[]) => number, outType?: DType): ShapeRule {
  return (c) => {
    const ins: TensorInfo[] = [];
    for (let i = 0; i < c.inputCount; i++) ins.push(c.need(i));
    if (ins.length === 0) shapeFail('it has no inputs');
    let dims = ins[0].dims;
    for (const x of ins.slice(1)) dims = broadcast(dims, x.dims);
    const dtype = outType ?? (c.node.op === 'Where' ? ins[1].dtype : ins[0].dtype);
    const n = numel(dims);
    let values: number[] | undefined;
    if (fn && ins.every((x) => x.values) && n <= 1024) {
      values = new Array(n);
      for (let k = 0; k < n; k++)
        values[k] = fn(...ins.map((x) => x.values![broadcastIndex(dims, x.dims, k)]));
      if (INT_TYPES.has(dtype)) values = values.map((v) => (Number.isFinite(v) ? Math.trunc(v) : v));
    }
    return [t(dims, dtype, values)];
  };
}

/** Integer division truncates toward zero (as ONNX Runtime's Div does on integers). */
const div: ShapeRule = (c) => {
  const a = c.need(0);
  const isInt = INT_TYPES.has(a.dtype);
  return elementwise((x, y) => (isInt ? Math.trunc(x / y) : x / y))(c);
};

/** Spatial axes and channel axis of an activation tensor of rank r in this graph's layout. */
export function spatialAxes(rank: number, layout: 'NCHW' | 'NHWC'): { channel: number; spatial: number[] } {
  const spatial: number[] = [];
  for (let i = 0; i < rank - 2; i++) spatial.push(layout === 'NCHW' ? i + 2 : i + 1);
  return { channel: layout === 'NCHW' ? 1 : rank - 1, spatial };
}

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** Begin pads then end pads, ONNX order. */
  pads: number[];
  autoPad: string;
}

function windowOf(c: NodeCtx, kernel: readonly number[]): Window {
  const n = kernel.length;
  const strides = [...(c.ints('strides') ?? new Array(n).fill(1))];
  const dilations = [...(c.ints('dilations') ?? new Array(n).fill(1))];
  const pads = [...(c.ints('pads') ?? new Array(2 * n).fill(0))];
  const autoPad = c.string('auto_pad', 'NOTSET');
  if (strides.length !== n || dilations.length !== n || pads.length !== 2 * n)
    shapeFail(`strides, dilations and pads must have ${n}, ${n} and ${2 * n} entries for a ${n}-D window`);
  for (const k of kernel)
    if (!Number.isInteger(k) || k < 1) shapeFail(`kernel size ${k} is not a positive integer`);
  for (const s of strides) if (s < 1) shapeFail(`stride ${s} is not a positive integer`);
  for (const d of dilations) if (d < 1) shapeFail(`dilation ${d} is not a positive integer`);
  for (const p of pads) if (p < 0) shapeFail(`pad ${p} is negative`);
  if (!['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(autoPad))
    shapeFail(`auto_pad ${JSON.stringify(autoPad)} is not NOTSET, SAME_UPPER, SAME_LOWER or VALID`);
  return { kernel: [...kernel], strides, dilations, pads, autoPad };
}

/** Output size of a window op along one axis (see the file comment). */
export function windowOut(inSize: number, w: Window, i: number, ceilMode: boolean): number {
  const k = w.kernel[i];
  const s = w.strides[i];
  const d = w.dilations[i];
  const span = d * (k - 1) + 1;
  // ONNX Runtime refuses dilated SAME convs and pads dilated SAME pools by the undilated kernel;
  // no exporter writes either, and the spec's ceil(in / s) is kept for them.
  if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return Math.ceil(inSize / s);
  const padded = w.autoPad === 'VALID' ? inSize : inSize + w.pads[i] + w.pads[i + w.kernel.length];
  if (padded < span)
    shapeFail(`the window ${k} (dilated span ${span}) is larger than the padded input ${padded}`);
  let out = (ceilMode ? Math.ceil : Math.floor)((padded - span) / s) + 1;
  // A last window that would start in the end padding is dropped (PyTorch's and ONNX Runtime's rule).
  const head = w.autoPad === 'VALID' ? 0 : w.pads[i];
  if (ceilMode && (out - 1) * s >= inSize + head) out -= 1;
  return out;
}

/** Conv: X [N, C, spatial...] (or NHWC), W [M, C/group, k...], or the attributes filters / kernel_shape. */
export function convShape(c: NodeCtx, xi = 0, wi = 1, outType?: DType): TensorInfo {
  const x = c.need(xi, 'the input');
  const rank = x.dims.length;
  if (rank < 3) shapeFail(`the input has rank ${rank}; a convolution needs at least 3`);
  const { channel, spatial } = spatialAxes(rank, c.layout);
  const w = c.input(wi);
  const inC = x.dims[channel];
  // A depthwise layer without weights (Keras) names its multiplier: group = C, M = C x multiplier.
  const multiplier = w ? 0 : c.int('depth_multiplier', 0);
  let group = multiplier ? inC : c.int('group', 1);
  // group 0: as many groups as the weight's channels go into the input's (TensorFlow's implicit groups).
  if (group === 0 && w && w.dims[1] > 0 && inC % w.dims[1] === 0) group = inC / w.dims[1];
  let m: number;
  let kernel: readonly number[];
  if (w) {
    if (w.dims.length !== rank) shapeFail(`the weight has rank ${w.dims.length}, the input ${rank}`);
    m = w.dims[0];
    kernel = c.ints('kernel_shape') ?? w.dims.slice(2);
    if (group < 1 || inC !== w.dims[1] * group)
      shapeFail(
        `the input has ${inC} channels; the weight [${w.dims.join(', ')}] with group ${group} expects ${w.dims[1] * group}`,
      );
  } else {
    m = multiplier ? inC * multiplier : c.int('filters', 0);
    kernel = c.ints('kernel_shape') ?? shapeFail('it has no weight and no kernel_shape');
    if (m < 1) shapeFail('it has no weight and no filters attribute');
    if (group < 1 || inC % group !== 0)
      shapeFail(`${inC} input channels are not divisible by group ${group}`);
  }
  if (kernel.length !== spatial.length)
    shapeFail(`kernel_shape has ${kernel.length} entries for ${spatial.length} spatial axes`);
  if (m % group !== 0) shapeFail(`${m} output channels are not divisible by group ${group}`);
  const win = windowOf(c, kernel);
  const dims = [...x.dims];
  spatial.forEach((ax, i) => {
    dims[ax] = windowOut(x.dims[ax], win, i, false);
  });
  dims[channel] = m;
  return t(dims, outType ?? x.dtype);
}

const conv: ShapeRule = (c) => [convShape(c)];

/** ConvTranspose: out = s(in - 1) + output_padding + d(k - 1) + 1 - pads; SAME: in * s; or output_shape. */
const convTranspose: ShapeRule = (c) => {
  const x = c.need(0, 'the input');
  const rank = x.dims.length;
  if (rank < 3) shapeFail(`the input has rank ${rank}; a convolution needs at least 3`);
  const { channel, spatial } = spatialAxes(rank, c.layout);
  const group = c.int('group', 1);
  const w = c.input(1);
  let m: number;
  let kernel: readonly number[];
  if (w) {
    if (w.dims[0] !== x.dims[channel])
      shapeFail(
        `the input has ${x.dims[channel]} channels, the weight [${w.dims.join(', ')}] expects ${w.dims[0]}`,
      );
    m = w.dims[1] * group;
    kernel = c.ints('kernel_shape') ?? w.dims.slice(2);
  } else {
    m = c.int('filters', 0);
    kernel = c.ints('kernel_shape') ?? shapeFail('it has no weight and no kernel_shape');
  }
  const win = windowOf(c, kernel);
  const outPad = c.ints('output_padding') ?? new Array(kernel.length).fill(0);
  const outShape = c.ints('output_shape');
  const dims = [...x.dims];
  spatial.forEach((ax, i) => {
    const inSize = x.dims[ax];
    const s = win.strides[i];
    if (outShape) dims[ax] = outShape[outShape.length - spatial.length + i];
    else if (win.autoPad === 'SAME_UPPER' || win.autoPad === 'SAME_LOWER') dims[ax] = inSize * s;
    else {
      const pads = win.autoPad === 'VALID' ? 0 : win.pads[i] + win.pads[i + kernel.length];
      dims[ax] = s * (inSize - 1) + (outPad[i] ?? 0) + win.dilations[i] * (kernel[i] - 1) + 1 - pads;
    }
    if (dims[ax] < 1) shapeFail(`the output size along axis ${ax} would be ${dims[ax]}`);
  });
  dims[channel] = m;
  return [t(dims, x.dtype)];
};

function pool(global: boolean): ShapeRule {
  return (c) => {
    const x = c.need(0, 'the input');
    const rank = x.dims.length;
    if (rank < 3) shapeFail(`the input has rank ${rank}; pooling needs at least 3`);
    const { spatial } = spatialAxes(rank, c.layout);
    const dims = [...x.dims];
    if (global) {
      for (const ax of spatial) dims[ax] = 1;
      return [t(dims, x.dtype)];
    }
    const kernel = c.ints('kernel_shape') ?? shapeFail('kernel_shape is missing');
    if (kernel.length !== spatial.length)
      shapeFail(`kernel_shape has ${kernel.length} entries for ${spatial.length} spatial axes`);
    const win = windowOf(c, kernel);
    kernel.forEach((k, i) => {
      // ONNX Runtime refuses these: a window could then lie wholly in the padding.
      if (win.pads[i] >= k || win.pads[i + kernel.length] >= k)
        shapeFail(`pads [${win.pads.join(', ')}] must be smaller than the kernel [${kernel.join(', ')}]`);
    });
    const ceilMode = c.int('ceil_mode', 0) === 1;
    spatial.forEach((ax, i) => {
      dims[ax] = windowOut(x.dims[ax], win, i, ceilMode);
    });
    // MaxPool's optional second output holds the indices of the maxima.
    return [t(dims, x.dtype), t(dims, 'int64')];
  };
}

const gemm: ShapeRule = (c) => {
  const a = c.need(0, 'A');
  const transA = c.int('transA', 0) === 1;
  const transB = c.int('transB', 0) === 1;
  if (a.dims.length < 2) shapeFail(`A has rank ${a.dims.length}; Gemm needs a matrix`);
  const b = c.input(1);
  if (!b) {
    // A layer whose weights are not in the file (see ir.ts): the last axis becomes `units`.
    const units = c.int('units', 0);
    if (units < 1) shapeFail('it has no weight and no units attribute');
    return [t([...a.dims.slice(0, -1), units], a.dtype)];
  }
  if (a.dims.length !== 2 || b.dims.length !== 2)
    shapeFail(`A [${a.dims.join(', ')}] and B [${b.dims.join(', ')}] must be matrices`);
  const [m, k] = transA ? [a.dims[1], a.dims[0]] : a.dims;
  const [kb, n] = transB ? [b.dims[1], b.dims[0]] : b.dims;
  if (k !== kb) shapeFail(`A has ${k} columns, B has ${kb} rows (transA ${+transA}, transB ${+transB})`);
  const cc = c.input(2);
  if (cc) broadcast([m, n], cc.dims);
  return [t([m, n], a.dtype)];
};

export function matmulDims(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0 || b.length === 0) shapeFail('MatMul needs inputs of rank 1 or more');
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const k = a2[a2.length - 1];
  const kb = b2[b2.length - 2];
  if (k !== kb) shapeFail(`[${a.join(', ')}] x [${b.join(', ')}]: inner sizes ${k} and ${kb} differ`);
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2));
  const out = [...batch, a2[a2.length - 2], b2[b2.length - 1]];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.splice(out.length - 1, 1);
  return out;
}

const matmul: ShapeRule = (c) => {
  const a = c.need(0);
  const b = c.need(1);
  const intOut = c.node.op === 'MatMulInteger';
  return [t(matmulDims(a.dims, b.dims), intOut ? 'int32' : a.dtype)];
};

const flatten: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  const a = c.int('axis', 1);
  const axis = a < 0 ? a + r : a;
  if (axis < 0 || axis > r) shapeFail(`axis ${a} is outside a rank-${r} tensor`);
  return [t([numel(x.dims.slice(0, axis)), numel(x.dims.slice(axis))], x.dtype, x.values)];
};

const reshape: ShapeRule = (c) => {
  const x = c.need(0);
  const target = c.opset < 5 ? c.ints('shape') : c.values(1);
  if (!target) return [undefined];
  const allowZero = c.int('allowzero', 0) === 1;
  const dims = target.map((d, i) =>
    d === 0 && !allowZero
      ? (x.dims[i] ?? shapeFail(`shape entry ${i} copies a dimension the input does not have`))
      : d,
  );
  const minus = dims.filter((d) => d === -1).length;
  if (minus > 1) shapeFail('the target shape has more than one -1');
  for (const d of dims) if (d < -1) shapeFail(`the target shape has ${d}`);
  const total = numel(x.dims);
  if (minus) {
    const rest = numel(dims.filter((d) => d !== -1));
    if (rest === 0 || total % rest !== 0)
      shapeFail(`[${x.dims.join(', ')}] cannot be reshaped to [${target.join(', ')}]`);
    dims[dims.indexOf(-1)] = total / rest;
  }
  if (numel(dims) !== total)
    shapeFail(`[${x.dims.join(', ')}] (${total} elements) cannot be reshaped to [${dims.join(', ')}]`);
  return [t(dims, x.dtype, x.values)];
};

/** Row-major strides of dims: stride[a] = product of dims after a. */
function stridesOf(dims: readonly number[]): number[] {
  const s = dims.map(() => 1);
  for (let a = dims.length - 2; a >= 0; a--) s[a] = s[a + 1] * dims[a + 1];
  return s;
}

/**
 * The values at offset + sum_a idx[a] * step[a] for every index idx of dims, in row-major
 * order: a strided view of a folded constant (Slice with any steps, Transpose).
 */
function walk(
  dims: readonly number[],
  offset: number,
  step: readonly number[],
  src: readonly number[],
): number[] {
  const out: number[] = [];
  const total = numel(dims);
  const idx = dims.map(() => 0);
  let at = offset;
  for (let k = 0; k < total; k++) {
    out.push(src[at]);
    for (let a = dims.length - 1; a >= 0; a--) {
      idx[a]++;
      at += step[a];
      if (idx[a] < dims[a]) break;
      at -= step[a] * idx[a];
      idx[a] = 0;
    }
  }
  return out;
}

const transpose: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  const perm = c.ints('perm') ?? x.dims.map((_, i) => r - 1 - i);
  if (perm.length !== r || new Set(perm).size !== r || perm.some((p) => p < 0 || p >= r))
    shapeFail(`perm [${perm.join(', ')}] is not a permutation of ${r} axes`);
  const inStride = stridesOf(x.dims);
  const values = x.values
    ? walk(
        perm.map((p) => x.dims[p]),
        0,
        perm.map((p) => inStride[p]),
        x.values,
      )
    : undefined;
  return [
    t(
      perm.map((p) => x.dims[p]),
      x.dtype,
      values,
    ),
  ];
};

/** Axes from the attribute (older opsets) or the input (newer), as the op's opset says. */
function axesOf(c: NodeCtx, inputSince: number, inputIndex = 1): readonly number[] | undefined | 'unknown' {
  if (c.opset >= inputSince) {
    if (!c.node.inputs[inputIndex]) return undefined;
    return c.values(inputIndex) ?? 'unknown';
  }
  return c.ints('axes');
}

const squeeze: ShapeRule = (c) => {
  const x = c.need(0);
  const axes = axesOf(c, 13);
  if (axes === 'unknown') return [undefined];
  const r = x.dims.length;
  const drop = new Set((axes ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => axisOf(a, r)));
  for (const a of drop) if (x.dims[a] !== 1) shapeFail(`axis ${a} has size ${x.dims[a]}, not 1`);
  return [
    t(
      x.dims.filter((_, i) => !drop.has(i)),
      x.dtype,
      x.values,
    ),
  ];
};

const unsqueeze: ShapeRule = (c) => {
  const x = c.need(0);
  const axes = axesOf(c, 13);
  if (axes === 'unknown') return [undefined];
  if (!axes) shapeFail('axes are missing');
  const r = x.dims.length + axes.length;
  const at = new Set(axes.map((a) => axisOf(a, r)));
  if (at.size !== axes.length) shapeFail('axes repeat');
  const dims: number[] = [];
  let k = 0;
  for (let i = 0; i < r; i++) dims.push(at.has(i) ? 1 : x.dims[k++]);
  return [t(dims, x.dtype, x.values)];
};

const concat: ShapeRule = (c) => {
  const ins: TensorInfo[] = [];
  for (let i = 0; i < c.inputCount; i++) {
    const x = c.input(i);
    if (x) ins.push(x);
  }
  if (!ins.length) shapeFail('it has no inputs');
  const r = ins[0].dims.length;
  const axis = axisOf(c.int('axis', 0), r);
  const dims = [...ins[0].dims];
  dims[axis] = 0;
  for (const x of ins) {
    if (x.dims.length !== r) shapeFail(`inputs of ranks ${r} and ${x.dims.length} cannot be concatenated`);
    x.dims.forEach((d, i) => {
      if (i !== axis && d !== ins[0].dims[i])
        shapeFail(
          `inputs [${ins[0].dims.join(', ')}] and [${x.dims.join(', ')}] differ outside axis ${axis}`,
        );
    });
    dims[axis] += x.dims[axis];
  }
  const values = r === 1 && ins.every((x) => x.values) ? ins.flatMap((x) => [...x.values!]) : undefined;
  return [t(dims, ins[0].dtype, values)];
};

const split: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  const axis = axisOf(c.int('axis', 0), r);
  const n = c.node.outputs.length;
  let sizes: readonly number[] | undefined = c.opset >= 13 ? c.values(1) : c.ints('split');
  if (c.opset >= 13 && c.node.inputs[1] && !sizes) return c.node.outputs.map(() => undefined);
  const d = x.dims[axis];
  if (!sizes) {
    const parts = c.opset >= 18 ? c.int('num_outputs', n) : n;
    const each = Math.ceil(d / parts);
    sizes = Array.from({ length: parts }, (_, i) => Math.max(0, Math.min(each, d - i * each)));
    if (c.opset < 18 && d % parts !== 0) shapeFail(`size ${d} does not split into ${parts} equal parts`);
  }
  if (sizes.reduce((a, b) => a + b, 0) !== d)
    shapeFail(`split sizes [${sizes.join(', ')}] do not add up to ${d}`);
  return sizes.map((s) => {
    const dims = [...x.dims];
    dims[axis] = s;
    return t(dims, x.dtype);
  });
};

/** Start, end, step clamped as ONNX Slice does; returns the length and the first index. */
function sliceRange(d: number, start: number, end: number, step: number): { len: number; first: number } {
  if (step === 0) shapeFail('a slice step is 0');
  let s = start < 0 ? start + d : start;
  let e = end < 0 ? end + d : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), d);
    e = Math.min(Math.max(e, 0), d);
  } else {
    s = Math.min(Math.max(s, 0), d - 1);
    e = Math.min(Math.max(e, -1), d - 1);
  }
  return { len: Math.max(0, Math.ceil((e - s) / step)), first: s };
}

const slice: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  let starts: readonly number[] | undefined;
  let ends: readonly number[] | undefined;
  let axes: readonly number[] | undefined;
  let steps: readonly number[] | undefined;
  if (c.opset < 10) {
    starts = c.ints('starts');
    ends = c.ints('ends');
    axes = c.ints('axes');
  } else {
    starts = c.values(1);
    ends = c.values(2);
    if (c.node.inputs[3]) axes = c.values(3) ?? [];
    if (c.node.inputs[4]) steps = c.values(4) ?? [];
    if (!starts || !ends || (c.node.inputs[3] && !axes?.length) || (c.node.inputs[4] && !steps?.length))
      return [undefined];
  }
  if (!starts || !ends || starts.length !== ends.length)
    shapeFail('starts and ends are missing or differ in length');
  const ax = (axes ?? starts.map((_, i) => i)).map((a) => axisOf(a, r));
  const dims = [...x.dims];
  const firsts = dims.map(() => 0);
  const stepOf = dims.map(() => 1);
  ax.forEach((a, i) => {
    const step = steps?.[i] ?? 1;
    const { len, first } = sliceRange(x.dims[a], starts[i], ends[i], step);
    dims[a] = len;
    firsts[a] = first;
    stepOf[a] = step;
  });
  // A folded constant of any rank (PyTorch's F.pad writes its pads as a [4, 2] tensor sliced
  // backwards), so the shape arithmetic that follows stays known.
  const inStride = stridesOf(x.dims);
  const values = x.values
    ? walk(
        dims,
        firsts.reduce((s, f, a) => s + f * inStride[a], 0),
        dims.map((_, a) => stepOf[a] * inStride[a]),
        x.values,
      )
    : undefined;
  return [t(dims, x.dtype, values)];
};

const shapeOp: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const start = clamp(c.int('start', 0));
  const end = c.has('end') ? clamp(c.int('end', r)) : r;
  const v = x.dims.slice(start, Math.max(start, end));
  return [t([v.length], 'int64', v)];
};

const size: ShapeRule = (c) => [t([], 'int64', [numel(c.need(0).dims)])];

const gather: ShapeRule = (c) => {
  const x = c.need(0);
  const idx = c.need(1, 'the indices');
  const r = x.dims.length;
  if (r === 0) shapeFail('it gathers from a scalar');
  const axis = axisOf(c.int('axis', 0), r);
  const dims = [...x.dims.slice(0, axis), ...idx.dims, ...x.dims.slice(axis + 1)];
  let values: number[] | undefined;
  if (x.values && idx.values && r === 1) {
    values = idx.values.map((i) => {
      const j = i < 0 ? i + x.dims[0] : i;
      if (j < 0 || j >= x.dims[0]) shapeFail(`index ${i} is outside a dimension of size ${x.dims[0]}`);
      return x.values![j];
    });
  }
  return [t(dims, x.dtype, values)];
};

const cast: ShapeRule = (c) => {
  const x = c.need(0);
  const to = CAST_TYPES[c.int('to', 1)] ?? 'unknown';
  const values = x.values && (INT_TYPES.has(to) ? x.values.map((v) => Math.trunc(v)) : x.values);
  return [t(x.dims, to, values)];
};

const constantOfShape: ShapeRule = (c) => {
  const shape = c.values(0);
  if (!shape) return [undefined];
  const v = c.tensor('value');
  const dtype = v?.dtype ?? 'float32';
  const fill = v?.values?.[0] ?? 0;
  const n = numel(shape);
  for (const d of shape) if (d < 0) shapeFail(`the shape has a negative size ${d}`);
  return [t(shape, dtype, n <= 1024 ? new Array(n).fill(fill) : undefined)];
};

const range: ShapeRule = (c) => {
  const [s, l, d] = [c.values(0), c.values(1), c.values(2)];
  if (!s || !l || !d) return [undefined];
  if (d[0] === 0) shapeFail('delta is 0');
  const n = Math.max(Math.ceil((l[0] - s[0]) / d[0]), 0);
  const dtype = c.need(0).dtype;
  return [t([n], dtype, n <= 1024 ? Array.from({ length: n }, (_, i) => s[0] + i * d[0]) : undefined)];
};

const expand: ShapeRule = (c) => {
  const x = c.need(0);
  const shape = c.values(1);
  if (!shape) return [undefined];
  const dims = broadcast(x.dims, shape);
  let values: number[] | undefined;
  if (x.values && numel(dims) <= 1024)
    values = Array.from({ length: numel(dims) }, (_, k) => x.values![broadcastIndex(dims, x.dims, k)]);
  return [t(dims, x.dtype, values)];
};

const tile: ShapeRule = (c) => {
  const x = c.need(0);
  const reps = c.values(1);
  if (!reps) return [undefined];
  if (reps.length !== x.dims.length)
    shapeFail(`repeats has ${reps.length} entries for rank ${x.dims.length}`);
  return [
    t(
      x.dims.map((d, i) => d * reps[i]),
      x.dtype,
    ),
  ];
};

const pad: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  const pads = c.opset >= 11 ? c.values(1) : c.ints('pads');
  if (!pads) return [undefined];
  const axesIn = c.opset >= 18 && c.node.inputs[3] ? c.values(3) : undefined;
  if (c.opset >= 18 && c.node.inputs[3] && !axesIn) return [undefined];
  const axes = (axesIn ?? x.dims.map((_, i) => i)).map((a) => axisOf(a, r));
  if (pads.length !== 2 * axes.length) shapeFail(`pads has ${pads.length} entries for ${axes.length} axes`);
  const dims = [...x.dims];
  axes.forEach((a, i) => {
    dims[a] += pads[i] + pads[i + axes.length];
    if (dims[a] < 0) shapeFail(`padding makes axis ${a} negative`);
  });
  return [t(dims, x.dtype)];
};

const resize: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  let scales: readonly number[] | undefined;
  let sizes: readonly number[] | undefined;
  if (c.node.op === 'Upsample') scales = c.opset >= 9 ? c.values(1) : c.floats('scales');
  else if (c.opset < 11) scales = c.values(1);
  else {
    if (c.node.inputs[3]) sizes = c.values(3);
    if (!sizes && c.node.inputs[2]) scales = c.values(2);
    if (!sizes?.length && !scales?.length) return [undefined];
  }
  const axes = c.opset >= 18 ? c.ints('axes') : undefined;
  const ax = (axes ?? x.dims.map((_, i) => i)).map((a) => axisOf(a, r));
  const dims = [...x.dims];
  if (sizes?.length) {
    if (sizes.length !== ax.length) shapeFail(`sizes has ${sizes.length} entries for ${ax.length} axes`);
    ax.forEach((a, i) => {
      dims[a] = sizes![i];
    });
  } else if (scales?.length) {
    if (scales.length !== ax.length) shapeFail(`scales has ${scales.length} entries for ${ax.length} axes`);
    ax.forEach((a, i) => {
      dims[a] = Math.floor(x.dims[a] * scales![i] + 1e-9);
    });
  } else return [undefined];
  return [t(dims, x.dtype)];
};

function reduce(inputSince: number): ShapeRule {
  return (c) => {
    const x = c.need(0);
    const r = x.dims.length;
    const axes = axesOf(c, inputSince);
    if (axes === 'unknown') return [undefined];
    const keep = c.int('keepdims', 1) === 1;
    const noop = c.int('noop_with_empty_axes', 0) === 1;
    if ((!axes || axes.length === 0) && noop) return [t(x.dims, x.dtype)];
    const set = new Set((axes?.length ? axes : x.dims.map((_, i) => i)).map((a) => axisOf(a, r)));
    const dims = keep ? x.dims.map((d, i) => (set.has(i) ? 1 : d)) : x.dims.filter((_, i) => !set.has(i));
    let values: number[] | undefined;
    if (x.values && r === 1 && set.has(0) && c.node.op === 'ReduceProd')
      values = [x.values.reduce((a, b) => a * b, 1)];
    return [t(dims, x.dtype, values)];
  };
}

const argReduce: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  const axis = axisOf(c.int('axis', 0), r);
  const keep = c.int('keepdims', 1) === 1;
  return [
    t(keep ? x.dims.map((d, i) => (i === axis ? 1 : d)) : x.dims.filter((_, i) => i !== axis), 'int64'),
  ];
};

const topk: ShapeRule = (c) => {
  const x = c.need(0);
  const k = c.opset >= 10 ? c.values(1)?.[0] : c.int('k', 0);
  if (k === undefined) return [undefined, undefined];
  const axis = axisOf(c.int('axis', -1), x.dims.length);
  const dims = x.dims.map((d, i) => (i === axis ? k : d));
  return [t(dims, x.dtype), t(dims, 'int64')];
};

const depthToSpace: ShapeRule = (c) => {
  const x = c.need(0);
  if (x.dims.length !== 4) shapeFail('it needs a 4-D input');
  const b = c.int('blocksize', 0);
  if (b < 1) shapeFail('blocksize must be positive');
  const { channel, spatial } = spatialAxes(4, c.layout);
  const dims = [...x.dims];
  if (c.node.op === 'DepthToSpace') {
    if (dims[channel] % (b * b))
      shapeFail(`${dims[channel]} channels are not divisible by blocksize^2 = ${b * b}`);
    dims[channel] /= b * b;
    for (const a of spatial) dims[a] *= b;
  } else {
    for (const a of spatial) {
      if (dims[a] % b) shapeFail(`size ${dims[a]} is not divisible by blocksize ${b}`);
      dims[a] /= b;
    }
    dims[channel] *= b * b;
  }
  return [t(dims, x.dtype)];
};

const batchnorm: ShapeRule = (c) => {
  const x = c.need(0);
  const { channel } = spatialAxes(x.dims.length, c.layout);
  const ch = x.dims[channel];
  for (let i = 1; i < 5; i++) {
    const p = c.input(i);
    if (p && numel(p.dims) !== ch) shapeFail(`input ${i + 1} has ${numel(p.dims)} values for ${ch} channels`);
  }
  const stat = t([ch], x.dtype);
  return [t(x.dims, x.dtype), stat, stat, stat, stat];
};

const dropout: ShapeRule = (c) => {
  const x = c.need(0);
  return [t(x.dims, x.dtype, x.values), t(x.dims, 'bool')];
};

const layerNorm: ShapeRule = (c) => {
  const x = c.need(0);
  const r = x.dims.length;
  const axis = axisOf(c.int('axis', -1), r);
  const stat = x.dims.map((d, i) => (i < axis ? d : 1));
  return [t(x.dims, x.dtype), t(stat, 'float32'), t(stat, 'float32')];
};

/** RNN, GRU, LSTM: X [seq, batch, in] (layout 0) or [batch, seq, in] (layout 1). */
const recurrent: ShapeRule = (c) => {
  const x = c.need(0);
  if (x.dims.length !== 3) shapeFail('X must be 3-D');
  const hidden = c.int('hidden_size', 0);
  if (hidden < 1) shapeFail('hidden_size is missing');
  const dirs = c.string('direction', 'forward') === 'bidirectional' ? 2 : 1;
  const batchFirst = c.int('layout', 0) === 1;
  const [seq, batch] = batchFirst ? [x.dims[1], x.dims[0]] : [x.dims[0], x.dims[1]];
  const y = batchFirst ? [batch, seq, dirs, hidden] : [seq, dirs, batch, hidden];
  const h = batchFirst ? [batch, dirs, hidden] : [dirs, batch, hidden];
  return [t(y, x.dtype), t(h, x.dtype), t(h, x.dtype)];
};

const quantize: ShapeRule = (c) => {
  const x = c.need(0);
  const zp = c.input(2);
  return [
    t(x.dims, c.node.op === 'QuantizeLinear' ? (zp?.dtype ?? 'uint8') : (c.input(1)?.dtype ?? 'float32')),
  ];
};

/** The ONNX operators with a shape rule. */
export const ONNX_RULES: Readonly<Record<string, ShapeRule>> = {
  Conv: conv,
  ConvInteger: (c) => [convShape(c, 0, 1, 'int32')],
  QLinearConv: (c) => [convShape(c, 0, 3, c.input(7)?.dtype ?? 'uint8')],
  ConvTranspose: convTranspose,
  MaxPool: pool(false),
  AveragePool: pool(false),
  LpPool: pool(false),
  GlobalAveragePool: pool(true),
  GlobalMaxPool: pool(true),
  GlobalLpPool: pool(true),
  Gemm: gemm,
  MatMul: matmul,
  MatMulInteger: matmul,
  QLinearMatMul: (c) => [t(matmulDims(c.need(0).dims, c.need(3).dims), c.input(7)?.dtype ?? 'uint8')],
  BatchNormalization: batchnorm,
  InstanceNormalization: same,
  LpNormalization: same,
  LRN: same,
  MeanVarianceNormalization: same,
  LayerNormalization: layerNorm,
  GroupNormalization: same,
  Dropout: dropout,
  Identity: passValues,
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Concat: concat,
  Split: split,
  Slice: slice,
  Shape: shapeOp,
  Size: size,
  Gather: gather,
  GatherElements: (c) => [t(c.need(1).dims, c.need(0).dtype)],
  ScatterElements: same,
  ScatterND: same,
  Cast: cast,
  CastLike: (c) => [t(c.need(0).dims, c.need(1).dtype)],
  ConstantOfShape: constantOfShape,
  Range: range,
  Expand: expand,
  Tile: tile,
  Pad: pad,
  Resize: resize,
  Upsample: resize,
  ReduceMean: reduce(18),
  ReduceSum: reduce(13),
  ReduceMax: reduce(18),
  ReduceMin: reduce(18),
  ReduceProd: reduce(18),
  ReduceL1: reduce(18),
  ReduceL2: reduce(18),
  ReduceLogSum: reduce(18),
  ReduceLogSumExp: reduce(18),
  ReduceSumSquare: reduce(18),
  ArgMax: argReduce,
  ArgMin: argReduce,
  TopK: topk,
  DepthToSpace: depthToSpace,
  SpaceToDepth: depthToSpace,
  LSTM: recurrent,
  GRU: recurrent,
  RNN: recurrent,
  QuantizeLinear: quantize,
  DequantizeLinear: quantize,
  Add: elementwise((a, b) => a + b),
  Sub: elementwise((a, b) => a - b),
  Mul: elementwise((a, b) => a * b),
  Div: div,
  Pow: elementwise((a, b) => a ** b),
  Mod: elementwise(),
  Max: elementwise((...v) => Math.max(...v)),
  Min: elementwise((...v) => Math.min(...v)),
  Sum: elementwise((...v) => v.reduce((a, b) => a + b, 0)),
  Mean: elementwise(),
  PRelu: elementwise(),
  Equal: elementwise((a, b) => +(a === b), 'bool'),
  Less: elementwise((a, b) => +(a < b), 'bool'),
  LessOrEqual: elementwise((a, b) => +(a <= b), 'bool'),
  Greater: elementwise((a, b) => +(a > b), 'bool'),
  GreaterOrEqual: elementwise((a, b) => +(a >= b), 'bool'),
  And: elementwise((a, b) => +(a && b), 'bool'),
  Or: elementwise((a, b) => +(a || b), 'bool'),
  Xor: elementwise((a, b) => +(!a !== !b), 'bool'),
  Where: elementwise((cond, a, b) => (cond ? a : b)),
  Not: (c) => [
    t(
      c.need(0).dims,
      'bool',
      c.values(0)?.map((v) => +!v),
    ),
  ],
  Neg: (c) => [
    t(
      c.need(0).dims,
      c.need(0).dtype,
      c.values(0)?.map((v) => -v),
    ),
  ],
  Abs: (c) => [
    t(
      c.need(0).dims,
      c.need(0).dtype,
      c.values(0)?.map((v) => Math.abs(v)),
    ),
  ],
  Floor: (c) => [
    t(
      c.need(0).dims,
      c.need(0).dtype,
      c.values(0)?.map((v) => Math.floor(v)),
    ),
  ],
  Ceil: (c) => [
    t(
      c.need(0).dims,
      c.need(0).dtype,
      c.values(0)?.map((v) => Math.ceil(v)),
    ),
  ],
  Sqrt: (c) => [
    t(
      c.need(0).dims,
      c.need(0).dtype,
      c.values(0)?.map((v) => Math.sqrt(v)),
    ),
  ],
  ...Object.fromEntries(
    [
      'Relu',
      'LeakyRelu',
      'Sigmoid',
      'Tanh',
      'HardSigmoid',
      'HardSwish',
      'Elu',
      'Selu',
      'Celu',
      'Gelu',
      'Mish',
      'Softplus',
      'Softsign',
      'ThresholdedRelu',
      'Shrink',
      'Erf',
      'Exp',
      'Log',
      'Reciprocal',
      'Round',
      'Sign',
      'Sin',
      'Cos',
      'Tan',
      'Asin',
      'Acos',
      'Atan',
      'Sinh',
      'Cosh',
      'IsNaN',
      'IsInf',
      'Clip',
      'Softmax',
      'LogSoftmax',
      'Hardmax',
      'CumSum',
      'Trilu',
    ].map((op) => [op, same]),
  ),
};
