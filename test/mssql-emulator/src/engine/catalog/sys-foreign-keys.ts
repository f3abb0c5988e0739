// sys.foreign_keys: FK constraints with referenced table, actions and disabled/trusted state.
import type { ForeignKey, ReferentialAction, Table } from '../storage/objects.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import { BIT, INT, TINYINT, nvarchar, type CatalogView } from './view.js';

const ACTION_CODE: Record<ReferentialAction, number> = {
  NO_ACTION: 0,
  CASCADE: 1,
  SET_NULL: 2,
  SET_DEFAULT: 3,
};

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
        const ref = db.table(f.referencedId) as Table | undefined;
        const keyIndex = ref?.indexes.find(
          (i) =>
            (i.isPrimaryKey || i.isUnique) &&
            i.columns.filter((c) => !c.included).length === f.columns.length &&
            f.columns.every((fc) => i.columns.some((c) => c.columnId === fc.referenced)),
        );
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
