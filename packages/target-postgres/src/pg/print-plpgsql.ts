// The printer of PL/pgSQL: statements as lines (a nested block indented by two spaces), declarations
// and the `$body$ ... $body$` of a routine. Expressions and queries print through print-expression.ts
// and print-query.ts.

import type {
  PgBlock,
  PgBody,
  PgColumnDefinition,
  PgDeclaration,
  PgErrorCondition,
  PgExpression,
  PgStatement,
  PgStatementKind,
} from './ast.js';
import { printExpression, printName } from './print-expression.js';
import { notes, printCore, printDml, printSelect } from './print-query.js';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { printPgType } from './pg-type.js';

type Printers = {
  [K in PgStatementKind]: (s: Extract<PgStatement, { kind: K }>) => string[];
};

const nested = (body: readonly PgStatement[]) => printStatements(body).map((l) => `  ${l}`);

/** ` USING a, b` of EXECUTE (nothing without values). */
const usingList = (values: readonly PgExpression[] | undefined) =>
  values?.length ? ` USING ${values.map(printExpression).join(', ')}` : '';

function condition(c: PgErrorCondition | undefined): string {
  if (!c) return 'OTHERS';
  return 'sqlstate' in c ? `SQLSTATE ${quoteLiteral(c.sqlstate)}` : c.conditions.join(' OR ');
}

/**
 * The lines of `[DECLARE ...] BEGIN ... [EXCEPTION WHEN ... THEN ...] END` (without the semicolon a
 * nested block ends with).
 */
export function printBlock(b: PgBlock, declarations: readonly PgDeclaration[] = []): string[] {
  return [
    ...(declarations.length ? ['DECLARE', ...declarations.map((d) => `  ${printDeclaration(d)}`)] : []),
    'BEGIN',
    ...nested(b.body),
    ...(b.onError ? [`EXCEPTION WHEN ${condition(b.catches)} THEN`, ...nested(b.onError)] : []),
    'END',
  ];
}

/**
 * `$tag$text$tag$`: the first of `$$` (or `$preferred$`), `$preferred1$`, ... that the text does not
 * contain, so that a name or literal inside it cannot end the quoting early.
 */
export function dollarQuote(text: string, preferred = ''): string {
  let tag = preferred;
  for (let n = 1; text.includes(`$${tag}$`); n++) tag = `${preferred || 'do'}${n}`;
  return `$${tag}$${text}$${tag}$`;
}

const printers: Printers = {
  Assign: (s) => [`${quoteIdent(s.target)} := ${printExpression(s.value)};`],
  Dml: (s) => [`${printDml(s.dml)};`],
  SelectInto: (s) => [`${printSelect(s.query)};`],
  Perform: (s) => [`${printCore(s.query, 'PERFORM')};`],
  OpenCursor: (s) => {
    const source = s.query
      ? ` FOR ${printSelect(s.query)}`
      : s.execute
        ? ` FOR EXECUTE ${printExpression(s.execute)}${usingList(s.using)}`
        : '';
    return [`OPEN ${quoteIdent(s.cursor)}${source};`];
  },
  Fetch: (s) => {
    const offset = s.offset ? ` ${printExpression(s.offset)}` : '';
    const into = s.into.length ? ` INTO ${s.into.map(quoteIdent).join(', ')}` : '';
    return [`FETCH ${s.direction}${offset} FROM ${quoteIdent(s.cursor)}${into};`];
  },
  CloseCursor: (s) => [`CLOSE ${quoteIdent(s.cursor)};`],
  Return: (s) => [s.value ? `RETURN ${printExpression(s.value)};` : 'RETURN;'],
  ReturnNext: (s) => [`RETURN NEXT ${printExpression(s.value)};`],
  ReturnQuery: (s) => [`RETURN QUERY ${printSelect(s.query)};`],
  If: (s) => [
    ...s.branches.flatMap((b, i) => [
      `${i ? 'ELSIF' : 'IF'} ${printExpression(b.condition)} THEN`,
      ...nested(b.body),
    ]),
    ...(s.else ? ['ELSE', ...nested(s.else)] : []),
    'END IF;',
  ],
  While: (s) => [`WHILE ${printExpression(s.condition)} LOOP`, ...nested(s.body), 'END LOOP;'],
  ForEach: (s) => [
    `FOREACH ${quoteIdent(s.target)} IN ARRAY ${printExpression(s.array)} LOOP`,
    ...nested(s.body),
    'END LOOP;',
  ],
  ForQuery: (s) => [
    `FOR ${quoteIdent(s.target)} IN ${printSelect(s.query)} LOOP`,
    ...nested(s.body),
    'END LOOP;',
  ],
  Exit: () => ['EXIT;'],
  Continue: () => ['CONTINUE;'],
  Block: (s) => [...printBlock(s).slice(0, -1), 'END;'],
  Raise: (s) => {
    if (!s.level) return ['RAISE;'];
    const message = s.format === undefined ? [] : [quoteLiteral(s.format), ...s.args.map(printExpression)];
    const using = s.using.map((o) => `${o.option} = ${printExpression(o.value)}`);
    return [
      `RAISE ${s.level}${message.length ? ` ${message.join(', ')}` : ''}${using.length ? ` USING ${using.join(', ')}` : ''};`,
    ];
  },
  GetDiagnostics: (s) => [
    `GET ${s.stacked ? 'STACKED ' : ''}DIAGNOSTICS ${s.items.map((i) => `${quoteIdent(i.target)} = ${i.item}`).join(', ')};`,
  ],
  Call: (s) => {
    const args = s.args.map((a) => `${a.name ? `${quoteIdent(a.name)} => ` : ''}${printExpression(a.value)}`);
    return [`CALL ${printName(s.procedure)}(${args.join(', ')});`];
  },
  Execute: (s) => [`EXECUTE ${printExpression(s.command)}${usingList(s.using)};`],
  Commit: () => ['COMMIT;'],
  Rollback: () => ['ROLLBACK;'],
  CreateTable: (s) => [
    `CREATE ${s.temporary ? 'TEMP ' : ''}TABLE ${printName(s.name)} ${
      s.as ? `AS ${printSelect(s.as)}` : `(${printColumns(s.columns)})`
    };`,
  ],
  DropTable: (s) => [`DROP TABLE ${s.ifExists ? 'IF EXISTS ' : ''}${printName(s.name)};`],
  Truncate: (s) => [`TRUNCATE ${printName(s.name)};`],
  RestartSequence: (s) => [
    `ALTER SEQUENCE ${printName(s.name)} RESTART${s.restart ? ` WITH ${s.restart}` : ''};`,
  ],
  CreateRole: (s) => [`CREATE ROLE ${quoteIdent(s.name)} NOLOGIN;`],
  CreateDomain: (s) => [`${printCreateDomain(s)};`],
  CreateCompositeType: (s) => [`${printCreateCompositeType(s)};`],
  CreateIndex: (s) => [`${printCreateIndex(s)};`],
  Null: () => ['NULL;'],
  Comment: (s) => [`-- ${s.text}`],
};

/** `name type [GENERATED ... | DEFAULT ...] [NOT NULL]`: a column of a table, of RETURNS TABLE or of a type. */
export function printColumn(c: PgColumnDefinition): string {
  const identity = c.identity
    ? ` GENERATED BY DEFAULT AS IDENTITY (START WITH ${c.identity.seed} INCREMENT BY ${c.identity.increment})`
    : '';
  const generated = c.generated ? ` GENERATED ALWAYS AS (${printExpression(c.generated)}) STORED` : '';
  const value = c.default ? ` DEFAULT ${printExpression(c.default)}` : '';
  return `${quoteIdent(c.name)} ${printPgType(c.type)}${identity}${generated}${value}${c.notNull ? ' NOT NULL' : ''}`;
}

/** `CREATE [UNIQUE] INDEX name ON table (columns) [INCLUDE (...)] [WHERE ...]`. */
export function printCreateIndex(s: Extract<PgStatement, { kind: 'CreateIndex' }>): string {
  const columns = s.columns.map((c) => `${quoteIdent(c.name)}${c.descending ? ' DESC' : ''}`).join(', ');
  const include = s.include.length ? ` INCLUDE (${s.include.map(quoteIdent).join(', ')})` : '';
  const where = s.where ? ` WHERE ${printExpression(s.where)}` : '';
  const using = s.using ? ` USING ${s.using}` : '';
  return `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(s.name)} ON ${printName(s.table)}${using} (${columns})${include}${where}`;
}

/** `CREATE DOMAIN name AS type [/* remark *\/]`: an alias type. */
export function printCreateDomain(s: Extract<PgStatement, { kind: 'CreateDomain' }>): string {
  return `CREATE DOMAIN ${printName(s.name)} AS ${printPgType(s.type)}${s.remark ? ` /* ${s.remark} */` : ''}`;
}

/** `CREATE TYPE name AS (columns)`: a table type's composite. */
export function printCreateCompositeType(s: Extract<PgStatement, { kind: 'CreateCompositeType' }>): string {
  return `CREATE TYPE ${printName(s.name)} AS (${printColumns(s.columns)})`;
}

/** The columns of a table (or of RETURNS TABLE) on one line. */
export function printColumns(cols: readonly PgColumnDefinition[]): string {
  return cols.map(printColumn).join(', ');
}

/** The lines of a list of statements; a statement's marks are printed before its first line. */
export function printStatements(list: readonly PgStatement[]): string[] {
  return list.flatMap((s) => {
    const [first = '', ...rest] = (printers[s.kind] as (node: PgStatement) => string[])(s);
    return [`${notes(s.notes ?? [])}${first}`, ...rest];
  });
}

function printDeclaration(d: PgDeclaration): string {
  return d.kind === 'Variable'
    ? `${quoteIdent(d.name)} ${printPgType(d.type)};`
    : `${quoteIdent(d.name)} CURSOR FOR ${printSelect(d.query)};`;
}

/** A routine body, dollar-quoted. */
export function printBody(b: PgBody): string {
  const conflict = b.columnsWin ? ['#variable_conflict use_column'] : [];
  const lines = [...conflict, ...printBlock({ body: b.statements }, b.declarations)];
  return dollarQuote(`\n${lines.join('\n')}\n`, 'body');
}
