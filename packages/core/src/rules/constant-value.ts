// Turns a user constant (add-column value) into the canonical Value form of a logical type
// (see pipeline/batch.ts), exactly, or explains why it cannot.

import type { LogicalType } from '../model/logical-type.js';
import type { Value } from '../pipeline/batch.js';

export type ConstantInput = string | number | boolean | bigint | null;

const intRange: Partial<Record<LogicalType['kind'], [number, number]>> = {
  int8: [0, 255],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};

/** Returns the canonical value, or `{ error }` with a reason (never rounds or truncates). */
export function constantValue(type: LogicalType, input: ConstantInput): Value | { error: string } {
  if (input === null) return null;
  const text = typeof input === 'string' ? input : String(input);
  const bad = (what: string) => ({
    error: `expected ${what} for type ${type.kind}, got ${JSON.stringify(typeof input === 'bigint' ? text : input)}`,
  });
  switch (type.kind) {
    case 'bool':
      if (typeof input === 'boolean') return input;
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      return bad('true or false');
    case 'int8':
    case 'int16':
    case 'int32': {
      const [min, max] = intRange[type.kind]!;
      const n = Number(text);
      return /^-?\d+$/.test(text) && n >= min && n <= max ? n : bad(`an integer in ${min}..${max}`);
    }
    case 'int64': {
      if (!/^-?\d+$/.test(text)) return bad('an integer');
      const n = BigInt(text);
      return n >= -(2n ** 63n) && n < 2n ** 63n ? n : bad('a 64-bit integer');
    }
    case 'decimal': {
      const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
      if (!m) return bad('a decimal number');
      const [, sign, int, frac = ''] = m;
      if (frac.length > type.scale) return bad(`at most ${type.scale} decimal places`);
      if (int!.replace(/^0+(?=\d)/, '').length > type.precision - type.scale)
        return bad(`at most ${type.precision - type.scale} integer digits`);
      return type.scale ? `${sign}${int}.${frac.padEnd(type.scale, '0')}` : `${sign}${int}`;
    }
    case 'float32':
    case 'float64': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : bad('a number');
    }
    case 'text':
    case 'xml':
    case 'json':
    case 'variant':
      if (type.kind === 'text' && type.length !== 'max' && [...text].length > type.length)
        return bad(`at most ${type.length} characters`);
      return text;
    case 'uuid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
        ? text.toUpperCase()
        : bad('a uuid');
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : bad('YYYY-MM-DD');
    case 'time':
      return /^\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text) ? text : bad('HH:MM:SS[.f]');
    case 'timestamp':
      return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text)
        ? text
        : bad('YYYY-MM-DD HH:MM:SS[.f]');
    case 'timestamptz':
      return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/.test(text)
        ? text
        : bad('YYYY-MM-DD HH:MM:SS[.f]+HH:MM');
    case 'binary':
    case 'rowversion':
      return /^0x([0-9a-f]{2})*$/i.test(text)
        ? Buffer.from(text.slice(2), 'hex')
        : bad('hex bytes such as 0x0A1B');
    default:
      return { error: `a constant of type ${type.kind} is not supported` };
  }
}

export function isConstantError(v: Value | { error: string }): v is { error: string } {
  return v !== null && typeof v === 'object' && !Buffer.isBuffer(v);
}
