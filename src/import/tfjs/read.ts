import { guard, ImportError, quote } from '../errors.ts';
import type { Dim, DType, IrAttr, IrGraph, IrNode, IrTensor, IrValue } from '../ir.ts';
import { kerasToIr, type StoredWeight } from '../keras/topology.ts';
import { validateGraph } from '../validate.ts';

/**
 * TensorFlow.js `model.json`: a layers model (modelTopology is a Keras config) or a graph model
 * (modelTopology.node is a TensorFlow GraphDef as JSON). The kind is told by `format` when there
 * is one and by structure otherwise (older converters wrote no `format`). Weight shapes come from
 * `weightsManifest`; the binary shards are never needed.
 */

const FORMAT = 'TensorFlow.js';
const MAX_NODES = 200_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** weightsManifest: [{ paths, weights: [{ name, shape, dtype }] }]. */
function manifest(json: Obj): StoredWeight[] {
  const out: StoredWeight[] = [];
  const groups = Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
  for (const g of groups) {
    if (!isObj(g) || !Array.isArray(g.weights)) continue;
    for (const w of g.weights) {
      if (!isObj(w) || typeof w.name !== 'string' || !Array.isArray(w.shape)) continue;
      if (!w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0))
        throw new ImportError(
          `weightsManifest: weight ${quote(w.name)} has an impossible shape ${JSON.stringify(w.shape).slice(0, 40)}`,
          FORMAT,
        );
      out.push({ name: w.name, dims: w.shape as number[] });
    }
  }
  return out;
}

/** Reads a parsed model.json. */
export function readTfjs(json: unknown): IrGraph {
  return guard(FORMAT, 'the TensorFlow.js model', () => {
    if (!isObj(json) || !isObj(json.modelTopology))
      throw new ImportError('this is not a TensorFlow.js model.json (it has no modelTopology)', FORMAT);
    const topo = json.modelTopology;
    const weights = manifest(json);
    const producer = [json.generatedBy, json.convertedBy].filter((v) => typeof v === 'string').join(', ');
    const format = typeof json.format === 'string' ? json.format : undefined;
    if (format === 'graph-model' || (!format && Array.isArray(topo.node)))
      return graphModel(topo, weights, producer);
    if (format && format !== 'layers-model')
      throw new ImportError(`unknown TensorFlow.js model format ${quote(format)}`, FORMAT);
    return kerasToIr(topo, FORMAT, { producer, weights });
  });
}

/** A TensorFlow attribute value: { i: "3" } | { f } | { s: base64 } | { b } | { type } | { list: {...} } | { shape } | { tensor }. */
function attrValue(v: unknown): IrAttr | undefined {
  if (!isObj(v)) return undefined;
  if (typeof v.i === 'string' || typeof v.i === 'number') return Number(v.i);
  if (typeof v.f === 'number') return v.f;
  if (typeof v.b === 'boolean') return v.b ? 1 : 0;
  if (typeof v.s === 'string') return decodeBase64(v.s);
  if (typeof v.type === 'string') return v.type;
  if (isObj(v.list)) {
    const l = v.list;
    if (Array.isArray(l.i)) return l.i.map(Number);
    if (Array.isArray(l.f)) return l.f.map(Number);
    if (Array.isArray(l.s)) return l.s.map((s) => decodeBase64(String(s)));
    return [];
  }
  return undefined;
}

function decodeBase64(s: string): string {
  try {
    return atob(s);
  } catch {
    return s;
  }
}

const TF_TYPES: Record<string, DType> = {
  DT_FLOAT: 'float32',
  DT_HALF: 'float16',
  DT_INT32: 'int32',
  DT_INT64: 'int64',
  DT_UINT8: 'uint8',
  DT_INT8: 'int8',
  DT_BOOL: 'bool',
  DT_STRING: 'string',
  DT_DOUBLE: 'float64',
};

function shapeDims(v: unknown): Dim[] | undefined {
  if (!isObj(v)) return undefined;
  const s = isObj(v.shape) ? v.shape : isObj(v.tensorShape) ? v.tensorShape : v;
  if (s.unknownRank) return undefined;
  if (!Array.isArray(s.dim)) return [];
  return s.dim.map((d) => {
    const n = isObj(d) ? Number(d.size) : Number.NaN;
    return Number.isInteger(n) && n >= 0 ? n : '?';
  });
}

/** Fused activations of _FusedConv2D / _FusedMatMul / FusedDepthwiseConv2dNative. */
const FUSED_ACT: Record<string, string> = {
  Relu: 'Relu',
  Relu6: 'Clip6',
  Elu: 'Elu',
  Sigmoid: 'Sigmoid',
  Tanh: 'Tanh',
  LeakyRelu: 'LeakyRelu',
};

function graphModel(topo: Obj, weights: StoredWeight[], producer: string): IrGraph {
  const nodesIn = (topo.node as unknown[]).filter(isObj);
  if (nodesIn.length > MAX_NODES) throw new ImportError(`the graph has more than ${MAX_NODES} nodes`, FORMAT);
  const byWeight = new Map(weights.map((w) => [w.name, w]));
  const constants = new Map<string, IrTensor>();
  const inputs: IrValue[] = [];
  const nodes: IrNode[] = [];
  const outputsUsed = new Set<string>();
  const constDims = new Map<string, readonly number[]>();
  // Input "name:1" is output 1 of node "name"; "^name" is a control dependency.
  const ref = (s: string) => (s.startsWith('^') ? '' : s.endsWith(':0') ? s.slice(0, -2) : s);
  for (const n of nodesIn) {
    const name = String(n.name ?? '');
    const op = String(n.op ?? '');
    const attr = isObj(n.attr) ? n.attr : {};
    if (!name || !op) throw new ImportError('a graph node has no name or op', FORMAT);
    if (op === 'Placeholder') {
      inputs.push({
        name,
        dtype: TF_TYPES[String((attr.dtype as Obj)?.type)] ?? 'float32',
        ...(shapeDims(attr.shape) ? { dims: shapeDims(attr.shape) } : {}),
      });
      continue;
    }
    if (op === 'Const') {
      const w = byWeight.get(name);
      const value = isObj(attr.value) ? attr.value.tensor : undefined;
      const dims =
        w?.dims ??
        (shapeDims(value)?.every((d) => typeof d === 'number') ? (shapeDims(value) as number[]) : undefined);
      if (!dims) throw new ImportError(`constant ${quote(name)} has no shape`, FORMAT);
      const dtype = TF_TYPES[String(isObj(value) ? value.dtype : '')] ?? 'float32';
      constants.set(name, { name, dtype, dims, data: w ? 'external' : 'none' });
      constDims.set(name, dims);
    }
  }
  let k = 0;
  for (const n of nodesIn) {
    const name = String(n.name);
    const op = String(n.op);
    if (op === 'Placeholder' || op === 'Const') continue;
    const attr = isObj(n.attr) ? n.attr : {};
    const a: Record<string, IrAttr> = {};
    for (const [key, v] of Object.entries(attr)) {
      const x = attrValue(v);
      if (x !== undefined) a[key] = x;
    }
    const ins = (Array.isArray(n.input) ? n.input : []).map((s) => ref(String(s))).filter(Boolean);
    for (const i of ins) outputsUsed.add(i);
    k++;
    translateTf(name, op, ins, a, constants, constDims, nodes, k);
  }
  // Outputs: values nothing reads (a graph model names no outputs of its own).
  const produced = nodes.flatMap((n) => n.outputs);
  const outputs = produced.filter(
    (o) => !outputsUsed.has(o) && !o.includes(':pre-activation') && !nodes.some((n) => n.inputs.includes(o)),
  );
  return validateGraph({
    format: FORMAT,
    producer,
    name: 'graph-model',
    layout: 'NHWC',
    opset: 21,
    inputs,
    outputs,
    constants,
    valueInfo: new Map(),
    nodes,
    notes: [
      'weights live in the binary shards beside model.json; only their shapes (weightsManifest) are used',
    ],
  });
}

/** TF's data_format, strides and padding as ONNX attributes (NHWC: strides [1, sh, sw, 1]). */
function windowAttrs(a: Record<string, IrAttr>, name: string): Record<string, IrAttr> {
  const fmt = typeof a.data_format === 'string' ? a.data_format : 'NHWC';
  if (fmt !== 'NHWC')
    throw new ImportError(
      `node ${quote(name)} uses data_format ${quote(fmt)}; only NHWC graph models are read`,
      FORMAT,
    );
  const s = Array.isArray(a.strides) ? (a.strides as number[]) : [1, 1, 1, 1];
  const d = Array.isArray(a.dilations) ? (a.dilations as number[]) : [1, 1, 1, 1];
  const padding = typeof a.padding === 'string' ? a.padding : 'VALID';
  const out: Record<string, IrAttr> = { strides: [s[1], s[2]], dilations: [d[1] ?? 1, d[2] ?? 1] };
  if (padding === 'SAME') out.auto_pad = 'SAME_UPPER';
  else if (padding === 'VALID') out.auto_pad = 'VALID';
  else if (padding === 'EXPLICIT' && Array.isArray(a.explicit_paddings)) {
    const p = a.explicit_paddings as number[];
    out.pads = [p[2], p[4], p[3], p[5]];
  } else throw new ImportError(`node ${quote(name)} has padding ${quote(padding)}`, FORMAT);
  return out;
}

function translateTf(
  name: string,
  op: string,
  ins: string[],
  a: Record<string, IrAttr>,
  constants: Map<string, IrTensor>,
  constDims: Map<string, readonly number[]>,
  nodes: IrNode[],
  k: number,
): void {
  const node = (
    op2: string,
    inputs: string[],
    outputs: string[],
    attrs: Record<string, IrAttr> = {},
    domain = '',
  ) =>
    nodes.push({
      name: outputs[0] === name ? name : `${name}:${op2}`,
      op: op2,
      domain,
      inputs,
      outputs,
      attrs,
    });
  const weight = (input: string, dims: number[], suffix: string): string => {
    const t = constants.get(input);
    if (!t)
      throw new ImportError(
        `node ${quote(name)} (${op}): its filter ${quote(input)} is not a constant`,
        FORMAT,
      );
    const n = `${input}:${suffix}`;
    constants.set(n, { ...t, name: n, dims });
    return n;
  };
  const fusedOps = Array.isArray(a.fused_ops) ? (a.fused_ops as string[]) : [];
  /** Ops after the main one: BiasAdd (the next input is the bias), then an activation. */
  const fused = (mainOut: string, biasIndex: number): { out: string; bias: string } => {
    let bias = '';
    let act: string | undefined;
    for (const f of fusedOps) {
      if (f === 'BiasAdd' || f === 'Add') bias = ins[biasIndex] ?? '';
      else if (FUSED_ACT[f]) act = FUSED_ACT[f];
      else if (f.startsWith('FusedBatchNorm')) bias = ins[biasIndex] ?? '';
      else
        throw new ImportError(
          `node ${quote(name)} (${op}) fuses ${quote(f)}, which convcost does not read`,
          FORMAT,
        );
    }
    if (!act) return { out: mainOut, bias };
    const pre = `${mainOut}:pre-activation`;
    if (act === 'Clip6') {
      const lo = `${name}:min`;
      const hi = `${name}:max`;
      constants.set(lo, { name: lo, dtype: 'float32', dims: [], values: [0], data: 'inline' });
      constants.set(hi, { name: hi, dtype: 'float32', dims: [], values: [6], data: 'inline' });
      nodes.push({
        name: `${name}:activation`,
        op: 'Clip',
        domain: '',
        inputs: [pre, lo, hi],
        outputs: [mainOut],
        attrs: {},
      });
    } else
      nodes.push({
        name: `${name}:activation`,
        op: act,
        domain: '',
        inputs: [pre],
        outputs: [mainOut],
        attrs:
          act === 'LeakyRelu'
            ? { alpha: typeof a.leakyrelu_alpha === 'number' ? a.leakyrelu_alpha : 0.2 }
            : {},
      });
    return { out: pre, bias };
  };
  switch (op) {
    case 'Conv2D':
    case '_FusedConv2D': {
      const w = constDims.get(ins[1]);
      if (w?.length !== 4)
        throw new ImportError(`node ${quote(name)} (${op}): its filter has no 4-D shape`, FORMAT);
      // TF filter [kh, kw, in, out] -> ONNX [out, in, kh, kw].
      const f = fused(name, 2);
      node('Conv', [ins[0], weight(ins[1], [w[3], w[2], w[0], w[1]], 'oihw'), f.bias], [f.out], {
        ...windowAttrs(a, name),
        group: 0,
      });
      return;
    }
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2dNative': {
      const w = constDims.get(ins[1]);
      if (w?.length !== 4)
        throw new ImportError(`node ${quote(name)} (${op}): its filter has no 4-D shape`, FORMAT);
      // TF depthwise filter [kh, kw, in, multiplier] -> ONNX [in x multiplier, 1, kh, kw], group = in.
      const f = fused(name, 2);
      node('Conv', [ins[0], weight(ins[1], [w[2] * w[3], 1, w[0], w[1]], 'oihw'), f.bias], [f.out], {
        ...windowAttrs(a, name),
        group: w[2],
      });
      return;
    }
    case 'MatMul':
    case '_FusedMatMul': {
      const f = fused(name, 2);
      node('Gemm', [ins[0], ins[1], f.bias], [f.out], {
        transA: a.transpose_a ? 1 : 0,
        transB: a.transpose_b ? 1 : 0,
      });
      return;
    }
    case 'BiasAdd':
    case 'Add':
    case 'AddV2':
      node('Add', ins.slice(0, 2), [name]);
      return;
    case 'AddN':
      node('Sum', ins, [name]);
      return;
    case 'Mul':
      node('Mul', ins, [name]);
      return;
    case 'Sub':
      node('Sub', ins, [name]);
      return;
    case 'RealDiv':
    case 'Div':
      node('Div', ins, [name]);
      return;
    case 'Maximum':
      node('Max', ins, [name]);
      return;
    case 'Minimum':
      node('Min', ins, [name]);
      return;
    case 'Relu':
    case 'Sigmoid':
    case 'Tanh':
    case 'Elu':
    case 'Selu':
    case 'Softplus':
    case 'Exp':
    case 'Sqrt':
    case 'Rsqrt':
    case 'Softmax':
      node(op === 'Rsqrt' ? 'Reciprocal' : op, [ins[0]], [name], op === 'Softmax' ? { axis: -1 } : {});
      return;
    case 'Relu6': {
      const lo = `${name}:min`;
      const hi = `${name}:max`;
      constants.set(lo, { name: lo, dtype: 'float32', dims: [], values: [0], data: 'inline' });
      constants.set(hi, { name: hi, dtype: 'float32', dims: [], values: [6], data: 'inline' });
      node('Clip', [ins[0], lo, hi], [name]);
      return;
    }
    case 'LeakyRelu':
      node('LeakyRelu', [ins[0]], [name], { alpha: typeof a.alpha === 'number' ? a.alpha : 0.2 });
      return;
    case 'MaxPool':
    case 'AvgPool': {
      const ks = Array.isArray(a.ksize) ? (a.ksize as number[]) : [1, 1, 1, 1];
      const w = windowAttrs(a, name);
      delete w.dilations;
      node(op === 'MaxPool' ? 'MaxPool' : 'AveragePool', [ins[0]], [name], {
        ...w,
        kernel_shape: [ks[1], ks[2]],
      });
      return;
    }
    case 'Identity':
    case 'StopGradient':
    case 'NoOp':
      if (ins.length) node('Identity', [ins[0]], [name]);
      return;
    case 'FusedBatchNorm':
    case 'FusedBatchNormV3':
      node('BatchNormalization', ins.slice(0, 5), [name]);
      return;
    case 'Squeeze': {
      const axes = Array.isArray(a.squeeze_dims) ? (a.squeeze_dims as number[]) : [];
      const inputs = [ins[0]];
      if (axes.length) {
        const c = `${name}:axes`;
        constants.set(c, { name: c, dtype: 'int64', dims: [axes.length], values: axes, data: 'inline' });
        inputs.push(c);
      }
      node('Squeeze', inputs, [name]);
      return;
    }
    case 'Mean':
    case 'Sum':
    case 'Max':
    case 'Min':
    case 'Prod':
      node(`Reduce${op}`, ins.slice(0, 2), [name], { keepdims: a.keep_dims ? 1 : 0 });
      return;
    case 'ConcatV2':
      // The last input is the axis.
      node('Concat', ins.slice(0, -1), [name], {
        axis: constants.get(ins[ins.length - 1])?.values?.[0] ?? -1,
      });
      return;
    case 'Reshape':
      node('Reshape', ins.slice(0, 2), [name]);
      return;
    case 'Pad':
    case 'PadV2':
    case 'MirrorPad':
      node('TFPad', ins, [name], {}, 'tf');
      return;
    default:
      node(op, ins, [name], {}, 'tf');
  }
  void k;
}
