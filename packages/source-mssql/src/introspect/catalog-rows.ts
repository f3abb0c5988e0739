// Row shapes of the catalog queries in this folder (one interface per .sql file, columns as the
// query names them; bit columns arrive as booleans, bigint as strings).

export interface DatabaseRow {
  database_name: string;
  product_version: string | null;
  engine_edition: number | null;
  collation_name: string | null;
  compatibility_level: number;
  snapshot_isolation_state: number;
  is_read_committed_snapshot_on: boolean;
}

export interface SchemaRow {
  schema_id: number;
  name: string;
}

export interface TableRow {
  object_id: number;
  schema_name: string;
  name: string;
  row_count: string | number | null;
  comment: string | null;
  is_memory_optimized?: boolean | null;
  /** Temporal tables only: the history table and the SYSTEM_TIME period columns. */
  history_schema?: string | null;
  history_name?: string | null;
  period_start?: string | null;
  period_end?: string | null;
}

export interface ColumnRow {
  object_id: number;
  column_id: number;
  name: string;
  type_name: string;
  type_schema: string;
  is_user_defined: boolean;
  is_assembly_type: boolean;
  base_type_name: string | null;
  max_length: number;
  precision: number;
  scale: number;
  collation_name: string | null;
  is_nullable: boolean;
  is_identity: boolean;
  identity_seed: string | null;
  identity_increment: string | null;
  is_computed: boolean;
  computed_definition: string | null;
  is_persisted: boolean | null;
  default_name: string | null;
  default_definition: string | null;
  is_sparse: boolean;
  is_rowguidcol: boolean;
  is_hidden: boolean;
  /** AS_TRANSACTION_ID_START... for a ledger table's columns, AS_ROW_START/END for a period's, else NOT_APPLICABLE. */
  generated_always_type_desc: string | null;
  comment: string | null;
}

export interface IndexRow {
  object_id: number;
  index_id: number;
  name: string;
  type: number;
  type_desc: string;
  is_unique: boolean;
  is_primary_key: boolean;
  is_unique_constraint: boolean;
  is_disabled: boolean;
  has_filter: boolean;
  filter_definition: string | null;
  key_ordinal: number;
  index_column_id: number;
  column_name: string;
  is_descending_key: boolean;
  is_included_column: boolean;
}

export interface ForeignKeyRow {
  object_id: number;
  name: string;
  parent_object_id: number;
  referenced_schema: string;
  referenced_table: string;
  delete_referential_action_desc: string;
  update_referential_action_desc: string;
  is_disabled: boolean;
  is_not_trusted: boolean;
  constraint_column_id: number;
  column_name: string;
  referenced_column_name: string;
}

export interface CheckConstraintRow {
  object_id: number;
  parent_object_id: number;
  name: string;
  definition: string;
  is_disabled: boolean;
  is_not_trusted: boolean;
}

export interface ModuleRow {
  object_id: number;
  schema_name: string;
  name: string;
  /** sys.objects.type: V, P, FN, IF, TF, TR, PC, FS, FT (char(2), may carry a trailing space). */
  type: string;
  definition: string | null;
  comment: string | null;
}

export interface TriggerRow {
  object_id: number;
  parent_schema: string;
  parent_name: string;
  is_instead_of_trigger: boolean;
  is_disabled: boolean;
  /** INSERT, UPDATE or DELETE. */
  event: string;
}

export interface SequenceRow {
  schema_name: string;
  name: string;
  type_name: string;
  precision: number;
  scale: number;
  start_value: string;
  increment: string;
  minimum_value: string | null;
  maximum_value: string | null;
  is_cycling: boolean;
  is_cached: boolean;
  cache_size: number | null;
  current_value: string;
  last_used_value: string | null;
  /** Whether the server has sys.sequences.last_used_value (SQL Server 2017+, Azure SQL). */
  last_used_known: boolean;
}

export interface SynonymRow {
  schema_name: string;
  name: string;
  base_object_name: string;
}

export interface UserTypeRow {
  user_type_id: number;
  schema_name: string;
  name: string;
  base_type_name: string | null;
  max_length: number;
  precision: number;
  scale: number;
  collation_name: string | null;
  is_nullable: boolean;
  is_table_type: boolean;
  is_assembly_type: boolean;
  type_table_object_id: number | null;
}

/** One boundary of a partitioned table's partition function (partitions.sql); a function without boundaries gives one row of nulls. */
export interface PartitionRow {
  object_id: number;
  column_name: string;
  function_name: string;
  scheme_name: string;
  boundary_value_on_right: boolean;
  boundary_id: number | null;
  boundary_value: string | null;
}

/** A database user or role, once per role it is a member of (principals.sql). */
export interface PrincipalRow {
  name: string;
  /** R role, S SQL user, U/G Windows user/group, E/X external user/group. */
  type: string;
  has_login: boolean;
  member_of: string | null;
}

/** A permission on the database (class 0), an object or column (1) or a schema (3) (permissions.sql). */
export interface PermissionRow {
  class: number;
  permission_name: string;
  /** G grant, W grant with grant option, D deny. */
  state: string;
  grantee: string;
  schema_name: string | null;
  object_name: string | null;
  column_name: string | null;
}

/** A predicate of a security policy on a table (security-predicates.sql). */
export interface SecurityPredicateRow {
  object_id: number;
  policy_schema: string;
  policy_name: string;
  is_enabled: boolean;
  /** 0 filter, 1 block. */
  predicate_type: number;
  /** Block predicates: AFTER_INSERT, AFTER_UPDATE, BEFORE_UPDATE, BEFORE_DELETE, or NULL for all. */
  operation_desc: string | null;
  predicate_definition: string | null;
}

export interface MaskedColumnRow {
  object_id: number;
  column_name: string;
  masking_function: string | null;
}

/** The connected login and database user, and what exempts them from masking (read-access.sql). */
export interface ReadAccessRow {
  user_name: string | null;
  login_name: string | null;
  is_sysadmin: boolean | null;
  is_db_owner: boolean | null;
  has_unmask: boolean | null;
}

/** Every catalog query's rows, keyed like the .sql file names. */
export interface CatalogRows {
  database: DatabaseRow[];
  schemas: SchemaRow[];
  tables: TableRow[];
  columns: ColumnRow[];
  indexes: IndexRow[];
  foreignKeys: ForeignKeyRow[];
  checkConstraints: CheckConstraintRow[];
  modules: ModuleRow[];
  triggers: TriggerRow[];
  sequences: SequenceRow[];
  synonyms: SynonymRow[];
  userTypes: UserTypeRow[];
  partitions: PartitionRow[];
  principals: PrincipalRow[];
  permissions: PermissionRow[];
  securityPredicates: SecurityPredicateRow[];
  maskedColumns: MaskedColumnRow[];
  readAccess: ReadAccessRow[];
}
