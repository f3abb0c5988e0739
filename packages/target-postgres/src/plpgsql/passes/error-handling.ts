// THROW / RAISERROR and the CATCH block's ERROR_*() functions. A raised error carries SQL Server's
// number, severity and state in its HINT (`SQL Server error 50001, severity 16, state 1`); a CATCH
// block that reads them takes the HINT with GET STACKED DIAGNOSTICS and decodes it, so ERROR_NUMBER()
// after THROW 50001, ... is 50001 as in SQL Server, also when the error was raised in another routine
// (a trigger, a called procedure). PostgreSQL's own errors are numbered from their SQLSTATE.

import { lowered, type Diagnostics, type Lowered } from '../lowered.js';
import type { FunctionCall, Statement, TryCatch } from '@ferry/tsql';
import { walk } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgExpression, PgStatement } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { pgTypeNamed } from '../../pg/pg-type.js';
import { declaredOnce, type Lines } from '../body-state.js';

/** A CATCH block being lowered: the variable its error's HINT is read into, when an ERROR_*() needs it. */
export interface CatchHandler {
  /** The TRY ... CATCH statement whose CATCH part this is. */
  readonly tryCatch: TryCatch;
  readonly hint: string;
}

/** The HINT of an error raised as SQL Server's error `number` with its severity and state. */
export function errorHint(number: PgExpression, severity: PgExpression, state: PgExpression): PgExpression {
  const parts: PgExpression[] = [
    pg.string('SQL Server error '),
    number,
    pg.string(', severity '),
    severity,
    pg.string(', state '),
    state,
  ];
  // literal parts are folded into one string
  const folded = parts.reduce<PgExpression[]>((all, p) => {
    const last = all[all.length - 1];
    const text = (e: PgExpression) =>
      e.kind === 'String' ? e.value : e.kind === 'Number' ? e.text : undefined;
    const [a, b] = [last && text(last), text(p)];
    if (a !== undefined && b !== undefined) return [...all.slice(0, -1), pg.string(a + b)];
    return [...all, p];
  }, []);
  return folded.reduce((all, p) => pg.binary('||', all, p));
}

/**
 * Lowers a CATCH block's statements (`lower`, given the generator inside the block); when they read the
 * error's HINT (an ERROR_*() function), the handler reads it first, into `error_hint` (`error_hint_2` in
 * a nested CATCH).
 */
export function lowerCatch(
  g: Generator,
  tryCatch: TryCatch,
  lower: (inside: Generator) => Lowered<Lines>,
): Lowered<Lines> {
  const depth = g.body().catches?.length ?? 0;
  const handler: CatchHandler = { tryCatch, hint: depth ? `error_hint_${depth + 1}` : 'error_hint' };
  const lines = lower(g.insideCatch(handler));
  const { statements, flow } = lines.node;
  if (!readsName(statements, handler.hint)) return lines;
  const read: PgStatement = {
    kind: 'GetDiagnostics',
    stacked: true,
    items: [{ target: handler.hint, item: 'PG_EXCEPTION_HINT' }],
  };
  return lowered(
    { statements: [read, ...statements], flow: declaredOnce(flow, handler.hint, pgTypeNamed('text')) },
    lines.diagnostics,
  );
}

/** Whether a PostgreSQL tree reads the variable `name`. */
function readsName(tree: unknown, name: string): boolean {
  if (Array.isArray(tree)) return tree.some((t) => readsName(t, name));
  if (tree === null || typeof tree !== 'object') return false;
  const node = tree as { kind?: unknown; parts?: unknown };
  if (node.kind === 'Name' && Array.isArray(node.parts) && node.parts.length === 1 && node.parts[0] === name)
    return true;
  return Object.values(tree).some((v) => readsName(v, name));
}

const changes: readonly Statement['kind'][] = ['Insert', 'Update', 'Delete', 'Merge'];
/** Statements that may raise the error a CATCH block catches. */
const mayRaise: readonly Statement['kind'][] = [
  ...changes,
  'Select',
  'SetVariable',
  'MutateVariable',
  'Declare',
  'If',
  'While',
  'Throw',
  'Raiserror',
  'Execute',
  'ExecuteString',
  'FetchCursor',
];

/**
 * Whether a TRY part changes data before a statement that may raise, outside a transaction that its
 * CATCH rolls back: PostgreSQL undoes all of an EXCEPTION block's changes when it catches an error,
 * where SQL Server keeps the statements that completed (and a table variable's rows, always).
 */
export function tryUndoesCompletedWork(s: TryCatch): boolean {
  const kinds: Statement['kind'][] = [];
  walk(s.try, (node) => {
    if (mayRaise.includes(node.kind as Statement['kind'])) kinds.push(node.kind as Statement['kind']);
  });
  const firstChange = kinds.findIndex((k) => changes.includes(k));
  if (firstChange < 0 || firstChange === kinds.length - 1) return false;
  const has = (list: readonly Statement[], kind: Statement['kind']) => {
    let found = false;
    walk(list, (node) => {
      found ||= node.kind === kind;
    });
    return found;
  };
  return !(has(s.try, 'BeginTransaction') && has(s.catch, 'RollbackTransaction'));
}

/** SQL Server's error numbers of PostgreSQL's errors, by SQLSTATE (the errors a CATCH block commonly tests). */
const errorNumbers: [sqlstate: string, number: number][] = [
  ['23505', 2627], // unique violation: Violation of PRIMARY KEY / UNIQUE KEY constraint
  ['23503', 547], // foreign key violation: conflicted with the FOREIGN KEY constraint
  ['23514', 547], // check violation: conflicted with the CHECK constraint
  ['23502', 515], // not null violation: Cannot insert the value NULL
  ['22012', 8134], // division by zero: Divide by zero error encountered
  ['22003', 8115], // numeric value out of range: Arithmetic overflow error
  ['22001', 2628], // string data right truncation: String or binary data would be truncated
  ['40P01', 1205], // deadlock detected: chosen as the deadlock victim
  ['P0001', 50000], // RAISE EXCEPTION without SQL Server's number
];

/** The number, severity or state decoded from the handler's HINT, else `otherwise`. */
function fromHint(handler: CatchHandler, field: 'error' | 'severity' | 'state', otherwise: PgExpression) {
  const pattern = field === 'error' ? '^SQL Server error (\\d+)' : `, ${field} (\\d+)`;
  const decoded = pg.cast(
    pg.call('substring', pg.name(handler.hint), pg.string(pattern)),
    pgTypeNamed('integer'),
  );
  return pg.call('COALESCE', decoded, otherwise);
}

const sqlstate = pg.keyword('SQLSTATE');

/** An ERROR_*() function in a CATCH block: from the HINT it reads, or from the handler's own variables. */
type InCatch =
  | { readsHint: true; value: (h: CatchHandler) => PgExpression }
  | { readsHint: false; value: (g: Generator, c: FunctionCall, d: Diagnostics) => PgExpression };

const inCatch: Record<string, InCatch> = {
  error_number: {
    readsHint: true,
    value: (h) =>
      fromHint(h, 'error', {
        kind: 'Case',
        operand: sqlstate,
        whens: errorNumbers.map(([code, n]) => ({ when: pg.string(code), then: pg.number(n) })),
      }),
  },
  // SQL Server raises a duplicate key at severity 14, its other common errors at 16
  error_severity: {
    readsHint: true,
    value: (h) =>
      fromHint(
        h,
        'severity',
        pg.caseWhen(pg.binary('=', sqlstate, pg.string('23505')), pg.number(14), pg.number(16)),
      ),
  },
  error_state: { readsHint: true, value: (h) => fromHint(h, 'state', pg.number(1)) },
  error_message: { readsHint: false, value: () => pg.keyword('SQLERRM') },
  error_line: {
    readsHint: false,
    value: (_g, c, d) =>
      d.note(
        pg.cast(pg.null(), pgTypeNamed('integer')),
        'TSQL_ERROR_FUNCTION',
        'medium',
        c.pos,
        'ERROR_LINE() is NULL: PostgreSQL reports the line in the error context',
        'GET STACKED DIAGNOSTICS v = PG_EXCEPTION_CONTEXT',
      ),
  },
  error_procedure: {
    readsHint: false,
    value: (g, c, d) =>
      d.note(
        pg.string(g.body().sourceName),
        'TSQL_ERROR_FUNCTION',
        'low',
        c.pos,
        'ERROR_PROCEDURE() is the name of the routine that catches the error',
        'GET STACKED DIAGNOSTICS v = PG_EXCEPTION_CONTEXT names the routine that raised it',
      ),
  },
};

/**
 * ERROR_NUMBER() / ERROR_MESSAGE() / ERROR_SEVERITY() / ERROR_STATE() / ERROR_LINE() / ERROR_PROCEDURE().
 * Inside a CATCH block, the caught error's; outside one NULL, as in SQL Server, with an action item: a
 * routine called from a CATCH block does not see its caller's error in PostgreSQL.
 */
export function errorFunction(c: FunctionCall, g: Generator, d: Diagnostics): PgExpression | undefined {
  const name = c.name.name.name.toLowerCase();
  const lower = inCatch[name];
  if (!lower || c.args.length) return undefined;
  const handler = g.catchHandler();
  if (!handler)
    return d.note(
      pg.cast(
        pg.null(),
        pgTypeNamed(name === 'error_message' || name === 'error_procedure' ? 'text' : 'integer'),
      ),
      'TSQL_ERROR_FUNCTION',
      'medium',
      c.pos,
      `${name.toUpperCase()}() outside a CATCH block is NULL: a routine called from a CATCH block does not see its caller's error in PostgreSQL`,
      "pass the error's number and message as arguments",
    );
  return lower.readsHint ? lower.value(handler) : lower.value(g, c, d);
}
