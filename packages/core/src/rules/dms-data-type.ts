// AWS DMS data types (the `data-type` block of add-column / change-data-type rules) mapped onto
// Ferry's logical types and onto PostgreSQL type text.

import type { LogicalType } from '../model/logical-type.js';

export interface DmsDataType {
  type: string;
  length?: number;
  precision?: number;
  scale?: number;
}

/** The logical type of a column added with this DMS data type. */
export function dmsLogicalType(dt: DmsDataType): LogicalType | { error: string } {
  const length = dt.length ?? 'max';
  switch (dt.type.toLowerCase()) {
    case 'string':
      return { kind: 'text', length, unicode: false, fixed: false };
    case 'wstring':
      return { kind: 'text', length, unicode: true, fixed: false };
    case 'clob':
      return { kind: 'text', length: 'max', unicode: false, fixed: false };
    case 'nclob':
      return { kind: 'text', length: 'max', unicode: true, fixed: false };
    case 'boolean':
      return { kind: 'bool' };
    case 'bytes':
      return { kind: 'binary', length, fixed: false };
    case 'blob':
      return { kind: 'binary', length: 'max', fixed: false };
    case 'date':
      return { kind: 'date' };
    case 'time':
      return { kind: 'time', precision: dt.precision ?? dt.scale ?? 0 };
    case 'datetime':
      return { kind: 'timestamp', precision: dt.precision ?? dt.scale ?? 6 };
    case 'int1':
    case 'int2':
      return { kind: 'int16' };
    case 'uint1':
      return { kind: 'int8' };
    case 'int4':
    case 'uint2':
      return { kind: 'int32' };
    case 'int8':
    case 'uint4':
      return { kind: 'int64' };
    case 'uint8':
      return { kind: 'decimal', precision: 20, scale: 0 };
    case 'numeric':
      if (dt.precision === undefined) return { error: 'data-type numeric needs a precision' };
      return { kind: 'decimal', precision: dt.precision, scale: dt.scale ?? 0 };
    case 'real4':
      return { kind: 'float32' };
    case 'real8':
      return { kind: 'float64' };
    default:
      return { error: `data-type ${JSON.stringify(dt.type)} is not a DMS data type` };
  }
}

/** PostgreSQL type text for a change-data-type rule. */
export function dmsTargetType(dt: DmsDataType): string | { error: string } {
  const t = dmsLogicalType(dt);
  if ('error' in t) return t;
  switch (t.kind) {
    case 'text':
      return t.length === 'max' ? 'text' : `varchar(${t.length})`;
    case 'binary':
      return 'bytea';
    case 'bool':
      return 'boolean';
    case 'date':
      return 'date';
    case 'time':
      return `time(${t.precision})`;
    case 'timestamp':
      return `timestamp(${t.precision})`;
    case 'int8':
    case 'int16':
      return 'smallint';
    case 'int32':
      return 'integer';
    case 'int64':
      return 'bigint';
    case 'decimal':
      return `numeric(${t.precision},${t.scale})`;
    case 'float32':
      return 'real';
    case 'float64':
      return 'double precision';
    default:
      return { error: `data-type ${dt.type} has no target type` };
  }
}
