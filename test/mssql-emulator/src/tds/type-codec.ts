// SqlType -> TYPE_INFO bytes and a value writer (MS-TDS 2.2.5.4 data type definitions, 2.2.5.5 values).
// Non-nullable fixed-size columns use the fixed types (INT4, FLT8, ...) as SQL Server does; nullable
// ones the N types. (max) types and xml are PLP streams; text/ntext/image carry a text pointer.

import type { SqlType } from '../engine-api.js';
import { ByteWriter, writeUtf16 } from './byte-writer.js';
import { collation, type TdsCollation } from './collation.js';
import { decimalLength, scaledInteger, toExactString } from './exact-numbers.js';
import { writeGuid } from './guid.js';
import { hierarchyIdToBinary } from '../engine/types/hierarchyid-binary.js';
import {
  DAYS_TO_1900,
  TICKS_PER_DAY,
  parseDate,
  parseDateTime,
  parseDateTimeOffset,
  parseTime,
  ticksToScale,
} from './temporal.js';

export const TypeId = {
  Null: 0x1f,
  Image: 0x22,
  Text: 0x23,
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
  Variant: 0x62,
  NText: 0x63,
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
  Xml: 0xf1,
  Udt: 0xf0,
} as const;

/** UserType SQL Server sends for timestamp/rowversion columns. */
const USERTYPE_TIMESTAMP = 0x50;
const PLP_NULL = 0xffffffffffffffffn;
const PLP_CHUNK = 64 * 1024;
const TEXT_POINTER = Buffer.from('ferry-emulator-p', 'latin1'); // 16 bytes; clients only skip it
const TEXT_TIMESTAMP = Buffer.alloc(8);

export interface TypeCodec {
  type: SqlType;
  typeInfo: Buffer;
  userType: number;
  /** text, ntext and image columns are followed by a table name in COLMETADATA. */
  isText: boolean;
  /** Writes one value in ROW form (length prefix included); null writes the type's NULL form. */
  write(w: ByteWriter, value: unknown): void;
}

type Writer = (w: ByteWriter, value: unknown) => void;

function codec(
  type: SqlType,
  typeInfo: number[] | Buffer,
  write: Writer,
  extra: Partial<TypeCodec> = {},
): TypeCodec {
  return { type, typeInfo: Buffer.from(typeInfo), userType: 0, isText: false, write, ...extra };
}

/** Normalises type names and aliases the engine may use. */
function baseName(type: SqlType): string {
  const n = type.name.toLowerCase();
  if (n === 'rowversion') return 'timestamp';
  if (n === 'sysname') return 'nvarchar';
  if (n === 'float' && type.precision !== undefined && type.precision <= 24) return 'real';
  return n;
}

/**
 * The codec of a column or parameter of `type`. `database` is the current database, which a CLR type's
 * UDT_INFO names (SqlClient shows a geography column's type as `<current database>.sys.geography`).
 */
export function typeCodec(type: SqlType, nullable: boolean, database = 'master'): TypeCodec {
  const name = baseName(type);
  switch (name) {
    case 'bit':
      return nullable
        ? codec(type, [TypeId.BitN, 1], (w, v) =>
            v === null || v === undefined ? w.u8(0) : (w.u8(1), w.u8(bit(v))),
          )
        : codec(type, [TypeId.Bit], (w, v) => w.u8(bit(notNull(v, type))));
    case 'tinyint':
      return intCodec(type, nullable, 1, TypeId.Int1, (w, v) => w.u8(int(v, 0, 255, type)));
    case 'smallint':
      return intCodec(type, nullable, 2, TypeId.Int2, (w, v) => w.i16(int(v, -32768, 32767, type)));
    case 'int':
      return intCodec(type, nullable, 4, TypeId.Int4, (w, v) => w.i32(int(v, -2147483648, 2147483647, type)));
    case 'bigint':
      return intCodec(type, nullable, 8, TypeId.Int8, (w, v) => w.i64(bigint(v, type)));
    case 'real':
      return fixedOrN(type, nullable, TypeId.Flt4, TypeId.FltN, 4, (w, v) => w.f32(num(v, type)));
    case 'float':
      return fixedOrN(type, nullable, TypeId.Flt8, TypeId.FltN, 8, (w, v) => w.f64(num(v, type)));
    case 'smallmoney':
      return fixedOrN(type, nullable, TypeId.Money4, TypeId.MoneyN, 4, (w, v) =>
        w.i32(Number(money(v, type, -214748_3648n, 214748_3647n))),
      );
    case 'money':
      return fixedOrN(type, nullable, TypeId.Money, TypeId.MoneyN, 8, (w, v) => {
        const m = money(v, type, -(2n ** 63n), 2n ** 63n - 1n);
        w.i32(Number(m >> 32n));
        w.u32(Number(m & 0xffffffffn));
      });
    case 'datetime':
      return fixedOrN(type, nullable, TypeId.DateTime, TypeId.DateTimN, 8, (w, v) =>
        writeDateTime(w, v, type),
      );
    case 'smalldatetime':
      return fixedOrN(type, nullable, TypeId.DateTim4, TypeId.DateTimN, 4, (w, v) =>
        writeSmallDateTime(w, v, type),
      );
    case 'decimal':
    case 'numeric':
      return decimalCodec(type, name === 'decimal' ? TypeId.DecimalN : TypeId.NumericN);
    case 'date':
      return codec(type, [TypeId.DateN], (w, v) => {
        if (v === null || v === undefined) return w.u8(0);
        w.u8(3);
        w.uintN(parseDate(str(v, type)), 3);
      });
    case 'time': {
      const scale = type.scale ?? 7;
      return codec(type, [TypeId.TimeN, scale], (w, v) => {
        if (v === null || v === undefined) return w.u8(0);
        const units = ticksToScale(parseTime(str(v, type)), scale);
        if (units * 10 ** (7 - scale) >= TICKS_PER_DAY)
          throw new Error(`${str(v, type)} rounds past 23:59:59 for time(${scale})`);
        w.u8(timeLength(scale));
        w.uintN(units, timeLength(scale));
      });
    }
    case 'datetime2': {
      const scale = type.scale ?? 7;
      const bytes = timeLength(scale);
      const perDay = TICKS_PER_DAY / 10 ** (7 - scale);
      return codec(type, [TypeId.DateTime2N, scale], (w, v) => {
        if (v === null || v === undefined) return w.u8(0);
        const { days, ticks } = parseDateTime(str(v, type));
        // Rounded to the scale; a round-up past midnight moves to the next day (as carry() does).
        const units = ticksToScale(ticks, scale);
        const late = units >= perDay;
        w.u8(bytes + 3);
        w.uintN(late ? units - perDay : units, bytes);
        w.uintN(late ? days + 1 : days, 3);
      });
    }
    case 'datetimeoffset': {
      const scale = type.scale ?? 7;
      return codec(type, [TypeId.DateTimeOffsetN, scale], (w, v) => {
        if (v === null || v === undefined) return w.u8(0);
        const { days, ticks, offsetMinutes } = parseDateTimeOffset(str(v, type));
        // On the wire the date and time are UTC; the offset says how to get back to local time.
        let utcTicks = ticks - offsetMinutes * 600_000_000;
        let utcDays = days;
        if (utcTicks < 0) {
          utcTicks += TICKS_PER_DAY;
          utcDays--;
        } else if (utcTicks >= TICKS_PER_DAY) {
          utcTicks -= TICKS_PER_DAY;
          utcDays++;
        }
        const [d, units] = carry(utcDays, utcTicks, scale);
        if (d < 0 || d > 3652058)
          throw new Error(`${str(v, type)} is outside the datetimeoffset range in UTC`);
        w.u8(timeLength(scale) + 5);
        w.uintN(units, timeLength(scale));
        w.uintN(d, 3);
        w.i16(offsetMinutes);
      });
    }
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
      return charCodec(type, name);
    case 'binary':
    case 'varbinary':
      return binaryCodec(type, name);
    case 'timestamp':
      return codec(
        type,
        [TypeId.BigBinary, 8, 0],
        (w, v) => writeShortBytes(w, v === null || v === undefined ? null : rowversion(v, type)),
        {
          userType: USERTYPE_TIMESTAMP,
        },
      );
    case 'text':
    case 'ntext': {
      const coll = collation(type.collation);
      const unicode = name === 'ntext';
      const info = Buffer.concat([
        Buffer.from([unicode ? TypeId.NText : TypeId.Text]),
        u32(unicode ? 0x7ffffffe : 0x7fffffff),
        coll.bytes,
      ]);
      return codec(
        type,
        info,
        (w, v) =>
          writeText(w, v === null || v === undefined ? null : encodeChars(str(v, type), unicode, coll)),
        {
          isText: true,
        },
      );
    }
    case 'image':
      return codec(
        type,
        Buffer.concat([Buffer.from([TypeId.Image]), u32(0x7fffffff)]),
        (w, v) => writeText(w, v === null || v === undefined ? null : bytes(v, type)),
        {
          isText: true,
        },
      );
    case 'uniqueidentifier':
      return codec(type, [TypeId.Guid, 16], (w, v) => {
        if (v === null || v === undefined) return w.u8(0);
        if (Buffer.isBuffer(v)) return (w.u8(16), w.bytes(v));
        // Parsed straight into the output: no intermediate Buffer per value.
        w.ensure(17);
        const at = w.length;
        if (!writeGuid(str(v, type), w.buf, at + 1))
          throw new Error(`'${String(v)}' is not a uniqueidentifier`);
        w.buf[at] = 16;
        w.length = at + 17;
      });
    case 'xml':
      return codec(type, [TypeId.Xml, 0], (w, v) =>
        writePlp(w, v === null || v === undefined ? null : Buffer.from(str(v, type), 'utf16le')),
      );
    case 'sql_variant':
      return codec(type, Buffer.concat([Buffer.from([TypeId.Variant]), u32(8016)]), (w, v) =>
        writeVariant(w, v),
      );
    case 'geography':
    case 'geometry':
    case 'hierarchyid':
      return clrCodec(type, name, database);
    default:
      throw new Error(`SQL Server type '${type.name}' is not supported by the emulator's TDS layer`);
  }
}

/**
 * The system CLR types as SQL Server sends them (MS-TDS 2.2.5.5.2 UDT_INFO; 2.2.5.2.3 PLP): UDTTYPE with
 * the largest size (0xFFFF for the spatial types, which have no limit; 892 for hierarchyid, its
 * sys.types max_length), the current database, schema `sys`, the type name and the assembly-qualified
 * name of sys.assembly_types; each value is the type's serialization as a PLP stream. A spatial value
 * is already that serialization; a hierarchyid is kept as its text and encoded here.
 */
function clrCodec(
  type: SqlType,
  name: 'geography' | 'geometry' | 'hierarchyid',
  database: string,
): TypeCodec {
  const info = new ByteWriter(160);
  info.u8(TypeId.Udt);
  info.u16(name === 'hierarchyid' ? 892 : 0xffff);
  info.bVarchar(database);
  info.bVarchar('sys');
  info.bVarchar(name);
  info.usVarchar(`${CLR_CLASSES[name]}, ${CLR_ASSEMBLY}`);
  const value = (v: unknown): Buffer =>
    name === 'hierarchyid' && typeof v === 'string' ? hierarchyIdToBinary(v) : bytes(v, type);
  return codec(type, info.toBuffer(), (w, v) => writePlp(w, v === null || v === undefined ? null : value(v)));
}

const CLR_CLASSES = {
  geography: 'Microsoft.SqlServer.Types.SqlGeography',
  geometry: 'Microsoft.SqlServer.Types.SqlGeometry',
  hierarchyid: 'Microsoft.SqlServer.Types.SqlHierarchyId',
} as const;
const CLR_ASSEMBLY =
  'Microsoft.SqlServer.Types, Version=11.0.0.0, Culture=neutral, PublicKeyToken=89845dcd8080cc91';

function intCodec(type: SqlType, nullable: boolean, size: number, fixedId: number, write: Writer): TypeCodec {
  return fixedOrN(type, nullable, fixedId, TypeId.IntN, size, write);
}

function fixedOrN(
  type: SqlType,
  nullable: boolean,
  fixedId: number,
  nId: number,
  size: number,
  write: Writer,
): TypeCodec {
  if (!nullable) return codec(type, [fixedId], (w, v) => write(w, notNull(v, type)));
  return codec(type, [nId, size], (w, v) => {
    if (v === null || v === undefined) return w.u8(0);
    w.u8(size);
    write(w, v);
  });
}

function decimalCodec(type: SqlType, id: number): TypeCodec {
  const precision = type.precision ?? 18;
  const scale = type.scale ?? 0;
  if (precision < 1 || precision > 38 || scale > precision)
    throw new Error(`decimal(${precision},${scale}) is not a valid type`);
  const length = decimalLength(precision);
  const limit = 10n ** BigInt(precision);
  return codec(type, [id, length, precision, scale], (w, v) => {
    if (v === null || v === undefined) return w.u8(0);
    const text = toExactString(v, 'decimal');
    w.u8(length);
    // Up to 15 significant digits fit a double exactly; beyond that, BigInt.
    if (text.length <= 15 && writeSmallDecimal(w, text, precision, scale, length)) return;
    const n = scaledInteger(text, scale, `decimal(${precision},${scale})`);
    const magnitude = n < 0n ? -n : n;
    if (magnitude >= limit) throw new Error(`${String(v)} does not fit decimal(${precision},${scale})`);
    w.u8(n < 0n ? 0 : 1);
    writeMagnitude(w, magnitude, length - 1);
  });
}

/** Sign byte and magnitude of a short decimal without BigInt; false when the text needs the exact path. */
function writeSmallDecimal(
  w: ByteWriter,
  text: string,
  precision: number,
  scale: number,
  length: number,
): boolean {
  // `-?digits[.digits]` with at most 15 digits once scaled (exact in a double): parsed in one pass.
  const negative = text.charCodeAt(0) === 45;
  let magnitude = 0;
  let digits = 0;
  let fraction = -1;
  for (let i = negative ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && fraction < 0) {
      fraction = 0;
      continue;
    }
    if (c < 48 || c > 57) return false;
    magnitude = magnitude * 10 + (c - 48);
    digits++;
    if (fraction >= 0) fraction++;
  }
  if (fraction < 0) fraction = 0;
  if (digits === 0 || fraction > scale || digits + scale - fraction > 15) return false;
  magnitude *= 10 ** (scale - fraction);
  if (magnitude >= 10 ** precision) return false;
  w.u8(negative ? 0 : 1);
  w.u32(magnitude % 0x100000000);
  if (length > 5) {
    w.u32(Math.floor(magnitude / 0x100000000));
    for (let i = 9; i < length; i += 4) w.u32(0);
  }
  return true;
}

export function writeMagnitude(w: ByteWriter, magnitude: bigint, bytes: number): void {
  for (let i = 0; i < bytes; i += 4) {
    w.u32(Number((magnitude >> BigInt(i * 8)) & 0xffffffffn));
  }
}

function charCodec(type: SqlType, name: string): TypeCodec {
  const unicode = name.startsWith('n');
  const fixed = name === 'char' || name === 'nchar';
  const coll = collation(type.collation);
  const length = type.length ?? (fixed ? 1 : 1);
  const id = unicode ? (fixed ? TypeId.NChar : TypeId.NVarChar) : fixed ? TypeId.BigChar : TypeId.BigVarChar;
  if (length === -1) {
    const info = Buffer.concat([Buffer.from([id]), u16(0xffff), coll.bytes]);
    return codec(type, info, (w, v) =>
      writePlp(w, v === null || v === undefined ? null : encodeChars(str(v, type), unicode, coll)),
    );
  }
  const maxBytes = unicode ? length * 2 : length;
  const info = Buffer.concat([Buffer.from([id]), u16(maxBytes), coll.bytes]);
  const codePage = coll.codePage;
  return codec(type, info, (w, v) => {
    if (v === null || v === undefined) return w.u16(0xffff);
    let text = str(v, type);
    if (fixed && text.length < length) text = text.padEnd(length, ' ');
    // Written in place after a length placeholder: no intermediate Buffer per value.
    w.ensure(2 + text.length * (unicode ? 2 : 3));
    const at = w.length;
    const n = unicode ? writeUtf16(text, w.buf, at + 2) - at - 2 : codePage.encodeInto(text, w.buf, at + 2);
    if (n > maxBytes) throw new Error(`value of ${n} bytes does not fit ${name}(${length})`);
    w.buf.writeUInt16LE(n, at);
    w.length = at + 2 + n;
  });
}

function binaryCodec(type: SqlType, name: string): TypeCodec {
  const fixed = name === 'binary';
  const length = type.length ?? 1;
  const id = fixed ? TypeId.BigBinary : TypeId.BigVarBinary;
  if (length === -1)
    return codec(type, [id, 0xff, 0xff], (w, v) =>
      writePlp(w, v === null || v === undefined ? null : bytes(v, type)),
    );
  return codec(type, Buffer.concat([Buffer.from([id]), u16(length)]), (w, v) => {
    if (v === null || v === undefined) return w.u16(0xffff);
    let b = bytes(v, type);
    if (fixed && b.length < length) b = Buffer.concat([b, Buffer.alloc(length - b.length)]);
    if (b.length > length) throw new Error(`value of ${b.length} bytes does not fit ${name}(${length})`);
    w.u16(b.length);
    w.bytes(b);
  });
}

export function encodeChars(text: string, unicode: boolean, coll: TdsCollation): Buffer {
  return unicode ? Buffer.from(text, 'utf16le') : coll.codePage.encode(text);
}

function writeShortBytes(w: ByteWriter, b: Buffer | null): void {
  if (b === null) return w.u16(0xffff);
  w.u16(b.length);
  w.bytes(b);
}

/** PLP: total length, then chunks of u32 length + data, then a zero-length terminator (MS-TDS 2.2.5.2.3). */
function writePlp(w: ByteWriter, b: Buffer | null): void {
  if (b === null) return w.u64(PLP_NULL);
  w.u64(BigInt(b.length));
  for (let at = 0; at < b.length; at += PLP_CHUNK) {
    const chunk = b.subarray(at, Math.min(b.length, at + PLP_CHUNK));
    w.u32(chunk.length);
    w.bytes(chunk);
  }
  w.u32(0);
}

function writeText(w: ByteWriter, b: Buffer | null): void {
  if (b === null) return w.u8(0);
  w.u8(TEXT_POINTER.length);
  w.bytes(TEXT_POINTER);
  w.bytes(TEXT_TIMESTAMP);
  w.u32(b.length);
  w.bytes(b);
}

function writeDateTime(w: ByteWriter, v: unknown, type: SqlType): void {
  const { days, ticks } = parseDateTime(str(v, type));
  // datetime counts 1/300 s; round to the nearest tick like SQL Server's conversion.
  let d = days - DAYS_TO_1900;
  let t = Math.round((ticks * 3) / 100_000);
  if (t >= 300 * 86400) {
    t -= 300 * 86400;
    d++;
  }
  if (d < -53690 || d > 2958463) throw new Error(`${str(v, type)} is outside the datetime range`);
  w.i32(d);
  w.u32(t);
}

function writeSmallDateTime(w: ByteWriter, v: unknown, type: SqlType): void {
  const { days, ticks } = parseDateTime(str(v, type));
  let d = days - DAYS_TO_1900;
  let minutes = Math.round(ticks / 600_000_000);
  if (minutes >= 1440) {
    minutes -= 1440;
    d++;
  }
  if (d < 0 || d > 65535) throw new Error(`${str(v, type)} is outside the smalldatetime range`);
  w.u16(d);
  w.u16(minutes);
}

function timeLength(scale: number): number {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}

/** Rounds ticks to the scale; a round-up past midnight moves to the next day. */
function carry(days: number, ticks: number, scale: number): [number, number] {
  const units = ticksToScale(ticks, scale);
  const perDay = TICKS_PER_DAY / 10 ** (7 - scale);
  return units >= perDay ? [days + 1, units - perDay] : [days, units];
}

function writeVariant(w: ByteWriter, v: unknown): void {
  if (v === null || v === undefined) return w.u32(0);
  const { type, value } = variantParts(v);
  if (value === null || value === undefined) return w.u32(0);
  const inner = typeCodec(type, false);
  const info = inner.typeInfo;
  // The variant's base type is the fixed form of the type; its properties are the TYPE_INFO after the id,
  // minus the length byte of N types that have one (decimal keeps precision and scale only).
  const body = new ByteWriter(64);
  inner.write(body, value);
  let base = info[0];
  let props: Buffer;
  let data = body.toBuffer();
  switch (base) {
    case TypeId.DecimalN:
    case TypeId.NumericN:
      props = info.subarray(2, 4);
      data = data.subarray(1);
      break;
    case TypeId.TimeN:
    case TypeId.DateTime2N:
    case TypeId.DateTimeOffsetN:
      props = info.subarray(1, 2);
      data = data.subarray(1);
      break;
    case TypeId.DateN:
    case TypeId.Guid:
      props = Buffer.alloc(0);
      data = data.subarray(1);
      break;
    case TypeId.BigVarChar:
    case TypeId.BigChar:
    case TypeId.NVarChar:
    case TypeId.NChar:
    case TypeId.BigVarBinary:
    case TypeId.BigBinary:
      if (info.readUInt16LE(1) === 0xffff) throw new Error(`sql_variant cannot hold ${type.name}(max)`);
      props = info.subarray(1);
      data = data.subarray(2);
      break;
    default:
      if (info.length !== 1) throw new Error(`sql_variant cannot hold ${type.name}`);
      props = Buffer.alloc(0);
      base = info[0];
  }
  w.u32(2 + props.length + data.length);
  w.u8(base);
  w.u8(props.length);
  w.bytes(props);
  w.bytes(data);
}

function variantParts(v: unknown): { type: SqlType; value: unknown } {
  if (typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && 'type' in v)
    return v as { type: SqlType; value: unknown };
  if (typeof v === 'boolean') return { type: { name: 'bit' }, value: v };
  if (typeof v === 'bigint') return { type: { name: 'bigint' }, value: v };
  if (typeof v === 'number')
    return { type: { name: Number.isInteger(v) && Math.abs(v) <= 2147483647 ? 'int' : 'float' }, value: v };
  if (typeof v === 'string')
    return { type: { name: 'nvarchar', length: Math.max(1, Math.min(4000, v.length)) }, value: v };
  if (Buffer.isBuffer(v))
    return { type: { name: 'varbinary', length: Math.max(1, Math.min(8000, v.length)) }, value: v };
  throw new Error(`sql_variant value must be { type, value }, got ${typeof v}`);
}

function notNull(v: unknown, type: SqlType): unknown {
  if (v === null || v === undefined) throw new Error(`NULL in a NOT NULL ${type.name} column`);
  return v;
}

function bit(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'bigint') return v ? 1 : 0;
  throw new Error(`bit value must be a boolean or 0/1, got ${typeof v}`);
}

function int(v: unknown, min: number, max: number, type: SqlType): number {
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new Error(`${type.name} value must be an integer, got ${String(v)}`);
  if (n < min || n > max) throw new Error(`${String(v)} is out of range for ${type.name}`);
  return n;
}

function bigint(v: unknown, type: SqlType): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new Error(`${type.name} value must be a bigint, got ${String(v)}`);
}

function num(v: unknown, type: SqlType): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`${type.name} value must be a number, got ${typeof v}`);
}

function money(v: unknown, type: SqlType, min: bigint, max: bigint): bigint {
  const m = scaledInteger(toExactString(v, type.name), 4, type.name);
  if (m < min || m > max) throw new Error(`${String(v)} is out of range for ${type.name}`);
  return m;
}

function str(v: unknown, type: SqlType): string {
  if (typeof v === 'string') return v;
  throw new Error(`${type.name} value must be a string, got ${typeof v}`);
}

function bytes(v: unknown, type: SqlType): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new Error(`${type.name} value must be a Buffer, got ${typeof v}`);
}

function rowversion(v: unknown, type: SqlType): Buffer {
  if (typeof v === 'bigint') {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(v);
    return b;
  }
  return bytes(v, type);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
