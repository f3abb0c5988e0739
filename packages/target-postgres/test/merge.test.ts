// MERGE -> PostgreSQL's MERGE, converted and run on embedded PostgreSQL (17): the WHEN clauses, the
// source as a table, a derived table or VALUES, @@ROWCOUNT, OUTPUT $action / inserted / deleted as
// RETURNING; what an older target lacks is an action item.

import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseBatch } from '@ferry/tsql';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const text = (length: number) => ({ kind: 'text', length, unicode: false, fixed: false }) as const;
const m = model([
  table(
    'dbo',
    'product',
    [
      col('product_id', { kind: 'int32' }, { nullable: false }),
      col('code', text(10)),
      col('price', { kind: 'decimal', precision: 10, scale: 2 }),
    ],
    { primaryKey: { name: 'pk_product', columns: ['product_id'] } },
  ),
  table('dbo', 'staging', [
    col('code', text(10)),
    col('price', { kind: 'decimal', precision: 10, scale: 2 }),
  ]),
  table('dbo', 'changes', [
    col('action', text(10)),
    col('code', text(10)),
    col('old_price', { kind: 'decimal', precision: 10, scale: 2 }),
    col('new_price', { kind: 'decimal', precision: 10, scale: 2 }),
  ]),
]);

function convert(tsql: string, serverVersion?: number) {
  const names = namesFromModel(m, serverVersion ? { serverVersion } : {});
  const r = convertModule({ statement: parseBatch(tsql)[0]!, text: tsql }, names);
  return { sql: r.statements.join('\n'), codes: r.actionItems.map((a) => a.code) };
}

let t: TestTarget;
beforeAll(async () => {
  t = await newTarget();
  await t.migrate(m);
}, 30_000);
afterAll(async () => {
  await t?.close();
});

beforeEach(async () => {
  await t.query('TRUNCATE dbo.product, dbo.staging, dbo.changes');
  await t.query("INSERT INTO dbo.product VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)");
  await t.query("INSERT INTO dbo.staging VALUES ('a', 11), ('b', 20), ('z', 5)");
});

async function run(tsql: string, call: string, serverVersion?: number): Promise<string[]> {
  const r = convert(tsql, serverVersion);
  await t.query(r.sql);
  await t.query(call);
  return r.codes;
}
/** Calls a converted procedure returning refcursors and fetches its first result set (rows as arrays). */
async function firstResult(call: string): Promise<pg.QueryResult<unknown[]>> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const cursors = await client.query(`SELECT * FROM ${call} AS c(name)`);
    return await client.query({ text: `FETCH ALL FROM "${cursors.rows[0].name}"`, rowMode: 'array' });
  } finally {
    await client.end();
  }
}
const products = () => t.query('SELECT product_id, code, price FROM dbo.product ORDER BY product_id');

describe('MERGE', () => {
  it('WHEN MATCHED AND ... UPDATE, NOT MATCHED BY TARGET INSERT, NOT MATCHED BY SOURCE DELETE; @@ROWCOUNT', async () => {
    const codes = await run(
      `CREATE PROCEDURE dbo.Sync @n int OUTPUT AS
        MERGE dbo.Product WITH (HOLDLOCK) AS t
        USING dbo.Staging AS s ON t.Code = s.Code
        WHEN MATCHED AND t.Price <> s.Price THEN UPDATE SET Price = s.Price
        WHEN NOT MATCHED BY TARGET THEN INSERT (ProductID, Code, Price) VALUES (99, s.Code, s.Price)
        WHEN NOT MATCHED BY SOURCE THEN DELETE;
        SET @n = @@ROWCOUNT`,
      'CALL dbo.sync(NULL)',
    );
    expect(codes).toEqual(['TSQL_TABLE_HINT']);
    expect(await products()).toEqual([
      { product_id: 1, code: 'a', price: '11.00' },
      { product_id: 2, code: 'b', price: '20.00' },
      { product_id: 99, code: 'z', price: '5.00' },
    ]);
    expect(await t.query('CALL dbo.sync(NULL)')).toEqual([{ p_n: 0 }]);
  });

  it('a VALUES source and a derived table, WHEN MATCHED THEN DELETE, INSERT without a column list', async () => {
    const sql = convert(`CREATE PROCEDURE dbo.Apply AS
      MERGE INTO dbo.Product t
      USING (VALUES (1, 'a', 0), (4, 'd', 40)) AS s (ProductID, Code, Price) ON t.ProductID = s.ProductID
      WHEN MATCHED AND s.Price = 0 THEN DELETE
      WHEN NOT MATCHED THEN INSERT VALUES (s.ProductID, s.Code, s.Price);
      MERGE dbo.Product AS t USING (SELECT Code, MAX(Price) AS Price FROM dbo.Staging GROUP BY Code) s
      ON t.Code = s.Code WHEN MATCHED THEN UPDATE SET t.Price = t.Price + s.Price;`);
    expect(sql.codes).toEqual([]);
    expect(sql.sql).toContain(
      "MERGE INTO dbo.product AS t USING (VALUES (1, 'a', 0), (4, 'd', 40)) AS s (product_id, code, price) ON t.product_id = s.product_id WHEN MATCHED AND s.price = 0 THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.product_id, s.code, s.price);",
    );
    await t.query(sql.sql);
    await t.query('CALL dbo.apply()');
    expect(await products()).toEqual([
      { product_id: 2, code: 'b', price: '40.00' },
      { product_id: 3, code: 'c', price: '30.00' },
      { product_id: 4, code: 'd', price: '40.00' },
    ]);
  });

  for (const version of [17, 16, 14])
    it(`OUTPUT $action, inserted.x, deleted.x INTO a table: deleted.x of an UPDATE read by the primary key (PostgreSQL ${version})`, async () => {
      const codes = await run(
        `CREATE PROCEDURE dbo.Audit @n int OUTPUT AS
        MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
        WHEN MATCHED AND t.Price <> s.Price THEN UPDATE SET Price = s.Price
        WHEN NOT MATCHED THEN INSERT (ProductID, Code, Price) VALUES (99, s.Code, s.Price)
        WHEN NOT MATCHED BY SOURCE THEN DELETE
        OUTPUT $action, COALESCE(inserted.Code, deleted.Code), deleted.Price, inserted.Price INTO dbo.Changes;
        SET @n = @@ROWCOUNT`,
        'SELECT 1',
        version,
      );
      expect(codes).toEqual([]);
      expect(await t.query('CALL dbo.audit(NULL)')).toEqual([{ p_n: 3 }]);
      expect(await t.query('SELECT * FROM dbo.changes ORDER BY code')).toEqual([
        { action: 'UPDATE', code: 'a', old_price: '10.00', new_price: '11.00' },
        { action: 'DELETE', code: 'c', old_price: '30.00', new_price: null },
        { action: 'INSERT', code: 'z', old_price: null, new_price: '5.00' },
      ]);
    });

  it('OUTPUT inserted.* as a result set of a procedure, its columns named as SQL Server names them', async () => {
    const r = convert(`CREATE PROCEDURE dbo.Upsert AS
      MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
      WHEN MATCHED THEN UPDATE SET Price = s.Price + 1
      OUTPUT $action, inserted.*, s.Code AS SourceCode;`);
    expect(r.codes).toEqual([]);
    await t.query(r.sql);
    const rows = await firstResult('dbo.upsert()');
    expect(rows.fields.map((f) => f.name)).toEqual(['$action', 'product_id', 'code', 'price', 'source_code']);
    expect(rows.rows.sort((a, b) => (a[1] as number) - (b[1] as number))).toEqual([
      ['UPDATE', 1, 'a', '12.00', 'a'],
      ['UPDATE', 2, 'b', '21.00', 'b'],
    ]);
  });

  it('OUTPUT $action, inserted.*, deleted.* as a result set: columns of one name kept apart', async () => {
    const r = convert(`CREATE PROCEDURE dbo.Both AS
      MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
      WHEN MATCHED AND t.Price <> s.Price THEN UPDATE SET Price = s.Price
      OUTPUT $action, inserted.*, deleted.*;`);
    expect(r.codes).toEqual([]);
    await t.query(r.sql);
    const rows = await firstResult('dbo.both()');
    const names = ['product_id', 'code', 'price'];
    expect(rows.fields.map((f) => f.name)).toEqual(['$action', ...names, ...names]);
    expect(rows.rows).toEqual([['UPDATE', 1, 'a', '11.00', 1, 'a', '10.00']]);
  });

  it('deleted.x of a MERGE that only deletes needs no primary key', async () => {
    const codes = await run(
      `CREATE PROCEDURE dbo.Prune AS MERGE dbo.Staging AS t USING dbo.Product AS s ON t.Code = s.Code
       WHEN NOT MATCHED BY SOURCE THEN DELETE OUTPUT deleted.Code, deleted.Price INTO dbo.Changes (code, old_price);`,
      'CALL dbo.prune()',
    );
    expect(codes).toEqual([]);
    expect(await t.query('SELECT code, old_price FROM dbo.changes')).toEqual([
      { code: 'z', old_price: '5.00' },
    ]);
  });

  it('UPDATE ... OUTPUT deleted.x, inserted.x: the row before the change read by the primary key, as for MERGE', async () => {
    const codes = await run(
      `CREATE PROCEDURE dbo.Raise AS
        UPDATE p SET Price = p.Price + s.Price OUTPUT 'UPDATE', deleted.Code, deleted.Price, inserted.Price INTO dbo.Changes
        FROM dbo.Product AS p JOIN dbo.Staging AS s ON s.Code = p.Code;`,
      'CALL dbo.raise()',
    );
    expect(codes).toEqual([]);
    expect(await t.query('SELECT * FROM dbo.changes ORDER BY code')).toEqual([
      { action: 'UPDATE', code: 'a', old_price: '10.00', new_price: '21.00' },
      { action: 'UPDATE', code: 'b', old_price: '20.00', new_price: '40.00' },
    ]);
    const keyless = convert(
      `CREATE PROCEDURE dbo.P AS UPDATE dbo.Staging SET Price = 0 OUTPUT deleted.Price INTO dbo.Changes (old_price);`,
    );
    expect(keyless.codes).toEqual(['TSQL_OUTPUT_CLAUSE']);
  });

  it('PostgreSQL 18: RETURNING old.x / new.x', () => {
    const r = convert(
      `CREATE PROCEDURE dbo.P AS MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
       WHEN MATCHED THEN UPDATE SET Price = s.Price OUTPUT deleted.Price, inserted.Price INTO dbo.Changes (old_price, new_price);`,
      18,
    );
    expect(r.codes).toEqual([]);
    expect(r.sql).toContain('RETURNING old.price AS price, new.price AS price)');
  });

  it('older targets: MERGE ... WHEN MATCHED THEN UPDATE SET @v = ... before 15 is an action item; OUTPUT before 17', () => {
    const assigns = `CREATE PROCEDURE dbo.P AS DECLARE @p decimal(10,2); MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
      WHEN MATCHED THEN UPDATE SET @p = t.Price = s.Price WHEN NOT MATCHED BY SOURCE THEN DELETE;`;
    expect(convert(assigns, 16).codes).toEqual(['TSQL_MERGE']);
    expect(convert(assigns, 14).codes).toEqual(['TSQL_MERGE']);
    const plain = `CREATE PROCEDURE dbo.P AS MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
      WHEN MATCHED THEN DELETE OUTPUT deleted.Code INTO dbo.Changes (code);`;
    expect(convert(plain, 14).codes).toEqual([]);
    const source = `CREATE PROCEDURE dbo.P AS MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
      WHEN MATCHED THEN DELETE OUTPUT s.Price INTO dbo.Changes (old_price);`;
    expect(convert(source, 14).codes).toEqual(['TSQL_OUTPUT_CLAUSE']);
    // 15 and 16: PostgreSQL's MERGE has no RETURNING, the statements return OUTPUT INTO's rows
    const sixteen = convert(plain, 16);
    expect(sixteen.codes).toEqual([]);
    expect(sixteen.sql).toContain(
      'WITH merged_1 AS (DELETE FROM dbo.product AS t USING dbo.staging AS s WHERE t.code = s.code RETURNING t.code AS code) INSERT INTO dbo.changes (code) SELECT * FROM merged_1;',
    );
    const result = `CREATE PROCEDURE dbo.P AS MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
      WHEN MATCHED THEN DELETE OUTPUT deleted.Code;`;
    expect(convert(result, 16).codes).toEqual(['TSQL_OUTPUT_CLAUSE']);
    expect(convert(result, 16).sql).toContain('MERGE INTO dbo.product AS t');
    // a target outside the model: the NULL of the pseudo-row a clause does not write has no known type
    const outside = convert(
      `CREATE PROCEDURE dbo.P AS MERGE dbo.Elsewhere AS t USING dbo.Staging AS s ON t.Code = s.Code
      WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT (Code) VALUES (s.Code)
      OUTPUT $action, inserted.Code, deleted.Code INTO dbo.Changes (action, code, old_code);`,
      16,
    );
    expect(outside.codes).toContain('TSQL_OUTPUT_CLAUSE');
    expect(outside.sql).toContain("the target's columns are not known");
  });

  it('deleted.x of a table without a primary key on 17 is an action item; the MERGE still runs', () => {
    const r =
      convert(`CREATE PROCEDURE dbo.P AS MERGE dbo.Staging AS t USING dbo.Product AS s ON t.Code = s.Code
      WHEN MATCHED THEN UPDATE SET Price = s.Price OUTPUT deleted.Price INTO dbo.Changes (old_price);`);
    expect(r.codes).toEqual(['TSQL_OUTPUT_CLAUSE']);
    expect(r.sql).toContain('a table without a primary key');
  });
});

// Before PostgreSQL 15 (no MERGE), and before 17 with WHEN NOT MATCHED BY SOURCE: data-modifying CTEs,
// converted for that version and run here, with the results PostgreSQL 17's MERGE gives.
describe('MERGE as statements for an older target', () => {
  const sync = `CREATE PROCEDURE dbo.Sync @n int OUTPUT AS
    MERGE dbo.Product AS t
    USING dbo.Staging AS s ON t.Code = s.Code
    WHEN MATCHED AND t.Price <> s.Price THEN UPDATE SET Price = s.Price
    WHEN MATCHED AND s.Code = 'b' THEN DELETE
    WHEN NOT MATCHED BY TARGET AND s.Price > 1 THEN INSERT (ProductID, Code, Price) VALUES (99, s.Code, s.Price)
    WHEN NOT MATCHED BY SOURCE AND t.Price > 25 THEN UPDATE SET Price = t.Price + 1
    WHEN NOT MATCHED BY SOURCE THEN DELETE;
    SET @n = @@ROWCOUNT`;
  for (const version of [14, 16]) {
    it(`PostgreSQL ${version}: the clauses in order, each row written once, @@ROWCOUNT all rows changed`, async () => {
      const r = convert(sync, version);
      expect(r.codes).toEqual([]);
      expect(r.sql).not.toContain('MERGE INTO');
      expect(r.sql).toContain(
        'WITH merged_1 AS (UPDATE dbo.product AS t SET price = s.price FROM dbo.staging AS s',
      );
      await t.query(r.sql);
      expect(await t.query('CALL dbo.sync(NULL)')).toEqual([{ p_n: 4 }]);
      expect(await products()).toEqual([
        { product_id: 1, code: 'a', price: '11.00' },
        { product_id: 3, code: 'c', price: '31.00' },
        { product_id: 99, code: 'z', price: '5.00' },
      ]);
    });
  }
  it('PostgreSQL 17 runs the same MERGE to the same rows', async () => {
    expect(await run(sync, 'CALL dbo.sync(NULL)')).toEqual([]);
    expect(await products()).toEqual([
      { product_id: 1, code: 'a', price: '11.00' },
      { product_id: 3, code: 'c', price: '31.00' },
      { product_id: 99, code: 'z', price: '5.00' },
    ]);
  });
  it('PostgreSQL 14: a VALUES source, WITH CTEs before the MERGE, INSERT without a column list', async () => {
    const apply = `CREATE PROCEDURE dbo.Apply AS
      WITH v AS (SELECT * FROM (VALUES (1, 'a', 0), (4, 'd', 40)) AS x (ProductID, Code, Price))
      MERGE INTO dbo.Product t
      USING v AS s ON t.ProductID = s.ProductID
      WHEN MATCHED AND s.Price = 0 THEN DELETE
      WHEN NOT MATCHED THEN INSERT VALUES (s.ProductID, s.Code, s.Price);`;
    // @@ROWCOUNT is not read: the last clause is the statement, no count is kept
    const { sql } = convert(apply, 14);
    expect(sql).toMatch(/WITH v AS \(.*\), merged_1 AS \(DELETE .* RETURNING 1\) INSERT INTO dbo\.product /s);
    expect(sql).not.toMatch(/merged_2|merged_rows|count\(\*\) FROM merged/);
    await run(apply, 'CALL dbo.apply()', 14);
    expect(await products()).toEqual([
      { product_id: 2, code: 'b', price: '20.00' },
      { product_id: 3, code: 'c', price: '30.00' },
      { product_id: 4, code: 'd', price: '40.00' },
    ]);
  });
  it('PostgreSQL 14: a table variable written without an alias, its rows read after', async () => {
    const r = convert(
      `CREATE PROCEDURE dbo.Tally AS
      DECLARE @a TABLE (k varchar(10), n int);
      INSERT INTO @a VALUES ('a', 1), ('q', 1);
      MERGE @a USING dbo.Staging AS s ON k = s.Code
      WHEN MATCHED THEN UPDATE SET n += 1
      WHEN NOT MATCHED THEN INSERT (k, n) VALUES (s.Code, 0);
      SELECT k, n, @@ROWCOUNT AS changed FROM @a ORDER BY k;`,
      14,
    );
    expect(r.codes).toEqual([]);
    await t.query(r.sql);
    expect((await firstResult('dbo.tally()')).rows).toEqual([
      ['a', 2, '3'],
      ['b', 0, '3'],
      ['q', 1, '3'],
      ['z', 0, '3'],
    ]);
  });
  it('PostgreSQL 14: a target row two source rows match is refused as SQL Server refuses it; nothing changes', async () => {
    await t.query("INSERT INTO dbo.staging VALUES ('a', 12)");
    await run(
      `CREATE PROCEDURE dbo.Twice AS MERGE dbo.Product AS t USING dbo.Staging AS s ON t.Code = s.Code
      WHEN MATCHED THEN UPDATE SET Price = s.Price WHEN NOT MATCHED THEN INSERT VALUES (7, s.Code, s.Price);`,
      'SELECT 1',
      14,
    );
    await expect(t.query('CALL dbo.twice()')).rejects.toThrow(/same row more than once/);
    expect((await products()).map((p) => p.price)).toEqual(['10.00', '20.00', '30.00']);
  });
});
