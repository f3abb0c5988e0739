// The PostgreSQL syntax tree the lowering passes build and print-expression.ts prints: plain immutable
// data, one node kind per construct, names unquoted (the printer quotes them). Built by the
// constructor functions below, never by hand-written SQL text.

/** Words PostgreSQL evaluates without parentheses (SQL value functions and PL/pgSQL specials). */
export type PgKeyword =
  'LOCALTIMESTAMP' | 'LOCALTIME' | 'CURRENT_DATE' | 'session_user' | 'current_user' | 'SQLERRM' | 'FOUND';

export type PgBinaryOperator =
  'OR' | 'AND' | '=' | '<>' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '#' | '||';

export type PgUnaryOperator = 'NOT' | '-' | '+' | '~';

/** A function: a built-in by its PostgreSQL name (printed as written), or a schema-qualified user function. */
export type PgFunctionName = { builtin: string } | { schema: string; name: string };

export interface PgOrderItem {
  readonly expr: PgExpression;
  /** Absent: no direction written (ascending). */
  readonly direction?: 'ASC' | 'DESC';
  readonly nulls: 'FIRST' | 'LAST';
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

/**
 * A query inside an expression (subquery, EXISTS, IN, ANY/ALL). Queries are still rendered by
 * render-query.ts, so this node carries the rendered text until queries are lowered to a tree too.
 */
export interface PgQueryText {
  readonly kind: 'QueryText';
  readonly sql: string;
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
  /** `CAST(expr AS type)`, or `expr::type` when `shorthand`; the type is PostgreSQL type text from pgType. */
  | {
      readonly kind: 'Cast';
      readonly expr: PgExpression;
      readonly type: string;
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
      readonly query: PgQueryText;
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
  | { readonly kind: 'Exists'; readonly query: PgQueryText }
  | { readonly kind: 'Subquery'; readonly query: PgQueryText }
  | {
      readonly kind: 'Quantified';
      readonly left: PgExpression;
      readonly op: PgBinaryOperator;
      readonly quantifier: 'ANY' | 'ALL';
      readonly query: PgQueryText;
    }
  /** `(expr AT TIME ZONE zone)`, always parenthesised. */
  | { readonly kind: 'AtTimeZone'; readonly expr: PgExpression; readonly zone: PgExpression }
  /** An action item's mark: `/* ferry: CODE message *\/` before the expression it is about. */
  | { readonly kind: 'Note'; readonly code: string; readonly message: string; readonly expr: PgExpression };

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
  cast: (expr: PgExpression, type: string): PgExpression => ({ kind: 'Cast', expr, type }),
  extract: (field: string, from: PgExpression): PgExpression => ({ kind: 'Extract', field, from }),
  caseWhen: (when: PgExpression, then: PgExpression, otherwise: PgExpression): PgExpression => ({
    kind: 'Case',
    whens: [{ when, then }],
    else: otherwise,
  }),
  atTimeZone: (expr: PgExpression, zone: PgExpression): PgExpression => ({ kind: 'AtTimeZone', expr, zone }),
};
