// The columns every object-derived view (sys.tables, sys.views, constraints...) inherits from sys.objects.

import type { Value } from '../types/convert.js';
import type { BaseObject } from '../storage/objects.js';
import { BIT, DATETIME, INT, SYSNAME, char, nvarchar, typeCode, type ColumnSpec } from './view.js';

export const TYPE_DESC: Record<string, string> = {
  U: 'USER_TABLE',
  V: 'VIEW',
  P: 'SQL_STORED_PROCEDURE',
  FN: 'SQL_SCALAR_FUNCTION',
  IF: 'SQL_INLINE_TABLE_VALUED_FUNCTION',
  TF: 'SQL_TABLE_VALUED_FUNCTION',
  TR: 'SQL_TRIGGER',
  PK: 'PRIMARY_KEY_CONSTRAINT',
  UQ: 'UNIQUE_CONSTRAINT',
  F: 'FOREIGN_KEY_CONSTRAINT',
  C: 'CHECK_CONSTRAINT',
  D: 'DEFAULT_CONSTRAINT',
  SO: 'SEQUENCE_OBJECT',
  SN: 'SYNONYM',
  TT: 'TYPE_TABLE',
  SP: 'SECURITY_POLICY',
  EC: 'EDGE_CONSTRAINT',
};

export const OBJECT_COLUMNS: ColumnSpec[] = [
  ['name', SYSNAME],
  ['object_id', INT],
  ['principal_id', INT, true],
  ['schema_id', INT],
  ['parent_object_id', INT],
  ['type', char(2), true],
  ['type_desc', nvarchar(60), true],
  ['create_date', DATETIME],
  ['modify_date', DATETIME],
  ['is_ms_shipped', BIT],
  ['is_published', BIT],
  ['is_schema_published', BIT],
];

export function objectValues(o: BaseObject): Value[] {
  return [
    o.name,
    o.objectId,
    null,
    o.schemaId,
    o.parentId,
    typeCode(o.type),
    TYPE_DESC[o.type],
    o.createDate,
    o.modifyDate,
    o.msShipped === true,
    false,
    false,
  ];
}
