import { describe, expect, it } from 'vitest';
import { convert } from '../src/engine/types/convert.js';
import { PATTERNS } from '../src/engine/types/hierarchyid-binary.js';
import { decimalResult } from '../src/engine/exec/arithmetic.js';
import { makeType, maxLengthOf, precisionOf, scaleOf } from '../src/engine/types/sql-type.js';

const varchar = { name: 'varchar', length: 100 };
const datetime = { name: 'datetime' };

describe('SQL Server type semantics', () => {
  it('rounds datetime to 1/300 s as Microsoft documents (.000, .003, .007)', () => {
    // The table of "Rounding of datetime fractional second precision" in the datetime docs.
    const cases: [string, string][] = [
      ['01/01/98 23:59:59.999', '1998-01-02 00:00:00.000'],
      ['01/01/98 23:59:59.995', '1998-01-01 23:59:59.997'],
      ['01/01/98 23:59:59.996', '1998-01-01 23:59:59.997'],
      ['01/01/98 23:59:59.997', '1998-01-01 23:59:59.997'],
      ['01/01/98 23:59:59.998', '1998-01-01 23:59:59.997'],
      ['01/01/98 23:59:59.992', '1998-01-01 23:59:59.993'],
      ['01/01/98 23:59:59.993', '1998-01-01 23:59:59.993'],
      ['01/01/98 23:59:59.994', '1998-01-01 23:59:59.993'],
      ['01/01/98 23:59:59.990', '1998-01-01 23:59:59.990'],
      ['01/01/98 23:59:59.991', '1998-01-01 23:59:59.990'],
    ];
    for (const [input, stored] of cases) expect(convert(input, varchar, datetime)).toBe(stored);
    expect(convert('1998-01-01 23:59:59.997', datetime, { name: 'datetime2', scale: 7 })).toBe(
      '1998-01-01 23:59:59.9966667',
    );
  });

  it('reads alphabetical dates as the docs list them: month name or abbreviation anywhere, commas optional', () => {
    const date = { name: 'date' };
    const cases: [string, string][] = [
      ['Apr 15 1996', '1996-04-15'],
      ['April 15, 1996', '1996-04-15'],
      ['15 Apr 1996', '1996-04-15'],
      ['15 April, 96', '1996-04-15'],
      ['1996 APRIL 15', '1996-04-15'],
      ['1996 15 apr', '1996-04-15'],
      ['April 1996', '1996-04-01'],
      // WideWorldImportersDW's date dimension builds its month starts this way.
      ['2013-January-01', '2013-01-01'],
    ];
    for (const [input, stored] of cases) expect(convert(input, varchar, date), input).toBe(stored);
    for (const bad of ['Janu 1 1996', 'Apr 32 1996', 'Apr May 1996', 'Smarch 1 1996'])
      expect(() => convert(bad, varchar, date), bad).toThrow(/Conversion failed/);
  });

  it('reads dates by DATEFORMAT and two-digit years with the 2049 cutoff', () => {
    expect(convert('7/4/1996', varchar, datetime, 0, { dateformat: 'mdy' })).toBe('1996-07-04 00:00:00.000');
    expect(convert('7/4/1996', varchar, datetime, 0, { dateformat: 'dmy' })).toBe('1996-04-07 00:00:00.000');
    expect(convert('06/12/49', varchar, { name: 'date' })).toBe('2049-06-12');
    expect(convert('06/12/50', varchar, { name: 'date' })).toBe('1950-06-12');
    expect(convert('19970101', varchar, { name: 'smalldatetime' })).toBe('1997-01-01 00:00:00');
    expect(convert('2001-02-03 04:05:29.998', varchar, { name: 'smalldatetime' })).toBe(
      '2001-02-03 04:05:00',
    );
    expect(convert('2001-02-03 04:05:29.999', varchar, { name: 'smalldatetime' })).toBe(
      '2001-02-03 04:06:00',
    );
    expect(() => convert('2/30/2001', varchar, datetime)).toThrow(/Conversion failed when converting date/);
    // Microsoft's example: a colon before the fraction counts milliseconds.
    expect(convert('1999-12-21 01:01:01.12', varchar, datetime)).toBe('1999-12-21 01:01:01.120');
    expect(convert('1999-12-21 01:01:01:12', varchar, datetime)).toBe('1999-12-21 01:01:01.013');
    expect(() => convert('1999-12-21 01:01:01:1234', varchar, { name: 'datetime2', scale: 6 })).toThrow(
      /Conversion failed/,
    );
  });

  it('converts numbers exactly, rounding half away from zero', () => {
    expect(convert('2.345', varchar, { name: 'decimal', precision: 5, scale: 2 })).toBe('2.35');
    expect(convert('-2.345', varchar, { name: 'decimal', precision: 5, scale: 2 })).toBe('-2.35');
    expect(convert('12.34565', varchar, { name: 'money' })).toBe('12.3457');
    expect(convert(2.7, { name: 'float' }, { name: 'int' })).toBe(2);
    expect(convert('1234.5', { name: 'money' }, varchar, 1)).toBe('1,234.50');
    expect(convert(1234567.0, { name: 'float' }, varchar)).toBe('1.23457e+006');
    expect(convert(0.1, { name: 'float' }, varchar, 2)).toBe('1.000000000000000e-001');
    expect(() => convert('123456', varchar, { name: 'decimal', precision: 5, scale: 2 })).toThrow(
      /Arithmetic overflow/,
    );
  });

  it('converts integers to binary keeping the low bytes: truncated and padded on the left, strings on the right', () => {
    const int = { name: 'int' };
    const hex = (v: unknown) => (v as Buffer).toString('hex');
    expect(hex(convert(261, int, { name: 'binary', length: 1 }))).toBe('05');
    expect(hex(convert(5, int, { name: 'binary', length: 6 }))).toBe('000000000005');
    expect(hex(convert(261, int, { name: 'varbinary', length: 2 }))).toBe('0105');
    expect(hex(convert('ab', varchar, { name: 'binary', length: 3 }))).toBe('616200');
    expect(hex(convert('abc', varchar, { name: 'binary', length: 2 }))).toBe('6162');
  });

  it('gives decimal operations the documented precision and scale', () => {
    expect(
      decimalResult(
        '*',
        { name: 'decimal', precision: 19, scale: 4 },
        { name: 'decimal', precision: 19, scale: 4 },
      ),
    ).toEqual({ name: 'numeric', precision: 38, scale: 7 });
    expect(
      decimalResult(
        '/',
        { name: 'decimal', precision: 2, scale: 1 },
        { name: 'decimal', precision: 1, scale: 0 },
      ),
    ).toEqual({ name: 'numeric', precision: 7, scale: 6 });
    expect(
      decimalResult(
        '+',
        { name: 'decimal', precision: 5, scale: 2 },
        { name: 'decimal', precision: 10, scale: 0 },
      ),
    ).toEqual({ name: 'numeric', precision: 13, scale: 2 });
  });

  it('reports sys.columns sizes: bytes for character types, storage for decimals and fractional seconds', () => {
    const meta = (name: string, args: (number | 'max')[] = []) => {
      const t = makeType(name, args);
      return [maxLengthOf(t), precisionOf(t), scaleOf(t)];
    };
    expect(meta('nvarchar', [40])).toEqual([80, 0, 0]);
    expect(meta('nvarchar', ['max'])).toEqual([-1, 0, 0]);
    expect(meta('char', [9])).toEqual([9, 0, 0]);
    expect(meta('decimal', [4, 2])).toEqual([5, 4, 2]);
    expect(meta('decimal', [19, 4])).toEqual([9, 19, 4]);
    expect(meta('decimal', [38, 10])).toEqual([17, 38, 10]);
    expect(meta('datetime2', [])).toEqual([8, 27, 7]);
    expect(meta('datetime2', [0])).toEqual([6, 19, 0]);
    expect(meta('time', [3])).toEqual([4, 12, 3]);
    expect(meta('datetimeoffset', [7])).toEqual([10, 34, 7]);
    expect(meta('money')).toEqual([8, 19, 4]);
    expect(meta('float', [24])).toEqual([4, 24, 0]);
  });
});

describe('hierarchyid label patterns', () => {
  it('spend exactly log2 of the range size on x bits, and the ranges follow one another', () => {
    for (const p of PATTERNS) {
      const size = p.max - p.min + 1n;
      const xBits = [...p.bits].filter((c) => c === 'x').length;
      expect({ bits: p.bits, size }).toEqual({ bits: p.bits, size: 1n << BigInt(xBits) });
    }
    const sorted = [...PATTERNS].sort((a, b) => (a.min < b.min ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].min).toBe(sorted[i - 1].max + 1n);
  });
});
