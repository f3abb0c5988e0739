// A growable little-endian byte buffer: the one place token bytes are assembled before packetising.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Writes `s` as UTF-16LE at `at` (room must exist); returns the offset after it. Short strings in a JS loop, long ones natively. */
export function writeUtf16(s: string, buf: Buffer, at: number): number {
  const n = s.length;
  if (n > 64) return at + buf.write(s, at, 'utf16le');
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    buf[at++] = c & 0xff;
    buf[at++] = c >>> 8;
  }
  return at;
}

export class ByteWriter {
  buf: Buffer;
  length = 0;

  constructor(initialSize = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.length = this.buf.writeUInt16LE(v, this.length);
  }

  i16(v: number): void {
    this.ensure(2);
    this.length = this.buf.writeInt16LE(v, this.length);
  }

  u16be(v: number): void {
    this.ensure(2);
    this.length = this.buf.writeUInt16BE(v, this.length);
  }

  u32(v: number): void {
    this.ensure(4);
    this.length = this.buf.writeUInt32LE(v, this.length);
  }

  i32(v: number): void {
    this.ensure(4);
    this.length = this.buf.writeInt32LE(v, this.length);
  }

  i64(v: bigint): void {
    this.ensure(8);
    if (v >= -MAX_SAFE && v <= MAX_SAFE) {
      // Most values fit a double: two 32-bit halves are much cheaper than writeBigInt64LE.
      const n = Number(v);
      const hi = Math.floor(n / 0x1_0000_0000);
      this.buf.writeUInt32LE(n - hi * 0x1_0000_0000, this.length);
      this.length = this.buf.writeInt32LE(hi, this.length + 4);
      return;
    }
    this.length = this.buf.writeBigInt64LE(v, this.length);
  }

  u64(v: bigint): void {
    this.ensure(8);
    this.length = this.buf.writeBigUInt64LE(v, this.length);
  }

  /** Unsigned integer of 1..6 bytes, little-endian. */
  uintN(v: number, bytes: number): void {
    this.ensure(bytes);
    this.length = this.buf.writeUIntLE(v, this.length, bytes);
  }

  f32(v: number): void {
    this.ensure(4);
    this.length = this.buf.writeFloatLE(v, this.length);
  }

  f64(v: number): void {
    this.ensure(8);
    this.length = this.buf.writeDoubleLE(v, this.length);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** UTF-16LE text without a length prefix. */
  ucs2(s: string): void {
    this.ensure(s.length * 2);
    this.length = writeUtf16(s, this.buf, this.length);
  }

  /** B_VARCHAR: 1-byte character count then UTF-16LE. */
  bVarchar(s: string): void {
    this.u8(s.length);
    this.ucs2(s);
  }

  /** US_VARCHAR: 2-byte character count then UTF-16LE. */
  usVarchar(s: string): void {
    this.u16(s.length);
    this.ucs2(s);
  }

  /** Reserves n bytes and returns their offset, to be patched later (e.g. a token length). */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.length;
    this.length += n;
    return at;
  }

  /** Removes the first n bytes (used after packets were cut from the front). */
  consume(n: number): void {
    this.buf.copy(this.buf, 0, n, this.length);
    this.length -= n;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}
