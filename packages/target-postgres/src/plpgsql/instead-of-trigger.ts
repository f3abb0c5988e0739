// INSTEAD OF triggers as row triggers, `inserted`/`deleted` the row (NEW/OLD, read as a one-row table).
// On a view: PostgreSQL's INSTEAD OF ... FOR EACH ROW, returning the row so the statement counts it.
// On a table (PostgreSQL has INSTEAD OF triggers only on views): a BEFORE ... FOR EACH ROW trigger that
// returns NULL, which skips the row's own INSERT/UPDATE/DELETE. SQL Server does not fire a table's
// INSTEAD OF trigger again for the DML its body runs on that table ("processed as if the table had no
// INSTEAD OF trigger"): while the body runs, a transaction-local setting named after the table
// (`ferry.instead_of_<table oid>`) lets that DML through. An error that leaves the body undoes the
// setting with the (sub)transaction it aborts.

import type * as S from '@ferry/tsql';
import { findAll, walk } from '@ferry/tsql';
import { pg, type PgExpression, type PgStatement } from '../pg/ast.js';
import { diagnostic, type Diagnostic } from './lowered.js';
import { setLocal, settingIs } from './trigger-recursion.js';

type RowEvent = 'INSERT' | 'UPDATE' | 'DELETE';

/** `'ferry.instead_of_' || TG_RELID`: the setting that marks the table's INSTEAD OF body as running. */
const guardSetting: PgExpression = pg.binary('||', pg.string('ferry.instead_of_'), pg.name('tg_relid'));

const setGuard = (value: string): PgStatement => setLocal(guardSetting, value);

/** The row the trigger lets through when the table's INSTEAD OF body itself runs the statement. */
const passedRow = (event: RowEvent) => pg.name(event === 'DELETE' ? 'old' : 'new');

/**
 * The statements a row trigger function of an INSTEAD OF trigger starts with: the row goes through
 * when the body is already running (its own DML on the table), else the body is marked as running.
 */
export function insteadOfStart(event: RowEvent): PgStatement[] {
  const running = settingIs(guardSetting, 'on');
  return [
    { kind: 'If', branches: [{ condition: running, body: [{ kind: 'Return', value: passedRow(event) }] }] },
    setGuard('on'),
  ];
}

/** What the function does at RETURN and at its end: the body is no longer running; the row is skipped. */
export function insteadOfReturn(): PgStatement[] {
  return [setGuard(''), { kind: 'Return', value: pg.null() }];
}

/**
 * What an INSTEAD OF trigger on a view returns: its row (NEW, OLD for DELETE), so PostgreSQL counts it
 * as the statement's, as SQL Server counts the statement's rows.
 */
export function viewRowReturn(event: RowEvent): PgStatement[] {
  return [{ kind: 'Return', value: passedRow(event) }];
}

const aggregates = new Set([
  'count',
  'count_big',
  'sum',
  'avg',
  'min',
  'max',
  'string_agg',
  'stdev',
  'stdevp',
  'var',
  'varp',
  'checksum_agg',
]);

/** Whether a query block reads `inserted` or `deleted` in its FROM clause. */
function readsPseudoTable(spec: S.QuerySpec): boolean {
  let found = false;
  walk(spec.from, (node) => {
    if (node.kind === 'TableRef' && !node.name.schema) {
      const name = node.name.name.name.toLowerCase();
      if (name === 'inserted' || name === 'deleted') found = true;
    }
  });
  return found;
}

/**
 * Where running the body once per row differs from running it once per statement: an aggregate over
 * `inserted`/`deleted` sees one row, @@ROWCOUNT at the start is 1.
 */
export function perRowDiagnostics(body: readonly S.Statement[], pos: S.SourcePos | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const statements = body as S.Statement[];
  const aggregated = findAll(statements, 'QuerySpec').some(
    (spec) =>
      readsPseudoTable(spec) &&
      (spec.groupBy.length > 0 ||
        findAll(spec.columns, 'FunctionCall').some(
          (f) => !f.name.schema && aggregates.has(f.name.name.name.toLowerCase()),
        )),
  );
  if (aggregated)
    out.push(
      diagnostic(
        'TSQL_INSTEAD_OF_PER_ROW',
        'medium',
        pos,
        'the INSTEAD OF trigger runs once per row in PostgreSQL: an aggregate over inserted/deleted (COUNT, SUM, GROUP BY) sees one row, not all the rows of the statement',
        'check that the body gives the same result row by row, or move the aggregate to an AFTER ... FOR EACH STATEMENT trigger',
      ),
    );
  if (findAll(statements, 'Variable').some((v) => v.name.toLowerCase() === '@@rowcount'))
    out.push(
      diagnostic(
        'TSQL_INSTEAD_OF_PER_ROW',
        'low',
        pos,
        "the INSTEAD OF trigger runs once per row in PostgreSQL: @@ROWCOUNT at its start is 1, not the statement's row count (a test of it against 0 is unchanged: the trigger does not run for no row)",
      ),
    );
  return out;
}
