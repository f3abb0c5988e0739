// The printer of the DDL converted modules become (pg/ast.ts PgModuleStatement): CREATE VIEW,
// CREATE FUNCTION / PROCEDURE with their PL/pgSQL or SQL body, CREATE TRIGGER, CREATE DOMAIN / TYPE.

import type { PgModuleStatement, PgParameter, PgReturns } from './ast.js';
import { printExpression, printName } from './print-expression.js';
import { printSelect } from './print-query.js';
import { printBody, printColumns } from './print-plpgsql.js';
import { quoteIdent } from '../ddl/identifiers.js';

type Printers = { [K in PgModuleStatement['kind']]: (s: Extract<PgModuleStatement, { kind: K }>) => string };

function parameter(p: PgParameter): string {
  const mode = p.mode ? `${p.mode} ` : '';
  return `${mode}${quoteIdent(p.name)} ${p.type}${p.default ? ` DEFAULT ${printExpression(p.default)}` : ''}`;
}

function returns(r: PgReturns): string {
  switch (r.kind) {
    case 'Type':
      return ` RETURNS ${r.type}`;
    case 'SetOf':
      return ` RETURNS SETOF ${r.type}`;
    case 'Table':
      return ` RETURNS TABLE (${printColumns(r.columns)})`;
  }
}

const printers: Printers = {
  CreateView: (s) => {
    const cols = s.columns ? ` (${s.columns.map(quoteIdent).join(', ')})` : '';
    return `CREATE OR REPLACE VIEW ${printName(s.name)}${cols} AS ${printSelect(s.query)}${s.checkOption ? ' WITH CHECK OPTION' : ''}`;
  },
  CreateRoutine: (s) => {
    const head = `CREATE OR REPLACE ${s.routine} ${printName(s.name)}(${s.params.map(parameter).join(', ')})${s.returns ? returns(s.returns) : ''}`;
    const security = s.securityDefiner ? ' SECURITY DEFINER' : '';
    const body =
      s.body.language === 'plpgsql' ? printBody(s.body.body) : `$body$ ${printSelect(s.body.query)} $body$`;
    return `${head} LANGUAGE ${s.body.language}${security} AS ${body}`;
  },
  CreateTrigger: (s) => {
    const referencing = [
      ...(s.newTable ? [`NEW TABLE AS ${quoteIdent(s.newTable)}`] : []),
      ...(s.oldTable ? [`OLD TABLE AS ${quoteIdent(s.oldTable)}`] : []),
    ];
    return `CREATE OR REPLACE TRIGGER ${quoteIdent(s.name)} AFTER ${s.event} ON ${printName(s.table)} REFERENCING ${referencing.join(' ')} FOR EACH STATEMENT EXECUTE FUNCTION ${printName(s.function)}()`;
  },
  CreateDomain: (s) =>
    `CREATE DOMAIN ${printName(s.name)} AS ${s.type}${s.remark ? ` /* ${s.remark} */` : ''}`,
  CreateCompositeType: (s) => `CREATE TYPE ${printName(s.name)} AS (${printColumns(s.columns)})`,
};

/** The SQL text of a module's DDL statement. */
export function printModuleStatement(s: PgModuleStatement): string {
  return (printers[s.kind] as (node: PgModuleStatement) => string)(s);
}
