// sys.schemas: dbo, guest, INFORMATION_SCHEMA, sys, the fixed role schemas and created schemas.
import { INT, SYSNAME, type CatalogView } from './view.js';

export const sysSchemas: CatalogView = {
  name: 'sys.schemas',
  columns: [
    ['name', SYSNAME],
    ['schema_id', INT],
    ['principal_id', INT, true],
  ],
  *rows(db) {
    for (const s of db.schemas)
      yield [
        s.name,
        s.schemaId,
        s.schemaId >= 16384
          ? s.schemaId
          : s.schemaId > 4
            ? s.principalId
            : s.schemaId === 2
              ? 2
              : s.schemaId === 3 || s.schemaId === 4
                ? s.schemaId
                : 1,
      ];
  },
};
