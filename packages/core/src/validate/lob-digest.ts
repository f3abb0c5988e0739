// The validation value of a large object (an unbounded text or binary column: nvarchar(max),
// varbinary(max), text, image): the SHA-256 of its bytes instead of its content, so that a side
// that stores it can hash it where it lies (PostgreSQL: `sha256(convert_to(col, 'UTF8'))`,
// `sha256(col)`) and only 64 hex digits travel, and so that Ferry hashes what it must read in
// bounded pieces instead of rendering hex or row text of the whole value.

import { createHash } from 'node:crypto';
import type { LogicalType } from '../model/logical-type.js';
import type { Value } from '../pipeline/batch.js';

/** Code units hashed per `update` call: bounds the UTF-8 copy made for each piece. */
const TEXT_PIECE = 1 << 20;

/** True for the columns whose values are compared by `lobDigest`. */
export function isLobType(type: LogicalType): boolean {
  return (type.kind === 'text' || type.kind === 'binary') && type.length === 'max';
}

/**
 * The digest of one LOB value, lower-case hex: SHA-256 of the UTF-8 bytes of a text, of the bytes
 * of a binary value (a Buffer, or its hex text with an optional `\x` / `0x` prefix).
 * A text holding a lone UTF-16 surrogate has no UTF-8 form: its digest is that of its UTF-16 code
 * units with a marker, so it never equals the digest of a well-formed text (such as one where
 * the surrogate became U+FFFD).
 */
export function lobDigest(type: LogicalType, v: Exclude<Value, null>): string {
  const hash = createHash('sha256');
  if (type.kind === 'binary') {
    hash.update(Buffer.isBuffer(v) ? v : Buffer.from(String(v).replace(/^(\\x|0x)/i, ''), 'hex'));
    return hash.digest('hex');
  }
  const text = Buffer.isBuffer(v) ? v.toString('hex') : String(v);
  if (!isWellFormed(text)) return `utf16:${createHash('sha256').update(text, 'utf16le').digest('hex')}`;
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + TEXT_PIECE, text.length);
    // Never split a surrogate pair between two pieces (each half alone would become U+FFFD).
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    hash.update(text.slice(at, end), 'utf8');
    at = end;
  }
  return hash.digest('hex');
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when every surrogate of `text` is half of a pair (String.prototype.isWellFormed, ES2024). */
function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (!isHighSurrogate(c) || !isLowSurrogate(text.charCodeAt(i + 1))) return false;
    i++;
  }
  return true;
}
