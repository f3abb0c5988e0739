// SET FMTONLY ON: SQL Server executes no statement but SET (and DECLARE) and returns the metadata
// of each result set without its rows; statements that change data change nothing. Clients such as
// freebcp ask a query's columns this way.

import type { Statement } from '@ferry/tsql';
import type { ResultColumn, StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { SessionState } from './session-state.js';

/** Statements that run as usual under FMTONLY ON. */
const runsUnderFormatOnly = new Set<Statement['kind']>(['SetOption', 'Declare', 'Use']);

export function runsAsUsual(s: Statement, session: SessionState): boolean {
  return !session.fmtOnly || runsUnderFormatOnly.has(s.kind);
}

type ColumnsOf = (s: Extract<Statement, { kind: 'Select' }>) => ResultColumn[];

/** What a statement returns under FMTONLY ON: a SELECT's columns and no rows; DML nothing. */
export function* formatOnly(s: Statement, columnsOf: ColumnsOf): Generator<StatementResult> {
  switch (s.kind) {
    case 'Select':
      if (
        s.query.kind === 'QuerySpec' &&
        (s.query.into || s.query.columns.some((c) => c.kind === 'SelectAssign'))
      )
        break;
      yield { kind: 'rows', resultSet: { columns: columnsOf(s), rows: [] } };
      break;
    case 'Insert':
    case 'Update':
    case 'Delete':
    case 'Merge':
    case 'Truncate':
      break;
    default:
      throw new SqlError(
        40517,
        `${s.kind} under SET FMTONLY ON is not supported by the SQL Server emulator.`,
        16,
      );
  }
  yield { kind: 'done' };
}
