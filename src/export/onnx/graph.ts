/**
 * The ONNX graph while it is being written: nodes, initializers and the values between them, as
 * plain data until the end (so the values that become graph outputs can still be renamed), then
 * serialized with the field numbers of onnx.proto (the same the import reader reads: ModelProto
 * ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8,
 * metadata_props 14; GraphProto node 1, name 2, initializer 5, doc_string 10, input 11,
 * output 12; NodeProto input 1, output 2, name 3, op_type 4, attribute 5, doc_string 6;
 * AttributeProto name 1, f 2, i 3, s 4, ints 8, type 20; TensorProto dims 1, data_type 2,
 * name 8, raw_data 9; ValueInfoProto name 1, type 2; TypeProto tensor_type 1; Tensor elem_type 1,
 * shape 2; TensorShapeProto dim 1; Dimension dim_value 1).
 */
import { Msg } from './proto.ts';

/** Operator set the files declare (Reshape/Slice/Pad/Unsqueeze take their shapes as inputs, HardSwish exists). */
export const ONNX_OPSET = 17;
/** ONNX IR version 8 goes with opsets 14 to 18. */
export const ONNX_IR_VERSION = 8;

const DT_FLOAT = 1;
const DT_INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

export type AttrValue = number | string | readonly number[] | { float: number };

export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
  doc?: string;
}

export interface Initializer {
  name: string;
  dims: number[];
  type: 'float' | 'int64';
  /** Absent for a structure-only file: the tensor's dims and type are there, its values are not. */
  data?: Float32Array | readonly number[];
}

export interface GraphValue {
  name: string;
  dims: number[];
}

export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: Initializer[] = [];
  private readonly taken = new Set<string>();

  /** A value or node name not used yet: `base`, else `base_1`, `base_2`... */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  node(
    op: string,
    name: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    out?: string,
  ): string {
    const o = out ?? this.fresh(`${name}_output`);
    this.nodes.push({ op, name: this.fresh(name), inputs, outputs: [o], attrs });
    return o;
  }

  floats(name: string, dims: number[], data: Float32Array | undefined): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims, type: 'float', ...(data ? { data } : {}) });
    return n;
  }

  /** A small int64 constant (shapes, axes, pads, indices): always written, even in a structure-only file. */
  int64s(name: string, values: readonly number[]): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims: [values.length], type: 'int64', data: values });
    return n;
  }

  /** A float scalar constant (Clip bounds): always written. */
  scalar(name: string, v: number): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims: [], type: 'float', data: Float32Array.of(v) });
    return n;
  }

  /** Renames a value everywhere it is produced or read. */
  rename(from: string, to: string): void {
    for (const n of this.nodes) {
      n.inputs = n.inputs.map((v) => (v === from ? to : v));
      n.outputs = n.outputs.map((v) => (v === from ? to : v));
    }
  }
}

function attrMsg(name: string, v: AttrValue): Msg {
  const m = new Msg().string(1, name);
  if (typeof v === 'number') return m.int(3, v).int(20, ATTR_INT);
  if (typeof v === 'string') return m.string(4, v).int(20, ATTR_STRING);
  if (Array.isArray(v)) return m.ints(8, v as number[]).int(20, ATTR_INTS);
  return m.float(2, (v as { float: number }).float).int(20, ATTR_FLOAT);
}

function tensorMsg(t: Initializer): Msg {
  const m = new Msg();
  m.ints(1, t.dims)
    .int(2, t.type === 'float' ? DT_FLOAT : DT_INT64)
    .string(8, t.name);
  if (t.data) {
    if (t.type === 'float') {
      const f = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
      m.blob(9, new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
    } else {
      const b = new Uint8Array(8 * t.data.length);
      const dv = new DataView(b.buffer);
      t.data.forEach((v, i) => {
        dv.setBigInt64(8 * i, BigInt(v), true);
      });
      m.blob(9, b);
    }
  }
  return m;
}

function valueInfo(v: GraphValue): Msg {
  const shape = new Msg();
  for (const d of v.dims) shape.msg(1, new Msg().int(1, d));
  const tensor = new Msg().int(1, DT_FLOAT).msg(2, shape);
  return new Msg().string(1, v.name).msg(2, new Msg().msg(1, tensor));
}

export interface ModelParts {
  graphName: string;
  producerVersion: string;
  doc: string;
  metadata: Record<string, string>;
  inputs: GraphValue[];
  outputs: GraphValue[];
}

/** The whole ModelProto as bytes. */
export function serializeModel(b: OnnxGraphBuilder, p: ModelParts): Uint8Array {
  const graph = new Msg();
  for (const n of b.nodes) {
    const m = new Msg();
    for (const i of n.inputs) m.string(1, i);
    for (const o of n.outputs) m.string(2, o);
    m.string(3, n.name).string(4, n.op);
    for (const [k, v] of Object.entries(n.attrs)) m.msg(5, attrMsg(k, v));
    if (n.doc) m.string(6, n.doc);
    graph.msg(1, m);
  }
  graph.string(2, p.graphName);
  for (const t of b.initializers) graph.msg(5, tensorMsg(t));
  for (const v of p.inputs) graph.msg(11, valueInfo(v));
  for (const v of p.outputs) graph.msg(12, valueInfo(v));
  const model = new Msg()
    .int(1, ONNX_IR_VERSION)
    .string(2, 'convcost')
    .string(3, p.producerVersion)
    .string(6, p.doc)
    .msg(7, graph)
    .msg(8, new Msg().string(1, '').int(2, ONNX_OPSET));
  for (const [k, v] of Object.entries(p.metadata)) model.msg(14, new Msg().string(1, k).string(2, v));
  return model.bytes();
}
