import { describe, expect, it } from 'vitest';
import { BinaryBuffer } from '../src/pipeline/binary-rows.js';

/** Writes `rows` one-field rows of `bytes` bytes each, all of value `fill`. */
function writeRows(out: BinaryBuffer, rows: number, bytes: number, fill: number): void {
  for (let i = 0; i < rows; i++) {
    out.int16(1);
    out.fieldBytes(Buffer.alloc(bytes, fill));
  }
}

describe('BinaryBuffer: taken parts and the buffers they are views of', () => {
  it("a large batch's bytes go out as they are; its buffer is written again only after its release", () => {
    const out = new BinaryBuffer();
    const batch = (fill: number) => {
      writeRows(out, 8, 20_000, fill);
      return out.takeReleasable();
    };
    /** Whether the batch's bytes are still the rows of `fill` it was written with (each row: 6 bytes of count and length, then the value). */
    const intact = (b: { parts: Buffer[] }, fill: number) =>
      Buffer.concat(b.parts).every((byte, i) => i % 20_006 < 6 || byte === fill);
    // (Buffers compared by identity, as booleans: a failing toBe would print both megabytes.)
    const sameBuffer = (a: { parts: Buffer[] }, b: { parts: Buffer[] }) =>
      a.parts[0].buffer === b.parts[0].buffer;
    const first = batch(1);
    const second = batch(2);
    expect(sameBuffer(first, second)).toBe(false);
    // Released: the buffer the writing moves to next is the first batch's.
    first.release();
    const third = batch(3);
    const fourth = batch(4);
    expect(sameBuffer(fourth, first)).toBe(true);
    expect([second, third, fourth].map((b, i) => intact(b, i + 2))).toEqual([true, true, true]);
    // A second release gives nothing back again: the buffer the fourth batch is in is not written.
    first.release();
    const fifth = batch(5);
    expect(sameBuffer(fifth, fourth)).toBe(false);
    expect([fourth, fifth].map((b, i) => intact(b, i + 4))).toEqual([true, true]);
  });

  it('a few bytes are copied out, and the buffer goes on', () => {
    const out = new BinaryBuffer();
    writeRows(out, 2, 100, 5);
    const { parts } = out.takeReleasable();
    expect(parts[0].buffer === out.buf.buffer).toBe(false);
    writeRows(out, 1, 100, 6);
    expect(parts[0].subarray(6, 106).every((b) => b === 5)).toBe(true);
  });
});
