// COLMETADATA (MS-TDS 2.2.7.4): the type of each column of a result set as the server sends it.

import { Collation } from 'tedious/lib/collation.js';
import type { Cursor } from './cursor.js';

/** TDS type ids (MS-TDS 2.2.5.4) the fast path reads. */
export const Tds = {
  Guid: 0x24,
  IntN: 0x26,
  DateN: 0x28,
  TimeN: 0x29,
  DateTime2N: 0x2a,
  DateTimeOffsetN: 0x2b,
  Int1: 0x30,
  Bit: 0x32,
  Int2: 0x34,
  Int4: 0x38,
  DateTim4: 0x3a,
  Flt4: 0x3b,
  Money: 0x3c,
  DateTime: 0x3d,
  Flt8: 0x3e,
  BitN: 0x68,
  DecimalN: 0x6a,
  NumericN: 0x6c,
  FltN: 0x6d,
  MoneyN: 0x6e,
  DateTimN: 0x6f,
  Money4: 0x7a,
  Int8: 0x7f,
  BigVarBinary: 0xa5,
  BigVarChar: 0xa7,
  BigBinary: 0xad,
  BigChar: 0xaf,
  NVarChar: 0xe7,
  NChar: 0xef,
} as const;

export interface WireColumn {
  name: string;
  type: number;
  /** Byte length of N types (and the fixed length of others), or USHORT max length; 0xffff: PLP. */
  length: number;
  precision: number;
  scale: number;
  /** tedious's code page name of char/varchar columns. */
  codePage?: string;
}

const byteLength = new Set<number>([Tds.Guid, Tds.IntN, Tds.BitN, Tds.FltN, Tds.MoneyN, Tds.DateTimN]);
const fixedLength: Record<number, number> = {
  [Tds.Int1]: 1,
  [Tds.Bit]: 1,
  [Tds.Int2]: 2,
  [Tds.Int4]: 4,
  [Tds.Int8]: 8,
  [Tds.DateTim4]: 4,
  [Tds.Flt4]: 4,
  [Tds.Flt8]: 8,
  [Tds.Money]: 8,
  [Tds.Money4]: 4,
  [Tds.DateTime]: 8,
};
const chars = new Set<number>([Tds.BigVarChar, Tds.BigChar, Tds.NVarChar, Tds.NChar]);
const bytes = new Set<number>([Tds.BigVarBinary, Tds.BigBinary]);

/** Thrown for a column type the fast path does not read (the plan should have chosen the value path). */
export class UnreadableType extends Error {}

/** Reads a COLMETADATA token's body (after its token byte); undefined for "no metadata" (0xffff). */
export function readColumns(c: Cursor): WireColumn[] | undefined {
  const count = c.u16();
  if (count === 0xffff) return undefined;
  const columns: WireColumn[] = [];
  for (let i = 0; i < count; i++) {
    c.skip(4 + 2); // UserType, Flags
    const type = c.u8();
    const col: WireColumn = { name: '', type, length: 0, precision: 0, scale: 0 };
    if (type in fixedLength) col.length = fixedLength[type];
    else if (byteLength.has(type) || type === Tds.DateN) col.length = type === Tds.DateN ? 3 : c.u8();
    else if (type === Tds.DecimalN || type === Tds.NumericN) {
      col.length = c.u8();
      col.precision = c.u8();
      col.scale = c.u8();
    } else if (type === Tds.TimeN || type === Tds.DateTime2N || type === Tds.DateTimeOffsetN)
      col.scale = c.u8();
    else if (chars.has(type)) {
      col.length = c.u16();
      c.want(5);
      if (type === Tds.BigVarChar || type === Tds.BigChar)
        col.codePage = Collation.fromBuffer(c.buf, c.pos).codepage;
      c.skip(5);
    } else if (bytes.has(type)) col.length = c.u16();
    else throw new UnreadableType(`TDS type 0x${type.toString(16)}`);
    col.name = c.utf16(c.u8());
    columns.push(col);
  }
  return columns;
}
