// sys.foreign_keys: FK constraints with referenced table, actions and disabled/trusted state.
import type { Database } from '../storage/database.js';
import type { ForeignKey, Index, ReferentialAction, Table } from '../storage/objects.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import { BIT, INT, TINYINT, nvarchar, type CatalogView } from './view.js';

const ACTION_CODE: Record<ReferentialAction, number> = {
  NO_ACTION: 0,
  CASCADE: 1,
  SET_NULL: 2,
  SET_DEFAULT: 3,
};

/** The primary key or unique index of the referenced table that a foreign key refers to. */
export function referencedKeyIndex(db: Database, f: ForeignKey): Index | undefined {
  const ref = db.table(f.referencedId) as Table | undefined;
  return ref?.indexes.find(
    (i) =>
      (i.isPrimaryKey || i.isUnique) &&
      i.columns.filter((c) => !c.included).length === f.columns.length &&
      f.columns.every((fc) => i.columns.some((c) => c.columnId === fc.referenced)),
  );
}

export const sysForeignKeys: CatalogView = {
  name: 'sys.foreign_keys',
  columns: [
    ...OBJECT_COLUMNS,
    ['referenced_object_id', INT, true],
    ['key_index_id', INT, true],
    ['is_disabled', BIT],
    ['is_not_for_replication', BIT],
    ['is_not_trusted', BIT],
    ['delete_referential_action', TINYINT, true],
    ['delete_referential_action_desc', nvarchar(60), true],
    ['update_referential_action', TINYINT, true],
    ['update_referential_action_desc', nvarchar(60), true],
    ['is_system_named', BIT],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'F') {
        const f = o as ForeignKey;
        const keyIndex = referencedKeyIndex(db, f);
        yield [
          ...objectValues(f),
          f.referencedId,
          keyIndex?.indexId ?? null,
          f.isDisabled,
          f.notForReplication,
          f.isNotTrusted,
          ACTION_CODE[f.onDelete],
          f.onDelete,
          ACTION_CODE[f.onUpdate],
          f.onUpdate,
          f.isSystemNamed,
        ];
      }
  },
};
