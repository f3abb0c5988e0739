// Text fields straight from the wire bytes to UTF-8: nchar/nvarchar from UTF-16LE, char/varchar
// from their single-byte code page through a 256-entry table built from the same decoder tedious
// uses (iconv-lite), so both paths read the same characters. NUL and lone surrogates stop the
// row's binary encoding (the error policy must see them). A value comes as one span of the wire
// bytes, or as several (a PLP value's chunks), transcoded in order without joining them.

import iconv from 'iconv-lite';
import { ownPartBytes, type BinaryBuffer } from '@ferry/core';
import { valueProblemFound, type ColumnFixCounts } from './cursor.js';
import { RestOfText, type ValueStream } from './plp-stream.js';

/** Writes the value held by `src` between the offsets of `spans` (from, to, from, to, ...) as one field. */
export type SpanWriter = (out: BinaryBuffer, src: Buffer, spans: readonly number[]) => void;

/** How a column's text or bytes become a field: whole (`write`), or as a PLP value's pieces arrive (`stream`). */
export interface SpanField {
  write: SpanWriter;
  stream?: ValueStream;
}

const replacement = [0xef, 0xbf, 0xbd]; // U+FFFD in UTF-8

/** The byte count of the value in `spans`. */
const spanBytes = (spans: readonly number[]) => {
  let n = 0;
  for (let i = 0; i < spans.length; i += 2) n += spans[i + 1] - spans[i];
  return n;
};

/**
 * Writes the UTF-8 of a value into `dst`, span by span: `start`, then `span` for each span of the
 * value in order (each returns where the UTF-8 written so far ends), then `finish`.
 */
interface Transcoder {
  start(): void;
  span(src: Buffer, from: number, to: number, dst: Buffer, at: number): number;
  finish(dst: Buffer, at: number): number;
  /** Keeps what is carried into the next span (see `carried`); nothing is allocated. */
  markSpan(): void;
  /**
   * The value's bytes read but not yet written as UTF-8 when `markSpan` was called (a code unit or
   * surrogate carried into the span that followed).
   */
  carried(): number[];
}

/** Writes the UTF-8 of the value in `spans` into `dst` from `at`, and returns its end. */
function transcodeSpans(
  t: Transcoder,
  src: Buffer,
  spans: readonly number[],
  dst: Buffer,
  at: number,
): number {
  t.start();
  for (let i = 0; i < spans.length; i += 2) at = t.span(src, spans[i], spans[i + 1], dst, at);
  return t.finish(dst, at);
}

/**
 * Where a field's UTF-8 bytes go: into the batch's buffer after the length, or, for a value whose
 * UTF-8 could reach `ownPartBytes`, into a buffer of its own sized for the worst case (its unwritten
 * pages cost no memory), handed to the batch as a part of its own: a large value is never written
 * into a buffer that grows and is copied.
 */
function textField(
  out: BinaryBuffer,
  maxBytes: number,
  t: Transcoder,
  src: Buffer,
  spans: readonly number[],
): void {
  if (maxBytes >= ownPartBytes) {
    const own = Buffer.allocUnsafe(maxBytes);
    out.fieldBytes(own.subarray(0, transcodeSpans(t, src, spans, own, 0)));
    return;
  }
  out.ensure(4 + maxBytes);
  const start = out.length + 4;
  const end = transcodeSpans(t, src, spans, out.buf, start);
  out.view.setInt32(out.length, end - start);
  out.length = end;
}

/** Spans of at least this many bytes (a large value's pieces) are transcoded by Node when they can be. */
const nativeSpanBytes = 1024;
/** U+FFFD in UTF-8: what Node writes for a surrogate not in a pair. */
const replacementBytes = Buffer.from(replacement);

/**
 * Node's UTF-8 of the UTF-16LE `src[from, to)` at `dst[at]`; returns its end, or -1 when the text may
 * hold a NUL or a surrogate not in a pair (a pair cut at its end included). Checked on the UTF-8
 * written, not on the text: a 0 byte there is a NUL (nothing else encodes to one), and a surrogate
 * alone is written as U+FFFD, so a text without U+FFFD had none (one that has U+FFFD is left to the
 * loops, which tell the two apart). Two native scans of the output cost less than checking the
 * text (indexOf('\0'), isWellFormed), which took more time than the transcoding itself.
 */
function nativeSpan(src: Buffer, from: number, to: number, dst: Buffer, at: number): number {
  const end = at + dst.write(src.toString('utf16le', from, to), at, 'utf8');
  const written = dst.subarray(at, end);
  return written.indexOf(0) < 0 && written.indexOf(replacementBytes) < 0 ? end : -1;
}

/**
 * UTF-16LE to UTF-8, span by span: a code unit or a surrogate pair split between two spans is
 * carried over. Under `fix`, NULs are left out and a lone surrogate becomes U+FFFD, as the target's
 * fix does: NULs first (a high surrogate waits past them, so that `\ud83d\u0000\ude00` pairs), then
 * the surrogates still alone.
 */
class Utf16Transcoder implements Transcoder {
  /** The first byte of a code unit split between spans, or -1. */
  private odd = -1;
  /** A high surrogate waiting for its low half, or -1. */
  private high = -1;
  private nul = false;
  private lone = false;
  /** `odd` and `high` when `markSpan` was called. */
  private markedOdd = -1;
  private markedHigh = -1;

  constructor(private readonly fx: ColumnFixCounts) {}

  start(): void {
    this.odd = this.high = -1;
    this.nul = this.lone = false;
  }

  markSpan(): void {
    this.markedOdd = this.odd;
    this.markedHigh = this.high;
  }

  carried(): number[] {
    const high = this.markedHigh;
    const units = high >= 0 ? [high & 0xff, high >> 8] : [];
    return this.markedOdd >= 0 ? [...units, this.markedOdd] : units;
  }

  finish(dst: Buffer, at: number): number {
    if (this.high >= 0) at = this.loneUnit(dst, at);
    if (this.nul) this.fx.count('NUL_IN_TEXT');
    if (this.lone) this.fx.count('LONE_SURROGATE');
    return at;
  }

  span(src: Buffer, from: number, to: number, dst: Buffer, at: number): number {
    let k = from;
    // What was carried into this span first: a code unit's second byte, a high surrogate's pair.
    if (this.odd >= 0 && k < to) {
      at = this.unit(this.odd | (src[k++] << 8), dst, at);
      this.odd = -1;
    }
    for (; this.high >= 0 && k + 1 < to; k += 2) at = this.unit(src[k] | (src[k + 1] << 8), dst, at);
    // Then a long run of whole code units is transcoded by Node, unless it holds a NUL or a surrogate
    // not in a pair (or U+FFFD): then by the loops below, over what Node wrote. A span of odd length
    // (a packet's payload is) leaves its last byte to the next; a high surrogate at the run's end is
    // left to the loops, which wait for its pair.
    if (this.high < 0 && to - k >= nativeSpanBytes) {
      let end = to - ((to - k) & 1);
      const last = src[end - 2] | (src[end - 1] << 8);
      if (last >= 0xd800 && last <= 0xdbff) end -= 2;
      const written = nativeSpan(src, k, end, dst, at);
      if (written >= 0) {
        at = written;
        k = end;
      }
    }
    // Most text is ASCII: copied by the tightest loop until a character that is not.
    if (this.high < 0)
      for (; k + 1 < to; k += 2) {
        const c = src[k] | (src[k + 1] << 8);
        if (c === 0 || c >= 0x80) break;
        dst[at++] = c;
      }
    for (; k + 1 < to; k += 2) {
      const c = src[k] | (src[k + 1] << 8);
      if (c < 0x80 && c !== 0 && this.high < 0) dst[at++] = c;
      else at = this.unit(c, dst, at);
    }
    if (k < to) this.odd = src[k];
    return at;
  }

  private unit(c: number, dst: Buffer, at: number): number {
    if (c === 0) {
      if (!this.fx.enabled) throw valueProblemFound;
      this.nul = true;
      return at;
    }
    if (this.high >= 0) {
      const high = this.high;
      this.high = -1;
      if (c >= 0xdc00 && c <= 0xdfff) {
        const cp = 0x10000 + ((high - 0xd800) << 10) + (c - 0xdc00);
        dst[at++] = 0xf0 | (cp >> 18);
        dst[at++] = 0x80 | ((cp >> 12) & 63);
        dst[at++] = 0x80 | ((cp >> 6) & 63);
        dst[at++] = 0x80 | (cp & 63);
        return at;
      }
      at = this.loneUnit(dst, at);
    }
    if (c < 0x80) dst[at++] = c;
    else if (c < 0x800) {
      dst[at++] = 0xc0 | (c >> 6);
      dst[at++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdbff) this.high = c;
    else if (c >= 0xdc00 && c <= 0xdfff) at = this.loneUnit(dst, at);
    else {
      dst[at++] = 0xe0 | (c >> 12);
      dst[at++] = 0x80 | ((c >> 6) & 63);
      dst[at++] = 0x80 | (c & 63);
    }
    return at;
  }

  private loneUnit(dst: Buffer, at: number): number {
    this.high = -1;
    if (!this.fx.enabled) throw valueProblemFound;
    this.lone = true;
    dst[at++] = replacement[0];
    dst[at++] = replacement[1];
    dst[at++] = replacement[2];
    return at;
  }
}

/**
 * A text value's UTF-8 as its pieces arrive: into a buffer of its own when it could reach
 * `ownPartBytes` (handed to the batch as a part), else into a scratch buffer reused from value to
 * value (copied into the batch); the field is written once the value has ended, its length known.
 */
class TextStream implements ValueStream {
  private scratch = Buffer.alloc(0);
  private dst = this.scratch;
  private at = 0;
  /** Where the piece being read starts in `dst` (see `stopped`). */
  private pieceAt = 0;

  constructor(
    private readonly t: Transcoder,
    private readonly maxBytes: (bytes: number) => number,
    /** The value's text from its bytes, as the value path decodes it. */
    private readonly decode: (bytes: Buffer) => string,
  ) {}

  begin(_out: BinaryBuffer, total: number): void {
    const max = this.maxBytes(total);
    if (max >= ownPartBytes) this.dst = Buffer.allocUnsafe(max);
    else {
      if (this.scratch.length < max) this.scratch = Buffer.allocUnsafe(max);
      this.dst = this.scratch;
    }
    this.at = 0;
    this.t.start();
  }

  piece(_out: BinaryBuffer, src: Buffer, from: number, to: number): void {
    this.pieceAt = this.at;
    this.t.markSpan();
    this.at = this.t.span(src, from, to, this.dst, this.at);
  }

  end(out: BinaryBuffer): void {
    out.fieldBytes(this.dst.subarray(0, this.t.finish(this.dst, this.at)));
  }

  /**
   * After `piece` found a value problem (under `fail`, so the text before it has none and its UTF-8
   * is the source's text): the value's text before that piece, to which the rest of its bytes, from
   * the bytes carried into that piece on, are added.
   */
  stopped(): RestOfText {
    return new RestOfText(this.dst.toString('utf8', 0, this.pieceAt), this.t.carried(), this.decode);
  }
}

/** The most UTF-8 bytes of UTF-16LE bytes. */
const utf16MaxBytes = (bytes: number) => (bytes >> 1) * 3 + 3;

/** UTF-16LE bytes as a UTF-8 text field (see Utf16Transcoder for NUL and lone surrogates). */
export function utf16Field(fx: ColumnFixCounts): SpanField {
  const t = new Utf16Transcoder(fx);
  return {
    write: (out, src, spans) => textField(out, utf16MaxBytes(spanBytes(spans)), t, src, spans),
    stream: new TextStream(t, utf16MaxBytes, (bytes) => bytes.toString('utf16le')),
  };
}

/** Code pages whose characters are one byte each (tedious's names). */
const singleByte = /^CP(437|850|874|125[0-8])$/;

/** The UTF-8 bytes of each byte value of a single-byte code page (empty for NUL). */
const tables = new Map<string, Buffer[]>();
function tableOf(codePage: string): Buffer[] {
  let table = tables.get(codePage);
  if (!table) {
    const all = Array.from({ length: 256 }, (_, b) => b);
    table = all.map((b) =>
      b === 0 ? Buffer.alloc(0) : Buffer.from(iconv.decode(Buffer.from([b]), codePage), 'utf8'),
    );
    tables.set(codePage, table);
  }
  return table;
}

/** Single-byte code page to UTF-8 by its table; under `fix`, NULs are left out. */
class CodePageTranscoder implements Transcoder {
  private nul = false;

  constructor(
    private readonly table: Buffer[],
    private readonly fx: ColumnFixCounts,
  ) {}

  start(): void {
    this.nul = false;
  }

  span(src: Buffer, from: number, to: number, dst: Buffer, at: number): number {
    for (let k = from; k < to; k++) {
      const b = src[k];
      if (b < 0x80) {
        if (b !== 0) dst[at++] = b;
        else if (this.fx.enabled) this.nul = true;
        else throw valueProblemFound;
      } else {
        const utf8 = this.table[b];
        for (let j = 0; j < utf8.length; j++) dst[at++] = utf8[j];
      }
    }
    return at;
  }

  finish(_dst: Buffer, at: number): number {
    if (this.nul) this.fx.count('NUL_IN_TEXT');
    return at;
  }

  markSpan(): void {}

  carried(): number[] {
    return [];
  }
}

/**
 * char/varchar bytes in `codePage` (tedious's name; undefined: UTF-8, as tedious assumes) as a text
 * field. Under `fix`, NULs are left out.
 */
export function charField(codePage: string | undefined, fx: ColumnFixCounts): SpanField {
  if (codePage !== undefined && singleByte.test(codePage)) {
    const t = new CodePageTranscoder(tableOf(codePage), fx);
    const maxBytes = (bytes: number) => bytes * 3;
    return {
      write: (out, src, spans) => textField(out, maxBytes(spanBytes(spans)), t, src, spans),
      stream: new TextStream(t, maxBytes, (bytes) => decodeChars(bytes, codePage)),
    };
  }
  return { write: multiByteChars(codePage, fx) };
}

/** Multi-byte code pages and UTF-8 collations: decoded as tedious decodes them, then checked (whole values only). */
function multiByteChars(codePage: string | undefined, fx: ColumnFixCounts): SpanWriter {
  return (out, src, spans) => {
    const s = decodeChars(
      spans.length === 2 ? src.subarray(spans[0], spans[1]) : joinSpans(src, spans),
      codePage,
    );
    if (!s.includes('\u0000')) return out.fieldText(s);
    if (!fx.enabled) throw valueProblemFound;
    fx.count('NUL_IN_TEXT');
    out.fieldText(s.replace(/\u0000/g, ''));
  };
}

/** The bytes of `spans` joined into one Buffer. */
export function joinSpans(src: Buffer, spans: readonly number[]): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < spans.length; i += 2) parts.push(src.subarray(spans[i], spans[i + 1]));
  return Buffer.concat(parts);
}

/** char/varchar bytes as tedious decodes them. */
export function decodeChars(bytes: Buffer, codePage: string | undefined): string {
  return iconv.decode(bytes, codePage ?? 'utf8');
}
