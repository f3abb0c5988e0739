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

/**
 * Two differing values as the report shows them: whole when short; two long texts from a little
 * before their first differing character (`at character 145: SQL Server '...FullName nvarchar(100)...'`).
 */
export function showPair(a: string | null | undefined, b: string | null | undefined): string {
  const pair = (x: string, y: string) => `SQL Server ${x}, PostgreSQL ${y}`;
  if (typeof a !== 'string' || typeof b !== 'string' || (a.length <= 60 && b.length <= 60))
    return pair(show(a), show(b));
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const from = Math.max(0, at - 20);
  const window = (v: string) =>
    `'${from > 0 ? '...' : ''}${v.slice(from, from + 57)}${v.length > from + 57 ? '...' : ''}'`;
  return `at character ${at + 1}: ${pair(window(a), window(b))}`;
}

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
    if (other !== value) return `output @${name}: ${showPair(value, other)}`;
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
        const where = `row ${r + 1} column ${source.columns[c]}: ${showPair(sourceRows[r]![c], rows[r]![c])}`;
        if (!sameRows(sourceRows, rows)) return `${where}${otherDifferences(sourceRows, rows)}`;
        return tiesOnly(source.columns, orderKeys, sourceRows, rows)
          ? undefined
          : `the same rows in another order (first at ${where})`;
      }
  return undefined;
}

/** For rows paired in order that differ in more than one value: how many values, in how many rows. */
function otherDifferences(a: (string | null)[][], b: (string | null)[][]): string {
  const counts = a.map((row, r) => row.filter((v, c) => v !== b[r]![c]).length);
  const values = counts.reduce((x, y) => x + y, 0);
  const inRows = counts.filter((n) => n > 0).length;
  return values > 1 ? ` (${values} values differ, in ${inRows} row${inRows > 1 ? 's' : ''})` : '';
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

/**
 * For a row-count difference: how many rows each side has that the other lacks, and the first of
 * each (a row that differs in one value is both missing and extra).
 */
function rowNote(source: (string | null)[][], target: (string | null)[][]): string {
  const lacking = (rows: (string | null)[][], other: (string | null)[][]) => {
    const keys = new Set(other.map(rowKey));
    return rows.filter((r) => !keys.has(rowKey(r)));
  };
  const missing = lacking(source, target);
  const extra = lacking(target, source);
  return [
    missing.length ? `; ${missing.length} missing on PostgreSQL, first ${rowKey(missing[0]!)}` : '',
    extra.length ? `; ${extra.length} extra on PostgreSQL, first ${rowKey(extra[0]!)}` : '',
  ].join('');
}

const byKey = (a: (string | null)[], b: (string | null)[]) => {
  const x = rowKey(a);
  const y = rowKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
