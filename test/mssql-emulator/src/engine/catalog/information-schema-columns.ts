// INFORMATION_SCHEMA.COLUMNS: every column of the tables and views of the database, with the 23
// columns of Microsoft's documentation (numeric radix, character set, collation and domain included).
import type { SqlType } from '../../engine-api.js';
import { collation } from '../../tds/collation.js';
import type { Database } from '../storage/database.js';
import type { Column, DefaultConstraint } from '../storage/objects.js';
import type { Value } from '../types/convert.js';
import { precisionOf, scaleOf } from '../types/sql-type.js';
import { allViewColumns, tableColumns } from './sys-columns.js';
import { INT, SMALLINT, SYSNAME, TINYINT, nvarchar, varchar, type CatalogView } from './view.js';

const CHARACTER = new Set(['char', 'varchar', 'text']);
const NATIONAL = new Set(['nchar', 'nvarchar', 'ntext']);
const BINARY = new Set(['binary', 'varbinary', 'image']);
/** Exact and approximate numeric types, by the radix of their precision. */
const RADIX: Record<string, number> = {
  tinyint: 10,
  smallint: 10,
  int: 10,
  bigint: 10,
  decimal: 10,
  numeric: 10,
  money: 10,
  smallmoney: 10,
  real: 2,
  float: 2,
};
const TEMPORAL = new Set(['date', 'time', 'datetime', 'datetime2', 'datetimeoffset', 'smalldatetime']);

/** COLLATIONPROPERTY(name, 'sqlcharsetname'): iso_1 for code page 1252, UTF8 for a _UTF8 collation. */
function characterSetName(name: string): string {
  const page = collation(name).codePage.name;
  return page === 'cp1252' ? 'iso_1' : page === 'utf-8' ? 'UTF8' : page;
}

/** CHARACTER_MAXIMUM_LENGTH and CHARACTER_OCTET_LENGTH (-1 for max and xml; NULL for other types). */
function lengths(t: SqlType): [Value, Value] {
  if (t.name === 'xml') return [-1, -1];
  const national = NATIONAL.has(t.name);
  if (!national && !CHARACTER.has(t.name) && !BINARY.has(t.name)) return [null, null];
  const legacy = t.name === 'text' || t.name === 'ntext' || t.name === 'image';
  const chars = legacy ? (t.name === 'ntext' ? 1073741823 : 2147483647) : (t.length ?? 1);
  if (chars === -1) return [-1, -1];
  return [chars, national ? chars * 2 : chars];
}

function columnValues(db: Database, schema: string, table: string, c: Column): Value[] {
  const t = c.type;
  const def = c.defaultObjectId
    ? ((db.objects.get(c.defaultObjectId) as DefaultConstraint | undefined)?.definition ?? null)
    : null;
  const radix = RADIX[t.name] ?? null;
  const textual = CHARACTER.has(t.name) || NATIONAL.has(t.name);
  const alias = db.userTypes.find((u) => u.userTypeId === c.userTypeId && !u.isTableType);
  return [
    db.name,
    schema,
    table,
    c.name,
    c.columnId,
    def,
    c.nullable ? 'YES' : 'NO',
    t.name,
    ...lengths(t),
    radix === null ? null : precisionOf(t),
    radix,
    radix === null || radix === 2 ? null : scaleOf(t),
    TEMPORAL.has(t.name) ? scaleOf(t) : null,
    textual ? 'master' : null,
    null,
    CHARACTER.has(t.name) ? characterSetName(t.collation ?? db.collation) : textual ? 'UNICODE' : null,
    null,
    null,
    textual ? (t.collation ?? db.collation) : null,
    alias ? db.name : null,
    alias ? (db.schemaById(alias.schemaId)?.name ?? null) : null,
    alias?.name ?? null,
  ];
}

export const informationSchemaColumns: CatalogView = {
  name: 'information_schema.columns',
  columns: [
    ['TABLE_CATALOG', SYSNAME, true],
    ['TABLE_SCHEMA', SYSNAME, true],
    ['TABLE_NAME', SYSNAME],
    ['COLUMN_NAME', SYSNAME, true],
    ['ORDINAL_POSITION', INT, true],
    ['COLUMN_DEFAULT', nvarchar(4000), true],
    ['IS_NULLABLE', varchar(3), true],
    ['DATA_TYPE', nvarchar(128), true],
    ['CHARACTER_MAXIMUM_LENGTH', INT, true],
    ['CHARACTER_OCTET_LENGTH', INT, true],
    ['NUMERIC_PRECISION', TINYINT, true],
    ['NUMERIC_PRECISION_RADIX', SMALLINT, true],
    ['NUMERIC_SCALE', INT, true],
    ['DATETIME_PRECISION', SMALLINT, true],
    ['CHARACTER_SET_CATALOG', varchar(6), true],
    ['CHARACTER_SET_SCHEMA', varchar(3), true],
    ['CHARACTER_SET_NAME', SYSNAME, true],
    ['COLLATION_CATALOG', varchar(6), true],
    ['COLLATION_SCHEMA', varchar(3), true],
    ['COLLATION_NAME', SYSNAME, true],
    ['DOMAIN_CATALOG', SYSNAME, true],
    ['DOMAIN_SCHEMA', SYSNAME, true],
    ['DOMAIN_NAME', SYSNAME, true],
  ],
  *rows(db, session) {
    for (const [t, c] of tableColumns(db))
      if (t.type === 'U') yield columnValues(db, db.schemaById(t.schemaId)!.name, t.name, c);
    for (const [v, c] of allViewColumns(db, session))
      yield columnValues(db, db.schemaById(v.schemaId)!.name, v.name, c);
  },
};
