// sys.sequences and sys.synonyms.
import type { Sequence, Synonym } from '../storage/objects.js';
import { convert } from '../types/convert.js';
import { precisionOf, scaleOf } from '../types/sql-type.js';
import { systemType } from '../types/system-types.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import { BIT, INT, TINYINT, VARIANT, nvarchar, type CatalogView } from './view.js';

export const sysSequences: CatalogView = {
  name: 'sys.sequences',
  columns: [
    ...OBJECT_COLUMNS,
    ['start_value', VARIANT],
    ['increment', VARIANT],
    ['minimum_value', VARIANT, true],
    ['maximum_value', VARIANT, true],
    ['is_cycling', BIT, true],
    ['is_cached', BIT, true],
    ['cache_size', INT, true],
    ['system_type_id', TINYINT],
    ['user_type_id', INT],
    ['precision', TINYINT],
    ['scale', TINYINT],
    ['current_value', VARIANT],
    ['is_exhausted', BIT],
    ['last_used_value', VARIANT, true],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'SO') {
        const s = o as Sequence;
        const v = (n: bigint | null) =>
          n === null
            ? null
            : convert(convert(n, { name: 'bigint' }, s.seqType), s.seqType, { name: 'sql_variant' });
        yield [
          ...objectValues(s),
          v(s.start),
          v(s.increment),
          v(s.minimum),
          v(s.maximum),
          s.cycle,
          s.cached,
          s.cacheSize,
          systemType(s.seqType.name)!.systemTypeId,
          s.userTypeId,
          precisionOf(s.seqType),
          scaleOf(s.seqType),
          v(s.current),
          s.exhausted,
          v(s.lastUsed),
        ];
      }
  },
};

export const sysSynonyms: CatalogView = {
  name: 'sys.synonyms',
  columns: [...OBJECT_COLUMNS, ['base_object_name', nvarchar(1035), true]],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'SN') yield [...objectValues(o), (o as Synonym).baseObjectName];
  },
};
