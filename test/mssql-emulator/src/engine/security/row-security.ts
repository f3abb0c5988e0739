// Row-level security: the filter predicates of enabled security policies hide rows from SELECT,
// UPDATE and DELETE; block predicates refuse writes (33504). A predicate is its inline
// table-valued function applied to the row's columns: a row passes when the function returns a row.

import type { Expression, ObjectName } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import { compileExpr, isTrue } from '../exec/expressions.js';
import { Scope, type Compiled, type EvalCtx, type Row } from '../exec/scope.js';
import type { SessionState } from '../exec/session-state.js';
import type { Database } from '../storage/database.js';
import type { SecurityPolicy, SecurityPredicate, Table } from '../storage/objects.js';

export type RowCheck = (row: Row, ctx: EvalCtx) => boolean;
export type BlockOperation = 'AFTER INSERT' | 'AFTER UPDATE' | 'BEFORE UPDATE' | 'BEFORE DELETE';

function predicatesOn(db: Database, table: Table, type: SecurityPredicate['type']): SecurityPredicate[] {
  const found: SecurityPredicate[] = [];
  for (const o of db.objects.values())
    if (o.type === 'SP' && (o as SecurityPolicy).enabled)
      for (const p of (o as SecurityPolicy).predicates)
        if (p.targetId === table.objectId && p.type === type) found.push(p);
  return found;
}

/** The rows the session may see of `table` (undefined: no filter predicate applies). */
export function rowFilter(session: SessionState, db: Database, table: Table): RowCheck | undefined {
  const checks = predicatesOn(db, table, 'FILTER').map((p) => compilePredicate(session, db, table, p));
  if (!checks.length) return undefined;
  return (row, ctx) => checks.every((c) => c(row, ctx));
}

/** Throws 33504 when a block predicate for `operation` refuses the row (the new row after, the old one before). */
export function blockCheck(
  session: SessionState,
  db: Database,
  table: Table,
  operation: BlockOperation,
): ((row: Row, ctx: EvalCtx) => void) | undefined {
  const checks = predicatesOn(db, table, 'BLOCK')
    .filter((p) => p.operation === undefined || p.operation === operation)
    .map((p) => compilePredicate(session, db, table, p));
  if (!checks.length) return undefined;
  const name = `${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}`;
  return (row, ctx) => {
    if (checks.every((c) => c(row, ctx))) return;
    throw new SqlError(
      33504,
      `The attempted operation failed because the target object '${name}' has a block predicate that conflicts with this operation. If the operation is performed on a view, the block predicate might be enforced on the underlying table. Modify the operation to target only the rows that are allowed by the block predicate.`,
      16,
    );
  };
}

/** `EXISTS (SELECT 1 FROM schema.fn(args))` over the table's columns, run without permission checks (the policy owns it). */
function compilePredicate(session: SessionState, db: Database, table: Table, p: SecurityPredicate): RowCheck {
  const fn = db.objects.get(p.functionId);
  if (!fn)
    throw new SqlError(
      33260,
      `The predicate function of a security policy on '${table.name}' no longer exists.`,
      16,
    );
  const pos = { line: 1, column: 1 };
  const ident = (name: string) => ({
    kind: 'Identifier' as const,
    name,
    quote: 'bracket' as const,
    text: `[${name}]`,
    pos,
  });
  const fnName: ObjectName = {
    kind: 'ObjectName',
    name: ident(fn.name),
    schema: ident(db.schemaById(fn.schemaId)!.name),
    pos,
  };
  const exists: Expression = {
    kind: 'Exists',
    query: {
      kind: 'Select',
      with: [],
      orderBy: [],
      query: {
        kind: 'QuerySpec',
        distinct: false,
        columns: [
          {
            kind: 'SelectColumn',
            expr: { kind: 'NumberLiteral', text: '1', numberKind: 'integer', pos },
            pos,
          },
        ],
        from: [
          {
            kind: 'TableFunctionRef',
            call: { kind: 'FunctionCall', name: fnName, args: p.args, distinct: false, star: false, pos },
            pos,
          },
        ],
        groupBy: [],
        pos,
      },
      pos,
    },
    pos,
  } as Expression;
  const scope = new Scope(table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })));
  const saved = session.db;
  session.db = db;
  session.ownershipChain++;
  let compiled: Compiled;
  try {
    compiled = compileExpr(exists, { scope, session });
  } finally {
    session.ownershipChain--;
    session.db = saved;
  }
  return (row, ctx) => {
    session.ownershipChain++;
    try {
      return isTrue(compiled.eval(row, ctx));
    } finally {
      session.ownershipChain--;
    }
  };
}

/** Error 3729 when a schema-bound security policy refers to the object (its predicate function or target table). */
export function checkNotInPolicy(
  db: Database,
  obj: { objectId: number; name: string; schemaId: number },
  what: string,
) {
  for (const o of db.objects.values()) {
    if (o.type !== 'SP' || !(o as SecurityPolicy).schemaBound) continue;
    if (
      (o as SecurityPolicy).predicates.some(
        (p) => p.functionId === obj.objectId || p.targetId === obj.objectId,
      )
    )
      throw new SqlError(
        3729,
        `Cannot DROP ${what} '${db.schemaById(obj.schemaId)!.name}.${obj.name}' because it is being referenced by object '${o.name}'.`,
        16,
      );
  }
}
