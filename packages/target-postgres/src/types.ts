// The logical type -> PostgreSQL type map. Each mapping says whether it can lose information
// (`lossy`, shown in plan/assessment) and which per-value problems the writer checks at run time.

import type { Column, LogicalType } from '@ferry/core';

export interface TypeMapOptions {
  /** Bounded text columns: `varchar(n)` (default) or `text`. */
  textFor: 'varchar' | 'text';
  /** datetimeoffset (timestamptz): `timestamptz` (default; keeps the instant, not the offset) or `text` (keeps the value as written). */
  timestamptzAs: 'timestamptz' | 'text';
  /** hierarchyid: `ltree` (the contrib extension, created in pre-data) or `text` (the path as SQL Server prints it). */
  hierarchyidAs: 'ltree' | 'text';
  /** geography / geometry: PostGIS `geography` / `geometry`, or `bytea` holding the EWKB. */
  spatialAs: 'postgis' | 'ewkb';
}

export const defaultTypeMapOptions: TypeMapOptions = {
  textFor: 'varchar',
  timestamptzAs: 'timestamptz',
  hierarchyidAs: 'ltree',
  spatialAs: 'ewkb',
};

/** What the writer must check per value of a column, and how it encodes it. */
export type ValueCheck =
  | 'none'
  /** Text: PostgreSQL text cannot hold NUL (U+0000). */
  | 'nul'
  /** Fractional seconds beyond 6 digits (PostgreSQL keeps microseconds). */
  | 'sub-microsecond';

export interface TypeMapping {
  /** PostgreSQL type text, e.g. `numeric(19,4)`. */
  sql: string;
  /** What the mapping can lose, when it can (declared as an action item in the plan). */
  lossy?: { code: string; reason: string };
  /** Per-value check at load time, handled by the table's error policy. */
  check: ValueCheck;
  /** True when the type came from a type-override rule (`Column.targetType`). */
  overridden?: boolean;
}

const fractionDigits = (p: number) => Math.min(p, 6);

/** Maps one logical type to PostgreSQL (type-override rules are applied by `mapColumnType`). */
export function mapLogicalType(t: LogicalType, options: TypeMapOptions = defaultTypeMapOptions): TypeMapping {
  switch (t.kind) {
    case 'bool':
      return { sql: 'boolean', check: 'none' };
    case 'int8': // tinyint 0..255: the source guarantees the range, so no CHECK constraint is added
    case 'int16':
      return { sql: 'smallint', check: 'none' };
    case 'int32':
      return { sql: 'integer', check: 'none' };
    case 'int64':
      return { sql: 'bigint', check: 'none' };
    case 'decimal':
      if (t.money) return { sql: t.precision <= 10 ? 'numeric(10,4)' : 'numeric(19,4)', check: 'none' };
      return { sql: `numeric(${t.precision},${t.scale})`, check: 'none' };
    case 'float32':
      return { sql: 'real', check: 'none' };
    case 'float64':
      return { sql: 'double precision', check: 'none' };
    case 'text':
      if (t.length === 'max') return { sql: 'text', check: 'nul' };
      if (t.fixed) return { sql: `char(${t.length})`, check: 'nul' };
      return { sql: options.textFor === 'text' ? 'text' : `varchar(${t.length})`, check: 'nul' };
    case 'binary':
    case 'rowversion':
      return { sql: 'bytea', check: 'none' };
    case 'uuid':
      return { sql: 'uuid', check: 'none' };
    case 'date':
      return { sql: 'date', check: 'none' };
    case 'time':
    case 'timestamp': {
      const p = fractionDigits(t.precision);
      return {
        sql: `${t.kind}(${p})`,
        check: t.precision > 6 ? 'sub-microsecond' : 'none',
        lossy:
          t.precision > 6
            ? {
                code: 'LOSSY_TIME_PRECISION',
                reason: `${t.kind}(${t.precision}) keeps 100 ns, PostgreSQL microseconds: a 7th fraction digit other than 0 is handled by the error policy (fix truncates it)`,
              }
            : undefined,
      };
    }
    case 'timestamptz': {
      if (options.timestamptzAs === 'text') return { sql: 'text', check: 'none' };
      const p = fractionDigits(t.precision);
      const sub = t.precision > 6 ? '; fractions beyond microseconds are a per-value problem' : '';
      return {
        sql: `timestamptz(${p})`,
        check: t.precision > 6 ? 'sub-microsecond' : 'none',
        lossy: {
          code: 'LOSSY_TIMESTAMPTZ_OFFSET',
          reason: `timestamptz keeps the instant, not the original UTC offset (values read back in UTC)${sub}; option timestamptzAs: 'text' keeps the value as written`,
        },
      };
    }
    case 'json':
      return {
        sql: 'jsonb',
        check: 'nul',
        lossy: {
          code: 'LOSSY_JSONB',
          reason: 'jsonb normalises whitespace and key order and keeps the last of duplicate keys',
        },
      };
    case 'xml':
      return { sql: 'xml', check: 'nul' };
    case 'interval':
      return { sql: 'interval', check: 'none' };
    case 'variant':
      return {
        sql: 'text',
        check: 'nul',
        lossy: {
          code: 'LOSSY_VARIANT',
          reason: 'sql_variant values are stored as text; their base type is not kept',
        },
      };
    case 'hierarchy':
      return options.hierarchyidAs === 'ltree'
        ? {
            sql: 'ltree',
            check: 'none',
            lossy: {
              code: 'HIERARCHYID_AS_LTREE',
              reason:
                'hierarchyid paths are ltree labels (/1/3.5/-2/ is 1.3_5.m2); ltree compares labels as text, so ORDER BY puts /10/ before /9/ where SQL Server orders by number',
            },
          }
        : {
            sql: 'text',
            check: 'none',
            lossy: {
              code: 'HIERARCHYID_AS_TEXT',
              reason:
                'hierarchyid paths are stored as text (/1/3/): no hierarchy operators, and text order is not hierarchy order; hierarchyidAs: ltree keeps the tree operators',
            },
          };
    case 'spatial': {
      const name = t.geodetic ? 'geography' : 'geometry';
      return options.spatialAs === 'postgis'
        ? { sql: name, check: 'none' }
        : {
            sql: 'bytea',
            check: 'none',
            lossy: {
              code: 'SPATIAL_AS_EWKB',
              reason: `${name} values are stored as EWKB bytes (SRID, Z and M kept) in bytea: no spatial functions or indexes; with PostGIS on the target, spatialAs: 'postgis' makes them ${name} columns`,
            },
          };
    }
    case 'unknown':
      return {
        sql: 'text',
        check: 'nul',
        lossy: {
          code: 'TYPE_UNKNOWN',
          reason: `no PostgreSQL equivalent (${t.reason}); values are stored as text`,
        },
      };
  }
}

/** The PostgreSQL type of a column: its type-override rule (`targetType`) wins over the map. */
export function mapColumnType(column: Column, options: TypeMapOptions = defaultTypeMapOptions): TypeMapping {
  if (column.targetType) {
    const mapped = mapLogicalType(column.type, options);
    return { sql: column.targetType, check: mapped.check === 'nul' ? 'nul' : 'none', overridden: true };
  }
  return mapLogicalType(column.type, options);
}

/**
 * True when a column's type-override rule names another type than the one its logical type maps to
 * (`money: 'numeric(19,4)'` names the same: its values are written as if there were no override).
 */
export function changesType(
  column: Column,
  mapping: TypeMapping,
  options: TypeMapOptions = defaultTypeMapOptions,
): boolean {
  const squeeze = (sql: string) => sql.replace(/\s+/g, '').toLowerCase();
  return (
    mapping.overridden === true && squeeze(mapping.sql) !== squeeze(mapLogicalType(column.type, options).sql)
  );
}
