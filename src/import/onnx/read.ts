import { exact } from '../../core/format.ts';
import { guard, ImportError, quote } from '../errors.ts';
import {
  type Dim,
  type DType,
  type IrAttr,
  type IrGraph,
  type IrNode,
  type IrTensor,
  type IrValue,
  keepsValues,
  numel,
  SMALL_TENSOR,
} from '../ir.ts';
import { validateGraph } from '../validate.ts';
import { Reader, WIRE_LEN, WIRE_VARINT, WireError } from './wire.ts';

/**
 * Reads an ONNX model (a ModelProto, protobuf) into the intermediate graph. Only what costs need
 * is decoded: nodes, attributes, initializer and Constant dims and dtypes, the values of small
 * tensors, graph inputs and outputs, declared value shapes. Weight bytes are measured and
 * skipped, never copied; they may be inline, in external data (not read), or absent altogether.
 *
 * Field numbers are those of onnx.proto (ModelProto: ir_version 1, producer_name 2,
 * producer_version 3, graph 7, opset_import 8, functions 25; GraphProto: node 1, name 2,
 * initializer 5, input 11, output 12, value_info 13, sparse_initializer 15; NodeProto: input 1,
 * output 2, name 3, op_type 4, attribute 5, domain 7; TensorProto: dims 1, data_type 2,
 * float_data 4, int32_data 5, string_data 6, int64_data 7, name 8, raw_data 9, double_data 10,
 * uint64_data 11, external_data 13, data_location 14).
 */

const FORMAT = 'ONNX';
export const OLDEST_OPSET = 7;
export const NEWEST_OPSET = 23;
const MAX_NODES = 200_000;
const MAX_RANK = 32;
const MAX_ATTR_VALUES = 1 << 20;
/** A tensor of more elements than this (2^40, four terabytes of fp32) is a corrupt file, not a model. */
const MAX_ELEMENTS = 2 ** 40;

/** onnx.proto TensorProto.DataType. */
const DTYPES: Record<number, DType> = {
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
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8',
  18: 'float8',
  19: 'float8',
  20: 'float8',
  21: 'uint4',
  22: 'int4',
  23: 'float8',
};

function dtypeOf(code: number, where: string): DType {
  const t = DTYPES[code];
  if (!t) throw new ImportError(`${where} has an unknown data type ${code}`, FORMAT);
  return t;
}

/** Bytes that raw_data must hold for n elements of a dtype (4-bit types pack two per byte). */
function rawBytes(t: DType, n: number): number | undefined {
  switch (t) {
    case 'int4':
    case 'uint4':
      return Math.ceil(n / 2);
    case 'string':
      return undefined;
    case 'float8':
    case 'int8':
    case 'uint8':
    case 'bool':
      return n;
    case 'float16':
    case 'bfloat16':
    case 'int16':
    case 'uint16':
      return 2 * n;
    case 'float32':
    case 'int32':
    case 'uint32':
      return 4 * n;
    case 'complex128':
      return 16 * n;
    default:
      return 8 * n;
  }
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Little-endian values of a small tensor's raw_data. */
function rawValues(bytes: Uint8Array, start: number, t: DType, n: number): number[] | undefined {
  const v = new DataView(bytes.buffer, bytes.byteOffset + start);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    switch (t) {
      case 'float32':
        out[i] = v.getFloat32(4 * i, true);
        break;
      case 'float64':
        out[i] = v.getFloat64(8 * i, true);
        break;
      case 'float16':
        out[i] = halfToFloat(v.getUint16(2 * i, true));
        break;
      case 'bfloat16': {
        const b = new DataView(new ArrayBuffer(4));
        b.setUint32(0, v.getUint16(2 * i, true) << 16);
        out[i] = b.getFloat32(0);
        break;
      }
      case 'int8':
        out[i] = v.getInt8(i);
        break;
      case 'uint8':
      case 'bool':
        out[i] = v.getUint8(i);
        break;
      case 'int16':
        out[i] = v.getInt16(2 * i, true);
        break;
      case 'uint16':
        out[i] = v.getUint16(2 * i, true);
        break;
      case 'int32':
        out[i] = v.getInt32(4 * i, true);
        break;
      case 'uint32':
        out[i] = v.getUint32(4 * i, true);
        break;
      case 'int64':
        out[i] = v.getInt32(8 * i + 4, true) * 4294967296 + v.getUint32(8 * i, true);
        break;
      case 'uint64':
        out[i] = v.getUint32(8 * i + 4, true) * 4294967296 + v.getUint32(8 * i, true);
        break;
      default:
        return undefined;
    }
  }
  return out;
}

interface Ctx {
  bytes: Uint8Array;
  notes: Set<string>;
}

/** A TensorProto: dims, dtype, the values when small; raw_data is measured, not read. */
function readTensor(r: Reader, ctx: Ctx, where: string, fallbackName = ''): IrTensor {
  const dims: number[] = [];
  let code = 0;
  let name = fallbackName;
  let raw: [number, number] | undefined;
  let external = false;
  const typed: number[] = [];
  let typedCount = 0;
  let typedKind: 'float' | 'int32' | 'int64' | 'double' | 'uint64' | 'string' | undefined;
  // Typed lists are counted first and only kept when the tensor turns out small; the dims may come after them.
  const typedSpans: { field: number; wire: number; start: number }[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        r.varints(wire, dims, MAX_RANK + 1);
        break;
      case 2:
        r.expect(wire, WIRE_VARINT, `${where}: data_type`);
        code = r.varint();
        break;
      case 8:
        r.expect(wire, WIRE_LEN, `${where}: name`);
        name = r.string();
        break;
      case 9:
        r.expect(wire, WIRE_LEN, `${where}: raw_data`);
        raw = r.span();
        break;
      case 13:
        r.skip(wire);
        external = true;
        break;
      case 14:
        r.expect(wire, WIRE_VARINT, `${where}: data_location`);
        if (r.varint() === 1) external = true;
        break;
      case 4:
      case 5:
      case 6:
      case 7:
      case 10:
      case 11: {
        typedKind = (
          { 4: 'float', 5: 'int32', 6: 'string', 7: 'int64', 10: 'double', 11: 'uint64' } as const
        )[field];
        const start = r.pos;
        if (field === 6) {
          // string_data: one length-delimited entry per element.
          r.skip(wire);
          typedCount += 1;
        } else typedCount += r.countValues(wire, field === 4 ? 4 : field === 10 ? 8 : 0);
        typedSpans.push({ field, wire, start });
        break;
      }
      default:
        r.skip(wire);
    }
  }
  const label = name ? `${where} ${quote(name)}` : where;
  if (dims.length > MAX_RANK) throw new ImportError(`${label} has more than ${MAX_RANK} dimensions`, FORMAT);
  for (const d of dims) {
    if (d < 0) throw new ImportError(`${label} has a negative dimension ${d}`, FORMAT);
  }
  const n = numel(dims);
  if (n > MAX_ELEMENTS)
    throw new ImportError(`${label} claims ${n.toExponential(2)} elements, far more than any model`, FORMAT);
  const dtype = dtypeOf(code, label);
  let values: number[] | undefined;
  let data: IrTensor['data'] = n === 0 ? 'inline' : 'none';
  if (raw) {
    const want = rawBytes(dtype, n);
    const got = raw[1] - raw[0];
    if (want !== undefined && got !== want)
      throw new ImportError(
        `${label}: raw_data has ${exact(got)} bytes, its dims [${dims.join(', ')}] of ${dtype} need ${exact(want)}`,
        FORMAT,
      );
    data = 'inline';
    if (keepsValues(dtype, n)) values = rawValues(ctx.bytes, raw[0], dtype, n);
  } else if (typedCount > 0) {
    // String tensors hold one entry per element; numeric lists hold one value per element.
    if (typedKind !== 'string' && typedCount !== n && !(dtype.startsWith('complex') && typedCount === 2 * n))
      throw new ImportError(
        `${label} holds ${typedCount} values, its dims [${dims.join(', ')}] need ${n}`,
        FORMAT,
      );
    data = 'inline';
    if (keepsValues(dtype, n) && typedKind !== 'string') {
      for (const s of typedSpans) {
        const rr = new Reader(ctx.bytes, s.start, r.end);
        if (s.field === 4) rr.fixeds(s.wire, 4, typed, SMALL_TENSOR * 2);
        else if (s.field === 10) rr.fixeds(s.wire, 8, typed, SMALL_TENSOR * 2);
        else rr.varints(s.wire, typed, SMALL_TENSOR * 2);
      }
      values = dtype === 'float16' ? typed.map((h) => halfToFloat(h & 0xffff)) : typed;
    }
  } else if (external && n > 0) {
    data = 'external';
    ctx.notes.add('weights are in external data files, which are not read (only their dims are needed)');
  }
  if (data === 'none')
    ctx.notes.add('the file holds no weight values (only their dims, which is all costs need)');
  return { name, dtype, dims, ...(values ? { values } : {}), data };
}

/** SparseTensorProto: values 1, indices 2, dims 3; only its dense dims and dtype matter. */
function readSparse(r: Reader, ctx: Ctx, where: string): IrTensor {
  let values: IrTensor | undefined;
  const dims: number[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE_LEN, `${where}: values`);
      values = readTensor(r.sub(), ctx, where);
    } else if (field === 3) r.varints(wire, dims, MAX_RANK + 1);
    else r.skip(wire);
  }
  if (!values) throw new ImportError(`${where} has no values tensor`, FORMAT);
  for (const d of dims) if (d < 0) throw new ImportError(`${where} has a negative dimension ${d}`, FORMAT);
  return { name: values.name, dtype: values.dtype, dims, data: values.data };
}

/** ValueInfoProto -> name, dtype, dims (TypeProto.tensor_type 1 { elem_type 1, shape 2 { dim 1 { dim_value 1, dim_param 2 } } }). */
function readValueInfo(r: Reader, where: string): IrValue {
  let name = '';
  let dtype: DType = 'unknown';
  let dims: Dim[] | undefined;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE_LEN, `${where}: name`);
      name = r.string();
    } else if (field === 2) {
      r.expect(wire, WIRE_LEN, `${where}: type`);
      const t = r.sub();
      while (!t.done) {
        const f = t.tag();
        if (f.field !== 1 || f.wire !== WIRE_LEN) {
          t.skip(f.wire);
          continue;
        }
        const tt = t.sub();
        while (!tt.done) {
          const g = tt.tag();
          if (g.field === 1 && g.wire === WIRE_VARINT) {
            const code = tt.varint();
            dtype = DTYPES[code] ?? 'unknown';
          } else if (g.field === 2 && g.wire === WIRE_LEN) {
            dims = [];
            const s = tt.sub();
            while (!s.done) {
              const h = s.tag();
              if (h.field !== 1 || h.wire !== WIRE_LEN) {
                s.skip(h.wire);
                continue;
              }
              if (dims.length >= MAX_RANK)
                throw new ImportError(`${where} has more than ${MAX_RANK} dimensions`, FORMAT);
              const d = s.sub();
              let dim: Dim = '?';
              while (!d.done) {
                const k = d.tag();
                if (k.field === 1 && k.wire === WIRE_VARINT) {
                  const v = d.varint();
                  // A negative or zero "size" is not a size: treat it as unknown rather than trust it.
                  dim = v > 0 ? v : '?';
                } else if (k.field === 2 && k.wire === WIRE_LEN) dim = d.string() || '?';
                else d.skip(k.wire);
              }
              dims.push(dim);
            }
          } else tt.skip(g.wire);
        }
      }
    } else r.skip(wire);
  }
  return { name, dtype, ...(dims ? { dims } : {}) };
}

/** AttributeProto -> [name, value]. Subgraphs are counted, not read (control flow has no cost model). */
function readAttribute(r: Reader, ctx: Ctx, where: string): [string, IrAttr | undefined] {
  let name = '';
  let type = 0;
  let f: number | undefined;
  let i: number | undefined;
  let s: string | undefined;
  let t: IrTensor | undefined;
  let graphs = 0;
  const floats: number[] = [];
  const ints: number[] = [];
  const strings: string[] = [];
  let tensors = 0;
  const whereAttr = () => `${where}, attribute ${quote(name)}`;
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        r.expect(wire, WIRE_LEN, `${where}: attribute name`);
        name = r.string();
        break;
      case 20:
        r.expect(wire, WIRE_VARINT, `${where}: attribute type`);
        type = r.varint();
        break;
      case 2:
        f = r.float32();
        break;
      case 3:
        r.expect(wire, WIRE_VARINT, `${where}: attribute value`);
        i = r.varint();
        break;
      case 4: {
        r.expect(wire, WIRE_LEN, `${where}: attribute value`);
        s = r.string();
        break;
      }
      case 5:
        r.expect(wire, WIRE_LEN, `${where}: attribute tensor`);
        t = readTensor(r.sub(), ctx, `${where}, an attribute tensor`);
        break;
      case 22:
        r.expect(wire, WIRE_LEN, `${where}: attribute sparse tensor`);
        t = readSparse(r.sub(), ctx, `${where}, a sparse attribute tensor`);
        break;
      case 6:
        r.skip(wire);
        graphs += 1;
        break;
      case 11:
        r.skip(wire);
        graphs += 1;
        break;
      case 7:
        r.fixeds(wire, 4, floats, MAX_ATTR_VALUES);
        break;
      case 8:
        r.varints(wire, ints, MAX_ATTR_VALUES);
        break;
      case 9:
        r.expect(wire, WIRE_LEN, `${where}: attribute strings`);
        if (strings.length >= MAX_ATTR_VALUES) throw new WireError('too many strings in an attribute');
        strings.push(r.string());
        break;
      case 10:
        r.skip(wire);
        tensors += 1;
        break;
      default:
        r.skip(wire);
    }
  }
  // AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, GRAPH 5, FLOATS 6, INTS 7, STRINGS 8, TENSORS 9, GRAPHS 10.
  switch (type) {
    case 1:
      return [name, f ?? 0];
    case 2:
      return [name, i ?? 0];
    case 3:
      return [name, s ?? ''];
    case 4:
    case 11:
      if (!t) throw new ImportError(`${whereAttr()} is a tensor attribute without a tensor`, FORMAT);
      return [name, { tensor: t }];
    case 5:
    case 10:
      return [name, { graphs: Math.max(graphs, 1) }];
    case 6:
      return [name, floats];
    case 7:
      return [name, ints];
    case 8:
      return [name, strings];
    case 9:
    case 12:
      return [name, { graphs: 0 }];
    case 0:
      // Old files leave the type out: take whichever value is there.
      if (t) return [name, { tensor: t }];
      if (graphs) return [name, { graphs }];
      if (f !== undefined) return [name, f];
      if (i !== undefined) return [name, i];
      if (s !== undefined) return [name, s];
      if (floats.length) return [name, floats];
      if (ints.length) return [name, ints];
      if (strings.length) return [name, strings];
      return [name, tensors ? { graphs: 0 } : []];
    default:
      return [name, undefined];
  }
}

interface RawNode {
  name: string;
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, IrAttr>;
}

function readNode(r: Reader, ctx: Ctx, index: number): RawNode {
  const node: RawNode = { name: '', op: '', domain: '', inputs: [], outputs: [], attrs: {} };
  const attrSpans: Reader[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        r.expect(wire, WIRE_LEN, `node ${index + 1}: input`);
        node.inputs.push(r.string());
        break;
      case 2:
        r.expect(wire, WIRE_LEN, `node ${index + 1}: output`);
        node.outputs.push(r.string());
        break;
      case 3:
        r.expect(wire, WIRE_LEN, `node ${index + 1}: name`);
        node.name = r.string();
        break;
      case 4:
        r.expect(wire, WIRE_LEN, `node ${index + 1}: op_type`);
        node.op = r.string();
        break;
      case 7:
        r.expect(wire, WIRE_LEN, `node ${index + 1}: domain`);
        node.domain = r.string();
        break;
      case 5:
        r.expect(wire, WIRE_LEN, `node ${index + 1}: attribute`);
        attrSpans.push(r.sub());
        break;
      default:
        r.skip(wire);
    }
  }
  if (node.domain === 'ai.onnx') node.domain = '';
  const where = `node ${index + 1} ${quote(node.name || node.op)} (${node.op || 'no op_type'})`;
  if (!node.op) throw new ImportError(`${where} has no op_type`, FORMAT);
  for (const a of attrSpans) {
    const [k, v] = readAttribute(a, ctx, where);
    if (v !== undefined) node.attrs[k] = v;
  }
  return node;
}

/** A Constant node's value as a tensor (value, value_float(s), value_int(s), sparse_value). */
function constantOf(node: RawNode, where: string): IrTensor {
  const name = node.outputs[0];
  const a = node.attrs;
  const v = a.value ?? a.sparse_value;
  if (v && typeof v === 'object' && 'tensor' in v) return { ...v.tensor, name };
  const scalar = (dtype: DType, x: IrAttr): IrTensor | undefined =>
    typeof x === 'number' ? { name, dtype, dims: [], values: [x], data: 'inline' } : undefined;
  const list = (dtype: DType, x: IrAttr): IrTensor | undefined =>
    Array.isArray(x) && x.every((e) => typeof e === 'number')
      ? {
          name,
          dtype,
          dims: [x.length],
          ...(x.length <= SMALL_TENSOR ? { values: x as number[] } : {}),
          data: 'inline',
        }
      : undefined;
  const t =
    (a.value_float !== undefined && scalar('float32', a.value_float)) ||
    (a.value_int !== undefined && scalar('int64', a.value_int)) ||
    (a.value_floats !== undefined && list('float32', a.value_floats)) ||
    (a.value_ints !== undefined && list('int64', a.value_ints)) ||
    (a.value_string !== undefined && { name, dtype: 'string' as const, dims: [], data: 'inline' as const }) ||
    (Array.isArray(a.value_strings) && {
      name,
      dtype: 'string' as const,
      dims: [a.value_strings.length],
      data: 'inline' as const,
    });
  if (!t) throw new ImportError(`${where} has no value`, FORMAT);
  return t;
}

/** Reads the bytes of an .onnx file into the validated intermediate graph. Throws an ImportError. */
export function readOnnx(bytes: Uint8Array): IrGraph {
  return guard(FORMAT, 'the ONNX model', () => {
    try {
      return readModel(bytes);
    } catch (e) {
      if (e instanceof WireError)
        throw new ImportError(`this is not a valid ONNX file: ${e.message}`, FORMAT);
      throw e;
    }
  });
}

function readModel(bytes: Uint8Array): IrGraph {
  if (bytes.length === 0) throw new ImportError('the file is empty', FORMAT);
  const ctx: Ctx = { bytes, notes: new Set() };
  const r = new Reader(bytes);
  let irVersion = 0;
  let producer = '';
  let producerVersion = '';
  let graph: Reader | undefined;
  let opset: number | undefined;
  const otherDomains: string[] = [];
  const functions: string[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE_VARINT, 'ir_version');
      irVersion = r.varint();
    } else if (field === 2) {
      r.expect(wire, WIRE_LEN, 'producer_name');
      producer = r.string();
    } else if (field === 3) {
      r.expect(wire, WIRE_LEN, 'producer_version');
      producerVersion = r.string();
    } else if (field === 7) {
      r.expect(wire, WIRE_LEN, 'graph');
      graph = r.sub();
    } else if (field === 8) {
      r.expect(wire, WIRE_LEN, 'opset_import');
      const o = r.sub();
      let domain = '';
      let version = 0;
      while (!o.done) {
        const t = o.tag();
        if (t.field === 1 && t.wire === WIRE_LEN) domain = o.string();
        else if (t.field === 2 && t.wire === WIRE_VARINT) version = o.varint();
        else o.skip(t.wire);
      }
      if (domain === '' || domain === 'ai.onnx') opset = version;
      else otherDomains.push(domain);
    } else if (field === 25) {
      r.expect(wire, WIRE_LEN, 'functions');
      const fr = r.sub();
      while (!fr.done) {
        const t = fr.tag();
        if (t.field === 1 && t.wire === WIRE_LEN) functions.push(fr.string());
        else fr.skip(t.wire);
      }
    } else r.skip(wire);
  }
  if (!graph) throw new ImportError('this is not an ONNX model: it has no graph', FORMAT);
  if (opset === undefined) {
    // IR version 3 and later must declare it; very old files implicitly used operator set 1.
    throw new ImportError('the model declares no ONNX operator set (opset_import)', FORMAT);
  }
  if (opset < OLDEST_OPSET || opset > NEWEST_OPSET)
    throw new ImportError(
      `the model uses ONNX operator set ${opset}; this reader supports ${OLDEST_OPSET} to ${NEWEST_OPSET}`,
      FORMAT,
    );
  const notes = ctx.notes;
  for (const f of functions) notes.add(`the model-local function ${quote(f)} is not expanded`);

  let name = '';
  const rawNodes: RawNode[] = [];
  const constants = new Map<string, IrTensor>();
  const declaredInputs: IrValue[] = [];
  const outputs: string[] = [];
  const valueInfo = new Map<string, IrValue>();
  let nInit = 0;
  let nInput = 0;
  let nOutput = 0;
  let nInfo = 0;
  while (!graph.done) {
    const { field, wire } = graph.tag();
    switch (field) {
      case 1:
        graph.expect(wire, WIRE_LEN, 'graph node');
        if (rawNodes.length >= MAX_NODES)
          throw new ImportError(`the graph has more than ${exact(MAX_NODES)} nodes`, FORMAT);
        rawNodes.push(readNode(graph.sub(), ctx, rawNodes.length));
        break;
      case 2:
        graph.expect(wire, WIRE_LEN, 'graph name');
        name = graph.string();
        break;
      case 5: {
        graph.expect(wire, WIRE_LEN, 'graph initializer');
        nInit++;
        const t = readTensor(graph.sub(), ctx, `initializer ${nInit}`);
        if (!t.name) throw new ImportError(`initializer ${nInit} has no name`, FORMAT);
        if (constants.has(t.name))
          throw new ImportError(`initializer ${quote(t.name)} is defined twice`, FORMAT);
        constants.set(t.name, t);
        break;
      }
      case 15: {
        graph.expect(wire, WIRE_LEN, 'graph sparse initializer');
        nInit++;
        const t = readSparse(graph.sub(), ctx, `sparse initializer ${nInit}`);
        if (!t.name) throw new ImportError(`sparse initializer ${nInit} has no name`, FORMAT);
        constants.set(t.name, t);
        break;
      }
      case 11:
        graph.expect(wire, WIRE_LEN, 'graph input');
        nInput++;
        declaredInputs.push(readValueInfo(graph.sub(), `graph input ${nInput}`));
        break;
      case 12: {
        graph.expect(wire, WIRE_LEN, 'graph output');
        nOutput++;
        const v = readValueInfo(graph.sub(), `graph output ${nOutput}`);
        outputs.push(v.name);
        if (v.dims) valueInfo.set(v.name, v);
        break;
      }
      case 13: {
        graph.expect(wire, WIRE_LEN, 'graph value_info');
        nInfo++;
        const v = readValueInfo(graph.sub(), `value_info ${nInfo}`);
        if (v.name) valueInfo.set(v.name, v);
        break;
      }
      default:
        graph.skip(wire);
    }
  }

  const nodes: IrNode[] = [];
  rawNodes.forEach((n, i) => {
    if (n.op === 'Constant' && n.domain === '') {
      const where = `node ${i + 1} ${quote(n.name || n.op)} (Constant)`;
      if (n.outputs.length !== 1 || !n.outputs[0])
        throw new ImportError(`${where} must have exactly one output`, FORMAT);
      if (constants.has(n.outputs[0]))
        throw new ImportError(`value ${quote(n.outputs[0])} is defined twice`, FORMAT);
      constants.set(n.outputs[0], constantOf(n, where));
      return;
    }
    nodes.push({ ...n, name: n.name || `${n.op}_${i + 1}` });
  });

  // Graph inputs that have an initializer are weights (IR < 4 lists every weight as an input).
  const inputs = declaredInputs.filter((v) => !constants.has(v.name));
  if (inputs.length < declaredInputs.length && irVersion >= 4)
    notes.add('graph inputs that have an initializer are taken as weights');

  return validateGraph(
    {
      format: FORMAT,
      producer: [producer, producerVersion].filter(Boolean).join(' '),
      name,
      layout: 'NCHW',
      opset,
      inputs,
      outputs,
      constants,
      valueInfo,
      nodes,
      notes: [...notes],
    },
    otherDomains,
  );
}
