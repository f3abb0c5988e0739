// Compares what the SQL Server side and the PostgreSQL side returned for one object: the result sets
// (count, columns, rows in order) and the output parameters, PostgreSQL's values normalised by the
// SQL Server column's logical type exactly as data validation normalises them.

import type { LogicalType } from '@ferry/core';
import { normalName } from './choose-arguments.js';
import { targetValue } from './normalize-row.js';
import type { Execution, ResultSet } from './outcome.js';

const TEXT: LogicalType = { kind: 'text', length: 'max', unicode: true, fixed: false };
const show = (v: string | null | undefined) =>
  v === null || v === undefined ? 'NULL' : `'${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;

/** How rows are ordered: `unordered` (views, routines without ORDER BY), else `orderKeys` when known. */
export interface RowOrder {
  unordered?: boolean;
  /** The output columns the ORDER BY sorts on: rows with equal keys may come in any order (ties). */
  orderKeys?: readonly string[];
}

/**
 * The first difference, or undefined when both sides returned the same. Unordered rows are compared as
 * multisets, each side sorted by its normalised values; ordered rows in order, except that rows whose
 * order keys are equal (a result set holding every key column) may come in any order.
 */
export function firstDifference(
  source: Execution,
  target: Execution,
  order: RowOrder = {},
): string | undefined {
  if (source.resultSets.length !== target.resultSets.length)
    return `${source.resultSets.length} result set(s) on SQL Server, ${target.resultSets.length} on PostgreSQL`;
  for (let i = 0; i < source.resultSets.length; i++) {
    const d = setDifference(source.resultSets[i]!, target.resultSets[i]!, order);
    if (d) return source.resultSets.length > 1 ? `result set ${i + 1}: ${d}` : d;
  }
  for (const [name, value] of Object.entries(source.outputs)) {
    const type = source.outputTypes?.[name] ?? TEXT;
    const other = name in target.outputs ? targetValue(type, target.outputs[name]!) : undefined;
    if (other === undefined) return `output @${name} is not returned by PostgreSQL`;
    if (other !== value) return `output @${name}: SQL Server ${show(value)}, PostgreSQL ${show(other)}`;
  }
  return undefined;
}

function setDifference(
  source: ResultSet,
  target: ResultSet,
  { unordered = false, orderKeys }: RowOrder,
): string | undefined {
  if (source.columns.length !== target.columns.length)
    return `${source.columns.length} column(s) on SQL Server (${source.columns.join(', ')}), ${target.columns.length} on PostgreSQL (${target.columns.join(', ')})`;
  for (let c = 0; c < source.columns.length; c++)
    // A column SQL Server leaves unnamed (SELECT @v) cannot be read by name: any name matches it.
    if (source.columns[c] !== '' && !sameColumnName(source.columns, c, target.columns[c]!))
      return `column ${c + 1} is "${source.columns[c]}" on SQL Server, "${target.columns[c]}" on PostgreSQL`;
  const types = source.types ?? source.columns.map(() => TEXT);
  const normalised = target.rows.map((row) => row.map((v, c) => targetValue(types[c]!, v)));
  const sourceRows = unordered ? [...source.rows].sort(byKey) : source.rows;
  const rows = unordered ? normalised.sort(byKey) : normalised;
  if (sourceRows.length !== rows.length)
    return `${sourceRows.length} row(s) on SQL Server, ${rows.length} on PostgreSQL${rowNote(sourceRows, rows)}`;
  for (let r = 0; r < rows.length; r++)
    for (let c = 0; c < source.columns.length; c++)
      if (sourceRows[r]![c] !== rows[r]![c]) {
        const where = `row ${r + 1} column ${source.columns[c]}: SQL Server ${show(sourceRows[r]![c])}, PostgreSQL ${show(rows[r]![c])}`;
        if (!sameRows(sourceRows, rows)) return where;
        return tiesOnly(source.columns, orderKeys, sourceRows, rows)
          ? undefined
          : `the same rows in another order (first at ${where})`;
      }
  return undefined;
}

/**
 * True when two orders of the same rows differ only among rows whose order keys are equal: the key
 * columns hold the same values row by row (so each run of equal keys holds the same rows on both sides).
 */
function tiesOnly(
  columns: readonly string[],
  orderKeys: readonly string[] | undefined,
  a: (string | null)[][],
  b: (string | null)[][],
): boolean {
  const keys = orderKeys?.map((k) => columns.findIndex((c) => normalName(c) === normalName(k)));
  if (!keys?.length || keys.some((k) => k < 0)) return false;
  return a.every((row, r) => keys.every((k) => row[k] === b[r]![k]));
}

/**
 * True when PostgreSQL's column `target` is source column `c` after the naming strategy: the same name
 * once case, `_` and spaces are ignored, or, when an earlier source column has that name too (`DateKey`
 * then `Date Key`), that name with the collision suffix _2, _3... (passes/output-names.ts).
 */
function sameColumnName(source: readonly string[], c: number, target: string): boolean {
  const name = normalName(source[c]!);
  if (name === normalName(target)) return true;
  const collides = source.slice(0, c).some((s) => normalName(s) === name);
  const suffix = /_([0-9]+)$/.exec(target);
  return (
    collides &&
    suffix !== null &&
    Number(suffix[1]) >= 2 &&
    normalName(target.slice(0, suffix.index)) === name
  );
}

const rowKey = (row: (string | null)[]) => JSON.stringify(row);

/** True when both hold the same rows, counting duplicates, in any order. */
export function sameRows(a: (string | null)[][], b: (string | null)[][]): boolean {
  if (a.length !== b.length) return false;
  const x = a.map(rowKey).sort();
  const y = b.map(rowKey).sort();
  return x.every((k, i) => k === y[i]);
}

/** The first row one side has and the other lacks, for a row-count difference. */
function rowNote(source: (string | null)[][], target: (string | null)[][]): string {
  const keys = new Set(target.map(rowKey));
  const missing = source.find((r) => !keys.has(rowKey(r)));
  if (missing) return `; first row missing on PostgreSQL: ${rowKey(missing)}`;
  const own = new Set(source.map(rowKey));
  const extra = target.find((r) => !own.has(rowKey(r)));
  return extra ? `; first extra row on PostgreSQL: ${rowKey(extra)}` : '';
}

const byKey = (a: (string | null)[], b: (string | null)[]) => {
  const x = rowKey(a);
  const y = rowKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
