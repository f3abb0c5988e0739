// The legacy sysobjects compatibility view, enough for `if exists (select * from sysobjects where
// id = object_id('x') and sysstat & 0xf = 3)` in old scripts.
import { DATETIME, INT, SMALLINT, SYSNAME, char, typeCode, type CatalogView } from './view.js';

/** Low nibble of sysstat per object type (3 table, 2 view, 4 procedure, 8 trigger...). */
const SYSSTAT: Record<string, number> = {
  U: 3,
  V: 2,
  P: 4,
  TR: 8,
  D: 6,
  FN: 0,
  IF: 0,
  TF: 0,
  PK: 0,
  UQ: 0,
  F: 0,
  C: 0,
};

export const sysobjects: CatalogView = {
  name: 'dbo.sysobjects',
  columns: [
    ['name', SYSNAME],
    ['id', INT],
    ['xtype', char(2)],
    ['uid', SMALLINT, true],
    ['parent_obj', INT, true],
    ['crdate', DATETIME],
    ['type', char(2), true],
    ['sysstat', SMALLINT, true],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      yield [
        o.name,
        o.objectId,
        typeCode(o.type),
        o.schemaId,
        o.parentId,
        o.createDate,
        typeCode(o.type),
        (SYSSTAT[o.type] ?? 0) | 0x30,
      ];
  },
};
