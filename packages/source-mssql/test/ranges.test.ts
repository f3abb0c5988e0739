// Range reads cover every row exactly once: a 1M-row generated table split on its integer key, and
// Northwind tables split on composite and character keys by sampled boundaries.

import type { Column, KeyRange, Table } from '@ferry/core';
import { mixedTable } from '@ferry/mssql-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusScript, startEmulatedSource, type EmulatedSource } from './emulator-source.js';

const id: Column = { name: 'id', type: { kind: 'int64' }, nativeType: 'bigint', nullable: false };
const code: Column = { name: 'code', type: { kind: 'int32' }, nativeType: 'int', nullable: false };
const generated = (name: string): Table => ({
  schema: 'gen',
  name,
  columns: [id, code],
  primaryKey: { name: `PK_${name}`, columns: ['id'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
});

/** Reads all ranges and checks that every id 1..rows came exactly once; returns the checksums. */
async function readRanges(env: EmulatedSource, table: Table, ranges: KeyRange[], rows: number) {
  const seen = new Uint8Array(rows + 1);
  let count = 0;
  let idSum = 0n;
  let codeSum = 0;
  for (const range of ranges) {
    for await (const batch of env.source.read(table, {
      columns: ['id', 'code'],
      range,
      batchRows: 10_000,
      batchBytes: 1 << 22,
    })) {
      for (const [k, c] of batch.rows) {
        const i = Number(k as bigint);
        if (seen[i]) throw new Error(`id ${i} read twice`);
        seen[i] = 1;
        idSum += k as bigint;
        codeSum = (codeSum + (c as number)) % 1_000_000_007;
        count++;
      }
    }
  }
  return { count, idSum, codeSum, missing: seen.indexOf(0, 1) };
}

/** Checksum of the generator's `code` column ((i * 2654435761) % 2147483647 for row i), mod 1e9+7. */
function expectedCodeSum(rows: number): number {
  let sum = 0;
  for (let i = 0; i < rows; i++) sum = (sum + ((i * 2654435761) % 2147483647)) % 1_000_000_007;
  return sum;
}

describe('integer key ranges of generated tables', () => {
  let env: EmulatedSource;
  beforeAll(async () => {
    env = await startEmulatedSource({
      tables: [mixedTable(1_000_000, 'million'), mixedTable(100_000, 'small')],
    });
  });
  afterAll(() => env?.close());

  it('5 ranges of a 1M-row table read every row exactly once (count and checksum)', async () => {
    const table = generated('million');
    const ranges = await env.source.ranges(table, 5);
    expect(ranges.map((r) => [r.lower?.[0], r.upper?.[0]])).toEqual([
      [undefined, 200_001n],
      [200_001n, 400_001n],
      [400_001n, 600_001n],
      [600_001n, 800_001n],
      [800_001n, undefined],
    ]);
    const sums = await readRanges(env, table, ranges, 1_000_000);
    expect(sums).toEqual({
      count: 1_000_000,
      idSum: 500_000_500_000n,
      codeSum: expectedCodeSum(1_000_000),
      missing: -1,
    });
  }, 600_000);

  it.each([1, 3, 8, 13])(
    '%i ranges of a 100k-row table read every row exactly once, and their counts add up',
    async (n) => {
      const table = generated('small');
      const ranges = await env.source.ranges(table, n);
      expect(ranges).toHaveLength(n);
      const sums = await readRanges(env, table, ranges, 100_000);
      expect(sums).toEqual({
        count: 100_000,
        idSum: 5_000_050_000n,
        codeSum: expectedCodeSum(100_000),
        missing: -1,
      });
      const counts = await Promise.all(ranges.map((r) => env.source.count(table, r)));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(100_000);
    },
    300_000,
  );
});

describe('sampled ranges on composite and character keys (Northwind)', () => {
  let env: EmulatedSource;
  let tables: Table[];
  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [corpusScript('northwind-azure.sql')] });
    tables = (await env.source.introspect()).model.tables;
  });
  afterAll(() => env?.close());

  const readAll = async (table: Table, ranges: KeyRange[], columns: string[]) => {
    const keys: string[] = [];
    for (const range of ranges)
      for await (const batch of env.source.read(table, {
        columns,
        range,
        batchRows: 100,
        batchBytes: 1 << 20,
      }))
        keys.push(...batch.rows.map((r) => r.join('|')));
    return keys;
  };

  it.each([2, 5, 16])('Order Details (OrderID, ProductID) in %i ranges: 2155 distinct rows', async (n) => {
    const table = tables.find((t) => t.name === 'Order Details')!;
    const ranges = await env.source.ranges(table, n);
    expect(ranges.length).toBeGreaterThan(1);
    expect(ranges[1]!.lower).toHaveLength(2);
    const keys = await readAll(table, ranges, ['OrderID', 'ProductID']);
    expect(keys).toHaveLength(2155);
    expect(new Set(keys).size).toBe(2155);
  });

  it('Customers (nchar key) in 4 ranges: 91 distinct rows, and the where option filters within ranges', async () => {
    const table = tables.find((t) => t.name === 'Customers')!;
    const ranges = await env.source.ranges(table, 4);
    expect(ranges).toHaveLength(4);
    const keys = await readAll(table, ranges, ['CustomerID']);
    expect(new Set(keys).size).toBe(91);
    const german = await Promise.all(
      ranges.map((r) => env.source.count(table, r, { where: "Country = N'Germany'" })),
    );
    expect(german.reduce((a, b) => a + b, 0)).toBe(11);
  });

  it('a table without a usable key reads as one open range', async () => {
    const table = tables.find((t) => t.name === 'Region')!;
    const heap: Table = { ...table, primaryKey: undefined };
    expect(await env.source.ranges(heap, 8)).toEqual([{ index: 0, key: [] }]);
  });
});

describe('sampled ranges on uniqueidentifier, temporal and decimal keys (exact literals)', () => {
  const guids = [
    '6F9619FF-8B86-D011-B42D-00C04FC964FF',
    '00000000-0000-0000-0000-000000000001',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '0E984725-C51C-4BF4-9960-E1C80E27ABA0',
    '7C9E6679-7425-40DE-944B-E07FC1F90AE7',
    'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
    '123E4567-E89B-12D3-A456-426614174000',
    'C56A4180-65AA-42EC-A945-5FD21DEC0538',
    '10000000-0000-0000-0000-000000000000',
    '00000000-0000-0000-0000-010000000000',
    '00000001-0000-0000-0000-000000000000',
    '550E8400-E29B-41D4-A716-446655440000',
  ];
  const script = [
    'CREATE TABLE dbo.ByGuid (id uniqueidentifier NOT NULL PRIMARY KEY, n int NOT NULL)',
    ...guids.map((g, i) => `INSERT INTO dbo.ByGuid VALUES ('${g}', ${i + 1})`),
    'CREATE TABLE dbo.ByTime (t datetime2(7) NOT NULL, k decimal(10,3) NOT NULL, n int NOT NULL, CONSTRAINT PK_ByTime PRIMARY KEY (t, k))',
    "INSERT INTO dbo.ByTime VALUES ('2024-01-01 00:00:00.0000001', 1.500, 1), ('2024-01-01 00:00:00.0000001', -2.250, 2), ('2024-01-01 00:00:00.0000002', 0.000, 3)",
    "INSERT INTO dbo.ByTime VALUES ('1999-12-31 23:59:59.9999999', 7.125, 4), ('2024-06-30 12:00:00', 1.500, 5), ('2024-06-30 12:00:00', 1.501, 6), ('0001-01-01 00:00:00', 0.001, 7)",
    "INSERT INTO dbo.ByTime VALUES ('9999-12-31 23:59:59.9999999', -0.001, 8), ('2024-01-01 00:00:00', 99.999, 9)",
    'CREATE TABLE dbo.ByOffset (t datetimeoffset(7) NOT NULL PRIMARY KEY, n int NOT NULL)',
    "INSERT INTO dbo.ByOffset VALUES ('2024-01-01 10:00:00.1234567 +02:00', 1), ('2024-01-01 08:00:00.1234568 +00:00', 2), ('2024-01-01 09:00:00 -05:00', 3), ('2023-12-31 23:00:00 -14:00', 4), ('2024-01-01 00:00:00 +14:00', 5)",
  ].join('\nGO\n');

  let env: EmulatedSource;
  let tables: Table[];
  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [script] });
    tables = (await env.source.introspect()).model.tables;
  });
  afterAll(() => env?.close());

  it.each([
    ['ByGuid', 12],
    ['ByTime', 9],
    ['ByOffset', 5],
  ])('%s in 4 ranges: every row exactly once', async (name, rows) => {
    const table = tables.find((t) => t.name === name)!;
    const ranges = await env.source.ranges(table, 4);
    expect(ranges.length).toBeGreaterThan(1);
    const seen: number[] = [];
    for (const range of ranges)
      for await (const batch of env.source.read(table, {
        columns: ['n'],
        range,
        batchRows: 100,
        batchBytes: 1 << 20,
      }))
        seen.push(...batch.rows.map((r) => r[0] as number));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
  });
});
