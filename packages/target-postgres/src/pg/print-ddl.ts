// The printer of PostgreSQL DDL (pg/ast.ts PgDdlStatement): what converted modules become (views,
// functions, procedures, triggers, domains, types) and the schema around the data (schemas, sequences,
// tables and partitions, keys, indexes, comments, policies, roles and grants). Names are quoted here.

import type {
  PgAlterTableAction,
  PgConstraint,
  PgDdlStatement,
  PgGrantee,
  PgGrantTarget,
  PgParameter,
  PgPartitionBound,
  PgReturns,
} from './ast.js';
import { printExpression, printName } from './print-expression.js';
import { printSelect } from './print-query.js';
import {
  dollarQuote,
  printBlock,
  printBody,
  printColumn,
  printColumns,
  printCreateCompositeType,
  printCreateDomain,
  printCreateIndex,
} from './print-plpgsql.js';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { printPgType } from './pg-type.js';

type Printers = { [K in PgDdlStatement['kind']]: (s: Extract<PgDdlStatement, { kind: K }>) => string };

const list = (names: readonly string[]) => names.map(quoteIdent).join(', ');

function parameter(p: PgParameter): string {
  const mode = p.mode ? `${p.mode} ` : '';
  return `${mode}${quoteIdent(p.name)} ${printPgType(p.type)}${p.default ? ` DEFAULT ${printExpression(p.default)}` : ''}`;
}

function returns(r: PgReturns): string {
  switch (r.kind) {
    case 'Type':
      return ` RETURNS ${printPgType(r.type)}`;
    case 'SetOf':
      return ` RETURNS SETOF ${printPgType(r.type)}`;
    case 'Table':
      return ` RETURNS TABLE (${printColumns(r.columns)})`;
  }
}

function constraint(c: PgConstraint): string {
  switch (c.kind) {
    case 'PrimaryKey':
      return `PRIMARY KEY (${list(c.columns)})`;
    case 'Unique':
      return `UNIQUE (${list(c.columns)})`;
    case 'Check':
      return `CHECK (${printExpression(c.expr)})`;
    case 'ForeignKey': {
      const onDelete = c.onDelete && c.onDelete !== 'NO ACTION' ? ` ON DELETE ${c.onDelete}` : '';
      const onUpdate = c.onUpdate && c.onUpdate !== 'NO ACTION' ? ` ON UPDATE ${c.onUpdate}` : '';
      return `FOREIGN KEY (${list(c.columns)}) REFERENCES ${printName(c.references)} (${list(c.referencedColumns)})${onDelete}${onUpdate}`;
    }
  }
}

function alterAction(a: PgAlterTableAction): string {
  switch (a.kind) {
    case 'AddConstraint':
      return `ADD CONSTRAINT ${quoteIdent(a.name)} ${constraint(a.constraint)}${a.notValid ? ' NOT VALID' : ''}`;
    case 'ValidateConstraint':
      return `VALIDATE CONSTRAINT ${quoteIdent(a.name)}`;
    case 'SetDefault':
      return `ALTER COLUMN ${quoteIdent(a.column)} SET DEFAULT ${printExpression(a.default)}`;
    case 'EnableRowLevelSecurity':
      return 'ENABLE ROW LEVEL SECURITY';
  }
}

const bound = (b: PgPartitionBound) => (typeof b === 'string' ? b : printExpression(b));

const grantee = (g: PgGrantee) => (g.kind === 'Public' ? 'PUBLIC' : quoteIdent(g.name));

function grantTarget(t: PgGrantTarget): string {
  return 'name' in t ? `${t.kind} ${printName(t.name)}` : `${t.kind} ${quoteIdent(t.schema)}`;
}

const grantOption = (withGrantOption: boolean) => (withGrantOption ? ' WITH GRANT OPTION' : '');

/** A `-- remark` line (a line break in the remark would end the comment early). */
const remark = (text: string) => `-- ${text.replace(/[\r\n]+/g, ' ')}\n`;

/** A CREATE TABLE column on its own line, after its remarks. */
const tableColumn = (c: Parameters<typeof printColumn>[0]) =>
  [...(c.remarks ?? []).map((r) => `  ${remark(r)}`), `  ${printColumn(c)}`].join('');

const printers: Printers = {
  CreateView: (s) => {
    const cols = s.columns ? ` (${list(s.columns)})` : '';
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
    if (s.eachRow)
      return `CREATE OR REPLACE TRIGGER ${quoteIdent(s.name)} ${s.eachRow} ${s.event} ON ${printName(s.table)} FOR EACH ROW EXECUTE FUNCTION ${printName(s.function)}()`;
    const referencing = [
      ...(s.newTable ? [`NEW TABLE AS ${quoteIdent(s.newTable)}`] : []),
      ...(s.oldTable ? [`OLD TABLE AS ${quoteIdent(s.oldTable)}`] : []),
    ];
    return `CREATE OR REPLACE TRIGGER ${quoteIdent(s.name)} AFTER ${s.event} ON ${printName(s.table)} REFERENCING ${referencing.join(' ')} FOR EACH STATEMENT EXECUTE FUNCTION ${printName(s.function)}()`;
  },
  CreateDomain: printCreateDomain,
  CreateCompositeType: printCreateCompositeType,
  CreateSchema: (s) => `CREATE SCHEMA ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdent(s.name)}`,
  CreateExtension: (s) => `${remark(s.remark)}CREATE EXTENSION IF NOT EXISTS ${quoteIdent(s.name)}`,
  CreateSequence: (s) => {
    const options = [
      `AS ${s.as}`,
      `START WITH ${s.start}`,
      `INCREMENT BY ${s.increment}`,
      ...(s.min !== undefined ? [`MINVALUE ${s.min}`] : []),
      ...(s.max !== undefined ? [`MAXVALUE ${s.max}`] : []),
      ...(s.cycle ? ['CYCLE'] : []),
      ...(s.cache !== undefined ? [`CACHE ${s.cache}`] : []),
    ];
    return `CREATE SEQUENCE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)} ${options.join(' ')}`;
  },
  DropRelation: (s) =>
    `DROP ${s.relation} ${s.ifExists ? 'IF EXISTS ' : ''}${printName(s.name)}${s.cascade ? ' CASCADE' : ''}`,
  CreateTable: (s) => {
    const partitioning = s.partitionByRange ? ` PARTITION BY RANGE (${quoteIdent(s.partitionByRange)})` : '';
    const key = s.primaryKey ? [`  PRIMARY KEY (${list(s.primaryKey)})`] : [];
    const foreignKeys = (s.foreignKeys ?? []).map((fk) => `  ${constraint(fk)}`);
    const elements = [...s.columns.map(tableColumn), ...key, ...foreignKeys];
    return `CREATE TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)} (\n${elements.join(',\n')}\n)${partitioning}`;
  },
  CreatePartition: (s) => {
    const values = s.range ? `FOR VALUES FROM (${bound(s.range.from)}) TO (${bound(s.range.to)})` : 'DEFAULT';
    return `CREATE TABLE ${printName(s.name)} PARTITION OF ${printName(s.parent)} ${values}`;
  },
  TruncateTables: (s) => `TRUNCATE ${s.tables.map(printName).join(', ')}`,
  AlterTable: (s) => `ALTER TABLE ${printName(s.table)} ${alterAction(s.action)}`,
  CreateIndex: printCreateIndex,
  CommentOn: (s) => `COMMENT ON ${s.target} ${printName(s.name)} IS ${quoteLiteral(s.text)}`,
  CreatePolicy: (s) => {
    const using = s.using ? ` USING (${printExpression(s.using)})` : '';
    const check = s.withCheck ? ` WITH CHECK (${printExpression(s.withCheck)})` : '';
    return `CREATE POLICY ${quoteIdent(s.name)} ON ${printName(s.table)} AS ${s.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${s.command}${using}${check}`;
  },
  CreateRowTrigger: (s) =>
    `CREATE TRIGGER ${quoteIdent(s.name)} BEFORE ${s.events.join(' OR ')} ON ${printName(s.table)} FOR EACH ROW EXECUTE FUNCTION ${printName(s.function)}()`,
  DropTrigger: (s) => `DROP TRIGGER IF EXISTS ${quoteIdent(s.name)} ON ${printName(s.table)}`,
  Grant: (s) => {
    const privileges = s.privileges
      .map((p) => `${p.privilege}${p.columns ? ` (${list(p.columns)})` : ''}`)
      .join(', ');
    return `GRANT ${privileges} ON ${grantTarget(s.on)} TO ${grantee(s.to)}${grantOption(s.withGrantOption)}`;
  },
  AlterDefaultPrivileges: (s) =>
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${quoteIdent(s.schema)} GRANT ${s.privileges.join(', ')} ON ${s.on} TO ${grantee(s.to)}${grantOption(s.withGrantOption)}`,
  GrantRole: (s) => `GRANT ${quoteIdent(s.role)} TO ${quoteIdent(s.to)}`,
  Do: (s) => `DO ${dollarQuote(`\n${printBlock(s, s.declarations).join('\n')} `)}`,
  Select: printSelect,
};

/** The SQL text of a DDL statement. */
export function printDdl(s: PgDdlStatement): string {
  return (printers[s.kind] as (node: PgDdlStatement) => string)(s);
}
