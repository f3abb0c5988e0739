// Reads TYPE_INFO and a value from request bytes (RPC parameters, MS-TDS 2.2.6.6) into a SqlType
// and Ferry's canonical value forms. The inverse of type-codec.ts.

import type { SqlType } from '../engine-api.js';
import { collationFromBytes } from './collation.js';
import { decimalLength, formatScaled } from './exact-numbers.js';
import { bytesToGuid } from './guid.js';
import { DAYS_TO_1900, formatDate, formatOffset, formatTime, TICKS_PER_DAY } from './temporal.js';
import { TypeId } from './type-codec.js';

export class RequestReader {
  constructor(
    readonly buf: Buffer,
    public at = 0,
  ) {}

  need(n: number): void {
    if (this.at + n > this.buf.length)
      throw new Error(`request is truncated at byte ${this.at} (needs ${n} more)`);
  }
  u8(): number {
    this.need(1);
    return this.buf[this.at++];
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.at);
    this.at += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.at);
    this.at += 8;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  uintN(n: number): number {
    this.need(n);
    const v = this.buf.readUIntLE(this.at, n);
    this.at += n;
    return v;
  }
  bVarchar(): string {
    const n = this.u8();
    return this.bytes(n * 2).toString('utf16le');
  }
  usVarchar(): string {
    const n = this.u16();
    return this.bytes(n * 2).toString('utf16le');
  }
}

interface TypeInfo {
  id: number;
  type: SqlType;
  /** Length byte/short of the type, when it has one. */
  size?: number;
  codePage?: (b: Buffer) => string;
}

export function readTypeInfo(r: RequestReader): TypeInfo {
  const id = r.u8();
  switch (id) {
    case TypeId.Int1:
      return { id, type: { name: 'tinyint' } };
    case TypeId.Int2:
      return { id, type: { name: 'smallint' } };
    case TypeId.Int4:
      return { id, type: { name: 'int' } };
    case TypeId.Int8:
      return { id, type: { name: 'bigint' } };
    case TypeId.Bit:
      return { id, type: { name: 'bit' } };
    case TypeId.Flt4:
      return { id, type: { name: 'real' } };
    case TypeId.Flt8:
      return { id, type: { name: 'float' } };
    case TypeId.Money:
      return { id, type: { name: 'money' } };
    case TypeId.Money4:
      return { id, type: { name: 'smallmoney' } };
    case TypeId.DateTime:
      return { id, type: { name: 'datetime' } };
    case TypeId.DateTim4:
      return { id, type: { name: 'smalldatetime' } };
    case TypeId.IntN: {
      const size = r.u8();
      return {
        id,
        size,
        type: {
          name:
            ({ 1: 'tinyint', 2: 'smallint', 4: 'int', 8: 'bigint' } as Record<number, string>)[size] ?? 'int',
        },
      };
    }
    case TypeId.BitN:
      return { id, size: r.u8(), type: { name: 'bit' } };
    case TypeId.FltN: {
      const size = r.u8();
      return { id, size, type: { name: size === 4 ? 'real' : 'float' } };
    }
    case TypeId.MoneyN: {
      const size = r.u8();
      return { id, size, type: { name: size === 4 ? 'smallmoney' : 'money' } };
    }
    case TypeId.DateTimN: {
      const size = r.u8();
      return { id, size, type: { name: size === 4 ? 'smalldatetime' : 'datetime' } };
    }
    case TypeId.DecimalN:
    case TypeId.NumericN: {
      const size = r.u8();
      const precision = r.u8();
      const scale = r.u8();
      return { id, size, type: { name: id === TypeId.DecimalN ? 'decimal' : 'numeric', precision, scale } };
    }
    case TypeId.DateN:
      return { id, type: { name: 'date' } };
    case TypeId.TimeN:
      return { id, type: { name: 'time', scale: r.u8() } };
    case TypeId.DateTime2N:
      return { id, type: { name: 'datetime2', scale: r.u8() } };
    case TypeId.DateTimeOffsetN:
      return { id, type: { name: 'datetimeoffset', scale: r.u8() } };
    case TypeId.Guid:
      return { id, size: r.u8(), type: { name: 'uniqueidentifier' } };
    case TypeId.BigVarChar:
    case TypeId.BigChar:
    case TypeId.NVarChar:
    case TypeId.NChar: {
      const size = r.u16();
      const coll = collationFromBytes(r.bytes(5));
      const unicode = id === TypeId.NVarChar || id === TypeId.NChar;
      const fixed = id === TypeId.BigChar || id === TypeId.NChar;
      const name = (unicode ? 'n' : '') + (fixed ? 'char' : 'varchar');
      const length = size === 0xffff ? -1 : unicode ? size / 2 : size;
      return {
        id,
        size,
        type: { name, length, collation: coll.name },
        codePage: unicode ? (b) => b.toString('utf16le') : (b) => coll.codePage.decode(b),
      };
    }
    case TypeId.BigVarBinary:
    case TypeId.BigBinary: {
      const size = r.u16();
      return {
        id,
        size,
        type: { name: id === TypeId.BigBinary ? 'binary' : 'varbinary', length: size === 0xffff ? -1 : size },
      };
    }
    case TypeId.Text:
    case TypeId.NText: {
      r.u32();
      const coll = collationFromBytes(r.bytes(5));
      const unicode = id === TypeId.NText;
      return {
        id,
        type: { name: unicode ? 'ntext' : 'text', length: -1 },
        codePage: unicode ? (b) => b.toString('utf16le') : (b) => coll.codePage.decode(b),
      };
    }
    case TypeId.Image:
      r.u32();
      return { id, type: { name: 'image', length: -1 } };
    case TypeId.Xml: {
      if (r.u8() === 1) {
        r.bVarchar();
        r.bVarchar();
        r.usVarchar();
      }
      return { id, type: { name: 'xml' } };
    }
    case TypeId.Variant:
      r.u32();
      return { id, type: { name: 'sql_variant' } };
    case TypeId.Null:
      return { id, type: { name: 'int' } };
    default:
      throw new Error(`parameter type 0x${id.toString(16)} is not supported by the emulator`);
  }
}

export function readValue(r: RequestReader, info: TypeInfo): unknown {
  const { id, type } = info;
  switch (id) {
    case TypeId.Null:
      return null;
    case TypeId.Int1:
    case TypeId.Int2:
    case TypeId.Int4:
    case TypeId.Int8:
    case TypeId.Bit:
    case TypeId.Flt4:
    case TypeId.Flt8:
    case TypeId.Money:
    case TypeId.Money4:
    case TypeId.DateTime:
    case TypeId.DateTim4:
      return readFixed(r, id, fixedSize(id));
    case TypeId.IntN:
    case TypeId.BitN:
    case TypeId.FltN:
    case TypeId.MoneyN:
    case TypeId.DateTimN: {
      const n = r.u8();
      if (n === 0) return null;
      return readFixed(r, nToFixed(id, n), n);
    }
    case TypeId.DecimalN:
    case TypeId.NumericN: {
      const n = r.u8();
      if (n === 0) return null;
      const positive = r.u8() === 1;
      let magnitude = 0n;
      const bytes = r.bytes(n - 1);
      for (let i = bytes.length - 1; i >= 0; i--) magnitude = (magnitude << 8n) | BigInt(bytes[i]);
      return formatScaled(positive ? magnitude : -magnitude, type.scale ?? 0);
    }
    case TypeId.DateN: {
      const n = r.u8();
      return n === 0 ? null : formatDate(r.uintN(3));
    }
    case TypeId.TimeN: {
      const n = r.u8();
      return n === 0 ? null : formatTime(r.uintN(n), type.scale ?? 7);
    }
    case TypeId.DateTime2N: {
      const n = r.u8();
      if (n === 0) return null;
      const units = r.uintN(n - 3);
      return `${formatDate(r.uintN(3))} ${formatTime(units, type.scale ?? 7)}`;
    }
    case TypeId.DateTimeOffsetN: {
      const n = r.u8();
      if (n === 0) return null;
      const scale = type.scale ?? 7;
      const units = r.uintN(n - 5);
      const days = r.uintN(3);
      const offset = r.bytes(2).readInt16LE(0);
      // Stored as UTC: shift to local time for the canonical form.
      const unitTicks = 10 ** (7 - scale);
      let ticks = units * unitTicks + offset * 600_000_000;
      let d = days;
      if (ticks < 0) {
        ticks += TICKS_PER_DAY;
        d--;
      } else if (ticks >= TICKS_PER_DAY) {
        ticks -= TICKS_PER_DAY;
        d++;
      }
      return `${formatDate(d)} ${formatTime(ticks / unitTicks, scale)}${formatOffset(offset)}`;
    }
    case TypeId.Guid: {
      const n = r.u8();
      return n === 0 ? null : bytesToGuid(r.bytes(16));
    }
    case TypeId.BigVarChar:
    case TypeId.BigChar:
    case TypeId.NVarChar:
    case TypeId.NChar:
    case TypeId.BigVarBinary:
    case TypeId.BigBinary: {
      const decode = info.codePage ?? ((b: Buffer) => Buffer.from(b));
      if (info.size === 0xffff) {
        const plp = readPlp(r);
        return plp === null ? null : decode(plp);
      }
      const n = r.u16();
      return n === 0xffff ? null : decode(r.bytes(n));
    }
    case TypeId.Xml: {
      const plp = readPlp(r);
      return plp === null ? null : plp.toString('utf16le');
    }
    case TypeId.Text:
    case TypeId.NText:
    case TypeId.Image: {
      // RPC parameters carry no text pointer: a 4-byte length (0xFFFFFFFF = NULL) then the data.
      const n = r.u32();
      if (n === 0xffffffff) return null;
      const b = r.bytes(n);
      return info.codePage ? info.codePage(b) : Buffer.from(b);
    }
    case TypeId.Variant: {
      const n = r.u32();
      if (n === 0) return null;
      const end = r.at + n;
      const baseId = r.u8();
      const propLength = r.u8();
      const props = r.bytes(propLength);
      const dataLength = end - r.at;
      // Re-read as the base type: rebuild a TYPE_INFO + length prefix around the data.
      const inner = rebuildVariant(baseId, props, r.bytes(dataLength));
      const innerReader = new RequestReader(inner);
      const innerInfo = readTypeInfo(innerReader);
      return { type: innerInfo.type, value: readValue(innerReader, innerInfo) };
    }
    default:
      throw new Error(`parameter type 0x${id.toString(16)} is not supported by the emulator`);
  }
}

function rebuildVariant(baseId: number, props: Buffer, data: Buffer): Buffer {
  const len = (n: number, size: number) => {
    const b = Buffer.alloc(size);
    b.writeUIntLE(n, 0, size);
    return b;
  };
  switch (baseId) {
    case TypeId.DecimalN:
    case TypeId.NumericN:
      return Buffer.concat([
        Buffer.from([baseId, decimalLength(props[0])]),
        props,
        Buffer.from([data.length]),
        data,
      ]);
    case TypeId.TimeN:
    case TypeId.DateTime2N:
    case TypeId.DateTimeOffsetN:
      return Buffer.concat([Buffer.from([baseId]), props, Buffer.from([data.length]), data]);
    case TypeId.DateN:
      return Buffer.concat([Buffer.from([baseId, data.length]), data]);
    case TypeId.Guid:
      return Buffer.concat([Buffer.from([baseId, 16, 16]), data]);
    case TypeId.BigVarChar:
    case TypeId.BigChar:
    case TypeId.NVarChar:
    case TypeId.NChar:
    case TypeId.BigVarBinary:
    case TypeId.BigBinary:
      return Buffer.concat([Buffer.from([baseId]), props, len(data.length, 2), data]);
    default:
      return Buffer.concat([Buffer.from([baseId]), data]);
  }
}

function readPlp(r: RequestReader): Buffer | null {
  const total = r.u64();
  if (total === 0xffffffffffffffffn) return null;
  const chunks: Buffer[] = [];
  for (;;) {
    const n = r.u32();
    if (n === 0) break;
    chunks.push(r.bytes(n));
  }
  return Buffer.concat(chunks);
}

function fixedSize(id: number): number {
  return (
    {
      [TypeId.Int1]: 1,
      [TypeId.Int2]: 2,
      [TypeId.Int4]: 4,
      [TypeId.Int8]: 8,
      [TypeId.Bit]: 1,
      [TypeId.Flt4]: 4,
      [TypeId.Flt8]: 8,
      [TypeId.Money]: 8,
      [TypeId.Money4]: 4,
      [TypeId.DateTime]: 8,
      [TypeId.DateTim4]: 4,
    } as Record<number, number>
  )[id];
}

function nToFixed(id: number, n: number): number {
  switch (id) {
    case TypeId.IntN:
      return ({ 1: TypeId.Int1, 2: TypeId.Int2, 4: TypeId.Int4, 8: TypeId.Int8 } as Record<number, number>)[
        n
      ];
    case TypeId.BitN:
      return TypeId.Bit;
    case TypeId.FltN:
      return n === 4 ? TypeId.Flt4 : TypeId.Flt8;
    case TypeId.MoneyN:
      return n === 4 ? TypeId.Money4 : TypeId.Money;
    default:
      return n === 4 ? TypeId.DateTim4 : TypeId.DateTime;
  }
}

function readFixed(r: RequestReader, id: number, n: number): unknown {
  const b = r.bytes(n);
  switch (id) {
    case TypeId.Int1:
      return b[0];
    case TypeId.Int2:
      return b.readInt16LE(0);
    case TypeId.Int4:
      return b.readInt32LE(0);
    case TypeId.Int8:
      return b.readBigInt64LE(0);
    case TypeId.Bit:
      return b[0] !== 0;
    case TypeId.Flt4:
      return b.readFloatLE(0);
    case TypeId.Flt8:
      return b.readDoubleLE(0);
    case TypeId.Money4:
      return formatScaled(BigInt(b.readInt32LE(0)), 4);
    case TypeId.Money:
      return formatScaled((BigInt(b.readInt32LE(0)) << 32n) | BigInt(b.readUInt32LE(4)), 4);
    case TypeId.DateTim4:
      return `${formatDate(DAYS_TO_1900 + b.readUInt16LE(0))} ${formatTime(b.readUInt16LE(2) * 60, 0)}`;
    case TypeId.DateTime: {
      // 1/300 s ticks -> milliseconds, rounded as SQL Server displays datetime (.000/.003/.007).
      const ms = Math.round((b.readUInt32LE(4) * 10) / 3);
      return `${formatDate(DAYS_TO_1900 + b.readInt32LE(0))} ${formatTime(ms, 3)}`;
    }
    default:
      throw new Error(`unexpected fixed type 0x${id.toString(16)}`);
  }
}
