// The PL/pgSQL printer on hand-built trees: nested blocks indented, marks before a statement's first
// line, RAISE forms, the DECLARE section of a body.

import { describe, expect, it } from 'vitest';
import { pg, type PgStatement } from '../src/pg/ast.js';
import { printBody, printStatements } from '../src/pg/print-plpgsql.js';
import { pgTypeNamed } from '../src/pg/pg-type.js';

const mark = { code: 'X_CODE', message: 'dropped' };
const set = (n: number): PgStatement => ({ kind: 'Assign', target: 'p_n', value: pg.number(n) });

describe('printStatements', () => {
  it.each<[string, PgStatement, string[]]>([
    [
      'IF / ELSIF / ELSE with nested bodies indented',
      {
        kind: 'If',
        branches: [
          { condition: pg.bool(true), body: [set(1)] },
          {
            condition: pg.bool(false),
            body: [{ kind: 'While', condition: pg.bool(true), body: [{ kind: 'Exit' }] }],
          },
        ],
        else: [set(2)],
      },
      [
        'IF true THEN',
        '  p_n := 1;',
        'ELSIF false THEN',
        '  WHILE true LOOP',
        '    EXIT;',
        '  END LOOP;',
        'ELSE',
        '  p_n := 2;',
        'END IF;',
      ],
    ],
    [
      'a block with an exception handler',
      { kind: 'Block', body: [set(1)], onError: [{ kind: 'Raise', args: [], using: [] }] },
      ['BEGIN', '  p_n := 1;', 'EXCEPTION WHEN OTHERS THEN', '  RAISE;', 'END;'],
    ],
    [
      'RAISE with a format, arguments and USING options',
      {
        kind: 'Raise',
        level: 'EXCEPTION',
        format: "it's %",
        args: [pg.name('p_n')],
        using: [{ option: 'ERRCODE', value: pg.string('P0001') }],
      },
      ["RAISE EXCEPTION 'it''s %', p_n USING ERRCODE = 'P0001';"],
    ],
    [
      'a mark before the first line',
      {
        kind: 'Call',
        procedure: ['dbo', 'Proc'],
        args: [{ name: 'p_a', value: pg.number(1) }],
        notes: [mark],
      },
      ['/* ferry: X_CODE dropped */CALL dbo."Proc"(p_a => 1);'],
    ],
    [
      'a temporary table and a cursor fetch',
      {
        kind: 'CreateTable',
        name: ['t'],
        temporary: true,
        columns: [{ name: 'Id', type: pgTypeNamed('integer'), notNull: true }],
      },
      ['CREATE TEMP TABLE t ("Id" integer NOT NULL);'],
    ],
    [
      'FETCH with INTO',
      { kind: 'Fetch', direction: 'NEXT', cursor: 'c', into: ['p_a', 'p_b'] },
      ['FETCH NEXT FROM c INTO p_a, p_b;'],
    ],
  ])('%s', (_name, tree, lines) => {
    expect(printStatements([tree])).toEqual(lines);
  });
});

describe('printBody', () => {
  it('DECLARE section, statements indented, dollar-quoted', () => {
    const body = printBody({
      columnsWin: true,
      declarations: [
        { kind: 'Variable', name: 'p_n', type: pgTypeNamed('integer') },
        { kind: 'Cursor', name: 'c', query: pg.select(pg.selectCore([pg.number(1)], [])) },
      ],
      statements: [set(1), { kind: 'Return' }],
    });
    expect(body).toBe(
      '$body$\n#variable_conflict use_column\nDECLARE\n  p_n integer;\n  c CURSOR FOR SELECT 1;\nBEGIN\n  p_n := 1;\n  RETURN;\nEND\n$body$',
    );
  });
});
