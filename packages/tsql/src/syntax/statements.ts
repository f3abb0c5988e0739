// SQL IR: statements - DML, DDL (tables, indexes, modules, types), procedural control flow and
// session/transaction statements. Modules (views, procedures, functions, triggers) keep their text.

import type {
  ColumnRef,
  DataType,
  Expression,
  Identifier,
  MethodCall,
  ObjectName,
  SourcePos,
} from './expressions.js';
import type {
  AssignOperator,
  CommonTableExpression,
  QueryOptions,
  Select,
  SelectItem,
  TableHint,
  TableSource,
  Top,
} from './queries.js';
import type { SecurityStatement } from './security.js';

interface Node {
  readonly pos: SourcePos;
}

// ---------------------------------------------------------------------------------------------
// DML

/** `OUTPUT inserted.x, deleted.y [INTO @t (cols)]`. */
export interface OutputClause extends Node {
  readonly kind: 'OutputClause';
  readonly columns: readonly SelectItem[];
  readonly into?: { readonly target: ObjectName | string; readonly columns?: readonly Identifier[] };
}

export interface ValuesSource extends Node {
  readonly kind: 'Values';
  readonly rows: readonly (readonly Expression[])[];
}

export interface DefaultValuesSource extends Node {
  readonly kind: 'DefaultValues';
}

export interface Insert extends Node {
  readonly kind: 'Insert';
  /** WITH cte AS (...) before the statement. */
  readonly with?: readonly CommonTableExpression[];
  readonly top?: Top;
  /** A table, or a table variable name (`@t`). */
  readonly target: ObjectName | string;
  readonly hints: readonly TableHint[];
  readonly columns?: readonly Identifier[];
  readonly output?: OutputClause;
  readonly source: ValuesSource | DefaultValuesSource | Select | Execute;
  /** OPTION (query hints). */
  readonly options?: QueryOptions;
}

/** `SET col = expr`, `SET @v = expr`, `SET @v = col = expr`, `SET col += expr`. */
export interface UpdateAssignment extends Node {
  readonly kind: 'UpdateAssignment';
  /** A column (possibly qualified) or a variable name. */
  readonly target: ColumnRef | string;
  /** `SET @v = col = expr` assigns both. */
  readonly alsoColumn?: ColumnRef;
  readonly op: AssignOperator;
  readonly expr: Expression;
  /**
   * `SET col.WRITE(...)` / `SET col.modify(...)`: a mutator method updates the column in place;
   * represented as `col = col.method(args)` (`expr` is that MethodCall).
   */
  readonly mutator?: boolean;
}

export interface Update extends Node {
  readonly kind: 'Update';
  /** WITH cte AS (...) before the statement. */
  readonly with?: readonly CommonTableExpression[];
  readonly top?: Top;
  /** The table or alias being updated (`UPDATE t SET ... FROM x AS t JOIN ...`), or `@t`. */
  readonly target: ObjectName | string;
  readonly hints: readonly TableHint[];
  readonly set: readonly UpdateAssignment[];
  readonly output?: OutputClause;
  readonly from: readonly TableSource[];
  readonly where?: Expression;
  /** `WHERE CURRENT OF cursor`. */
  readonly currentOf?: string;
  /** OPTION (query hints). */
  readonly options?: QueryOptions;
}

export interface Delete extends Node {
  readonly kind: 'Delete';
  /** WITH cte AS (...) before the statement. */
  readonly with?: readonly CommonTableExpression[];
  readonly top?: Top;
  readonly target: ObjectName | string;
  readonly hints: readonly TableHint[];
  readonly output?: OutputClause;
  readonly from: readonly TableSource[];
  readonly where?: Expression;
  readonly currentOf?: string;
  /** OPTION (query hints). */
  readonly options?: QueryOptions;
}

export interface MergeAction {
  readonly kind: 'update' | 'delete' | 'insert';
  readonly set?: readonly UpdateAssignment[];
  readonly columns?: readonly Identifier[];
  /** INSERT VALUES (...); absent for INSERT DEFAULT VALUES. */
  readonly values?: readonly Expression[];
}

export interface MergeWhen {
  /** WHEN MATCHED / WHEN NOT MATCHED [BY TARGET] / WHEN NOT MATCHED BY SOURCE. */
  readonly match: 'matched' | 'not-matched-by-target' | 'not-matched-by-source';
  readonly condition?: Expression;
  readonly action: MergeAction;
}

export interface Merge extends Node {
  readonly kind: 'Merge';
  /** WITH cte AS (...) before the statement. */
  readonly with?: readonly CommonTableExpression[];
  readonly top?: Top;
  /** A table, or a table variable name (`@t`). */
  readonly target: ObjectName | string;
  readonly targetAlias?: Identifier;
  readonly hints: readonly TableHint[];
  readonly using: TableSource;
  readonly on: Expression;
  readonly whens: readonly MergeWhen[];
  readonly output?: OutputClause;
  /** OPTION (query hints). */
  readonly options?: QueryOptions;
}

export interface Truncate extends Node {
  readonly kind: 'Truncate';
  readonly table: ObjectName;
  /** `WITH (PARTITIONS (1, 2 TO 5))` as source text. */
  readonly partitions?: string;
}

// ---------------------------------------------------------------------------------------------
// Tables, constraints, indexes

export interface IndexColumn extends Node {
  readonly kind: 'IndexColumn';
  readonly name: Identifier;
  readonly direction?: 'ASC' | 'DESC';
}

/** `WITH (FILLFACTOR = 90, PAD_INDEX = OFF)` options as upper-cased name -> value text. */
export interface StorageOption {
  readonly name: string;
  readonly value: string;
}

/** Where a table/index/constraint lives: `ON [PRIMARY]`, `ON ps(col)`, `TEXTIMAGE_ON x`: kept, not interpreted. */
export interface StorageClause {
  readonly on?: string;
  /** `ON scheme(column)`: the partitioning column. */
  readonly onColumn?: string;
  readonly textImageOn?: string;
  readonly filestreamOn?: string;
  readonly with: readonly StorageOption[];
}

export interface PrimaryKeyConstraint extends Node {
  readonly kind: 'PrimaryKey';
  readonly name?: Identifier;
  readonly clustered?: boolean;
  /** NONCLUSTERED HASH (memory-optimized tables; the bucket count is a WITH option). */
  readonly hash?: boolean;
  /** Empty when declared on a column (the column is the key). */
  readonly columns: readonly IndexColumn[];
  readonly storage: StorageClause;
}

export interface UniqueConstraint extends Node {
  readonly kind: 'Unique';
  readonly name?: Identifier;
  readonly clustered?: boolean;
  readonly hash?: boolean;
  readonly columns: readonly IndexColumn[];
  readonly storage: StorageClause;
}

export type ReferentialAction = 'NO ACTION' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKeyConstraint extends Node {
  readonly kind: 'ForeignKey';
  readonly name?: Identifier;
  /** Empty when declared on a column. */
  readonly columns: readonly Identifier[];
  readonly refTable: ObjectName;
  /** Empty when the referenced primary key is implied (`REFERENCES t`). */
  readonly refColumns: readonly Identifier[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly notForReplication: boolean;
}

export interface CheckConstraint extends Node {
  readonly kind: 'Check';
  readonly name?: Identifier;
  readonly expr: Expression;
  /** The expression's source text as written, without the surrounding CHECK parentheses. */
  readonly text: string;
  readonly notForReplication: boolean;
}

/** A named DEFAULT: on a column (`CONSTRAINT DF DEFAULT (0)`) or in ALTER TABLE (`DEFAULT 0 FOR col`). */
export interface DefaultConstraint extends Node {
  readonly kind: 'DefaultConstraint';
  readonly name?: Identifier;
  readonly expr: Expression;
  /** The expression's source text as written, e.g. `(getdate())` or `'USA'`. */
  readonly text: string;
  /** Set in ALTER TABLE ... ADD [CONSTRAINT n] DEFAULT x FOR col. */
  readonly column?: Identifier;
  /** `WITH VALUES`: a column added to a table that has rows takes the default in those rows too. */
  readonly withValues?: boolean;
}

/** SQL graph edge constraint: `[CONSTRAINT name] CONNECTION (A TO B [, ...]) [ON DELETE NO ACTION | CASCADE]`. */
export interface EdgeConstraint extends Node {
  readonly kind: 'EdgeConstraint';
  readonly name?: Identifier;
  readonly clauses: readonly { readonly from: ObjectName; readonly to: ObjectName }[];
  readonly onDeleteCascade: boolean;
}

export type TableConstraint =
  | PrimaryKeyConstraint
  | UniqueConstraint
  | ForeignKeyConstraint
  | CheckConstraint
  | DefaultConstraint
  | EdgeConstraint;

export interface IdentitySpec {
  /** Exact source text of seed and increment (default '1', '1'). */
  readonly seed: string;
  readonly increment: string;
  readonly notForReplication: boolean;
}

export interface ColumnDef extends Node {
  readonly kind: 'ColumnDef';
  readonly name: Identifier;
  /** Absent for a computed column. */
  readonly dataType?: DataType;
  /** `AS expr [PERSISTED]`. */
  readonly computed?: { readonly expr: Expression; readonly text: string; readonly persisted: boolean };
  /** true = NULL, false = NOT NULL, undefined = not stated. */
  readonly nullable?: boolean;
  readonly identity?: IdentitySpec;
  readonly default?: DefaultConstraint;
  readonly collation?: string;
  readonly rowGuidCol: boolean;
  readonly sparse: boolean;
  readonly filestream?: boolean;
  /** Temporal tables: `GENERATED ALWAYS AS ROW START | ROW END [HIDDEN]`. */
  readonly generatedAlways?: 'ROW START' | 'ROW END';
  readonly hidden?: boolean;
  /** Dynamic data masking: the FUNCTION text of `MASKED WITH (FUNCTION = 'default()')`. */
  readonly mask?: string;
  /** PRIMARY KEY / UNIQUE / REFERENCES / CHECK declared on the column, in source order. */
  readonly constraints: readonly (
    PrimaryKeyConstraint | UniqueConstraint | ForeignKeyConstraint | CheckConstraint
  )[];
}

/** `INDEX ix [UNIQUE] [CLUSTERED|NONCLUSTERED] (cols)` declared inside CREATE TABLE or a table variable. */
export interface InlineIndex extends Node {
  readonly kind: 'InlineIndex';
  readonly name: Identifier;
  readonly unique: boolean;
  readonly clustered?: boolean;
  /** `INDEX ix HASH (...)`, `INDEX ix [CLUSTERED|NONCLUSTERED] COLUMNSTORE [(...)]`. */
  readonly hash?: boolean;
  readonly columnstore?: boolean;
  /** A column-level INDEX has its column; empty for a clustered columnstore index. */
  readonly columns: readonly IndexColumn[];
  readonly include: readonly Identifier[];
  readonly where?: Expression;
  readonly storage: StorageClause;
}

/** The parenthesised body of CREATE TABLE, table types, table variables and table-valued function results. */
export interface TableElements {
  readonly columns: readonly ColumnDef[];
  readonly constraints: readonly TableConstraint[];
  /** Inline INDEX definitions, table-level and column-level. */
  readonly indexes: readonly InlineIndex[];
  /** Temporal tables: `PERIOD FOR SYSTEM_TIME (start, end)`. */
  readonly period?: { readonly start: Identifier; readonly end: Identifier };
}

export interface CreateTable extends Node, TableElements {
  readonly kind: 'CreateTable';
  readonly name: ObjectName;
  /** SYSTEM_VERSIONING = ON (HISTORY_TABLE = ...) of a temporal table is a `storage.with` option. */
  readonly storage: StorageClause;
  /** SQL graph: `AS NODE` / `AS EDGE`. */
  readonly graph?: 'NODE' | 'EDGE';
}

export interface AlterTableAdd {
  readonly kind: 'add';
  /** WITH CHECK / WITH NOCHECK before ADD: whether existing rows are validated. */
  readonly withCheck?: boolean;
  readonly columns: readonly ColumnDef[];
  readonly constraints: readonly TableConstraint[];
  /** `ADD PERIOD FOR SYSTEM_TIME (start, end)`. */
  readonly period?: { readonly start: Identifier; readonly end: Identifier };
}

export interface AlterTableDrop {
  readonly kind: 'drop';
  readonly items: readonly {
    readonly type: 'COLUMN' | 'CONSTRAINT';
    readonly name: Identifier;
    readonly ifExists: boolean;
  }[];
  /** `DROP PERIOD FOR SYSTEM_TIME` among the items. */
  readonly period?: boolean;
}

export interface AlterTableAlterColumn {
  readonly kind: 'alter-column';
  readonly column: ColumnDef;
}

/** `[WITH CHECK|NOCHECK] CHECK|NOCHECK CONSTRAINT ALL | name, ...`. */
export interface AlterTableConstraintCheck {
  readonly kind: 'constraint-check';
  readonly enabled: boolean;
  readonly withCheck?: boolean;
  /** 'ALL' or the named constraints. */
  readonly constraints: 'ALL' | readonly Identifier[];
}

/** `ENABLE|DISABLE TRIGGER ALL | name, ...`. */
export interface AlterTableTrigger {
  readonly kind: 'trigger';
  readonly enabled: boolean;
  readonly triggers: 'ALL' | readonly Identifier[];
}

/** `SET (LOCK_ESCALATION = TABLE)`, `SET (SYSTEM_VERSIONING = OFF)`. */
export interface AlterTableSet {
  readonly kind: 'set';
  readonly options: readonly StorageOption[];
}

/** `ALTER COLUMN c ADD MASKED WITH (FUNCTION = '...')` (mask set) or `ALTER COLUMN c DROP MASKED`. */
export interface AlterTableMask {
  readonly kind: 'mask';
  readonly column: Identifier;
  readonly mask?: string;
}

export type AlterTableAction =
  | AlterTableMask
  | AlterTableAdd
  | AlterTableDrop
  | AlterTableAlterColumn
  | AlterTableConstraintCheck
  | AlterTableTrigger
  | AlterTableSet;

export interface AlterTable extends Node {
  readonly kind: 'AlterTable';
  readonly table: ObjectName;
  readonly action: AlterTableAction;
}

/** ENABLE|DISABLE TRIGGER names|ALL ON table|DATABASE|ALL SERVER (on a table it equals ALTER TABLE ... ENABLE TRIGGER). */
export interface EnableTrigger extends Node {
  readonly kind: 'EnableTrigger';
  readonly enabled: boolean;
  readonly triggers: 'ALL' | readonly ObjectName[];
  /** The table, or 'DATABASE' / 'ALL SERVER' for DDL triggers. */
  readonly on: ObjectName | 'DATABASE' | 'ALL SERVER';
}

export interface CreateIndex extends Node {
  readonly kind: 'CreateIndex';
  readonly name: Identifier;
  readonly table: ObjectName;
  readonly unique: boolean;
  /** true CLUSTERED, false NONCLUSTERED, undefined not stated (nonclustered). */
  readonly clustered?: boolean;
  /** COLUMNSTORE index (a clustered columnstore index has no column list). */
  readonly columnstore?: boolean;
  /** `CREATE [PRIMARY] XML INDEX ... [USING XML INDEX p FOR VALUE|PATH|PROPERTY]`. */
  readonly xml?: {
    readonly primary: boolean;
    readonly using?: Identifier;
    readonly secondaryType?: 'VALUE' | 'PATH' | 'PROPERTY';
  };
  readonly columns: readonly IndexColumn[];
  readonly include: readonly Identifier[];
  readonly where?: Expression;
  readonly storage: StorageClause;
}

export type DropObjectType =
  | 'TABLE'
  | 'VIEW'
  | 'PROCEDURE'
  | 'FUNCTION'
  | 'TRIGGER'
  | 'INDEX'
  | 'TYPE'
  | 'DATABASE'
  | 'SCHEMA'
  | 'SEQUENCE'
  | 'SYNONYM'
  | 'DEFAULT'
  | 'RULE';

export interface Drop extends Node {
  readonly kind: 'Drop';
  readonly objectType: DropObjectType;
  readonly ifExists: boolean;
  readonly names: readonly ObjectName[];
  /** DROP INDEX ix ON t. */
  readonly onTable?: ObjectName;
}

// ---------------------------------------------------------------------------------------------
// Modules: views, procedures, functions, triggers. `text` is the full original text of the
// module from its CREATE/ALTER keyword to the end of the batch; a body that failed to parse is
// `null` with the error, and never fails the script.

export interface ModuleParseError {
  /** SQL Server's error number (102, 156, ...). */
  readonly number: number;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** Set when the body is valid T-SQL that the parser does not support yet (the construct). */
  readonly unsupported?: string;
}

export interface CreateView extends Node {
  readonly kind: 'CreateView';
  readonly name: ObjectName;
  readonly orAlter: boolean;
  /** ALTER VIEW instead of CREATE. */
  readonly alter: boolean;
  readonly columns?: readonly Identifier[];
  /** SCHEMABINDING, ENCRYPTION, VIEW_METADATA (upper case). */
  readonly options: readonly string[];
  readonly withCheckOption: boolean;
  readonly body: Select | null;
  readonly bodyError?: ModuleParseError;
  readonly text: string;
}

export interface ParameterDef extends Node {
  readonly kind: 'ParameterDef';
  /** With its @. */
  readonly name: string;
  readonly dataType: DataType;
  readonly varying: boolean;
  readonly default?: Expression;
  readonly output: boolean;
  readonly readonly: boolean;
}

/** A module's `EXECUTE AS CALLER | OWNER | SELF` (upper case) or `EXECUTE AS 'user'`. */
export type ExecuteAsPrincipal = { readonly principal: string } | { readonly user: string };

export interface CreateProcedure extends Node {
  readonly kind: 'CreateProcedure';
  readonly name: ObjectName;
  readonly orAlter: boolean;
  readonly alter: boolean;
  readonly params: readonly ParameterDef[];
  /** RECOMPILE, ENCRYPTION, EXECUTE AS ... (source text, upper case keywords). */
  readonly options: readonly string[];
  /** WITH EXECUTE AS: whose privileges the routine runs with. */
  readonly executeAs?: ExecuteAsPrincipal;
  readonly forReplication: boolean;
  readonly body: readonly Statement[] | null;
  readonly bodyError?: ModuleParseError;
  readonly text: string;
}

export type FunctionReturns =
  | { readonly kind: 'scalar'; readonly type: DataType }
  /** Inline table-valued: RETURNS TABLE AS RETURN (select). */
  | { readonly kind: 'inline-table' }
  /** Multi-statement table-valued: RETURNS @t TABLE (...). */
  | ({ readonly kind: 'table-variable'; readonly variable: string } & TableElements);

export interface CreateFunction extends Node {
  readonly kind: 'CreateFunction';
  readonly name: ObjectName;
  readonly orAlter: boolean;
  readonly alter: boolean;
  readonly params: readonly ParameterDef[];
  readonly returns: FunctionReturns;
  readonly options: readonly string[];
  readonly executeAs?: ExecuteAsPrincipal;
  /** Scalar and multi-statement functions: the BEGIN...END statements; inline: one Return of the query. */
  readonly body: readonly Statement[] | null;
  readonly bodyError?: ModuleParseError;
  readonly text: string;
}

export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE';

export interface CreateTrigger extends Node {
  readonly kind: 'CreateTrigger';
  readonly name: ObjectName;
  readonly orAlter: boolean;
  readonly alter: boolean;
  readonly table: ObjectName;
  /** FOR and AFTER are the same in SQL Server: both are 'AFTER'. */
  readonly timing: 'AFTER' | 'INSTEAD OF';
  readonly events: readonly TriggerEvent[];
  readonly options: readonly string[];
  readonly notForReplication: boolean;
  readonly body: readonly Statement[] | null;
  readonly bodyError?: ModuleParseError;
  readonly text: string;
}

/** CREATE TRIGGER name ON DATABASE FOR|AFTER ddl_event_or_group, ... AS body (a DDL trigger). */
export interface CreateDdlTrigger extends Node {
  readonly kind: 'CreateDdlTrigger';
  readonly name: Identifier;
  readonly orAlter: boolean;
  readonly alter: boolean;
  /** Event types and groups, upper case (`CREATE_TABLE`, `DDL_DATABASE_LEVEL_EVENTS`). */
  readonly events: readonly string[];
  readonly options: readonly string[];
  readonly body: readonly Statement[] | null;
  readonly bodyError?: ModuleParseError;
  readonly text: string;
}

/** CREATE TYPE name FROM base [NULL|NOT NULL], or CREATE TYPE name AS TABLE (...). */
export interface CreateType extends Node {
  readonly kind: 'CreateType';
  readonly name: ObjectName;
  readonly baseType?: DataType;
  readonly nullable?: boolean;
  readonly table?: TableElements;
  /** Table types: `WITH (MEMORY_OPTIMIZED = ON)`. */
  readonly storage?: StorageClause;
}

export interface CreateSchema extends Node {
  readonly kind: 'CreateSchema';
  readonly name: Identifier;
  readonly authorization?: Identifier;
}

export interface CreateDatabase extends Node {
  readonly kind: 'CreateDatabase';
  readonly name: Identifier;
  /** The file, COLLATE, CONTAINMENT and WITH options after the name, as source text (not interpreted). */
  readonly options?: string;
  /** COLLATE name: the database's default collation. */
  readonly collation?: string;
  /** `FILEGROUP name [CONTAINS MEMORY_OPTIMIZED_DATA|FILESTREAM] (files)` of the ON clause (files not kept). */
  readonly filegroups?: readonly {
    readonly name: string;
    readonly contains?: 'MEMORY_OPTIMIZED_DATA' | 'FILESTREAM';
  }[];
}

/** ALTER DATABASE name SET option [, ...] [WITH termination]: options as upper-cased source text. */
export interface AlterDatabase extends Node {
  readonly kind: 'AlterDatabase';
  /** Null for ALTER DATABASE CURRENT. */
  readonly name: Identifier | null;
  readonly options: readonly string[];
  readonly termination?: string;
  /** ALTER DATABASE name COLLATE collation (options are then empty). */
  readonly collation?: string;
}

/** A file of ALTER DATABASE ADD [LOG] FILE / CREATE DATABASE: `(NAME = n, FILENAME = 'f', SIZE = 8MB, ...)`. */
export interface DatabaseFileSpec {
  readonly name: string;
  readonly fileName?: string;
  /** SIZE, MAXSIZE, FILEGROWTH as written (`8MB`, `10%`, `UNLIMITED`). */
  readonly size?: string;
  readonly maxSize?: string;
  readonly growth?: string;
}

/** ALTER DATABASE name ADD FILEGROUP fg [CONTAINS ...] | ADD [LOG] FILE (...) [TO FILEGROUP fg]. */
export interface AlterDatabaseFiles extends Node {
  readonly kind: 'AlterDatabaseFiles';
  /** Null for ALTER DATABASE CURRENT. */
  readonly database: Identifier | null;
  readonly action:
    | {
        readonly kind: 'add-filegroup';
        readonly filegroup: Identifier;
        readonly contains?: 'MEMORY_OPTIMIZED_DATA' | 'FILESTREAM';
      }
    | {
        readonly kind: 'add-file';
        readonly log: boolean;
        readonly files: readonly DatabaseFileSpec[];
        readonly filegroup?: Identifier;
      };
}

/** CREATE PARTITION FUNCTION pf (type) AS RANGE [LEFT|RIGHT] FOR VALUES (v, ...). */
export interface CreatePartitionFunction extends Node {
  readonly kind: 'CreatePartitionFunction';
  readonly name: Identifier;
  readonly inputType: DataType;
  readonly range: 'LEFT' | 'RIGHT';
  readonly values: readonly Expression[];
}

/** CREATE PARTITION SCHEME ps AS PARTITION pf [ALL] TO (fg, ...). */
export interface CreatePartitionScheme extends Node {
  readonly kind: 'CreatePartitionScheme';
  readonly name: Identifier;
  readonly partitionFunction: Identifier;
  readonly all: boolean;
  readonly filegroups: readonly Identifier[];
}

/** CREATE XML SCHEMA COLLECTION name AS expr. */
export interface CreateXmlSchemaCollection extends Node {
  readonly kind: 'CreateXmlSchemaCollection';
  readonly name: ObjectName;
  readonly schema: Expression;
}

/** ALTER XML SCHEMA COLLECTION name ADD expr: more schemas into an existing collection. */
export interface AlterXmlSchemaCollection extends Node {
  readonly kind: 'AlterXmlSchemaCollection';
  readonly name: ObjectName;
  readonly schema: Expression;
}

/** CREATE FULLTEXT CATALOG name [WITH ACCENT_SENSITIVITY = ON|OFF] [AS DEFAULT] [AUTHORIZATION owner]. */
export interface CreateFulltextCatalog extends Node {
  readonly kind: 'CreateFulltextCatalog';
  readonly name: Identifier;
  readonly accentSensitive?: boolean;
  readonly isDefault: boolean;
}

/** CREATE FULLTEXT INDEX ON t (col [TYPE COLUMN c] [LANGUAGE l], ...) KEY INDEX ix [ON catalog] [WITH ...]. */
export interface CreateFulltextIndex extends Node {
  readonly kind: 'CreateFulltextIndex';
  readonly table: ObjectName;
  readonly columns: readonly {
    readonly name: Identifier;
    readonly typeColumn?: Identifier;
    readonly language?: Expression;
  }[];
  readonly keyIndex: Identifier;
  readonly catalog?: Identifier;
  readonly filegroup?: Identifier;
  readonly options: readonly StorageOption[];
}

export interface CreateSequence extends Node {
  readonly kind: 'CreateSequence';
  readonly name: ObjectName;
  readonly dataType?: DataType;
  /**
   * START (WITH), INCREMENT (BY), MINVALUE, MAXVALUE, CACHE, RESTART (WITH) as exact text; NO MINVALUE
   * etc. as null; CACHE and RESTART without a value as ''.
   */
  readonly options: Readonly<Record<string, string | null>>;
  readonly cycle?: boolean;
}

/** ALTER SEQUENCE name with the options of CreateSequence (RESTART [WITH n] among them). */
export interface AlterSequence extends Node {
  readonly kind: 'AlterSequence';
  readonly name: ObjectName;
  readonly options: Readonly<Record<string, string | null>>;
  readonly cycle?: boolean;
}

export interface CreateSynonym extends Node {
  readonly kind: 'CreateSynonym';
  readonly name: ObjectName;
  readonly target: ObjectName;
}

// ---------------------------------------------------------------------------------------------
// Procedural statements

export interface VariableDecl extends Node {
  readonly kind: 'VariableDecl';
  readonly name: string;
  /** Scalar variable type; absent for a table variable. */
  readonly dataType?: DataType;
  /** DECLARE @t TABLE (...). */
  readonly table?: TableElements;
  readonly init?: Expression;
}

export interface Declare extends Node {
  readonly kind: 'Declare';
  readonly variables: readonly VariableDecl[];
}

export interface DeclareCursor extends Node {
  readonly kind: 'DeclareCursor';
  readonly name: string;
  /** LOCAL, GLOBAL, FORWARD_ONLY, SCROLL, STATIC, KEYSET, DYNAMIC, FAST_FORWARD, READ_ONLY, ... (also ISO INSENSITIVE/SCROLL). */
  readonly options: readonly string[];
  readonly query: Select;
  /** FOR UPDATE [OF cols]: undefined = not stated, [] = all columns. */
  readonly forUpdate?: readonly Identifier[];
}

export interface OpenCursor extends Node {
  readonly kind: 'OpenCursor';
  readonly cursor: string;
  readonly global: boolean;
}

export interface FetchCursor extends Node {
  readonly kind: 'FetchCursor';
  /** NEXT (default), PRIOR, FIRST, LAST, ABSOLUTE, RELATIVE. */
  readonly direction: 'NEXT' | 'PRIOR' | 'FIRST' | 'LAST' | 'ABSOLUTE' | 'RELATIVE';
  readonly offset?: Expression;
  readonly cursor: string;
  readonly global: boolean;
  readonly into: readonly string[];
}

export interface CloseCursor extends Node {
  readonly kind: 'CloseCursor';
  readonly cursor: string;
  readonly global: boolean;
}

export interface DeallocateCursor extends Node {
  readonly kind: 'DeallocateCursor';
  readonly cursor: string;
  readonly global: boolean;
}

/** `SET @v = expr`, `SET @v += expr`. */
export interface SetVariable extends Node {
  readonly kind: 'SetVariable';
  readonly variable: string;
  readonly op: AssignOperator;
  readonly expr: Expression;
}

/** `SET @x.modify('XML DML')`: a mutator method (`call`, a method call on `@x`) changes the variable in place. */
export interface MutateVariable extends Node {
  readonly kind: 'MutateVariable';
  readonly variable: string;
  readonly call: MethodCall;
}

/**
 * A session option: `SET NOCOUNT ON`, `SET ANSI_NULLS, QUOTED_IDENTIFIER ON`, `SET DATEFORMAT mdy`,
 * `SET ROWCOUNT 10`, `SET TRANSACTION ISOLATION LEVEL READ COMMITTED`, `SET LANGUAGE us_english`.
 */
export interface SetOption extends Node {
  readonly kind: 'SetOption';
  /** Upper-cased option names (`TRANSACTION ISOLATION LEVEL` is one name). */
  readonly options: readonly string[];
  /** ON/OFF and other words upper-cased (`READ COMMITTED`, `MDY`); numbers/variables/strings as expressions. */
  readonly value: string | Expression;
}

export interface SetIdentityInsert extends Node {
  readonly kind: 'SetIdentityInsert';
  readonly table: ObjectName;
  readonly on: boolean;
}

export interface Block extends Node {
  readonly kind: 'Block';
  readonly statements: readonly Statement[];
  /** `BEGIN ATOMIC WITH (TRANSACTION ISOLATION LEVEL = SNAPSHOT, LANGUAGE = ...)` of natively compiled modules. */
  readonly atomic?: readonly StorageOption[];
}

export interface If extends Node {
  readonly kind: 'If';
  readonly condition: Expression;
  readonly then: Statement;
  readonly else?: Statement;
}

export interface While extends Node {
  readonly kind: 'While';
  readonly condition: Expression;
  readonly body: Statement;
}

export interface Break extends Node {
  readonly kind: 'Break';
}

export interface Continue extends Node {
  readonly kind: 'Continue';
}

export interface TryCatch extends Node {
  readonly kind: 'TryCatch';
  readonly try: readonly Statement[];
  readonly catch: readonly Statement[];
}

export interface Return extends Node {
  readonly kind: 'Return';
  /** A return code (procedures), a scalar (functions) or the query of an inline function. */
  readonly expr?: Expression;
}

export interface Goto extends Node {
  readonly kind: 'Goto';
  readonly label: string;
}

export interface Label extends Node {
  readonly kind: 'Label';
  readonly name: string;
}

export interface WaitFor extends Node {
  readonly kind: 'WaitFor';
  readonly mode: 'DELAY' | 'TIME';
  readonly expr: Expression;
}

/** RAISERROR (msg, severity, state [, args...]) [WITH LOG, NOWAIT, SETERROR]. */
export interface Raiserror extends Node {
  readonly kind: 'Raiserror';
  readonly message: Expression;
  readonly severity: Expression;
  readonly state: Expression;
  readonly args: readonly Expression[];
  /** Upper-cased WITH options. */
  readonly options: readonly string[];
}

/** THROW [number, message, state]; all absent for a re-throw inside CATCH. */
export interface Throw extends Node {
  readonly kind: 'Throw';
  readonly number?: Expression;
  readonly message?: Expression;
  readonly state?: Expression;
}

export interface Print extends Node {
  readonly kind: 'Print';
  readonly expr: Expression;
}

export interface ExecArgument extends Node {
  readonly kind: 'ExecArgument';
  /** `@name = value`; absent for a positional argument. */
  readonly name?: string;
  readonly value: Expression;
  readonly output: boolean;
}

/** EXEC [@rc =] proc args [WITH RECOMPILE]. */
export interface Execute extends Node {
  readonly kind: 'Execute';
  /** The procedure name, or a variable holding it (`EXEC @proc`). */
  readonly procedure: ObjectName | string;
  readonly args: readonly ExecArgument[];
  readonly returnVariable?: string;
  readonly options: readonly string[];
}

/** EXEC ('SELECT ' + @cols) / EXEC (@sql) [AT server]: dynamic SQL. */
export interface ExecuteString extends Node {
  readonly kind: 'ExecuteString';
  readonly parts: readonly Expression[];
  readonly at?: Identifier;
}

// ---------------------------------------------------------------------------------------------
// Transactions and session

export interface BeginTransaction extends Node {
  readonly kind: 'BeginTransaction';
  readonly name?: string;
  readonly distributed: boolean;
}

export interface CommitTransaction extends Node {
  readonly kind: 'CommitTransaction';
  readonly name?: string;
  /** `WITH (DELAYED_DURABILITY = ON)`. */
  readonly delayedDurability?: boolean;
}

export interface RollbackTransaction extends Node {
  readonly kind: 'RollbackTransaction';
  /** Transaction or savepoint name. */
  readonly name?: string;
}

export interface SaveTransaction extends Node {
  readonly kind: 'SaveTransaction';
  readonly name: string;
}

export interface Use extends Node {
  readonly kind: 'Use';
  readonly database: Identifier;
}

export interface Checkpoint extends Node {
  readonly kind: 'Checkpoint';
}

export interface UpdateStatistics extends Node {
  readonly kind: 'UpdateStatistics';
  readonly table: ObjectName;
  readonly targets: readonly Identifier[];
}

/** `BULK INSERT table FROM 'file' [WITH (option [= value], ...)]`. */
export interface BulkInsert extends Node {
  readonly kind: 'BulkInsert';
  readonly table: ObjectName;
  /** The data file path as written (the string literal's value). */
  readonly file: string;
  /** Upper-case option names; a value is the literal's value (`'|'` -> `|`, `2` -> `2`); ORDER keeps its columns. */
  readonly options: readonly { readonly name: string; readonly value?: string }[];
}

/** `ALTER INDEX name|ALL ON table REBUILD|DISABLE|REORGANIZE|SET (...)` (PARTITION = n kept as text). */
export interface AlterIndex extends Node {
  readonly kind: 'AlterIndex';
  readonly index: Identifier | 'ALL';
  readonly table: ObjectName;
  readonly action: 'REBUILD' | 'DISABLE' | 'REORGANIZE' | 'SET';
  readonly partition?: string;
  readonly options: readonly StorageOption[];
}

export type Statement =
  | Select
  | Insert
  | Update
  | Delete
  | Merge
  | Truncate
  | BulkInsert
  | CreateTable
  | AlterTable
  | EnableTrigger
  | CreateIndex
  | AlterIndex
  | Drop
  | CreateView
  | CreateProcedure
  | CreateFunction
  | CreateTrigger
  | CreateDdlTrigger
  | CreatePartitionFunction
  | CreatePartitionScheme
  | AlterDatabaseFiles
  | CreateXmlSchemaCollection
  | AlterXmlSchemaCollection
  | CreateFulltextCatalog
  | CreateFulltextIndex
  | CreateType
  | CreateSchema
  | CreateDatabase
  | AlterDatabase
  | CreateSequence
  | AlterSequence
  | CreateSynonym
  | Declare
  | DeclareCursor
  | OpenCursor
  | FetchCursor
  | CloseCursor
  | DeallocateCursor
  | SetVariable
  | MutateVariable
  | SetOption
  | SetIdentityInsert
  | Block
  | If
  | While
  | Break
  | Continue
  | TryCatch
  | Return
  | Goto
  | Label
  | WaitFor
  | Raiserror
  | Throw
  | Print
  | Execute
  | ExecuteString
  | BeginTransaction
  | CommitTransaction
  | RollbackTransaction
  | SaveTransaction
  | Use
  | Checkpoint
  | UpdateStatistics
  | SecurityStatement;
