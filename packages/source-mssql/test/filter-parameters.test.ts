// Source filters and key bounds reach SQL Server as query parameters: hostile text (quotes, a
// statement in a value, unicode beyond the BMP) selects exactly its rows and runs nothing.

import type { RowFilter, Table } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';

const hostile = "O'Brien'); DROP TABLE dbo.People; --";
const script = `
CREATE TABLE dbo.People (id int NOT NULL PRIMARY KEY, name nvarchar(60) NULL, code varchar(10) NULL, paid decimal(9,2) NULL, seen datetime2(3) NULL);
INSERT INTO dbo.People VALUES
  (1, N'${hostile.replace(/'/g, "''")}', 'a''b', 10.50, '2021-02-03T04:05:06.789'),
  (2, N'Ünï 😀', 'x', 20.00, '2021-02-04T00:00:00'),
  (3, NULL, NULL, NULL, NULL),
  (4, N'plain', 'a''b', 10.5, '2021-02-03T04:05:06.788');
`;

describe('source filters as query parameters', () => {
  let env: EmulatedSource;
  let table: Table;
  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [script] });
    table = (await env.source.introspect()).model.tables.find((t) => t.name === 'People')!;
  });
  afterAll(() => env?.close());

  const ids = async (filters: RowFilter[]) => {
    const out: unknown[] = [];
    for await (const batch of env.source.read(table, {
      columns: ['id'],
      filters,
      batchRows: 100,
      batchBytes: 1 << 20,
    }))
      out.push(...batch.rows.map((r) => r[0]));
    return out.sort();
  };
  const one = (
    column: string,
    op: RowFilter['anyOf'][number]['op'],
    values: RowFilter['anyOf'][number]['values'],
  ) => [{ anyOf: [{ column, op, values }] }];

  it('keeps values out of the query text', () => {
    const query = env.source.readQuery(table, { columns: ['id'], filters: one('name', 'eq', [hostile]) });
    expect(query.text).toBe('SELECT [id] FROM [dbo].[People] WHERE [name] = @p0');
    expect(query.parameters).toEqual([{ name: 'p0', value: hostile }]);
  });

  it('selects rows by hostile and unicode text, and runs nothing in them', async () => {
    expect(await ids(one('name', 'eq', [hostile]))).toEqual([1]);
    expect(await ids(one('name', 'eq', ['Ünï 😀']))).toEqual([2]);
    expect(await ids(one('code', 'eq', ["a'b"]))).toEqual([1, 4]);
    expect(await env.source.count(table)).toBe(4);
  });

  it('tests NULL, ORs the predicates of a filter and ANDs the filters', async () => {
    expect(await ids(one('name', 'is-null', []))).toEqual([3]);
    expect(await ids(one('name', 'is-not-null', []))).toEqual([1, 2, 4]);
    const filters: RowFilter[] = [
      {
        anyOf: [
          { column: 'paid', op: 'eq', values: ['10.50'] },
          { column: 'paid', op: 'ge', values: ['20'] },
        ],
      },
      {
        anyOf: [
          { column: 'seen', op: 'not-between', values: ['2021-02-03 04:05:06.789', '2021-02-03 23:59:59'] },
        ],
      },
    ];
    expect(await ids(filters)).toEqual([2, 4]);
    expect(await env.source.count(table, undefined, { filters })).toBe(2);
  });
});
