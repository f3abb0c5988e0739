import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { normalizeValue } from '../src/validate/normalize-value.js';
import { lobDigest } from '../src/validate/lob-digest.js';
import type { LogicalType } from '../src/model/logical-type.js';

const decimal: LogicalType = { kind: 'decimal', precision: 19, scale: 4 };
const ts: LogicalType = { kind: 'timestamp', precision: 7 };
const tstz: LogicalType = { kind: 'timestamptz', precision: 7 };
const time: LogicalType = { kind: 'time', precision: 7 };

describe('normalizeValue', () => {
  it('keeps NULL distinct from every value, including the empty string', () => {
    expect(normalizeValue({ kind: 'text', length: 10, unicode: true, fixed: false }, null)).toBeNull();
    expect(normalizeValue({ kind: 'text', length: 10, unicode: true, fixed: false }, '')).toBe('');
  });

  it('normalises decimals numerically', () => {
    expect(normalizeValue(decimal, '12.3400')).toBe('12.34');
    expect(normalizeValue(decimal, '12.0000')).toBe('12');
    expect(normalizeValue(decimal, '-0.0000')).toBe('0');
    expect(normalizeValue(decimal, '-0')).toBe('0');
    expect(normalizeValue(decimal, '007.50')).toBe('7.5');
    expect(normalizeValue(decimal, '-.5')).toBe('-0.5');
    expect(normalizeValue(decimal, '+3')).toBe('3');
    expect(normalizeValue(decimal, '123456789012345678901234567890.123456789')).toBe(
      '123456789012345678901234567890.123456789',
    );
  });

  it('trims white space around decimals and keeps text that is not a plain decimal as it is', () => {
    expect(normalizeValue(decimal, ' \t12.50 ')).toBe('12.5');
    expect(normalizeValue(decimal, '1e5')).toBe('1e5');
    expect(normalizeValue(decimal, '1.2.3')).toBe('1.2.3');
    expect(normalizeValue(decimal, '--1')).toBe('--1');
    expect(normalizeValue(decimal, '0.')).toBe('0');
  });

  it('strips fraction zeros before an offset, and only in a time of day', () => {
    expect(normalizeValue(ts, '2024-02-29T10:20:30.5000')).toBe('2024-02-29 10:20:30.5');
    expect(normalizeValue(ts, '2024-02-29 10:20:30.5000+05:00')).toBe('2024-02-29 10:20:30.5+05:00');
    expect(normalizeValue(ts, '2024-02-29 10:20:30.000Z')).toBe('2024-02-29 10:20:30Z');
    expect(normalizeValue(ts, '2024-02-29 10:20:30.500 x')).toBe('2024-02-29 10:20:30.500 x');
    expect(normalizeValue(time, '10.500')).toBe('10.500');
  });

  it('strips trailing zeros of time and timestamp fractions only', () => {
    expect(normalizeValue(ts, '2024-02-29 10:20:30.1230000')).toBe('2024-02-29 10:20:30.123');
    expect(normalizeValue(ts, '2024-02-29 10:20:30.0000000')).toBe('2024-02-29 10:20:30');
    expect(normalizeValue(ts, '2024-02-29 10:20:30')).toBe('2024-02-29 10:20:30');
    expect(normalizeValue(ts, '2024-02-29 10:20:30.1234567')).toBe('2024-02-29 10:20:30.1234567');
    expect(normalizeValue(time, '23:59:59.9999990')).toBe('23:59:59.999999');
    expect(normalizeValue(time, '10:00:00.000')).toBe('10:00:00');
  });

  it('compares timestamps with offset as instants, keeping the full fraction', () => {
    expect(normalizeValue(tstz, '2024-02-29 23:30:00.1234500+05:30')).toBe('2024-02-29 18:00:00.12345Z');
    expect(normalizeValue(tstz, '2024-02-29 18:00:00.12345+00:00')).toBe('2024-02-29 18:00:00.12345Z');
    expect(normalizeValue(tstz, '2024-03-01 01:00:00-08:00')).toBe('2024-03-01 09:00:00Z');
    expect(normalizeValue(tstz, '0001-01-01 00:30:00+01:00')).toBe('0000-12-31 23:30:00Z');
  });

  it('renders uuids in lower case, binary as hex, booleans as t/f, int64 exactly', () => {
    expect(normalizeValue({ kind: 'uuid' }, '6F9619FF-8B86-D011-B42D-00C04FC964FF')).toBe(
      '6f9619ff-8b86-d011-b42d-00c04fc964ff',
    );
    expect(normalizeValue({ kind: 'binary', length: 4, fixed: false }, Buffer.from([0, 0xab, 0xff]))).toBe(
      '00abff',
    );
    expect(normalizeValue({ kind: 'rowversion' }, Buffer.from([1, 2]))).toBe('0102');
    expect(normalizeValue({ kind: 'bool' }, true)).toBe('t');
    expect(normalizeValue({ kind: 'bool' }, false)).toBe('f');
    expect(normalizeValue({ kind: 'int64' }, 9223372036854775807n)).toBe('9223372036854775807');
    expect(normalizeValue({ kind: 'int64' }, -9223372036854775808n)).toBe('-9223372036854775808');
    expect(normalizeValue({ kind: 'int32' }, -5)).toBe('-5');
  });

  it('renders floats by their shortest round-trip text; float32 after rounding to single precision', () => {
    expect(normalizeValue({ kind: 'float64' }, 0.1)).toBe('0.1');
    expect(normalizeValue({ kind: 'float64' }, 1e300)).toBe('1e+300');
    expect(normalizeValue({ kind: 'float64' }, -0)).toBe('0');
    // a real read as a double on one side and as the float32 value on the other agree
    expect(normalizeValue({ kind: 'float32' }, 0.1)).toBe(
      normalizeValue({ kind: 'float32' }, 0.10000000149011612),
    );
    expect(normalizeValue({ kind: 'float32' }, 0.1)).toBe('0.10000000149011612');
    expect(normalizeValue({ kind: 'float64' }, Number.NaN)).toBe('NaN');
  });

  it('keeps text, xml and json as they are', () => {
    expect(normalizeValue({ kind: 'text', length: 40, unicode: true, fixed: false }, ' Zoë  ')).toBe(
      ' Zoë  ',
    );
    expect(normalizeValue({ kind: 'xml' }, '<a b="1"/>')).toBe('<a b="1"/>');
  });
});

describe('normalizeValue of fixed-length text', () => {
  const nchar3: LogicalType = { kind: 'text', length: 3, unicode: true, fixed: true };

  it('drops the padding, which SQL Server counts in UTF-16 code units and PostgreSQL in characters', () => {
    // nchar(3) holding U+1F600: one space of padding in SQL Server, two in PostgreSQL's char(3).
    expect(normalizeValue(nchar3, '\u{1F600} ')).toBe('\u{1F600}');
    expect(normalizeValue(nchar3, '\u{1F600}  ')).toBe('\u{1F600}');
    expect(normalizeValue(nchar3, '   ')).toBe('');
  });

  it('keeps leading spaces, other trailing white space and the padding of variable-length text', () => {
    expect(normalizeValue(nchar3, ' a ')).toBe(' a');
    expect(normalizeValue(nchar3, 'a\t ')).toBe('a\t');
    expect(normalizeValue({ ...nchar3, fixed: false }, 'a  ')).toBe('a  ');
  });
});

describe('normalizeValue of LOBs (unbounded text and binary)', () => {
  const ntext: LogicalType = { kind: 'text', length: 'max', unicode: true, fixed: false };
  const blob: LogicalType = { kind: 'binary', length: 'max', fixed: false };
  const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

  it('is the SHA-256 of the UTF-8 bytes of a text, of the bytes of binary data', () => {
    // Hashed in pieces of 2^20 code units: the first piece would end between the halves of a pair.
    const text = `x${'\u{1F600}'.repeat(600_000)} Zoë ✓`;
    expect(normalizeValue(ntext, text)).toBe(sha256(Buffer.from(text, 'utf8')));
    const bytes = Buffer.from([0, 1, 0xab, 0xff]);
    expect(normalizeValue(blob, bytes)).toBe(sha256(bytes));
    expect(normalizeValue(blob, '\\x0001abff')).toBe(sha256(bytes));
    expect(normalizeValue(blob, '0x0001ABFF')).toBe(sha256(bytes));
    expect(lobDigest(ntext, '')).toBe(sha256(Buffer.alloc(0)));
  });

  it('tells a text with a lone surrogate from the same text with U+FFFD', () => {
    const lone = normalizeValue(ntext, 'a\ud800b');
    expect(lone).not.toBe(normalizeValue(ntext, 'a\ufffdb'));
    expect(lone).not.toBe(normalizeValue(ntext, 'a\udc00b'));
    expect(lone).toMatch(/^utf16:[0-9a-f]{64}$/);
  });
});

describe('normalizeValue of json', () => {
  const json: LogicalType = { kind: 'json' };
  it('gives a json text and its jsonb rendering the same canonical text', () => {
    const original = '{ "b" : [1, 2.50, 1e2, -2E-3], "a": "caf\\u00e9 \\/", "a": "last wins", "n": null }';
    const jsonb = '{"a": "last wins", "b": [1, 2.50, 100, -0.002], "n": null}';
    expect(normalizeValue(json, original)).toBe('{"a":"last wins","b":[1,2.5,100,-0.002],"n":null}');
    expect(normalizeValue(json, jsonb)).toBe(normalizeValue(json, original));
  });
  it('re-escapes strings one way', () => {
    expect(normalizeValue(json, '{"s": "caf\\u00e9 \\/ \\"q\\""}')).toBe('{"s":"café / \\"q\\""}');
  });
  it('keeps big numbers exact and tells different ones apart', () => {
    expect(normalizeValue(json, '[12345678901234567890]')).toBe('[12345678901234567890]');
    expect(normalizeValue(json, '[12345678901234567891]')).not.toBe(
      normalizeValue(json, '[12345678901234567890]'),
    );
  });
  it('leaves text that is not valid JSON as it is', () => {
    expect(normalizeValue(json, '{"a": }')).toBe('{"a": }');
  });
});
