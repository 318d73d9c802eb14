import { Reader, WIRE_LEN } from '../../src/import/onnx/wire.ts';
import { ProtoWriter } from './protoWriter.ts';

/** The fields of a message, with their byte spans (tag included). */
export function fieldsOf(r: Reader): { field: number; wire: number; start: number; end: number }[] {
  const out = [];
  while (!r.done) {
    const start = r.pos;
    const { field, wire } = r.tag();
    r.skip(wire);
    out.push({ field, wire, start, end: r.pos });
  }
  return out;
}

function payloadOf(bytes: Uint8Array, f: { start: number; end: number }): Reader {
  const r = new Reader(bytes, f.start, f.end);
  r.tag();
  return r.sub();
}

/** Rewrites the length-delimited fields named in `on`; copies every other field as it is. */
export function rewriteMessage(
  bytes: Uint8Array,
  r: Reader,
  on: Record<number, (r: Reader) => Uint8Array | undefined>,
  append?: (w: ProtoWriter) => void,
): Uint8Array {
  const w = new ProtoWriter();
  for (const f of fieldsOf(r)) {
    const fn = on[f.field];
    if (fn && f.wire === WIRE_LEN) {
      const out = fn(payloadOf(bytes, f));
      if (out) w.bytes(f.field, out);
    } else w.raw(bytes.subarray(f.start, f.end));
  }
  append?.(w);
  return w.finish();
}

const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8 };

/** Gives every initializer without data zero-filled raw_data, so ONNX Runtime can run a stripped model. */
export function fillWeights(bytes: Uint8Array): Uint8Array {
  const tensor = (r: Reader): Uint8Array => {
    const fs = fieldsOf(r);
    const dims: number[] = [];
    let dtype = 1;
    let hasData = false;
    for (const f of fs) {
      const rr = new Reader(bytes, f.start, f.end);
      const tg = rr.tag();
      if (f.field === 1) rr.varints(tg.wire, dims, 64);
      else if (f.field === 2) dtype = rr.varint();
      else if ([4, 5, 6, 7, 9, 10, 11].includes(f.field)) hasData = true;
    }
    const w = new ProtoWriter();
    for (const f of fs) w.raw(bytes.subarray(f.start, f.end));
    if (!hasData) w.bytes(9, new Uint8Array(dims.reduce((a, b) => a * b, 1) * (ELEMENT_BYTES[dtype] ?? 4)));
    return w.finish();
  };
  const attribute = (r: Reader) => rewriteMessage(bytes, r, { 5: tensor });
  const node = (r: Reader) => rewriteMessage(bytes, r, { 5: attribute });
  const graph = (r: Reader) => rewriteMessage(bytes, r, { 1: node, 5: tensor });
  return rewriteMessage(bytes, new Reader(bytes), { 7: graph });
}

/** Adds graph outputs (name only: ONNX Runtime infers their types) so a run returns these values too. */
export function withOutputs(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  const graph = (r: Reader) =>
    rewriteMessage(bytes, r, {}, (w) => {
      for (const n of names) w.message(12, new ProtoWriter().string(1, n));
    });
  return rewriteMessage(bytes, new Reader(bytes), { 7: graph });
}
