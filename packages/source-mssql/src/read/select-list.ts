// The SELECT list of a table read: each column selected as is when the driver delivers it exactly,
// or converted to text on the server when it does not (decimals, money, temporal types, sql_variant).

import type { Column, QualifiedName } from '@ferry/core';

/** Quotes an identifier with brackets: `Order Details` -> `[Order Details]`, `a]b` -> `[a]]b]`. */
export function quoteName(name: string): string {
  return `[${name.replace(/]/g, ']]')}]`;
}

export function quoteTable(t: QualifiedName): string {
  return `${quoteName(t.schema)}.${quoteName(t.name)}`;
}

/** The base type name of a column's native type: `decimal(38,10)` -> `decimal`. */
export function nativeName(column: Column): string {
  return column.nativeType.replace(/\(.*$/, '').trim().toLowerCase();
}

const variantAsText = (c: string) =>
  [
    'CASE',
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') = 'datetime' THEN CONVERT(nvarchar(4000), CAST(${c} AS datetime), 121)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') = 'datetime2' THEN CONVERT(nvarchar(4000), CAST(${c} AS datetime2(7)), 121)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') = 'datetimeoffset' THEN CONVERT(nvarchar(4000), CAST(${c} AS datetimeoffset(7)), 121)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') = 'time' THEN CONVERT(nvarchar(4000), CAST(${c} AS time(7)), 121)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') = 'date' THEN CONVERT(nvarchar(4000), CAST(${c} AS date), 23)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') = 'smalldatetime' THEN CONVERT(nvarchar(4000), CAST(${c} AS smalldatetime), 120)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') = 'float' THEN CONVERT(nvarchar(4000), CAST(${c} AS float), 3)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') = 'real' THEN CONVERT(nvarchar(4000), CAST(${c} AS real), 3)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') IN ('money', 'smallmoney') THEN CONVERT(nvarchar(4000), CAST(${c} AS money), 2)`,
    `WHEN SQL_VARIANT_PROPERTY(${c}, 'BaseType') IN ('binary', 'varbinary') THEN CONVERT(nvarchar(4000), CAST(${c} AS varbinary(8000)), 1)`,
    `ELSE CONVERT(nvarchar(4000), ${c})`,
    'END',
  ].join(' ');

/** The expression that selects one column in an exactly decodable form (see README "Exact values"). */
export function selectExpression(column: Column): string {
  const c = quoteName(column.name);
  const t = column.type;
  switch (t.kind) {
    case 'decimal':
      return t.money ? `CONVERT(nvarchar(30), ${c}, 2)` : `CONVERT(nvarchar(50), ${c})`;
    case 'date':
    case 'time':
    case 'timestamptz':
      return `CONVERT(nvarchar(40), ${c}, 121)`;
    case 'timestamp':
      return nativeName(column) === 'smalldatetime'
        ? `CONVERT(nvarchar(19), ${c}, 120)`
        : `CONVERT(nvarchar(40), ${c}, 121)`;
    case 'variant':
      return variantAsText(c);
    case 'hierarchy':
      return `CAST(${c} AS nvarchar(4000))`;
    case 'spatial': // decoded by sridAndWkbToEwkb
      return `CAST(${c}.STSrid AS binary(4)) + ${c}.AsBinaryZM()`;
    case 'unknown':
      return `CAST(${c} AS varbinary(max))`;
    default:
      return c;
  }
}

/** `expr AS [name], ...` for the given columns; `instead` may give a column another expression. */
export function selectList(columns: Column[], instead?: (column: Column) => string | undefined): string {
  return columns
    .map((col) => {
      const e = instead?.(col) ?? selectExpression(col);
      const q = quoteName(col.name);
      return e === q ? q : `${e} AS ${q}`;
    })
    .join(', ');
}
