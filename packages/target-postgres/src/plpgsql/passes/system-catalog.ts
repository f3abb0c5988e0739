// SQL Server catalog views that PostgreSQL has a view of the same meaning for, read from it: the view
// is PostgreSQL's (`sys.tables` is pg_catalog.pg_tables) and each column that has an equivalent is
// renamed to it (`name` is `tablename`); INFORMATION_SCHEMA's views are the standard's on both. A name
// column compared with a literal holds the target's names, so the literal goes through the naming
// strategy (`name = 'OrderLines'` finds `order_lines`). Views PostgreSQL has no single view for
// (`sys.columns`, `sys.types`, `sys.indexes`, ...) are read from a query over pg_catalog (catalog-queries.ts).

import type { Expression, FunctionCall } from '@ferry/tsql';
import { splitObjectName } from '@ferry/tsql';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { pgTypeNamed } from '../../pg/pg-type.js';
import type { Generator } from '../generator.js';
import type { CatalogNames, CatalogRead, NameResolver, TargetRelation } from '../name-resolver.js';
import { columnOf } from './infer-type.js';
import { runtimeName } from './dynamic-sql.js';
import { lowerExpression } from '../lower-expression.js';
import { lowered, type Lowered } from '../lowered.js';
import { catalogQuery, type CatalogQuery } from './catalog-queries.js';

const isLocalVariable = (e: Expression) => e.kind === 'Variable' && !e.name.startsWith('@@');

interface CatalogView {
  /** PostgreSQL's view or table. */
  schema: 'pg_catalog' | 'information_schema';
  name: string;
  /** SQL Server's column -> PostgreSQL's column, and what kind of name it holds (or how it is read). */
  columns: Record<string, { name: string; names?: CatalogNames; value?: boolean; read?: CatalogRead }>;
}

/** schema_id of a view that has only the schema's name. */
const schemaOid = { name: 'schemaname', read: 'schema-oid' } as const;

const views: Record<string, CatalogView> = {
  tables: {
    schema: 'pg_catalog',
    name: 'pg_tables',
    columns: {
      name: { name: 'tablename', names: 'relation' },
      schema_id: schemaOid,
      // PostgreSQL has no memory-optimized tables: the migrated ones are ordinary tables.
      is_memory_optimized: { name: 'is_memory_optimized', value: false },
    },
  },
  views: {
    schema: 'pg_catalog',
    name: 'pg_views',
    columns: { name: { name: 'viewname', names: 'relation' }, schema_id: schemaOid },
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
  sequences: {
    schema: 'pg_catalog',
    name: 'pg_sequences',
    columns: {
      name: { name: 'sequencename', names: 'relation' },
      schema_id: schemaOid,
      start_value: { name: 'start_value' },
      increment: { name: 'increment_by' },
      minimum_value: { name: 'min_value' },
      maximum_value: { name: 'max_value' },
      current_value: { name: 'last_value', read: 'sequence-current-value' },
    },
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

/** PostgreSQL's view of a `sys` or INFORMATION_SCHEMA catalog view, or a query over pg_catalog, when it has one. */
export function catalogRelation(schema: string, name: string): TargetRelation | undefined {
  const derived = schema.toLowerCase() === 'sys' ? catalogQuery(name) : undefined;
  if (derived) return derivedRelation(name.toLowerCase(), derived);
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
            ...(c.read ? { read: c.read } : {}),
          },
        };
      // The standard's other columns have the same names on both sides.
      return view.schema === 'information_schema'
        ? { name: sourceName.toLowerCase(), catalog: {} }
        : undefined;
    },
  };
}

/** A catalog view read from a query over pg_catalog (catalog-queries.ts): its columns keep SQL Server's names. */
function derivedRelation(name: string, derived: CatalogQuery): TargetRelation {
  return {
    schema: 'pg_catalog',
    name,
    catalog: `sys.${name}`,
    query: derived.query,
    column(sourceName) {
      const lower = sourceName.toLowerCase();
      const c = derived.columns[lower];
      return c && { name: lower, type: c.type, catalog: c.names ? { names: c.names } : {} };
    },
  };
}

/**
 * What a catalog relation reads, for its action item: `pg_catalog.pg_tables (name as tablename)`, or
 * undefined for a standard view (its columns are the same on both sides).
 */
export function catalogMapping(rel: TargetRelation): string | undefined {
  if (rel.schema === 'information_schema') return undefined;
  const derived = rel.query && catalogQuery(rel.name);
  if (derived)
    return `a query over pg_catalog (${Object.keys(derived.columns).join(', ')}) of ${derived.differs}`;
  const [schema, name] = rel.catalog!.split('.') as [string, string];
  const view = catalogView(schema, name)!;
  const columns = Object.entries(view.columns).map(([s, t]) =>
    t.value !== undefined
      ? `${s} as ${String(t.value)}`
      : t.read
        ? `${s} as ${readText[t.read]}`
        : s === t.name
          ? s
          : `${s} as ${t.name}`,
  );
  return `pg_catalog.${view.name} (${columns.join(', ')})`;
}

/** The catalog functions returning a name, and the kind of name. */
const nameFunctions: Record<string, CatalogNames | undefined> = {
  schema_name: 'schema',
  object_name: 'relation',
};

/**
 * `literal` compared with a catalog column holding names: the literal as the target names that object
 * (a table or view of the migration by its target name, else the naming strategy). A local variable
 * instead: its value after the naming strategy, computed when the routine runs (names the rules or a
 * collision gave otherwise are not followed then).
 */
export function catalogNameLiteral(
  literal: Expression,
  other: Expression,
  g: Generator,
): Lowered<PgExpression> | undefined {
  if (literal.kind !== 'StringLiteral' && !isLocalVariable(literal)) return undefined;
  const names =
    other.kind === 'ColumnRef'
      ? columnOf(other, g.ctx)?.catalog?.names
      : other.kind === 'FunctionCall' && !other.name.schema
        ? nameFunctions[other.name.name.name.toLowerCase()]
        : undefined;
  if (!names) return undefined;
  // A name known only at run time (a variable) is named by the naming strategy when the routine runs.
  if (literal.kind !== 'StringLiteral') {
    const variable = lowerExpression(literal, g);
    const named = runtimeName(g.ctx.names.naming, variable.node);
    return named && lowered(named, variable.diagnostics);
  }
  return lowered(pg.string(nameAtTarget(names, literal.value, g)));
}

/** The name the target gives an object of that kind, named `value` at the source. */
function nameAtTarget(names: CatalogNames, value: string, g: Generator): string {
  switch (names) {
    case 'relation':
      return g.ctx.names.relation(undefined, value)?.name ?? g.ctx.names.name(value);
    case 'schema':
      return g.ctx.names.schema(value);
    case 'column':
    case 'principal':
      return g.ctx.names.name(value);
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

const readText: Record<CatalogRead, string> = {
  'schema-oid': 'the oid of schemaname',
  'sequence-current-value': 'coalesce(last_value, start_value)',
};

/** A catalog column read as SQL Server's (see CatalogRead); `column` qualifies a column of the view. */
export function catalogRead(read: CatalogRead, column: (name: string) => PgExpression): PgExpression {
  switch (read) {
    case 'schema-oid':
      return pg.cast(pg.cast(column('schemaname'), pgTypeNamed('regnamespace')), pgTypeNamed('oid'));
    case 'sequence-current-value':
      return pg.call('coalesce', column('last_value'), column('start_value'));
  }
}

/** The catalog relation `pg_catalog.table`'s `column` as text for the row of oid `oid` (NULL when none). */
function catalogLookup(table: string, column: string, oid: PgExpression): PgExpression {
  const from = pg.table(['pg_catalog', table]);
  const where = pg.binary('=', pg.name('oid'), oid);
  return {
    kind: 'Subquery',
    query: pg.select(pg.selectCore([pg.cast(pg.name(column), pgTypeNamed('text'))], [from], where)),
  };
}

/** `DB_ID()`: the current database. */
const currentDatabase = (e: Expression | undefined) =>
  e?.kind === 'FunctionCall' && e.name.name.name.toLowerCase() === 'db_id' && !e.args.length;

/**
 * OBJECT_NAME(@@PROCID) / OBJECT_SCHEMA_NAME(@@PROCID) [, DB_ID()] in a routine or trigger: its own name
 * or schema as the source knew it, a constant. That is what SQL Server returns, and what the messages
 * and log rows a routine writes with it are compared with (a routine's target name is the naming
 * strategy's). Undefined for any other call.
 */
export function ownObjectName(c: FunctionCall, g: Generator): PgExpression | undefined {
  const fn = c.name.name.name.toLowerCase();
  const [id, db] = c.args;
  const body = g.routineBody();
  if (c.name.schema || (fn !== 'object_name' && fn !== 'object_schema_name') || !body) return undefined;
  if (id?.kind !== 'Variable' || id.name.toLowerCase() !== '@@procid' || c.args.length > 2) return undefined;
  if (db && !currentDatabase(db)) return undefined;
  const dot = body.sourceName.indexOf('.');
  return pg.string(fn === 'object_name' ? body.sourceName.slice(dot + 1) : body.sourceName.slice(0, dot));
}

/**
 * OBJECT_NAME(id [, DB_ID()]) of an id OBJECT_ID gave (a relation's or a routine's oid): the object's
 * name on PostgreSQL, NULL when there is none. The name is the target's (the naming strategy's); a
 * literal compared with it is named the same way (catalogNameLiteral). Another database's: not converted.
 */
export function objectName(c: FunctionCall, [id]: PgExpression[]): PgExpression | undefined {
  const db = c.args[1];
  if (!id || c.args.length > 2 || (db && !currentDatabase(db))) return undefined;
  const oid = pg.cast(id, pgTypeNamed('oid'));
  return pg.call(
    'COALESCE',
    catalogLookup('pg_class', 'relname', oid),
    catalogLookup('pg_proc', 'proname', oid),
  );
}

/**
 * The regclass of a table or view named at run time by T-SQL text (`Sales.[Order Lines]`, `Orders`):
 * its last two parts without brackets or quotes, each after the naming strategy, a one-part name in
 * the source's default schema; NULL when PostgreSQL has no such relation. Undefined when the naming
 * strategy is not known.
 */
export function relationAtRunTime(text: PgExpression, names: NameResolver): PgExpression | undefined {
  const unquoted = (part: PgExpression) => pg.call('btrim', part, pg.string('[]"'));
  const name = runtimeName(names.naming, unquoted(pg.call('substring', text, pg.string('([^.]*)$'))));
  const schema = runtimeName(
    names.naming,
    unquoted(pg.call('substring', text, pg.string('([^.]*)\\.[^.]*$'))),
  );
  if (!name || !schema) return undefined;
  const qualified = pg.binary(
    '||',
    pg.binary(
      '||',
      pg.call(
        'COALESCE',
        pg.call('quote_ident', schema),
        pg.call('quote_ident', pg.string(names.schema(undefined))),
      ),
      pg.string('.'),
    ),
    pg.call('quote_ident', name),
  );
  return pg.call('to_regclass', qualified);
}

/**
 * COL_LENGTH('table', 'column') of a table of the migration: the column's defined length in bytes at
 * the source (sys.columns.max_length: -1 for max), a constant; NULL for a column the table does not
 * have. A table outside the migration, or names that are not literals: not converted.
 */
export function colLength(c: FunctionCall, _args: PgExpression[], g: Generator): PgExpression | undefined {
  const [table, column] = c.args;
  if (table?.kind !== 'StringLiteral' || column?.kind !== 'StringLiteral' || c.args.length !== 2)
    return undefined;
  const parts = splitObjectName(table.value);
  const name = parts.pop()!;
  const rel = g.ctx.names.relation(parts.pop() || undefined, name);
  if (!rel || rel.catalog) return undefined;
  const col = rel.column(column.value);
  const length = col ? col.sourceType && sourceByteLength(col.sourceType) : null;
  if (length === undefined) return undefined;
  return pg.cast(length === null ? pg.null() : pg.number(length), pgTypeNamed('smallint'));
}

/** Bytes of SQL Server's fixed-size types (sys.types.max_length). */
const fixedBytes: Record<string, number> = {
  bit: 1,
  tinyint: 1,
  smallint: 2,
  int: 4,
  bigint: 8,
  real: 4,
  smallmoney: 4,
  money: 8,
  smalldatetime: 4,
  datetime: 8,
  date: 3,
  uniqueidentifier: 16,
  timestamp: 8,
  rowversion: 8,
  text: 16,
  ntext: 16,
  image: 16,
  xml: -1,
  sql_variant: 8016,
  hierarchyid: 892,
  geography: -1,
  geometry: -1,
  sysname: 256,
};

/** The bytes a column of the native type `text` (`nvarchar(40)`, `decimal(9,2)`) takes, as sys.columns.max_length; undefined if unknown. */
export function sourceByteLength(text: string): number | undefined {
  const m = /^\s*([a-z0-9_]+)\s*(?:\(\s*(max|\d+)\s*(?:,\s*\d+\s*)?\))?\s*$/i.exec(text);
  if (!m) return undefined;
  const type = m[1]!.toLowerCase();
  const size = m[2]?.toLowerCase();
  const n = size === undefined || size === 'max' ? undefined : Number(size);
  if (size === 'max') return ['varchar', 'nvarchar', 'varbinary'].includes(type) ? -1 : undefined;
  switch (type) {
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      return n ?? 1;
    case 'nchar':
    case 'nvarchar':
      return 2 * (n ?? 1);
    case 'decimal':
    case 'numeric': {
      const p = n ?? 18;
      return p <= 9 ? 5 : p <= 19 ? 9 : p <= 28 ? 13 : 17;
    }
    case 'float':
      return (n ?? 53) <= 24 ? 4 : 8;
    case 'time':
      return (n ?? 7) <= 2 ? 3 : (n ?? 7) <= 4 ? 4 : 5;
    case 'datetime2':
      return (n ?? 7) <= 2 ? 6 : (n ?? 7) <= 4 ? 7 : 8;
    case 'datetimeoffset':
      return (n ?? 7) <= 2 ? 8 : (n ?? 7) <= 4 ? 9 : 10;
    default:
      return fixedBytes[type];
  }
}

/**
 * SERVERPROPERTY of a SQL Server feature PostgreSQL does not have at all: 0 (not installed / not
 * supported), the answer SQL Server gives without it. Other properties describe the server and have
 * no PostgreSQL value of the same meaning: not converted.
 */
const absentFeatures = new Set(['ispolybaseinstalled', 'isxtpsupported', 'isadvancedanalyticsinstalled']);

export function serverProperty(c: FunctionCall): PgExpression | undefined {
  const [name] = c.args;
  if (c.args.length !== 1 || name?.kind !== 'StringLiteral') return undefined;
  return absentFeatures.has(name.value.trim().toLowerCase()) ? pg.number(0) : undefined;
}
