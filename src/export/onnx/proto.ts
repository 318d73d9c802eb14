/**
 * A minimal protobuf writer for ONNX files: messages are trees of fields whose sizes are computed
 * once, then written into one buffer, so weight bytes are copied exactly once (ResNet-50's
 * 100 MB of seeded weights go straight from their Float32Arrays into the file).
 */

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LEN = 2;

type Entry =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'msg'; tag: number; msg: Msg }
  | { kind: 'blob'; tag: number; data: Uint8Array };

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Scalars are collected in a small scratch array and flushed as one chunk before a nested entry. */
export class Msg {
  private readonly entries: Entry[] = [];
  private scratch: number[] = [];
  private size = -1;

  private flush(): void {
    if (this.scratch.length) {
      this.entries.push({ kind: 'bytes', bytes: Uint8Array.from(this.scratch) });
      this.scratch = [];
    }
  }

  private pushVarint(v: number): void {
    while (v >= 0x80) {
      this.scratch.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.scratch.push(v);
  }

  private tag(field: number, wire: number): void {
    this.pushVarint(field * 8 + wire);
  }

  /** An int32/int64/enum/bool field. Negative values take ten bytes (two's complement), as protobuf says. */
  int(field: number, v: number): this {
    if (!Number.isSafeInteger(v)) throw new Error(`protobuf: ${v} is not a safe integer`);
    this.tag(field, WIRE_VARINT);
    if (v >= 0) this.pushVarint(v);
    else {
      let b = BigInt.asUintN(64, BigInt(v));
      for (let i = 0; i < 9; i++) {
        this.scratch.push(Number(b & 0x7fn) | 0x80);
        b >>= 7n;
      }
      this.scratch.push(Number(b));
    }
    return this;
  }

  /** Each value as its own field (unpacked, proto2's default for ONNX's repeated ints). */
  ints(field: number, vs: readonly number[]): this {
    for (const v of vs) this.int(field, v);
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    for (const x of b) this.scratch.push(x);
    return this;
  }

  string(field: number, s: string): this {
    return this.blob(field, new TextEncoder().encode(s));
  }

  /** A length-delimited field holding bytes, referenced (not copied) until the message is written. */
  blob(field: number, data: Uint8Array): this {
    if (data.length < 64) {
      this.tag(field, WIRE_LEN);
      this.pushVarint(data.length);
      for (const x of data) this.scratch.push(x);
      return this;
    }
    this.flush();
    this.entries.push({ kind: 'blob', tag: field * 8 + WIRE_LEN, data });
    return this;
  }

  msg(field: number, m: Msg): this {
    this.flush();
    this.entries.push({ kind: 'msg', tag: field * 8 + WIRE_LEN, msg: m });
    return this;
  }

  byteLength(): number {
    if (this.size >= 0) return this.size;
    this.flush();
    let n = 0;
    for (const e of this.entries) {
      if (e.kind === 'bytes') n += e.bytes.length;
      else {
        const len = e.kind === 'msg' ? e.msg.byteLength() : e.data.length;
        n += varintSize(e.tag) + varintSize(len) + len;
      }
    }
    this.size = n;
    return n;
  }

  private writeVarint(out: Uint8Array, pos: number, v: number): number {
    while (v >= 0x80) {
      out[pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    out[pos++] = v;
    return pos;
  }

  private writeInto(out: Uint8Array, pos: number): number {
    for (const e of this.entries) {
      if (e.kind === 'bytes') {
        out.set(e.bytes, pos);
        pos += e.bytes.length;
      } else if (e.kind === 'blob') {
        pos = this.writeVarint(out, pos, e.tag);
        pos = this.writeVarint(out, pos, e.data.length);
        out.set(e.data, pos);
        pos += e.data.length;
      } else {
        pos = this.writeVarint(out, pos, e.tag);
        pos = this.writeVarint(out, pos, e.msg.byteLength());
        pos = e.msg.writeInto(out, pos);
      }
    }
    return pos;
  }

  /** The serialized message. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.byteLength());
    const end = this.writeInto(out, 0);
    if (end !== out.length) throw new Error(`protobuf: wrote ${end} of ${out.length} bytes`);
    return out;
  }
}
