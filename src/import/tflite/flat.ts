/**
 * A bounds-checked FlatBuffers reader: tables through their vtables (a field's vtable slot is
 * 4 + 2 x field id), vectors, strings. Every offset is checked against the buffer, so a
 * truncated or hostile file raises a FlatError naming the byte, never reads out of bounds.
 */

export class FlatError extends Error {
  override readonly name = 'FlatError';
}

const utf8 = new TextDecoder('utf-8');

export class Flat {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private check(pos: number, size: number): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + size > this.bytes.length)
      throw new FlatError(
        `an offset points outside the file (byte ${pos}, file of ${this.bytes.length} bytes)`,
      );
  }

  u8(pos: number): number {
    this.check(pos, 1);
    return this.view.getUint8(pos);
  }
  i8(pos: number): number {
    this.check(pos, 1);
    return this.view.getInt8(pos);
  }
  u16(pos: number): number {
    this.check(pos, 2);
    return this.view.getUint16(pos, true);
  }
  i32(pos: number): number {
    this.check(pos, 4);
    return this.view.getInt32(pos, true);
  }
  u32(pos: number): number {
    this.check(pos, 4);
    return this.view.getUint32(pos, true);
  }
  f32(pos: number): number {
    this.check(pos, 4);
    return this.view.getFloat32(pos, true);
  }
  i64(pos: number): number {
    this.check(pos, 8);
    return this.view.getInt32(pos + 4, true) * 4294967296 + this.view.getUint32(pos, true);
  }

  /** The root table's position. */
  root(): number {
    return this.u32(0);
  }

  /** Position of a table field's value, or 0 when the field is absent. */
  field(table: number, id: number): number {
    if (!table) return 0;
    const vtable = table - this.i32(table);
    const vsize = this.u16(vtable);
    const slot = 4 + 2 * id;
    if (slot + 2 > vsize) return 0;
    const off = this.u16(vtable + slot);
    return off ? table + off : 0;
  }

  /** The table, vector or string a field's offset points to, or 0 when absent. */
  ref(table: number, id: number): number {
    const p = this.field(table, id);
    return p ? p + this.u32(p) : 0;
  }

  int(table: number, id: number, dflt: number): number {
    const p = this.field(table, id);
    return p ? this.i32(p) : dflt;
  }
  uint(table: number, id: number, dflt: number): number {
    const p = this.field(table, id);
    return p ? this.u32(p) : dflt;
  }
  byte(table: number, id: number, dflt: number): number {
    const p = this.field(table, id);
    return p ? this.i8(p) : dflt;
  }
  ubyte(table: number, id: number, dflt: number): number {
    const p = this.field(table, id);
    return p ? this.u8(p) : dflt;
  }
  bool(table: number, id: number): boolean {
    return this.ubyte(table, id, 0) !== 0;
  }
  float(table: number, id: number, dflt: number): number {
    const p = this.field(table, id);
    return p ? this.f32(p) : dflt;
  }

  /** A vector's length and the position of its first element; elements of `size` bytes must fit. */
  vector(vec: number, size: number): { length: number; start: number } {
    if (!vec) return { length: 0, start: 0 };
    const length = this.u32(vec);
    this.check(vec + 4, length * size);
    return { length, start: vec + 4 };
  }

  ints(table: number, id: number): number[] {
    const { length, start } = this.vector(this.ref(table, id), 4);
    const out = new Array(length);
    for (let i = 0; i < length; i++) out[i] = this.i32(start + 4 * i);
    return out;
  }

  /** Positions of the tables of a vector of tables. */
  tables(table: number, id: number): number[] {
    const { length, start } = this.vector(this.ref(table, id), 4);
    const out = new Array(length);
    for (let i = 0; i < length; i++) {
      const p = start + 4 * i;
      out[i] = p + this.u32(p);
    }
    return out;
  }

  string(table: number, id: number): string {
    const s = this.ref(table, id);
    if (!s) return '';
    const { length, start } = this.vector(s, 1);
    return utf8.decode(this.bytes.subarray(start, start + length));
  }
}
