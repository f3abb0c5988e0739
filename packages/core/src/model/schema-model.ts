// The neutral schema model: what a source introspects and a target plans from.
// Plain, serialisable data (JSON round-trips); `sortModel` gives it a stable ordering.

import type { LogicalType } from './logical-type.js';

/**
 * An expression kept as its original text, its dialect and, when the source's parser understood it,
 * the parser's tree. The tree is opaque data: core never looks inside it; the endpoints that speak
 * the dialect narrow it with a guard of their parser's package.
 */
export interface Expression {
  /** Original source text, e.g. `(getdate())` or `([UnitPrice]>=(0))`. */
  source: string;
  /** Dialect of `source`: the name the source's parser gives its language. */
  dialect: string;
  /** The dialect's parsed tree of `source` (plain data, JSON round-trips); absent when it did not parse. */
  tree?: unknown;
}

export interface QualifiedName {
  schema: string;
  name: string;
}

export interface Column {
  name: string;
  /** The source column's name, set by the rules when the target name differs from it (the naming strategy, a collision suffix). */
  sourceName?: string;
  type: LogicalType;
  /** Native type text as declared at the source, e.g. `nvarchar(40)`, `decimal(38,10)`, `money`. */
  nativeType: string;
  nullable: boolean;
  default?: Expression;
  identity?: { seed: string; increment: string };
  computed?: { expression: Expression; persisted: boolean };
  collation?: string;
  comment?: string;
  /** User-defined alias type this column was declared with, if any (e.g. pubs `id`). */
  userType?: QualifiedName;
  sparse?: boolean;
  /** Hidden at the source (ledger columns, period columns declared HIDDEN): `SELECT *` leaves it out. */
  hidden?: boolean;
  /** A ledger table's column that the source fills itself (GENERATED ALWAYS AS TRANSACTION_ID / SEQUENCE_NUMBER START or END). */
  ledger?: LedgerColumn;
  /** Dynamic data masking at the source: the masking function, e.g. `partial(1, "xxxx", 0)` or `default()`. */
  masking?: string;
  /** Explicit target type text set by a type-override rule (e.g. `numeric(19,4)`); wins over the type map. */
  targetType?: string;
}

export type LedgerColumn =
  'transaction-id-start' | 'transaction-id-end' | 'sequence-number-start' | 'sequence-number-end';

export interface KeyConstraint {
  name: string;
  columns: string[];
  clustered?: boolean;
}

export interface IndexColumn {
  name: string;
  descending?: boolean;
}

export interface Index {
  name: string;
  columns: IndexColumn[];
  include?: string[];
  unique: boolean;
  clustered?: boolean;
  where?: Expression;
  /** A spatial index of one geography/geometry column: GiST when the target keeps it in PostGIS, else not created. */
  spatial?: boolean;
}

export type ReferentialAction = 'no action' | 'cascade' | 'set null' | 'set default' | 'restrict';

export interface ForeignKey {
  name: string;
  columns: string[];
  references: QualifiedName & { columns: string[] };
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  /** Disabled at the source (NOCHECK). */
  disabled?: boolean;
  /** Not trusted at the source (created or re-enabled WITH NOCHECK). */
  notTrusted?: boolean;
}

export interface CheckConstraint {
  name: string;
  expression: Expression;
  disabled?: boolean;
}

export interface Table extends QualifiedName {
  columns: Column[];
  primaryKey?: KeyConstraint;
  uniques: KeyConstraint[];
  indexes: Index[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  comment?: string;
  /**
   * A system-versioned temporal table: its history table and the SYSTEM_TIME period columns (names
   * of this model: the rules map them to target names).
   */
  temporal?: { history: QualifiedName; start: string; end: string };
  /** Range-partitioned at the source (a partition scheme): the column and the partition function's boundaries. */
  partitioning?: Partitioning;
  /** Row-level security: the predicates of the security policies on this table. */
  securityPredicates?: SecurityPredicate[];
  /** Memory-optimized at the source (In-Memory OLTP): a plain table in a target without it. */
  memoryOptimized?: boolean;
  /** Approximate row count from the source catalog, for planning only. */
  rowEstimate?: number;
  /**
   * Why the source may not return every row or every real value of this table to the migration's
   * login (row-level security, masking). A read that is restricted is refused unless the config
   * allows it (`load.allowRestrictedReads`).
   */
  readRestrictions?: ReadRestriction[];
}

/** Range partitioning: rows are placed by comparing one column with ascending boundary values. */
export interface Partitioning {
  /** The partitioning column (a name of this model: the rules map it to the target name). */
  column: string;
  /**
   * Which partition a row equal to a boundary goes to: `right` (RANGE RIGHT: the boundary starts a
   * partition) or `left` (RANGE LEFT: the boundary ends one).
   */
  boundaryBelongsTo: 'left' | 'right';
  /** Boundary values in ascending order, as text of the column's type (ISO dates and times, plain numbers). */
  boundaries: string[];
  /** What the source calls the partitioning, e.g. `partition scheme PS_Date (function PF_Date)`. */
  sourceName: string;
}

/** One predicate of a row-level security policy on a table. */
export interface SecurityPredicate {
  /** The security policy, in this model's names. */
  policy: QualifiedName;
  /** Whether the policy is switched on at the source. */
  enabled: boolean;
  /**
   * `filter`: rows the predicate rejects are hidden from reads, updates and deletes; `block`: the writes
   * of `operation` that it rejects are refused.
   */
  kind: 'filter' | 'block';
  /** Block predicates: the write they guard; absent: all four. */
  operation?: 'after insert' | 'after update' | 'before update' | 'before delete';
  /** The predicate: a call of an inline table-valued function on the table's columns. */
  predicate: Expression;
}

/** One reason a source read of a table is not complete for the connected login. */
export interface ReadRestriction {
  /** `rows`: some rows may be filtered out; `values`: the listed columns come back masked. */
  kind: 'rows' | 'values';
  /** What the source found, in its own words (policy, predicate, login). */
  reason: string;
  /** `values`: the affected columns. */
  columns?: string[];
  /** What lifts the restriction, e.g. a grant to run or a login to use. */
  remedy: string;
}

export type RoutineKind = 'procedure' | 'scalar-function' | 'inline-table-function' | 'table-function';

export interface Module extends QualifiedName {
  /** Full original definition text (CREATE VIEW ... / CREATE PROCEDURE ...). */
  definition: string;
  dialect: string;
  comment?: string;
  /** Objects this module references, when known (for dependency ordering). */
  dependsOn?: QualifiedName[];
  /** The dialect's parsed CREATE statement, when the source's parser understood `definition`; opaque to core (see Expression). */
  tree?: unknown;
  /**
   * The source name, set by the rules only when the target name is not the naming strategy's (a
   * reserved word renamed, a collision suffixed): converted code that calls the module by name finds it.
   */
  sourceName?: string;
}

export interface View extends Module {
  columns?: string[];
  /**
   * The view's indexes at the source (a SQL Server indexed view: the first unique clustered, which
   * materializes it); absent: none. Column names are the view's source column names.
   */
  indexes?: Index[];
}

export interface Routine extends Module {
  kind: RoutineKind;
}

export interface Trigger extends Module {
  table: QualifiedName;
  timing: 'after' | 'instead of';
  events: Array<'insert' | 'update' | 'delete'>;
  disabled?: boolean;
}

export interface Sequence extends QualifiedName {
  type: LogicalType;
  start: string;
  increment: string;
  min?: string;
  max?: string;
  cycle: boolean;
  cache?: number;
  /** The value the source last handed out (absent: none yet); the target's sequence continues after it. */
  last?: string;
  /** The source name, set by the rules only when the target name is not the naming strategy's (as Module.sourceName). */
  sourceName?: string;
}

export interface UserType extends QualifiedName {
  /** `alias` (sp_addtype / CREATE TYPE FROM) or `table` (table types). */
  kind: 'alias' | 'table';
  type?: LogicalType;
  nativeType?: string;
  nullable?: boolean;
  columns?: Column[];
  /** The source name, set by the rules only when the target name is not the naming strategy's (as Module.sourceName). */
  sourceName?: string;
}

export interface Synonym extends QualifiedName {
  target: string;
}

/** A database user or role (not the built-in ones). */
export interface Principal {
  name: string;
  /** `user`: a database user (`login`: mapped to a server login, which holds the password); `role`: a role. */
  kind: 'user' | 'role';
  login?: boolean;
  /** The roles it is a member of, fixed roles included (e.g. `db_datareader`). */
  memberOf: string[];
}

/** What a permission is on: the whole database, a schema, or an object (a column of it). */
export type PermissionTarget =
  | { kind: 'database' }
  | { kind: 'schema'; schema: string }
  | { kind: 'object'; object: QualifiedName; column?: string };

/** A permission granted or denied to a principal, e.g. SELECT on a table. */
export interface Permission {
  state: 'grant' | 'grant-with-grant-option' | 'deny';
  /** As the source names it, e.g. `SELECT`, `EXECUTE`, `VIEW DEFINITION`. */
  permission: string;
  on: PermissionTarget;
  /** The principal's name (`public` for everyone). */
  grantee: string;
}

export interface SchemaModel {
  /** Where the model came from, e.g. `mssql` with server version; informational. */
  source?: { engine: string; version?: string; database?: string };
  schemas: string[];
  tables: Table[];
  views: View[];
  routines: Routine[];
  triggers: Trigger[];
  sequences: Sequence[];
  userTypes: UserType[];
  synonyms: Synonym[];
  /** Database users and roles, and the permissions granted or denied to them (absent: not read). */
  principals?: Principal[];
  permissions?: Permission[];
}

export function emptyModel(): SchemaModel {
  return {
    schemas: [],
    tables: [],
    views: [],
    routines: [],
    triggers: [],
    sequences: [],
    userTypes: [],
    synonyms: [],
  };
}

export function qualifiedName(o: QualifiedName): string {
  return `${o.schema}.${o.name}`;
}

const byQualifiedName = (a: QualifiedName, b: QualifiedName) =>
  a.schema === b.schema ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.schema < b.schema ? -1 : 1;
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Returns a copy of the model with a stable ordering: objects by schema and name, constraints and
 * indexes by name. Column order is significant and kept as is.
 */
export function sortModel(model: SchemaModel): SchemaModel {
  return {
    ...model,
    schemas: [...model.schemas].sort(),
    tables: model.tables
      .map((t) => ({
        ...t,
        uniques: [...t.uniques].sort(byName),
        indexes: [...t.indexes].sort(byName),
        foreignKeys: [...t.foreignKeys].sort(byName),
        checks: [...t.checks].sort(byName),
      }))
      .sort(byQualifiedName),
    views: [...model.views].sort(byQualifiedName),
    routines: [...model.routines].sort(byQualifiedName),
    triggers: [...model.triggers].sort(byQualifiedName),
    sequences: [...model.sequences].sort(byQualifiedName),
    userTypes: [...model.userTypes].sort(byQualifiedName),
    synonyms: [...model.synonyms].sort(byQualifiedName),
  };
}
