// The printer of PL/pgSQL: statements as lines (a nested block indented by two spaces), declarations
// and the `$body$ ... $body$` of a routine. Expressions and queries print through print-expression.ts
// and print-query.ts.

import type { PgBody, PgColumnDefinition, PgDeclaration, PgStatement, PgStatementKind } from './ast.js';
import { printExpression, printName } from './print-expression.js';
import { notes, printCore, printDml, printSelect } from './print-query.js';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';

type Printers = {
  [K in PgStatementKind]: (s: Extract<PgStatement, { kind: K }>) => string[];
};

const nested = (body: readonly PgStatement[]) => printStatements(body).map((l) => `  ${l}`);

const printers: Printers = {
  Assign: (s) => [`${quoteIdent(s.target)} := ${printExpression(s.value)};`],
  Dml: (s) => [`${printDml(s.dml)};`],
  SelectInto: (s) => [`${printSelect(s.query)};`],
  Perform: (s) => [`${printCore(s.query, 'PERFORM')};`],
  OpenCursor: (s) => [`OPEN ${quoteIdent(s.cursor)}${s.query ? ` FOR ${printSelect(s.query)}` : ''};`],
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
  Exit: () => ['EXIT;'],
  Continue: () => ['CONTINUE;'],
  Block: (s) => [
    'BEGIN',
    ...nested(s.body),
    ...(s.onError ? ['EXCEPTION WHEN OTHERS THEN', ...nested(s.onError)] : []),
    'END;',
  ],
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
  Execute: (s) => [`EXECUTE ${printExpression(s.command)};`],
  Commit: () => ['COMMIT;'],
  Rollback: () => ['ROLLBACK;'],
  CreateTable: (s) => [
    `CREATE ${s.temporary ? 'TEMP ' : ''}TABLE ${printName(s.name)} ${
      s.as ? `AS ${printSelect(s.as)}` : `(${printColumns(s.columns)})`
    };`,
  ],
  DropTable: (s) => [`DROP TABLE ${s.ifExists ? 'IF EXISTS ' : ''}${printName(s.name)};`],
  Truncate: (s) => [`TRUNCATE ${printName(s.name)};`],
  Null: () => ['NULL;'],
  Comment: (s) => [`-- ${s.text}`],
};

/** `name type [NOT NULL], ...`: the columns of a table (or of RETURNS TABLE). */
export function printColumns(cols: readonly PgColumnDefinition[]): string {
  return cols.map((c) => `${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}`).join(', ');
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
    ? `${quoteIdent(d.name)} ${d.type};`
    : `${quoteIdent(d.name)} CURSOR FOR ${printSelect(d.query)};`;
}

/** A routine body, dollar-quoted. */
export function printBody(b: PgBody): string {
  const declare = b.declarations.length
    ? `DECLARE\n${b.declarations.map((d) => `  ${printDeclaration(d)}`).join('\n')}\n`
    : '';
  const lines = printStatements(b.statements).map((l) => `  ${l}`);
  return `$body$\n${b.columnsWin ? '#variable_conflict use_column\n' : ''}${declare}BEGIN\n${lines.join('\n')}\nEND\n$body$`;
}
