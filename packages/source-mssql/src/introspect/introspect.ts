// Runs the catalog queries of this folder (one set-based query per .sql file, in parallel over the
// pool) and builds the schema model. Rows are typed by the interfaces in catalog-rows.ts.

import { readFileSync } from 'node:fs';
import type { IntrospectOptions, QualifiedName } from '@ferry/core';
import type { ConnectionPool } from 'mssql';
import { queryRows } from '../connection.js';
import { buildModel, type BuildResult, type TsqlParsers } from './build-model.js';
import type { CatalogRows } from './catalog-rows.js';
import { addReadRestrictions } from './read-restrictions.js';
import { quoteTable } from '../read/select-list.js';

const files: Record<keyof CatalogRows, string> = {
  database: 'database.sql',
  schemas: 'schemas.sql',
  tables: 'tables.sql',
  columns: 'columns.sql',
  indexes: 'indexes.sql',
  foreignKeys: 'foreign-keys.sql',
  checkConstraints: 'check-constraints.sql',
  modules: 'modules.sql',
  triggers: 'triggers.sql',
  sequences: 'sequences.sql',
  synonyms: 'synonyms.sql',
  userTypes: 'user-types.sql',
  partitions: 'partitions.sql',
  principals: 'principals.sql',
  permissions: 'permissions.sql',
  securityPredicates: 'security-predicates.sql',
  maskedColumns: 'masked-columns.sql',
  readAccess: 'read-access.sql',
};

/**
 * The text of one catalog query file, e.g. `catalogQuery('columns.sql')`. The files stay in
 * src/introspect (the package ships them), read from there by the sources and by the build in dist/.
 */
export function catalogQuery(file: string): string {
  return readFileSync(new URL(`../../src/introspect/${file}`, import.meta.url), 'utf8');
}

/** The T-SQL parsers for expressions and module definitions (loaded on first introspection). */
async function loadParsers(): Promise<TsqlParsers> {
  const { parseExpression, parseBatch } = await import('@ferry/tsql');
  return {
    expression: parseExpression,
    // A module definition is one batch whose CREATE statement is the module (comments may precede it).
    module: (definition) => parseBatch(definition).find((s) => s.kind.startsWith('Create')),
  };
}

/** Reads every catalog query once and builds the model (filtered by `options.include`). */
export async function readCatalog(
  pool: ConnectionPool,
  options: IntrospectOptions = {},
): Promise<BuildResult> {
  const entries = await Promise.all(
    Object.entries(files).map(
      async ([key, file]) =>
        [key, await queryRows(pool, catalogQuery(file), `catalog query ${file}`)] as const,
    ),
  );
  const rows = Object.fromEntries(entries) as unknown as CatalogRows;
  const built = buildModel(rows, await loadParsers());
  const include = options.include;
  if (include) {
    const keep = <T extends QualifiedName>(list: T[]) => list.filter((o) => include(o));
    const m = built.model;
    Object.assign(m, {
      tables: keep(m.tables),
      views: keep(m.views),
      routines: keep(m.routines),
      triggers: m.triggers.filter((t) => include(t.table)),
      sequences: keep(m.sequences),
      synonyms: keep(m.synonyms),
      userTypes: keep(m.userTypes),
    });
  }
  await addReadRestrictions(built.model, rows, (t) => visibleRows(pool, t));
  return built;
}

/** How many rows of a table the connected login sees (fewer than stored when a security policy filters them). */
async function visibleRows(pool: ConnectionPool, table: QualifiedName): Promise<number> {
  const [row] = await queryRows<{ visible: string | number }>(
    pool,
    `SELECT COUNT_BIG(*) AS visible FROM ${quoteTable(table)}`,
    `row count of ${table.schema}.${table.name}`,
  );
  return Number(row.visible);
}
