import { ImportError, quote } from '../errors.ts';
import type { Dim, DType, IrAttr, IrGraph, IrNode, IrTensor, IrValue } from '../ir.ts';
import { validateGraph } from '../validate.ts';

/**
 * Turns a Keras model config (the JSON of `model.to_json()`: Keras 2 and 3, Functional,
 * Sequential and nested models, shared layers) into the intermediate graph, NHWC. A Keras
 * topology holds no weights, so layers that have some are written with the attributes of ir.ts
 * (`filters`, `units`, `bias`, `depth_multiplier`, BatchNormalization's `center` / `scale`)
 * and their parameters follow from the shapes. Keras 3 writes each input tensor's shape beside
 * it; those are kept as declared shapes. Layers without a translation become nodes of the
 * domain "keras", which have no shape rule: they are costed as unsupported.
 */

export type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** At most this many layers, counting the layers of nested models. */
const MAX_LAYERS = 100_000;
const MAX_NESTING = 16;

/** A stored weight tensor (Keras .h5, TF.js manifest), for cross-checking the counted parameters. */
export interface StoredWeight {
  name: string;
  dims: readonly number[];
}

interface Ref {
  layer: string;
  node: number;
  tensor: number;
}

class KerasBuilder {
  readonly nodes: IrNode[] = [];
  readonly constants = new Map<string, IrTensor>();
  readonly inputs: IrValue[] = [];
  readonly valueInfo = new Map<string, IrValue>();
  readonly notes = new Set<string>();
  layerCount = 0;
  private counter = 0;

  constructor(readonly format: 'Keras' | 'TensorFlow.js') {}

  fail(message: string): never {
    throw new ImportError(message, this.format);
  }

  fresh(base: string): string {
    return `${base}:${++this.counter}`;
  }

  node(
    name: string,
    op: string,
    inputs: string[],
    outputs: string[],
    attrs: Record<string, IrAttr> = {},
    domain = '',
  ): void {
    this.nodes.push({ name, op, domain, inputs, outputs, attrs });
  }

  constant(name: string, values: number[]): string {
    this.constants.set(name, { name, dtype: 'int64', dims: [values.length], values, data: 'inline' });
    return name;
  }
}

/** Tensor name of output `tensor` of call `node` of a layer. */
function tensorName(scope: string, r: Ref): string {
  return `${scope}${r.layer}${r.node ? `#${r.node}` : ''}${r.tensor ? `:${r.tensor}` : ''}`;
}

const str = (v: Json, dflt: string): string => (typeof v === 'string' ? v : dflt);
const num = (v: Json, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);

/** An int or a pair, as a pair. */
function pair(v: Json, dflt: number, what: string, b: KerasBuilder, where: string): [number, number] {
  if (v === undefined || v === null) return [dflt, dflt];
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
    return [v[0] as number, v[1] as number];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return [v[0], v[0]];
  b.fail(`${where}: ${what} must be a number or a pair of numbers, got ${JSON.stringify(v).slice(0, 40)}`);
}

function autoPad(padding: Json, b: KerasBuilder, where: string): string {
  const p = str(padding, 'valid').toLowerCase();
  if (p === 'same') return 'SAME_UPPER';
  if (p === 'valid') return 'VALID';
  b.fail(`${where}: padding ${quote(p)} is not "same" or "valid"`);
}

/** Keras activation names -> the ONNX op (and attributes) that computes it; undefined = identity. */
function activationOp(
  name: string,
): { op: string; attrs?: Record<string, IrAttr>; clip?: [number, number] } | undefined | 'unknown' {
  switch (name) {
    case 'linear':
    case '':
      return undefined;
    case 'relu':
      return { op: 'Relu' };
    case 'relu6':
      return { op: 'Clip', clip: [0, 6] };
    case 'sigmoid':
      return { op: 'Sigmoid' };
    case 'hard_sigmoid':
      // Keras 2's hard_sigmoid is clip(0.2x + 0.5, 0, 1); Keras 3's is relu6(x + 3) / 6.
      return { op: 'HardSigmoid' };
    case 'tanh':
      return { op: 'Tanh' };
    case 'softmax':
      return { op: 'Softmax', attrs: { axis: -1 } };
    case 'swish':
    case 'silu':
      return { op: 'Swish' };
    case 'hard_swish':
    case 'hard_silu':
      return { op: 'HardSwish' };
    case 'elu':
      return { op: 'Elu' };
    case 'selu':
      return { op: 'Selu' };
    case 'gelu':
      return { op: 'Gelu' };
    case 'softplus':
      return { op: 'Softplus' };
    case 'softsign':
      return { op: 'Softsign' };
    case 'exponential':
      return { op: 'Exp' };
    case 'leaky_relu':
      return { op: 'LeakyRelu', attrs: { alpha: 0.2 } };
    case 'mish':
      return { op: 'Mish' };
    default:
      return 'unknown';
  }
}

/** An activation config: a name, or Keras 3's serialized function object. */
function activationName(v: Json): string {
  if (typeof v === 'string') return v;
  if (isObj(v))
    return (
      str(v.config, '') || str(isObj(v.config) ? v.config.name : undefined, '') || str(v.class_name, 'linear')
    );
  return 'linear';
}

/** Writes `x -> activation -> out`; returns the name the layer's main op must write to. */
function withActivation(b: KerasBuilder, where: string, act: Json, out: string): string {
  const name = activationName(act);
  const a = activationOp(name);
  if (a === undefined) return out;
  const pre = `${out}:pre-activation`;
  if (a === 'unknown') {
    b.node(`${where}:activation`, name, [pre], [out], {}, 'keras');
    return pre;
  }
  emitActivation(b, `${where}:activation`, a, pre, out);
  return pre;
}

function emitActivation(
  b: KerasBuilder,
  name: string,
  a: { op: string; attrs?: Record<string, IrAttr>; clip?: [number, number] },
  x: string,
  out: string,
): void {
  if (a.clip) {
    const lo = `${out}:min`;
    const hi = `${out}:max`;
    b.constants.set(lo, { name: lo, dtype: 'float32', dims: [], values: [a.clip[0]], data: 'inline' });
    b.constants.set(hi, { name: hi, dtype: 'float32', dims: [], values: [a.clip[1]], data: 'inline' });
    b.node(name, 'Clip', [x, lo, hi], [out]);
  } else if (a.op === 'Swish') {
    // x * sigmoid(x), as exporters write it.
    const s = `${out}:sigmoid`;
    b.node(`${name}:sigmoid`, 'Sigmoid', [x], [s]);
    b.node(name, 'Mul', [x, s], [out]);
  } else b.node(name, a.op, [x], [out], a.attrs ?? {});
}

/** Every tensor reference of a Keras 2 or 3 inbound node, in order. */
function refsOf(node: Json, b: KerasBuilder, where: string): Ref[] {
  const out: Ref[] = [];
  const isHistory = (v: Json): v is [string, number, number, ...Json[]] =>
    Array.isArray(v) &&
    v.length >= 3 &&
    typeof v[0] === 'string' &&
    typeof v[1] === 'number' &&
    typeof v[2] === 'number';
  const stack: Json[] = [node];
  let steps = 0;
  while (stack.length) {
    if (++steps > 100_000) b.fail(`${where}: its inbound nodes are too large`);
    const v = stack.pop();
    if (isHistory(v)) out.push({ layer: v[0], node: v[1], tensor: v[2] });
    else if (isObj(v)) {
      if (v.class_name === '__keras_tensor__' && isObj(v.config) && isHistory(v.config.keras_history)) {
        const h = v.config.keras_history;
        out.push({ layer: h[0], node: h[1], tensor: h[2] });
      } else if (Array.isArray(v.args)) stack.push(v.args);
    } else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
  }
  return out;
}

/** Shapes Keras 3 writes beside each input tensor of a call (dims without the batch are what matter). */
function shapesOf(node: Json): (Dim[] | undefined)[] {
  const out: (Dim[] | undefined)[] = [];
  const stack: Json[] = [node];
  while (stack.length) {
    const v = stack.pop();
    if (isObj(v)) {
      if (v.class_name === '__keras_tensor__' && isObj(v.config)) {
        const s = v.config.shape;
        out.push(Array.isArray(s) ? s.map((d) => (typeof d === 'number' && d > 0 ? d : '?')) : undefined);
      } else if (Array.isArray(v.args)) stack.push(v.args);
    } else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
  }
  return out;
}

function dtypeOf(v: Json): DType {
  const s = isObj(v) && isObj(v.config) ? str(v.config.name, 'float32') : str(v, 'float32');
  const known: Record<string, DType> = {
    float32: 'float32',
    float16: 'float16',
    mixed_float16: 'float16',
    bfloat16: 'bfloat16',
    float64: 'float64',
    int32: 'int32',
    int64: 'int64',
    uint8: 'uint8',
    int8: 'int8',
    bool: 'bool',
  };
  return known[s] ?? 'float32';
}

interface Scope {
  prefix: string;
  depth: number;
}

/**
 * Translates one model config (Functional, Sequential, or a nested one). `feeds` are the tensors
 * that its inputs are bound to (for a nested model), or undefined at the top level (graph inputs).
 * Returns the names of its output tensors.
 */
function translateModel(b: KerasBuilder, model: Obj, scope: Scope, feeds?: string[]): string[] {
  if (scope.depth > MAX_NESTING) b.fail(`models are nested more than ${MAX_NESTING} deep`);
  const cls = str(model.class_name, '');
  const config = model.config;
  if (cls === 'Sequential') return translateSequential(b, config, scope, feeds);
  if (!isObj(config) || !Array.isArray(config.layers))
    b.fail(`the ${cls || 'model'} config has no list of layers`);
  const layers = config.layers.filter(isObj);
  const byName = new Map<string, Obj>();
  for (const l of layers) {
    const name = layerName(l);
    if (byName.has(name)) b.fail(`two layers are named ${quote(name)}`);
    byName.set(name, l);
  }
  const inputRefs = refList(config.input_layers, b, 'input_layers');
  const outputRefs = refList(config.output_layers, b, 'output_layers');
  if (!outputRefs.length)
    b.fail(`the ${cls || 'model'} ${quote(str(config.name, ''))} names no output layers`);
  // Bind the model's inputs: graph inputs at the top, the caller's tensors when nested.
  const bound = new Map<string, string>();
  inputRefs.forEach((r, i) => {
    const layer = byName.get(r.layer);
    if (!layer) b.fail(`input_layers names ${quote(r.layer)}, which is not a layer`);
    const t = tensorName(scope.prefix, r);
    if (feeds) {
      if (feeds[i] === undefined)
        b.fail(`the nested model ${quote(scope.prefix)} is called with fewer inputs than it has`);
      bound.set(t, feeds[i]);
    } else addInput(b, layer, t);
  });
  const resolve = (r: Ref): string => {
    const t = tensorName(scope.prefix, r);
    return bound.get(t) ?? t;
  };
  for (const layer of layers) {
    const name = layerName(layer);
    const lcls = str(layer.class_name, '');
    if (lcls === 'InputLayer') {
      if (!inputRefs.some((r) => r.layer === name) && !feeds)
        addInput(b, layer, tensorName(scope.prefix, { layer: name, node: 0, tensor: 0 }));
      continue;
    }
    const inbound = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes : [];
    if (inbound.length > 1)
      b.notes.add(
        `layer ${quote(scope.prefix + name)} is shared by ${inbound.length} calls: a design has no shared weights, so its parameters are counted once per call`,
      );
    inbound.forEach((call, k) => {
      const where = `layer ${quote(scope.prefix + name)} (${lcls})`;
      const refs = refsOf(call, b, where);
      if (!refs.length) b.fail(`${where} has a call with no input tensors`);
      const ins = refs.map(resolve);
      for (const r of refs)
        if (!byName.has(r.layer))
          b.fail(`${where} reads ${quote(r.layer)}, which is not a layer of this model`);
      shapesOf(call).forEach((dims, i) => {
        if (dims && ins[i]) b.valueInfo.set(ins[i], { name: ins[i], dtype: 'float32', dims });
      });
      const out = tensorName(scope.prefix, { layer: name, node: k, tensor: 0 });
      translateLayer(b, layer, ins, out, where, {
        prefix: `${scope.prefix}${name}/`,
        depth: scope.depth + 1,
      });
    });
  }
  return outputRefs.map(resolve);
}

function translateSequential(b: KerasBuilder, config: Json, scope: Scope, feeds?: string[]): string[] {
  // Keras >= 2.2.3: { name, layers: [...] }; older: the list of layers itself.
  const layers = (
    Array.isArray(config) ? config : isObj(config) && Array.isArray(config.layers) ? config.layers : undefined
  )?.filter(isObj);
  if (!layers) b.fail('the Sequential config has no list of layers');
  let x: string | undefined = feeds?.[0];
  const first = layers[0];
  const firstShape =
    first && isObj(first.config) ? (first.config.batch_input_shape ?? first.config.batch_shape) : undefined;
  if (!x) {
    if (!first) b.fail('the Sequential model has no layers');
    if (str(first.class_name, '') !== 'InputLayer' && !firstShape)
      b.fail('the Sequential model does not say its input shape (no InputLayer, no batch_input_shape)');
    x = `${scope.prefix}input`;
    addInput(b, first, x);
  }
  for (const layer of layers) {
    const cls = str(layer.class_name, '');
    if (cls === 'InputLayer') continue;
    const name = layerName(layer);
    const out = `${scope.prefix}${name}`;
    translateLayer(b, layer, [x], out, `layer ${quote(scope.prefix + name)} (${cls})`, {
      prefix: `${scope.prefix}${name}/`,
      depth: scope.depth + 1,
    });
    x = out;
  }
  return [x];
}

function layerName(l: Obj): string {
  return str(l.name, '') || str(isObj(l.config) ? l.config.name : undefined, '') || 'layer';
}

/** input_layers / output_layers: [[name, node, tensor], ...], or Keras 3's single [name, node, tensor]. */
function refList(v: Json, b: KerasBuilder, what: string): Ref[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) b.fail(`${what} must be a list`);
  if (typeof v[0] === 'string') return [{ layer: v[0], node: num(v[1], 0), tensor: num(v[2], 0) }];
  return v.map((r) => {
    if (!Array.isArray(r) || typeof r[0] !== 'string')
      b.fail(`${what} has an entry that is not [layer, node, tensor]`);
    return { layer: r[0], node: num(r[1], 0), tensor: num(r[2], 0) };
  });
}

function addInput(b: KerasBuilder, layer: Obj, name: string): void {
  const c = isObj(layer.config) ? layer.config : {};
  const raw =
    c.batch_input_shape ??
    c.batch_shape ??
    (Array.isArray(c.input_shape) ? [null, ...c.input_shape] : undefined);
  if (!Array.isArray(raw))
    b.fail(`the input layer ${quote(layerName(layer))} has no shape (batch_input_shape or batch_shape)`);
  const dims: Dim[] = raw.map((d) => (typeof d === 'number' && d > 0 ? d : '?'));
  if (b.inputs.some((v) => v.name === name)) return;
  b.inputs.push({ name, dtype: dtypeOf(c.dtype), dims });
}

function channelsLast(c: Obj, b: KerasBuilder, where: string): void {
  if (str(c.data_format, 'channels_last') !== 'channels_last')
    b.fail(
      `${where} uses data_format ${quote(str(c.data_format, ''))}; only channels_last Keras models are read`,
    );
}

const POOLS: Record<string, string> = {
  MaxPooling2D: 'MaxPool',
  MaxPool2D: 'MaxPool',
  AveragePooling2D: 'AveragePool',
  AvgPool2D: 'AveragePool',
};
const GLOBAL_POOLS: Record<string, string> = {
  GlobalAveragePooling2D: 'GlobalAveragePool',
  GlobalAvgPool2D: 'GlobalAveragePool',
  GlobalMaxPooling2D: 'GlobalMaxPool',
  GlobalMaxPool2D: 'GlobalMaxPool',
};
const MERGES: Record<string, string> = {
  Add: 'Sum',
  Multiply: 'Mul',
  Subtract: 'Sub',
  Average: 'Mean',
  Maximum: 'Max',
  Minimum: 'Min',
};
const IDENTITY = new Set([
  'Dropout',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'ActivityRegularization',
  'Masking',
]);

function translateLayer(
  b: KerasBuilder,
  layer: Obj,
  ins: string[],
  out: string,
  where: string,
  scope: Scope,
): void {
  if (++b.layerCount > MAX_LAYERS) b.fail(`the model has more than ${MAX_LAYERS} layers`);
  const cls = str(layer.class_name, '');
  const c = isObj(layer.config) ? layer.config : {};
  // The node is named after its output tensor (the layer's name, "#k" for its k-th call).
  const name = out;
  const x = ins[0];
  if (cls === 'Functional' || cls === 'Model' || cls === 'Sequential') {
    const outs = translateModel(b, layer, scope, ins);
    // The nested model's first output is this call's output tensor.
    b.node(`${name}:output`, 'Identity', [outs[0]], [out]);
    outs.slice(1).forEach((o, i) => {
      b.node(`${name}:output${i + 1}`, 'Identity', [o], [`${out}:${i + 1}`]);
    });
    return;
  }
  switch (cls) {
    case 'Conv2D':
    case 'Convolution2D':
    case 'Conv2DTranspose': {
      channelsLast(c, b, where);
      const pre = withActivation(b, name, c.activation, out);
      const transpose = cls === 'Conv2DTranspose';
      b.node(name, transpose ? 'ConvTranspose' : 'Conv', [x], [pre], {
        filters: num(c.filters, 0),
        kernel_shape: pair(c.kernel_size, 1, 'kernel_size', b, where),
        strides: pair(c.strides, 1, 'strides', b, where),
        dilations: pair(c.dilation_rate, 1, 'dilation_rate', b, where),
        auto_pad: autoPad(c.padding, b, where),
        group: num(c.groups, 1),
        bias: c.use_bias === false ? 0 : 1,
        ...(transpose && c.output_padding
          ? { output_padding: pair(c.output_padding, 0, 'output_padding', b, where) }
          : {}),
      });
      return;
    }
    case 'DepthwiseConv2D':
    case 'SeparableConv2D':
    case 'SeparableConvolution2D': {
      channelsLast(c, b, where);
      const separable = cls !== 'DepthwiseConv2D';
      const pre = withActivation(b, name, c.activation, out);
      const dwOut = separable ? `${out}:depthwise` : pre;
      b.node(separable ? `${name}:depthwise` : name, 'Conv', [x], [dwOut], {
        depth_multiplier: num(c.depth_multiplier, 1),
        kernel_shape: pair(c.kernel_size, 1, 'kernel_size', b, where),
        strides: pair(c.strides, 1, 'strides', b, where),
        dilations: pair(c.dilation_rate, 1, 'dilation_rate', b, where),
        auto_pad: autoPad(c.padding, b, where),
        bias: separable || c.use_bias === false ? 0 : 1,
      });
      if (separable)
        b.node(`${name}:pointwise`, 'Conv', [dwOut], [pre], {
          filters: num(c.filters, 0),
          kernel_shape: [1, 1],
          auto_pad: 'VALID',
          bias: c.use_bias === false ? 0 : 1,
        });
      return;
    }
    case 'Dense': {
      const pre = withActivation(b, name, c.activation, out);
      b.node(name, 'Gemm', [x], [pre], { units: num(c.units, 0), bias: c.use_bias === false ? 0 : 1 });
      return;
    }
    case 'BatchNormalization': {
      const axis = c.axis;
      const a = Array.isArray(axis) ? axis[0] : axis;
      if (a !== undefined && a !== -1 && a !== 3)
        b.notes.add(`BatchNormalization over axis ${JSON.stringify(axis)} is costed as over channels`);
      if (c.center === false || c.scale === false)
        b.notes.add(
          'BatchNormalization layers without scale or center have C parameters fewer than convcost counts (it counts gamma and beta for every BN)',
        );
      b.node(name, 'BatchNormalization', [x], [out], {
        center: c.center === false ? 0 : 1,
        scale: c.scale === false ? 0 : 1,
      });
      return;
    }
    case 'Activation': {
      const n = activationName(c.activation);
      const a = activationOp(n);
      if (a === undefined) b.node(name, 'Identity', [x], [out]);
      else if (a === 'unknown') b.node(name, n, [x], [out], {}, 'keras');
      else emitActivation(b, name, a, x, out);
      return;
    }
    case 'ReLU': {
      const max = typeof c.max_value === 'number' ? c.max_value : undefined;
      const slope = num(c.negative_slope, 0);
      if (slope) b.node(name, 'LeakyRelu', [x], [out], { alpha: slope });
      else if (max !== undefined)
        emitActivation(b, name, { op: 'Clip', clip: [num(c.threshold, 0), max] }, x, out);
      else b.node(name, 'Relu', [x], [out]);
      return;
    }
    case 'ReLU6':
      emitActivation(b, name, { op: 'Clip', clip: [0, 6] }, x, out);
      return;
    case 'LeakyReLU':
      b.node(name, 'LeakyRelu', [x], [out], { alpha: num(c.alpha ?? c.negative_slope, 0.3) });
      return;
    case 'ELU':
      b.node(name, 'Elu', [x], [out], { alpha: num(c.alpha, 1) });
      return;
    case 'PReLU':
      b.node(name, 'PRelu', [x], [out], {
        shared_axes: Array.isArray(c.shared_axes)
          ? (c.shared_axes.filter((v) => typeof v === 'number') as number[])
          : [],
      });
      return;
    case 'Softmax':
      b.node(name, 'Softmax', [x], [out], { axis: num(Array.isArray(c.axis) ? c.axis[0] : c.axis, -1) });
      return;
    case 'Add':
    case 'Multiply':
    case 'Subtract':
    case 'Average':
    case 'Maximum':
    case 'Minimum': {
      if (ins.length < 2) b.fail(`${where} merges ${ins.length} tensor; it needs at least 2`);
      const op = MERGES[cls];
      if (op === 'Mul' || op === 'Sub') {
        // Binary ops in ONNX: chain them.
        let acc = ins[0];
        ins.slice(1).forEach((y, i) => {
          const o = i === ins.length - 2 ? out : `${out}:${i}`;
          b.node(i === ins.length - 2 ? name : `${name}:${i}`, op, [acc, y], [o]);
          acc = o;
        });
      } else b.node(name, ins.length === 2 && op === 'Sum' ? 'Add' : op, ins, [out]);
      return;
    }
    case 'Concatenate':
      b.node(name, 'Concat', ins, [out], { axis: num(c.axis, -1) });
      return;
    default:
      break;
  }
  if (POOLS[cls]) {
    channelsLast(c, b, where);
    const size = pair(c.pool_size, 2, 'pool_size', b, where);
    b.node(name, POOLS[cls], [x], [out], {
      kernel_shape: size,
      strides: c.strides === null || c.strides === undefined ? size : pair(c.strides, 1, 'strides', b, where),
      auto_pad: autoPad(c.padding, b, where),
    });
    return;
  }
  if (GLOBAL_POOLS[cls]) {
    channelsLast(c, b, where);
    if (c.keepdims === true) b.node(name, GLOBAL_POOLS[cls], [x], [out]);
    else {
      b.node(name, GLOBAL_POOLS[cls], [x], [`${out}:4d`]);
      b.node(`${name}:flatten`, 'Flatten', [`${out}:4d`], [out], { axis: 1 });
    }
    return;
  }
  if (IDENTITY.has(cls)) {
    b.node(name, 'Identity', [x], [out]);
    return;
  }
  switch (cls) {
    case 'ZeroPadding2D': {
      channelsLast(c, b, where);
      const p = c.padding;
      let tb: [number, number];
      let lr: [number, number];
      if (typeof p === 'number') tb = lr = [p, p];
      else if (Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number')) {
        tb = [p[0] as number, p[0] as number];
        lr = [p[1] as number, p[1] as number];
      } else if (Array.isArray(p) && p.length === 2 && p.every((v) => Array.isArray(v))) {
        tb = pair(p[0], 0, 'padding', b, where);
        lr = pair(p[1], 0, 'padding', b, where);
      } else b.fail(`${where}: padding must be a number, a pair or a pair of pairs`);
      b.node(
        name,
        'Pad',
        [x, b.constant(b.fresh(`${out}:pads`), [0, tb[0], lr[0], 0, 0, tb[1], lr[1], 0])],
        [out],
        { mode: 'constant' },
      );
      return;
    }
    case 'Cropping2D': {
      channelsLast(c, b, where);
      const p =
        Array.isArray(c.cropping) && c.cropping.every((v) => Array.isArray(v))
          ? c.cropping
          : [c.cropping, c.cropping];
      const tb = pair(p[0], 0, 'cropping', b, where);
      const lr = pair(p[1], 0, 'cropping', b, where);
      b.node(
        name,
        'Slice',
        [
          x,
          b.constant(b.fresh(`${out}:starts`), [tb[0], lr[0]]),
          b.constant(b.fresh(`${out}:ends`), [-tb[1] || 2 ** 31, -lr[1] || 2 ** 31]),
          b.constant(b.fresh(`${out}:axes`), [1, 2]),
        ],
        [out],
      );
      return;
    }
    case 'Flatten':
      b.node(name, 'Flatten', [x], [out], { axis: 1 });
      return;
    case 'Reshape': {
      const t = Array.isArray(c.target_shape) ? c.target_shape : undefined;
      if (!t?.every((v) => typeof v === 'number')) b.fail(`${where} has no target_shape`);
      b.node(name, 'Reshape', [x, b.constant(b.fresh(`${out}:shape`), [0, ...(t as number[])])], [out]);
      return;
    }
    case 'Permute': {
      const d = Array.isArray(c.dims) ? (c.dims as number[]) : [];
      b.node(name, 'Transpose', [x], [out], { perm: [0, ...d] });
      return;
    }
    case 'UpSampling2D': {
      const s = pair(c.size, 2, 'size', b, where);
      const scales = `${out}:scales`;
      b.constants.set(scales, {
        name: scales,
        dtype: 'float32',
        dims: [4],
        values: [1, s[0], s[1], 1],
        data: 'inline',
      });
      b.node(name, 'Resize', [x, '', scales], [out], { mode: str(c.interpolation, 'nearest') });
      return;
    }
    case 'Rescaling':
    case 'Normalization':
      b.node(name, 'Identity', [x], [out]);
      b.notes.add(`${cls} layers are costed as free (one multiply-add per element, no MACs)`);
      return;
    case 'LayerNormalization':
      b.node(name, 'LayerNormalization', [x], [out], { axis: -1 });
      return;
    default:
      // No translation: an unsupported row, its shape from Keras 3's record when there is one.
      b.node(name, cls || 'Layer', ins, [out], {}, 'keras');
  }
}

/** The Keras model config object out of a parsed JSON (a bare config or {model_config: ...}). */
export function modelConfigOf(json: Json, format: 'Keras' | 'TensorFlow.js'): Obj {
  let v = json;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new ImportError(
        `the model config is not valid JSON (${e instanceof Error ? e.message : e})`,
        format,
      );
    }
  }
  if (isObj(v) && isObj(v.model_config)) v = v.model_config;
  if (!isObj(v) || typeof v.class_name !== 'string' || v.config === undefined)
    throw new ImportError('this is not a Keras model config (no class_name and config)', format);
  return v;
}

/** The intermediate graph of a Keras model config. */
export function kerasToIr(
  json: Json,
  format: 'Keras' | 'TensorFlow.js',
  extra: { producer?: string; notes?: string[]; weights?: readonly StoredWeight[] } = {},
): IrGraph & { weights?: readonly StoredWeight[] } {
  const model = modelConfigOf(json, format);
  const b = new KerasBuilder(format);
  const outputs = translateModel(b, model, { prefix: '', depth: 0 });
  const name = isObj(model.config) ? str(model.config.name, '') : '';
  const g = validateGraph({
    format,
    producer: extra.producer ?? '',
    name,
    layout: 'NHWC',
    opset: 21,
    inputs: b.inputs,
    outputs,
    constants: b.constants,
    valueInfo: b.valueInfo,
    nodes: b.nodes,
    notes: [...(extra.notes ?? []), ...b.notes],
  });
  return extra.weights ? { ...g, weights: extra.weights } : g;
}
