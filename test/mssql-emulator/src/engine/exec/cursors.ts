// Cursors: DECLARE c CURSOR FOR select, OPEN (the rows are read then, as a STATIC cursor does),
// FETCH [NEXT|PRIOR|FIRST|LAST|ABSOLUTE n|RELATIVE n] [INTO @v...], CLOSE, DEALLOCATE, and
// @@FETCH_STATUS / @@CURSOR_ROWS. Cursors are global to the connection unless declared LOCAL.

import type { DeallocateCursor, DeclareCursor, FetchCursor, FunctionCall, Select } from '@ferry/tsql';
import type { StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Value } from '../types/convert.js';
import { compileExpr } from './expressions.js';
import { assignVariable, compileQuery, type OutputColumn } from './query.js';
import { Scope, type Compiled, type EvalCtx, type Row } from './scope.js';
import type { SessionState } from './session-state.js';

export interface Cursor {
  name: string;
  query: Select;
  scroll: boolean;
  /** Set while open: the rows read at OPEN and the position (-1 before the first row). */
  open?: { columns: OutputColumn[]; rows: Row[]; at: number };
}

const find = (session: SessionState, name: string): Cursor => {
  const c = session.cursors.get(name.toLowerCase());
  if (!c) throw new SqlError(16916, `A cursor with the name '${name}' does not exist.`, 16, 1);
  return c;
};

export function declareCursor(s: DeclareCursor, session: SessionState): void {
  const key = s.name.toLowerCase();
  if (session.cursors.has(key))
    throw new SqlError(16915, `A cursor with the name '${s.name}' already exists.`, 16, 1);
  const options = s.options.map((o) => o.toUpperCase());
  // Without SCROLL (or STATIC/KEYSET/DYNAMIC) a cursor is forward-only.
  const scroll =
    options.some((o) => ['SCROLL', 'STATIC', 'KEYSET', 'DYNAMIC'].includes(o)) &&
    !options.includes('FORWARD_ONLY');
  session.cursors.set(key, { name: s.name, query: s.query, scroll });
  // A LOCAL cursor ends with its batch or procedure: it is kept among the scope's variables.
  if (options.includes('LOCAL'))
    session.variables.set(`cursor ${key}`, {
      name: s.name,
      type: { name: 'cursor' },
      value: null,
      cursor: key,
    });
}

export function openCursor(name: string, session: SessionState, ctx: EvalCtx): void {
  const c = find(session, name);
  if (c.open) throw new SqlError(16905, 'The cursor is already open.', 16, 1);
  const plan = compileQuery(c.query, session);
  const width = plan.columns.length;
  c.open = { columns: plan.columns, rows: [...plan.rows(ctx)].map((r) => r.slice(0, width)), at: -1 };
  session.cursorRows = c.open.rows.length;
}

export function* fetchCursor(
  s: FetchCursor,
  session: SessionState,
  ctx: EvalCtx,
): Generator<StatementResult> {
  const c = find(session, s.cursor);
  if (!c.open) throw new SqlError(16917, 'Cursor is not open.', 16, 2);
  if (s.direction !== 'NEXT' && !c.scroll)
    throw new SqlError(
      16911,
      `fetch: The fetch type ${s.direction} cannot be used with forward only cursors.`,
      16,
      1,
    );
  const cur = c.open;
  if (s.into.length && s.into.length !== cur.columns.length)
    throw new SqlError(
      16924,
      'Cursor Fetch: The number of variables declared in the INTO list must match that of selected columns.',
      16,
      1,
    );
  const n = s.offset ? Number(compileExpr(s.offset, { scope: new Scope([]), session }).eval([], ctx)) : 0;
  const last = cur.rows.length;
  const target = {
    NEXT: cur.at + 1,
    PRIOR: cur.at - 1,
    FIRST: 0,
    LAST: last - 1,
    ABSOLUTE: n > 0 ? n - 1 : last + n,
    RELATIVE: cur.at + n,
  }[s.direction];
  // Past either end the position stays just outside the rows and @@FETCH_STATUS is -1.
  cur.at = Math.max(-1, Math.min(last, target));
  const row = cur.rows[cur.at];
  session.fetchStatus = row ? 0 : -1;
  if (!row) {
    if (!s.into.length) yield { kind: 'rows', resultSet: { columns: cur.columns, rows: [] } };
    return;
  }
  if (s.into.length)
    s.into.forEach((v, i) => assignVariable(session, v, row[i] as Value, cur.columns[i].type));
  else yield { kind: 'rows', resultSet: { columns: cur.columns, rows: [row] } };
}

export function closeCursor(name: string, session: SessionState): void {
  const c = find(session, name);
  if (!c.open) throw new SqlError(16917, 'Cursor is not open.', 16, 2);
  c.open = undefined;
}

export function deallocateCursor(s: DeallocateCursor, session: SessionState): void {
  find(session, s.cursor);
  session.cursors.delete(s.cursor.toLowerCase());
  session.variables.delete(`cursor ${s.cursor.toLowerCase()}`);
}

/** @@FETCH_STATUS and @@CURSOR_ROWS; undefined for other names. */
export function compileCursorFunction(call: FunctionCall): Compiled | undefined {
  const name = call.name.name.name.toLowerCase();
  if (name === '@@fetch_status')
    return { type: { name: 'int' }, nullable: false, eval: (_r, ctx) => ctx.session.fetchStatus };
  if (name === '@@cursor_rows')
    return { type: { name: 'int' }, nullable: false, eval: (_r, ctx) => ctx.session.cursorRows };
  return undefined;
}
