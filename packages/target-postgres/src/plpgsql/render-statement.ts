// Procedural statements -> PL/pgSQL: the table from statement kind to its rendering. Result sets of
// procedures are returned as refcursors; declarations are hoisted to the DECLARE section.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { variableIdent, variableName } from './generator.js';
import { lowerSelect } from './lower-query.js';
import { lowerDml, targetName } from './lower-dml.js';
import { pg, type PgExpression } from '../pg/ast.js';
import { printExpression, printName } from '../pg/print-expression.js';
import { printDml, printSelect } from '../pg/print-query.js';

/** The table a statement names (or `@t`, `#temp`), quoted. */
function target(t: S.ObjectName | string, g: Generator): string {
  return printName(targetName(t, g));
}

const dml = (s: S.Insert | S.Update | S.Delete | S.Merge, g: Generator) => `${printDml(lowerDml(s, g))};`;

function raiseMessage(msg: S.Expression, args: readonly S.Expression[], g: Generator): string {
  if (msg.kind === 'StringLiteral') {
    const format = msg.value.replace(/%%|%[-+ 0#]*(\d+|\*)?(\.(\d+|\*))?(h|l)?[dislouxX]|%/g, (m) =>
      m === '%%' ? '%%' : m === '%' ? '%%' : '%',
    );
    return [quoteLiteral(format), ...args.map((a) => g.expr(a))].join(', ');
  }
  return `'%', ${g.expr(msg)}`;
}

type Renders = {
  [K in S.Statement['kind']]?: (
    s: Extract<S.Statement, { kind: K }>,
    g: Generator,
    indent: string,
  ) => string[];
};

const statementTransforms: Renders = {
  Declare: (s: S.Declare, g) =>
    s.variables.flatMap((v) => {
      const state = g.body();
      const name = variableName(v.name);
      if (v.table) {
        g.ctx.variables.set(v.name.toLowerCase(), { name: variableIdent(v.name), type: 'table' });
        const cols = v.table.columns.map(
          (c) =>
            `${quoteIdent(g.ctx.names.name(c.name.name))} ${c.dataType ? g.type(c.dataType, 'declare') : 'text'}`,
        );
        return [`DROP TABLE IF EXISTS ${name};`, `CREATE TEMP TABLE ${name} (${cols.join(', ')});`];
      }
      const type = g.type(v.dataType!, 'declare');
      g.ctx.variables.set(v.name.toLowerCase(), { name: variableIdent(v.name), type });
      state.declarations.push(`${name} ${type};`);
      return v.init ? [`${name} := ${g.expr(v.init)};`] : [];
    }),
  SetVariable: (s: S.SetVariable, g) => {
    const v = g.variable(s.variable);
    const value =
      s.op === '='
        ? g.expr(s.expr)
        : `${v} ${s.op === '+=' && /text|char/.test(g.ctx.variables.get(s.variable.toLowerCase())?.type ?? '') ? '||' : s.op[0]} ${g.expr(s.expr)}`;
    return [`${v} := ${value};`];
  },
  Select: (s: S.Select, g) => {
    const spec = s.query.kind === 'QuerySpec' ? s.query : undefined;
    if (spec && spec.columns.every((c) => c.kind === 'SelectAssign')) {
      const assigns = spec.columns as readonly S.SelectAssign[];
      const plain: S.Select = {
        ...s,
        query: { ...spec, columns: assigns.map((a) => ({ kind: 'SelectColumn', pos: a.pos, expr: a.expr })) },
      };
      const into = assigns.map((a) => pg.name(g.variableIdent(a.variable)));
      const sql = printSelect(lowerSelect(plain, g, into));
      const note = spec.from.length
        ? g.ctx.flag(
            'TSQL_SELECT_ASSIGN_NO_ROWS',
            'low',
            s.pos,
            'SELECT @v = ... assigns NULL in PostgreSQL when no row matches (SQL Server keeps the old value) and takes the first of several rows (SQL Server the last)',
          )
        : '';
      return [`${note}${sql};`, ...rowcount(g)];
    }
    const state = g.body();
    if (state.resultSets === 'refcursor') {
      const cursor = `result_${++state.cursors}`;
      state.declarations.push(`${cursor} refcursor;`);
      return [`OPEN ${cursor} FOR ${g.query(s)};`, `RETURN NEXT ${cursor};`];
    }
    if (state.resultSets === 'return-query') return [`RETURN QUERY ${g.query(s)};`];
    return [
      `${g.ctx.flag('TSQL_RESULT_SET', 'high', s.pos, 'a result set returned from a trigger or function is not supported in PostgreSQL')}PERFORM * FROM (${g.query(s)}) AS result_set;`,
    ];
  },
  Insert: (s: S.Insert, g) => [dml(s, g), ...rowcount(g)],
  Update: (s: S.Update, g) => [dml(s, g), ...rowcount(g)],
  Delete: (s: S.Delete, g) => [dml(s, g), ...rowcount(g)],
  Merge: (s: S.Merge, g) => [dml(s, g)],
  Block: (s: S.Block, g, indent) => g.statements(s.statements, indent),
  If: (s: S.If, g, indent) => {
    const inner = indent + '  ';
    const lines = [`IF ${g.expr(s.condition)} THEN`, ...g.statements([s.then], inner).map((l) => '  ' + l)];
    let rest = s.else;
    while (rest?.kind === 'If') {
      lines.push(
        `ELSIF ${g.expr(rest.condition)} THEN`,
        ...g.statements([rest.then], inner).map((l) => '  ' + l),
      );
      rest = rest.else;
    }
    if (rest) lines.push('ELSE', ...g.statements([rest], inner).map((l) => '  ' + l));
    lines.push('END IF;');
    return lines;
  },
  While: (s: S.While, g, indent) => [
    `WHILE ${g.expr(s.condition)} LOOP`,
    ...g.statements([s.body], indent + '  ').map((l) => '  ' + l),
    'END LOOP;',
  ],
  Break: () => ['EXIT;'],
  Continue: () => ['CONTINUE;'],
  TryCatch: (s: S.TryCatch, g, indent) => [
    'BEGIN',
    ...insideTry(g, () => g.statements(s.try, indent + '  ')).map((l) => '  ' + l),
    'EXCEPTION WHEN OTHERS THEN',
    ...g.statements(s.catch, indent + '  ').map((l) => '  ' + l),
    'END;',
  ],
  Return: (s: S.Return, g) => {
    const state = g.body();
    if (!s.expr) return [state.returnStatement];
    if (state.routine === 'function' && state.resultSets === 'none')
      return [
        state.returnType
          ? `RETURN CAST(${g.expr(s.expr)} AS ${state.returnType});`
          : `RETURN ${g.expr(s.expr)};`,
      ];
    if (s.expr.kind === 'NumberLiteral' && Number(s.expr.text) === 0) return [state.returnStatement];
    return [
      `${g.ctx.flag('TSQL_RETURN_CODE', 'medium', s.pos, `return code ${g.expr(s.expr)} dropped: the converted routine has no return code`, 'return it as an OUT parameter')}${state.returnStatement}`,
    ];
  },
  Raiserror: (s: S.Raiserror, g) => {
    const severity = s.severity.kind === 'NumberLiteral' ? Number(s.severity.text) : 16;
    const level = severity <= 10 ? 'NOTICE' : 'EXCEPTION';
    return [`RAISE ${level} ${raiseMessage(s.message, s.args, g)};`];
  },
  Throw: (s: S.Throw, g) => {
    if (!s.message) return ['RAISE;'];
    return [
      `RAISE EXCEPTION USING MESSAGE = ${g.expr(s.message)}, ERRCODE = 'P0001', HINT = 'SQL Server error ' || ${g.expr(s.number!)};`,
    ];
  },
  Print: (s: S.Print, g) => [`RAISE NOTICE '%', ${g.expr(s.expr)};`],
  SetOption: (s: S.SetOption, g) => {
    const name = s.options.join(', ');
    if (s.options.length === 1 && s.options[0] === 'NOCOUNT')
      return [
        `-- SET NOCOUNT ${typeof s.value === 'string' ? s.value : ''} dropped: PostgreSQL sends no row-count messages from routines`,
      ];
    if (s.options[0] === 'ROWCOUNT') {
      const n: PgExpression = typeof s.value === 'string' ? pg.number(s.value) : g.lower(s.value);
      g.ctx.rowcount = n.kind === 'Number' && n.text === '0' ? undefined : n;
      return [`-- SET ROWCOUNT ${printExpression(n)}: applied as LIMIT to the queries that follow`];
    }
    if (
      ['ANSI_NULLS', 'QUOTED_IDENTIFIER', 'XACT_ABORT', 'ANSI_WARNINGS', 'ARITHABORT'].includes(s.options[0]!)
    )
      return [`-- SET ${name} dropped`];
    return [`${g.ctx.flag('TSQL_SET_OPTION', 'medium', s.pos, `SET ${name} is not converted`)}NULL;`];
  },
  Execute: (s: S.Execute, g) => {
    const name = typeof s.procedure === 'string' ? g.variable(s.procedure) : g.objectName(s.procedure);
    const args = s.args.map((a) =>
      a.name ? `${variableName(a.name)} => ${g.expr(a.value)}` : g.expr(a.value),
    );
    return [
      `${g.ctx.flag('TSQL_EXEC_PROCEDURE', 'medium', s.pos, 'EXEC of a procedure: check whether the callee became a function (PERFORM/SELECT) or a procedure (CALL)')}CALL ${name}(${args.join(', ')});`,
    ];
  },
  ExecuteString: (s: S.ExecuteString, g) => [
    `${g.ctx.flag('TSQL_DYNAMIC_SQL', 'high', s.pos, 'dynamic SQL: the string holds T-SQL, which is not converted', 'rewrite the generated SQL for PostgreSQL (EXECUTE format(...))')}EXECUTE ${s.parts.map((p) => g.expr(p)).join(' || ')};`,
  ],
  BeginTransaction: (s: S.BeginTransaction, g) => [
    `${g.ctx.flag('TSQL_TRANSACTION', 'medium', s.pos, 'BEGIN TRANSACTION: a PostgreSQL procedure runs in the caller transaction; COMMIT/ROLLBACK end it', 'review the transaction boundaries')}NULL;`,
  ],
  CommitTransaction: (s: S.CommitTransaction, g) =>
    g.body().routine === 'procedure' && g.body().tryDepth
      ? [
          `${g.ctx.flag('TSQL_COMMIT_IN_TRY', 'low', s.pos, "COMMIT inside TRY dropped: PostgreSQL cannot end a transaction inside a block with an EXCEPTION handler; the TRY block's work is committed with the procedure's transaction", 'COMMIT after the block if the work must be committed earlier')}NULL;`,
        ]
      : g.body().routine === 'procedure'
        ? ['COMMIT;']
        : [
            `${g.ctx.flag('TSQL_TRANSACTION', 'medium', s.pos, 'COMMIT inside a function or trigger is not allowed in PostgreSQL')}NULL;`,
          ],
  RollbackTransaction: (s: S.RollbackTransaction, g) =>
    g.body().routine === 'trigger'
      ? [
          `${g.ctx.flag('TSQL_TRIGGER_ROLLBACK', 'low', s.pos, 'ROLLBACK in a trigger becomes an exception that aborts the statement')}RAISE EXCEPTION 'transaction rolled back by trigger';`,
        ]
      : g.body().routine === 'procedure'
        ? ['ROLLBACK;']
        : [
            `${g.ctx.flag('TSQL_TRANSACTION', 'high', s.pos, 'ROLLBACK inside a function is not allowed in PostgreSQL')}RAISE EXCEPTION 'rollback';`,
          ],
  DeclareCursor: (s: S.DeclareCursor, g) => {
    g.body().declarations.push(`${quoteIdent(g.ctx.names.name(s.name))} CURSOR FOR ${g.query(s.query)};`);
    return [];
  },
  OpenCursor: (s: S.OpenCursor, g) => [`OPEN ${quoteIdent(g.ctx.names.name(s.cursor))};`],
  FetchCursor: (s: S.FetchCursor, g) => [
    `FETCH ${s.direction}${s.offset ? ` ${g.expr(s.offset)}` : ''} FROM ${quoteIdent(g.ctx.names.name(s.cursor))}${s.into.length ? ` INTO ${s.into.map((v) => g.variable(v)).join(', ')}` : ''};`,
  ],
  CloseCursor: (s: S.CloseCursor, g) => [`CLOSE ${quoteIdent(g.ctx.names.name(s.cursor))};`],
  DeallocateCursor: () => ['-- DEALLOCATE: PostgreSQL frees the cursor at CLOSE'],
  CreateTable: (s: S.CreateTable, g) => {
    const temp = s.name.name.name.startsWith('#');
    const name = target(s.name, g);
    const cols = s.columns.map(
      (c) =>
        `${quoteIdent(g.ctx.names.name(c.name.name))} ${c.dataType ? g.type(c.dataType, 'declare') : 'text'}${c.nullable === false ? ' NOT NULL' : ''}`,
    );
    return temp
      ? [`DROP TABLE IF EXISTS ${name};`, `CREATE TEMP TABLE ${name} (${cols.join(', ')});`]
      : [`CREATE TABLE ${name} (${cols.join(', ')});`];
  },
  Drop: (s: S.Drop, g) =>
    s.objectType === 'TABLE'
      ? s.names.map((n) => `DROP TABLE ${s.ifExists ? 'IF EXISTS ' : ''}${target(n, g)};`)
      : [
          `${g.ctx.flag('TSQL_DROP', 'medium', s.pos, `DROP ${s.objectType} inside a routine is not converted`)}NULL;`,
        ],
  Truncate: (s: S.Truncate, g) => [`TRUNCATE ${target(s.table, g)};`],
};

/** Renders the statements of a TRY part (one more enclosing TRY block). */
function insideTry(g: Generator, render: () => string[]): string[] {
  const state = g.body();
  state.tryDepth = (state.tryDepth ?? 0) + 1;
  try {
    return render();
  } finally {
    state.tryDepth--;
  }
}

function rowcount(g: Generator): string[] {
  const v = g.ctx.variables.get('@@rowcount');
  return v ? [`GET DIAGNOSTICS ${quoteIdent(v.name)} = ROW_COUNT;`] : [];
}

export function renderStatements(list: readonly S.Statement[], g: Generator, indent: string): string[] {
  return list.flatMap((s) => {
    const render = statementTransforms[s.kind] as
      ((s: S.Statement, g: Generator, indent: string) => string[]) | undefined;
    if (render) return render(s, g, indent);
    return [`${g.ctx.flag('TSQL_STATEMENT', 'high', s.pos, `${s.kind} statement is not converted`)}NULL;`];
  });
}
