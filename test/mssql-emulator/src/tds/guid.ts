// uniqueidentifier bytes: the first three groups are little-endian on the wire, the last two as written.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Wire position of each byte of the canonical text's hex digits (pairs), in text order. */
const WIRE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

export function guidToBytes(text: string): Buffer {
  const t = text.length === 38 && text[0] === '{' && text[37] === '}' ? text.slice(1, 37) : text;
  if (t.length !== 36 || !GUID.test(t)) throw new Error(`'${text}' is not a uniqueidentifier`);
  const hex = Buffer.from(
    t.slice(0, 8) + t.slice(9, 13) + t.slice(14, 18) + t.slice(19, 23) + t.slice(24),
    'hex',
  );
  const out = Buffer.allocUnsafe(16);
  for (let i = 0; i < 16; i++) out[WIRE_ORDER[i]] = hex[i];
  return out;
}

export function bytesToGuid(b: Buffer): string {
  const ordered = Buffer.allocUnsafe(16);
  for (let i = 0; i < 16; i++) ordered[i] = b[WIRE_ORDER[i]];
  const h = ordered.toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
