import { describe, expect, it } from 'vitest';
import type { RollbackTransaction, TryCatch } from '@ferry/tsql';
import {
  lowerSavepoint,
  rollbackToSavepoint,
  SAVEPOINT_ROLLBACK,
} from '../../src/plpgsql/passes/savepoints.js';
import { bodyGenerator, procedure } from './body-passes.js';

// SAVE TRANSACTION x and the statements it governs: statements in, PL/pgSQL statements, the savepoints
// the body knows after them and the diagnostics out; the flow given is left as it is.
describe('savepoints', () => {
  it('SAVE ... ROLLBACK in one list: a block that raises SP001 and catches it, the list after it next', () => {
    const body = procedure('SAVE TRANSACTION s; DELETE FROM orders; ROLLBACK TRANSACTION s; PRINT 1').body!;
    const g = bodyGenerator();
    const { node, diagnostics } = lowerSavepoint(body, 0, g);
    expect(diagnostics).toEqual([]);
    expect(node.next).toBe(3);
    expect(node.statements).toMatchObject([
      { kind: 'Comment' },
      {
        kind: 'Block',
        body: [{ kind: 'Dml' }, { kind: 'Raise', level: 'EXCEPTION' }],
        catches: { sqlstate: SAVEPOINT_ROLLBACK },
      },
    ]);
    expect([...node.flow.savepoints]).toEqual([['s', undefined]]);
    expect(g.flow.savepoints.size).toBe(0);
  });

  it('SAVE before a TRY whose CATCH rolls back to it: the TRY block undoes the changes', () => {
    const body = procedure(
      'SAVE TRANSACTION s; BEGIN TRY DELETE FROM orders END TRY BEGIN CATCH ROLLBACK TRANSACTION s END CATCH',
    ).body!;
    const { node, diagnostics } = lowerSavepoint(body, 0, bodyGenerator());
    expect(diagnostics).toEqual([]);
    expect(node).toMatchObject({ statements: [{ kind: 'Comment' }], next: 1 });
    expect(node.flow.savepoints.get('s')).toBe(body[1] as TryCatch);
  });

  it('a rollback that does not end the statements it governs: a marked NULL and a high item', () => {
    const body = procedure('SAVE TRANSACTION s; IF 1 = 1 ROLLBACK TRANSACTION s').body!;
    const { node, diagnostics } = lowerSavepoint(body, 0, bodyGenerator());
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['TSQL_SAVEPOINT', 'high']]);
    expect(node.statements).toMatchObject([{ kind: 'Null', notes: [{ code: 'TSQL_SAVEPOINT' }] }]);
    expect(node.flow.savepoints.has('s')).toBe(true);
  });

  it('ROLLBACK TRANSACTION x: not a savepoint declines; a savepoint outside its TRY raises, with an item', () => {
    const [rollback] = procedure('ROLLBACK TRANSACTION s').body! as [RollbackTransaction];
    const g = bodyGenerator();
    expect(rollbackToSavepoint(rollback, g)).toBeUndefined();
    const saved = g.continuing({ ...g.flow, savepoints: new Map([['s', undefined]]) });
    const raised = rollbackToSavepoint(rollback, saved)!;
    expect(raised.diagnostics.map((d) => d.code)).toEqual(['TSQL_SAVEPOINT']);
    expect(raised.node).toMatchObject([{ kind: 'Raise', level: 'EXCEPTION' }]);
  });
});
