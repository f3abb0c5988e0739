// The one type switch of the raw read: which reading each TDS type takes (fixed length, byte
// length, USHORT length or PLP, and how its bytes are read). Both decoders of a column, to binary
// row fields (field-decoders.ts) and to values (value-decoders.ts), are made from it, each with its
// own kit of readings.

import { Tds, UnreadableType, type WireColumn } from './wire-columns.js';

/**
 * How one decoder reads each kind of value: `Read` reads a value of a known byte length at the
 * cursor; `Span` reads a value given as spans of the response bytes (text and binary).
 */
export interface DecoderKit<Decoder, Read, Span> {
  /** A value of always `n` bytes. */
  fixed(n: number, read: Read): Decoder;
  /** A value after its byte length (0: NULL). */
  byteLen(read: Read): Decoder;
  /** A value after its USHORT length (0xffff: NULL). */
  shortLen(read: Span): Decoder;
  /** A PLP value ((max) types). */
  plp(read: Span): Decoder;
  int: Read;
  bit: Read;
  float: Read;
  money: Read;
  decimal(scale: number): Read;
  datetime: Read;
  date: Read;
  time(scale: number): Read;
  datetime2(scale: number): Read;
  datetimeoffset(scale: number): Read;
  guid: Read;
  utf16: Span;
  chars(codePage: string | undefined): Span;
  bytes: Span;
}

/** The decoder of a column as the server sent it, made with `kit`. */
export function columnDecoder<D, R, S>(col: WireColumn, kit: DecoderKit<D, R, S>): D {
  const span = (read: S) => (col.length === 0xffff ? kit.plp(read) : kit.shortLen(read));
  switch (col.type) {
    case Tds.Int1:
    case Tds.Int2:
    case Tds.Int4:
    case Tds.Int8:
      return kit.fixed(col.length, kit.int);
    case Tds.IntN:
      return kit.byteLen(kit.int);
    case Tds.Bit:
      return kit.fixed(1, kit.bit);
    case Tds.BitN:
      return kit.byteLen(kit.bit);
    case Tds.Flt4:
    case Tds.Flt8:
      return kit.fixed(col.length, kit.float);
    case Tds.FltN:
      return kit.byteLen(kit.float);
    case Tds.Money:
    case Tds.Money4:
      return kit.fixed(col.length, kit.money);
    case Tds.MoneyN:
      return kit.byteLen(kit.money);
    case Tds.DecimalN:
    case Tds.NumericN:
      return kit.byteLen(kit.decimal(col.scale));
    case Tds.DateTime:
    case Tds.DateTim4:
      return kit.fixed(col.length, kit.datetime);
    case Tds.DateTimN:
      return kit.byteLen(kit.datetime);
    case Tds.DateN:
      return kit.byteLen(kit.date);
    case Tds.TimeN:
      return kit.byteLen(kit.time(col.scale));
    case Tds.DateTime2N:
      return kit.byteLen(kit.datetime2(col.scale));
    case Tds.DateTimeOffsetN:
      return kit.byteLen(kit.datetimeoffset(col.scale));
    case Tds.Guid:
      return kit.byteLen(kit.guid);
    case Tds.NVarChar:
    case Tds.NChar:
      return span(kit.utf16);
    case Tds.BigVarChar:
    case Tds.BigChar:
      return span(kit.chars(col.codePage));
    case Tds.BigVarBinary:
    case Tds.BigBinary:
      return span(kit.bytes);
    default:
      throw new UnreadableType(`TDS type 0x${col.type.toString(16)} of column ${col.name}`);
  }
}
