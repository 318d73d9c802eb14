/**
 * A minimal protobuf wire-format reader over a byte array: enough to walk an ONNX model without
 * copying anything (length-delimited fields are views into the file, and weight bytes are only
 * measured, never read). Every read is bounds-checked and throws a WireError naming the offset.
 */

export class WireError extends Error {
  override readonly name = 'WireError';
}

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

const TWO_32 = 4294967296;
const utf8 = new TextDecoder('utf-8');

export class Reader {
  pos: number;
  readonly end: number;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    end = bytes.length,
  ) {
    this.pos = start;
    this.end = end;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number): void {
    if (n > this.end - this.pos)
      throw new WireError(`the data ends early at byte ${this.pos} (needs ${n} more)`);
  }

  /**
   * A varint as a JS number. int64 values are exact up to 2^53; negative int64 (10-byte two's
   * complement) come out negative.
   */
  varint(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    const b = this.bytes;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError(`a number is cut off at byte ${this.pos}`);
      const byte = b[this.pos++];
      if (shift < 28) lo |= (byte & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (byte & 0x0f) << 28;
        hi |= (byte & 0x7f) >> 4;
      } else hi |= (byte & 0x7f) << (shift - 32);
      if ((byte & 0x80) === 0) {
        lo >>>= 0;
        hi >>>= 0;
        if (hi & 0x80000000) return -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1);
        return hi * TWO_32 + lo;
      }
      shift += 7;
    }
    throw new WireError(`a number at byte ${this.pos} is longer than 10 bytes`);
  }

  /** Field number and wire type of the next field. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field < 1 || t < 0) throw new WireError(`bad field tag at byte ${this.pos}`);
    return { field, wire: t & 7 };
  }

  /** Start and end of a length-delimited field's payload; the reader moves past it. */
  span(): [number, number] {
    const n = this.varint();
    if (n < 0) throw new WireError(`negative length at byte ${this.pos}`);
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return [start, this.pos];
  }

  sub(): Reader {
    const [s, e] = this.span();
    return new Reader(this.bytes, s, e);
  }

  string(): string {
    const [s, e] = this.span();
    return utf8.decode(this.bytes.subarray(s, e));
  }

  float32(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  float64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_I64) {
      this.need(8);
      this.pos += 8;
    } else if (wire === WIRE_LEN) this.span();
    else if (wire === WIRE_I32) {
      this.need(4);
      this.pos += 4;
    } else throw new WireError(`unsupported wire type ${wire} at byte ${this.pos}`);
  }

  /** A repeated varint field, packed (one length-delimited run) or not (one value). */
  varints(wire: number, into: number[], max: number): void {
    if (wire === WIRE_VARINT) {
      if (into.length >= max) throw new WireError(`more than ${max} values in a list at byte ${this.pos}`);
      into.push(this.varint());
      return;
    }
    if (wire !== WIRE_LEN) throw new WireError(`a list of integers has wire type ${wire}`);
    const r = this.sub();
    while (!r.done) {
      if (into.length >= max) throw new WireError(`more than ${max} values in a list at byte ${r.pos}`);
      into.push(r.varint());
    }
  }

  /** A repeated fixed-width field (float 4, double 8), packed or not. */
  fixeds(wire: number, width: 4 | 8, into: number[], max: number): void {
    const one = width === 4 ? WIRE_I32 : WIRE_I64;
    if (wire === one) {
      if (into.length >= max) throw new WireError(`more than ${max} values in a list at byte ${this.pos}`);
      into.push(width === 4 ? this.float32() : this.float64());
      return;
    }
    if (wire !== WIRE_LEN) throw new WireError(`a list of numbers has wire type ${wire}`);
    const r = this.sub();
    if ((r.end - r.pos) % width !== 0)
      throw new WireError(`a packed list at byte ${r.pos} has a partial value`);
    while (!r.done) {
      if (into.length >= max) throw new WireError(`more than ${max} values in a list at byte ${r.pos}`);
      into.push(width === 4 ? r.float32() : r.float64());
    }
  }

  /** Counts the values of a packed or unpacked repeated field without keeping them. */
  countValues(wire: number, width: 0 | 4 | 8): number {
    if (wire !== WIRE_LEN) {
      this.skip(wire);
      return 1;
    }
    const [s, e] = this.span();
    if (width) return Math.floor((e - s) / width);
    let n = 0;
    for (let i = s; i < e; i++) if ((this.bytes[i] & 0x80) === 0) n++;
    return n;
  }

  /** Reads one wire-typed value that must be a varint. */
  expect(wire: number, want: number, what: string): void {
    if (wire !== want) throw new WireError(`${what} has wire type ${wire}, expected ${want}`);
  }
}
