// Text fields straight from the wire bytes to UTF-8: nchar/nvarchar from UTF-16LE, char/varchar
// from their single-byte code page through a 256-entry table built from the same decoder tedious
// uses (iconv-lite), so both paths read the same characters. NUL and lone surrogates stop the
// row's binary encoding (the error policy must see them). A value comes as one span of the wire
// bytes, or as several (a PLP value's chunks), transcoded in order without joining them.

import iconv from 'iconv-lite';
import { ownPartBytes, type BinaryBuffer } from '@ferry/core';
import { valueProblemFound, type FixCounts } from './cursor.js';

/** Writes the value held by `src` between the offsets of `spans` (from, to, from, to, ...) as one field. */
export type SpanWriter = (out: BinaryBuffer, src: Buffer, spans: readonly number[]) => void;

const replacement = [0xef, 0xbf, 0xbd]; // U+FFFD in UTF-8

/** The byte count of the value in `spans`. */
const spanBytes = (spans: readonly number[]) => {
  let n = 0;
  for (let i = 0; i < spans.length; i += 2) n += spans[i + 1] - spans[i];
  return n;
};

/** Writes the UTF-8 of a whole value into `dst` from `at`, and returns its end. */
interface Transcoder {
  value(src: Buffer, spans: readonly number[], dst: Buffer, at: number): number;
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
    out.fieldBytes(own.subarray(0, t.value(src, spans, own, 0)));
    return;
  }
  out.ensure(4 + maxBytes);
  const start = out.length + 4;
  const end = t.value(src, spans, out.buf, start);
  out.view.setInt32(out.length, end - start);
  out.length = end;
}

/**
 * UTF-16LE to UTF-8, span by span: a code unit or a surrogate pair split between two spans is
 * carried over. Under `fix`, NULs are left out and a lone surrogate becomes U+FFFD (as the target's
 * fix does); a value with both goes as a value row (stripping the NULs can pair its surrogates).
 */
class Utf16Transcoder implements Transcoder {
  /** The first byte of a code unit split between spans, or -1. */
  private odd = -1;
  /** A high surrogate waiting for its low half, or -1. */
  private high = -1;
  private nul = false;
  private lone = false;

  constructor(private readonly fx: FixCounts) {}

  /** Transcodes a whole value into `dst` from `at`; returns the end. */
  value(src: Buffer, spans: readonly number[], dst: Buffer, at: number): number {
    this.odd = this.high = -1;
    this.nul = this.lone = false;
    if (spans.length === 0) return at;
    // Most values are ASCII: copied by the tightest loop until a character that is not.
    let k = spans[0];
    for (const to = spans[1] - 1; k < to; k += 2) {
      const c = src[k] | (src[k + 1] << 8);
      if (c === 0 || c >= 0x80) break;
      dst[at++] = c;
    }
    at = this.span(src, k, spans[1], dst, at);
    for (let i = 2; i < spans.length; i += 2) at = this.span(src, spans[i], spans[i + 1], dst, at);
    if (this.high >= 0) at = this.loneUnit(dst, at);
    if (this.nul && this.lone) throw valueProblemFound;
    if (this.nul) this.fx.nul++;
    if (this.lone) this.fx.lone++;
    return at;
  }

  private span(src: Buffer, from: number, to: number, dst: Buffer, at: number): number {
    let k = from;
    if (this.odd >= 0 && k < to) {
      at = this.unit(this.odd | (src[k++] << 8), dst, at);
      this.odd = -1;
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
    if (c < 0x80) {
      if (c !== 0) dst[at++] = c;
      else if (this.fx.enabled) this.nul = true;
      else throw valueProblemFound;
    } else if (c < 0x800) {
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

/** Writes UTF-16LE bytes as a UTF-8 text field (see Utf16Transcoder for NUL and lone surrogates). */
export function utf16Writer(fx: FixCounts): SpanWriter {
  const t = new Utf16Transcoder(fx);
  return (out, src, spans) => textField(out, (spanBytes(spans) >> 1) * 3 + 3, t, src, spans);
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
  constructor(
    private readonly table: Buffer[],
    private readonly fx: FixCounts,
  ) {}

  value(src: Buffer, spans: readonly number[], dst: Buffer, at: number): number {
    let nul = false;
    for (let i = 0; i < spans.length; i += 2)
      for (let k = spans[i]; k < spans[i + 1]; k++) {
        const b = src[k];
        if (b < 0x80) {
          if (b !== 0) dst[at++] = b;
          else if (this.fx.enabled) nul = true;
          else throw valueProblemFound;
        } else {
          const utf8 = this.table[b];
          for (let j = 0; j < utf8.length; j++) dst[at++] = utf8[j];
        }
      }
    if (nul) this.fx.nul++;
    return at;
  }
}

/**
 * The writer of char/varchar bytes in `codePage` (tedious's name; undefined: UTF-8, as tedious
 * assumes). Under `fix`, NULs are left out.
 */
export function charFieldWriter(codePage: string | undefined, fx: FixCounts): SpanWriter {
  if (codePage !== undefined && singleByte.test(codePage)) {
    const t = new CodePageTranscoder(tableOf(codePage), fx);
    return (out, src, spans) => textField(out, spanBytes(spans) * 3, t, src, spans);
  }
  // Multi-byte code pages and UTF-8 collations: decoded as tedious decodes them, then checked.
  return (out, src, spans) => {
    const s = decodeChars(
      spans.length === 2 ? src.subarray(spans[0], spans[1]) : joinSpans(src, spans),
      codePage,
    );
    if (!s.includes('\u0000')) return out.fieldText(s);
    if (!fx.enabled) throw valueProblemFound;
    fx.nul++;
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
