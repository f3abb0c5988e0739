// A PLP value read as its chunks arrive (MS-TDS 2.2.5.2.3: after the total length, u32-length
// chunks up to a 0 chunk), for a value too large to wait for: its bytes go on to its field as they
// come, and the response's bytes it was in need not be kept.

import type { BinaryBuffer } from '@ferry/core';
import { NeedMore, type Cursor } from './cursor.js';

/** Writes one field from a value's bytes given in pieces, in order. */
export interface ValueStream {
  /** Starts a value of `total` bytes. */
  begin(out: BinaryBuffer, total: number): void;
  /** The value's bytes `src[from, to)`. */
  piece(out: BinaryBuffer, src: Buffer, from: number, to: number): void;
  /** Ends the value. */
  end(out: BinaryBuffer): void;
}

/** The chunks of one PLP value, from just after its total length. */
export class PlpStream {
  /** Bytes left in the chunk being read; 0: a chunk length comes next. */
  private left = 0;

  constructor(private readonly stream: ValueStream) {}

  /** Reads the value's bytes at the cursor; returns once it has ended, throws NeedMore when the bytes end first. */
  read(c: Cursor, out: BinaryBuffer): void {
    for (;;) {
      if (this.left === 0) {
        const n = c.u32();
        if (n === 0) return this.stream.end(out);
        this.left = n;
      }
      const to = Math.min(c.end, c.pos + this.left);
      if (to === c.pos) throw new NeedMore(c.pos + 1);
      this.stream.piece(out, c.buf, c.pos, to);
      this.left -= to - c.pos;
      c.pos = to;
    }
  }
}
