// Generated tables: declared in code, rows computed from their index, served by streaming.

import sql from 'mssql';
import { describe, expect, it } from 'vitest';
import { defineGeneratedTable, lobTable, mixedTable, startEmulator } from '../src/index.js';
import { FIXTURE_PASSWORD, fixtureEngine } from './protocol-fixture-engine.js';

describe('defineGeneratedTable', () => {
  const table = defineGeneratedTable({
    schema: 'gen',
    name: 'squares',
    rows: 5,
    columns: [
      { name: 'k', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
      {
        name: 'sq',
        type: { name: 'bigint' },
        nullable: true,
        generate: (i) => (i === 2 ? null : BigInt((i + 1) ** 2)),
      },
    ],
  });

  it('streams rows computed from the row index, columns picked by name', () => {
    expect([...table.scan()]).toEqual([
      [1, 1n],
      [2, 4n],
      [3, null],
      [4, 16n],
      [5, 25n],
    ]);
    expect([...table.scan(3, 5, ['SQ', 'k'])]).toEqual([
      [16n, 4],
      [25n, 5],
    ]);
    expect(table.resultColumns(['sq'])).toEqual([{ name: 'sq', type: { name: 'bigint' }, nullable: true }]);
  });

  it('maps key ranges (lo <= key < hi) to row ranges', () => {
    expect(table.key).toBe('k');
    expect(table.indexRange(2, 4)).toEqual([1, 3]);
    expect(table.indexRange(undefined, 100)).toEqual([0, 5]);
    expect(table.indexRange(10, 20)).toEqual([5, 5]);
  });

  it('rejects a key that is not i + 1 and unknown columns', () => {
    expect(() =>
      defineGeneratedTable({
        schema: 'gen',
        name: 'bad',
        rows: 1,
        columns: [{ name: 'k', type: { name: 'int' }, nullable: false, generate: (i) => i }],
      }),
    ).toThrow(/key 'k' must generate i \+ 1/);
    expect(() => [...table.scan(0, 1, ['nope'])]).toThrow(/gen\.squares has no column 'nope'/);
  });
});

describe('sample tables', () => {
  it('a 10-million-row mixed table is not materialised: its last rows are produced directly', () => {
    const t = mixedTable(10_000_000);
    const [from, to] = t.indexRange(9_999_998);
    const rows = [...t.scan(from, to)];
    expect(rows.map((r) => r[0])).toEqual([9_999_998n, 9_999_999n, 10_000_000n]);
    expect([...t.scan(from, to)]).toEqual(rows); // deterministic
  });

  it('streams through the TDS layer to mssql with every column type intact', async () => {
    const t = mixedTable(10_000_000);
    const lobs = lobTable(3, 100_000);
    const engine = fixtureEngine({
      batch: (q) => {
        const source = q === 'SELECT tail' ? t : q === 'SELECT lobs' ? lobs : undefined;
        if (!source) return undefined;
        const [from, to] = source === t ? t.indexRange(9_999_991) : [0, lobs.rows];
        return [
          {
            kind: 'rows',
            resultSet: {
              columns: source.resultColumns(),
              rows: source.scan(from, to),
              source: `gen.${source.name}`,
            },
          },
          { kind: 'done', rowCount: to - from },
        ];
      },
    });
    const em = await startEmulator({ engine, password: FIXTURE_PASSWORD });
    const pool = await new sql.ConnectionPool(em.config).connect();
    try {
      const tail = (await pool.request().query('SELECT tail')).recordset;
      expect(tail).toHaveLength(10);
      expect(tail[9].id).toBe('10000000');
      expect(tail[9].name).toBe('Customer 10000000 Ünïcødé');
      expect(tail.filter((r) => r.note === null)).toHaveLength(
        tail.filter((r) => Number(r.id - 1) % 7 === 0).length,
      );
      const lobRows = (await pool.request().query('SELECT lobs')).recordset;
      expect(lobRows.map((r) => r.blob.length)).toEqual([100_000, 100_000, 100_000]);
      expect(lobRows[2].doc.startsWith('3:Ferry LOB ✓')).toBe(true);
    } finally {
      await pool.close();
      await em.close();
    }
  });
});
