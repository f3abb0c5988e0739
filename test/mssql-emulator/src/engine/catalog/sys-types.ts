// sys.types: the system types (schema sys) and user-defined alias and table types.
import type { Value } from '../types/convert.js';
import type { Database } from '../storage/database.js';
import { maxLengthOf, precisionOf, scaleOf } from '../types/sql-type.js';
import { SYSTEM_TYPES, systemType } from '../types/system-types.js';
import { BIT, INT, SMALLINT, SYSNAME, TINYINT, type CatalogView, type ColumnSpec } from './view.js';

export const TYPE_COLUMNS: ColumnSpec[] = [
  ['name', SYSNAME],
  ['system_type_id', TINYINT],
  ['user_type_id', INT],
  ['schema_id', INT],
  ['principal_id', INT, true],
  ['max_length', SMALLINT],
  ['precision', TINYINT],
  ['scale', TINYINT],
  ['collation_name', SYSNAME, true],
  ['is_nullable', BIT, true],
  ['is_user_defined', BIT],
  ['is_assembly_type', BIT],
  ['default_object_id', INT],
  ['rule_object_id', INT],
  ['is_table_type', BIT],
];

export function* typeRows(db: Database): Iterable<Value[]> {
  for (const t of SYSTEM_TYPES) {
    const assembly = t.systemTypeId === 240;
    yield [
      t.name,
      t.systemTypeId,
      t.userTypeId,
      4,
      null,
      t.maxLength,
      t.precision,
      t.scale,
      t.collatable ? db.collation : null,
      t.name !== 'sysname',
      false,
      assembly,
      0,
      0,
      false,
    ];
  }
  for (const u of db.userTypes) {
    if (u.isTableType) {
      yield [u.name, 243, u.userTypeId, u.schemaId, null, -1, 0, 0, null, false, true, false, 0, 0, true];
      continue;
    }
    const sys = systemType(u.base.name)!;
    yield [
      u.name,
      sys.systemTypeId,
      u.userTypeId,
      u.schemaId,
      null,
      maxLengthOf(u.base),
      precisionOf(u.base),
      scaleOf(u.base),
      u.base.collation ?? null,
      u.nullable,
      true,
      false,
      0,
      0,
      false,
    ];
  }
}

export const sysTypes: CatalogView = { name: 'sys.types', columns: TYPE_COLUMNS, rows: typeRows };
