import { describe, expect, it } from 'vitest';
import type { TryCatch } from '@ferry/tsql';
import { lowerCatch } from '../../src/plpgsql/passes/error-handling.js';
import { pgTypeNamed } from '../../src/pg/pg-type.js';
import { bodyGenerator, procedure } from './body-passes.js';

const tryCatch = (catchPart: string) =>
  procedure(`BEGIN TRY DELETE FROM orders END TRY BEGIN CATCH ${catchPart} END CATCH`).body![0] as TryCatch;

// A CATCH block's statements in; out, the statements reading the error's HINT first when an ERROR_*()
// function needs it, and the body's DECLARE section with its variable.
describe('CATCH blocks', () => {
  it('ERROR_NUMBER() reads the HINT into error_hint, declared once', () => {
    const s = tryCatch('PRINT ERROR_NUMBER()');
    const g = bodyGenerator();
    const { node, diagnostics } = lowerCatch(g, s, (inside) => inside.statements(s.catch));
    expect(diagnostics).toEqual([]);
    expect(node.statements).toMatchObject([
      { kind: 'GetDiagnostics', stacked: true, items: [{ target: 'error_hint', item: 'PG_EXCEPTION_HINT' }] },
      { kind: 'Raise', level: 'NOTICE' },
    ]);
    expect(node.flow.declarations).toEqual([
      { kind: 'Variable', name: 'error_hint', type: pgTypeNamed('text') },
    ]);
    expect(g.flow.declarations).toEqual([]);
  });

  it('ERROR_MESSAGE() alone reads no HINT', () => {
    const s = tryCatch('PRINT ERROR_MESSAGE()');
    const { node } = lowerCatch(bodyGenerator(), s, (inside) => inside.statements(s.catch));
    expect(node.statements).toMatchObject([{ kind: 'Raise' }]);
    expect(node.flow.declarations).toEqual([]);
  });

  it('a CATCH inside a CATCH reads its own HINT, error_hint_2', () => {
    const s = tryCatch('BEGIN TRY PRINT 1 END TRY BEGIN CATCH PRINT ERROR_STATE() END CATCH');
    const { node } = lowerCatch(bodyGenerator(), s, (inside) => inside.statements(s.catch));
    expect(node.statements).toMatchObject([
      { kind: 'Block', onError: [{ kind: 'GetDiagnostics', items: [{ target: 'error_hint_2' }] }, {}] },
    ]);
    expect(node.flow.declarations.map((d) => d.name)).toEqual(['error_hint_2']);
  });

  it('ERROR_PROCEDURE() is the catching routine, with a low item', () => {
    const s = tryCatch('PRINT ERROR_PROCEDURE()');
    const { diagnostics } = lowerCatch(bodyGenerator(), s, (inside) => inside.statements(s.catch));
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['TSQL_ERROR_FUNCTION', 'low']]);
  });
});
