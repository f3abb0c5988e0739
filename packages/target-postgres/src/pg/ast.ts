// The PostgreSQL syntax tree the lowering passes build and print-expression.ts prints: plain immutable
// data, one node kind per construct, names unquoted (the printer quotes them). Built by the
// constructor functions below, never by hand-written SQL text.

import type { PgType } from './pg-type.js';

/** Words PostgreSQL evaluates without parentheses (SQL value functions and PL/pgSQL specials). */
export type PgKeyword =
  | 'LOCALTIMESTAMP'
  | 'LOCALTIME'
  | 'CURRENT_DATE'
  | 'session_user'
  | 'current_user'
  | 'SQLERRM'
  | 'SQLSTATE'
  | 'FOUND';

export type PgBinaryOperator =
  | 'OR'
  | 'AND'
  | '='
  | '<>'
  | '<'
  | '>'
  | '<='
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '&'
  | '|'
  | '#'
  | '||'
  | '#>>'
  | '@@'
  | '>>';

export type PgUnaryOperator = 'NOT' | '-' | '+' | '~';

/** A function: a built-in by its PostgreSQL name (printed as written), or a schema-qualified user function. */
export type PgFunctionName = { builtin: string } | { schema: string; name: string };

export interface PgOrderItem {
  readonly expr: PgExpression;
  /** Absent: no direction written (ascending). */
  readonly direction?: 'ASC' | 'DESC';
  /** Absent: PostgreSQL's default (NULLS LAST ascending), not written. */
  readonly nulls?: 'FIRST' | 'LAST';
}

export interface PgFrameBound {
  readonly type: 'unbounded-preceding' | 'preceding' | 'current-row' | 'following' | 'unbounded-following';
  readonly offset?: PgExpression;
}

export interface PgWindow {
  readonly partitionBy: readonly PgExpression[];
  readonly orderBy: readonly PgOrderItem[];
  readonly frame?: {
    readonly unit: 'ROWS' | 'RANGE';
    readonly start: PgFrameBound;
    readonly end?: PgFrameBound;
  };
}

/** A call whose arguments are separated by keywords: `substring(s FROM a FOR n)`, `trim(BOTH c FROM s)`. */
export interface PgKeywordArgument {
  readonly keyword?: 'FROM' | 'FOR' | 'PLACING' | 'BOTH';
  readonly value: PgExpression;
}

export type PgExpression =
  | { readonly kind: 'Number'; readonly text: string }
  | { readonly kind: 'String'; readonly value: string }
  | { readonly kind: 'Bool'; readonly value: boolean }
  | { readonly kind: 'Null' }
  | { readonly kind: 'Default' }
  | { readonly kind: 'Bytea'; readonly hex: string }
  | { readonly kind: 'Interval'; readonly text: string }
  | { readonly kind: 'Keyword'; readonly word: PgKeyword }
  /** A column, variable or alias reference: each part an unquoted name. */
  | { readonly kind: 'Name'; readonly parts: readonly string[] }
  | { readonly kind: 'Star'; readonly qualifier?: readonly string[] }
  /** `'"schema"."sequence"'`: a relation named by a string literal (nextval's argument). */
  | { readonly kind: 'RelationLiteral'; readonly parts: readonly string[] }
  | { readonly kind: 'Unary'; readonly op: PgUnaryOperator; readonly operand: PgExpression }
  | {
      readonly kind: 'Binary';
      readonly op: PgBinaryOperator;
      readonly left: PgExpression;
      readonly right: PgExpression;
    }
  | { readonly kind: 'Paren'; readonly expr: PgExpression }
  | {
      readonly kind: 'Call';
      readonly fn: PgFunctionName;
      readonly args: readonly PgExpression[];
      readonly star?: boolean;
      readonly distinct?: boolean;
      readonly orderBy?: readonly PgOrderItem[];
    }
  | { readonly kind: 'KeywordCall'; readonly name: string; readonly args: readonly PgKeywordArgument[] }
  | { readonly kind: 'Window'; readonly expr: PgExpression; readonly over: PgWindow }
  | { readonly kind: 'Extract'; readonly field: string; readonly from: PgExpression }
  /** `CAST(expr AS type)`, or `expr::type` when `shorthand`. */
  | {
      readonly kind: 'Cast';
      readonly expr: PgExpression;
      readonly type: PgType;
      readonly shorthand?: boolean;
    }
  | {
      readonly kind: 'Case';
      readonly operand?: PgExpression;
      readonly whens: readonly { readonly when: PgExpression; readonly then: PgExpression }[];
      readonly else?: PgExpression;
    }
  | {
      readonly kind: 'InList';
      readonly expr: PgExpression;
      readonly list: readonly PgExpression[];
      readonly not: boolean;
    }
  | {
      readonly kind: 'InQuery';
      readonly expr: PgExpression;
      readonly query: PgSelect;
      readonly not: boolean;
    }
  | {
      readonly kind: 'Between';
      readonly expr: PgExpression;
      readonly low: PgExpression;
      readonly high: PgExpression;
      readonly not: boolean;
    }
  | { readonly kind: 'IsNull'; readonly expr: PgExpression; readonly not: boolean }
  | {
      readonly kind: 'Like';
      readonly expr: PgExpression;
      readonly pattern: PgExpression;
      readonly escape?: PgExpression;
      readonly not: boolean;
      /** SIMILAR TO instead of LIKE. */
      readonly similar: boolean;
    }
  | { readonly kind: 'Exists'; readonly query: PgSelect }
  | { readonly kind: 'Subquery'; readonly query: PgSelect }
  | {
      readonly kind: 'Quantified';
      readonly left: PgExpression;
      readonly op: PgBinaryOperator;
      readonly quantifier: 'ANY' | 'ALL';
      readonly query: PgSelect;
    }
  /** `left op ANY (array)`: a comparison with each element of an array. */
  | {
      readonly kind: 'QuantifiedArray';
      readonly left: PgExpression;
      readonly op: PgBinaryOperator;
      readonly quantifier: 'ANY' | 'ALL';
      readonly array: PgExpression;
    }
  /** `ARRAY[item, ...]`. */
  | { readonly kind: 'Array'; readonly items: readonly PgExpression[] }
  /** `(expr AT TIME ZONE zone)`, always parenthesised. */
  | { readonly kind: 'AtTimeZone'; readonly expr: PgExpression; readonly zone: PgExpression }
  /** An action item's mark: `/* ferry: CODE message *\/` before the expression it is about. */
  | { readonly kind: 'Note'; readonly code: string; readonly message: string; readonly expr: PgExpression }
  /** A PostgreSQL expression from the model, used as written (a postgres-dialect default, check or filter). */
  | { readonly kind: 'SourceText'; readonly text: string };

export type PgExpressionKind = PgExpression['kind'];
export type PgNode<K extends PgExpressionKind> = Extract<PgExpression, { kind: K }>;

export const pg = {
  number: (text: string | number): PgExpression => ({ kind: 'Number', text: String(text) }),
  string: (value: string): PgExpression => ({ kind: 'String', value }),
  bool: (value: boolean): PgExpression => ({ kind: 'Bool', value }),
  null: (): PgExpression => ({ kind: 'Null' }),
  keyword: (word: PgKeyword): PgExpression => ({ kind: 'Keyword', word }),
  interval: (text: string): PgExpression => ({ kind: 'Interval', text }),
  name: (...parts: string[]): PgExpression => ({ kind: 'Name', parts }),
  /** `name [AS alias]` in a FROM list. */
  table: (name: readonly string[], alias?: string): PgFromItem => ({
    kind: 'Table',
    name,
    ...(alias === undefined ? {} : { alias }),
    notes: [],
  }),
  /** A relation's name as a quoted literal (`'"Sales".orders'`), for regclass arguments. */
  relation: (parts: readonly string[]): PgExpression => ({ kind: 'RelationLiteral', parts }),
  binary: (op: PgBinaryOperator, left: PgExpression, right: PgExpression): PgExpression => ({
    kind: 'Binary',
    op,
    left,
    right,
  }),
  paren: (expr: PgExpression): PgExpression => ({ kind: 'Paren', expr }),
  call: (name: string, ...args: PgExpression[]): PgExpression => ({
    kind: 'Call',
    fn: { builtin: name },
    args,
  }),
  keywordCall: (name: string, ...args: PgKeywordArgument[]): PgExpression => ({
    kind: 'KeywordCall',
    name,
    args,
  }),
  cast: (expr: PgExpression, type: PgType): PgExpression => ({ kind: 'Cast', expr, type }),
  extract: (field: string, from: PgExpression): PgExpression => ({ kind: 'Extract', field, from }),
  caseWhen: (when: PgExpression, then: PgExpression, otherwise: PgExpression): PgExpression => ({
    kind: 'Case',
    whens: [{ when, then }],
    else: otherwise,
  }),
  atTimeZone: (expr: PgExpression, zone: PgExpression): PgExpression => ({ kind: 'AtTimeZone', expr, zone }),
  /** A query of one body, with no ORDER BY or LIMIT. */
  select: (body: PgQueryBody): PgSelect => ({ kind: 'Select', body, orderBy: [], notes: [] }),
  /** `SELECT columns FROM from WHERE where`. */
  /** A SELECT block; a column is an expression, or one with its alias. */
  selectCore: (
    columns: readonly (PgExpression | PgSelectColumn)[],
    from: PgFromItem[],
    where?: PgExpression,
  ): PgSelectCore => ({
    kind: 'SelectCore',
    distinct: false,
    columns: columns.map((c) => ('kind' in c ? { expr: c } : c)),
    notes: [],
    from,
    where,
  }),
};

/** An action item's mark on a query clause, printed as `/* ferry: CODE message *\/` where the clause was. */
export interface PgNoteMark {
  readonly code: string;
  readonly message: string;
}

/** `WITH [RECURSIVE] name (columns) AS (query), ...`. */
export interface PgWith {
  readonly recursive: boolean;
  readonly ctes: readonly {
    readonly name: string;
    readonly columns?: readonly string[];
    /** A data-modifying statement with RETURNING: its rows (T-SQL's OUTPUT clause). */
    readonly query: PgSelect | PgDml;
  }[];
}

/** `LIMIT n`, or `FETCH FIRST n ROWS WITH TIES`. */
export interface PgLimit {
  readonly withTies: boolean;
  readonly count: PgExpression;
}

/** A complete query: WITH, the query body, ORDER BY, LIMIT, OFFSET/FETCH, then the notes of dropped clauses. */
export interface PgSelect {
  readonly kind: 'Select';
  readonly with?: PgWith;
  readonly body: PgQueryBody;
  readonly orderBy: readonly PgOrderItem[];
  readonly limit?: PgLimit;
  readonly offset?: PgExpression;
  readonly fetch?: PgExpression;
  readonly notes: readonly PgNoteMark[];
}

export type PgGroupBy =
  | { readonly kind: 'GroupingSets'; readonly sets: readonly (readonly PgExpression[])[] }
  | {
      readonly kind: 'GroupList';
      readonly modifier?: 'ROLLUP' | 'CUBE';
      readonly items: readonly PgExpression[];
      /** Marks of what the grouping lost (GROUP BY ALL), printed after it. */
      readonly notes: readonly PgNoteMark[];
    };

/** A select list's column: `expr [AS alias]`. */
export interface PgSelectColumn {
  readonly expr: PgExpression;
  readonly alias?: string;
}

/** One SELECT ... INTO ... FROM ... WHERE ... GROUP BY ... HAVING block. */
export interface PgSelectCore {
  readonly kind: 'SelectCore';
  readonly distinct: boolean;
  readonly columns: readonly PgSelectColumn[];
  /** PL/pgSQL `INTO v1, v2`: the variables a routine's SELECT assigns. */
  readonly into?: readonly PgExpression[];
  /** Marks printed right after the select list (an INTO table that was dropped). */
  readonly notes: readonly PgNoteMark[];
  readonly from: readonly PgFromItem[];
  readonly where?: PgExpression;
  readonly groupBy?: PgGroupBy;
  readonly having?: PgExpression;
}

export type PgSetOperator = 'UNION' | 'UNION ALL' | 'EXCEPT' | 'INTERSECT';

export interface PgSetOperation {
  readonly kind: 'SetOperation';
  readonly op: PgSetOperator;
  readonly left: PgQueryBody;
  readonly right: PgQueryBody;
}

/** A query block, a set operation, or a complete query in parentheses. */
export type PgQueryBody = PgSelectCore | PgSetOperation | PgSelect;

export type PgJoinType = 'INNER' | 'LEFT' | 'LEFT OUTER' | 'RIGHT OUTER' | 'FULL OUTER' | 'CROSS';

/** An element of FROM (or USING, or UPDATE's target): a relation, a derived table, a join. */
export type PgFromItem =
  | {
      readonly kind: 'Table';
      readonly name: readonly string[];
      readonly alias?: string;
      /** Marks of dropped table hints, printed after the alias. */
      readonly notes: readonly PgNoteMark[];
    }
  | {
      readonly kind: 'SubqueryFrom';
      readonly query: PgSelect;
      readonly alias: string;
      readonly columns?: readonly string[];
    }
  | {
      readonly kind: 'ValuesFrom';
      readonly rows: readonly (readonly PgExpression[])[];
      readonly alias: string;
      readonly columns?: readonly string[];
    }
  | {
      readonly kind: 'FunctionFrom';
      readonly call: PgExpression;
      readonly alias?: string;
      readonly columns?: readonly string[];
      /** Marks printed after the column list. */
      readonly notes: readonly PgNoteMark[];
    }
  | {
      readonly kind: 'Join';
      readonly type: PgJoinType;
      readonly lateral: boolean;
      readonly left: PgFromItem;
      readonly right: PgFromItem;
      readonly on?: PgExpression;
      /** Marks of a dropped join hint, printed before the right side. */
      readonly notes: readonly PgNoteMark[];
    }
  /** A source whose surrounding construct was dropped (PIVOT): its marks, then the source. */
  | { readonly kind: 'NotedFrom'; readonly notes: readonly PgNoteMark[]; readonly item: PgFromItem };

/** `WHERE CURRENT OF cursor`, or a condition. */
export type PgDmlWhere = { readonly kind: 'CurrentOf'; readonly cursor: string } | PgExpression;

/** A data-modifying statement, after the marks of what its conversion dropped. */
/** `RETURNING expr [AS alias], ...` of INSERT / UPDATE / DELETE / MERGE. */
export type PgReturning = readonly { readonly expr: PgExpression; readonly alias?: string }[];

export type PgDml =
  | {
      readonly kind: 'Insert';
      readonly notes: readonly PgNoteMark[];
      /** `WITH ...` before the statement (T-SQL's CTEs before INSERT/UPDATE/DELETE). */
      readonly with?: PgWith;
      readonly table: readonly string[];
      readonly columns?: readonly string[];
      readonly source:
        | { readonly kind: 'Values'; readonly rows: readonly (readonly PgExpression[])[] }
        | { readonly kind: 'DefaultValues' }
        | PgSelect;
      /** `ON CONFLICT DO NOTHING`: a row that violates a unique constraint is skipped. */
      readonly onConflictDoNothing?: boolean;
      readonly returning?: PgReturning;
    }
  | {
      readonly kind: 'Update';
      readonly notes: readonly PgNoteMark[];
      /** `WITH ...` before the statement (T-SQL's CTEs before INSERT/UPDATE/DELETE). */
      readonly with?: PgWith;
      readonly table: PgFromItem;
      readonly set: readonly { readonly target: string; readonly value: PgExpression }[];
      readonly from: readonly PgFromItem[];
      readonly where?: PgDmlWhere;
      readonly returning?: PgReturning;
    }
  | {
      readonly kind: 'Delete';
      readonly notes: readonly PgNoteMark[];
      /** `WITH ...` before the statement (T-SQL's CTEs before INSERT/UPDATE/DELETE). */
      readonly with?: PgWith;
      readonly table: readonly string[];
      /** `DELETE FROM t AS alias`: the name the statement's other parts use for the table. */
      readonly alias?: string;
      readonly using: readonly PgFromItem[];
      readonly where?: PgDmlWhere;
      /** Marks printed after the statement (a conversion to check). */
      readonly trailing: readonly PgNoteMark[];
      readonly returning?: PgReturning;
    }
  | {
      readonly kind: 'Merge';
      readonly notes: readonly PgNoteMark[];
      readonly with?: PgWith;
      readonly table: readonly string[];
      readonly alias?: string;
      readonly source: PgFromItem;
      readonly on: PgExpression;
      readonly whens: readonly PgMergeWhen[];
      readonly returning?: PgReturning;
    }
  /** A statement that could not be converted: its marks, then `NULL` (a no-op in PL/pgSQL). */
  | { readonly kind: 'NoOp'; readonly notes: readonly PgNoteMark[] };

/** `WHEN [NOT] MATCHED [BY SOURCE] [AND condition] THEN action` of MERGE (BY SOURCE: PostgreSQL 17+). */
export interface PgMergeWhen {
  readonly match: 'MATCHED' | 'NOT MATCHED' | 'NOT MATCHED BY SOURCE';
  readonly condition?: PgExpression;
  readonly action:
    | {
        readonly kind: 'Update';
        readonly set: readonly { readonly target: string; readonly value: PgExpression }[];
      }
    | { readonly kind: 'Delete' }
    /** `INSERT (columns) VALUES (values)`; no values: `INSERT DEFAULT VALUES`. */
    | {
        readonly kind: 'Insert';
        readonly columns?: readonly string[];
        readonly values?: readonly PgExpression[];
      };
}

/** A column of a table (or of RETURNS TABLE, or a composite type): `name type [...] [NOT NULL]` (type: PostgreSQL type text). */
export interface PgColumnDefinition {
  readonly name: string;
  readonly type: PgType;
  readonly notNull?: boolean;
  readonly default?: PgExpression;
  /** `GENERATED BY DEFAULT AS IDENTITY (START WITH seed INCREMENT BY step)`. */
  readonly identity?: { readonly seed: string; readonly increment: string };
  /** `GENERATED ALWAYS AS (expr) STORED`. */
  readonly generated?: PgExpression;
  /** `-- text` lines printed before the column in CREATE TABLE (what its conversion lost). */
  readonly remarks?: readonly string[];
}

/** A line of a PL/pgSQL DECLARE section. */
export type PgDeclaration =
  | { readonly kind: 'Variable'; readonly name: string; readonly type: PgType }
  | { readonly kind: 'Cursor'; readonly name: string; readonly query: PgSelect };

/** `RAISE level 'format', args USING option = value, ...`; no level: `RAISE;` (re-raise). */
export interface PgRaise {
  readonly kind: 'Raise';
  readonly level?: 'NOTICE' | 'EXCEPTION';
  /** The format string, `%` for each argument. */
  readonly format?: string;
  readonly args: readonly PgExpression[];
  readonly using: readonly {
    readonly option: 'MESSAGE' | 'DETAIL' | 'HINT' | 'ERRCODE';
    readonly value: PgExpression;
  }[];
}

/** A condition an EXCEPTION handler catches by name. */
export type PgConditionName = 'duplicate_object' | 'unique_violation';

/** What an EXCEPTION handler catches: one SQLSTATE, or conditions by name (absent: OTHERS). */
export type PgErrorCondition =
  { readonly sqlstate: string } | { readonly conditions: readonly PgConditionName[] };

/** `BEGIN body [EXCEPTION WHEN condition THEN onError] END`: a nested block, or a DO block's. */
export interface PgBlock {
  readonly body: readonly PgStatement[];
  readonly onError?: readonly PgStatement[];
  /** What the handler catches (absent: OTHERS). */
  readonly catches?: PgErrorCondition;
}

/** A PL/pgSQL statement. Each may carry the marks of what its conversion dropped, printed before it. */
export type PgStatement = (
  | { readonly kind: 'Assign'; readonly target: string; readonly value: PgExpression }
  | { readonly kind: 'Dml'; readonly dml: PgDml }
  /** A query run for its INTO variables (the INTO list is on its first block). */
  | { readonly kind: 'SelectInto'; readonly query: PgSelect }
  | { readonly kind: 'Perform'; readonly query: PgSelectCore }
  | {
      readonly kind: 'OpenCursor';
      readonly cursor: string;
      readonly query?: PgSelect;
      /** OPEN c FOR EXECUTE text (instead of a query). */
      readonly execute?: PgExpression;
      /** `USING ...`: the values of the executed text's $1, $2, ... */
      readonly using?: readonly PgExpression[];
    }
  | {
      readonly kind: 'Fetch';
      readonly direction: string;
      readonly offset?: PgExpression;
      readonly cursor: string;
      readonly into: readonly string[];
    }
  | { readonly kind: 'CloseCursor'; readonly cursor: string }
  | { readonly kind: 'Return'; readonly value?: PgExpression }
  | { readonly kind: 'ReturnNext'; readonly value: PgExpression }
  | { readonly kind: 'ReturnQuery'; readonly query: PgSelect }
  | {
      readonly kind: 'If';
      readonly branches: readonly {
        readonly condition: PgExpression;
        readonly body: readonly PgStatement[];
      }[];
      readonly else?: readonly PgStatement[];
    }
  | { readonly kind: 'While'; readonly condition: PgExpression; readonly body: readonly PgStatement[] }
  /** `FOR target IN query LOOP body END LOOP;` (target: a record variable). */
  | {
      readonly kind: 'ForQuery';
      readonly target: string;
      readonly query: PgSelect;
      readonly body: readonly PgStatement[];
    }
  /** `FOREACH target IN ARRAY array LOOP body END LOOP;` (target: a variable of the element type). */
  | {
      readonly kind: 'ForEach';
      readonly target: string;
      readonly array: PgExpression;
      readonly body: readonly PgStatement[];
    }
  | { readonly kind: 'Exit' }
  | { readonly kind: 'Continue' }
  /** `BEGIN ... [EXCEPTION WHEN condition THEN ...] END;` */
  | ({ readonly kind: 'Block' } & PgBlock)
  | PgRaise
  | {
      readonly kind: 'GetDiagnostics';
      /** GET STACKED DIAGNOSTICS (inside an exception handler). */
      readonly stacked: boolean;
      readonly items: readonly { readonly target: string; readonly item: string }[];
    }
  | {
      readonly kind: 'Call';
      readonly procedure: readonly string[];
      readonly args: readonly { readonly name?: string; readonly value: PgExpression }[];
    }
  /** `EXECUTE command;`: dynamic SQL. */
  /** `EXECUTE text [USING $1's value, $2's, ...]`. */
  | { readonly kind: 'Execute'; readonly command: PgExpression; readonly using?: readonly PgExpression[] }
  | { readonly kind: 'Commit' }
  | { readonly kind: 'Rollback' }
  /** `ALTER SEQUENCE name RESTART [WITH n];` (restart: n, or '' for the sequence's start). */
  | { readonly kind: 'RestartSequence'; readonly name: readonly string[]; readonly restart: string }
  | {
      readonly kind: 'CreateTable';
      readonly name: readonly string[];
      readonly temporary: boolean;
      readonly columns: readonly PgColumnDefinition[];
      /** `CREATE TABLE name AS query` (T-SQL's SELECT ... INTO table); `columns` is then empty. */
      readonly as?: PgSelect;
    }
  | { readonly kind: 'DropTable'; readonly name: readonly string[]; readonly ifExists: boolean }
  | { readonly kind: 'Truncate'; readonly name: readonly string[] }
  /** `CREATE ROLE name NOLOGIN;` */
  | { readonly kind: 'CreateRole'; readonly name: string }
  /** A user type created inside a block (one that skips it when it exists). */
  | Extract<PgModuleStatement, { kind: 'CreateDomain' | 'CreateCompositeType' }>
  /** CREATE INDEX inside a routine (on a temp table it builds, mostly). */
  | Extract<PgSchemaStatement, { kind: 'CreateIndex' }>
  /** `NULL;`: a statement that does nothing (what could not be converted, with its marks). */
  | { readonly kind: 'Null' }
  /** A `-- comment` line where a statement was dropped on purpose. */
  | { readonly kind: 'Comment'; readonly text: string }
) & { readonly notes?: readonly PgNoteMark[] };

export type PgStatementKind = PgStatement['kind'];

/** A PL/pgSQL routine body: `$body$ [#variable_conflict use_column] DECLARE ... BEGIN ... END $body$`. */
export interface PgBody {
  readonly columnsWin: boolean;
  readonly declarations: readonly PgDeclaration[];
  readonly statements: readonly PgStatement[];
}

/** A parameter of a function or procedure. */
export interface PgParameter {
  readonly mode?: 'INOUT' | 'OUT';
  readonly name: string;
  readonly type: PgType;
  readonly default?: PgExpression;
}

/** What a function returns: a type, a set of a type, or a table of columns. */
export type PgReturns =
  | { readonly kind: 'Type'; readonly type: PgType }
  | { readonly kind: 'SetOf'; readonly type: PgType }
  | { readonly kind: 'Table'; readonly columns: readonly PgColumnDefinition[] };

/** The DDL a converted module becomes: a view, a function or procedure, a trigger, a domain, a type. */
export type PgModuleStatement =
  | {
      readonly kind: 'CreateView';
      readonly name: readonly string[];
      readonly columns?: readonly string[];
      readonly query: PgSelect;
      readonly checkOption: boolean;
    }
  | {
      readonly kind: 'CreateRoutine';
      readonly routine: 'FUNCTION' | 'PROCEDURE';
      readonly name: readonly string[];
      readonly params: readonly PgParameter[];
      /** Absent for a procedure. */
      readonly returns?: PgReturns;
      readonly securityDefiner: boolean;
      readonly body:
        | { readonly language: 'plpgsql'; readonly body: PgBody }
        | { readonly language: 'sql'; readonly query: PgSelect };
    }
  | {
      readonly kind: 'CreateTrigger';
      readonly name: string;
      readonly event: 'INSERT' | 'UPDATE' | 'DELETE';
      readonly table: readonly string[];
      /** `REFERENCING NEW TABLE AS inserted OLD TABLE AS deleted`: the transition tables it reads. */
      readonly newTable?: string;
      readonly oldTable?: string;
      readonly function: readonly string[];
      /**
       * A row trigger (no transition tables): `BEFORE event ... FOR EACH ROW`, what an INSTEAD OF trigger
       * on a table becomes, or `INSTEAD OF event ... FOR EACH ROW` on a view.
       */
      readonly eachRow?: 'BEFORE' | 'INSTEAD OF';
    }
  | {
      readonly kind: 'CreateDomain';
      readonly name: readonly string[];
      readonly type: PgType;
      /** A remark printed as a comment after the type. */
      readonly remark?: string;
    }
  | {
      readonly kind: 'CreateCompositeType';
      readonly name: readonly string[];
      readonly columns: readonly PgColumnDefinition[];
    };

/** A role a privilege is granted to. */
export type PgGrantee = { readonly kind: 'Public' } | { readonly kind: 'Role'; readonly name: string };

export type PgPrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'REFERENCES' | 'USAGE' | 'EXECUTE';

/** What a GRANT is on. */
export type PgGrantTarget =
  | { readonly kind: 'TABLE' | 'ROUTINE' | 'SEQUENCE'; readonly name: readonly string[] }
  | { readonly kind: 'SCHEMA'; readonly schema: string }
  | { readonly kind: 'ALL TABLES IN SCHEMA' | 'ALL ROUTINES IN SCHEMA'; readonly schema: string };

export type PgReferentialAction = 'NO ACTION' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT';

/** A table constraint of ALTER TABLE ... ADD CONSTRAINT. */
export type PgConstraint =
  | { readonly kind: 'PrimaryKey' | 'Unique'; readonly columns: readonly string[] }
  | PgForeignKey
  | { readonly kind: 'Check'; readonly expr: PgExpression };

export interface PgForeignKey {
  readonly kind: 'ForeignKey';
  readonly columns: readonly string[];
  readonly references: readonly string[];
  readonly referencedColumns: readonly string[];
  /** Absent: NO ACTION (not written). */
  readonly onDelete?: PgReferentialAction;
  readonly onUpdate?: PgReferentialAction;
}

/** One action of ALTER TABLE. */
export type PgAlterTableAction =
  | {
      readonly kind: 'AddConstraint';
      readonly name: string;
      readonly constraint: PgConstraint;
      /** NOT VALID: existing rows are not checked. */
      readonly notValid: boolean;
    }
  | { readonly kind: 'ValidateConstraint'; readonly name: string }
  | { readonly kind: 'SetDefault'; readonly column: string; readonly default: PgExpression }
  | { readonly kind: 'EnableRowLevelSecurity' };

/** A bound of a range partition: a value, or MINVALUE / MAXVALUE. */
export type PgPartitionBound = PgExpression | 'MINVALUE' | 'MAXVALUE';

/** The DDL of a table and what goes with it: schemas, sequences, keys, indexes, policies, roles and grants. */
export type PgSchemaStatement =
  | { readonly kind: 'CreateSchema'; readonly name: string; readonly ifNotExists: boolean }
  /** `CREATE EXTENSION IF NOT EXISTS name`, after a `-- remark` line. */
  | { readonly kind: 'CreateExtension'; readonly name: string; readonly remark: string }
  | {
      readonly kind: 'CreateSequence';
      readonly name: readonly string[];
      readonly ifNotExists: boolean;
      readonly as: 'smallint' | 'integer' | 'bigint';
      readonly start: string;
      readonly increment: string;
      readonly min?: string;
      readonly max?: string;
      readonly cycle: boolean;
      readonly cache?: number;
    }
  | {
      readonly kind: 'DropRelation';
      readonly relation: 'TABLE' | 'SEQUENCE';
      readonly name: readonly string[];
      /** IF EXISTS ... CASCADE. */
      readonly ifExists: boolean;
      readonly cascade: boolean;
    }
  /** `CREATE TABLE [IF NOT EXISTS] name (columns, one a line[, PRIMARY KEY (...)]) [PARTITION BY RANGE (column)]`. */
  | {
      readonly kind: 'CreateTable';
      readonly name: readonly string[];
      readonly ifNotExists?: boolean;
      readonly columns: readonly PgColumnDefinition[];
      /** A primary key written in the table (Ferry's own tables; a migrated table's is added in post-data). */
      readonly primaryKey?: readonly string[];
      /** Foreign keys written in the table (Ferry's own tables, as the primary key). */
      readonly foreignKeys?: readonly PgForeignKey[];
      readonly partitionByRange?: string;
    }
  | {
      readonly kind: 'CreatePartition';
      readonly name: readonly string[];
      readonly parent: readonly string[];
      /** Absent: the DEFAULT partition. */
      readonly range?: { readonly from: PgPartitionBound; readonly to: PgPartitionBound };
    }
  | { readonly kind: 'TruncateTables'; readonly tables: readonly (readonly string[])[] }
  | { readonly kind: 'AlterTable'; readonly table: readonly string[]; readonly action: PgAlterTableAction }
  | {
      readonly kind: 'CreateIndex';
      readonly name: string;
      readonly unique: boolean;
      readonly table: readonly string[];
      readonly columns: readonly { readonly name: string; readonly descending: boolean }[];
      readonly include: readonly string[];
      /** A partial index's predicate. */
      readonly where?: PgExpression;
      /** The access method when not B-tree: `gist` for a PostGIS column's spatial index. */
      readonly using?: 'gist';
    }
  | {
      readonly kind: 'CommentOn';
      readonly target: 'TABLE' | 'COLUMN';
      /** The table, or the table then the column. */
      readonly name: readonly string[];
      readonly text: string;
    }
  | {
      readonly kind: 'CreatePolicy';
      readonly name: string;
      readonly table: readonly string[];
      readonly permissive: boolean;
      readonly command: 'ALL' | 'INSERT' | 'UPDATE' | 'DELETE';
      readonly using?: PgExpression;
      readonly withCheck?: PgExpression;
    }
  /** `BEFORE events ON table FOR EACH ROW`: the triggers Ferry writes (computed columns, system versioning). */
  | {
      readonly kind: 'CreateRowTrigger';
      readonly name: string;
      readonly events: readonly ('INSERT' | 'UPDATE' | 'DELETE')[];
      readonly table: readonly string[];
      readonly function: readonly string[];
    }
  | { readonly kind: 'DropTrigger'; readonly name: string; readonly table: readonly string[] }
  | {
      readonly kind: 'Grant';
      readonly privileges: readonly {
        readonly privilege: PgPrivilege;
        readonly columns?: readonly string[];
      }[];
      readonly on: PgGrantTarget;
      readonly to: PgGrantee;
      readonly withGrantOption: boolean;
    }
  | {
      readonly kind: 'AlterDefaultPrivileges';
      readonly schema: string;
      readonly privileges: readonly PgPrivilege[];
      readonly on: 'TABLES' | 'ROUTINES';
      readonly to: PgGrantee;
      readonly withGrantOption: boolean;
    }
  | { readonly kind: 'GrantRole'; readonly role: string; readonly to: string }
  /** An anonymous PL/pgSQL block: `DO $$ [DECLARE ...] BEGIN ... END $$`. */
  | ({
      readonly kind: 'Do';
      readonly declarations?: readonly PgDeclaration[];
    } & PgBlock);

/** Every statement print-ddl.ts prints: module DDL, schema DDL, and a query run for its effect (setval). */
export type PgDdlStatement = PgModuleStatement | PgSchemaStatement | PgSelect;
