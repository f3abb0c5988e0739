// Walking the PostgreSQL expression tree: the direct children of each node kind, and a search.

import type { PgExpression, PgExpressionKind, PgNode, PgOrderItem, PgWindow } from './ast.js';

type Children = { [K in PgExpressionKind]: (node: PgNode<K>) => readonly PgExpression[] };

const none = () => [];
const ordered = (items: readonly PgOrderItem[] | undefined) => (items ?? []).map((o) => o.expr);
const windowed = (w: PgWindow) => [
  ...w.partitionBy,
  ...ordered(w.orderBy),
  ...[w.frame?.start.offset, w.frame?.end?.offset].filter((x) => x !== undefined),
];

const childrenOf: Children = {
  Number: none,
  String: none,
  Bool: none,
  Null: none,
  Default: none,
  Bytea: none,
  Interval: none,
  Keyword: none,
  Name: none,
  Star: none,
  RelationLiteral: none,
  Unary: (e) => [e.operand],
  Binary: (e) => [e.left, e.right],
  Paren: (e) => [e.expr],
  Call: (e) => [...e.args, ...ordered(e.orderBy)],
  KeywordCall: (e) => e.args.map((a) => a.value),
  Window: (e) => [e.expr, ...windowed(e.over)],
  Extract: (e) => [e.from],
  Cast: (e) => [e.expr],
  Case: (e) => [
    ...(e.operand ? [e.operand] : []),
    ...e.whens.flatMap((w) => [w.when, w.then]),
    ...(e.else ? [e.else] : []),
  ],
  InList: (e) => [e.expr, ...e.list],
  InQuery: (e) => [e.expr],
  Between: (e) => [e.expr, e.low, e.high],
  IsNull: (e) => [e.expr],
  Like: (e) => [e.expr, e.pattern, ...(e.escape ? [e.escape] : [])],
  Exists: none,
  Subquery: none,
  Quantified: (e) => [e.left],
  QuantifiedArray: (e) => [e.left, e.array],
  Array: (e) => e.items,
  AtTimeZone: (e) => [e.expr, e.zone],
  Note: (e) => [e.expr],
  SourceText: none,
};

export function children(e: PgExpression): readonly PgExpression[] {
  return (childrenOf[e.kind] as (node: PgExpression) => readonly PgExpression[])(e);
}

/** Whether the expression or any node below it satisfies `test`. */
export function someNode(e: PgExpression, test: (node: PgExpression) => boolean): boolean {
  return test(e) || children(e).some((c) => someNode(c, test));
}
