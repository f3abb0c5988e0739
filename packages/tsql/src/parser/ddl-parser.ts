// T-SQL data definition: CREATE/ALTER TABLE (columns, constraints, storage clauses), CREATE INDEX,
// DROP, CREATE TYPE/SCHEMA/DATABASE/SEQUENCE/SYNONYM, ALTER DATABASE, and the modules (views,
// procedures, functions, triggers), whose text is kept and whose body failing to parse is recorded.

import type {
  ExecuteAsPrincipal,
  AlterDatabase,
  AlterSequence,
  AlterDatabaseFiles,
  CreateDdlTrigger,
  AlterTable,
  AlterTableAction,
  AlterTableAdd,
  CheckConstraint,
  ColumnDef,
  CreateDatabase,
  CreateFunction,
  CreateIndex,
  CreateProcedure,
  CreateSchema,
  CreateSequence,
  CreateSynonym,
  CreateTable,
  CreateTrigger,
  CreateType,
  CreateView,
  DefaultConstraint,
  EdgeConstraint,
  Drop,
  DropObjectType,
  ForeignKeyConstraint,
  FunctionReturns,
  Identifier,
  IndexColumn,
  InlineIndex,
  ModuleParseError,
  ObjectName,
  ParameterDef,
  PrimaryKeyConstraint,
  ReferentialAction,
  Statement,
  StorageClause,
  StorageOption,
  TableConstraint,
  TableElements,
  TriggerEvent,
  UniqueConstraint,
} from '../syntax/index.js';
import { DmlParser } from './dml-parser.js';
import type { Token } from './lexer.js';
import { TsqlSyntaxError } from './syntax-error.js';

const DROP_TYPES: Record<string, DropObjectType> = {
  TABLE: 'TABLE',
  VIEW: 'VIEW',
  PROC: 'PROCEDURE',
  PROCEDURE: 'PROCEDURE',
  FUNCTION: 'FUNCTION',
  TRIGGER: 'TRIGGER',
  INDEX: 'INDEX',
  TYPE: 'TYPE',
  DATABASE: 'DATABASE',
  SCHEMA: 'SCHEMA',
  SEQUENCE: 'SEQUENCE',
  SYNONYM: 'SYNONYM',
  DEFAULT: 'DEFAULT',
  RULE: 'RULE',
};

type ColumnConstraint = ColumnDef['constraints'][number];

/** Index options SQL Server still accepts without parentheses after WITH (SQL Server 2000 syntax). */
const OLD_INDEX_OPTIONS = [
  'FILLFACTOR',
  'PAD_INDEX',
  'IGNORE_DUP_KEY',
  'DROP_EXISTING',
  'STATISTICS_NORECOMPUTE',
  'SORT_IN_TEMPDB',
  'DATA_COMPRESSION',
  'ONLINE',
  'ALLOW_ROW_LOCKS',
  'ALLOW_PAGE_LOCKS',
];

export abstract class DdlParser extends DmlParser {
  /** One statement (defined by the statement parser). */
  protected abstract parseStatement(): Statement;
  /** Statements up to the end of input. */
  protected abstract parseStatementsToEnd(): Statement[];
  /** BEGIN ... END as a list of statements. */
  protected abstract parseBeginEndStatements(): Statement[];
  /** After `CREATE TRIGGER name ON`: a DDL trigger ON DATABASE (storage DDL parser). */
  protected abstract parseDdlTriggerTail(
    start: Token,
    name: Identifier,
    orAlter: boolean,
    alter: boolean,
  ): CreateDdlTrigger;
  /** After `ALTER DATABASE name`: ADD FILEGROUP / ADD FILE (storage DDL parser). */
  protected abstract parseAlterDatabaseFiles(alter: Token, database: Identifier | null): AlterDatabaseFiles;

  // ---- CREATE TABLE ----------------------------------------------------------------------

  protected parseCreateTable(create: Token): CreateTable {
    this.expectWord('TABLE');
    const name = this.parseObjectName();
    // An edge table may have no column list: CREATE TABLE likes AS EDGE.
    const elements: TableElements = this.isWord('AS')
      ? { columns: [], constraints: [], indexes: [] }
      : this.parseTableElements();
    const graph = this.acceptWord('AS') ? this.parseGraphKind() : undefined;
    const storage = this.parseStorage();
    return {
      kind: 'CreateTable',
      name,
      ...elements,
      ...(graph ? { graph } : {}),
      storage,
      pos: this.posOf(create),
    };
  }

  private parseGraphKind(): 'NODE' | 'EDGE' {
    if (this.acceptWord('NODE')) return 'NODE';
    this.expectWord('EDGE');
    return 'EDGE';
  }

  /** `(start, end)` after PERIOD FOR SYSTEM_TIME. */
  private parsePeriodColumns(): { start: Identifier; end: Identifier } {
    this.expectSymbol('(');
    const start = this.parseIdentifier();
    this.expectSymbol(',');
    const end = this.parseIdentifier();
    this.expectSymbol(')');
    return { start, end };
  }

  /** `( column | constraint | INDEX ..., ... )` of CREATE TABLE, table types and table variables. */
  protected parseTableElements(): TableElements {
    this.expectSymbol('(');
    const columns: ColumnDef[] = [];
    const constraints: TableConstraint[] = [];
    const indexes: InlineIndex[] = [];
    let period: TableElements['period'];
    do {
      if (this.isSymbol(')')) break; // a trailing comma is accepted by SQL Server
      if (this.acceptWords('PERIOD', 'FOR', 'SYSTEM_TIME')) period = this.parsePeriodColumns();
      else if (this.isTableConstraintStart()) constraints.push(this.parseTableConstraint());
      else if (this.isWord('INDEX')) indexes.push(this.parseInlineIndex());
      else columns.push(this.parseColumnDef(indexes));
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return { columns, constraints, indexes, ...(period ? { period } : {}) };
  }

  /** `INDEX ix [UNIQUE] [CLUSTERED|NONCLUSTERED] [HASH|COLUMNSTORE] [(cols)] [INCLUDE (...)] [WHERE ...] [WITH/ON ...]`. */
  private parseInlineIndex(column?: Identifier): InlineIndex {
    const token = this.expectWord('INDEX');
    const name = this.parseIdentifier();
    const unique = this.acceptWord('UNIQUE');
    const clustered = this.acceptWord('CLUSTERED')
      ? true
      : this.acceptWord('NONCLUSTERED')
        ? false
        : undefined;
    const hash = this.acceptWord('HASH');
    const columnstore = !hash && this.acceptWord('COLUMNSTORE');
    const columns =
      (!column && !columnstore) || this.isSymbol('(')
        ? this.parseIndexColumns()
        : column
          ? [{ kind: 'IndexColumn' as const, name: column, pos: column.pos }]
          : [];
    const include = this.acceptWord('INCLUDE') ? this.parseParenIdentifierList() : [];
    const where = this.acceptWord('WHERE') ? this.parseExpression() : undefined;
    const storage = this.parseStorage();
    return {
      kind: 'InlineIndex',
      name,
      unique,
      ...(clustered !== undefined ? { clustered } : {}),
      ...(hash ? { hash } : {}),
      ...(columnstore ? { columnstore } : {}),
      columns,
      include,
      ...(where ? { where } : {}),
      storage,
      pos: this.posOf(token),
    };
  }

  private isTableConstraintStart(): boolean {
    return (
      this.isAnyWord(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'DEFAULT']) ||
      (this.isWord('CONNECTION') && this.isSymbol('(', 1))
    );
  }

  /** A column definition; a column-level INDEX goes to `indexes` when given. */
  protected parseColumnDef(indexes?: InlineIndex[]): ColumnDef {
    const name = this.parseIdentifier();
    let dataType: ColumnDef['dataType'];
    let computed: ColumnDef['computed'];
    if (this.acceptWord('AS')) {
      const start = this.peek();
      const expr = this.parseExpression();
      const text = this.textFrom(start);
      const persisted = this.acceptWord('PERSISTED');
      computed = { expr, text, persisted };
    } else dataType = this.parseDataType();
    let nullable: boolean | undefined;
    let identity: ColumnDef['identity'];
    let defaultConstraint: DefaultConstraint | undefined;
    let collation: string | undefined;
    let rowGuidCol = false;
    let sparse = false;
    let filestream = false;
    let generatedAlways: ColumnDef['generatedAlways'];
    let hidden = false;
    let mask: string | undefined;
    const constraints: ColumnConstraint[] = [];
    for (;;) {
      const token = this.peek();
      if (this.acceptWord('NULL')) nullable = true;
      else if (this.acceptWords('NOT', 'NULL')) nullable = false;
      else if (this.acceptWord('IDENTITY')) {
        let seed = '1';
        let increment = '1';
        if (this.acceptSymbol('(')) {
          seed = this.parseSignedNumberText();
          this.expectSymbol(',');
          increment = this.parseSignedNumberText();
          this.expectSymbol(')');
        }
        const notForReplication = this.acceptWords('NOT', 'FOR', 'REPLICATION');
        identity = { seed, increment, notForReplication };
      } else if (this.acceptWord('COLLATE')) collation = this.parseIdentifier().name;
      else if (this.acceptWord('ROWGUIDCOL')) rowGuidCol = true;
      else if (this.acceptWords('NOT', 'FOR', 'REPLICATION')) {
        // a column-level NOT FOR REPLICATION (SSMS scripts): no effect on the column definition
      } else if (this.acceptWord('SPARSE')) sparse = true;
      else if (this.acceptWord('FILESTREAM')) filestream = true;
      else if (this.acceptWords('GENERATED', 'ALWAYS', 'AS', 'ROW')) {
        generatedAlways = this.acceptWord('START') ? 'ROW START' : (this.expectWord('END'), 'ROW END');
        hidden = this.acceptWord('HIDDEN');
      } else if (this.acceptWords('MASKED', 'WITH')) {
        this.expectSymbol('(');
        this.expectWord('FUNCTION');
        this.expectSymbol('=');
        const fn = this.next();
        if (fn.type !== 'string') throw this.error(undefined, fn);
        mask = fn.value;
        this.expectSymbol(')');
      } else if (indexes && this.isWord('INDEX')) indexes.push(this.parseInlineIndex(name));
      else if (
        this.isAnyWord(['CONSTRAINT', 'DEFAULT', 'PRIMARY', 'UNIQUE', 'REFERENCES', 'FOREIGN', 'CHECK'])
      ) {
        const constraintName = this.acceptWord('CONSTRAINT') ? this.parseIdentifier() : undefined;
        const start = constraintName ? token : this.peek();
        if (this.isWord('DEFAULT')) {
          defaultConstraint = this.parseDefaultBody(constraintName, start, false);
        } else constraints.push(this.parseConstraintBody(constraintName, start, true) as ColumnConstraint);
      } else break;
    }
    return {
      kind: 'ColumnDef',
      name,
      ...(dataType ? { dataType } : {}),
      ...(computed ? { computed } : {}),
      ...(nullable !== undefined ? { nullable } : {}),
      ...(identity ? { identity } : {}),
      ...(defaultConstraint ? { default: defaultConstraint } : {}),
      ...(collation ? { collation } : {}),
      rowGuidCol,
      sparse,
      ...(filestream ? { filestream } : {}),
      ...(generatedAlways ? { generatedAlways, hidden } : {}),
      ...(mask !== undefined ? { mask } : {}),
      constraints,
      pos: name.pos,
    };
  }

  private parseSignedNumberText(): string {
    const start = this.peek();
    if (this.isSymbol('-') || this.isSymbol('+')) this.next();
    const number = this.next();
    if (number.type !== 'number') throw this.error(undefined, number);
    return this.textFrom(start).replace(/\s+/g, '');
  }

  /** `DEFAULT expr [FOR column] [WITH VALUES]`. */
  private parseDefaultBody(name: Identifier | undefined, start: Token, allowFor: boolean): DefaultConstraint {
    this.expectWord('DEFAULT');
    const exprStart = this.peek();
    const expr = this.parseExpression();
    const text = this.textFrom(exprStart);
    const column = allowFor && this.acceptWord('FOR') ? this.parseIdentifier() : undefined;
    const withValues = this.acceptWords('WITH', 'VALUES');
    return {
      kind: 'DefaultConstraint',
      ...(name ? { name } : {}),
      expr,
      text,
      ...(column ? { column } : {}),
      ...(withValues ? { withValues } : {}),
      pos: this.posOf(start),
    };
  }

  protected parseTableConstraint(): TableConstraint {
    const start = this.peek();
    const name = this.acceptWord('CONSTRAINT') ? this.parseIdentifier() : undefined;
    if (this.isWord('DEFAULT')) return this.parseDefaultBody(name, start, true);
    if (this.isWord('CONNECTION')) return this.parseEdgeConstraint(name, start);
    return this.parseConstraintBody(name, start, false);
  }

  /** `CONNECTION (a TO b [, ...]) [ON DELETE NO ACTION | CASCADE]` of an edge table. */
  private parseEdgeConstraint(name: Identifier | undefined, start: Token): EdgeConstraint {
    this.expectWord('CONNECTION');
    this.expectSymbol('(');
    const clauses: { from: ObjectName; to: ObjectName }[] = [];
    do {
      const from = this.parseObjectName();
      this.expectWord('TO');
      clauses.push({ from, to: this.parseObjectName() });
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    let onDeleteCascade = false;
    if (this.acceptWord('ON')) {
      this.expectWord('DELETE');
      if (this.acceptWord('CASCADE')) onDeleteCascade = true;
      else {
        this.expectWord('NO');
        this.expectWord('ACTION');
      }
    }
    return {
      kind: 'EdgeConstraint',
      ...(name ? { name } : {}),
      clauses,
      onDeleteCascade,
      pos: this.posOf(start),
    };
  }

  /** PRIMARY KEY / UNIQUE / [FOREIGN KEY] REFERENCES / CHECK, on a column (no column list) or a table. */
  private parseConstraintBody(
    name: Identifier | undefined,
    start: Token,
    onColumn: boolean,
  ): PrimaryKeyConstraint | UniqueConstraint | ForeignKeyConstraint | CheckConstraint {
    const pos = this.posOf(start);
    const named = name ? { name } : {};
    if (this.isWord('PRIMARY') || this.isWord('UNIQUE')) {
      const primary = this.acceptWord('PRIMARY');
      if (primary) this.expectWord('KEY');
      else this.expectWord('UNIQUE');
      const clustered = this.acceptWord('CLUSTERED')
        ? true
        : this.acceptWord('NONCLUSTERED')
          ? false
          : undefined;
      const hash = clustered === false && this.acceptWord('HASH');
      const columns = this.isSymbol('(') ? this.parseIndexColumns() : [];
      if (!onColumn && columns.length === 0) throw this.error();
      const storage = this.parseStorage();
      const body = {
        ...named,
        ...(clustered !== undefined ? { clustered } : {}),
        ...(hash ? { hash } : {}),
        columns,
        storage,
        pos,
      };
      return primary ? { kind: 'PrimaryKey', ...body } : { kind: 'Unique', ...body };
    }
    if (this.isWord('FOREIGN') || this.isWord('REFERENCES')) {
      let columns: Identifier[] = [];
      if (this.acceptWord('FOREIGN')) {
        this.expectWord('KEY');
        if (!onColumn || this.isSymbol('(')) columns = this.parseParenIdentifierList();
      }
      this.expectWord('REFERENCES');
      const refTable = this.parseObjectName();
      const refColumns = this.isSymbol('(') ? this.parseParenIdentifierList() : [];
      let onDelete: ReferentialAction | undefined;
      let onUpdate: ReferentialAction | undefined;
      while (this.isWord('ON') && this.isAnyWord(['DELETE', 'UPDATE'], 1)) {
        this.next();
        const which = this.next().upper;
        const action = this.parseReferentialAction();
        if (which === 'DELETE') onDelete = action;
        else onUpdate = action;
      }
      const notForReplication = this.acceptWords('NOT', 'FOR', 'REPLICATION');
      return {
        kind: 'ForeignKey',
        ...named,
        columns,
        refTable,
        refColumns,
        ...(onDelete ? { onDelete } : {}),
        ...(onUpdate ? { onUpdate } : {}),
        notForReplication,
        pos,
      };
    }
    this.expectWord('CHECK');
    const notForReplication = this.acceptWords('NOT', 'FOR', 'REPLICATION');
    this.expectSymbol('(');
    const exprStart = this.peek();
    const expr = this.parseExpression();
    const text = this.textFrom(exprStart);
    this.expectSymbol(')');
    return { kind: 'Check', ...named, expr, text, notForReplication, pos };
  }

  private parseReferentialAction(): ReferentialAction {
    if (this.acceptWords('NO', 'ACTION')) return 'NO ACTION';
    if (this.acceptWord('CASCADE')) return 'CASCADE';
    if (this.acceptWords('SET', 'NULL')) return 'SET NULL';
    if (this.acceptWords('SET', 'DEFAULT')) return 'SET DEFAULT';
    throw this.error('expected NO ACTION, CASCADE, SET NULL or SET DEFAULT');
  }

  protected parseIndexColumns(): IndexColumn[] {
    this.expectSymbol('(');
    const columns: IndexColumn[] = [];
    do {
      const name = this.parseIdentifier();
      const direction = this.isAnyWord(['ASC', 'DESC']) ? (this.next().upper as 'ASC' | 'DESC') : undefined;
      columns.push({ kind: 'IndexColumn', name, ...(direction ? { direction } : {}), pos: name.pos });
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return columns;
  }

  /**
   * `WITH (opt = v, ...)` or the old unparenthesised `WITH FILLFACTOR = n` / `WITH IGNORE_DUP_KEY`,
   * `ON fg | ON ps(col)`, `TEXTIMAGE_ON fg`, `FILESTREAM_ON fg`, in any order.
   */
  protected parseStorage(): StorageClause {
    let on: string | undefined;
    let onColumn: string | undefined;
    let textImageOn: string | undefined;
    let filestreamOn: string | undefined;
    const options: StorageOption[] = [];
    for (;;) {
      if (this.isWord('WITH') && (this.isSymbol('(', 1) || this.isAnyWord(OLD_INDEX_OPTIONS, 1))) {
        this.next();
        if (this.isSymbol('(')) options.push(...this.parseOptionList());
        else options.push(this.parseOption());
      } else if (this.isWord('ON') && !this.isAnyWord(['DELETE', 'UPDATE'], 1)) {
        this.next();
        const start = this.peek();
        this.next();
        if (this.isSymbol('(')) onColumn = this.parseParenIdentifierList()[0]?.name;
        on = start.type === 'quoted-id' || onColumn ? start.value : this.textFrom(start);
      } else if (this.acceptWord('TEXTIMAGE_ON')) {
        textImageOn = this.next().value;
      } else if (this.acceptWord('FILESTREAM_ON')) {
        filestreamOn = this.next().value;
      } else break;
    }
    return {
      ...(on ? { on } : {}),
      ...(onColumn ? { onColumn } : {}),
      ...(textImageOn ? { textImageOn } : {}),
      ...(filestreamOn ? { filestreamOn } : {}),
      with: options,
    };
  }

  /** `( name [= value], ... )`; values are source text (`90`, `OFF`, `ON (HISTORY_TABLE = h)`). */
  protected parseOptionList(): StorageOption[] {
    this.expectSymbol('(');
    const options: StorageOption[] = [];
    do options.push(this.parseOption());
    while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return options;
  }

  private parseOption(): StorageOption {
    const optionName = this.next();
    if (optionName.type !== 'word') throw this.error(undefined, optionName);
    let value = 'ON';
    if (this.acceptSymbol('=')) {
      const start = this.peek();
      if (!this.isSymbol('(')) this.next();
      if (this.isSymbol('(')) this.skipParenthesised();
      value = this.textFrom(start);
    }
    return { name: optionName.upper, value };
  }

  /** Skips a balanced `( ... )`. */
  private skipParenthesised(): void {
    this.expectSymbol('(');
    let depth = 1;
    while (depth > 0) {
      if (this.atEnd()) throw this.error();
      if (this.isSymbol('(')) depth++;
      else if (this.isSymbol(')')) depth--;
      this.next();
    }
  }

  // ---- ALTER TABLE -----------------------------------------------------------------------

  protected parseAlterTable(alter: Token): AlterTable {
    this.expectWord('TABLE');
    const table = this.parseObjectName();
    let withCheck: boolean | undefined;
    if (this.acceptWords('WITH', 'CHECK')) withCheck = true;
    else if (this.acceptWords('WITH', 'NOCHECK')) withCheck = false;
    const checkFlag = withCheck !== undefined ? { withCheck } : {};
    let action: AlterTableAction;
    if (this.acceptWord('ADD')) {
      const columns: ColumnDef[] = [];
      const constraints: TableConstraint[] = [];
      let period: AlterTableAdd['period'];
      do {
        if (this.acceptWords('PERIOD', 'FOR', 'SYSTEM_TIME')) period = this.parsePeriodColumns();
        else if (this.isTableConstraintStart()) constraints.push(this.parseTableConstraint());
        else columns.push(this.parseColumnDef());
      } while (this.acceptSymbol(','));
      action = { kind: 'add', ...checkFlag, columns, constraints, ...(period ? { period } : {}) };
    } else if (this.isWord('CHECK') || this.isWord('NOCHECK')) {
      const enabled = this.next().upper === 'CHECK';
      this.expectWord('CONSTRAINT');
      const constraints = this.acceptWord('ALL') ? 'ALL' : this.parseIdentifierList();
      action = { kind: 'constraint-check', enabled, ...checkFlag, constraints };
    } else if (this.acceptWord('DROP')) {
      const items: { type: 'COLUMN' | 'CONSTRAINT'; name: Identifier; ifExists: boolean }[] = [];
      let type: 'COLUMN' | 'CONSTRAINT' = 'CONSTRAINT';
      let period = false;
      do {
        if (this.acceptWords('PERIOD', 'FOR', 'SYSTEM_TIME')) {
          period = true;
          continue;
        }
        if (this.acceptWord('COLUMN')) type = 'COLUMN';
        else if (this.acceptWord('CONSTRAINT')) type = 'CONSTRAINT';
        const ifExists = this.acceptWords('IF', 'EXISTS');
        do items.push({ type, name: this.parseIdentifier(), ifExists });
        while (
          this.isSymbol(',') &&
          !this.isAnyWord(['COLUMN', 'CONSTRAINT'], 1) &&
          !(this.isWord('PERIOD', 1) && this.isWord('FOR', 2)) &&
          this.acceptSymbol(',')
        );
      } while (this.acceptSymbol(','));
      action = { kind: 'drop', items, ...(period ? { period } : {}) };
    } else if (this.acceptWords('ALTER', 'COLUMN')) {
      action = this.isWord('MASKED', 2)
        ? this.parseAlterMask()
        : { kind: 'alter-column', column: this.parseColumnDef() };
    } else if (this.acceptWord('SET')) {
      action = { kind: 'set', options: this.parseOptionList() };
    } else if (this.isWord('ENABLE') || this.isWord('DISABLE')) {
      const enabled = this.next().upper === 'ENABLE';
      this.expectWord('TRIGGER');
      const triggers = this.acceptWord('ALL') ? 'ALL' : this.parseIdentifierList();
      action = { kind: 'trigger', enabled, triggers };
    } else throw this.error();
    return { kind: 'AlterTable', table, action, pos: this.posOf(alter) };
  }

  /** After ALTER COLUMN: `c ADD MASKED WITH (FUNCTION = '...')` or `c DROP MASKED`. */
  private parseAlterMask(): AlterTableAction {
    const column = this.parseIdentifier();
    if (this.acceptWord('DROP')) {
      this.expectWord('MASKED');
      return { kind: 'mask', column };
    }
    this.expectWord('ADD');
    this.expectWord('MASKED');
    this.expectWord('WITH');
    this.expectSymbol('(');
    this.expectWord('FUNCTION');
    this.expectSymbol('=');
    const fn = this.next();
    if (fn.type !== 'string') throw this.error(undefined, fn);
    this.expectSymbol(')');
    return { kind: 'mask', column, mask: fn.value };
  }

  // ---- indexes, drops, types, schemas, databases, sequences, synonyms --------------------

  protected parseCreateIndex(create: Token): CreateIndex {
    const unique = this.acceptWord('UNIQUE');
    const clustered = this.acceptWord('CLUSTERED')
      ? true
      : this.acceptWord('NONCLUSTERED')
        ? false
        : undefined;
    const columnstore = this.acceptWord('COLUMNSTORE');
    this.expectWord('INDEX');
    const name = this.parseIdentifier();
    this.expectWord('ON');
    const table = this.parseObjectName();
    const columns = columnstore && !this.isSymbol('(') ? [] : this.parseIndexColumns();
    const include = this.acceptWord('INCLUDE') ? this.parseParenIdentifierList() : [];
    const where = this.acceptWord('WHERE') ? this.parseExpression() : undefined;
    const storage = this.parseStorage();
    return {
      kind: 'CreateIndex',
      name,
      table,
      unique,
      ...(clustered !== undefined ? { clustered } : {}),
      ...(columnstore ? { columnstore } : {}),
      columns,
      include,
      ...(where ? { where } : {}),
      storage,
      pos: this.posOf(create),
    };
  }

  protected parseDrop(): Drop {
    const token = this.expectWord('DROP');
    const typeToken = this.next();
    const objectType = DROP_TYPES[typeToken.upper];
    if (typeToken.type !== 'word') throw this.error(undefined, typeToken);
    if (!objectType) throw this.unsupported(`DROP ${typeToken.upper}`, typeToken);
    const ifExists = this.acceptWords('IF', 'EXISTS');
    const names: ObjectName[] = [];
    do names.push(this.parseObjectName());
    while (this.acceptSymbol(','));
    const onTable = objectType === 'INDEX' && this.acceptWord('ON') ? this.parseObjectName() : undefined;
    return {
      kind: 'Drop',
      objectType,
      ifExists,
      names,
      ...(onTable ? { onTable } : {}),
      pos: this.posOf(token),
    };
  }

  protected parseCreateType(create: Token): CreateType {
    this.expectWord('TYPE');
    const name = this.parseObjectName();
    if (this.acceptWord('FROM')) {
      const baseType = this.parseDataType();
      const nullable = this.acceptWord('NULL') ? true : this.acceptWords('NOT', 'NULL') ? false : undefined;
      return {
        kind: 'CreateType',
        name,
        baseType,
        ...(nullable !== undefined ? { nullable } : {}),
        pos: this.posOf(create),
      };
    }
    this.expectWord('AS');
    this.expectWord('TABLE');
    const table = this.parseTableElements();
    const storage = this.parseStorage();
    return { kind: 'CreateType', name, table, storage, pos: this.posOf(create) };
  }

  protected parseCreateSchema(create: Token): CreateSchema {
    this.expectWord('SCHEMA');
    const name = this.parseIdentifier();
    const authorization = this.acceptWord('AUTHORIZATION') ? this.parseIdentifier() : undefined;
    return {
      kind: 'CreateSchema',
      name,
      ...(authorization ? { authorization } : {}),
      pos: this.posOf(create),
    };
  }

  protected parseCreateDatabase(create: Token): CreateDatabase {
    this.expectWord('DATABASE');
    const name = this.parseIdentifier();
    // Options run to the next statement; WITH here belongs to CREATE DATABASE, not to a CTE.
    const start = this.peek();
    let depth = 0;
    let collation: string | undefined;
    const filegroups: { name: string; contains?: 'MEMORY_OPTIMIZED_DATA' | 'FILESTREAM' }[] = [];
    while (
      !this.atEnd() &&
      !(depth === 0 && (this.isSymbol(';') || (this.startsStatement() && !this.isWord('WITH'))))
    ) {
      if (this.isSymbol('(')) depth++;
      else if (this.isSymbol(')')) depth--;
      else if (depth === 0 && this.isWord('COLLATE')) {
        this.next();
        collation = this.parseIdentifier().name;
        continue;
      } else if (depth === 0 && this.isWord('FILEGROUP')) {
        this.next();
        const name = this.parseIdentifier().name;
        const contains = this.acceptWord('CONTAINS') ? this.next().upper : undefined;
        filegroups.push({
          name,
          ...(contains === 'MEMORY_OPTIMIZED_DATA' || contains === 'FILESTREAM' ? { contains } : {}),
        });
        continue;
      }
      this.next();
    }
    const options = this.peek() === start ? undefined : this.textFrom(start);
    return {
      kind: 'CreateDatabase',
      name,
      ...(options ? { options } : {}),
      ...(collation ? { collation } : {}),
      ...(filegroups.length ? { filegroups } : {}),
      pos: this.posOf(create),
    };
  }

  protected parseAlterDatabase(alter: Token): AlterDatabase | AlterDatabaseFiles {
    this.expectWord('DATABASE');
    const name = this.acceptWord('CURRENT') ? null : this.parseIdentifier();
    if (this.isWord('ADD')) return this.parseAlterDatabaseFiles(alter, name);
    if (this.acceptWord('COLLATE'))
      return {
        kind: 'AlterDatabase',
        name,
        options: [],
        collation: this.parseIdentifier().name,
        pos: this.posOf(alter),
      };
    this.expectWord('SET');
    const options = this.parseTextItems(false).map((option) => option.toUpperCase());
    let termination: string | undefined;
    if (this.acceptWord('WITH')) {
      const start = this.peek();
      if (this.acceptWords('ROLLBACK', 'AFTER')) {
        this.next();
        this.acceptWord('SECONDS');
      } else if (!this.acceptWords('ROLLBACK', 'IMMEDIATE')) this.expectWord('NO_WAIT');
      termination = this.textFrom(start).toUpperCase();
    }
    return {
      kind: 'AlterDatabase',
      name,
      options,
      ...(termination ? { termination } : {}),
      pos: this.posOf(alter),
    };
  }

  protected parseCreateSequence(create: Token): CreateSequence {
    this.expectWord('SEQUENCE');
    const name = this.parseObjectName();
    const dataType = this.acceptWord('AS') ? this.parseDataType() : undefined;
    const { options, cycle } = this.parseSequenceOptions();
    return {
      kind: 'CreateSequence',
      name,
      ...(dataType ? { dataType } : {}),
      options,
      ...(cycle !== undefined ? { cycle } : {}),
      pos: this.posOf(create),
    };
  }

  protected parseAlterSequence(alter: Token): AlterSequence {
    this.expectWord('SEQUENCE');
    const name = this.parseObjectName();
    const { options, cycle } = this.parseSequenceOptions();
    return {
      kind: 'AlterSequence',
      name,
      options,
      ...(cycle !== undefined ? { cycle } : {}),
      pos: this.posOf(alter),
    };
  }

  /** START WITH, RESTART [WITH], INCREMENT BY, [NO] MINVALUE/MAXVALUE/CACHE/CYCLE, in any order. */
  private parseSequenceOptions(): { options: Record<string, string | null>; cycle?: boolean } {
    const options: Record<string, string | null> = {};
    let cycle: boolean | undefined;
    const optionalNumber = () =>
      this.peek().type === 'number' || this.isSymbol('-') ? this.parseSignedNumberText() : '';
    for (;;) {
      if (this.acceptWords('START', 'WITH')) options.START = this.parseSignedNumberText();
      else if (this.acceptWords('INCREMENT', 'BY')) options.INCREMENT = this.parseSignedNumberText();
      else if (this.acceptWord('RESTART'))
        options.RESTART = this.acceptWord('WITH') ? this.parseSignedNumberText() : '';
      else if (this.isAnyWord(['MINVALUE', 'MAXVALUE']))
        options[this.next().upper] = this.parseSignedNumberText();
      else if (this.acceptWord('CACHE')) options.CACHE = optionalNumber();
      else if (this.acceptWord('NO')) {
        const option = this.next().upper;
        if (option === 'CYCLE') cycle = false;
        else options[option] = null;
      } else if (this.acceptWord('CYCLE')) cycle = true;
      else break;
    }
    return { options, ...(cycle !== undefined ? { cycle } : {}) };
  }

  protected parseCreateSynonym(create: Token): CreateSynonym {
    this.expectWord('SYNONYM');
    const name = this.parseObjectName();
    this.expectWord('FOR');
    return { kind: 'CreateSynonym', name, target: this.parseObjectName(), pos: this.posOf(create) };
  }

  // ---- modules ---------------------------------------------------------------------------

  /**
   * Parses a module body; a syntax error makes the body null (recorded) and skips to the end of the
   * batch. With the module's text (from CREATE/ALTER to the end of the batch) and position.
   */
  protected parseModuleBody<T>(start: Token, parse: () => T) {
    const text = this.source.slice(start.offset);
    const pos = this.posOf(start);
    try {
      const body: T | null = parse();
      if (!this.atEnd()) throw this.error();
      return { body, text, pos };
    } catch (error) {
      if (!(error instanceof TsqlSyntaxError)) throw error;
      this.index = this.tokens.length - 1;
      const bodyError: ModuleParseError = {
        number: error.number,
        message: error.message,
        line: error.line,
        column: error.column,
        ...(error.unsupported ? { unsupported: error.unsupported } : {}),
      };
      return { body: null, bodyError, text, pos };
    }
  }

  protected parseModuleOptions(): { options: string[]; executeAs?: ExecuteAsPrincipal } {
    const options: string[] = [];
    let executeAs: ExecuteAsPrincipal | undefined;
    if (!this.acceptWord('WITH')) return { options };
    do {
      const start = this.peek();
      if (this.acceptWord('EXECUTE') || this.acceptWord('EXEC')) {
        this.expectWord('AS');
        const who = this.next();
        executeAs = who.type === 'string' ? { user: who.value } : { principal: who.upper };
      } else if (this.acceptWords('RETURNS', 'NULL', 'ON', 'NULL', 'INPUT')) {
        // the full option is consumed
      } else if (this.acceptWords('CALLED', 'ON', 'NULL', 'INPUT')) {
        // the full option is consumed
      } else {
        const word = this.next();
        if (word.type !== 'word') throw this.error(undefined, word);
      }
      options.push(this.textFrom(start).toUpperCase());
    } while (this.acceptSymbol(','));
    return { options, ...(executeAs && { executeAs }) };
  }

  protected parseCreateView(start: Token, orAlter: boolean, alter: boolean): CreateView {
    this.expectWord('VIEW');
    const name = this.parseObjectName();
    const columns = this.isSymbol('(') ? this.parseParenIdentifierList() : undefined;
    const { options } = this.parseModuleOptions();
    this.expectWord('AS');
    let withCheckOption = false;
    const module = this.parseModuleBody(start, () => {
      const select = this.parseSelect();
      withCheckOption = this.acceptWords('WITH', 'CHECK', 'OPTION');
      this.acceptSymbol(';');
      return select;
    });
    return {
      kind: 'CreateView',
      name,
      orAlter,
      alter,
      ...(columns ? { columns } : {}),
      options,
      withCheckOption,
      ...module,
    };
  }

  protected parseParameters(): ParameterDef[] {
    const params: ParameterDef[] = [];
    const parenthesised = this.acceptSymbol('(');
    if (parenthesised && this.acceptSymbol(')')) return params;
    if (!parenthesised && this.peek().type !== 'variable') return params;
    do {
      const token = this.next();
      if (token.type !== 'variable') throw this.error(undefined, token);
      this.acceptWord('AS');
      const dataType = this.parseDataType();
      const varying = this.acceptWord('VARYING');
      const defaultValue = this.acceptSymbol('=') ? this.parseExpression() : undefined;
      const output = this.acceptWord('OUTPUT') || this.acceptWord('OUT');
      const readonly = this.acceptWord('READONLY');
      params.push({
        kind: 'ParameterDef',
        name: token.text,
        dataType,
        varying,
        ...(defaultValue ? { default: defaultValue } : {}),
        output,
        readonly,
        pos: this.posOf(token),
      });
    } while (this.acceptSymbol(','));
    if (parenthesised) this.expectSymbol(')');
    return params;
  }

  protected parseCreateProcedure(start: Token, orAlter: boolean, alter: boolean): CreateProcedure {
    this.next(); // PROC | PROCEDURE
    const name = this.parseObjectName();
    if (this.acceptSymbol(';')) this.next(); // numbered procedure `;1`
    const params = this.parseParameters();
    const { options, executeAs } = this.parseModuleOptions();
    const forReplication = this.acceptWords('FOR', 'REPLICATION');
    this.expectWord('AS');
    const module = this.parseModuleBody(start, () => this.parseStatementsToEnd());
    return {
      kind: 'CreateProcedure',
      name,
      orAlter,
      alter,
      params,
      options,
      ...(executeAs && { executeAs }),
      forReplication,
      ...module,
    };
  }

  protected parseCreateFunction(start: Token, orAlter: boolean, alter: boolean): CreateFunction {
    this.expectWord('FUNCTION');
    const name = this.parseObjectName();
    if (!this.isSymbol('(')) throw this.error();
    const params = this.parseParameters();
    this.expectWord('RETURNS');
    let returns: FunctionReturns;
    if (this.acceptWord('TABLE')) returns = { kind: 'inline-table' };
    else if (this.peek().type === 'variable') {
      const variable = this.next().text;
      this.expectWord('TABLE');
      returns = { kind: 'table-variable', variable, ...this.parseTableElements() };
    } else returns = { kind: 'scalar', type: this.parseDataType() };
    const { options, executeAs } = this.parseModuleOptions();
    this.acceptWord('AS');
    const module = this.parseModuleBody(start, (): Statement[] => {
      if (returns.kind === 'inline-table') {
        const ret = this.expectWord('RETURN');
        const queryStart = this.peek();
        const query = this.parseSelect();
        this.acceptSymbol(';');
        return [
          {
            kind: 'Return',
            expr: { kind: 'Subquery', query, pos: this.posOf(queryStart) },
            pos: this.posOf(ret),
          },
        ];
      }
      const statements = this.parseBeginEndStatements();
      this.acceptSymbol(';');
      return statements;
    });
    return {
      kind: 'CreateFunction',
      name,
      orAlter,
      alter,
      params,
      returns,
      options,
      ...(executeAs && { executeAs }),
      ...module,
    };
  }

  protected parseCreateTrigger(
    start: Token,
    orAlter: boolean,
    alter: boolean,
  ): CreateTrigger | CreateDdlTrigger {
    this.expectWord('TRIGGER');
    const name = this.parseObjectName();
    this.expectWord('ON');
    if (this.isWord('DATABASE')) return this.parseDdlTriggerTail(start, name.name, orAlter, alter);
    if (this.isWord('ALL')) throw this.unsupported('server-level DDL trigger (ON ALL SERVER)');
    const table = this.parseObjectName();
    const { options } = this.parseModuleOptions();
    let timing: CreateTrigger['timing'];
    if (this.acceptWord('FOR') || this.acceptWord('AFTER')) timing = 'AFTER';
    else {
      this.expectWord('INSTEAD');
      this.expectWord('OF');
      timing = 'INSTEAD OF';
    }
    const events: TriggerEvent[] = [];
    do {
      const event = this.next();
      if (event.upper !== 'INSERT' && event.upper !== 'UPDATE' && event.upper !== 'DELETE')
        throw this.error(undefined, event);
      events.push(event.upper);
    } while (this.acceptSymbol(','));
    this.acceptWords('WITH', 'APPEND');
    const notForReplication = this.acceptWords('NOT', 'FOR', 'REPLICATION');
    this.expectWord('AS');
    const module = this.parseModuleBody(start, () => this.parseStatementsToEnd());
    return {
      kind: 'CreateTrigger',
      name,
      orAlter,
      alter,
      table,
      timing,
      events,
      options,
      notForReplication,
      ...module,
    };
  }
}
