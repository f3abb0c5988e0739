// DMS source filters (selection-rule `filters`) and their T-SQL rendering: the WHERE text the SQL
// Server source appends to its SELECT. Values are typed by the filtered column and quoted exactly.

import type { Column, Table } from '../model/schema-model.js';

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

const comparison: Partial<Record<FilterOperator, string>> = { lte: '<=', gte: '>=', eq: '=', noteq: '<>' };

const quoteName = (name: string) => `[${name.replace(/]/g, ']]')}]`;
const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;

class FilterProblem extends Error {}
const bad = (message: string): never => {
  throw new FilterProblem(message);
};

const datePart = String.raw`\d{4}-\d{2}-\d{2}`;
const timePart = String.raw`\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?`;
const offsetPart = String.raw`(?:Z|[+-]\d{2}:\d{2})`;
const timestampRe = new RegExp(`^(${datePart})(?:[ T](${timePart}))?$`);
const timestamptzRe = new RegExp(`^(${datePart})(?:[ T](${timePart})(${offsetPart})?)?$`);

/** An exact T-SQL literal of a DMS filter value (given as text) compared with `column`. */
export function filterLiteral(column: Column, value: string): string {
  const t = column.type;
  const expected = (what: string): never =>
    bad(`value ${JSON.stringify(value)} is not ${what} (column ${column.name} is ${column.nativeType})`);
  switch (t.kind) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(value) ? value : expected('a number');
    case 'float32':
    case 'float64':
      return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value) ? value : expected('a number');
    case 'bool':
      if (value === '1' || value.toLowerCase() === 'true') return '1';
      if (value === '0' || value.toLowerCase() === 'false') return '0';
      return expected('0, 1, true or false');
    case 'text':
      return `N${quoteString(value)}`;
    case 'uuid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
        ? `CAST(${quoteString(value)} AS uniqueidentifier)`
        : expected('a uuid');
    case 'date':
      return new RegExp(`^${datePart}$`).test(value)
        ? `CAST(${quoteString(value)} AS date)`
        : expected('a date YYYY-MM-DD');
    case 'time':
      return new RegExp(`^${timePart}$`).test(value)
        ? `CAST(${quoteString(value)} AS time)`
        : expected('a time HH:MM:SS[.fffffff]');
    case 'timestamp':
    case 'timestamptz': {
      const m = (t.kind === 'timestamp' ? timestampRe : timestamptzRe).exec(value);
      if (!m)
        return expected(
          `a timestamp YYYY-MM-DD[ HH:MM:SS[.fffffff]]${t.kind === 'timestamptz' ? '[+HH:MM]' : ''}`,
        );
      // ISO 8601 with a T reads the same under every DATEFORMAT/language setting (YYYY-MM-DD alone does not for datetime).
      const iso = `${m[1]}T${m[2] ?? '00:00:00'}${m[3] ?? ''}`;
      return `CAST(${quoteString(iso)} AS ${column.nativeType})`;
    }
    case 'binary':
      return /^0x([0-9a-f]{2})+$/i.test(value) ? value : expected('hex bytes such as 0x0A1B');
    default:
      return bad(`filters on column ${column.name} of type ${column.nativeType} are not supported`);
  }
}

function conditionSql(column: Column, c: FilterCondition): string {
  const name = quoteName(column.name);
  const op = comparison[c.operator];
  if (op) return `${name} ${op} ${filterLiteral(column, c.value!)}`;
  switch (c.operator) {
    case 'null':
      return `${name} IS NULL`;
    case 'notnull':
      return `${name} IS NOT NULL`;
    default: {
      const not = c.operator === 'notbetween' ? 'NOT ' : '';
      return `${name} ${not}BETWEEN ${filterLiteral(column, c.start!)} AND ${filterLiteral(column, c.end!)}`;
    }
  }
}

/**
 * The T-SQL predicate of a table's filters (filters ANDed, conditions of one filter ORed), or
 * `{ error }` naming the column or value that does not fit `table`.
 */
export function sourceFilterSql(table: Table, filters: SourceFilter[]): string | { error: string } {
  try {
    const parts = filters.map((f) => {
      const column =
        table.columns.find((c) => c.name === f.column) ??
        bad(`filter column ${JSON.stringify(f.column)} is not a column of ${table.schema}.${table.name}`);
      const terms = f.conditions.map((c) => conditionSql(column, c));
      return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
    });
    return parts.join(' AND ');
  } catch (e) {
    if (e instanceof FilterProblem) return { error: e.message };
    throw e;
  }
}
