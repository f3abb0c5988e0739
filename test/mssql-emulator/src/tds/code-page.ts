// Single-byte code pages for varchar/char/text values. CP1252 (every Latin1_General and
// SQL_Latin1_General_CP1 collation) is an explicit table: it differs from ISO-8859-1 in 0x80-0x9F.

export interface CodePage {
  name: string;
  encode(text: string): Buffer;
  /** Encodes into `buf` at `offset` (room for 3 bytes per UTF-16 unit); returns the bytes written. */
  encodeInto(text: string, buf: Buffer, offset: number): number;
  decode(bytes: Buffer): string;
  /** The text as the code page holds it: a character it has no byte for becomes '?'. */
  fit(text: string): string;
}

/** Unicode code points of CP1252 bytes 0x80..0x9F (Microsoft's table; unassigned bytes map to C1 controls). */
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

function cp1252Table(): string[] {
  const table: string[] = [];
  for (let b = 0; b < 256; b++)
    table.push(String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b));
  return table;
}

function singleByte(name: string, table: string[]): CodePage {
  // Byte of every UTF-16 unit the code page holds, -1 for the others (written as '?').
  const reverse = new Int16Array(65536).fill(-1);
  table.forEach((ch, b) => {
    if (ch !== '\ufffd' && reverse[ch.charCodeAt(0)] < 0) reverse[ch.charCodeAt(0)] = b;
  });
  return {
    name,
    encode(text) {
      const out = Buffer.allocUnsafe(text.length);
      return out.subarray(0, this.encodeInto(text, out, 0));
    },
    encodeInto(text, out, offset) {
      let n = offset;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80) out[n++] = c;
        else {
          // A surrogate pair is one character that the code page cannot hold: one '?', as SQL Server does.
          if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) i++;
          const b = reverse[c];
          out[n++] = b < 0 ? 0x3f : b;
        }
      }
      return n - offset;
    },
    decode(bytes) {
      let s = '';
      for (let i = 0; i < bytes.length; i++) s += table[bytes[i]];
      return s;
    },
    fit(text) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80 && reverse[c] < 0) return this.decode(this.encode(text));
      }
      return text;
    },
  };
}

const utf8: CodePage = {
  name: 'utf-8',
  encode: (text) => Buffer.from(text, 'utf8'),
  encodeInto: (text, buf, offset) => buf.write(text, offset, 'utf8'),
  decode: (bytes) => bytes.toString('utf8'),
  // A lone surrogate has no UTF-8 form: it becomes U+FFFD (as Windows' UTF-8 conversion makes it).
  fit: (text) => (text as unknown as { toWellFormed(): string }).toWellFormed(),
};

const cache = new Map<string, CodePage>();

/** A code page by Windows number (1252, 1250, ...) or 'utf-8'. */
export function codePage(name: string): CodePage {
  let cp = cache.get(name);
  if (cp) return cp;
  if (name === 'utf-8') cp = utf8;
  else if (name === '1252') cp = singleByte('cp1252', cp1252Table());
  else {
    const decoder = new TextDecoder(`windows-${name}`);
    const table: string[] = [];
    for (let b = 0; b < 256; b++) table.push(decoder.decode(Uint8Array.of(b)));
    cp = singleByte(`cp${name}`, table);
  }
  cache.set(name, cp);
  return cp;
}
