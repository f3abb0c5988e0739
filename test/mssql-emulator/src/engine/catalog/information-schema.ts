// INFORMATION_SCHEMA.TABLES, TABLE_CONSTRAINTS, KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS, VIEWS and
// ROUTINES (the common columns); COLUMNS is in information-schema-columns.ts.
import type { ForeignKey, KeyConstraint, Module, ReferentialAction, Table } from '../storage/objects.js';
import { referencedKeyIndex } from './sys-foreign-keys.js';
import { INT, SYSNAME, nvarchar, varchar, type CatalogView } from './view.js';

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

const RULE: Record<ReferentialAction, string> = {
  NO_ACTION: 'NO ACTION',
  CASCADE: 'CASCADE',
  SET_NULL: 'SET NULL',
  SET_DEFAULT: 'SET DEFAULT',
};

/** One row per foreign key, naming the primary key or unique constraint (or unique index) it refers to. */
export const informationSchemaReferentialConstraints: CatalogView = {
  name: 'information_schema.referential_constraints',
  columns: [
    ['CONSTRAINT_CATALOG', SYSNAME, true],
    ['CONSTRAINT_SCHEMA', SYSNAME, true],
    ['CONSTRAINT_NAME', SYSNAME],
    ['UNIQUE_CONSTRAINT_CATALOG', SYSNAME, true],
    ['UNIQUE_CONSTRAINT_SCHEMA', SYSNAME, true],
    ['UNIQUE_CONSTRAINT_NAME', SYSNAME, true],
    ['MATCH_OPTION', varchar(7), true],
    ['UPDATE_RULE', varchar(11), true],
    ['DELETE_RULE', varchar(11), true],
  ],
  *rows(db) {
    for (const o of db.objects.values()) {
      if (o.type !== 'F') continue;
      const f = o as ForeignKey;
      const ref = db.table(f.referencedId);
      const index = referencedKeyIndex(db, f);
      const key = [...db.objects.values()].find(
        (k) =>
          (k.type === 'PK' || k.type === 'UQ') &&
          k.parentId === f.referencedId &&
          (k as KeyConstraint).indexId === index?.indexId,
      );
      yield [
        db.name,
        db.schemaById(f.schemaId)!.name,
        f.name,
        db.name,
        ref ? db.schemaById(ref.schemaId)!.name : null,
        key?.name ?? index?.name ?? null,
        'SIMPLE',
        RULE[f.onUpdate],
        RULE[f.onDelete],
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
