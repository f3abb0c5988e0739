// sys.partitions: one partition per heap/index with its row count.
import type { Table } from '../storage/objects.js';
import { BIGINT, INT, TINYINT, nvarchar, type CatalogView } from './view.js';

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
        const id = BigInt(t.objectId) * 65536n + BigInt(i.indexId);
        yield [id, t.objectId, i.indexId, 1, id, rows, 0, 0, 'NONE'];
      }
    }
  },
};
