// Chooses a routine's arguments from the database's own data, the same way for every routine:
//  1. a parameter named like a table column (case, `_` and spaces ignored; e.g. @CustomerID and
//     Orders.CustomerID) gets that column's most frequent non-null value; when several tables have
//     such a column, the value that occurs most often wins (ties: the first table by schema and name);
//  2. otherwise a parameter with a default keeps its default (it is not passed);
//  3. otherwise by type: a date/time parameter gets the earliest value of the database's most
//     populated date column when its name says where a range starts (begin, start, from, first, min),
//     else the latest; a number named `year` gets that date's year; bit gets 1; another number gets 1;
//     text named like a table, alone or followed by `json` (@todo, @ProductJson), gets the table's
//     first row as a JSON object (FOR JSON PATH); text named `table` or ending with `tablename`
//     (@Table, @TableName) gets the name of the database's table with the most columns (ties: the first
//     by schema and name), text named `schema` or ending with `schemaname` that table's schema; other
//     text gets the most frequent value of the text column whose name ends with the parameter's name
//     (or the reverse), else 'A';
//  4. an OUTPUT parameter that is not matched is passed as NULL; a table-valued parameter cannot be
//     chosen: the routine is reported as not run.
// Before all that, arguments the database's setup gives (src/database-setup.ts: as the database's own
// code calls the routine) are taken as they are.
// Values travel as text (CONVERT style 126 on the SQL Server side) and are converted to each side's
// parameter type by the server itself, so both sides receive the same value.

import type sql from 'mssql';
import { givenArguments, type DatabaseSetup } from './database-setup.js';
import { bracket, type SourceColumn, type SourceObject, type SourceParameter } from './source-catalog.js';

export interface Argument {
  parameter: SourceParameter;
  /** The value as text; null is SQL NULL. */
  value: string | null;
  /** Where the value came from, for the report. */
  origin: string;
}

const DATE_TYPES = new Set(['date', 'datetime', 'datetime2', 'smalldatetime', 'datetimeoffset', 'time']);
const NUMBER_TYPES = new Set([
  'tinyint',
  'smallint',
  'int',
  'bigint',
  'decimal',
  'numeric',
  'money',
  'smallmoney',
  'float',
  'real',
]);
const TEXT_TYPES = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext']);
const START_WORDS = ['begin', 'start', 'from', 'first', 'min'];

export const normalName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export class ArgumentChooser {
  private readonly cache = new Map<string, { value: string | null; count: number } | undefined>();

  constructor(
    private readonly pool: sql.ConnectionPool,
    private readonly columns: SourceColumn[],
    private readonly setup: DatabaseSetup = {},
  ) {}

  /** The arguments to pass (parameters keeping their default are left out), or why none can be chosen. */
  async choose(object: SourceObject): Promise<Argument[] | { notRunnable: string }> {
    const given = givenArguments(this.setup, `${object.schema}.${object.name}`);
    const args: Argument[] = [];
    for (const p of object.parameters) {
      if (p.tableType) return { notRunnable: `table-valued parameter @${p.name} (${p.typeText})` };
      const value = given?.values[p.name];
      const arg =
        value !== undefined
          ? { parameter: p, value, origin: `given by the harness setup, ${given!.origin}` }
          : await this.choose1(p);
      if (arg) args.push(arg);
    }
    return args;
  }

  private async choose1(p: SourceParameter): Promise<Argument | undefined> {
    const key = normalName(p.name);
    const matching = this.columns.filter((c) => normalName(c.column) === key);
    const fromColumn = await this.mostFrequent(matching);
    if (fromColumn) return { parameter: p, ...fromColumn };
    if (p.hasDefault) return undefined;
    if (p.output) return { parameter: p, value: null, origin: 'NULL (output)' };
    if (DATE_TYPES.has(p.baseType)) return { parameter: p, ...(await this.dateValue(p.name)) };
    if (p.baseType === 'bit') return { parameter: p, value: '1', origin: 'bit 1' };
    if (NUMBER_TYPES.has(p.baseType) && key === 'year') return { parameter: p, ...(await this.yearValue()) };
    if (NUMBER_TYPES.has(p.baseType)) return { parameter: p, value: '1', origin: 'number 1' };
    if (TEXT_TYPES.has(p.baseType)) {
      const row = await this.jsonRow(key.replace(/json$/, ''));
      if (row) return { parameter: p, ...row };
      const named = this.tableName(key);
      if (named) return { parameter: p, ...named };
      const similar = this.columns.filter(
        (c) =>
          TEXT_TYPES.has(c.baseType) &&
          key.length >= 4 &&
          (normalName(c.column).endsWith(key) || key.endsWith(normalName(c.column))),
      );
      const found = await this.mostFrequent(similar);
      return { parameter: p, ...(found ?? { value: 'A', origin: "text 'A'" }) };
    }
    return { parameter: p, value: null, origin: `NULL (no rule for ${p.baseType})` };
  }

  private async mostFrequent(
    columns: SourceColumn[],
  ): Promise<{ value: string | null; origin: string } | undefined> {
    let best: { value: string | null; count: number; origin: string } | undefined;
    for (const c of columns) {
      const found = await this.topValue(c);
      if (found && (!best || found.count > best.count))
        best = { ...found, origin: `most frequent ${c.schema}.${c.table}.${c.column}` };
    }
    return best && { value: best.value, origin: best.origin };
  }

  private async topValue(c: SourceColumn): Promise<{ value: string | null; count: number } | undefined> {
    const id = `${c.schema}.${c.table}.${c.column}`;
    if (this.cache.has(id)) return this.cache.get(id);
    const col = bracket(c.column);
    const q = `SELECT TOP 1 CONVERT(nvarchar(4000), ${col}, 126) AS v, COUNT(*) AS n FROM ${bracket(c.schema)}.${bracket(c.table)} WHERE ${col} IS NOT NULL GROUP BY ${col} ORDER BY COUNT(*) DESC, ${col}`;
    let found: { value: string | null; count: number } | undefined;
    try {
      const row = (await this.pool.request().query(q)).recordset[0] as { v: string; n: number } | undefined;
      found = row && { value: row.v, count: row.n };
    } catch {
      found = undefined; // a column that cannot be grouped (xml, text, geography): not a source of values
    }
    this.cache.set(id, found);
    return found;
  }

  /**
   * A parameter naming a table (`table`, `...tablename`: its normal name) gets the name of the table with
   * the most columns, one naming a schema (`schema`, `...schemaname`) that table's schema; undefined for
   * other names, or when the database has no table.
   */
  private tableName(key: string): { value: string; origin: string } | undefined {
    const counts = new Map<string, { c: SourceColumn; n: number }>();
    for (const c of this.columns) {
      const id = JSON.stringify([c.schema, c.table]);
      counts.set(id, { c: counts.get(id)?.c ?? c, n: (counts.get(id)?.n ?? 0) + 1 });
    }
    const widest = [...counts.values()]
      .sort((a, b) => b.n - a.n || a.c.schema.localeCompare(b.c.schema) || a.c.table.localeCompare(b.c.table))
      .at(0)?.c;
    if (!widest) return undefined;
    const table = `${widest.schema}.${widest.table}`;
    if (key === 'table' || key.endsWith('tablename'))
      return { value: widest.table, origin: `the table with the most columns, ${table}` };
    if (key === 'schema' || key.endsWith('schemaname'))
      return { value: widest.schema, origin: `the schema of the table with the most columns, ${table}` };
    return undefined;
  }

  /** The first row (by its first column) of the table named `table` (normal name) as a JSON object. */
  private async jsonRow(table: string): Promise<{ value: string; origin: string } | undefined> {
    const t = this.columns.find((c) => normalName(c.table) === table);
    if (!t) return undefined;
    const q = `SELECT (SELECT TOP 1 * FROM ${bracket(t.schema)}.${bracket(t.table)} ORDER BY 1 FOR JSON PATH, WITHOUT_ARRAY_WRAPPER) AS v`;
    const v = ((await this.pool.request().query(q)).recordset[0] as { v: string | null }).v;
    return v === null ? undefined : { value: v, origin: `first row of ${t.schema}.${t.table} as JSON` };
  }

  private async yearValue(): Promise<{ value: string | null; origin: string }> {
    const { value, origin } = await this.dateValue('');
    return { value: value && value.slice(0, 4), origin: `year of the ${origin}` };
  }

  private async dateValue(name: string): Promise<{ value: string | null; origin: string }> {
    const start = START_WORDS.some((w) => name.toLowerCase().includes(w));
    let best: { c: SourceColumn; n: number } | undefined;
    for (const c of this.columns.filter((x) => DATE_TYPES.has(x.baseType) && x.baseType !== 'time')) {
      const q = `SELECT COUNT(${bracket(c.column)}) AS n FROM ${bracket(c.schema)}.${bracket(c.table)}`;
      const n = ((await this.pool.request().query(q)).recordset[0] as { n: number }).n;
      if (!best || n > best.n) best = { c, n };
    }
    if (!best || best.n === 0) return { value: null, origin: 'NULL (no date column with values)' };
    const { c } = best;
    const q = `SELECT CONVERT(nvarchar(4000), ${start ? 'MIN' : 'MAX'}(${bracket(c.column)}), 126) AS v FROM ${bracket(c.schema)}.${bracket(c.table)}`;
    const v = ((await this.pool.request().query(q)).recordset[0] as { v: string | null }).v;
    return { value: v, origin: `${start ? 'earliest' : 'latest'} ${c.schema}.${c.table}.${c.column}` };
  }
}
