// The stored objects of a database: tables with columns and rows, constraints, indexes, modules
// (views, procedures, functions, triggers) kept as their original text, user types, sequences,
// synonyms and extended properties. Everything the sys.* catalog views are computed from.

import type { SqlType } from '../../engine-api.js';
import type { Expression, Select, Statement, TableElements } from '@ferry/tsql';
import type { Value, Variant } from '../types/convert.js';
import type { GeneratedTable } from '../../generated/generated-table.js';
import type { Placement } from './data-spaces.js';

export type ObjectType =
  | 'U'
  | 'V'
  | 'P'
  | 'FN'
  | 'IF'
  | 'TF'
  | 'TR'
  | 'PK'
  | 'UQ'
  | 'F'
  | 'C'
  | 'D'
  | 'SO'
  | 'SN'
  | 'TT'
  | 'SP'
  | 'EC';

export interface BaseObject {
  objectId: number;
  name: string;
  schemaId: number;
  type: ObjectType;
  /** Owning table for constraints and triggers, 0 otherwise. */
  parentId: number;
  createDate: string;
  modifyDate: string;
  /** Created by the server for a feature (change data capture's tables and functions): sys.objects.is_ms_shipped. */
  msShipped?: boolean;
}

export interface Column {
  columnId: number;
  name: string;
  type: SqlType;
  /** sys.types.user_type_id of the declared type (alias types keep their own id). */
  userTypeId: number;
  nullable: boolean;
  identity?: { seed: bigint; increment: bigint; last: bigint | null };
  computed?: { definition: string; expr: Expression; persisted: boolean };
  defaultObjectId: number;
  isRowGuidCol: boolean;
  isSparse: boolean;
  /** Dynamic data masking: the masking function text, e.g. `partial(1, "xxxx", 0)`. */
  mask?: string;
  /** Typed xml: the XML schema collection (sys.columns.xml_collection_id). */
  xmlCollectionId?: number;
  /** Typed xml declared xml(DOCUMENT collection). */
  xmlDocument?: boolean;
  /** Temporal tables: a period column the server fills (`GENERATED ALWAYS AS ROW START|END`). */
  generatedAlways?: 'ROW START' | 'ROW END';
  /** HIDDEN: left out of SELECT *. */
  hidden?: boolean;
  /** Node and edge tables: the graph column this is (named `<graph>_<hex>`). */
  graph?: GraphColumn;
  /** Ledger tables: the hidden column the server fills (`ledger_start_transaction_id`...). */
  ledger?: LedgerColumn;
}

export type LedgerColumn =
  | 'ledger_start_transaction_id'
  | 'ledger_end_transaction_id'
  | 'ledger_start_sequence_number'
  | 'ledger_end_sequence_number';

/**
 * The graph columns of node (graph_id, $node_id) and edge tables (graph_id, $edge_id, from_obj_id,
 * from_id, $from_id, to_obj_id, to_id, $to_id: the unprefixed ones hidden).
 */
export type GraphColumn =
  | 'graph_id'
  | '$node_id'
  | '$edge_id'
  | 'from_obj_id'
  | 'from_id'
  | '$from_id'
  | 'to_obj_id'
  | 'to_id'
  | '$to_id';

export interface IndexColumn {
  columnId: number;
  descending: boolean;
  included: boolean;
}

/** sys.indexes.type: 0 heap, 1 clustered, 2 nonclustered, 3 XML, 5 clustered columnstore, 6 nonclustered columnstore, 7 nonclustered hash. */
export type IndexType = 0 | 1 | 2 | 3 | 5 | 6 | 7;

export interface Index {
  indexId: number;
  name: string | null;
  type: IndexType;
  isUnique: boolean;
  isPrimaryKey: boolean;
  isUniqueConstraint: boolean;
  columns: IndexColumn[];
  filter?: string;
  isDisabled: boolean;
  /** Filegroup or partition scheme (with its column); absent: the table's data space. */
  placement?: Placement;
  /** NONCLUSTERED HASH: the bucket count (a power of two). */
  bucketCount?: number;
  /** XML indexes: the primary XML index a secondary one uses, and its kind. */
  xml?: { usingIndexId?: number; secondaryType?: 'VALUE' | 'PATH' | 'PROPERTY' };
}

export interface Table extends BaseObject {
  type: 'U' | 'TT';
  columns: Column[];
  rows: Value[][];
  indexes: Index[];
  /** A synthetic table streamed from its generator (never materialised). */
  generated?: GeneratedTable;
  /** The table of a table variable: a transaction's ROLLBACK leaves its rows alone. */
  tableVariable?: boolean;
  /** Storage facts kept for the catalog (placement, memory optimization, ledger). */
  storage?: TableStorage;
  /** Temporal tables: the SYSTEM_TIME period's columns, the history table while SYSTEM_VERSIONING is ON, or the table whose history this is. */
  temporal?: { start?: number; end?: number; historyId?: number; historyOf?: number };
  /** SQL graph: a node or edge table (sys.tables.is_node / is_edge) and the next graph_id. */
  graph?: { kind: 'NODE' | 'EDGE'; nextId: bigint };
}

/** How a table is stored, as sys.tables and sys.indexes show it; accepted, not enforced, except the ledger's append-only rule. */
export interface TableStorage {
  /** ON filegroup | scheme(column) of the heap or clustered index. */
  placement?: Placement;
  /** TEXTIMAGE_ON and FILESTREAM_ON filegroups. */
  lobDataSpaceId?: number;
  filestreamDataSpaceId?: number;
  memoryOptimized?: { durability: 'SCHEMA_ONLY' | 'SCHEMA_AND_DATA' };
  /** sys.tables.ledger_type: 1 a ledger history table, 2 updatable, 3 append-only. */
  ledgerType?: 1 | 2 | 3;
  /** Ledger tables: the ledger view (sys.tables.ledger_view_id) and, for updatable ones, the history table. */
  ledgerViewId?: number;
  ledgerHistoryId?: number;
  /** A dropped ledger table, kept renamed (sys.tables.is_dropped_ledger_table). */
  droppedLedger?: boolean;
}

export interface KeyConstraint extends BaseObject {
  type: 'PK' | 'UQ';
  indexId: number;
  isSystemNamed: boolean;
}

export type ReferentialAction = 'NO_ACTION' | 'CASCADE' | 'SET_NULL' | 'SET_DEFAULT';

export interface ForeignKey extends BaseObject {
  type: 'F';
  referencedId: number;
  columns: { parent: number; referenced: number }[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  isDisabled: boolean;
  isNotTrusted: boolean;
  notForReplication: boolean;
  isSystemNamed: boolean;
}

/** SQL graph edge constraint on an edge table (parentId): the node table pairs its edges may join. */
export interface EdgeConstraintObject extends BaseObject {
  type: 'EC';
  clauses: { fromId: number; toId: number }[];
  onDeleteCascade: boolean;
  isDisabled: boolean;
  isSystemNamed: boolean;
}

export interface CheckConstraint extends BaseObject {
  type: 'C';
  /** 0 for table-level checks. */
  columnId: number;
  definition: string;
  expr: Expression;
  isDisabled: boolean;
  isNotTrusted: boolean;
  isSystemNamed: boolean;
}

export interface DefaultConstraint extends BaseObject {
  type: 'D';
  columnId: number;
  definition: string;
  expr: Expression;
  isSystemNamed: boolean;
}

export interface ModuleParameter {
  name: string;
  type: SqlType;
  userTypeId: number;
  isOutput: boolean;
  hasDefault: boolean;
  default?: Expression;
  /** READONLY table-valued parameters: the table type's user_type_id. */
  tableType?: number;
}

export interface Module extends BaseObject {
  type: 'V' | 'P' | 'FN' | 'IF' | 'TF' | 'TR';
  /** The exact CREATE text from the script (sys.sql_modules.definition). */
  definition: string;
  parameters: ModuleParameter[];
  /** DDL triggers: the event types and groups they were created for. */
  ddlEvents?: string[];
  /** Triggers: the events they fire on and whether INSTEAD OF. */
  triggerEvents?: ('INSERT' | 'UPDATE' | 'DELETE')[];
  isInsteadOf?: boolean;
  isDisabled?: boolean;
  /** Procedures, triggers and functions: the parsed body, so EXEC, DML and calls can run them. */
  body?: readonly Statement[];
  /** Scalar functions: the declared return type. */
  returnType?: SqlType;
  /** Multi-statement table-valued functions: `RETURNS @variable TABLE (...)`. */
  returnsTable?: TableElements & { variable: string };
  /** Views: the parsed SELECT, so views can be queried. */
  query?: Select;
  /** Indexed views: the view's indexes (the first unique clustered); its rows are not materialized. */
  indexes?: Index[];
  usesQuotedIdentifier: boolean;
  usesAnsiNulls: boolean;
  schemaBound: boolean;
  /** Procedures WITH NATIVE_COMPILATION (sys.sql_modules.uses_native_compilation). */
  nativeCompilation?: boolean;
}

export interface Sequence extends BaseObject {
  type: 'SO';
  seqType: SqlType;
  userTypeId: number;
  start: bigint;
  increment: bigint;
  minimum: bigint;
  maximum: bigint;
  cycle: boolean;
  cached: boolean;
  /** CACHE n; null for the default size or NO CACHE. */
  cacheSize: number | null;
  /** What sys.sequences shows as current_value: the last value handed out, or the (re)start value. */
  current: bigint;
  /** The last value handed out; null before the first one and after a RESTART. */
  lastUsed: bigint | null;
  exhausted: boolean;
}

export interface Synonym extends BaseObject {
  type: 'SN';
  baseObjectName: string;
}

/** One predicate of a security policy (sys.security_predicates). */
export interface SecurityPredicate {
  predicateId: number;
  type: 'FILTER' | 'BLOCK';
  /** The inline table-valued predicate function and the table it guards. */
  functionId: number;
  targetId: number;
  /** The function's arguments, in terms of the target table's columns. */
  args: readonly Expression[];
  definition: string;
  operation?: 'AFTER INSERT' | 'AFTER UPDATE' | 'BEFORE UPDATE' | 'BEFORE DELETE';
}

/** A row-level security policy (sys.security_policies). */
export interface SecurityPolicy extends BaseObject {
  type: 'SP';
  enabled: boolean;
  schemaBound: boolean;
  notForReplication: boolean;
  predicates: SecurityPredicate[];
}

export type DbObject =
  | Table
  | KeyConstraint
  | ForeignKey
  | CheckConstraint
  | DefaultConstraint
  | Module
  | Sequence
  | Synonym
  | SecurityPolicy
  | EdgeConstraintObject;

export interface Schema {
  schemaId: number;
  name: string;
  principalId: number;
}

export interface UserType {
  userTypeId: number;
  name: string;
  schemaId: number;
  base: SqlType;
  nullable: boolean;
  isTableType: boolean;
  /** Table types: the TT object holding the columns. */
  tableObjectId?: number;
  /** Table types declared WITH (MEMORY_OPTIMIZED = ON). */
  isMemoryOptimized?: boolean;
}

/** CREATE XML SCHEMA COLLECTION: kept with its text; documents are not validated against it. */
export interface XmlSchemaCollection {
  xmlCollectionId: number;
  schemaId: number;
  name: string;
  schemaText: string;
  createDate: string;
}

/** CREATE FULLTEXT CATALOG and the full-text indexes of tables (catalog only; no full-text queries). */
export interface FulltextCatalog {
  catalogId: number;
  name: string;
  isDefault: boolean;
  accentSensitive: boolean;
}

export interface FulltextIndex {
  objectId: number;
  uniqueIndexId: number;
  catalogId: number;
  changeTracking: 'MANUAL' | 'AUTO' | 'OFF';
  columns: { columnId: number; typeColumnId: number | null; languageId: number }[];
}

export interface ExtendedProperty {
  /** 0 database, 1 object or column, 3 schema... */
  class: number;
  majorId: number;
  minorId: number;
  name: string;
  value: Variant | null;
}
