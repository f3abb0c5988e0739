// sys.indexes: heaps (index_id 0), clustered (1) and nonclustered (2+) rowstore, columnstore, hash and
// XML indexes of tables, and the indexes of indexed views, with their data space; sys.hash_indexes and sys.xml_indexes extend it.
import type { Database } from '../storage/database.js';
import type { Index, Module, Table } from '../storage/objects.js';
import type { Value } from '../types/convert.js';
import {
  BIGINT,
  BIT,
  INT,
  SYSNAME,
  TINYINT,
  NVARCHAR_MAX,
  char,
  nvarchar,
  type CatalogView,
} from './view.js';

const TYPE_DESC: Record<Index['type'], string> = {
  0: 'HEAP',
  1: 'CLUSTERED',
  2: 'NONCLUSTERED',
  3: 'XML',
  5: 'CLUSTERED COLUMNSTORE',
  6: 'NONCLUSTERED COLUMNSTORE',
  7: 'NONCLUSTERED HASH',
};

const INDEX_COLUMNS: CatalogView['columns'] = [
  ['object_id', INT],
  ['name', SYSNAME, true],
  ['index_id', INT],
  ['type', TINYINT],
  ['type_desc', nvarchar(60), true],
  ['is_unique', BIT, true],
  ['data_space_id', INT, true],
  ['ignore_dup_key', BIT, true],
  ['is_primary_key', BIT, true],
  ['is_unique_constraint', BIT, true],
  ['fill_factor', TINYINT],
  ['is_padded', BIT, true],
  ['is_disabled', BIT, true],
  ['is_hypothetical', BIT, true],
  ['is_ignored_in_optimization', BIT, true],
  ['allow_row_locks', BIT, true],
  ['allow_page_locks', BIT, true],
  ['has_filter', BIT, true],
  ['filter_definition', NVARCHAR_MAX, true],
  ['auto_created', BIT, true],
  ['optimize_for_sequential_key', BIT, true],
];

/** The index's filegroup or partition scheme: its own ON, else the table's, else the default filegroup; 0 in memory. */
export function indexDataSpaceId(db: Database, table: Table, index: Index): number {
  if (table.storage?.memoryOptimized) return 0;
  const placement = index.placement ?? table.storage?.placement;
  return placement?.dataSpaceId ?? db.dataSpaces.filegroups.find((f) => f.isDefault)!.dataSpaceId;
}

export function* tableIndexes(db: Database): Iterable<[Table, Index]> {
  for (const o of db.objects.values()) {
    if (o.type !== 'U' && o.type !== 'TT') continue;
    for (const i of (o as Table).indexes) yield [o as Table, i];
  }
}

function indexValues(db: Database, t: Table, i: Index): Value[] {
  const locks = i.type !== 5 && !t.storage?.memoryOptimized;
  return [
    t.objectId,
    i.name,
    i.indexId,
    i.type,
    TYPE_DESC[i.type],
    i.isUnique,
    indexDataSpaceId(db, t, i),
    false,
    i.isPrimaryKey,
    i.isUniqueConstraint,
    0,
    false,
    i.isDisabled,
    false,
    false,
    locks,
    locks,
    i.filter !== undefined,
    i.filter ?? null,
    false,
    false,
  ];
}

/** The indexes of indexed views, each with its view (a view has no storage of its own: the default filegroup). */
export function* viewIndexes(db: Database): Iterable<[Module, Index]> {
  for (const o of db.objects.values())
    if (o.type === 'V') for (const i of (o as Module).indexes ?? []) yield [o as Module, i];
}

export const sysIndexes: CatalogView = {
  name: 'sys.indexes',
  columns: INDEX_COLUMNS,
  *rows(db) {
    for (const [t, i] of tableIndexes(db)) yield indexValues(db, t, i);
    for (const [v, i] of viewIndexes(db)) yield indexValues(db, v as unknown as Table, i);
  },
};

export const sysHashIndexes: CatalogView = {
  name: 'sys.hash_indexes',
  columns: [...INDEX_COLUMNS, ['bucket_count', BIGINT, true]],
  *rows(db) {
    for (const [t, i] of tableIndexes(db))
      if (i.type === 7) yield [...indexValues(db, t, i), BigInt(i.bucketCount ?? 0)];
  },
};

const SECONDARY = { PATH: 'P', VALUE: 'V', PROPERTY: 'R' } as const;

export const sysXmlIndexes: CatalogView = {
  name: 'sys.xml_indexes',
  columns: [
    ...INDEX_COLUMNS,
    ['using_xml_index_id', INT, true],
    ['secondary_type', char(1), true],
    ['secondary_type_desc', nvarchar(60), true],
    ['xml_index_type', TINYINT, true],
    ['xml_index_type_description', nvarchar(60), true],
    ['path_id', INT, true],
  ],
  *rows(db) {
    for (const [t, i] of tableIndexes(db)) {
      if (i.type !== 3) continue;
      const secondary = i.xml?.secondaryType;
      yield [
        ...indexValues(db, t, i),
        i.xml?.usingIndexId ?? null,
        secondary ? SECONDARY[secondary] : null,
        secondary ?? null,
        secondary ? 1 : 0,
        secondary ? 'SECONDARY_XML_INDEX' : 'PRIMARY_XML_INDEX',
        null,
      ];
    }
  },
};
