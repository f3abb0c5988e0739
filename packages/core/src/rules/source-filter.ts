// DMS source filters (selection-rule `filters`) as structured row filters: each value is checked
// against the filtered column's type and turned into a typed value; each source renders the filter
// in its own dialect (see RowFilter in plugins/endpoint.ts).

import type { Column, Table } from '../model/schema-model.js';
import type { Value } from '../pipeline/batch.js';
import type { ColumnPredicate, ColumnPredicateOp, RowFilter } from '../plugins/endpoint.js';

export type FilterOperator = 'lte' | 'gte' | 'eq' | 'noteq' | 'between' | 'notbetween' | 'null' | 'notnull';

/** One filter condition; `value` for lte/gte/eq/noteq, `start`/`end` for between/notbetween. */
export interface FilterCondition {
  operator: FilterOperator;
  value?: string;
  start?: string;
  end?: string;
}

/** A filter on one column: its conditions are ORed; the filters of a table are ANDed. */
export interface SourceFilter {
  column: string;
  conditions: FilterCondition[];
}

const predicateOps: Record<FilterOperator, ColumnPredicateOp> = {
  lte: 'le',
  gte: 'ge',
  eq: 'eq',
  noteq: 'ne',
  between: 'between',
  notbetween: 'not-between',
  null: 'is-null',
  notnull: 'is-not-null',
};

class FilterProblem extends Error {}
const bad = (message: string): never => {
  throw new FilterProblem(message);
};

const datePart = String.raw`\d{4}-\d{2}-\d{2}`;
const timePart = String.raw`\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?`;
const offsetPart = String.raw`(?:Z|[+-]\d{2}:\d{2})`;
const timestampRe = new RegExp(`^(${datePart})(?:[ T](${timePart}))?$`);
const timestamptzRe = new RegExp(`^(${datePart})(?:[ T](${timePart})(${offsetPart})?)?$`);

/** The typed value of a DMS filter value (given as text) compared with `column`. */
export function filterValue(column: Column, value: string): Value {
  const t = column.type;
  const expected = (what: string): never =>
    bad(`value ${JSON.stringify(value)} is not ${what} (column ${column.name} is ${column.nativeType})`);
  switch (t.kind) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return /^-?\d+$/.test(value) ? integer(value) : expected('an integer');
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(value) ? value : expected('a number');
    case 'float32':
    case 'float64':
      return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value) && Number.isFinite(Number(value))
        ? Number(value)
        : expected('a number');
    case 'bool':
      if (value === '1' || value.toLowerCase() === 'true') return true;
      if (value === '0' || value.toLowerCase() === 'false') return false;
      return expected('0, 1, true or false');
    case 'text':
      return value;
    case 'uuid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
        ? value.toUpperCase()
        : expected('a uuid');
    case 'date':
      return new RegExp(`^${datePart}$`).test(value) ? value : expected('a date YYYY-MM-DD');
    case 'time':
      return new RegExp(`^${timePart}$`).test(value) ? value : expected('a time HH:MM:SS[.fffffff]');
    case 'timestamp':
    case 'timestamptz': {
      const m = (t.kind === 'timestamp' ? timestampRe : timestamptzRe).exec(value);
      if (!m)
        return expected(
          `a timestamp YYYY-MM-DD[ HH:MM:SS[.fffffff]]${t.kind === 'timestamptz' ? '[+HH:MM]' : ''}`,
        );
      return `${m[1]} ${m[2] ?? '00:00:00'}${m[3] ?? ''}`;
    }
    case 'binary':
      return /^0x([0-9a-f]{2})+$/i.test(value)
        ? Buffer.from(value.slice(2), 'hex')
        : expected('hex bytes such as 0x0A1B');
    default:
      return bad(`filters on column ${column.name} of type ${column.nativeType} are not supported`);
  }
}

/** Integer text as a number when it is exact in one, else a bigint. */
function integer(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function predicate(column: Column, c: FilterCondition): ColumnPredicate {
  const op = predicateOps[c.operator];
  const values =
    op === 'is-null' || op === 'is-not-null'
      ? []
      : op === 'between' || op === 'not-between'
        ? [filterValue(column, c.start!), filterValue(column, c.end!)]
        : [filterValue(column, c.value!)];
  return { column: column.name, op, values };
}

/**
 * A table's DMS filters as row filters (filters ANDed, conditions of one filter ORed), or
 * `{ error }` naming the column or value that does not fit `table`.
 */
export function compileSourceFilters(table: Table, filters: SourceFilter[]): RowFilter[] | { error: string } {
  try {
    return filters.map((f) => {
      const column =
        table.columns.find((c) => c.name === f.column) ??
        bad(`filter column ${JSON.stringify(f.column)} is not a column of ${table.schema}.${table.name}`);
      return { anyOf: f.conditions.map((c) => predicate(column, c)) };
    });
  } catch (e) {
    if (e instanceof FilterProblem) return { error: e.message };
    throw e;
  }
}
