import { guard, ImportError, quote } from '../errors.ts';
import type { Dim, DType, IrAttr, IrGraph, IrNode, IrTensor, IrValue } from '../ir.ts';
import { keepsValues, numel } from '../ir.ts';
import { validateGraph } from '../validate.ts';
import { Flat, FlatError } from './flat.ts';

/**
 * Reads a TensorFlow Lite model (a FlatBuffer with the identifier "TFL3") into the intermediate
 * graph, NHWC. Field ids are those of tensorflow/lite/schema/schema.fbs: Model (version 0,
 * operator_codes 1, subgraphs 2, buffers 4), SubGraph (tensors 0, inputs 1, outputs 2,
 * operators 3, name 4), Tensor (shape 0, type 1, buffer 2, name 3, shape_signature 7),
 * Operator (opcode_index 0, inputs 1, outputs 2, builtin_options 4), OperatorCode
 * (deprecated_builtin_code 0, custom_code 1, builtin_code 3), Buffer (data 0, offset 1, size 2).
 *
 * Each builtin op is written as the ONNX op with the same meaning; weights are given in ONNX's
 * order (a CONV_2D filter [O, kh, kw, I] becomes [O, I, kh, kw]); a fused activation becomes its
 * own node. Every tensor's stored shape is kept as declared shape, the fallback for ops convcost
 * has no shape rule for. Weight bytes are never read, only the values of small integer tensors.
 */

const FORMAT = 'TFLite';
const MAX_OPS = 200_000;

/** schema.fbs TensorType. */
const TYPES: Record<number, DType> = {
  0: 'float32',
  1: 'float16',
  2: 'int32',
  3: 'uint8',
  4: 'int64',
  5: 'string',
  6: 'bool',
  7: 'int16',
  8: 'complex64',
  9: 'int8',
  10: 'float64',
  11: 'complex128',
  12: 'uint64',
  15: 'uint32',
  16: 'uint16',
  17: 'int4',
};

/** schema.fbs BuiltinOperator names (for messages and unsupported rows). */
const OP_NAMES: Record<number, string> = {
  0: 'ADD',
  1: 'AVERAGE_POOL_2D',
  2: 'CONCATENATION',
  3: 'CONV_2D',
  4: 'DEPTHWISE_CONV_2D',
  5: 'DEPTH_TO_SPACE',
  6: 'DEQUANTIZE',
  9: 'FULLY_CONNECTED',
  12: 'L2_POOL_2D',
  14: 'LOGISTIC',
  16: 'LSTM',
  17: 'MAX_POOL_2D',
  18: 'MUL',
  19: 'RELU',
  20: 'RELU_N1_TO_1',
  21: 'RELU6',
  22: 'RESHAPE',
  23: 'RESIZE_BILINEAR',
  25: 'SOFTMAX',
  26: 'SPACE_TO_DEPTH',
  28: 'TANH',
  31: 'CALL',
  32: 'CUSTOM',
  34: 'PAD',
  36: 'GATHER',
  39: 'TRANSPOSE',
  40: 'MEAN',
  41: 'SUB',
  42: 'DIV',
  43: 'SQUEEZE',
  44: 'UNIDIRECTIONAL_SEQUENCE_LSTM',
  45: 'STRIDED_SLICE',
  47: 'EXP',
  49: 'SPLIT',
  50: 'LOG_SOFTMAX',
  53: 'CAST',
  54: 'PRELU',
  55: 'MAXIMUM',
  57: 'MINIMUM',
  60: 'PADV2',
  65: 'SLICE',
  67: 'TRANSPOSE_CONV',
  70: 'EXPAND_DIMS',
  74: 'SUM',
  75: 'SQRT',
  76: 'RSQRT',
  77: 'SHAPE',
  78: 'POW',
  81: 'REDUCE_PROD',
  82: 'REDUCE_MAX',
  83: 'PACK',
  89: 'REDUCE_MIN',
  92: 'SQUARE',
  97: 'RESIZE_NEAREST_NEIGHBOR',
  98: 'LEAKY_RELU',
  99: 'SQUARED_DIFFERENCE',
  100: 'MIRROR_PAD',
  101: 'ABS',
  102: 'SPLIT_V',
  106: 'ADD_N',
  111: 'ELU',
  114: 'QUANTIZE',
  117: 'HARD_SWISH',
  118: 'IF',
  119: 'WHILE',
  126: 'BATCH_MATMUL',
  150: 'GELU',
};

/** ActivationFunctionType: NONE 0, RELU 1, RELU_N1_TO_1 2, RELU6 3, TANH 4, SIGN_BIT 5. */
const FUSED: Record<number, string> = { 1: 'Relu', 2: 'Clip-1', 3: 'Clip6', 4: 'Tanh', 5: 'Sign' };

interface Tensor {
  name: string;
  dims: number[];
  signature: number[];
  dtype: DType;
  buffer: number;
}

class Builder {
  readonly nodes: IrNode[] = [];
  readonly constants = new Map<string, IrTensor>();
  private opIndex = 0;
  opName = '';
  /** The operator's name in the graph: its first output tensor's (TFLite ops have no names of their own). */
  label = '';

  constructor(
    private readonly f: Flat,
    readonly tensors: readonly Tensor[],
    private readonly buffers: readonly number[],
    readonly produced: ReadonlySet<number>,
    readonly graphInputs: ReadonlySet<number>,
  ) {}

  at(index: number): void {
    this.opIndex = index;
  }

  get where(): string {
    return `operator ${this.opIndex + 1} (${this.opName})`;
  }

  fail(message: string): never {
    throw new ImportError(`${this.where}: ${message}`, FORMAT);
  }

  tensor(i: number): Tensor {
    const t = this.tensors[i];
    if (!t)
      this.fail(`refers to tensor ${i}, which does not exist (the subgraph has ${this.tensors.length})`);
    return t;
  }

  /** Bytes of a tensor's buffer: [start, length], or undefined when it has none. */
  private data(t: Tensor): [number, number] | undefined {
    const b = this.buffers[t.buffer];
    if (t.buffer === 0 || b === undefined) return undefined;
    const vec = this.f.ref(b, 0);
    if (vec) {
      const { length, start } = this.f.vector(vec, 1);
      return length ? [start, length] : undefined;
    }
    // Models over 2 GB keep buffers after the flatbuffer: offset 1 and size 2 (not read).
    const size = this.f.field(b, 2) ? this.f.i64(this.f.field(b, 2)) : 0;
    return size > 0 ? [-1, size] : undefined;
  }

  /** The values of a small integer or float tensor stored in the file. */
  values(i: number): number[] | undefined {
    const t = this.tensor(i);
    const d = this.data(t);
    const n = numel(t.dims);
    if (!d || d[0] < 0 || !keepsValues(t.dtype, n)) return undefined;
    const width = { int32: 4, int64: 8, float32: 4, int8: 1, uint8: 1, int16: 2, bool: 1 }[t.dtype as string];
    if (!width || d[1] < n * width) return undefined;
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const p = d[0] + k * width;
      if (t.dtype === 'int32') out.push(this.f.i32(p));
      else if (t.dtype === 'int64') out.push(this.f.i64(p));
      else if (t.dtype === 'float32') out.push(this.f.f32(p));
      else if (t.dtype === 'int8') out.push(this.f.i8(p));
      else if (t.dtype === 'int16') out.push((this.f.u16(p) << 16) >> 16);
      else out.push(this.f.u8(p));
    }
    return out;
  }

  /** The IR name of tensor i as an op input ("" when omitted); constants are registered on first use. */
  input(i: number | undefined): string {
    if (i === undefined || i < 0) return '';
    const t = this.tensor(i);
    if (!this.produced.has(i) && !this.graphInputs.has(i) && !this.constants.has(t.name)) {
      const values = this.values(i);
      this.constants.set(t.name, {
        name: t.name,
        dtype: t.dtype,
        dims: t.dims,
        ...(values ? { values } : {}),
        data: this.data(t) ? 'inline' : 'none',
      });
    }
    return t.name;
  }

  /** A weight tensor given in ONNX order: dims permuted, under a name of its own. */
  permuted(i: number, perm: readonly number[], suffix: string): string {
    const t = this.tensor(i);
    if (t.dims.length !== perm.length)
      this.fail(`its weight ${quote(t.name)} has rank ${t.dims.length}, not ${perm.length}`);
    if (this.produced.has(i) || this.graphInputs.has(i))
      this.fail(`its weight ${quote(t.name)} is not a constant`);
    const name = `${t.name}:${suffix}`;
    if (!this.constants.has(name))
      this.constants.set(name, {
        name,
        dtype: t.dtype,
        dims: perm.map((p) => t.dims[p]),
        data: this.data(t) ? 'inline' : 'none',
      });
    return name;
  }

  constant(name: string, dtype: DType, dims: number[], values: number[]): string {
    this.constants.set(name, { name, dtype, dims, values, data: 'inline' });
    return name;
  }

  node(
    op: string,
    inputs: string[],
    outputs: string[],
    attrs: Record<string, IrAttr> = {},
    domain = '',
  ): void {
    this.nodes.push({ name: this.label, op, domain, inputs, outputs, attrs });
  }

  /** The op writes `out` directly, or an intermediate followed by its fused activation. */
  fused(out: string, act: number): string {
    if (act === 0) return out;
    const fn = FUSED[act];
    if (!fn) this.fail(`has an unknown fused activation ${act}`);
    const pre = `${out}:pre-activation`;
    if (fn === 'Clip6' || fn === 'Clip-1') {
      const lo = this.constant(`${out}:min`, 'float32', [], [fn === 'Clip6' ? 0 : -1]);
      const hi = this.constant(`${out}:max`, 'float32', [], [fn === 'Clip6' ? 6 : 1]);
      this.nodes.push({
        name: `${this.label}:activation`,
        op: 'Clip',
        domain: '',
        inputs: [pre, lo, hi],
        outputs: [out],
        attrs: {},
      });
    } else
      this.nodes.push({
        name: `${this.label}:activation`,
        op: fn,
        domain: '',
        inputs: [pre],
        outputs: [out],
        attrs: {},
      });
    return pre;
  }
}

/** What a translation sees of one operator. */
interface Op {
  b: Builder;
  f: Flat;
  inputs: number[];
  outputs: number[];
  /** The builtin options table, or 0. */
  opt: number;
  out: string[];
}

const pad = (p: number) => (p === 0 ? 'SAME_UPPER' : 'VALID');

function conv(o: Op, depthwise: boolean): void {
  const { b, f, opt } = o;
  const x = b.tensor(o.inputs[0]);
  const w = b.tensor(o.inputs[1]);
  const c = x.dims[3];
  if (x.dims.length !== 4 || w.dims.length !== 4) b.fail('needs a 4-D input and filter');
  // depthwise filter [1, kh, kw, C*M] -> [C*M, 1, kh, kw]; conv filter [O, kh, kw, I] -> [O, I, kh, kw].
  const weight = depthwise
    ? b.permuted(o.inputs[1], [3, 0, 1, 2], 'oihw')
    : b.permuted(o.inputs[1], [0, 3, 1, 2], 'oihw');
  const group = depthwise ? c : w.dims[3] > 0 && c % w.dims[3] === 0 ? c / w.dims[3] : 1;
  const a = depthwise ? 4 : 3;
  const act = f.byte(opt, a, 0);
  const dil = depthwise ? [f.int(opt, 6, 1), f.int(opt, 5, 1)] : [f.int(opt, 5, 1), f.int(opt, 4, 1)];
  const out = b.fused(o.out[0], opt ? act : 0);
  b.node('Conv', [b.input(o.inputs[0]), weight, b.input(o.inputs[2])], [out], {
    strides: [f.int(opt, 2, 1), f.int(opt, 1, 1)],
    dilations: dil,
    auto_pad: pad(f.byte(opt, 0, 0)),
    group,
  });
}

function pool(o: Op, op: string): void {
  const { b, f, opt } = o;
  const out = b.fused(o.out[0], f.byte(opt, 5, 0));
  b.node(op, [b.input(o.inputs[0])], [out], {
    kernel_shape: [f.int(opt, 4, 1), f.int(opt, 3, 1)],
    strides: [f.int(opt, 2, 1), f.int(opt, 1, 1)],
    auto_pad: pad(f.byte(opt, 0, 0)),
    ...(op === 'LpPool' ? { p: 2 } : {}),
  });
}

function binary(op: string, fusedId: number | undefined): (o: Op) => void {
  return (o) => {
    const out = fusedId === undefined ? o.out[0] : o.b.fused(o.out[0], o.f.byte(o.opt, fusedId, 0));
    o.b.node(
      op,
      o.inputs.map((i) => o.b.input(i)),
      [out],
    );
  };
}

function unary(op: string, attrs: (o: Op) => Record<string, IrAttr> = () => ({})): (o: Op) => void {
  return (o) => o.b.node(op, [o.b.input(o.inputs[0])], [o.out[0]], attrs(o));
}

function reducer(op: string): (o: Op) => void {
  return (o) =>
    o.b.node(op, [o.b.input(o.inputs[0]), o.b.input(o.inputs[1])], [o.out[0]], {
      keepdims: +o.f.bool(o.opt, 0),
    });
}

/** Constant integer input values, or a message when they are not constant. */
function ints(o: Op, k: number, what: string): number[] {
  const v = o.b.values(o.inputs[k]);
  if (!v) o.b.fail(`its ${what} is not a constant`);
  return v;
}

const TRANSLATE: Record<number, (o: Op) => void> = {
  0: binary('Add', 0),
  1: (o) => pool(o, 'AveragePool'),
  2: (o) => {
    const out = o.b.fused(o.out[0], o.f.byte(o.opt, 1, 0));
    o.b.node(
      'Concat',
      o.inputs.map((i) => o.b.input(i)),
      [out],
      { axis: o.f.int(o.opt, 0, 0) },
    );
  },
  3: (o) => conv(o, false),
  4: (o) => conv(o, true),
  5: unary('DepthToSpace', (o) => ({ blocksize: o.f.int(o.opt, 0, 1) })),
  6: unary('DequantizeLinear'),
  9: (o) => {
    const { b, f, opt } = o;
    const x = b.tensor(o.inputs[0]);
    const w = b.tensor(o.inputs[1]);
    if (w.dims.length !== 2) b.fail('needs a 2-D weight');
    const keep = f.bool(opt, 2);
    let a = b.input(o.inputs[0]);
    if (x.dims.length !== 2) {
      const flat = `${o.out[0]}:flattened`;
      const shape = b.constant(`${o.out[0]}:flat-shape`, 'int64', [2], [-1, w.dims[1]]);
      b.node('Reshape', [a, shape], [flat]);
      a = flat;
    }
    const outName = keep && x.dims.length !== 2 ? `${o.out[0]}:2d` : o.out[0];
    const out = b.fused(outName, f.byte(opt, 0, 0));
    b.node('Gemm', [a, b.input(o.inputs[1]), b.input(o.inputs[2])], [out], { transB: 1 });
    if (outName !== o.out[0]) {
      const shape = b.constant(
        `${o.out[0]}:shape`,
        'int64',
        [x.dims.length],
        [...x.dims.slice(0, -1), w.dims[0]],
      );
      b.node('Reshape', [outName, shape], [o.out[0]]);
    }
  },
  12: (o) => pool(o, 'LpPool'),
  14: unary('Sigmoid'),
  17: (o) => pool(o, 'MaxPool'),
  18: binary('Mul', 0),
  19: unary('Relu'),
  20: (o) => {
    const lo = o.b.constant(`${o.out[0]}:min`, 'float32', [], [-1]);
    const hi = o.b.constant(`${o.out[0]}:max`, 'float32', [], [1]);
    o.b.node('Clip', [o.b.input(o.inputs[0]), lo, hi], [o.out[0]]);
  },
  21: (o) => {
    const lo = o.b.constant(`${o.out[0]}:min`, 'float32', [], [0]);
    const hi = o.b.constant(`${o.out[0]}:max`, 'float32', [], [6]);
    o.b.node('Clip', [o.b.input(o.inputs[0]), lo, hi], [o.out[0]]);
  },
  22: (o) => {
    let shape = o.inputs.length > 1 && o.inputs[1] >= 0 ? o.b.values(o.inputs[1]) : undefined;
    shape ??= o.opt ? o.f.ints(o.opt, 0) : undefined;
    // Without a constant target, the stored output shape is the target.
    shape ??= o.b.tensor(o.outputs[0]).dims;
    o.b.node(
      'Reshape',
      [o.b.input(o.inputs[0]), o.b.constant(`${o.out[0]}:target`, 'int64', [shape.length], shape)],
      [o.out[0]],
    );
  },
  23: (o) => resize(o, 'linear'),
  25: unary('Softmax', () => ({ axis: -1 })),
  26: unary('SpaceToDepth', (o) => ({ blocksize: o.f.int(o.opt, 0, 1) })),
  28: unary('Tanh'),
  34: (o) => padOp(o, 'constant'),
  36: (o) =>
    o.b.node('Gather', [o.b.input(o.inputs[0]), o.b.input(o.inputs[1])], [o.out[0]], {
      axis: o.f.int(o.opt, 0, 0),
    }),
  39: (o) => o.b.node('Transpose', [o.b.input(o.inputs[0])], [o.out[0]], { perm: ints(o, 1, 'permutation') }),
  40: reducer('ReduceMean'),
  41: binary('Sub', 0),
  42: binary('Div', 0),
  43: (o) => {
    const dims = o.opt ? o.f.ints(o.opt, 0) : [];
    const inputs = [o.b.input(o.inputs[0])];
    if (dims.length) inputs.push(o.b.constant(`${o.out[0]}:axes`, 'int64', [dims.length], dims));
    o.b.node('Squeeze', inputs, [o.out[0]]);
  },
  47: unary('Exp'),
  49: (o) => {
    const axis = ints(o, 0, 'axis')[0];
    o.b.node('Split', [o.b.input(o.inputs[1])], o.out, { axis });
  },
  50: unary('LogSoftmax', () => ({ axis: -1 })),
  53: unary('Cast', (o) => ({ to: ONNX_TYPE[o.b.tensor(o.outputs[0]).dtype] ?? 1 })),
  54: binary('PRelu', undefined),
  55: binary('Max', undefined),
  57: binary('Min', undefined),
  60: (o) => padOp(o, 'constant'),
  65: (o) => {
    const begin = ints(o, 1, 'begin');
    const size = ints(o, 2, 'size');
    const x = o.b.tensor(o.inputs[0]);
    const end = size.map((s, i) => (s < 0 ? x.dims[i] : begin[i] + s));
    const n = begin.length;
    o.b.node(
      'Slice',
      [
        o.b.input(o.inputs[0]),
        o.b.constant(`${o.out[0]}:starts`, 'int64', [n], begin),
        o.b.constant(`${o.out[0]}:ends`, 'int64', [n], end),
      ],
      [o.out[0]],
    );
  },
  67: (o) => {
    // TRANSPOSE_CONV inputs: output_shape, weights [O, kh, kw, I], input, bias.
    const outShape = ints(o, 0, 'output shape');
    const weight = o.b.permuted(o.inputs[1], [3, 0, 1, 2], 'iohw');
    o.b.node('ConvTranspose', [o.b.input(o.inputs[2]), weight, o.b.input(o.inputs[3])], [o.out[0]], {
      strides: [o.f.int(o.opt, 2, 1), o.f.int(o.opt, 1, 1)],
      auto_pad: pad(o.f.byte(o.opt, 0, 0)),
      output_shape: outShape.slice(1, 3),
    });
  },
  70: (o) => o.b.node('Unsqueeze', [o.b.input(o.inputs[0]), o.b.input(o.inputs[1])], [o.out[0]]),
  74: reducer('ReduceSum'),
  75: unary('Sqrt'),
  77: unary('Shape'),
  78: binary('Pow', undefined),
  81: reducer('ReduceProd'),
  82: reducer('ReduceMax'),
  89: reducer('ReduceMin'),
  97: (o) => resize(o, 'nearest'),
  98: unary('LeakyRelu', (o) => ({ alpha: o.f.float(o.opt, 0, 0.2) })),
  100: (o) => padOp(o, 'reflect'),
  101: unary('Abs'),
  102: (o) => {
    const sizes = ints(o, 1, 'split sizes');
    const axis = ints(o, 2, 'axis')[0];
    o.b.node(
      'Split',
      [o.b.input(o.inputs[0]), o.b.constant(`${o.out[0]}:split`, 'int64', [sizes.length], sizes)],
      o.out,
      { axis },
    );
  },
  106: binary('Sum', undefined),
  111: unary('Elu'),
  114: (o) => o.b.node('QuantizeLinear', [o.b.input(o.inputs[0])], [o.out[0]]),
  117: unary('HardSwish'),
  126: binary('MatMul', undefined),
  150: unary('Gelu'),
};

const ONNX_TYPE: Partial<Record<DType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int16: 5,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
};

function padOp(o: Op, mode: string): void {
  const p = ints(o, 1, 'paddings');
  const r = p.length / 2;
  // [[before, after] per axis] -> ONNX [begins..., ends...].
  const pads = [
    ...Array.from({ length: r }, (_, i) => p[2 * i]),
    ...Array.from({ length: r }, (_, i) => p[2 * i + 1]),
  ];
  o.b.node(
    'Pad',
    [o.b.input(o.inputs[0]), o.b.constant(`${o.out[0]}:pads`, 'int64', [pads.length], pads)],
    [o.out[0]],
    { mode },
  );
}

function resize(o: Op, mode: string): void {
  const size = ints(o, 1, 'size');
  const x = o.b.tensor(o.inputs[0]);
  const sizes = [x.dims[0], size[0], size[1], x.dims[3]];
  o.b.node(
    'Resize',
    [o.b.input(o.inputs[0]), '', '', o.b.constant(`${o.out[0]}:sizes`, 'int64', [4], sizes)],
    [o.out[0]],
    { mode },
  );
}

/** Reads the bytes of a .tflite file into the validated intermediate graph. Throws an ImportError. */
export function readTflite(bytes: Uint8Array): IrGraph {
  return guard(FORMAT, 'the TFLite model', () => {
    try {
      return readModel(bytes);
    } catch (e) {
      if (e instanceof FlatError)
        throw new ImportError(`this is not a valid TFLite file: ${e.message}`, FORMAT);
      throw e;
    }
  });
}

function readModel(bytes: Uint8Array): IrGraph {
  if (bytes.length < 8) throw new ImportError('the file is too short to be a TFLite model', FORMAT);
  const ident = String.fromCharCode(...bytes.subarray(4, 8));
  if (ident !== 'TFL3')
    throw new ImportError('this is not a TFLite model (it lacks the "TFL3" identifier)', FORMAT);
  const f = new Flat(bytes);
  const root = f.root();
  const codes = f.tables(root, 1).map((oc) => ({
    code: Math.max(f.byte(oc, 0, 0), f.int(oc, 3, 0)),
    custom: f.string(oc, 1),
  }));
  const subgraphs = f.tables(root, 2);
  if (!subgraphs.length) throw new ImportError('the model has no subgraph', FORMAT);
  const buffers = f.tables(root, 4);
  const sg = subgraphs[0];
  const notes: string[] = [];
  if (subgraphs.length > 1)
    notes.push(
      `only the main subgraph is read (the model has ${subgraphs.length}; the others are control-flow bodies)`,
    );

  const seen = new Map<string, number>();
  const tensors: Tensor[] = f.tables(sg, 0).map((t, i) => {
    const code = f.byte(t, 1, 0);
    const dtype = TYPES[code] ?? 'unknown';
    let name = f.string(t, 3) || `tensor_${i}`;
    // Names are for debugging in TFLite and may repeat; the graph needs unique ones.
    if (seen.has(name)) name = `${name}#${i}`;
    seen.set(name, i);
    const dims = f.ints(t, 0);
    for (const d of dims)
      if (d < 0) throw new ImportError(`tensor ${i} ${quote(name)} has a negative dimension ${d}`, FORMAT);
    return { name, dims, signature: f.ints(t, 7), dtype, buffer: f.uint(t, 2, 0) };
  });
  const sgInputs = f.ints(sg, 1);
  const sgOutputs = f.ints(sg, 2);
  const operators = f.tables(sg, 3);
  if (operators.length > MAX_OPS)
    throw new ImportError(`the model has more than ${MAX_OPS} operators`, FORMAT);
  const tensorAt = (i: number, what: string) => {
    if (!tensors[i]) throw new ImportError(`${what} refers to tensor ${i}, which does not exist`, FORMAT);
    return tensors[i];
  };
  const produced = new Set<number>();
  const ops = operators.map((op, k) => {
    const outputs = f.ints(op, 2);
    for (const o of outputs) {
      tensorAt(o, `operator ${k + 1}`);
      produced.add(o);
    }
    return { op, outputs, inputs: f.ints(op, 1) };
  });
  const b = new Builder(f, tensors, buffers, produced, new Set(sgInputs));
  ops.forEach(({ op, inputs, outputs }, k) => {
    b.at(k);
    const index = f.uint(op, 0, 0);
    const oc = codes[index];
    if (!oc)
      throw new ImportError(`operator ${k + 1} uses operator code ${index}, which does not exist`, FORMAT);
    const name = oc.code === 32 ? oc.custom || 'CUSTOM' : (OP_NAMES[oc.code] ?? `BUILTIN_${oc.code}`);
    b.opName = name;
    b.label = outputs.length && tensors[outputs[0]] ? tensors[outputs[0]].name : `${k + 1}:${name}`;
    for (const i of inputs) if (i >= 0) tensorAt(i, b.where);
    const out = outputs.map((o) => tensors[o].name);
    const translate = oc.code === 32 ? undefined : TRANSLATE[oc.code];
    if (translate) translate({ b, f, inputs, outputs, opt: f.ref(op, 4), out });
    else
      b.node(
        name,
        inputs.map((i) => b.input(i)),
        out,
        {},
        oc.code === 32 ? 'tflite.custom' : 'tflite',
      );
  });

  const dimsOf = (t: Tensor): Dim[] =>
    t.signature.length === t.dims.length ? t.signature.map((d, i) => (d < 0 ? '?' : t.dims[i])) : t.dims;
  const inputs: IrValue[] = sgInputs.map((i) => {
    const t = tensorAt(i, 'the subgraph inputs');
    return { name: t.name, dtype: t.dtype, dims: dimsOf(t) };
  });
  const valueInfo = new Map<string, IrValue>();
  for (const i of produced) {
    const t = tensors[i];
    if (t.dims.length || t.signature.length)
      valueInfo.set(t.name, { name: t.name, dtype: t.dtype, dims: dimsOf(t) });
  }
  return validateGraph({
    format: FORMAT,
    producer: f.string(root, 3),
    name: f.string(sg, 4),
    layout: 'NHWC',
    opset: 21,
    inputs,
    outputs: sgOutputs.map((i) => tensorAt(i, 'the subgraph outputs').name),
    constants: b.constants,
    valueInfo,
    nodes: b.nodes,
    notes,
  });
}
