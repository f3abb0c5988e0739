// NameResolver: how source (T-SQL) names inside converted code become target names - tables and
// their columns from the target model, anything else (aliases, views' columns) by the naming strategy.

import type { QualifiedName, Routine, SchemaModel, Table } from '@ferry/core';
import { applyNaming, qualifiedName, toSnakeCase, type NamingStrategyName } from '@ferry/core';
import { postgresCapabilities } from '../ddl/identifiers.js';
import { defaultTypeMapOptions, mapColumnType, type TypeMapOptions } from '../types.js';
import { catalogRelation } from './passes/system-catalog.js';
import { functionColumns } from './routine-columns.js';
import { tsqlStatement, walk } from '@ferry/tsql';
import type * as S from '@ferry/tsql';
import { parsePgType, type PgType } from '../pg/pg-type.js';
import type { PgSelect } from '../pg/ast.js';

export interface TargetColumn {
  name: string;
  /** Its PostgreSQL type, e.g. `varchar(40)`, `boolean` (undefined when not known: a CTE's computed column). */
  type?: PgType;
  /** The source's type as declared, e.g. `money` (several source types map to one PostgreSQL type). */
  sourceType?: string;
  /**
   * A catalog view's column (see passes/system-catalog.ts): the kind of names it holds, or the value it
   * has for every PostgreSQL object (read as that constant).
   */
  catalog?: { names?: CatalogNames; value?: boolean; read?: CatalogRead };
  /** A node of an xml `nodes()` (passes/xml-methods.ts): xml, and its methods' relative paths start at it. */
  xmlNode?: boolean;
  /** The xml node is its document's root element (nodes('/Root')): an absolute path on it reads that document. */
  xmlRoot?: boolean;
}

/** The kind of name a catalog column holds: compared with a literal, the literal is named as the target names it. */
export type CatalogNames = 'relation' | 'column' | 'schema' | 'principal';

/**
 * A catalog column PostgreSQL's view holds in another form, read as SQL Server's (passes/system-catalog.ts):
 * `schema-oid` the schema's oid from its name (pg_tables, pg_views and pg_sequences have schemaname,
 * SQL Server schema_id); `sequence-current-value` the last value, or the start value of a sequence
 * never used (pg_sequences.last_value is NULL then; SQL Server's current_value is the start value).
 */
export type CatalogRead = 'schema-oid' | 'sequence-current-value';

export interface TargetRelation {
  schema: string;
  name: string;
  /** A column by its source name; undefined when the table has no such column. */
  column(sourceName: string): TargetColumn | undefined;
  /** Its columns' target names in order, when known (tables of the model). */
  columns?: readonly string[];
  /** Its columns but those hidden at the source, when some are: what `*` expands to. */
  visible?: readonly string[];
  /** The source names of the columns `*` returns at the source, in order (tables of the model). */
  starColumns?: readonly string[];
  /** Its primary key's columns (target names), when it has one. */
  key?: readonly string[];
  /** The identity column (target name) and its seed, when the table has one. */
  identity?: { column: string; seed: string };
  /** A system-versioned temporal table: its history table, period columns and all its columns (target names). */
  temporal?: { history: [schema: string, name: string]; start: string; end: string; columns: string[] };
  /** A SQL Server catalog view read from PostgreSQL's (`sys.tables`), see passes/system-catalog.ts. */
  catalog?: string;
  /** A catalog view read from this query over pg_catalog instead (passes/catalog-queries.ts). */
  query?: PgSelect;
}

export interface NameResolver {
  /** A table of the source by its source name; undefined when it is not in the model. */
  relation(schema: string | undefined, name: string): TargetRelation | undefined;
  /**
   * A view, routine or sequence the rules named otherwise than the naming strategy (its sourceName):
   * its target schema and name.
   */
  renamedObject(schema: string | undefined, name: string): [schema: string, name: string] | undefined;
  /** A user-defined type the rules named otherwise than the naming strategy: its target schema and name. */
  renamedType(schema: string | undefined, name: string): [schema: string, name: string] | undefined;
  /** Whether the model has a table, view or synonym of that source name: what FROM can read. */
  readable(schema: string | undefined, name: string): boolean;
  /** A table-valued function of the model by its source name: its result columns' source names, when known. */
  functionColumns(schema: string | undefined, name: string): readonly string[] | undefined;
  /** A function of the model by its source name, as parsed. */
  userFunction(schema: string | undefined, name: string): S.CreateFunction | undefined;
  /** A procedure of the model by its source name, as parsed. */
  userProcedure(schema: string | undefined, name: string): S.CreateProcedure | undefined;
  /**
   * The calls (EXEC, schema-qualified function calls) by which routine `callee` of the model (its
   * source name) can call routine `routine` (target schema and name) again: the cycle as target names,
   * `routine` first and last (`dbo.a -> dbo.b -> dbo.a`); undefined when it cannot.
   */
  callsBack?(routine: readonly [schema: string, name: string], callee: S.ObjectName): string[] | undefined;
  /**
   * Target schema of a source schema. Undefined: the schema an unqualified `name` resolves to (see
   * `within`), the default schema when no name is given.
   */
  schema(schema: string | undefined, name?: string): string;
  /**
   * This resolver for the code of a module of source schema `schema`: as SQL Server resolves names in a
   * module, an unqualified table, view, routine, sequence or synonym name is the module schema's object
   * of that name when there is one, else the default schema's (`dbo`).
   */
  within?(schema: string | undefined): NameResolver;
  /**
   * What `compute` gives for `key`, computed once for this resolver and those `within` gives: what
   * converted code derives from the model alone (a table-valued function's result columns), which
   * each module using it would otherwise derive again.
   */
  memo?<T>(key: string, compute: () => T): T;
  /** A name that is not a table or column of the model (alias, view, view column, routine) after the naming strategy. */
  name(name: string): string;
  /** The naming strategy, when known: dynamic SQL applies it to names it receives at run time. */
  naming?: NamingStrategyName;
  /** The column type map options of the target (converted code sees the column types the tables get). */
  types: TypeMapOptions;
  /** The target's PostgreSQL major version: converted code avoids functions an older server lacks. */
  serverVersion: number;
  /** A table type of the model by its source name: its composite type's name and columns; undefined when it is none. */
  tableType(schema: string | undefined, name: string): TargetTableType | undefined;
}

/**
 * A name local to one query (a table alias, a CTE) after the naming strategy, in lower case. T-SQL
 * resolves those without regard to case (`SM` declares what `sm.text` reads); PostgreSQL, once a
 * strategy that keeps case quotes them, would not. Only the query sees the name, so its case is free.
 */
export const localName = (names: NameResolver, name: string): string => names.name(name).toLowerCase();

/** A table type as its composite type: name parts and columns (target names and types). */
export interface TargetTableType {
  name: [schema: string, name: string];
  columns: { name: string; type: PgType; nullable: boolean }[];
}

/**
 * The PostgreSQL major version converted code targets when the target's server is not asked (ferry
 * convert, plan, assess --offline) and the config names none: the embedded PostgreSQL's.
 */
export const defaultServerVersion = 17;

/** Finds `sourceName` among target names written with any of the naming strategies. */
function matchName<T extends { name: string; sourceName?: string }>(
  list: readonly T[],
  sourceName: string,
): T | undefined {
  const lower = sourceName.toLowerCase();
  const snake = toSnakeCase(sourceName);
  return (
    list.find((o) => o.sourceName?.toLowerCase() === lower) ??
    list.find((o) => o.name === sourceName) ??
    list.find((o) => o.name.toLowerCase() === lower) ??
    list.find((o) => o.name === snake)
  );
}

/** The naming strategy the target model was shaped with, as far as its names show. */
export function inferNaming(model: SchemaModel): NamingStrategyName {
  const names = model.tables.flatMap((t) => [t.name, ...t.columns.map((c) => c.name)]);
  if (names.every((n) => n === toSnakeCase(n))) return 'snake_case';
  if (names.every((n) => n === n.toLowerCase())) return 'lowercase';
  return 'preserve';
}

export interface ResolverOptions {
  naming?: NamingStrategyName;
  /** Target schema of a source schema; default: the source schema after the naming strategy. */
  schemaFor?: (schema: string) => string;
  /** The source schema of unqualified names (default `dbo`). */
  defaultSchema?: string;
  /**
   * The source schema of the module whose code is converted: unqualified names of its objects are
   * looked up there first, then in `defaultSchema` (see NameResolver.within).
   */
  moduleSchema?: string;
  /** Column type map options (default `defaultTypeMapOptions`). */
  types?: TypeMapOptions;
  /** The target's PostgreSQL major version (default `defaultServerVersion`). */
  serverVersion?: number;
}

function identityOf(t: Table): Pick<TargetRelation, 'identity'> {
  const c = t.columns.find((x) => x.identity);
  return c?.identity ? { identity: { column: c.name, seed: c.identity.seed } } : {};
}

function relationOf(t: Table, types: TypeMapOptions): TargetRelation {
  return {
    schema: t.schema,
    name: t.name,
    column(sourceName) {
      const c = matchName(t.columns, sourceName);
      return (
        c && {
          name: c.name,
          type: parsePgType(c.targetType ?? mapColumnType(c, types).sql),
          sourceType: c.nativeType,
        }
      );
    },
    columns: t.columns.map((c) => c.name),
    starColumns: t.columns.filter((c) => !c.hidden).map((c) => c.sourceName ?? c.name),
    ...(t.columns.some((c) => c.hidden) && {
      visible: t.columns.filter((c) => !c.hidden).map((c) => c.name),
    }),
    ...(t.primaryKey && { key: t.primaryKey.columns }),
    ...identityOf(t),
    ...(t.temporal && {
      temporal: {
        history: [t.temporal.history.schema, t.temporal.history.name],
        start: t.temporal.start,
        end: t.temporal.end,
        columns: t.columns.map((c) => c.name),
      },
    }),
  };
}

/** The routine a node calls by name: EXEC of a procedure, a schema-qualified function call (not a built-in). */
export function routineCalled(node: S.SqlNode): S.ObjectName | undefined {
  if (node.kind === 'FunctionCall' && node.name.schema) return node.name;
  if (node.kind === 'Execute' && typeof node.procedure !== 'string') return node.procedure;
  return undefined;
}

/**
 * The routines of the model each routine calls (`schema.name`, target names), as its parsed definition
 * says (`resolve` finds a callee named in the code of a routine of that target schema).
 */
function callGraph(
  routines: readonly Routine[],
  resolve: (o: S.ObjectName, caller: string) => Routine | undefined,
): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const r of routines) {
    const statement = tsqlStatement(r);
    if (!statement) continue;
    const callees = new Set<string>();
    walk(statement, (node) => {
      const name = routineCalled(node);
      const callee = name && resolve(name, r.schema);
      if (callee) callees.add(qualifiedName(callee));
    });
    graph.set(qualifiedName(r), [...callees]);
  }
  return graph;
}

/** The shortest path of calls from `from` to `to` in `graph`, `to` put first: a cycle; undefined when there is none. */
function callPath(
  graph: ReadonlyMap<string, readonly string[]>,
  from: string,
  to: string,
): string[] | undefined {
  const previous = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    if (at === to) {
      const path: string[] = [];
      for (let n: string | undefined = at; n !== undefined; n = previous.get(n)) path.unshift(n);
      return [to, ...path];
    }
    for (const next of graph.get(at) ?? [])
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
  }
  return undefined;
}

/** A resolver over a target-shaped model: source names match target names written by any naming strategy. */
export function namesFromModel(model: SchemaModel, options: ResolverOptions = {}): NameResolver {
  const naming = options.naming ?? inferNaming(model);
  const schemaFor =
    options.schemaFor ?? ((s: string) => applyNaming(naming, s, postgresCapabilities.caseFolding));
  const defaultSchema = options.defaultSchema ?? 'dbo';
  const types = options.types ?? defaultTypeMapOptions;
  const nameOf = (n: string) => applyNaming(naming, n, postgresCapabilities.caseFolding);
  /** The model's objects of a list in the target schema of a source schema. */
  const inSchema = <T extends { schema: string }>(list: readonly T[], schema: string | undefined) => {
    const target = schemaFor(schema ?? defaultSchema);
    return list.filter((x) => x.schema === target);
  };
  /** What shares SQL Server's namespace of schema-scoped objects (sys.objects), unqualified names resolve among. */
  const objects = [model.tables, model.views, model.routines, model.sequences, model.synonyms].flat();
  let calls: Map<string, string[]> | undefined;
  const memos = new Map<string, unknown>();
  const graphRoutine = (o: S.ObjectName, caller: string) =>
    (!o.schema &&
      matchName(
        model.routines.filter((r) => r.schema === caller),
        o.name.name,
      )) ||
    matchName(inSchema(model.routines, o.schema?.name), o.name.name);
  const resolver = (moduleSchema: string | undefined): NameResolver => {
    /** The source schema a name resolves in: its own, else the module's when that has such an object, else undefined (the default). */
    const at = (schema: string | undefined, name: string) =>
      schema ??
      (moduleSchema !== undefined && matchName(inSchema(objects, moduleSchema), name)
        ? moduleSchema
        : undefined);
    /** The object of `list` in the source schema's target schema whose source name (not its target name) is `name`. */
    const renamedIn = (
      list: readonly (QualifiedName & { sourceName?: string })[],
      schema: string | undefined,
      name: string,
    ): [string, string] | undefined => {
      const lower = name.toLowerCase();
      const o = inSchema(list, schema).find((x) => x.sourceName?.toLowerCase() === lower);
      return o && [o.schema, o.name];
    };
    const find = <T extends { schema: string; name: string; sourceName?: string }>(
      list: readonly T[],
      schema: string | undefined,
      name: string,
    ) => matchName(inSchema(list, at(schema, name)), name);
    const routineStatement = (schema: string | undefined, name: string) => {
      const routine = find(model.routines, schema, name);
      return routine && tsqlStatement(routine);
    };
    return {
      naming,
      relation(schema, name) {
        // A catalog view the migration copies as a table (the ledger's transactions) is that table.
        const t = find(model.tables, schema, name);
        if (t) return relationOf(t, types);
        const lower = schema?.toLowerCase();
        if (lower === 'sys' || lower === 'information_schema') return catalogRelation(schema!, name);
        return undefined;
      },
      renamedObject: (schema, name) =>
        renamedIn([...model.views, ...model.routines, ...model.sequences], at(schema, name), name),
      renamedType: (schema, name) => renamedIn(model.userTypes, schema, name),
      readable(schema, name) {
        return !!find([...model.tables, ...model.views, ...model.synonyms], schema, name);
      },
      functionColumns(schema, name) {
        const statement = routineStatement(schema, name);
        return statement && functionColumns(statement);
      },
      userFunction(schema, name) {
        const statement = routineStatement(schema, name);
        return statement?.kind === 'CreateFunction' ? statement : undefined;
      },
      userProcedure(schema, name) {
        const statement = routineStatement(schema, name);
        return statement?.kind === 'CreateProcedure' ? statement : undefined;
      },
      callsBack(target, callee) {
        calls ??= callGraph(model.routines, graphRoutine);
        const start = find(model.routines, callee.schema?.name, callee.name.name);
        return start && callPath(calls, qualifiedName(start), target.join('.'));
      },
      schema: (schema, name) => schemaFor((name === undefined ? schema : at(schema, name)) ?? defaultSchema),
      within: (schema) => resolver(schema),
      memo<T>(key: string, compute: () => T): T {
        if (!memos.has(key)) memos.set(key, compute());
        return memos.get(key) as T;
      },
      name: nameOf,
      types,
      serverVersion: options.serverVersion ?? defaultServerVersion,
      tableType(schema, name) {
        // (user types may carry source or target names: both are matched)
        const target = schemaFor(schema ?? defaultSchema);
        const u = matchName(
          model.userTypes.filter((x) => x.kind === 'table' && schemaFor(x.schema) === target),
          name,
        );
        return (
          u && {
            name: [schemaFor(u.schema), u.sourceName ? u.name : nameOf(u.name)],
            columns: (u.columns ?? []).map((c) => ({
              name: nameOf(c.name),
              type: parsePgType(mapColumnType(c, types).sql),
              nullable: c.nullable,
            })),
          }
        );
      },
    };
  };
  return resolver(options.moduleSchema);
}
