// The printer of the DDL converted modules become: views, functions and procedures with their
// parameters and bodies, statement triggers reading transition tables, domains.

import { describe, expect, it } from 'vitest';
import { pg, type PgModuleStatement } from '../src/pg/ast.js';
import { printModuleStatement } from '../src/pg/print-ddl.js';

const one = pg.select(pg.selectCore([pg.number(1)], []));

describe('printModuleStatement', () => {
  it.each<[string, PgModuleStatement, string]>([
    [
      'a view with its columns and CHECK OPTION',
      { kind: 'CreateView', name: ['dbo', 'V'], columns: ['a'], query: one, checkOption: true },
      'CREATE OR REPLACE VIEW dbo."V" (a) AS SELECT 1 WITH CHECK OPTION',
    ],
    [
      'a SQL function returning a table, run as its owner',
      {
        kind: 'CreateRoutine',
        routine: 'FUNCTION',
        name: ['dbo', 'f'],
        params: [
          { name: 'p_a', type: 'integer', default: pg.number(0) },
          { mode: 'OUT', name: 'p_b', type: 'text' },
        ],
        returns: { kind: 'Table', columns: [{ name: 'x', type: 'integer' }] },
        securityDefiner: true,
        body: { language: 'sql', query: one },
      },
      'CREATE OR REPLACE FUNCTION dbo.f(p_a integer DEFAULT 0, OUT p_b text) RETURNS TABLE (x integer) LANGUAGE sql SECURITY DEFINER AS $body$ SELECT 1 $body$',
    ],
    [
      'a PL/pgSQL procedure',
      {
        kind: 'CreateRoutine',
        routine: 'PROCEDURE',
        name: ['dbo', 'p'],
        params: [],
        securityDefiner: false,
        body: {
          language: 'plpgsql',
          body: { columnsWin: false, declarations: [], statements: [{ kind: 'Return' }] },
        },
      },
      'CREATE OR REPLACE PROCEDURE dbo.p() LANGUAGE plpgsql AS $body$\nBEGIN\n  RETURN;\nEND\n$body$',
    ],
    [
      'a statement trigger with its transition tables',
      {
        kind: 'CreateTrigger',
        name: 'trg_update',
        event: 'UPDATE',
        table: ['dbo', 'orders'],
        newTable: 'inserted',
        oldTable: 'deleted',
        function: ['dbo', 'trg_update'],
      },
      'CREATE OR REPLACE TRIGGER trg_update AFTER UPDATE ON dbo.orders REFERENCING NEW TABLE AS inserted OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION dbo.trg_update()',
    ],
    [
      'a domain with a remark',
      { kind: 'CreateDomain', name: ['dbo', 'id'], type: 'varchar(11)', remark: 'kept on columns' },
      'CREATE DOMAIN dbo.id AS varchar(11) /* kept on columns */',
    ],
  ])('%s', (_name, tree, sql) => {
    expect(printModuleStatement(tree)).toBe(sql);
  });
});
