// Value encodings on the wire, byte for byte (MS-TDS 2.2.5.5), for the cases a JS client cannot show
// exactly: 38-digit decimals, money, UTC + offset of datetimeoffset, GUID byte order, code pages, PLP.

import { describe, expect, it } from 'vitest';
import type { SqlType } from '../src/engine-api.js';
import { ByteWriter } from '../src/tds/byte-writer.js';
import { collation } from '../src/tds/collation.js';
import { typeCodec } from '../src/tds/type-codec.js';
import { readTypeInfo, readValue, RequestReader } from '../src/tds/value-reader.js';

function encode(type: SqlType, value: unknown, nullable = true): Buffer {
  const w = new ByteWriter(16);
  typeCodec(type, nullable).write(w, value);
  return w.toBuffer();
}

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

/** Little-endian bytes of a non-negative integer, written independently of the code under test. */
function littleEndian(n: bigint, bytes: number): number[] {
  return Array.from({ length: bytes }, (_, i) => Number((n / 256n ** BigInt(i)) % 256n));
}

describe('decimal and numeric', () => {
  it('encodes 38 nines exactly: length 17, sign 1, 16-byte magnitude', () => {
    const nines = '9'.repeat(38);
    expect([...encode({ name: 'decimal', precision: 38, scale: 0 }, nines)]).toEqual([
      17,
      1,
      ...littleEndian(10n ** 38n - 1n, 16),
    ]);
  });

  it('encodes a negative value with scale and the precision-based length', () => {
    expect(encode({ name: 'decimal', precision: 5, scale: 2 }, '-123.45')).toEqual(hex('05 00 39300000'));
    expect(encode({ name: 'numeric', precision: 19, scale: 4 }, '1.5')).toEqual(
      hex('09 01 983a000000000000'),
    );
  });

  it('pads missing fraction digits and rejects digits beyond the scale or precision', () => {
    expect(encode({ name: 'decimal', precision: 10, scale: 4 }, '7')).toEqual(
      encode({ name: 'decimal', precision: 10, scale: 4 }, '7.0000'),
    );
    expect(() => encode({ name: 'decimal', precision: 10, scale: 2 }, '1.234')).toThrow(/fractional digits/);
    expect(() => encode({ name: 'decimal', precision: 3, scale: 0 }, '1000')).toThrow(
      /does not fit decimal\(3,0\)/,
    );
    expect(() => encode({ name: 'decimal', precision: 10, scale: 2 }, 1.5)).toThrow(/exact decimal string/);
  });

  it('writes short decimals (up to 15 digits) in every text form exactly', () => {
    const t = (precision: number, scale: number) => ({ name: 'decimal', precision, scale });
    const bytes = (len: number, sign: number, magnitude: bigint) =>
      Buffer.from([len, sign, ...littleEndian(magnitude, len - 1)]);
    expect(encode(t(19, 4), '666666.1234')).toEqual(bytes(9, 1, 6666661234n));
    expect(encode(t(19, 4), '-0.5')).toEqual(bytes(9, 0, 5000n));
    expect(encode(t(19, 4), '.5')).toEqual(bytes(9, 1, 5000n));
    expect(encode(t(19, 4), '5.')).toEqual(bytes(9, 1, 50000n));
    expect(encode(t(9, 0), '000123')).toEqual(bytes(5, 1, 123n));
    expect(encode(t(15, 0), '999999999999999')).toEqual(bytes(9, 1, 999999999999999n));
    expect(encode(t(38, 2), '1234567890123.45')).toEqual(bytes(17, 1, 123456789012345n));
    expect(encode(t(19, 4), '+7')).toEqual(bytes(9, 1, 70000n));
    for (const bad of ['', '.', '-', '1.2.3', '1e5', '12a'])
      expect(() => encode(t(19, 4), bad), bad).toThrow(/is not an exact decimal\(19,4\) value/);
    expect(() => encode(t(4, 2), '100')).toThrow(/does not fit decimal\(4,2\)/);
  });

  it('declares DECIMALN with length, precision and scale in TYPE_INFO', () => {
    expect(typeCodec({ name: 'decimal', precision: 38, scale: 10 }, true).typeInfo).toEqual(
      Buffer.from([0x6a, 17, 38, 10]),
    );
    expect(typeCodec({ name: 'numeric', precision: 9, scale: 2 }, false).typeInfo).toEqual(
      Buffer.from([0x6c, 5, 9, 2]),
    );
  });
});

describe('money', () => {
  it('writes the high 32 bits first, then the low 32 bits, of value x 10^4', () => {
    expect(encode({ name: 'money' }, '922337203685477.5807')).toEqual(hex('08 ffffff7f ffffffff'));
    expect(encode({ name: 'money' }, '-922337203685477.5808')).toEqual(hex('08 00000080 00000000'));
    expect(encode({ name: 'smallmoney' }, '-214748.3648')).toEqual(hex('04 00000080'));
  });
});

describe('temporal types', () => {
  it('datetimeoffset stores UTC date and time plus the offset in minutes', () => {
    // 2024-01-01 00:30 at +01:00 is 2023-12-31 23:30 UTC: day 738884, 23.5 h = 846000000000 ticks.
    const b = encode({ name: 'datetimeoffset', scale: 7 }, '2024-01-01 00:30:00.0000000+01:00');
    expect(b[0]).toBe(10);
    expect(b.readUIntLE(1, 5)).toBe(846_000_000_000);
    expect(b.readUIntLE(6, 3)).toBe(738884);
    expect(b.readInt16LE(9)).toBe(60);
  });

  it('keeps 100 ns ticks of datetime2(7) and scales time(n)', () => {
    const b = encode({ name: 'datetime2', scale: 7 }, '9999-12-31 23:59:59.9999999');
    expect(b.readUIntLE(1, 5)).toBe(863_999_999_999);
    expect(b.readUIntLE(6, 3)).toBe(3652058);
    expect(encode({ name: 'time', scale: 0 }, '23:59:59')).toEqual(hex('03 7f5101'));
    expect(encode({ name: 'time', scale: 3 }, '00:00:01.5')).toEqual(hex('04 dc050000'));
  });

  it('datetime counts days since 1900 and 1/300 s ticks; smalldatetime days and minutes', () => {
    expect(encode({ name: 'datetime' }, '1900-01-01 00:00:00.003')).toEqual(hex('08 00000000 01000000'));
    expect(encode({ name: 'datetime' }, '9999-12-31 23:59:59.997', false)).toEqual(hex('7f242d00 ff818b01'));
    expect(encode({ name: 'smalldatetime' }, '2079-06-06 23:59:00')).toEqual(hex('04 ffff 9f05'));
  });

  it('rejects values that are not canonical strings', () => {
    expect(() => encode({ name: 'date' }, '2024-02-30')).toThrow(/not a valid date/);
    expect(() => encode({ name: 'datetime2', scale: 7 }, new Date())).toThrow(/must be a string/);
    expect(() => encode({ name: 'datetimeoffset', scale: 0 }, '0001-01-01 00:00:00+14:00')).toThrow(
      /outside the datetimeoffset range/,
    );
  });
});

describe('uniqueidentifier', () => {
  it('reverses the first three groups (mixed-endian), as in Microsoft documentation', () => {
    expect(encode({ name: 'uniqueidentifier' }, '6F9619FF-8B86-D011-B42D-00C04FC964FF')).toEqual(
      hex('10 ff19966f 868b 11d0 b42d 00c04fc964ff'),
    );
    expect(encode({ name: 'uniqueidentifier' }, '{6f9619ff-8b86-d011-b42d-00c04fc964ff}')).toEqual(
      hex('10 ff19966f 868b 11d0 b42d 00c04fc964ff'),
    );
    for (const bad of [
      '6F9619FF-8B86-D011-B42D-00C04FC964F',
      '6F9619FF-8B86-D011-B42D-00C04FC964FG',
      '6F9619FF-8B86-D011-B42D-00C04FC964F\u0146',
      '6F9619FF8B86-D011-B42D-00C04FC964FFF',
    ])
      expect(() => encode({ name: 'uniqueidentifier' }, bad), bad).toThrow(/is not a uniqueidentifier/);
  });
});

describe('character data', () => {
  it('varchar uses code page 1252 for Latin1 collations (not ISO-8859-1)', () => {
    const t = { name: 'varchar', length: 10, collation: 'SQL_Latin1_General_CP1_CI_AS' };
    expect(encode(t, '€Ÿé')).toEqual(hex('0300 80 9f e9'));
    expect(encode(t, 'a😀')).toEqual(hex('0200 61 3f'));
  });

  it('varchar with a UTF-8 collation carries UTF-8 bytes', () => {
    expect(
      encode({ name: 'varchar', length: 10, collation: 'Latin1_General_100_CI_AS_SC_UTF8' }, '€'),
    ).toEqual(hex('0300 e282ac'));
  });

  it('nvarchar carries UTF-16LE with surrogate pairs for non-BMP characters', () => {
    expect(encode({ name: 'nvarchar', length: 10 }, '😀')).toEqual(hex('0400 3dd8 00de'));
  });

  it('char(n) is space-padded; empty string and NULL differ', () => {
    expect(encode({ name: 'char', length: 3 }, 'a')).toEqual(hex('0300 612020'));
    expect(encode({ name: 'varchar', length: 3 }, '')).toEqual(hex('0000'));
    expect(encode({ name: 'varchar', length: 3 }, null)).toEqual(hex('ffff'));
  });

  it('(max) types are PLP: total length, chunks, zero terminator; NULL is all ones', () => {
    expect(encode({ name: 'nvarchar', length: -1 }, 'ab')).toEqual(
      hex('0400000000000000 04000000 61006200 00000000'),
    );
    expect(encode({ name: 'varbinary', length: -1 }, null)).toEqual(hex('ffffffffffffffff'));
  });

  it('text/ntext/image carry a 16-byte text pointer and 8-byte timestamp before the data', () => {
    const b = encode({ name: 'text' }, 'hi');
    expect(b[0]).toBe(16);
    expect(b.readUInt32LE(1 + 16 + 8)).toBe(2);
    expect(b.subarray(-2).toString('latin1')).toBe('hi');
    expect(encode({ name: 'image' }, null)).toEqual(hex('00'));
  });

  it('collation bytes: LCID, flags, version, SortId', () => {
    expect(collation('SQL_Latin1_General_CP1_CI_AS').bytes).toEqual(hex('0904d00034'));
    expect(collation('SQL_Latin1_General_CP1_CS_AS').bytes).toEqual(hex('0904c00033'));
    expect(collation('Latin1_General_100_CI_AS_SC_UTF8').bytes).toEqual(hex('0904d02400'));
    expect(collation('Latin1_General_BIN2').bytes).toEqual(hex('0904000200'));
    expect(() => collation('Klingon_CI_AS')).toThrow(/not supported/);
  });
});

describe('fixed and nullable forms', () => {
  it('NOT NULL columns use fixed types, nullable ones the N types', () => {
    expect(typeCodec({ name: 'int' }, false).typeInfo).toEqual(Buffer.from([0x38]));
    expect(typeCodec({ name: 'int' }, true).typeInfo).toEqual(Buffer.from([0x26, 4]));
    expect(typeCodec({ name: 'bigint' }, false).typeInfo).toEqual(Buffer.from([0x7f]));
    expect(typeCodec({ name: 'bit' }, true).typeInfo).toEqual(Buffer.from([0x68, 1]));
    expect(encode({ name: 'bigint' }, -(2n ** 63n), false)).toEqual(hex('0000000000000080'));
    expect(() => encode({ name: 'int' }, null, false)).toThrow(/NULL in a NOT NULL int column/);
  });

  it('rowversion is binary(8) with UserType 80', () => {
    const c = typeCodec({ name: 'rowversion' }, false);
    expect(c.userType).toBe(80);
    expect(c.typeInfo).toEqual(hex('ad0800'));
  });

  it('sql_variant: total length, base type, property bytes, value', () => {
    expect(encode({ name: 'sql_variant' }, { type: { name: 'int' }, value: 5 })).toEqual(
      hex('06000000 38 00 05000000'),
    );
    expect(
      encode({ name: 'sql_variant' }, { type: { name: 'decimal', precision: 5, scale: 2 }, value: '1.00' }),
    ).toEqual(hex('09000000 6a 02 0502 01 64000000'));
    expect(encode({ name: 'sql_variant' }, null)).toEqual(hex('00000000'));
  });

  it('unsupported types fail with a message naming them', () => {
    expect(() => typeCodec({ name: 'cursor' }, true)).toThrow(/'cursor' is not supported/);
  });
});

describe('reading values back (RPC parameters)', () => {
  const roundTrip = (type: SqlType, value: unknown) => {
    const c = typeCodec(type, true);
    const w = new ByteWriter(16);
    w.bytes(c.typeInfo);
    c.write(w, value);
    const r = new RequestReader(w.toBuffer());
    return readValue(r, readTypeInfo(r));
  };

  it.each([
    [{ name: 'decimal', precision: 38, scale: 6 }, '-12345678901234567890123456789012.123456'],
    [{ name: 'money' }, '-0.0001'],
    [{ name: 'datetimeoffset', scale: 7 }, '0001-01-01 14:00:00.0000000+14:00'],
    [{ name: 'datetimeoffset', scale: 3 }, '2024-06-30 23:59:59.999-08:00'],
    [{ name: 'time', scale: 7 }, '12:34:56.1234567'],
    [{ name: 'datetime' }, '2024-01-01 12:00:00.997'],
    [{ name: 'smalldatetime' }, '1900-01-01 00:00:00'],
    [{ name: 'uniqueidentifier' }, '6F9619FF-8B86-D011-B42D-00C04FC964FF'],
    [{ name: 'varchar', length: 5, collation: 'SQL_Latin1_General_CP1_CI_AS' }, '€uro'],
    [{ name: 'nvarchar', length: -1 }, '😀'.repeat(40000)],
    [
      { name: 'sql_variant' },
      { type: { name: 'nvarchar', length: 4, collation: 'SQL_Latin1_General_CP1_CI_AS' }, value: 'abc' },
    ],
  ] as Array<[SqlType, unknown]>)('%o keeps its value', (type, value) => {
    expect(roundTrip(type, value)).toEqual(value);
  });
});
