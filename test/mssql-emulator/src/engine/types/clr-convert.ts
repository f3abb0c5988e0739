// Conversions to and from the CLR types geography, geometry (kept in SQL Server's serialization)
// and hierarchyid (kept as its canonical text); 529 where SQL Server has none.

import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Value } from './convert.js';
import { parseHierarchyId } from './hierarchyid.js';
import { hierarchyIdFromBinary, hierarchyIdToBinary } from './hierarchyid-binary.js';
import { formatWkt, parseWkt } from './spatial.js';
import { deserialize, serialize } from './spatial-binary.js';

export const SPATIAL_TYPES = new Set(['geography', 'geometry']);
const SPATIAL = SPATIAL_TYPES;
export const isClrType = (t: SqlType) => SPATIAL.has(t.name) || t.name === 'hierarchyid';

/** CAST/CONVERT and implicit conversion to or from a CLR type (529 where SQL Server has none). */
export function convertClr(v: Value, from: SqlType, to: SqlType): Value {
  if (from.name === to.name) return v;
  const text = typeof v === 'string';
  const binary = Buffer.isBuffer(v);
  if (SPATIAL.has(to.name) && !isClrType(from)) {
    const geography = to.name === 'geography';
    if (text) return serialize(parseWkt(v, geography, geography ? 4326 : 0, `${to.name}::Parse`));
    // The bytes are kept as they are (version 1 or 2), once they read as a value.
    if (binary) return deserialize(v, geography) && v;
  }
  if (to.name === 'hierarchyid' && text) return parseHierarchyId(v);
  if (SPATIAL.has(from.name)) {
    if (isTextType(to)) return formatWkt(deserialize(v as Buffer, from.name === 'geography'), true);
    if (isBinary(to)) return v;
  }
  if (from.name === 'hierarchyid' && isTextType(to)) return v;
  if (from.name === 'hierarchyid' && isBinary(to)) return hierarchyIdToBinary(v as string);
  if (to.name === 'hierarchyid' && binary) return hierarchyIdFromBinary(v);
  throw new SqlError(
    529,
    `Explicit conversion from data type ${from.name} to ${to.name} is not allowed.`,
    16,
  );
}

const isTextType = (t: SqlType) => ['char', 'varchar', 'nchar', 'nvarchar'].includes(t.name);
const isBinary = (t: SqlType) => t.name === 'binary' || t.name === 'varbinary';
