// uniqueidentifier bytes: the first three groups are little-endian on the wire, the last two as written.

const GUID = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

export function guidToBytes(text: string): Buffer {
  const m = GUID.exec(text);
  if (!m) throw new Error(`'${text}' is not a uniqueidentifier`);
  const hex = (s: string) => Buffer.from(s, 'hex');
  return Buffer.concat([hex(m[1]).reverse(), hex(m[2]).reverse(), hex(m[3]).reverse(), hex(m[4]), hex(m[5])]);
}

export function bytesToGuid(b: Buffer): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Buffer.from(b.subarray(from, to));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`.toUpperCase();
}
