// PostgreSQL text output -> the canonical value forms of pipeline/batch.ts, per logical type, so
// values read back compare exactly with what the source produced (no float, Date or int8 drift).

import type { Column, Value } from '@ferry/core';
import type { TypeMapOptions } from '../types.js';
import { ltreeToPath } from '../copy/ltree-path.js';

export type ValueDecoder = (text: string) => Value;

/** Pads (or adds) the fractional seconds of a time/timestamp text to `p` digits. */
export function padFraction(text: string, p: number): string {
  const m = /^(.*\d\d:\d\d:\d\d)(?:\.(\d+))?$/.exec(text);
  if (!m || p === 0) return text;
  return `${m[1]}.${(m[2] ?? '').padEnd(p, '0')}`;
}

function timestamptz(text: string, p: number): string {
  const m = /^(.*\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::(\d\d))?(?::\d\d)?$/.exec(text);
  if (!m) return text;
  return `${padFraction(m[1], p)}${m[2]}:${m[3] ?? '00'}`;
}

const EWKB_SRID = 0x20000000;

/**
 * EWKB with its SRID: PostGIS writes none for SRID 0 (unknown), where the source's EWKB, as read,
 * always has one (geometry's default SRID is 0 in SQL Server). Adds the flag and SRID 0 when absent.
 */
function withSrid(ewkb: Buffer): Buffer {
  const littleEndian = ewkb[0] === 1;
  const type = littleEndian ? ewkb.readUInt32LE(1) : ewkb.readUInt32BE(1);
  if (type & EWKB_SRID) return ewkb;
  const head = Buffer.alloc(9);
  head[0] = ewkb[0]!;
  if (littleEndian) head.writeUInt32LE((type | EWKB_SRID) >>> 0, 1);
  else head.writeUInt32BE((type | EWKB_SRID) >>> 0, 1);
  return Buffer.concat([head, ewkb.subarray(5)]);
}

export function valueDecoder(column: Column, types: TypeMapOptions): ValueDecoder {
  if (column.targetType) return (s) => s;
  const t = column.type;
  switch (t.kind) {
    case 'bool':
      return (s) => s === 't';
    case 'int8':
    case 'int16':
    case 'int32':
      return Number;
    case 'int64':
      return BigInt;
    case 'float32':
      return (s) => Math.fround(Number(s));
    case 'float64':
      return Number;
    case 'binary':
    case 'rowversion':
      return (s) => Buffer.from(s.slice(2), 'hex');
    case 'spatial': // bytea prints \x and hex; PostGIS prints the EWKB in hex, without SRID 0
      return types.spatialAs === 'postgis'
        ? (s) => withSrid(Buffer.from(s, 'hex'))
        : (s) => Buffer.from(s.slice(2), 'hex');
    case 'hierarchy':
      return types.hierarchyidAs === 'ltree' ? ltreeToPath : (s) => s;
    case 'uuid':
      return (s) => s.toUpperCase();
    case 'time':
    case 'timestamp':
      return (s) => padFraction(s, t.precision);
    case 'timestamptz':
      return types.timestamptzAs === 'text' ? (s) => s : (s) => timestamptz(s, t.precision);
    default:
      return (s) => s;
  }
}
