// sys.partitions: one partition per heap/index, or one per partition of the partition function when
// the index lives on a partition scheme, with the rows each holds.
import type { Database } from '../storage/database.js';
import type { PartitionFunction } from '../storage/data-spaces.js';
import type { Index, Table } from '../storage/objects.js';
import type { Value } from '../types/convert.js';
import { compareValues } from '../exec/compare.js';
import { BIGINT, INT, TINYINT, nvarchar, type CatalogView } from './view.js';

/** The 1-based partition a value falls in (NULL in the first), as $PARTITION computes it. */
export function partitionNumber(fn: PartitionFunction, value: Value): number {
  if (value === null) return 1;
  let n = 1;
  for (const b of fn.boundaries) {
    const c = compareValues(value, b, fn.type);
    if (fn.boundaryOnRight ? c >= 0 : c > 0) n++;
    else break;
  }
  return n;
}

/** Rows per partition of an index, or undefined when it is not partitioned. */
function partitionRows(db: Database, t: Table, i: Index): bigint[] | undefined {
  const placement = i.placement ?? t.storage?.placement;
  if (placement?.partitionColumnId === undefined) return undefined;
  const scheme = db.dataSpaces.schemes.find((s) => s.dataSpaceId === placement.dataSpaceId)!;
  const fn = db.dataSpaces.functions.find((f) => f.functionId === scheme.functionId)!;
  const counts = Array.from({ length: fn.boundaries.length + 1 }, () => 0n);
  const at = t.columns.findIndex((c) => c.columnId === placement.partitionColumnId);
  for (const row of t.rows) counts[partitionNumber(fn, row[at]) - 1]++;
  return counts;
}

export const sysPartitions: CatalogView = {
  name: 'sys.partitions',
  columns: [
    ['partition_id', BIGINT],
    ['object_id', INT],
    ['index_id', INT],
    ['partition_number', INT],
    ['hobt_id', BIGINT],
    ['rows', BIGINT, true],
    ['filestream_filegroup_id', TINYINT],
    ['data_compression', TINYINT],
    ['data_compression_desc', nvarchar(60), true],
  ],
  *rows(db) {
    for (const o of db.objects.values()) {
      if (o.type !== 'U') continue;
      const t = o as Table;
      const rows = t.generated ? BigInt(t.generated.rows) : BigInt(t.rows.length);
      for (const i of t.indexes) {
        const columnstore = i.type === 5 || i.type === 6;
        const compression: [number, string] = columnstore ? [3, 'COLUMNSTORE'] : [0, 'NONE'];
        const perPartition = partitionRows(db, t, i) ?? [rows];
        for (const [p, count] of perPartition.entries()) {
          const id = BigInt(t.objectId) * 65536n + BigInt(i.indexId) + (BigInt(p) << 48n);
          yield [id, t.objectId, i.indexId, p + 1, id, count, 0, ...compression];
        }
      }
    }
  },
};
