// Text fields straight from the wire bytes to UTF-8: nchar/nvarchar from UTF-16LE, char/varchar
// from their single-byte code page through a 256-entry table built from the same decoder tedious
// uses (iconv-lite), so both paths read the same characters. NUL and lone surrogates stop the
// row's binary encoding (the error policy must see them).

import iconv from 'iconv-lite';
import type { BinaryBuffer } from '@ferry/core';
import { valueProblemFound, type FixCounts } from './cursor.js';

export type SpanWriter = (out: BinaryBuffer, src: Buffer, from: number, to: number) => void;

const replacement = [0xef, 0xbf, 0xbd]; // U+FFFD in UTF-8

/**
 * Writes UTF-16LE bytes `from..to` of `src` as a UTF-8 text field. Under `fix`, NULs are left out
 * and a lone surrogate becomes U+FFFD (as the target's fix does); a value with both goes as a value
 * row (stripping the NULs can pair its surrogates).
 */
export const utf16Writer =
  (fx: FixCounts): SpanWriter =>
  (out, src, from, to) => {
    const units = (to - from) >> 1;
    let nul = false;
    let lone = false;
    out.ensure(4 + units * 3);
    const buf = out.buf;
    const start = out.length + 4;
    let at = start;
    for (let k = from; k < to; k += 2) {
      const c = src[k] | (src[k + 1] << 8);
      if (c < 0x80) {
        if (c !== 0) buf[at++] = c;
        else if (fx.enabled) nul = true;
        else throw valueProblemFound;
      } else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 63);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const low = k + 3 < to ? src[k + 2] | (src[k + 3] << 8) : 0;
        if (c > 0xdbff || low < 0xdc00 || low > 0xdfff) {
          if (!fx.enabled) throw valueProblemFound;
          lone = true;
          buf[at++] = replacement[0];
          buf[at++] = replacement[1];
          buf[at++] = replacement[2];
          continue;
        }
        const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        buf[at++] = 0xf0 | (cp >> 18);
        buf[at++] = 0x80 | ((cp >> 12) & 63);
        buf[at++] = 0x80 | ((cp >> 6) & 63);
        buf[at++] = 0x80 | (cp & 63);
        k += 2;
      } else {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 63);
        buf[at++] = 0x80 | (c & 63);
      }
    }
    if (nul && lone) throw valueProblemFound;
    if (nul) fx.nul++;
    if (lone) fx.lone++;
    out.view.setInt32(out.length, at - start);
    out.length = at;
  };

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

/**
 * The writer of char/varchar bytes in `codePage` (tedious's name; undefined: UTF-8, as tedious
 * assumes). Under `fix`, NULs are left out.
 */
export function charFieldWriter(codePage: string | undefined, fx: FixCounts): SpanWriter {
  if (codePage !== undefined && singleByte.test(codePage)) {
    const table = tableOf(codePage);
    return (out, src, from, to) => {
      out.ensure(4 + (to - from) * 3);
      const buf = out.buf;
      const start = out.length + 4;
      let at = start;
      let nul = false;
      for (let k = from; k < to; k++) {
        const b = src[k];
        if (b < 0x80) {
          if (b !== 0) buf[at++] = b;
          else if (fx.enabled) nul = true;
          else throw valueProblemFound;
        } else {
          const utf8 = table[b];
          for (let i = 0; i < utf8.length; i++) buf[at++] = utf8[i];
        }
      }
      if (nul) fx.nul++;
      out.view.setInt32(out.length, at - start);
      out.length = at;
    };
  }
  // Multi-byte code pages and UTF-8 collations: decoded as tedious decodes them, then checked.
  return (out, src, from, to) => {
    const s = decodeChars(src.subarray(from, to), codePage);
    if (!s.includes('\u0000')) return out.fieldText(s);
    if (!fx.enabled) throw valueProblemFound;
    fx.nul++;
    out.fieldText(s.replace(/\u0000/g, ''));
  };
}

/** char/varchar bytes as tedious decodes them. */
export function decodeChars(bytes: Buffer, codePage: string | undefined): string {
  return iconv.decode(bytes, codePage ?? 'utf8');
}
