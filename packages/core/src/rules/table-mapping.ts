// The result of applying rules to one source table: how its rows become the target table's rows.

import type { Table } from '../model/schema-model.js';
import type { KeyRange, PrepMode, RowFilter, RowSelection } from '../plugins/endpoint.js';
import type { Row, Value } from '../pipeline/batch.js';

export type ErrorPolicy = 'fail' | 'reject' | 'fix';

/** A row as an object keyed by source column name, as row transforms see it. */
export type RowObject = Record<string, Value>;
/** A user row transform: returns the (possibly changed) row, or null to drop it. */
export type RowTransform = (row: RowObject) => RowObject | null;

/** An added column computed from source columns per row (DMS add-column with an expression). */
export interface ComputedColumn {
  /** Source columns read (names), whose values `compute` takes in this order. */
  columns: string[];
  /**
   * The column's canonical value. A result that does not fit the column's type comes back as it is
   * (not canonical), for the target's user-value check to refuse under the table's `onError` policy.
   */
  compute(values: Value[]): Value;
}

export interface ColumnMapping {
  /** Source column read for this target column; absent for an added column. */
  source?: string;
  target: string;
  /** Constant value of an added column (DMS add-column with a literal expression). */
  constant?: Value;
  /** Per-row value of an added column (DMS add-column with an expression over source columns). */
  computed?: ComputedColumn;
}

export interface TableMapping {
  /** Source table as introspected (only the selected columns are read). */
  source: Table;
  /** Target-shaped table (names after rules and naming strategy, types after overrides). */
  target: Table;
  /** Target columns in order, with where each value comes from. */
  columns: ColumnMapping[];
  /** Source columns to read, in batch order (what `SourceEndpoint.read` is asked for). */
  readColumns: string[];
  /** The per-table `where` option: source-dialect text, passed to the source as written. */
  where?: string;
  /** The DMS source filters of the table, as data each source renders (ANDed with `where`). */
  filters?: RowFilter[];
  transform?: RowTransform;
  prep: PrepMode;
  onError: ErrorPolicy;
  /** Number of key ranges to split the table into (1 = whole table). */
  ranges: number;
  /** Explicit key ranges (DMS parallel-load "ranges"): used as they are, the source does not split the table. */
  keyRanges?: KeyRange[];
}

export type { Row };

/** The rows of a mapping's source table that are read and counted: its `where` and its filters. */
export function rowSelection(mapping: Pick<TableMapping, 'where' | 'filters'>): RowSelection {
  return {
    ...(mapping.where ? { where: mapping.where } : {}),
    ...(mapping.filters ? { filters: mapping.filters } : {}),
  };
}
