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
  /** For text, after `piece` found a value problem: the rest of the value is to be read into this. */
  stopped?(): RestOfText;
}

/**
 * The text of a value whose streaming stopped on a value problem (under `fail`): its text before the
 * problem's piece, then its bytes from there to its end, gathered (written to no field) to be
 * decoded as the value path decodes them, so that its row can go as values and the policy see it.
 */
export class RestOfText implements ValueStream {
  private readonly rest: Buffer[];

  constructor(
    private readonly head: string,
    carried: number[],
    private readonly decode: (bytes: Buffer) => string,
  ) {
    this.rest = [Buffer.from(carried)];
  }

  begin(): void {}

  piece(_out: BinaryBuffer, src: Buffer, from: number, to: number): void {
    this.rest.push(Buffer.from(src.subarray(from, to)));
  }

  end(): void {}

  text(): string {
    return this.head + this.decode(Buffer.concat(this.rest));
  }
}

/** The chunks of one PLP value, from just after its total length. */
export class PlpStream {
  /** Bytes left in the chunk being read; 0: a chunk length comes next. */
  private left = 0;

  constructor(private stream: ValueStream) {}

  /**
   * After `read` stopped on a value problem in text: its rest is read into a RestOfText from the
   * piece that had it on (undefined for a value that cannot have one).
   */
  stop(): RestOfText | undefined {
    const rest = this.stream.stopped?.();
    if (rest) this.stream = rest;
    return rest;
  }

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
