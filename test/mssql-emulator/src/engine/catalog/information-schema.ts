// INFORMATION_SCHEMA.TABLES and INFORMATION_SCHEMA.COLUMNS (the common subset).
import type { Table } from '../storage/objects.js';
import { tableColumns } from './sys-columns.js';
import { INT, SMALLINT, SYSNAME, TINYINT, nvarchar, varchar, type CatalogView } from './view.js';
import type { DefaultConstraint } from '../storage/objects.js';

export const informationSchemaTables: CatalogView = {
  name: 'information_schema.tables',
  columns: [
    ['TABLE_CATALOG', SYSNAME, true],
    ['TABLE_SCHEMA', SYSNAME, true],
    ['TABLE_NAME', SYSNAME],
    ['TABLE_TYPE', varchar(10), true],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'U' || o.type === 'V') yield [db.name, db.schemaById(o.schemaId)!.name, o.name, o.type === 'U' ? 'BASE TABLE' : 'VIEW'];
  },
};

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
    ['NUMERIC_SCALE', INT, true],
    ['DATETIME_PRECISION', SMALLINT, true],
    ['COLLATION_NAME', SYSNAME, true],
  ],
  *rows(db) {
    for (const [t, c] of tableColumns(db)) {
      if (t.type !== 'U') continue;
      const def = c.defaultObjectId ? (db.objects.get(c.defaultObjectId) as DefaultConstraint | undefined)?.definition ?? null : null;
      const isChar = ['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary', 'text', 'ntext', 'image'].includes(c.type.name);
      const chars = isChar ? (c.type.length ?? (c.type.name === 'ntext' ? 1073741823 : 2147483647)) : null;
      const octets = chars === null ? null : chars === -1 ? -1 : c.type.name.startsWith('n') ? chars * 2 : chars;
      const numeric = ['tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'money', 'smallmoney', 'real', 'float'].includes(c.type.name);
      const temporal = ['date', 'time', 'datetime', 'datetime2', 'datetimeoffset', 'smalldatetime'].includes(c.type.name);
      const prec = { tinyint: 3, smallint: 5, int: 10, bigint: 19, money: 19, smallmoney: 10, real: 24, float: 53 } as Record<string, number>;
      yield [
        db.name, db.schemaById((t as Table).schemaId)!.name, t.name, c.name, c.columnId, def, c.nullable ? 'YES' : 'NO', c.type.name,
        chars, octets, numeric ? (c.type.precision ?? prec[c.type.name]) : null,
        numeric ? (c.type.scale ?? (c.type.name.endsWith('money') ? 4 : c.type.name === 'real' || c.type.name === 'float' ? null : 0)) : null,
        temporal ? (c.type.name === 'datetime' ? 3 : c.type.name === 'smalldatetime' || c.type.name === 'date' ? 0 : (c.type.scale ?? 7)) : null,
        c.type.collation ?? null,
      ];
    }
  },
};
