// sys.extended_properties: MS_Description and other properties added with sp_addextendedproperty.
import { INT, SYSNAME, TINYINT, VARIANT, nvarchar, type CatalogView } from './view.js';

const CLASS_DESC: Record<number, string> = {
  0: 'DATABASE',
  1: 'OBJECT_OR_COLUMN',
  2: 'PARAMETER',
  3: 'SCHEMA',
  6: 'TYPE',
  7: 'INDEX',
  20: 'DATASPACE',
};

export const sysExtendedProperties: CatalogView = {
  name: 'sys.extended_properties',
  columns: [
    ['class', TINYINT],
    ['class_desc', nvarchar(60), true],
    ['major_id', INT],
    ['minor_id', INT],
    ['name', SYSNAME],
    ['value', VARIANT, true],
  ],
  *rows(db) {
    for (const p of db.extendedProperties)
      yield [p.class, CLASS_DESC[p.class] ?? null, p.majorId, p.minorId, p.name, p.value];
  },
};
