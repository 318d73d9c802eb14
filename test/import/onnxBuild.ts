/**
 * Builds small ONNX models for tests with onnx-buf (the official schema compiled by
 * @bufbuild/protobuf), independently of convcost's own reader: what the reader gets right about
 * these files, it gets right about the schema, not about itself.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AT,
  AttributeProtoSchema,
  TensorProto_DataType as DT,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
} from 'onnx-buf';

export type Attr =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { t: Init };

export interface Init {
  name: string;
  dims: readonly number[];
  dtype?: 'float32' | 'int64' | 'int32';
  /** Values written into the tensor; without them float tensors get zeros, or no data with `noData`. */
  values?: readonly number[];
  noData?: boolean;
}

export interface NodeDef {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  domain?: string;
  attrs?: Readonly<Record<string, Attr>>;
}

export interface ModelDef {
  opset: number;
  irVersion?: number;
  inputs: readonly { name: string; dims: readonly (number | string)[] }[];
  outputs: readonly string[];
  nodes: readonly NodeDef[];
  inits?: readonly Init[];
}

const DTYPE = { float32: DT.FLOAT, int64: DT.INT64, int32: DT.INT32 } as const;

function tensor(i: Init) {
  const dtype = i.dtype ?? 'float32';
  const n = i.dims.reduce((a, b) => a * b, 1);
  const t = create(TensorProtoSchema, { name: i.name, dims: i.dims.map(BigInt), dataType: DTYPE[dtype] });
  if (i.noData) return t;
  if (dtype === 'int64') t.int64Data = (i.values ?? new Array(n).fill(0)).map((v) => BigInt(v));
  else if (dtype === 'int32') t.int32Data = [...(i.values ?? new Array(n).fill(0))];
  else if (i.values) t.floatData = [...i.values];
  else t.rawData = new Uint8Array(4 * n);
  return t;
}

function attribute(name: string, a: Attr) {
  const p = create(AttributeProtoSchema, { name });
  if ('i' in a) Object.assign(p, { type: AT.INT, i: BigInt(a.i) });
  else if ('f' in a) Object.assign(p, { type: AT.FLOAT, f: a.f });
  else if ('s' in a) Object.assign(p, { type: AT.STRING, s: new TextEncoder().encode(a.s) });
  else if ('ints' in a) Object.assign(p, { type: AT.INTS, ints: a.ints.map(BigInt) });
  else if ('floats' in a) Object.assign(p, { type: AT.FLOATS, floats: [...a.floats] });
  else Object.assign(p, { type: AT.TENSOR, t: tensor(a.t) });
  return p;
}

function valueInfo(name: string, dims?: readonly (number | string)[]) {
  const v = create(ValueInfoProtoSchema, { name });
  if (!dims) return v;
  v.type = create(TypeProtoSchema, {
    value: {
      case: 'tensorType',
      value: create(TypeProto_TensorSchema, {
        elemType: DT.FLOAT,
        shape: create(TensorShapeProtoSchema, {
          dim: dims.map((d) =>
            create(TensorShapeProto_DimensionSchema, {
              value:
                typeof d === 'number'
                  ? { case: 'dimValue', value: BigInt(d) }
                  : { case: 'dimParam', value: d },
            }),
          ),
        }),
      }),
    },
  });
  return v;
}

export function buildOnnx(m: ModelDef): Uint8Array {
  const graph = create(GraphProtoSchema, {
    name: 'test',
    node: m.nodes.map((n, i) =>
      create(NodeProtoSchema, {
        name: n.name ?? `${n.op}_${i}`,
        opType: n.op,
        domain: n.domain ?? '',
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      }),
    ),
    initializer: (m.inits ?? []).map(tensor),
    input: m.inputs.map((v) => valueInfo(v.name, v.dims)),
    output: m.outputs.map((o) => valueInfo(o)),
  });
  const model = create(ModelProtoSchema, {
    irVersion: BigInt(m.irVersion ?? 8),
    producerName: 'convcost-test',
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(m.opset) })],
    graph,
  });
  return toBinary(ModelProtoSchema, model);
}
