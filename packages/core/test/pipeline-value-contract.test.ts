import { describe, expect, it } from 'vitest';
import { canonicalValueProblem } from '../src/pipeline/value-contract.js';
import { userColumns } from '../src/pipeline/row-mapper.js';
import type { LogicalType } from '../src/model/logical-type.js';
import type { Value } from '../src/pipeline/batch.js';
import type { TableMapping } from '../src/rules/table-mapping.js';

const text = (length: number | 'max'): LogicalType => ({ kind: 'text', length, unicode: true, fixed: false });
const cases: [LogicalType, Exclude<Value, null>[], unknown[]][] = [
  [{ kind: 'bool' }, [true, false], ['yes', 1, 0]],
  [{ kind: 'int8' }, [0, 255], [-1, 256, 1.5, '3']],
  [{ kind: 'int16' }, [-32768, 32767], [32768, 'x']],
  [{ kind: 'int32' }, [-2147483648, 2147483647], ['not-an-int', 727379968000, 3.9, 2147483648, NaN, 1n]],
  [{ kind: 'int64' }, [2n ** 63n - 1n, -(2n ** 63n), 42], [2n ** 63n, 2 ** 60, 1.5, '5']],
  [
    { kind: 'decimal', precision: 6, scale: 2 },
    ['1234.56', '-0.5', '12.', '.25', '0001234.5600', 24, 1.5],
    ['12345.6', '1.234', 'abc', '', '1e3', 1.005, 1e21, true],
  ],
  [{ kind: 'float32' }, [0.1, -1e38, Infinity, NaN], [1e39, '1.5']],
  [{ kind: 'float64' }, [1e308, NaN], [1n, '2']],
  [text(3), ['abc', '😀😀😀', ''], ['abcd', 3, Buffer.from('a')]],
  [text('max'), ['x'.repeat(10_000)], [null as unknown as string, {}]],
  [{ kind: 'binary', length: 2, fixed: false }, [Buffer.from([1, 2])], [Buffer.from([1, 2, 3]), '0x0102']],
  [
    { kind: 'uuid' },
    ['6F9619FF-8B86-D011-B42D-00C04FC964FF', '6f9619ff-8b86-d011-b42d-00c04fc964ff'],
    ['6F9619FF8B86D011B42D00C04FC964FF', 'x'],
  ],
  [
    { kind: 'date' },
    ['2024-02-29', '0001-01-01', '9999-12-31'],
    ['2023-02-29', '2024-13-01', '2024-1-1', '0000-01-01'],
  ],
  [{ kind: 'time', precision: 3 }, ['23:59:59.999', '00:00:00'], ['24:00:00', '12:00:00.1234', '12:60:00']],
  [
    { kind: 'timestamp', precision: 7 },
    ['2024-01-31 10:00:00.1234567'],
    ['2024-01-31T10:00:00', '2024-04-31 10:00:00'],
  ],
  [
    { kind: 'timestamptz', precision: 0 },
    ['2024-01-31 10:00:00+14:00', '2024-01-31 10:00:00-05:30'],
    ['2024-01-31 10:00:00', '2024-01-31 10:00:00+15:00'],
  ],
  [{ kind: 'json' }, ['{"a":1}', '[]', '"s"'], ['{a:1}', { a: 1 }]],
  [{ kind: 'xml' }, ['<a/>'], [Buffer.from('<a/>')]],
  [{ kind: 'unknown', reason: 'hierarchyid' }, ['/1/', Buffer.from([1])], [1]],
];

describe('canonicalValueProblem: a value out of user code against its logical type', () => {
  it.each(cases)('%o', (type, good, bad) => {
    for (const v of good) expect(canonicalValueProblem(type, v), String(v)).toBeUndefined();
    for (const v of bad)
      expect(canonicalValueProblem(type, v as Exclude<Value, null>), String(v)).toMatch(/^expected .*, got /);
  });

  it('says what was expected and what came, cut after 60 characters', () => {
    expect(canonicalValueProblem({ kind: 'int32' }, 'not-an-int')).toBe(
      'expected an integer in -2147483648..2147483647 (int32), got string "not-an-int"',
    );
    expect(canonicalValueProblem({ kind: 'bool' }, 'yes')).toBe(
      'expected a boolean (true or false), got string "yes"',
    );
    expect(canonicalValueProblem({ kind: 'decimal', precision: 6, scale: 2 }, '1.234')).toBe(
      'expected decimal text fitting decimal(6,2) (more fraction digits than 2: it would be rounded), got string "1.234"',
    );
    expect(canonicalValueProblem({ kind: 'int8' }, 'y'.repeat(100))).toMatch(/got string "y{59}\.\.\.$/);
  });
});

describe('userColumns: the target columns whose values user code produces', () => {
  const base = {
    source: {},
    target: {},
    readColumns: ['a', 'b'],
    prep: 'drop-and-create',
    onError: 'fail',
    ranges: 1,
  };
  const columns = [
    { source: 'a', target: 'a' },
    { source: 'b', target: 'b' },
    { target: 'origin', constant: 'mssql' },
    { target: 'c', computed: { columns: ['a'], compute: (v: Value[]) => v[0] } },
  ];
  it('computed columns only, without a row transform; with one, every column read from the row too', () => {
    expect(userColumns({ ...base, columns } as unknown as TableMapping)).toEqual(['c']);
    expect(
      userColumns({ ...base, columns, transform: (r: unknown) => r } as unknown as TableMapping),
    ).toEqual(['a', 'b', 'c']);
  });
});
