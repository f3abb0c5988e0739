// uniqueidentifier bytes: the first three groups are little-endian on the wire, the last two as written.

/** Wire position of each byte of the canonical text's hex digits (pairs), in text order. */
const WIRE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
/** Offset in `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` of each byte's two hex digits, in text order. */
const PAIR_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
/** Byte value of two hex digits by (first code unit << 8 | second), -1 for anything else. */
const HEX_PAIR = new Int16Array(65536).fill(-1);
const DIGITS = '0123456789abcdefABCDEF';
for (const a of DIGITS)
  for (const b of DIGITS) HEX_PAIR[(a.charCodeAt(0) << 8) | b.charCodeAt(0)] = parseInt(a + b, 16);
const DASH = 45;

/**
 * Writes the 16 wire bytes of a GUID's text (optionally in braces) into `out` at `at`, parsing the
 * hex digits in place; false (nothing meaningful written) when the text is not a GUID.
 */
export function writeGuid(text: string, out: Uint8Array, at: number): boolean {
  const o = text.length === 38 && text.charCodeAt(0) === 123 && text.charCodeAt(37) === 125 ? 1 : 0;
  if (text.length !== 36 + 2 * o) return false;
  if (
    text.charCodeAt(o + 8) !== DASH ||
    text.charCodeAt(o + 13) !== DASH ||
    text.charCodeAt(o + 18) !== DASH ||
    text.charCodeAt(o + 23) !== DASH
  )
    return false;
  for (let k = 0; k < 16; k++) {
    const p = o + PAIR_AT[k];
    const hi = text.charCodeAt(p);
    const lo = text.charCodeAt(p + 1);
    // Units above 0xFF are never hex digits (and would alias other pairs in the table).
    const b = (hi | lo) > 0xff ? -1 : HEX_PAIR[(hi << 8) | lo];
    if (b < 0) return false;
    out[at + WIRE_ORDER[k]] = b;
  }
  return true;
}

export function guidToBytes(text: string): Buffer {
  const out = Buffer.allocUnsafe(16);
  if (!writeGuid(text, out, 0)) throw new Error(`'${text}' is not a uniqueidentifier`);
  return out;
}

export function bytesToGuid(b: Buffer): string {
  const ordered = Buffer.allocUnsafe(16);
  for (let i = 0; i < 16; i++) ordered[i] = b[WIRE_ORDER[i]];
  const h = ordered.toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
