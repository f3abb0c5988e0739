// Whether a table can take the fast path's binary rows (see @ferry/core binary-rows.ts) as they
// are: COPY binary, each column's type the default mapping of its logical type (whose binary COPY
// form the binary row form is), and nothing the writer would otherwise check or change per value.

import { binaryRowKinds, type Table } from '@ferry/core';
import { isGeneratedColumn } from '../ddl/create-table.js';
import { changesType, mapColumnType, type TypeMapOptions } from '../types.js';

/** Why `columns` of `table` cannot be loaded from binary rows, or undefined when they can. */
export function binaryRowsProblem(
  table: Table,
  columns: readonly string[],
  types: TypeMapOptions,
  format: 'text' | 'binary',
): string | undefined {
  if (format !== 'binary') return "the target's copyFormat is text";
  for (const name of columns) {
    const column = table.columns.find((c) => c.name === name);
    if (!column) return `${name} is not a column of ${table.name}`;
    if (isGeneratedColumn(column, table)) return `column ${name} is generated (left out of COPY)`;
    const mapping = mapColumnType(column, types);
    if (changesType(column, mapping, types)) return `column ${name} has a type override (${mapping.sql})`;
    if (
      !binaryRowKinds.has(column.type.kind) ||
      (column.type.kind === 'timestamptz' && mapping.sql === 'text')
    )
      return `column ${name} loads as ${mapping.sql} from a ${column.type.kind} value`;
  }
  return undefined;
}
