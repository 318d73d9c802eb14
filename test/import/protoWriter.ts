/**
 * A tiny protobuf writer for tests: builds messages field by field, so tests can make ONNX
 * files (with or without weights) and mutate real ones, independently of the reader under test.
 */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array): this {
    this.chunks.push(b);
    this.size += b.length;
    return this;
  }

  private static varintBytes(v: number | bigint): Uint8Array {
    let x = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    do {
      let byte = Number(x & 0x7fn);
      x >>= 7n;
      if (x) byte |= 0x80;
      out.push(byte);
    } while (x);
    return Uint8Array.from(out);
  }

  varint(field: number, v: number | bigint): this {
    this.push(ProtoWriter.varintBytes(field * 8));
    return this.push(ProtoWriter.varintBytes(v));
  }

  bytes(field: number, b: Uint8Array): this {
    this.push(ProtoWriter.varintBytes(field * 8 + 2));
    this.push(ProtoWriter.varintBytes(b.length));
    return this.push(b);
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  float(field: number, v: number): this {
    this.push(ProtoWriter.varintBytes(field * 8 + 5));
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return this.push(b);
  }

  packedVarints(field: number, vs: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of vs) inner.push(ProtoWriter.varintBytes(v));
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, vs: readonly number[]): this {
    const b = new Uint8Array(4 * vs.length);
    const dv = new DataView(b.buffer);
    vs.forEach((v, i) => {
      dv.setFloat32(4 * i, v, true);
    });
    return this.bytes(field, b);
  }

  /** Raw bytes of an already encoded field (tag included). */
  raw(b: Uint8Array): this {
    return this.push(b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}
