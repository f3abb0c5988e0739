import type { Column, LogicalType } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { canonicalTime, canonicalTimestamp, canonicalTimestampTz, decoderFor } from '../src/read/values.js';

const col = (type: LogicalType, nativeType: string): Column => ({
  name: 'c',
  type,
  nativeType,
  nullable: true,
});

describe('temporal text from CONVERT(..., 121) to canonical forms', () => {
  it('pads or trims the fraction to exactly p digits, never altering a non-zero digit', () => {
    expect(canonicalTime('23:59:59.9999999', 7)).toBe('23:59:59.9999999');
    expect(canonicalTime('10:11:12', 3)).toBe('10:11:12.000');
    expect(canonicalTime('10:11:12.1230000', 3)).toBe('10:11:12.123');
    expect(canonicalTime('10:11:12', 0)).toBe('10:11:12');
    expect(() => canonicalTime('10:11:12.1234', 3)).toThrow(/at most 3 fraction digits/);
  });

  it('reads datetime2/datetime/smalldatetime text', () => {
    expect(canonicalTimestamp('0001-01-01 00:00:00.0000000', 7)).toBe('0001-01-01 00:00:00.0000000');
    expect(canonicalTimestamp('9999-12-31 23:59:59.997', 3)).toBe('9999-12-31 23:59:59.997');
    expect(canonicalTimestamp('2079-06-06 23:59:00', 0)).toBe('2079-06-06 23:59:00');
    expect(canonicalTimestamp('2020-01-01 10:00:00.12', 3)).toBe('2020-01-01 10:00:00.120');
    expect(canonicalTimestamp('2020-01-01 10:00:00.1230', 3)).toBe('2020-01-01 10:00:00.123');
    expect(() => canonicalTimestamp('2020-01-01 10:00:00.1234', 3)).toThrow(/at most 3 fraction digits/);
    expect(() => canonicalTimestamp('2020-01-01T10:00:00.123', 3)).toThrow(/YYYY-MM-DD HH:MM:SS/);
    expect(() => canonicalTimestamp('2020-01-01 10:00:0a.123', 3)).toThrow(/YYYY-MM-DD HH:MM:SS/);
  });

  it('joins the offset of datetimeoffset to the local time without a space and keeps it as is', () => {
    expect(canonicalTimestampTz('2020-02-29 23:59:59.1234567 -14:00', 7)).toBe(
      '2020-02-29 23:59:59.1234567-14:00',
    );
    expect(canonicalTimestampTz('2020-01-01 00:00:00 +05:45', 0)).toBe('2020-01-01 00:00:00+05:45');
    expect(() => canonicalTimestampTz('2020-01-01 00:00:00', 0)).toThrow(/HH:MM/);
  });
});

describe('column decoders', () => {
  it('turns bigint text into bigint, including the extremes', () => {
    const d = decoderFor(col({ kind: 'int64' }, 'bigint'));
    expect(d('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(d('9223372036854775807')).toBe(9223372036854775807n);
    expect(d(null)).toBeNull();
  });

  it('keeps decimal text exactly and rejects anything else', () => {
    const d = decoderFor(col({ kind: 'decimal', precision: 38, scale: 10 }, 'decimal(38,10)'));
    expect(d('-9999999999999999999999999999.9999999999')).toBe('-9999999999999999999999999999.9999999999');
    expect(() => d(1.5)).toThrow(/column c: expected decimal text/);
    expect(() => d('1e5')).toThrow(/decimal text/);
  });

  it('upper-cases uniqueidentifier text, keeps Buffers, strings and booleans', () => {
    expect(
      decoderFor(col({ kind: 'uuid' }, 'uniqueidentifier'))('6f9619ff-8b86-d011-b42d-00c04fc964ff'),
    ).toBe('6F9619FF-8B86-D011-B42D-00C04FC964FF');
    const b = Buffer.from([0, 255]);
    expect(decoderFor(col({ kind: 'binary', length: 2, fixed: true }, 'binary(2)'))(b)).toBe(b);
    expect(
      decoderFor(col({ kind: 'text', length: 'max', unicode: true, fixed: false }, 'nvarchar(max)'))('😀'),
    ).toBe('😀');
    expect(decoderFor(col({ kind: 'bool' }, 'bit'))(false)).toBe(false);
  });

  it('applies the column precision to temporal values', () => {
    expect(decoderFor(col({ kind: 'timestamp', precision: 3 }, 'datetime'))('2000-01-01 00:00:00.003')).toBe(
      '2000-01-01 00:00:00.003',
    );
    expect(decoderFor(col({ kind: 'time', precision: 2 }, 'time(2)'))('01:02:03.45')).toBe('01:02:03.45');
    expect(decoderFor(col({ kind: 'date' }, 'date'))('0001-01-01')).toBe('0001-01-01');
  });
});
