// sys.sql_modules, sys.views, sys.procedures, sys.triggers, sys.trigger_events, sys.parameters:
// modules kept with their exact CREATE text.
import type { Module } from '../storage/objects.js';
import type { Database } from '../storage/database.js';
import { maxLengthOf, precisionOf, scaleOf } from '../types/sql-type.js';
import { systemType } from '../types/system-types.js';
import { OBJECT_COLUMNS, TYPE_DESC, objectValues } from './object-columns.js';
import {
  BIT,
  DATETIME,
  INT,
  NVARCHAR_MAX,
  SMALLINT,
  SYSNAME,
  TINYINT,
  VARIANT,
  char,
  nvarchar,
  typeCode,
  type CatalogView,
} from './view.js';

function* modules(db: Database, ...types: string[]): Iterable<Module> {
  for (const o of db.objects.values()) if (types.includes(o.type)) yield o as Module;
}

export const sysSqlModules: CatalogView = {
  name: 'sys.sql_modules',
  columns: [
    ['object_id', INT],
    ['definition', NVARCHAR_MAX, true],
    ['uses_ansi_nulls', BIT, true],
    ['uses_quoted_identifier', BIT, true],
    ['is_schema_bound', BIT, true],
    ['uses_database_collation', BIT, true],
    ['is_recompiled', BIT, true],
    ['null_on_null_input', BIT, true],
    ['execute_as_principal_id', INT, true],
    ['uses_native_compilation', BIT, true],
  ],
  *rows(db) {
    for (const m of [...modules(db, 'V', 'P', 'FN', 'IF', 'TF', 'TR'), ...db.ddlTriggers])
      yield [
        m.objectId,
        m.definition,
        m.usesAnsiNulls,
        m.usesQuotedIdentifier,
        m.schemaBound,
        m.schemaBound,
        false,
        false,
        null,
        !!m.nativeCompilation,
      ];
  },
};

export const sysViews: CatalogView = {
  name: 'sys.views',
  columns: [
    ...OBJECT_COLUMNS,
    ['is_replicated', BIT, true],
    ['has_replication_filter', BIT, true],
    ['has_opaque_metadata', BIT],
    ['has_unchecked_assembly_data', BIT],
    ['with_check_option', BIT],
    ['is_date_correlation_view', BIT],
    ['is_tracked_by_cdc', BIT, true],
  ],
  *rows(db) {
    for (const m of modules(db, 'V'))
      yield [
        ...objectValues(m),
        false,
        false,
        false,
        false,
        /with\s+check\s+option\s*$/i.test(m.definition.trim()),
        false,
        false,
      ];
  },
};

export const sysProcedures: CatalogView = {
  name: 'sys.procedures',
  columns: [
    ...OBJECT_COLUMNS,
    ['is_auto_executed', BIT],
    ['is_execution_replicated', BIT, true],
    ['is_repl_serializable_only', BIT, true],
    ['skips_repl_constraints', BIT, true],
  ],
  *rows(db) {
    for (const m of modules(db, 'P')) yield [...objectValues(m), false, false, false, false];
  },
};

export const sysTriggers: CatalogView = {
  name: 'sys.triggers',
  columns: [
    ['name', SYSNAME],
    ['object_id', INT],
    ['parent_class', TINYINT],
    ['parent_class_desc', nvarchar(60), true],
    ['parent_id', INT],
    ['type', char(2)],
    ['type_desc', nvarchar(60), true],
    ['create_date', DATETIME],
    ['modify_date', DATETIME],
    ['is_ms_shipped', BIT],
    ['is_disabled', BIT],
    ['is_not_for_replication', BIT],
    ['is_instead_of_trigger', BIT],
  ],
  *rows(db) {
    for (const m of [...modules(db, 'TR'), ...db.ddlTriggers])
      yield [
        m.name,
        m.objectId,
        m.ddlEvents ? 0 : 1,
        m.ddlEvents ? 'DATABASE' : 'OBJECT_OR_COLUMN',
        m.parentId,
        typeCode('TR'),
        TYPE_DESC.TR,
        m.createDate,
        m.modifyDate,
        false,
        !!m.isDisabled,
        false,
        !!m.isInsteadOf,
      ];
  },
};

const EVENT_TYPE = { INSERT: 1, UPDATE: 2, DELETE: 3 };

export const sysTriggerEvents: CatalogView = {
  name: 'sys.trigger_events',
  columns: [
    ['object_id', INT],
    ['type', INT],
    ['type_desc', nvarchar(60)],
    ['is_first', BIT, true],
    ['is_last', BIT, true],
    ['event_group_type', INT, true],
    ['event_group_type_desc', nvarchar(60), true],
    ['is_trigger_event', BIT, true],
  ],
  *rows(db) {
    for (const m of modules(db, 'TR'))
      for (const e of m.triggerEvents ?? [])
        yield [m.objectId, EVENT_TYPE[e], e, false, false, null, null, true];
  },
};

/** sys.types.system_type_id of user table types. */
const TABLE_TYPE_SYSTEM_ID = 243;

export const sysParameters: CatalogView = {
  name: 'sys.parameters',
  columns: [
    ['object_id', INT],
    ['name', SYSNAME, true],
    ['parameter_id', INT],
    ['system_type_id', TINYINT],
    ['user_type_id', INT],
    ['max_length', SMALLINT],
    ['precision', TINYINT],
    ['scale', TINYINT],
    ['is_output', BIT],
    ['is_cursor_ref', BIT],
    ['has_default_value', BIT],
    ['is_xml_document', BIT],
    ['default_value', VARIANT, true],
    ['xml_collection_id', INT],
    ['is_readonly', BIT],
    ['is_nullable', BIT, true],
  ],
  *rows(db) {
    for (const m of modules(db, 'P', 'FN', 'IF', 'TF')) {
      let id = 0;
      for (const p of m.parameters)
        yield [
          m.objectId,
          p.name,
          ++id,
          p.tableType !== undefined ? TABLE_TYPE_SYSTEM_ID : systemType(p.type.name)!.systemTypeId,
          p.userTypeId,
          p.tableType !== undefined ? -1 : maxLengthOf(p.type),
          p.tableType !== undefined ? 0 : precisionOf(p.type),
          p.tableType !== undefined ? 0 : scaleOf(p.type),
          p.isOutput,
          false,
          p.hasDefault,
          false,
          null,
          0,
          p.tableType !== undefined,
          true,
        ];
    }
  },
};
