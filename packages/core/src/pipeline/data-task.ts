// A data task: one table or key range to move. A plain serialisable value (names, not objects),
// resolved against the run's table mappings by name, so tasks can later run in other processes.

import { qualifiedName } from '../model/schema-model.js';
import type { KeyRange } from '../plugins/endpoint.js';
import type { TableMapping } from '../rules/table-mapping.js';
import type { Value } from './batch.js';
import { FerryError } from '../errors.js';

export interface DataTask {
  /** Stable id, e.g. `northwind.orders` or `northwind.orders#2` for a key range. */
  id: string;
  /** Source table, `schema.name` as introspected. */
  source: string;
  /** Target table, `schema.name` after rules. */
  target: string;
  /** Key range of the source table (source column names); absent for the whole table. */
  range?: KeyRange;
  /** Rows expected (catalog estimate, divided among ranges); 0 when unknown. */
  rowEstimate: number;
}

/** Finds the mapping a task refers to (by target and source name). */
export function mappingForTask(task: DataTask, mappings: readonly TableMapping[]): TableMapping {
  const found = mappings.find(
    (m) => qualifiedName(m.target) === task.target && qualifiedName(m.source) === task.source,
  );
  if (!found) {
    throw new FerryError(`no table mapping for data task ${task.id} (${task.source} -> ${task.target})`, {
      where: task.id,
      code: 'TASK_UNKNOWN_TABLE',
    });
  }
  return found;
}

function formatBound(values: Value[]): string {
  return values
    .map((v) =>
      v === null
        ? 'NULL'
        : typeof v === 'string'
          ? `'${v.replace(/'/g, "''")}'`
          : Buffer.isBuffer(v)
            ? `0x${v.toString('hex')}`
            : String(v),
    )
    .join(', ');
}

/** Renders a key range for messages, e.g. `range 2 (OrderID >= 10500 and < 10750)`. */
export function formatRange(range: KeyRange | undefined): string {
  if (!range) return 'whole table';
  const key = range.key.length === 1 ? range.key[0] : `(${range.key.join(', ')})`;
  const wrap = (values: Value[]) => (values.length === 1 ? formatBound(values) : `(${formatBound(values)})`);
  const parts: string[] = [];
  if (range.lower) parts.push(`${key} >= ${wrap(range.lower)}`);
  if (range.upper) parts.push(`${parts.length ? '' : `${key} `}< ${wrap(range.upper)}`);
  return `range ${range.index}${parts.length ? ` (${parts.join(' and ')})` : ' (all keys)'}`;
}
