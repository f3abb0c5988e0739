import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RowObject } from '@ferry/core';
import { defineGeneratedTable, type GeneratedTable } from '@ferry/mssql-emulator';
import { openFaultMigration, startWorld, type FaultWorld } from '../src/fault-fixtures.js';

// Values nothing may change silently (issue 17, items 1, 6 and 7): a row transform returning the
// wrong type, lone UTF-16 surrogates in nvarchar, an xml declaring UTF-16, a bigint too big for its
// `integer` type override, and an xml PostgreSQL refuses inside COPY. Each bad value sits in 4 rows
// of 1,000 (row id % 250 picks the kind).

const rows = 1_000;
const kinds = {
  surrogate: 8, // source nvarchar with a lone surrogate
  notAnInt: 20, // transform: 'not-an-int' into int
  wraps: 40, // transform: row.a * 1e12 into int (wrapped to a negative number before)
  fraction: 60, // transform: 3.9 into int (was loaded as 3... or 4)
  yes: 80, // transform: 'yes' into bit (was loaded as false)
  bigint: 101, // source bigint 5,000,000,000 with a type override to integer
  utf16: 120, // transform: xml declaring encoding UTF-16
  illFormed: 140, // transform: '<d>' (PostgreSQL refuses it inside COPY)
} as const;
const kindOf = (id: number) =>
  (Object.entries(kinds) as [keyof typeof kinds, number][]).find(([, at]) => id % 250 === at)?.[0];
const nameOf = (id: number) => (id % 250 === kinds.surrogate ? `bad\uD800name ${id}` : `name ${id}`);

function valuesTable(name: string, bigOutOfRange = true): GeneratedTable {
  return defineGeneratedTable({
    schema: 'gen',
    name,
    rows,
    columns: [
      { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
      { name: 'a', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
      { name: 'flag', type: { name: 'bit' }, nullable: false, generate: (i) => i % 2 === 0 },
      {
        name: 'name',
        type: { name: 'nvarchar', length: 40 },
        nullable: false,
        generate: (i) => nameOf(i + 1),
      },
      { name: 'doc', type: { name: 'xml' }, nullable: false, generate: (i) => `<d>${i + 1}</d>` },
      {
        name: 'big',
        type: { name: 'bigint' },
        nullable: false,
        generate: (i) => (bigOutOfRange && (i + 1) % 250 === kinds.bigint ? 5_000_000_000n : BigInt(i + 1)),
      },
    ],
  });
}

/** The row transform under test: returns a value of the wrong type (or a bad xml) for some rows. */
function wrongTypes(row: RowObject): RowObject {
  const id = row.id as number;
  switch (kindOf(id)) {
    case 'notAnInt':
      return { ...row, a: 'not-an-int' };
    case 'wraps':
      return { ...row, a: (row.a as number) * 1e12 };
    case 'fraction':
      return { ...row, a: 3.9 };
    case 'yes':
      return { ...row, flag: 'yes' };
    case 'utf16':
      return { ...row, doc: `<?xml version="1.0" encoding="UTF-16"?><d>${id}</d>` };
    case 'illFormed':
      return { ...row, doc: '<d>' };
    default:
      return row;
  }
}

/** Only the xml declaration: a value the fix policy can repair. */
const utf16Only = (row: RowObject): RowObject =>
  kindOf(row.id as number) === 'utf16'
    ? { ...row, doc: `<?xml version="1.0" encoding="UTF-16"?><d>${String(row.id)}</d>` }
    : row;

const overrides = (...tables: string[]): Record<string, string> =>
  Object.fromEntries(tables.map((t) => [`gen.${t}.big`, 'integer']));

describe('values that must never change silently', () => {
  let world: FaultWorld;
  /** Runs a migration of the world with `config` added; closes it. */
  async function runWith(config: Record<string, unknown>) {
    const { migration, events, onEvent } = await openFaultMigration(world, config);
    try {
      return { result: await run(migration, { onEvent }), events };
    } finally {
      await migration.close();
    }
  }
  /** The errors a failed run reports for `table`, and the rows the table holds. */
  async function failedTable(result: Awaited<ReturnType<typeof run>>, table: string) {
    expect(result.state).toBe('failed');
    const { rows } = await world.client.query(`SELECT count(*)::int AS n FROM ${table}`);
    return {
      errors: result.report.tables.find((t) => t.table === table)!.errors.join('\n'),
      rows: rows[0].n,
    };
  }
  beforeAll(async () => {
    world = await startWorld([
      valuesTable('rejects', false),
      valuesTable('overrides'),
      valuesTable('fixes', false),
      valuesTable('fails'),
      valuesTable('unfixable'),
      valuesTable('computed_rejects'),
      valuesTable('computed_fails'),
      valuesTable('computed_fixes'),
    ]);
  });
  afterAll(() => world?.close());

  it('reject: each bad value rejects its row (code, column, key) into ferry.rejected_rows; every other row loads once, exactly', async () => {
    const { result, events } = await runWith({
      select: ['gen.rejects', 'gen.overrides', 'gen.fixes'],
      // A type override has no binary COPY form: gen.overrides loads as COPY text, the others as binary.
      types: overrides('overrides'),
      tables: {
        'gen.rejects': { onError: 'reject', transform: wrongTypes, ranges: 2 },
        'gen.overrides': { onError: 'reject' },
        'gen.fixes': { onError: 'fix', transform: utf16Only },
      },
    });
    expect(result.error).toBeUndefined();

    const ids = Array.from({ length: rows }, (_, i) => i + 1);
    const rejectedOf = (table: string) =>
      world.client.query<{ id: number; column_name: string; code: string; reason: string }>(
        `SELECT (key_values::json->>'id')::int AS id, column_name, code, reason FROM ferry.rejected_rows
         WHERE target_table = $1 ORDER BY 1`,
        [table],
      );
    const expectedCode = {
      surrogate: ['name', 'LONE_SURROGATE'],
      notAnInt: ['a', 'WRONG_TYPE'],
      wraps: ['a', 'WRONG_TYPE'],
      fraction: ['a', 'WRONG_TYPE'],
      yes: ['flag', 'WRONG_TYPE'],
      bigint: ['big', 'OUT_OF_RANGE'],
      utf16: ['doc', 'XML_ENCODING'],
      illFormed: ['doc', 'TARGET_REFUSED'],
    } as const;
    const rejected = await rejectedOf('gen.rejects');
    const bad = ids.filter((id) => kindOf(id) !== undefined && kindOf(id) !== 'bigint');
    expect(bad).toHaveLength(28);
    expect(rejected.rows.map((r) => r.id)).toEqual(bad);
    for (const r of rejected.rows) expect([r.column_name, r.code]).toEqual(expectedCode[kindOf(r.id)!]);
    expect(rejected.rows.find((r) => kindOf(r.id) === 'wraps')!.reason).toMatch(/got number 4\d{13}/);
    expect(rejected.rows.find((r) => kindOf(r.id) === 'illFormed')!.reason).toMatch(/SQLSTATE 2200N/);
    const rejectedOverrides = await rejectedOf('gen.overrides');
    expect(rejectedOverrides.rows.map((r) => [r.id, r.code])).toEqual(
      ids
        .filter((id) => kindOf(id) === 'surrogate' || kindOf(id) === 'bigint')
        .map((id) => [id, expectedCode[kindOf(id) as 'surrogate' | 'bigint'][1]]),
    );

    const exact = (table: string) =>
      world.client.query(
        `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, sum(a)::text AS a, sum(big)::text AS big,
                count(*) FILTER (WHERE flag = (id % 2 = 1) AND name = 'name ' || id AND doc::text = '<d>' || id || '</d>')::int AS exact
         FROM ${table}`,
      );
    const sumOf = (keep: number[]) => String(keep.reduce((s, id) => s + id, 0));
    const good = ids.filter((id) => !bad.includes(id));
    expect((await exact('gen.rejects')).rows[0]).toEqual({
      n: 972,
      ids: 972,
      a: sumOf(good),
      big: sumOf(good),
      exact: 972,
    });
    const goodOverrides = ids.filter((id) => kindOf(id) !== 'surrogate' && kindOf(id) !== 'bigint');
    expect((await exact('gen.overrides')).rows[0]).toEqual({
      n: 992,
      ids: 992,
      a: sumOf(goodOverrides),
      big: sumOf(goodOverrides),
      exact: 992,
    });
    const table = (name: string) => result.report.tables.find((t) => t.table === name)!;
    expect(table('gen.rejects')).toMatchObject({ rows: 972, rejected: 28 });
    expect(table('gen.overrides')).toMatchObject({ rows: 992, rejected: 8 });

    // fix: lone surrogates become U+FFFD and the UTF-16 declaration is dropped, each counted and warned about.
    expect(table('gen.fixes').fixes).toEqual({ LONE_SURROGATE: 4, XML_ENCODING: 4 });
    const fixed = await world.client.query(
      `SELECT count(*)::int AS n, max(name) FILTER (WHERE id = 8) AS name, max(doc::text) FILTER (WHERE id = 120) AS doc FROM gen.fixes`,
    );
    expect(fixed.rows[0]).toEqual({ n: 1_000, name: 'bad\uFFFDname 8', doc: '<d>120</d>' });
    const warnings = events
      .filter((e) => e.type === 'warning')
      .map((e) => (e as { message: string }).message);
    expect(warnings).toContain('4 values fixed under the fix policy (LONE_SURROGATE)');
    expect(warnings).toContain('4 values fixed under the fix policy (XML_ENCODING)');
  });

  it('fail: the first bad value ends the table with its row key and column; nothing of it is loaded', async () => {
    const { result } = await runWith({
      select: ['gen.fails'],
      types: overrides('fails'),
      tables: { 'gen.fails': { transform: wrongTypes } },
    });
    const { errors, rows } = await failedTable(result, 'gen.fails');
    expect(errors).toMatch(/gen\.fails\.name, row 8 \(key id=8\): text contains a lone UTF-16 surrogate/);
    expect(rows).toBe(0);
  });

  it('fix: a value of the wrong type has no fix, so the table fails naming it (not loaded as 0)', async () => {
    const { result } = await runWith({
      select: ['gen.unfixable'],
      tables: { 'gen.unfixable': { onError: 'fix', transform: wrongTypes } },
    });
    const { errors, rows } = await failedTable(result, 'gen.unfixable');
    expect(errors).toMatch(
      /gen\.unfixable\.a, row 20 \(key id=20\): value does not fit the column: expected an integer .*got string "not-an-int"/,
    );
    expect(rows).toBe(0);
  });

  it('a DMS add-column value that does not fit follows onError as a source value does: reject rejects its row, fail and fix name row, column and key', async () => {
    // The name column (lone surrogates in 4 rows) is left out: only the added column's values are bad.
    /** An add-column rule on `table`: `big` (5,000,000,000 in 4 rows) into a new int4 column. */
    const bigAsInt4 = (table: string, id: number) => ({
      'rule-type': 'transformation',
      'rule-id': String(id),
      'rule-name': `big-as-int4-${id}`,
      'rule-target': 'column',
      'object-locator': { 'schema-name': 'gen', 'table-name': table },
      'rule-action': 'add-column',
      value: 'big_int4',
      expression: '$big',
      'data-type': { type: 'int4' },
    });
    const dms = (table: string, id: number) => ({
      rules: [
        {
          'rule-type': 'selection',
          'rule-id': String(id + 100),
          'rule-name': `select-${id}`,
          'object-locator': { 'schema-name': 'gen', 'table-name': table },
          'rule-action': 'include',
        },
        bigAsInt4(table, id),
      ],
    });
    const rejects = await runWith({
      dmsTableMappings: dms('computed_rejects', 1),
      tables: { 'gen.computed_rejects': { onError: 'reject', exclude: ['name'] } },
    });
    expect(rejects.result.error).toBeUndefined();
    const rejected = await world.client.query<{ id: number; column_name: string; code: string }>(
      `SELECT (key_values::json->>'id')::int AS id, column_name, code FROM ferry.rejected_rows
       WHERE target_table = 'gen.computed_rejects' ORDER BY 1`,
    );
    const bigIds = [101, 351, 601, 851];
    expect(rejected.rows).toEqual(bigIds.map((id) => ({ id, column_name: 'big_int4', code: 'WRONG_TYPE' })));
    const loaded = await world.client.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE big_int4 = big AND big_int4 = id)::int AS exact FROM gen.computed_rejects`,
    );
    expect(loaded.rows[0]).toEqual({ n: 996, exact: 996 });

    for (const [table, onError] of [
      ['computed_fails', 'fail'],
      ['computed_fixes', 'fix'],
    ] as const) {
      const { result } = await runWith({
        dmsTableMappings: dms(table, 2),
        tables: { [`gen.${table}`]: { onError, exclude: ['name'] } },
      });
      const { errors, rows } = await failedTable(result, `gen.${table}`);
      expect(errors).toMatch(
        new RegExp(
          `gen\\.${table}\\.big_int4, row 101 \\(key id=101\\): value does not fit the column: expected an integer in -2147483648\\.\\.2147483647.*5000000000`,
        ),
      );
      expect(errors).not.toMatch(/EXPRESSION_FAILED/);
      expect(rows).toBe(0);
    }
  });
});
