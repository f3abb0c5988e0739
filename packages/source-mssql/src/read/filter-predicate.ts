// Row filters (DMS source filters, structured by core) as a T-SQL predicate whose values are query
// parameters: filters ANDed, the predicates of one filter ORed.

import { FerryError, type ColumnPredicate, type RowFilter, type Table } from '@ferry/core';
import { valueSql } from './key-predicate.js';
import type { QueryParameters } from './query-parameters.js';
import { quoteName } from './select-list.js';

const comparisons = { eq: '=', ne: '<>', le: '<=', ge: '>=' } as const;

function predicateSql(table: Table, p: ColumnPredicate, params: QueryParameters): string {
  const column = table.columns.find((c) => c.name === p.column);
  if (!column)
    throw new FerryError(`Filter column ${p.column} is not a column of ${table.schema}.${table.name}`, {
      where: `${table.schema}.${table.name}`,
    });
  const name = quoteName(column.name);
  const value = (i: number) => valueSql(column, p.values[i] ?? null, params, 'unicode');
  switch (p.op) {
    case 'is-null':
      return `${name} IS NULL`;
    case 'is-not-null':
      return `${name} IS NOT NULL`;
    case 'between':
    case 'not-between':
      return `${name} ${p.op === 'not-between' ? 'NOT ' : ''}BETWEEN ${value(0)} AND ${value(1)}`;
    default:
      return `${name} ${comparisons[p.op]} ${value(0)}`;
  }
}

/** The predicate of `filters` on `table`, or undefined when there are none. */
export function filterPredicate(
  table: Table,
  filters: readonly RowFilter[] | undefined,
  params: QueryParameters,
): string | undefined {
  if (!filters?.length) return undefined;
  return filters
    .map((f) => {
      const terms = f.anyOf.map((p) => predicateSql(table, p, params));
      return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
    })
    .join(' AND ');
}
