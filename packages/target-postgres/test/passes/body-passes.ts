// Test helper: a procedure's statements parsed, and the pass generator inside a procedure body.

import { parseBatch, type CreateProcedure } from '@ferry/tsql';
import type { BodyState } from '../../src/plpgsql/body-state.js';
import type { Generator } from '../../src/plpgsql/generator.js';
import { passGenerator } from './pass-context.js';

/** `CREATE PROCEDURE p <head> AS <body>` parsed. */
export function procedure(body: string, head = ''): CreateProcedure {
  const [proc] = parseBatch(`CREATE PROCEDURE dbo.p ${head} AS ${body}`);
  if (proc?.kind !== 'CreateProcedure') throw new Error('not a procedure');
  return proc;
}

/** The pass generator inside the body of procedure dbo.p. */
export function bodyGenerator(routine: BodyState['routine'] = 'procedure'): Generator {
  return passGenerator().withBody({
    resultSets: 'none',
    sourceName: 'dbo.p',
    routineName: ['dbo', 'p'],
    routine,
    returnStatement: [{ kind: 'Return' }],
  });
}
