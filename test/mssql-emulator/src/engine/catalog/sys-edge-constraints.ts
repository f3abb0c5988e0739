// sys.edge_constraints and sys.edge_constraint_clauses: the CONNECTION constraints of edge tables.
import type { Database } from '../storage/database.js';
import type { EdgeConstraintObject } from '../storage/objects.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import { BIT, INT, TINYINT, nvarchar, type CatalogView } from './view.js';

const edgeConstraints = (db: Database) =>
  [...db.objects.values()].filter((o): o is EdgeConstraintObject => o.type === 'EC');

export const sysEdgeConstraints: CatalogView = {
  name: 'sys.edge_constraints',
  columns: [
    ...OBJECT_COLUMNS,
    ['is_disabled', BIT],
    ['is_not_trusted', BIT],
    ['is_system_named', BIT],
    ['delete_referential_action', TINYINT],
    ['delete_referential_action_desc', nvarchar(60)],
  ],
  *rows(db) {
    for (const ec of edgeConstraints(db))
      yield [
        ...objectValues(ec),
        ec.isDisabled,
        false,
        ec.isSystemNamed,
        ec.onDeleteCascade ? 1 : 0,
        ec.onDeleteCascade ? 'CASCADE' : 'NO_ACTION',
      ];
  },
};

export const sysEdgeConstraintClauses: CatalogView = {
  name: 'sys.edge_constraint_clauses',
  columns: [
    ['object_id', INT],
    ['clause_number', INT],
    ['from_object_id', INT],
    ['to_object_id', INT],
  ],
  *rows(db) {
    for (const ec of edgeConstraints(db))
      for (const [i, c] of ec.clauses.entries()) yield [ec.objectId, i + 1, c.fromId, c.toId];
  },
};
