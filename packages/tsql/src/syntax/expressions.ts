// SQL IR: names, data types and expressions. Plain immutable data, one interface per node kind,
// each with a `kind` discriminant and the 1-based `pos` of its first token in the original script.

import type { Select } from './queries.js';

export interface SourcePos {
  line: number;
  column: number;
}

interface Node {
  readonly pos: SourcePos;
}

// ---------------------------------------------------------------------------------------------
// Names

/** One name part. `name` is unquoted (`[Order Details]` -> `Order Details`); `text` is as written. */
export interface Identifier extends Node {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly quote: 'none' | 'bracket' | 'double';
  readonly text: string;
}

/** A one- to four-part object name: [server.][database.][schema.]name (parts may be omitted: `db..t`). */
export interface ObjectName extends Node {
  readonly kind: 'ObjectName';
  readonly name: Identifier;
  readonly schema?: Identifier;
  readonly database?: Identifier;
  readonly server?: Identifier;
}

// ---------------------------------------------------------------------------------------------
// Data types

/** `nvarchar(40)`, `varchar(max)`, `decimal(14,2)`, `datetime2(7)`, `dbo.id`, `dec`. */
export interface DataType extends Node {
  readonly kind: 'DataType';
  /** Type name as written, unquoted (`int`, `NVARCHAR`, `id`). */
  readonly name: string;
  readonly schema?: string;
  /** The raw parenthesised arguments. */
  readonly args: readonly (number | 'max')[];
  /** Character/binary length (char, varchar, nchar, nvarchar, binary, varbinary): n or 'max'. */
  readonly length?: number | 'max';
  /** decimal/numeric precision, float mantissa bits. */
  readonly precision?: number;
  /** decimal/numeric scale; fractional-second digits of time, datetime2, datetimeoffset. */
  readonly scale?: number;
  /** Typed xml: `xml([CONTENT|DOCUMENT] schema_collection)`. */
  readonly xmlSchema?: { readonly collection: ObjectName; readonly document: boolean };
}

// ---------------------------------------------------------------------------------------------
// Literals and leaves

/** A number kept as its exact source text (never converted to a JS number by the parser). */
export interface NumberLiteral extends Node {
  readonly kind: 'NumberLiteral';
  readonly text: string;
  /** integer `12`, decimal `1.50`, float `1e3`, money `$12.5` (text without the `$`). */
  readonly numberKind: 'integer' | 'decimal' | 'float' | 'money';
}

export interface StringLiteral extends Node {
  readonly kind: 'StringLiteral';
  /** The value with `''` unescaped. */
  readonly value: string;
  /** True for N'...'. */
  readonly unicode: boolean;
}

export interface BinaryLiteral extends Node {
  readonly kind: 'BinaryLiteral';
  /** Hex digits without the 0x prefix, as written (may be empty or of odd length). */
  readonly hex: string;
}

export interface NullLiteral extends Node {
  readonly kind: 'NullLiteral';
}

/** The DEFAULT keyword where an expression is allowed (VALUES (DEFAULT), EXEC p DEFAULT). */
export interface DefaultValue extends Node {
  readonly kind: 'DefaultValue';
}

/** A column reference, possibly qualified: `c`, `t.c`, `dbo.t.c`, `[Order Details].OrderID`. */
export interface ColumnRef extends Node {
  readonly kind: 'ColumnRef';
  readonly column: Identifier;
  readonly table?: ObjectName;
}

/** `*` or `t.*` (select lists, COUNT(*) uses FunctionCall.star instead). */
export interface Star extends Node {
  readonly kind: 'Star';
  readonly table?: ObjectName;
}

/** A local variable `@x` or a system function `@@IDENTITY` (name includes the @ signs). */
export interface Variable extends Node {
  readonly kind: 'Variable';
  readonly name: string;
}

// ---------------------------------------------------------------------------------------------
// Operators

export type UnaryOperator = '-' | '+' | '~' | 'NOT';

export interface UnaryOp extends Node {
  readonly kind: 'UnaryOp';
  readonly op: UnaryOperator;
  readonly operand: Expression;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type BitwiseOperator = '&' | '|' | '^';
export type ComparisonOperator = '=' | '<>' | '!=' | '<' | '>' | '<=' | '>=' | '!<' | '!>';
export type LogicalOperator = 'AND' | 'OR';
export type BinaryOperator = ArithmeticOperator | BitwiseOperator | ComparisonOperator | LogicalOperator;

/** `+` is kept as written: whether it adds or concatenates depends on operand types (a later pass). */
export interface BinaryOp extends Node {
  readonly kind: 'BinaryOp';
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface Like extends Node {
  readonly kind: 'Like';
  readonly not: boolean;
  readonly expr: Expression;
  readonly pattern: Expression;
  readonly escape?: Expression;
}

export interface InList extends Node {
  readonly kind: 'InList';
  readonly not: boolean;
  readonly expr: Expression;
  readonly list: readonly Expression[];
}

export interface InSubquery extends Node {
  readonly kind: 'InSubquery';
  readonly not: boolean;
  readonly expr: Expression;
  readonly query: Select;
}

export interface Between extends Node {
  readonly kind: 'Between';
  readonly not: boolean;
  readonly expr: Expression;
  readonly low: Expression;
  readonly high: Expression;
}

export interface IsNull extends Node {
  readonly kind: 'IsNull';
  readonly not: boolean;
  readonly expr: Expression;
}

export interface Exists extends Node {
  readonly kind: 'Exists';
  readonly query: Select;
}

/** `x > ALL (SELECT ...)`, `x = ANY (...)`, `x = SOME (...)`. */
export interface QuantifiedComparison extends Node {
  readonly kind: 'QuantifiedComparison';
  readonly op: ComparisonOperator;
  readonly quantifier: 'ALL' | 'ANY' | 'SOME';
  readonly left: Expression;
  readonly query: Select;
}

export interface Collate extends Node {
  readonly kind: 'Collate';
  readonly expr: Expression;
  readonly collation: string;
}

// ---------------------------------------------------------------------------------------------
// CASE, calls, casts, subqueries

export interface WhenClause {
  readonly when: Expression;
  readonly then: Expression;
}

/** Simple CASE when `operand` is set, searched CASE otherwise. */
export interface Case extends Node {
  readonly kind: 'Case';
  readonly operand?: Expression;
  readonly whens: readonly WhenClause[];
  readonly else?: Expression;
}

export interface OrderByItem extends Node {
  readonly kind: 'OrderByItem';
  readonly expr: Expression;
  readonly direction?: 'ASC' | 'DESC';
}

export interface FrameBound {
  /** `UNBOUNDED PRECEDING`, `n PRECEDING`, `CURRENT ROW`, `n FOLLOWING`, `UNBOUNDED FOLLOWING`. */
  readonly type: 'unbounded-preceding' | 'preceding' | 'current-row' | 'following' | 'unbounded-following';
  readonly offset?: Expression;
}

export interface WindowFrame {
  readonly unit: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  /** Present for `BETWEEN start AND end`. */
  readonly end?: FrameBound;
}

export interface WindowSpec extends Node {
  readonly kind: 'WindowSpec';
  readonly partitionBy: readonly Expression[];
  readonly orderBy: readonly OrderByItem[];
  readonly frame?: WindowFrame;
}

/**
 * A function call: built-ins (`GETDATE()`, `DATEADD(day, 1, d)`), aggregates (`COUNT(*)`,
 * `COUNT(DISTINCT x)`), window functions (`over`), user functions (`dbo.f(x)`).
 * Date-part arguments (`day`, `yy`) are parsed as ColumnRef; the consumer knows the function.
 * `TRIM(chars FROM s)` gives args `[s, chars]`.
 */
export interface FunctionCall extends Node {
  readonly kind: 'FunctionCall';
  readonly name: ObjectName;
  readonly args: readonly Expression[];
  readonly distinct: boolean;
  /** True for `COUNT(*)` / `COUNT_BIG(*)`. */
  readonly star: boolean;
  readonly withinGroup?: readonly OrderByItem[];
  /** `WITHIN GROUP (GRAPH PATH)`: an aggregate over the nodes and edges of a SHORTEST_PATH. */
  readonly graphPath?: boolean;
  readonly over?: WindowSpec;
}

/** CAST(expr AS type) and TRY_CAST. */
export interface Cast extends Node {
  readonly kind: 'Cast';
  readonly try: boolean;
  readonly expr: Expression;
  readonly type: DataType;
}

/** CONVERT(type, expr [, style]) and TRY_CONVERT. */
export interface Convert extends Node {
  readonly kind: 'Convert';
  readonly try: boolean;
  readonly type: DataType;
  readonly expr: Expression;
  readonly style?: Expression;
}

/** PARSE(expr AS type [USING culture]) and TRY_PARSE. */
export interface Parse extends Node {
  readonly kind: 'Parse';
  readonly try: boolean;
  readonly expr: Expression;
  readonly type: DataType;
  readonly culture?: Expression;
}

/** A scalar subquery `(SELECT ...)`. */
export interface Subquery extends Node {
  readonly kind: 'Subquery';
  readonly query: Select;
}

/**
 * A method called on a value: `(SELECT ... FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)')`,
 * `@x.nodes('/a')`, `@h.GetAncestor(1)`; or a property read (`property`): `@g.STSrid`,
 * `@g.STStartPoint().Lat`. On a plain multi-part name (`col.value(...)`, `col.Lat`) the parser cannot
 * tell a method from a schema-qualified function, or a property from a column, and gives a
 * FunctionCall or a ColumnRef.
 */
export interface MethodCall extends Node {
  readonly kind: 'MethodCall';
  readonly target: Expression;
  readonly method: Identifier;
  readonly args: readonly Expression[];
  /** A property of a CLR type's value, read without an argument list (`args` is empty). */
  readonly property?: true;
}

/** A static method of a CLR type: `geometry::STPointFromText('POINT(1 2)', 4326)`, `hierarchyid::GetRoot()`. */
export interface StaticMethodCall extends Node {
  readonly kind: 'StaticMethodCall';
  readonly type: Identifier;
  readonly method: Identifier;
  readonly args: readonly Expression[];
}

/** `expr AT TIME ZONE zone`. */
export interface AtTimeZone extends Node {
  readonly kind: 'AtTimeZone';
  readonly expr: Expression;
  readonly zone: Expression;
}

/** `NEXT VALUE FOR seq`. */
export interface NextValueFor extends Node {
  readonly kind: 'NextValueFor';
  readonly sequence: ObjectName;
  /** `NEXT VALUE FOR s OVER (ORDER BY ...)`. */
  readonly over?: WindowSpec;
}

/** One step of a graph pattern: `-(edge)->` (out, from the node before to the node after) or `<-(edge)-` (in). */
export interface GraphStep {
  readonly edge: Identifier;
  readonly direction: 'out' | 'in';
  /** The node the step leads to. */
  readonly node: Identifier;
}

/** `node -(edge)-> node [<-(edge)- node ...]`: a path of a MATCH pattern, named by table names or aliases. */
export interface GraphPath {
  readonly start: Identifier;
  /** `LAST_NODE(x) -(e)-> y`: the path starts at the last node of x's SHORTEST_PATH. */
  readonly startIsLastNode?: boolean;
  readonly steps: readonly GraphStep[];
}

/**
 * `SHORTEST_PATH(anchor(-(edge)->node)+)` (or `{min,max}`, or `<-(edge)-`): from the anchor node,
 * the shortest walk over FOR PATH edge and node tables to every node it reaches. `anchorAtEnd`
 * is the form `SHORTEST_PATH((node<-(edge)-)+ anchor)`.
 */
export interface GraphShortestPath {
  readonly anchor: Identifier;
  readonly edge: Identifier;
  readonly node: Identifier;
  readonly direction: 'out' | 'in';
  readonly min: number;
  /** Undefined for `+` (no limit). */
  readonly max?: number;
  readonly anchorAtEnd: boolean;
}

/** `MATCH (path [AND path ...])` in a WHERE clause: SQL graph node-edge-node patterns. */
export interface GraphMatch extends Node {
  readonly kind: 'GraphMatch';
  readonly paths: readonly GraphPath[];
  readonly shortestPaths?: readonly GraphShortestPath[];
}

export type Expression =
  | NumberLiteral
  | StringLiteral
  | BinaryLiteral
  | NullLiteral
  | DefaultValue
  | ColumnRef
  | Star
  | Variable
  | UnaryOp
  | BinaryOp
  | Like
  | InList
  | InSubquery
  | Between
  | IsNull
  | Exists
  | QuantifiedComparison
  | Collate
  | Case
  | FunctionCall
  | Cast
  | Convert
  | Parse
  | Subquery
  | AtTimeZone
  | MethodCall
  | StaticMethodCall
  | NextValueFor
  | GraphMatch;
