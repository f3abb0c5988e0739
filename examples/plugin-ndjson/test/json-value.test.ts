import { describe, expect, it } from 'vitest';
import type { LogicalType, Value } from '@ferry/core';
import { fromJsonValue, toJsonValue } from '../src/json-value.js';

const roundTrip = (v: Value, type: LogicalType) =>
  fromJsonValue(JSON.parse(JSON.stringify(toJsonValue(v))), type, () => 't.c');

describe('JSON values', () => {
  it('keeps bigints beyond 2^53 as decimal strings', () => {
    expect(toJsonValue(-9223372036854775808n)).toBe('-9223372036854775808');
    expect(roundTrip(9007199254740993n, { kind: 'int64' })).toBe(9007199254740993n);
  });

  it('keeps binary values as base64, empty ones included', () => {
    expect(toJsonValue(Buffer.from([0, 255, 16]))).toBe('AP8Q');
    expect(roundTrip(Buffer.alloc(0), { kind: 'binary', length: 'max', fixed: false })).toEqual(
      Buffer.alloc(0),
    );
  });

  it('keeps floats JSON cannot write (negative zero, NaN, infinities) as strings', () => {
    const float64: LogicalType = { kind: 'float64' };
    expect(Object.is(roundTrip(-0, float64), -0)).toBe(true);
    expect(roundTrip(Number.NaN, float64)).toBeNaN();
    expect(roundTrip(-Infinity, float64)).toBe(-Infinity);
    expect(roundTrip(0.1, float64)).toBe(0.1);
  });

  it('keeps text with non-BMP characters and lone surrogates unchanged', () => {
    const text: LogicalType = { kind: 'text', length: 'max', unicode: true, fixed: false };
    expect(roundTrip('𝄞 😀 \ud800 "q" \\', text)).toBe('𝄞 😀 \ud800 "q" \\');
  });

  it('names the column when a value does not fit its type', () => {
    expect(() => fromJsonValue('12.5', { kind: 'int64' }, () => 'dbo.t.c, t.ndjson:3')).toThrow(
      /value "12.5" is not a valid int64 value/,
    );
    expect(() =>
      fromJsonValue(true, { kind: 'binary', length: 4, fixed: true }, () => 'dbo.t.c, t.ndjson:3'),
    ).toThrow(expect.objectContaining({ where: 'dbo.t.c, t.ndjson:3' }));
  });
});
