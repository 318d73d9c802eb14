/**
 * Writes small TFLite models for tests with the flatbuffers Builder, following
 * tensorflow/lite/schema/schema.fbs (independently of convcost's reader).
 */
import { Builder } from 'flatbuffers';

export type Field =
  | [id: number, kind: 'i8' | 'i32' | 'f32' | 'bool', value: number]
  | [id: number, 'ints', number[]];

export interface TfliteTensor {
  name: string;
  shape: number[];
  type?: 'float32' | 'int8' | 'int32' | 'uint8';
  /** Stored bytes: 'zeros' fills the tensor, int32 values are written as given, undefined = no buffer. */
  data?: 'zeros' | number[];
  signature?: number[];
}

export interface TfliteOp {
  code: number;
  inputs: number[];
  outputs: number[];
  /** schema.fbs BuiltinOptions union index and the options table's fields. */
  options?: { type: number; fields: Field[] };
}

export interface TfliteDef {
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  ops: TfliteOp[];
  description?: string;
}

const TYPE = { float32: 0, int32: 2, uint8: 3, int8: 9 } as const;
const WIDTH = { float32: 4, int32: 4, uint8: 1, int8: 1 } as const;

function intVector(b: Builder, v: readonly number[]): number {
  b.startVector(4, v.length, 4);
  for (let i = v.length - 1; i >= 0; i--) b.addInt32(v[i]);
  return b.endVector();
}

function tableVector(b: Builder, v: readonly number[]): number {
  b.startVector(4, v.length, 4);
  for (let i = v.length - 1; i >= 0; i--) b.addOffset(v[i]);
  return b.endVector();
}

export function buildTflite(m: TfliteDef): Uint8Array {
  const b = new Builder(1024);
  // Buffer 0 is the empty buffer every tensor without data points to.
  const buffers: number[] = [];
  b.startObject(3);
  buffers.push(b.endObject());
  const tensorBuffer: number[] = [];
  for (const t of m.tensors) {
    if (t.data === undefined) {
      tensorBuffer.push(0);
      continue;
    }
    const type = t.type ?? 'float32';
    const n = t.shape.reduce((a, c) => a * c, 1);
    const bytes = new Uint8Array(n * WIDTH[type]);
    if (Array.isArray(t.data)) {
      const dv = new DataView(bytes.buffer);
      t.data.forEach((v, i) => {
        dv.setInt32(4 * i, v, true);
      });
    }
    const vec = b.createByteVector(bytes);
    b.startObject(3);
    b.addFieldOffset(0, vec, 0);
    tensorBuffer.push(buffers.length);
    buffers.push(b.endObject());
  }
  const tensors = m.tensors.map((t, i) => {
    const name = b.createString(t.name);
    const shape = intVector(b, t.shape);
    const sig = t.signature ? intVector(b, t.signature) : 0;
    b.startObject(8);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, TYPE[t.type ?? 'float32'], -1);
    b.addFieldInt32(2, tensorBuffer[i], -1);
    b.addFieldOffset(3, name, 0);
    if (sig) b.addFieldOffset(7, sig, 0);
    return b.endObject();
  });
  const codes = [...new Set(m.ops.map((o) => o.code))];
  const codeTables = codes.map((c) => {
    b.startObject(4);
    b.addFieldInt8(0, Math.min(c, 127), -1);
    b.addFieldInt32(2, 1, -1);
    b.addFieldInt32(3, c, -1);
    return b.endObject();
  });
  const ops = m.ops.map((o) => {
    let opt = 0;
    if (o.options) {
      const vecs = new Map<number, number>();
      for (const f of o.options.fields) if (f[1] === 'ints') vecs.set(f[0], intVector(b, f[2]));
      b.startObject(8);
      for (const f of o.options.fields) {
        if (f[1] === 'ints') b.addFieldOffset(f[0], vecs.get(f[0])!, 0);
        else if (f[1] === 'i8' || f[1] === 'bool') b.addFieldInt8(f[0], f[2], -1);
        else if (f[1] === 'i32') b.addFieldInt32(f[0], f[2], -1);
        else b.addFieldFloat32(f[0], f[2], -1);
      }
      opt = b.endObject();
    }
    const ins = intVector(b, o.inputs);
    const outs = intVector(b, o.outputs);
    b.startObject(9);
    b.addFieldInt32(0, codes.indexOf(o.code), -1);
    b.addFieldOffset(1, ins, 0);
    b.addFieldOffset(2, outs, 0);
    if (o.options) {
      b.addFieldInt8(3, o.options.type, -1);
      b.addFieldOffset(4, opt, 0);
    }
    return b.endObject();
  });
  const tv = tableVector(b, tensors);
  const iv = intVector(b, m.inputs);
  const ov = intVector(b, m.outputs);
  const opv = tableVector(b, ops);
  const sgName = b.createString('main');
  b.startObject(5);
  b.addFieldOffset(0, tv, 0);
  b.addFieldOffset(1, iv, 0);
  b.addFieldOffset(2, ov, 0);
  b.addFieldOffset(3, opv, 0);
  b.addFieldOffset(4, sgName, 0);
  const sg = b.endObject();
  const codesV = tableVector(b, codeTables);
  const sgs = tableVector(b, [sg]);
  const bufs = tableVector(b, buffers);
  const desc = b.createString(m.description ?? 'convcost test model');
  b.startObject(8);
  b.addFieldInt32(0, 3, -1);
  b.addFieldOffset(1, codesV, 0);
  b.addFieldOffset(2, sgs, 0);
  b.addFieldOffset(3, desc, 0);
  b.addFieldOffset(4, bufs, 0);
  const root = b.endObject();
  b.finish(root, 'TFL3');
  return b.asUint8Array().slice();
}
