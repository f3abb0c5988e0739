// Ferry's binary row format, the fast path's unit between a source and a target: each row is
// PostgreSQL's binary COPY tuple (int16 field count, then per field an int32 byte length, -1 for
// NULL, and the value in the send/recv form of the column's logical type): bool 1 byte; int8/int16
// int2, int32 int4, int64 int8, float32/float64 float4/float8, all big-endian; decimal as numeric
// (base-10000 digits, dscale = the column's scale); text/xml UTF-8 (no NUL, no lone surrogate);
// binary/rowversion the bytes; uuid the 16 bytes in text order; date int4 days since 2000-01-01;
// time int8 microseconds since midnight; timestamp int8 microseconds since 2000-01-01 00:00, and
// timestamptz the same in UTC. A value this form cannot hold exactly (text with NUL or a lone
// surrogate, a fraction finer than a microsecond) never goes into binary rows as it is: under the
// `fix` policy (`ReadOptions.fixValues`) the source makes the target's documented fix (NULs
// stripped, a lone surrogate replaced by U+FFFD, fraction digits beyond the 6th truncated) and
// counts it; otherwise its row is sent as a value row, for the target's error policy to see.

import type { LogicalKind } from '../model/logical-type.js';
import type { FieldFix } from './column-fixes.js';

/** The logical types the binary row format holds (a column of another type takes the value path). */
export const binaryRowKinds: ReadonlySet<LogicalKind> = new Set<LogicalKind>([
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'float32',
  'float64',
  'decimal',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'uuid',
  'text',
  'binary',
  'rowversion',
]);

/**
 * Rows already encoded in the binary row format: `rows` tuples, concatenated. A batch holding large
 * values comes as parts in order (see BinaryBuffer.take), so that no value is copied to join them.
 */
export interface BinaryRows {
  data: Buffer | Buffer[];
  /** The rows that end in `data`. */
  rows: number;
  /**
   * `data` ends inside a row, which the next batch goes on with (only for a reader that asked for
   * `ReadOptions.splitRows`): a row with a large value streams through several batches.
   */
  partial?: boolean;
  /**
   * Values changed in these rows, per field and rule: the fixes made under `ReadOptions.fixValues`
   * (`NUL_IN_TEXT`, ...), and END_OF_TIME under every policy.
   */
  fixes?: FieldFix[];
  /**
   * Called by the target once nothing reads `data` any more (its socket has written it): the source
   * may then write into its buffers again (see BinaryBuffer.takeReleasable). Not calling it is safe.
   */
  release?: () => void;
}

/** The tuples of `rows` as one Buffer (its parts joined: for readers that walk the tuples). */
export function binaryData(rows: BinaryRows): Buffer {
  return Buffer.isBuffer(rows.data) ? rows.data : Buffer.concat(rows.data);
}

/** The byte length of `rows`' tuples. */
export function binaryLength(rows: BinaryRows): number {
  return Buffer.isBuffer(rows.data) ? rows.data.length : rows.data.reduce((n, p) => n + p.length, 0);
}

/**
 * The end offset of the tuple starting at `at` in `data`, or -1 when `data` ends inside it (a field
 * count of -1, the end of a COPY stream, ends it at once: returns `at + 2`).
 */
export function tupleEnd(data: Buffer, at: number): number {
  if (at + 2 > data.length) return -1;
  const fields = data.readInt16BE(at);
  let p = at + 2;
  for (let i = 0; i < fields; i++) {
    if (p + 4 > data.length) return -1;
    const n = data.readInt32BE(p);
    p += 4 + (n > 0 ? n : 0);
  }
  return p <= data.length ? p : -1;
}

/**
 * A value of at least this many bytes (a LOB) is not copied into the batch's buffer: it goes to the
 * socket as a part of its own (a Buffer as it is, a text as its UTF-8 bytes), so one 50 MB value costs
 * one copy at most, not a buffer grown to twice its size and copied out again.
 */
export const ownPartBytes = 256 * 1024;

/** Bytes a buffer holds at least when they go out as a part without being copied (see BinaryBuffer.cut). */
const lendBytes = 64 * 1024;
/** Spare buffers a BinaryBuffer keeps for its next parts (see takeReleasable). */
const spareBuffers = 4;

/** Where a row starts: `rollback` returns there when the row fails. */
export interface BufferMark {
  parts: number;
  length: number;
}

/**
 * A growable buffer the binary rows of one batch are written into; each method writes one field
 * (length + value). `take()` hands out the batch as parts: the buffer's bytes, and between them the
 * large values written as parts of their own.
 */
export class BinaryBuffer {
  buf: Buffer = Buffer.allocUnsafe(1 << 20);
  /** Big-endian accessors over `buf` (DataView setters are cheaper than Buffer's checked writers). */
  view: DataView = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  length = 0;
  private parts: Buffer[] = [];
  /** The buffers whose bytes went out as parts (not copied) since the last take. */
  private lent: Buffer[] = [];
  /** Buffers given back by a release (see takeReleasable), written again before new ones are made. */
  private spare: Buffer[] = [];

  private use(buf: Buffer): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  }

  ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + extra));
    this.buf.copy(next, 0, 0, this.length);
    this.use(next);
  }
  int16(v: number): void {
    this.ensure(2);
    this.view.setInt16(this.length, v);
    this.length += 2;
  }
  int32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, v);
    this.length += 4;
  }
  fieldInt16(v: number): void {
    this.ensure(6);
    this.view.setInt32(this.length, 2);
    this.view.setInt16(this.length + 4, v);
    this.length += 6;
  }
  fieldInt32(v: number): void {
    this.ensure(8);
    this.view.setInt32(this.length, 4);
    this.view.setInt32(this.length + 4, v);
    this.length += 8;
  }
  fieldInt64(v: bigint): void {
    this.ensure(12);
    this.view.setInt32(this.length, 8);
    this.view.setBigInt64(this.length + 4, v);
    this.length += 12;
  }
  /** An int64 field from two 32-bit words (high signed, low unsigned). */
  fieldInt64Words(hi: number, lo: number): void {
    this.ensure(12);
    this.view.setInt32(this.length, 8);
    this.view.setInt32(this.length + 4, hi);
    this.view.setUint32(this.length + 8, lo);
    this.length += 12;
  }
  fieldFloat32(v: number): void {
    this.ensure(8);
    this.view.setInt32(this.length, 4);
    this.view.setFloat32(this.length + 4, v);
    this.length += 8;
  }
  fieldFloat64(v: number): void {
    this.ensure(12);
    this.view.setInt32(this.length, 8);
    this.view.setFloat64(this.length + 4, v);
    this.length += 12;
  }
  fieldBool(v: boolean): void {
    this.ensure(5);
    this.view.setInt32(this.length, 1);
    this.buf[this.length + 4] = v ? 1 : 0;
    this.length += 5;
  }
  fieldBytes(v: Buffer): void {
    if (v.length >= ownPartBytes) return this.ownPart(v);
    this.ensure(4 + v.length);
    this.view.setInt32(this.length, v.length);
    this.length += 4 + v.copy(this.buf, this.length + 4);
  }
  /** UTF-8 text, optionally after one prefix byte (jsonb's version). */
  fieldText(s: string, prefix?: number): void {
    if (s.length * 3 >= ownPartBytes) {
      const bytes = Buffer.byteLength(s, 'utf8');
      if (bytes >= ownPartBytes) return this.ownPart(Buffer.from(s, 'utf8'), prefix);
      this.ensure(9 + bytes);
    } else this.ensure(9 + s.length * 3);
    let at = this.length + 4;
    if (prefix !== undefined) this.buf[at++] = prefix;
    const end = at + this.buf.write(s, at, 'utf8');
    this.view.setInt32(this.length, end - this.length - 4);
    this.length = end;
  }
  /**
   * A short string of ASCII without NUL, byte by byte (cheaper than a call into Buffer.write for the
   * short strings most columns hold); false, with nothing written, for any other string.
   */
  fieldAsciiText(s: string, prefix?: number): boolean {
    if (s.length > 64) return false;
    this.ensure(9 + s.length);
    let at = this.length + 4;
    if (prefix !== undefined) this.buf[at++] = prefix;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c === 0 || c >= 0x80) return false;
      this.buf[at + k] = c;
    }
    this.view.setInt32(this.length, at + s.length - this.length - 4);
    this.length = at + s.length;
    return true;
  }
  /** A field whose value goes out as a part of its own, after its length (and prefix byte). */
  private ownPart(value: Buffer, prefix?: number): void {
    this.ensure(5);
    this.view.setInt32(this.length, value.length + (prefix === undefined ? 0 : 1));
    this.length += 4;
    if (prefix !== undefined) this.buf[this.length++] = prefix;
    this.cut();
    this.parts.push(value);
  }
  /**
   * A field of `length` bytes given in pieces (the chunks of a large value): after the length, each
   * piece of `ownPartBytes / 16` bytes or more goes out as a part of its own, a smaller one is copied.
   */
  fieldPieces(length: number, pieces: readonly Buffer[]): void {
    this.int32(length);
    for (const piece of pieces) {
      if (piece.length >= ownPartBytes / 16) {
        this.cut();
        this.parts.push(piece);
        continue;
      }
      this.ensure(piece.length);
      this.length += piece.copy(this.buf, this.length);
    }
  }
  /**
   * Moves the buffer's bytes into a part of their own: a few are copied; many go as they are, and the
   * buffer is lent with them (writing goes on in a spare buffer, or a new one).
   */
  private cut(): void {
    if (this.length === 0) return;
    if (this.length < lendBytes) this.parts.push(Buffer.from(this.buf.subarray(0, this.length)));
    else {
      this.parts.push(this.buf.subarray(0, this.length));
      this.lent.push(this.buf);
      this.use(this.spare.pop() ?? Buffer.allocUnsafe(this.buf.length));
    }
    this.length = 0;
  }
  mark(): BufferMark {
    return { parts: this.parts.length, length: this.length };
  }
  /** Drops what was written since `mark` (the first part cut since then holds the bytes before it). */
  rollback(mark: BufferMark): void {
    if (this.parts.length > mark.parts) {
      this.parts[mark.parts].copy(this.buf, 0, 0, mark.length);
      this.parts.length = mark.parts;
    }
    this.length = mark.length;
  }
  /** Takes the written bytes out, as parts in order, and starts over. */
  take(): Buffer[] {
    return this.takeReleasable().parts;
  }
  /**
   * `take`, and a `release` to call once nothing reads the parts any more: the buffers they are
   * views of are then written again, instead of new ones (when it is never called, they are not).
   */
  takeReleasable(): { parts: Buffer[]; release: () => void } {
    this.cut();
    const parts = this.parts;
    let lent = this.lent;
    this.parts = [];
    this.lent = [];
    const release = () => {
      for (const buf of lent) if (this.spare.length < spareBuffers) this.spare.push(buf);
      lent = [];
    };
    return { parts, release };
  }
  /**
   * Writes `seconds * 10^6 + micros` as an int64 field without BigInt: the product can exceed 2^53, so
   * it is assembled from exact parts as a high (signed) and low (unsigned) 32-bit word.
   */
  fieldMicros(seconds: number, us: number): void {
    const sHi = Math.floor(seconds / 65536);
    const sLo = seconds - sHi * 65536;
    const p = sHi * 15625; // seconds * 10^6 = sHi * 15625 * 2^22 + sLo * 10^6
    let hi = Math.floor(p / 1024);
    let lo = (p - hi * 1024) * 4194304;
    const b = sLo * 1_000_000 + us;
    const bHi = Math.floor(b / 4294967296);
    lo += b - bHi * 4294967296;
    hi += bHi;
    if (lo >= 4294967296) {
      lo -= 4294967296;
      hi++;
    }
    this.fieldInt64Words(hi, lo);
  }
}
