// SQL Server catalog views that PostgreSQL has a view of the same meaning for, read from it: the view
// is PostgreSQL's (`sys.tables` is pg_catalog.pg_tables) and each column that has an equivalent is
// renamed to it (`name` is `tablename`); INFORMATION_SCHEMA's views are the standard's on both. A name
// column compared with a literal holds the target's names, so the literal goes through the naming
// strategy (`name = 'OrderLines'` finds `order_lines`).

import type { Expression, FunctionCall } from '@ferry/tsql';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { pgTypeNamed } from '../../pg/pg-type.js';
import type { Generator } from '../generator.js';
import type { CatalogNames, TargetRelation } from '../name-resolver.js';
import { columnOf } from './infer-type.js';

interface CatalogView {
  /** PostgreSQL's view or table. */
  schema: 'pg_catalog' | 'information_schema';
  name: string;
  /** SQL Server's column -> PostgreSQL's column, and what kind of name it holds. */
  columns: Record<string, { name: string; names?: CatalogNames; value?: boolean }>;
}

const views: Record<string, CatalogView> = {
  tables: {
    schema: 'pg_catalog',
    name: 'pg_tables',
    columns: {
      name: { name: 'tablename', names: 'relation' },
      // PostgreSQL has no memory-optimized tables: the migrated ones are ordinary tables.
      is_memory_optimized: { name: 'is_memory_optimized', value: false },
    },
  },
  views: {
    schema: 'pg_catalog',
    name: 'pg_views',
    columns: { name: { name: 'viewname', names: 'relation' } },
  },
  objects: {
    schema: 'pg_catalog',
    name: 'pg_class',
    columns: {
      name: { name: 'relname', names: 'relation' },
      object_id: { name: 'oid' },
      schema_id: { name: 'relnamespace' },
    },
  },
  schemas: {
    schema: 'pg_catalog',
    name: 'pg_namespace',
    columns: { name: { name: 'nspname', names: 'schema' }, schema_id: { name: 'oid' } },
  },
  columns: {
    schema: 'pg_catalog',
    name: 'pg_attribute',
    columns: {
      name: { name: 'attname', names: 'column' },
      object_id: { name: 'attrelid' },
      column_id: { name: 'attnum' },
    },
  },
  sequences: {
    schema: 'pg_catalog',
    name: 'pg_sequences',
    columns: {
      name: { name: 'sequencename', names: 'relation' },
      start_value: { name: 'start_value' },
      increment: { name: 'increment_by' },
      minimum_value: { name: 'min_value' },
      maximum_value: { name: 'max_value' },
      current_value: { name: 'last_value' },
    },
  },
  database_principals: {
    schema: 'pg_catalog',
    name: 'pg_roles',
    columns: { name: { name: 'rolname', names: 'principal' } },
  },
};

const standardNames: CatalogView['columns'] = {
  table_schema: { name: 'table_schema', names: 'schema' },
  table_name: { name: 'table_name', names: 'relation' },
  column_name: { name: 'column_name', names: 'column' },
  routine_schema: { name: 'routine_schema', names: 'schema' },
  routine_name: { name: 'routine_name', names: 'relation' },
  schema_name: { name: 'schema_name', names: 'schema' },
};
const standard = (name: string): CatalogView => ({
  schema: 'information_schema',
  name,
  columns: standardNames,
});
const informationSchema: Record<string, CatalogView> = {
  tables: standard('tables'),
  columns: standard('columns'),
  views: standard('views'),
  routines: standard('routines'),
  schemata: standard('schemata'),
};

const catalogView = (schema: string, name: string): CatalogView | undefined =>
  (schema.toLowerCase() === 'sys' ? views : informationSchema)[name.toLowerCase()];

/** PostgreSQL's view of a `sys` or INFORMATION_SCHEMA catalog view, when it has one. */
export function catalogRelation(schema: string, name: string): TargetRelation | undefined {
  const view = catalogView(schema, name);
  if (!view) return undefined;
  return {
    schema: view.schema,
    name: view.name,
    catalog: `${schema}.${name}`,
    column(sourceName) {
      const c = view.columns[sourceName.toLowerCase()];
      if (c)
        return {
          name: c.name,
          // A constant is a bit at the source: compared with 1 or 0, those are booleans too.
          ...(c.value !== undefined ? { type: pgTypeNamed('boolean') } : {}),
          catalog: {
            ...(c.names ? { names: c.names } : {}),
            ...(c.value !== undefined ? { value: c.value } : {}),
          },
        };
      // The standard's other columns have the same names on both sides.
      return view.schema === 'information_schema'
        ? { name: sourceName.toLowerCase(), catalog: {} }
        : undefined;
    },
  };
}

/**
 * What a catalog relation reads, for its action item: `pg_catalog.pg_tables (name as tablename)`, or
 * undefined for a standard view (its columns are the same on both sides).
 */
export function catalogMapping(rel: TargetRelation): string | undefined {
  if (rel.schema === 'information_schema') return undefined;
  const [schema, name] = rel.catalog!.split('.') as [string, string];
  const view = catalogView(schema, name)!;
  const columns = Object.entries(view.columns).map(([s, t]) =>
    t.value !== undefined ? `${s} as ${String(t.value)}` : s === t.name ? s : `${s} as ${t.name}`,
  );
  return `pg_catalog.${view.name} (${columns.join(', ')})`;
}

/**
 * `literal` compared with a catalog column holding names: the literal as the target names that object
 * (a table or view of the migration by its target name, else the naming strategy).
 */
export function catalogNameLiteral(
  literal: Expression,
  other: Expression,
  g: Generator,
): PgExpression | undefined {
  if (literal.kind !== 'StringLiteral') return undefined;
  const names =
    other.kind === 'ColumnRef'
      ? columnOf(other, g.ctx)?.catalog?.names
      : other.kind === 'FunctionCall' &&
          !other.name.schema &&
          other.name.name.name.toLowerCase() === 'schema_name'
        ? 'schema'
        : undefined;
  if (!names) return undefined;
  const value = literal.value;
  switch (names) {
    case 'relation':
      return pg.string(g.ctx.names.relation(undefined, value)?.name ?? g.ctx.names.name(value));
    case 'schema':
      return pg.string(g.ctx.names.schema(value));
    case 'column':
    case 'principal':
      return pg.string(g.ctx.names.name(value));
  }
}

/**
 * The output name of a select item that is a catalog column read under PostgreSQL's name
 * (`SELECT name FROM sys.tables` -> `tablename AS name`): SQL Server's, after the naming strategy.
 */
export function catalogOutputName(e: Expression, g: Generator): string | undefined {
  if (e.kind !== 'ColumnRef') return undefined;
  const column = columnOf(e, g.ctx);
  const name = g.ctx.names.name(e.column.name);
  return column?.catalog && (column.name !== name || column.catalog.value !== undefined) ? name : undefined;
}

/** SCHEMA_NAME([id]): the current schema, or the name of the schema of that oid (a catalog's schema_id). */
export function schemaName(_c: FunctionCall, [id]: PgExpression[]): PgExpression {
  if (!id) return pg.call('current_schema');
  return pg.cast(pg.cast(pg.cast(id, pgTypeNamed('oid')), pgTypeNamed('regnamespace')), pgTypeNamed('text'));
}
