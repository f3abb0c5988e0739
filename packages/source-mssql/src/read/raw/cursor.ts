// A read position in the response bytes. Decoders check that the bytes they read are there and
// otherwise stop with NeedMore (the row is decoded again once more bytes arrived); a value the
// binary row format cannot hold stops a row's encoding with ValueProblemFound.

import { FieldFixes, type FieldFix } from '@ferry/core';

/** Thrown when the bytes end before what is being read; `need` is the end offset required. */
export class NeedMore {
  constructor(readonly need: number) {}
}

/** Thrown by a field decoder for a value the binary row format cannot hold exactly (the row goes as values). */
export const valueProblemFound = Symbol('value problem found');

/**
 * The values changed in binary rows, per field and rule (the target's problem codes): under the `fix`
 * policy its fixes, and under every policy END_OF_TIME. Counted per row: a row decoded again (or sent
 * as values after all) takes back its counts (`restore`).
 */
export class FixCounts {
  private readonly fixes = new FieldFixes();
  constructor(readonly enabled: boolean) {}
  /** The counts of field `field`, for its decoder. */
  column(field: number): ColumnFixCounts {
    return new ColumnFixCounts(this.enabled, this.fixes, field);
  }
  /** Row `row` of the batch (the binary rows written before it) is decoded next, or goes on. */
  save(row: number): void {
    this.fixes.startRow(row);
  }
  /** Takes back the counts made since `save`: what was being decoded is decoded again. */
  restore(): void {
    this.fixes.dropRow();
  }
  /** The counts as BinaryRows.fixes, and back to none. */
  take(): FieldFix[] | undefined {
    return this.fixes.take();
  }
}

/** One field's counts: `enabled` says whether to fix (`fix` policy); `count` is called only where a value is changed. */
export class ColumnFixCounts {
  constructor(
    readonly enabled: boolean,
    private readonly fixes: FieldFixes,
    private readonly field: number,
  ) {}
  count(rule: 'NUL_IN_TEXT' | 'LONE_SURROGATE' | 'SUB_MICROSECOND' | 'END_OF_TIME'): void {
    this.fixes.count(this.field, rule);
  }
}

export class Cursor {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;
  /** True when `buf` is the cursor's own (chunks may be copied into it after `end`). */
  private own = false;

  /**
   * Adds a chunk of the response after the bytes not read yet. A chunk after nothing left is read as
   * it is. Otherwise the bytes left and the chunk go into a buffer of the cursor's own, sized for
   * `need` (the bytes from the cursor the token being read needs), and the next chunks are copied in
   * after them until it is full: a large value's bytes are copied once as they arrive, not joined
   * again with each chunk. Bytes before `end` are never moved (binary rows may hold parts of them),
   * and the pages of the buffer not written yet take no memory.
   */
  append(chunk: Buffer, need: number): void {
    const left = this.end - this.pos;
    if (left === 0) {
      this.buf = chunk;
      this.pos = 0;
      this.end = chunk.length;
      this.own = false;
      return;
    }
    if (this.own && this.end + chunk.length <= this.buf.length) {
      this.end += chunk.copy(this.buf, this.end);
      return;
    }
    const size = left + chunk.length;
    // Doubled when the value outgrows the guess (a PLP of unknown length, read chunk by chunk).
    const next = Buffer.allocUnsafe(
      need > size ? Math.max(need + (need >> 3), this.own ? 2 * size : 0) : size,
    );
    this.buf.copy(next, 0, this.pos, this.end);
    chunk.copy(next, left);
    this.buf = next;
    this.pos = 0;
    this.end = size;
    this.own = true;
  }

  /** Throws NeedMore unless `n` bytes are there from the current position. */
  want(n: number): void {
    if (this.pos + n > this.end) throw new NeedMore(this.pos + n);
  }
  u8(): number {
    this.want(1);
    return this.buf[this.pos++];
  }
  u16(): number {
    this.want(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.want(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  /** A little-endian unsigned integer of 1 to 6 bytes. */
  uintN(n: number): number {
    this.want(n);
    const v = this.buf.readUIntLE(this.pos, n);
    this.pos += n;
    return v;
  }
  skip(n: number): void {
    this.want(n);
    this.pos += n;
  }
  /** A string of `chars` UTF-16 code units (B_VARCHAR / US_VARCHAR bodies). */
  utf16(chars: number): string {
    this.want(chars * 2);
    const s = this.buf.toString('utf16le', this.pos, this.pos + chars * 2);
    this.pos += chars * 2;
    return s;
  }
}
