// INFORMATION_SCHEMA.TABLES, COLUMNS, TABLE_CONSTRAINTS, KEY_COLUMN_USAGE, VIEWS and ROUTINES (the common columns).
import type { Table } from '../storage/objects.js';
import { tableColumns } from './sys-columns.js';
import { INT, SMALLINT, SYSNAME, TINYINT, nvarchar, varchar, type CatalogView } from './view.js';
import type { DefaultConstraint, ForeignKey, KeyConstraint, Module } from '../storage/objects.js';

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
      if (o.type === 'U' || o.type === 'V')
        yield [db.name, db.schemaById(o.schemaId)!.name, o.name, o.type === 'U' ? 'BASE TABLE' : 'VIEW'];
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
      const def = c.defaultObjectId
        ? ((db.objects.get(c.defaultObjectId) as DefaultConstraint | undefined)?.definition ?? null)
        : null;
      const isChar = [
        'char',
        'varchar',
        'nchar',
        'nvarchar',
        'binary',
        'varbinary',
        'text',
        'ntext',
        'image',
      ].includes(c.type.name);
      const chars = isChar ? (c.type.length ?? (c.type.name === 'ntext' ? 1073741823 : 2147483647)) : null;
      const octets =
        chars === null ? null : chars === -1 ? -1 : c.type.name.startsWith('n') ? chars * 2 : chars;
      const numeric = [
        'tinyint',
        'smallint',
        'int',
        'bigint',
        'decimal',
        'numeric',
        'money',
        'smallmoney',
        'real',
        'float',
      ].includes(c.type.name);
      const temporal = ['date', 'time', 'datetime', 'datetime2', 'datetimeoffset', 'smalldatetime'].includes(
        c.type.name,
      );
      const prec = {
        tinyint: 3,
        smallint: 5,
        int: 10,
        bigint: 19,
        money: 19,
        smallmoney: 10,
        real: 24,
        float: 53,
      } as Record<string, number>;
      yield [
        db.name,
        db.schemaById((t as Table).schemaId)!.name,
        t.name,
        c.name,
        c.columnId,
        def,
        c.nullable ? 'YES' : 'NO',
        c.type.name,
        chars,
        octets,
        numeric ? (c.type.precision ?? prec[c.type.name]) : null,
        numeric
          ? (c.type.scale ??
            (c.type.name.endsWith('money')
              ? 4
              : c.type.name === 'real' || c.type.name === 'float'
                ? null
                : 0))
          : null,
        temporal
          ? c.type.name === 'datetime'
            ? 3
            : c.type.name === 'smalldatetime' || c.type.name === 'date'
              ? 0
              : (c.type.scale ?? 7)
          : null,
        c.type.collation ?? null,
      ];
    }
  },
};

const CONSTRAINT_TYPE: Record<string, string> = {
  PK: 'PRIMARY KEY',
  UQ: 'UNIQUE',
  F: 'FOREIGN KEY',
  C: 'CHECK',
};

export const informationSchemaTableConstraints: CatalogView = {
  name: 'information_schema.table_constraints',
  columns: [
    ['CONSTRAINT_CATALOG', SYSNAME, true],
    ['CONSTRAINT_SCHEMA', SYSNAME, true],
    ['CONSTRAINT_NAME', SYSNAME],
    ['TABLE_CATALOG', SYSNAME, true],
    ['TABLE_SCHEMA', SYSNAME, true],
    ['TABLE_NAME', SYSNAME],
    ['CONSTRAINT_TYPE', varchar(11), true],
    ['IS_DEFERRABLE', varchar(2)],
    ['INITIALLY_DEFERRED', varchar(2)],
  ],
  *rows(db) {
    for (const o of db.objects.values()) {
      const type = CONSTRAINT_TYPE[o.type];
      const t = type ? db.objects.get(o.parentId) : undefined;
      if (!type || !t) continue;
      const schema = db.schemaById(o.schemaId)!.name;
      yield [db.name, schema, o.name, db.name, db.schemaById(t.schemaId)!.name, t.name, type, 'NO', 'NO'];
    }
  },
};

export const informationSchemaKeyColumnUsage: CatalogView = {
  name: 'information_schema.key_column_usage',
  columns: [
    ['CONSTRAINT_CATALOG', SYSNAME, true],
    ['CONSTRAINT_SCHEMA', SYSNAME, true],
    ['CONSTRAINT_NAME', SYSNAME],
    ['TABLE_CATALOG', SYSNAME, true],
    ['TABLE_SCHEMA', SYSNAME, true],
    ['TABLE_NAME', SYSNAME],
    ['COLUMN_NAME', SYSNAME, true],
    ['ORDINAL_POSITION', INT],
  ],
  *rows(db) {
    for (const o of db.objects.values()) {
      const t = db.objects.get(o.parentId) as Table | undefined;
      if (!t || (o.type !== 'PK' && o.type !== 'UQ' && o.type !== 'F')) continue;
      const schema = db.schemaById(t.schemaId)!.name;
      const ids =
        o.type === 'F'
          ? (o as ForeignKey).columns.map((c) => c.parent)
          : (t.indexes.find((i) => i.indexId === (o as KeyConstraint).indexId)?.columns ?? [])
              .filter((c) => !c.included)
              .map((c) => c.columnId);
      let n = 0;
      for (const id of ids)
        yield [
          db.name,
          db.schemaById(o.schemaId)!.name,
          o.name,
          db.name,
          schema,
          t.name,
          t.columns.find((c) => c.columnId === id)?.name ?? null,
          ++n,
        ];
    }
  },
};

export const informationSchemaViews: CatalogView = {
  name: 'information_schema.views',
  columns: [
    ['TABLE_CATALOG', SYSNAME, true],
    ['TABLE_SCHEMA', SYSNAME, true],
    ['TABLE_NAME', SYSNAME],
    ['VIEW_DEFINITION', nvarchar(4000), true],
    ['CHECK_OPTION', varchar(7), true],
    ['IS_UPDATABLE', varchar(2), true],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'V') {
        const def = (o as Module).definition;
        yield [
          db.name,
          db.schemaById(o.schemaId)!.name,
          o.name,
          def.length > 4000 ? null : def,
          /with\s+check\s+option\s*$/i.test(def.trim()) ? 'CASCADE' : 'NONE',
          'NO',
        ];
      }
  },
};

export const informationSchemaRoutines: CatalogView = {
  name: 'information_schema.routines',
  columns: [
    ['SPECIFIC_CATALOG', SYSNAME, true],
    ['SPECIFIC_SCHEMA', SYSNAME, true],
    ['SPECIFIC_NAME', SYSNAME],
    ['ROUTINE_CATALOG', SYSNAME, true],
    ['ROUTINE_SCHEMA', SYSNAME, true],
    ['ROUTINE_NAME', SYSNAME],
    ['ROUTINE_TYPE', nvarchar(20), true],
    ['ROUTINE_DEFINITION', nvarchar(4000), true],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'P' || o.type === 'FN' || o.type === 'IF' || o.type === 'TF') {
        const schema = db.schemaById(o.schemaId)!.name;
        const def = (o as Module).definition;
        yield [
          db.name,
          schema,
          o.name,
          db.name,
          schema,
          o.name,
          o.type === 'P' ? 'PROCEDURE' : 'FUNCTION',
          def.length > 4000 ? def.slice(0, 4000) : def,
        ];
      }
  },
};
