// SQL IR: queries (SELECT, set operations, CTEs) and table sources (tables, joins, APPLY, derived tables).

import type {
  ColumnRef,
  DataType,
  Expression,
  FunctionCall,
  Identifier,
  ObjectName,
  OrderByItem,
  SourcePos,
} from './expressions.js';

interface Node {
  readonly pos: SourcePos;
}

export interface Top extends Node {
  readonly kind: 'Top';
  readonly expr: Expression;
  readonly percent: boolean;
  readonly withTies: boolean;
}

/** `expr`, `expr AS alias`, `expr alias`, `alias = expr`, `'alias' = expr`. */
export interface SelectColumn extends Node {
  readonly kind: 'SelectColumn';
  readonly expr: Expression;
  readonly alias?: Identifier;
}

/** `@v = expr` (or `@v += expr`) in a select list: assigns instead of returning a column. */
export interface SelectAssign extends Node {
  readonly kind: 'SelectAssign';
  readonly variable: string;
  readonly op: AssignOperator;
  readonly expr: Expression;
}

export type AssignOperator = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=';

/** `*` or `t.*` in a select list. */
export interface SelectStar extends Node {
  readonly kind: 'SelectStar';
  readonly table?: ObjectName;
}

export type SelectItem = SelectColumn | SelectAssign | SelectStar;

/** A table hint kept as data: `WITH (NOLOCK)`, `WITH (INDEX(ix), UPDLOCK)`. */
export interface TableHint extends Node {
  readonly kind: 'TableHint';
  /** Upper-cased hint name. */
  readonly name: string;
  readonly args: readonly Expression[];
}

export interface TableRef extends Node {
  readonly kind: 'TableRef';
  readonly name: ObjectName;
  readonly alias?: Identifier;
  readonly hints: readonly TableHint[];
  /** Temporal query: `FOR SYSTEM_TIME AS OF x | FROM a TO b | BETWEEN a AND b | CONTAINED IN (a, b) | ALL`. */
  readonly systemTime?: {
    readonly kind: 'AS OF' | 'FROM' | 'BETWEEN' | 'CONTAINED IN' | 'ALL';
    readonly start?: Expression;
    readonly end?: Expression;
  };
  /** `TABLESAMPLE [SYSTEM] (n PERCENT|ROWS) [REPEATABLE (seed)]`. */
  readonly tablesample?: {
    readonly amount: Expression;
    readonly unit: 'PERCENT' | 'ROWS';
    readonly repeatable?: Expression;
  };
  /** SQL graph: `FROM t FOR PATH [AS] x`, a node or edge table a SHORTEST_PATH pattern walks. */
  readonly forPath?: boolean;
}

/** `FROM @t [AS] x`. */
export interface TableVariableRef extends Node {
  readonly kind: 'TableVariableRef';
  readonly name: string;
  readonly alias?: Identifier;
}

export interface DerivedTable extends Node {
  readonly kind: 'DerivedTable';
  readonly query: Select;
  /** Required by SQL Server. */
  readonly alias: Identifier;
  readonly columns?: readonly Identifier[];
}

/** `(VALUES (1, 'a'), (2, 'b')) AS v(id, name)`. */
export interface ValuesTable extends Node {
  readonly kind: 'ValuesTable';
  readonly rows: readonly (readonly Expression[])[];
  /** Required by SQL Server. */
  readonly alias: Identifier;
  readonly columns?: readonly Identifier[];
}

/** A table-valued function in FROM: `dbo.f(1) AS x`, `OPENJSON(@j)`, `STRING_SPLIT(@s, ',')`. */
export interface TableFunctionRef extends Node {
  readonly kind: 'TableFunctionRef';
  readonly call: FunctionCall;
  readonly alias?: Identifier;
  readonly columns?: readonly Identifier[];
  /** `OPENJSON(...) WITH (name type ['$.path'] [AS JSON], ...)`. */
  readonly withSchema?: readonly OpenJsonColumn[];
  /**
   * An xml method in FROM, `@x.nodes('/a') AS t(c)`: the value it is called on (`call` names the
   * method). `col.nodes(...)` parses as a schema-qualified call instead, as in expressions.
   */
  readonly target?: Expression;
  /**
   * `OPENROWSET(BULK 'file', SINGLE_BLOB | SINGLE_CLOB | SINGLE_NCLOB | FORMATFILE = 'f' [, ...])`:
   * the file and the options (upper-case names, values as literal text); `call` is OPENROWSET, no args.
   */
  readonly bulk?: { readonly file: string; readonly options: readonly { name: string; value: string }[] };
}

export interface OpenJsonColumn {
  readonly name: Identifier;
  readonly dataType: DataType;
  readonly path?: string;
  readonly asJson: boolean;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'CROSS APPLY' | 'OUTER APPLY';

export interface Join extends Node {
  readonly kind: 'Join';
  readonly joinType: JoinType;
  readonly left: TableSource;
  readonly right: TableSource;
  /** Absent for CROSS JOIN and APPLY. */
  readonly on?: Expression;
  /** Join hint: LOOP, HASH, MERGE, REMOTE. */
  readonly hint?: string;
}

/** `source PIVOT (SUM(v) FOR k IN ([a], [b])) AS p`. */
export interface PivotTable extends Node {
  readonly kind: 'PivotTable';
  readonly source: TableSource;
  readonly aggregate: FunctionCall;
  readonly pivotColumn: ColumnRef;
  /** The IN list: the values that become columns. */
  readonly values: readonly Identifier[];
  readonly alias?: Identifier;
}

/** `source UNPIVOT (v FOR k IN (a, b)) AS u`. */
export interface UnpivotTable extends Node {
  readonly kind: 'UnpivotTable';
  readonly source: TableSource;
  readonly valueColumn: Identifier;
  readonly nameColumn: Identifier;
  readonly columns: readonly Identifier[];
  readonly alias?: Identifier;
}

export type TableSource =
  | TableRef
  | TableVariableRef
  | DerivedTable
  | ValuesTable
  | TableFunctionRef
  | Join
  | PivotTable
  | UnpivotTable;

/** One SELECT ... FROM ... WHERE ... GROUP BY ... HAVING block. */
export interface QuerySpec extends Node {
  readonly kind: 'QuerySpec';
  readonly distinct: boolean;
  readonly top?: Top;
  readonly columns: readonly SelectItem[];
  readonly into?: ObjectName;
  /** Comma-separated sources; joins nest inside each element. */
  readonly from: readonly TableSource[];
  readonly where?: Expression;
  readonly groupBy: readonly Expression[];
  /** `GROUP BY ... WITH ROLLUP | WITH CUBE` (or ROLLUP(...)/CUBE(...)). */
  readonly groupByModifier?: 'ROLLUP' | 'CUBE';
  readonly groupByAll?: boolean;
  /** `GROUP BY GROUPING SETS ((a, b), (a), ())`: each set's expressions (`groupBy` is then empty). */
  readonly groupingSets?: readonly (readonly Expression[])[];
  readonly having?: Expression;
}

export type SetOperator = 'UNION' | 'UNION ALL' | 'EXCEPT' | 'INTERSECT';

export interface SetOperation extends Node {
  readonly kind: 'SetOperation';
  readonly op: SetOperator;
  readonly left: QueryExpression;
  readonly right: QueryExpression;
}

/** A query block, a set operation, or a parenthesised query with its own ORDER BY. */
export type QueryExpression = QuerySpec | SetOperation | Select;

export interface CommonTableExpression extends Node {
  readonly kind: 'CommonTableExpression';
  readonly name: Identifier;
  readonly columns?: readonly Identifier[];
  readonly query: Select;
}

/** FOR XML / FOR JSON / FOR BROWSE, kept as data: mode plus the remaining options as written. */
export interface ForClause extends Node {
  readonly kind: 'ForClause';
  readonly mode: 'XML' | 'JSON' | 'BROWSE';
  /** e.g. ['PATH(\'row\')', 'ROOT(\'rows\')', 'TYPE'] as source text. */
  readonly options: readonly string[];
  /** The same options parsed: `PATH('row')` -> { name: 'PATH', arg: 'row' }, `ELEMENTS XSINIL` -> { name: 'ELEMENTS XSINIL' }. */
  readonly items: readonly ForOption[];
}

/** One option of a FOR XML / FOR JSON clause: its upper-cased words, and its string argument when it has one. */
export interface ForOption {
  readonly name: string;
  readonly arg?: string;
}

/** `OPTION (MAXRECURSION 0, RECOMPILE)`: its hints. */
export interface QueryOptions extends Node {
  readonly kind: 'QueryOptions';
  readonly hints: readonly QueryHint[];
}

/** One hint of OPTION (...): the word it starts with, and the hint as written. */
export interface QueryHint extends Node {
  readonly kind: 'QueryHint';
  /** Upper-cased first word: `MAXRECURSION`, `RECOMPILE`, `OPTIMIZE` (of `OPTIMIZE FOR UNKNOWN`). */
  readonly name: string;
  /** e.g. `MAXRECURSION 0`. */
  readonly text: string;
}

/**
 * A complete query: WITH ... query ORDER BY ... OFFSET/FETCH ... FOR ... OPTION (...).
 * Used as the SELECT statement, and everywhere a subquery appears.
 */
/** One declaration of `WITH XMLNAMESPACES ('uri' AS p, DEFAULT 'uri')`. */
export interface XmlNamespaceDecl {
  /** Absent for DEFAULT. */
  readonly prefix?: string;
  readonly uri: string;
}

export interface Select extends Node {
  readonly kind: 'Select';
  readonly with: readonly CommonTableExpression[];
  /** `WITH XMLNAMESPACES (...)`: prefixes the statement's xml methods (and FOR XML) use. */
  readonly xmlNamespaces?: readonly XmlNamespaceDecl[];
  readonly query: QueryExpression;
  readonly orderBy: readonly OrderByItem[];
  readonly offset?: Expression;
  readonly fetch?: Expression;
  readonly for?: ForClause;
  readonly options?: QueryOptions;
}
