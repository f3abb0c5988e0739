// The reject policy on the fast path and on the value path, on the same bad source data: NUL and
// lone surrogates in text and 100 ns fractions, found on the bytes by the fast path and on the values
// by the value path. Both runs fill ferry.rejected_rows with the same rows, keys, columns, codes,
// reasons and values, and load the same rows.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan, run } from '@ferry/core';
import { defineGeneratedTable } from '@ferry/mssql-emulator';
import { openFaultMigration, startWorld, type FaultWorld } from '../src/fault-fixtures.js';

const bad = {
  nul: 7, // NUL in the nvarchar
  lone: 20, // a lone surrogate in the nvarchar
  nulVarchar: 33, // NUL in the varchar
  subMicro: 41, // a 7th fraction digit other than 0
} as const;
const kind = (id: number) => Object.entries(bad).find(([, at]) => id % 100 === at)?.[0];

const table = defineGeneratedTable({
  schema: 'gen',
  name: 'bad_values',
  rows: 1_000,
  columns: [
    { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
    {
      name: 'name',
      type: { name: 'nvarchar', length: 40 },
      nullable: true,
      generate: (i) =>
        kind(i + 1) === 'nul'
          ? `a\u0000b ${i + 1}`
          : kind(i + 1) === 'lone'
            ? `x\ud800 ${i + 1}`
            : `n ${i + 1}`,
    },
    {
      name: 'code',
      type: { name: 'varchar', length: 20 },
      nullable: true,
      generate: (i) => (kind(i + 1) === 'nulVarchar' ? `c\u0000${i + 1}` : `c${i + 1}`),
    },
    {
      name: 'at',
      type: { name: 'datetime2', scale: 7 },
      nullable: true,
      generate: (i) => `2024-05-06 07:08:09.${kind(i + 1) === 'subMicro' ? '1234567' : '1234560'}`,
    },
  ],
});

describe('reject: the fast path and the value path give the same rejected rows', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld([table]);
  });
  afterAll(() => world?.close());

  async function load(fastPath: boolean) {
    await world.client.query('DROP SCHEMA IF EXISTS gen CASCADE; DROP SCHEMA IF EXISTS ferry CASCADE');
    const { migration } = await openFaultMigration(world, {
      load: { fastPath, onError: 'reject' },
    });
    try {
      const { readPaths } = (await plan(migration)).plan;
      expect(readPaths['gen.bad_values'].kind).toBe(fastPath ? 'fast' : 'value');
      const result = await run(migration);
      expect(result.error).toBeUndefined();
    } finally {
      await migration.close();
    }
    const rejected = await world.client.query(
      `SELECT row_number, target_table, key_values, column_name, code, reason, row_values
         FROM ferry.rejected_rows ORDER BY row_number`,
    );
    const loaded = await world.client.query(
      `SELECT count(*)::int AS n, sum(id)::int AS ids, string_agg(name || code || at::text, ',' ORDER BY id) AS text FROM gen.bad_values`,
    );
    return { rejected: rejected.rows, loaded: loaded.rows[0] };
  }

  it('rejects 40 rows with key, column, code, reason and values, identical on both paths', async () => {
    const fast = await load(true);
    const value = await load(false);
    expect(fast.rejected).toHaveLength(40);
    expect(fast.rejected.map((r) => [JSON.parse(r.key_values).id % 100, r.column_name, r.code])).toEqual(
      Array.from({ length: 10 }, () => [
        [7, 'name', 'NUL_IN_TEXT'],
        [20, 'name', 'LONE_SURROGATE'],
        [33, 'code', 'NUL_IN_TEXT'],
        [41, 'at', 'SUB_MICROSECOND'],
      ]).flat(),
    );
    expect(fast.rejected).toEqual(value.rejected);
    expect(fast.loaded.n).toBe(960);
    expect(fast.loaded).toEqual(value.loaded);
  });
});
