// The functions of TRY...CATCH error handling: ERROR_NUMBER/MESSAGE/SEVERITY/STATE/LINE/PROCEDURE
// (the error being handled, NULL outside CATCH) and XACT_STATE (1 committable, -1 doomed, 0 none).

import type { FunctionCall } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';
import type { Compiled } from './scope.js';
import type { CaughtError } from './session-state.js';

const INT: SqlType = { name: 'int' };
const text = (length: number): SqlType => ({ name: 'nvarchar', length, collation: DEFAULT_COLLATION });

const ERROR_FUNCTIONS: Record<string, [SqlType, (e: CaughtError) => unknown]> = {
  error_number: [INT, (e) => e.number],
  error_message: [text(4000), (e) => e.message],
  error_severity: [INT, (e) => e.severity],
  error_state: [INT, (e) => e.state],
  error_line: [INT, (e) => e.line],
  error_procedure: [text(128), (e) => e.procName ?? null],
};

/** One of these functions, or undefined for any other name. */
export function compileCatchFunction(call: FunctionCall): Compiled | undefined {
  const name = call.name.name.name.toLowerCase();
  if (name === 'xact_state')
    return {
      type: { name: 'smallint' },
      nullable: false,
      eval: (_r, ctx) => (ctx.session.trancount === 0 ? 0 : ctx.session.doomed ? -1 : 1),
    };
  const fn = ERROR_FUNCTIONS[name];
  if (!fn) return undefined;
  const [type, read] = fn;
  return {
    type,
    nullable: true,
    eval: (_r, ctx) => {
      const caught = ctx.session.caught;
      return caught.length ? (read(caught[caught.length - 1]) as never) : null;
    },
  };
}
