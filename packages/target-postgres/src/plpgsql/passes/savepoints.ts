// SAVE TRANSACTION x ... ROLLBACK TRANSACTION x -> a PL/pgSQL sub-block, whose exception handler is a
// savepoint: PostgreSQL undoes a block's changes when it catches an error raised in it.
//   - SAVE TRANSACTION x; <statements>; ROLLBACK TRANSACTION x (in the same statement list): the
//     statements in a block that ends by raising SQLSTATE SP001, caught by the block itself, so the
//     changes are undone and the routine goes on after the block, as after the rollback.
//   - SAVE TRANSACTION x; BEGIN TRY ... END TRY BEGIN CATCH ... ROLLBACK TRANSACTION x ... END CATCH:
//     the TRY part is already such a block, its changes undone when the CATCH runs; the rollback is a
//     comment there.
// Any other ROLLBACK TRANSACTION x (conditional, or after the savepoint's region) is an action item that
// raises an error, never a silent keep or a rollback of the whole transaction.

import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgStatement } from '../../pg/ast.js';
import type { BodyFlow, Lines } from '../body-state.js';
import { Diagnostics, lowered, type Lowered } from '../lowered.js';

/** The SQLSTATE a savepoint block raises to undo its changes (an implementation-defined class). */
export const SAVEPOINT_ROLLBACK = 'SP001';

const rollsBackTo = (s: S.Statement, name: string) =>
  s.kind === 'RollbackTransaction' && s.name?.toLowerCase() === name;

const refersTo = (list: readonly S.Statement[], name: string) =>
  findAll(list, 'RollbackTransaction').some((r) => r.name?.toLowerCase() === name);

/** `flow` with the savepoint `name` (lower-cased), undone by the TRY block `by` when there is one. */
const saved = (flow: BodyFlow, name: string, by?: S.TryCatch): BodyFlow => ({
  ...flow,
  savepoints: new Map([...flow.savepoints, [name, by]]),
});

/**
 * SAVE TRANSACTION at `list[i]` and the statements it governs: the PL/pgSQL statements, what they leave
 * to the statements after them, and the index of the first statement after them.
 */
export function lowerSavepoint(
  list: readonly S.Statement[],
  i: number,
  g: Generator,
): Lowered<Lines & { next: number }> {
  const d = new Diagnostics();
  const save = list[i] as S.SaveTransaction;
  const name = save.name.toLowerCase();
  const end = list.findIndex((s, k) => k > i && rollsBackTo(s, name));
  if (end > 0 && !refersTo(list.slice(i + 1, end), name)) {
    const governed = d.take(
      g
        .continuing(saved(g.flow, name))
        .insideTry()
        .statements(list.slice(i + 1, end)),
    );
    const body = [
      ...governed.statements,
      {
        kind: 'Raise',
        level: 'EXCEPTION',
        args: [],
        using: [
          { option: 'MESSAGE', value: { kind: 'String', value: `rollback to savepoint ${save.name}` } },
          { option: 'ERRCODE', value: { kind: 'String', value: SAVEPOINT_ROLLBACK } },
        ],
      },
    ] satisfies PgStatement[];
    const comment = `SAVE TRANSACTION ${save.name} ... ROLLBACK TRANSACTION ${save.name}: a block whose changes are undone`;
    return d.result({
      statements: [
        { kind: 'Comment', text: comment },
        { kind: 'Block', body, onError: [{ kind: 'Null' }], catches: { sqlstate: SAVEPOINT_ROLLBACK } },
      ],
      flow: governed.flow,
      next: end + 1,
    });
  }
  const next = list[i + 1];
  if (next?.kind === 'TryCatch' && refersTo(next.catch, name)) {
    const text = `SAVE TRANSACTION ${save.name}: the TRY block that follows undoes its changes when it fails`;
    return d.result({
      statements: [{ kind: 'Comment', text }],
      flow: saved(g.flow, name, next),
      next: i + 1,
    });
  }
  const mark = d.mark(
    'TSQL_SAVEPOINT',
    'high',
    save.pos,
    `SAVE TRANSACTION ${save.name} is not converted: its rollback is not at the end of the statements it governs`,
    'put the statements between SAVE TRANSACTION and ROLLBACK TRANSACTION in a BEGIN ... EXCEPTION block',
  );
  return d.result({ statements: [{ kind: 'Null', notes: [mark] }], flow: saved(g.flow, name), next: i + 1 });
}

/** ROLLBACK TRANSACTION x of a savepoint of the routine, or undefined when x is no savepoint. */
export function rollbackToSavepoint(
  s: S.RollbackTransaction,
  g: Generator,
): Lowered<PgStatement[]> | undefined {
  const name = s.name?.toLowerCase();
  const savepoints = g.flow.savepoints;
  if (!name || !savepoints.has(name)) return undefined;
  const tryBlock = savepoints.get(name);
  if (tryBlock && g.body().catches?.some((c) => c.tryCatch === tryBlock))
    return lowered([
      {
        kind: 'Comment',
        text: `ROLLBACK TRANSACTION ${s.name}: the TRY block's changes were undone when its error was caught`,
      },
    ]);
  const d = new Diagnostics();
  const mark = d.mark(
    'TSQL_SAVEPOINT',
    'high',
    s.pos,
    `ROLLBACK TRANSACTION ${s.name} (to a savepoint) is not converted here: it raises an error instead`,
    'put the statements between SAVE TRANSACTION and ROLLBACK TRANSACTION in a BEGIN ... EXCEPTION block',
  );
  return d.result([
    {
      kind: 'Raise',
      level: 'EXCEPTION',
      format: `rollback to savepoint ${s.name} is not converted`,
      args: [],
      using: [],
      notes: [mark],
    },
  ]);
}
