// The OUTPUT clause of INSERT/UPDATE/DELETE/MERGE: expressions over the `inserted` and `deleted` rows
// of the statement, returned as a result set or stored with OUTPUT ... INTO a table or table variable.

import type { OutputClause } from '@ferry/tsql';
import type { StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { compileExpr } from './expressions.js';
import { insertRows } from './dml.js';
import { Scope, type Binding, type Compiled, type EvalCtx, type Row } from './scope.js';
import type { SessionState } from './session-state.js';
import { triggersFor, type Changes } from './triggers.js';

export function* outputRows(
  output: OutputClause,
  changes: Changes,
  session: SessionState,
  ctx: EvalCtx,
): Generator<StatementResult> {
  const { table, event } = changes;
  const sides =
    event === 'INSERT' ? ['inserted'] : event === 'DELETE' ? ['deleted'] : ['inserted', 'deleted'];
  const bindings: Binding[] = sides.flatMap((qualifier) =>
    table.columns.map((c) => ({ qualifier, name: c.name, type: c.type, nullable: c.nullable })),
  );
  const count = Math.max(changes.inserted.length, changes.deleted.length);
  const source: Row[] = [];
  for (let i = 0; i < count; i++)
    source.push(
      event === 'INSERT'
        ? changes.inserted[i]
        : event === 'DELETE'
          ? changes.deleted[i]
          : [...changes.inserted[i], ...changes.deleted[i]],
    );
  yield* outputOver(
    output,
    bindings,
    source,
    triggersFor(changes.db, table, event, false).length > 0 ? table.name : undefined,
    session,
    ctx,
  );
}

/**
 * OUTPUT over rows laid out as `bindings` (MERGE adds its source columns and $action). `triggered`:
 * the target's name when it has enabled triggers (OUTPUT then needs INTO).
 */
export function* outputOver(
  output: OutputClause,
  bindings: Binding[],
  source: Row[],
  triggered: string | undefined,
  session: SessionState,
  ctx: EvalCtx,
): Generator<StatementResult> {
  const scope = new Scope(bindings);
  const items: { name: string; e: Compiled }[] = [];
  for (const item of output.columns) {
    if (item.kind === 'SelectAssign')
      throw new SqlError(
        40517,
        'Variable assignment in an OUTPUT clause is not supported by the SQL Server emulator.',
        16,
      );
    if (item.kind === 'SelectStar') {
      const q = item.table?.name.name.toLowerCase();
      if (!q || !bindings.some((b) => b.qualifier === q))
        throw new SqlError(
          4104,
          `The multi-part identifier "${item.table?.name.name ?? '*'}" could not be bound.`,
          16,
          1,
        );
      bindings.forEach((b, i) => {
        if (b.qualifier === q)
          items.push({ name: b.name, e: { type: b.type, nullable: b.nullable, eval: (r) => r[i] } });
      });
      continue;
    }
    const e = compileExpr(item.expr, { scope, session });
    items.push({
      name: item.alias?.name ?? (item.expr.kind === 'ColumnRef' ? item.expr.column.name : ''),
      e,
    });
  }
  const rows = source.map((r) => items.map((it) => it.e.eval(r, ctx)));
  if (output.into) {
    insertRows(
      output.into.target,
      output.into.columns,
      rows.map((r) => r.map((v, i) => ({ v, t: items[i].e.type }))),
      session,
      ctx,
    );
    return;
  }
  if (triggered)
    throw new SqlError(
      334,
      `The target table '${triggered}' of the DML statement cannot have any enabled triggers if the statement contains an OUTPUT clause without INTO clause.`,
      16,
      1,
    );
  yield {
    kind: 'rows',
    resultSet: {
      columns: items.map((it) => ({ name: it.name, type: it.e.type, nullable: it.e.nullable })),
      rows,
    },
  };
}
