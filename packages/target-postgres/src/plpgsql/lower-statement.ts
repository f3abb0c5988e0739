// Procedural statements -> the PL/pgSQL tree (pg/ast.ts PgStatement): a table from T-SQL statement
// kind to the statements it becomes. Result sets of procedures are returned as refcursors;
// declarations are hoisted to the DECLARE section. Printed by pg/print-plpgsql.ts.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import { tableVariableIdent, variableIdent } from './generator.js';
import { lowerSelect } from './lower-query.js';
import { columnName, compoundOperators, lowerDml, targetName } from './lower-dml.js';
import { lowerMerge } from './lower-merge.js';
import { aroundSelfCall } from './passes/self-calls.js';
import { xmlModifyMark } from './passes/xml-methods.js';
import { Diagnostics } from './lowered.js';
import { mergeStatements } from './passes/merge-statements.js';
import { binaryOperators } from './lower-expression.js';
import {
  pg,
  type PgColumnDefinition,
  type PgDml,
  type PgExpression,
  type PgNoteMark,
  type PgRaise,
  type PgReturning,
  type PgSelect,
  type PgStatement,
  type PgWith,
} from '../pg/ast.js';
import { printExpression } from '../pg/print-expression.js';
import { errorHint, lowerCatch, tryUndoesCompletedWork } from './passes/error-handling.js';
import { lowerSavepoint, rollbackToSavepoint } from './passes/savepoints.js';
import { FOLD_ROW, foldAssignments, foldsOverRows } from './passes/assignment-fold.js';
import { formatString, runtimeName, runtimeSkeleton, staticBatch } from './passes/dynamic-sql.js';
import { printStatements } from '../pg/print-plpgsql.js';
import { returnsRows } from './returns-rows.js';
import { returnInserted } from './passes/result-rows.js';
import { insideTry } from './body-state.js';
import { assignedValue } from './passes/bit-literals.js';
import { arrayOf, isInteger, isNamed, isText, pgTypeNamed } from '../pg/pg-type.js';

/** RAISERROR's printf-style format -> RAISE's: each `%d`, `%s`, ... is `%`; a lone `%` is `%%`. */
export function raiseFormat(format: string): string {
  return format.replace(/%%|%[-+ 0#]*(\d+|\*)?(\.(\d+|\*))?(h|l)?[dislouxX]|%/g, (m) =>
    m === '%%' || m === '%' ? '%%' : '%',
  );
}

function raise(
  level: 'NOTICE' | 'EXCEPTION',
  msg: S.Expression,
  args: readonly S.Expression[],
  g: Generator,
): PgRaise {
  if (msg.kind === 'StringLiteral')
    return {
      kind: 'Raise',
      level,
      format: raiseFormat(msg.value),
      args: args.map((a) => g.lower(a)),
      using: [],
    };
  return { kind: 'Raise', level, format: '%', args: [g.lower(msg)], using: [] };
}

/** A statement that does nothing, marked with the action item of what it replaces. */
const noOp = (notes: PgNoteMark): PgStatement => ({ kind: 'Null', notes: [notes] });

/** `stmt` with a mark printed before it. */
const marked = (mark: PgNoteMark, s: PgStatement): PgStatement => ({
  ...s,
  notes: [mark, ...(s.notes ?? [])],
});

const cursorName = (name: string, g: Generator) => g.ctx.names.name(name);

/** A temp table's or table variable's columns, with their identity and defaults (fitted to the column type). */
export function tableColumns(
  cols: readonly S.ColumnDef[],
  g: Generator,
  nullability: boolean,
): PgColumnDefinition[] {
  return cols.map((c) => {
    const type = c.dataType ? g.type(c.dataType, 'declare') : pgTypeNamed('text');
    return {
      name: g.ctx.names.name(c.name.name),
      type,
      notNull: nullability && c.nullable === false,
      ...(c.default && { default: assignedValue(g.lower(c.default.expr), type) }),
      ...(c.identity &&
        isInteger(type) && { identity: { seed: c.identity.seed, increment: c.identity.increment } }),
    };
  });
}

/**
 * DROP TABLE; of a #temp table after a result set was opened, nothing: the caller still reads the
 * result's refcursor, which PostgreSQL's DROP refuses (55006). The next call drops it before creating it.
 */
function dropTable(n: S.ObjectName, ifExists: boolean, g: Generator): PgStatement {
  const state = g.body();
  const opened =
    state.cursors > 0 ||
    state.declarations.some((d) => d.kind === 'Variable' && isNamed(d.type, 'refcursor'));
  if (opened && n.name.name.startsWith('#'))
    return {
      kind: 'Comment',
      text: `DROP TABLE ${n.name.name} left to the next call: a result set may still read it`,
    };
  return { kind: 'DropTable', name: targetName(n, g), ifExists };
}

/**
 * EXEC sp_executesql @sql [, N'@p type, ...', @p = v, ...]: the statement is T-SQL text, run as is by
 * EXECUTE (the parameters are not passed: PostgreSQL's are $1, $2 with USING), with a high item.
 */
function executeSql(s: S.Execute, g: Generator): PgStatement[] {
  const withParameters = s.args.length > 1;
  const mark = g.ctx.mark(
    'TSQL_DYNAMIC_SQL',
    'high',
    s.pos,
    `sp_executesql: the string holds T-SQL, which is not converted${
      withParameters ? '; its parameters are not passed' : ''
    }`,
    withParameters
      ? 'rewrite the SQL for PostgreSQL with $1, $2 ... and run it with EXECUTE sql INTO ... USING ...'
      : 'rewrite the generated SQL for PostgreSQL (EXECUTE format(...))',
  );
  const first = s.args[0];
  if (!first) return [noOp(mark)];
  return [{ kind: 'Execute', command: g.lower(first.value), notes: [mark] }];
}

/** Dynamic SQL whose text is known at conversion time, converted and run in place (passes/dynamic-sql.ts). */
function inPlace(s: S.Execute | S.ExecuteString, g: Generator): PgStatement[] | undefined {
  const batch = staticBatch(s, g.body().constants ?? new Map());
  // (its result sets would be the caller's: the routine was not made to return them)
  if (!batch || batch.some(returnsRows)) return undefined;
  return [
    { kind: 'Comment', text: 'dynamic SQL known at conversion time, converted and run in place' },
    ...g.statements(batch),
  ];
}

/**
 * EXEC (@v) of a text built at run time (SET @v = ... just before): its skeleton converted like the
 * routine's statements, run as EXECUTE format(...) of the run-time pieces (passes/dynamic-sql.ts).
 */
function rebuiltAtRunTime(s: S.ExecuteString, g: Generator): PgStatement[] | undefined {
  const text = g.body().runtimeTexts?.get(s);
  const skeleton = text && runtimeSkeleton(text);
  if (!skeleton || skeleton.statements.some(returnsRows)) return undefined;
  // (an action item about the skeleton keeps today's item instead: the text is not known to convert)
  const converted = g.ctx.capture(() => ({
    statements: g.statements(skeleton.statements),
    args: skeleton.pieces.map((p) =>
      p.kind === 'name' ? runtimeName(g.ctx.names.naming, g.lower(p.value)) : g.lower(p.value),
    ),
  }));
  const { statements, args } = converted.node;
  if (converted.diagnostics.some((d) => d.severity === 'high') || !args.every((a) => a !== undefined))
    return undefined;
  const format = formatString(printStatements(statements).join('\n'), skeleton.pieces);
  if (!format) return undefined;
  g.ctx.emit(converted);
  return [
    {
      kind: 'Comment',
      text: 'dynamic SQL built at run time: converted, its names and values put in when it runs',
    },
    { kind: 'Execute', command: pg.call('format', pg.string(format), ...args) },
  ];
}

/** SELECT ... INTO t -> CREATE TABLE t AS SELECT ... (a #temp table: dropped first, created TEMP). */
function selectIntoTable(s: S.Select, spec: S.QuerySpec, into: S.ObjectName, g: Generator): PgStatement[] {
  const name = targetName(into, g);
  const as = g.select({ ...s, query: { ...spec, into: undefined } });
  const create: PgStatement = { kind: 'CreateTable', name, temporary: false, columns: [], as };
  if (!into.name.name.startsWith('#')) return [create, ...rowcount(g)];
  return [{ kind: 'DropTable', name, ifExists: true }, { ...create, temporary: true }, ...rowcount(g)];
}

/** A routine's temporary table: dropped first, so a second call in the session starts empty. */
export function tempTable(name: string[], cols: PgColumnDefinition[]): PgStatement[] {
  return [
    { kind: 'DropTable', name, ifExists: true },
    { kind: 'CreateTable', name, temporary: true, columns: cols },
  ];
}

function rowcount(g: Generator): PgStatement[] {
  const v = g.ctx.variables.get('@@rowcount');
  return v
    ? [{ kind: 'GetDiagnostics', stacked: false, items: [{ target: v.name, item: 'ROW_COUNT' }] }]
    : [];
}

/** SELECT @a = x, @b = y FROM ... -> SELECT x, y INTO a, b FROM ... */
function selectAssign(
  s: S.Select,
  spec: S.QuerySpec,
  assigns: readonly S.SelectAssign[],
  g: Generator,
): PgStatement {
  const plain: S.Select = {
    ...s,
    query: { ...spec, columns: assigns.map((a) => ({ kind: 'SelectColumn', pos: a.pos, expr: a.expr })) },
  };
  const into = assigns.map((a) => pg.name(g.variableIdent(a.variable)));
  const query = g.ctx.emit(lowerSelect(plain, g, into));
  const notes = spec.from.length
    ? [
        g.ctx.mark(
          'TSQL_SELECT_ASSIGN_NO_ROWS',
          'low',
          s.pos,
          'SELECT @v = ... assigns NULL in PostgreSQL when no row matches (SQL Server keeps the old value) and takes the first of several rows (SQL Server the last)',
        ),
      ]
    : [];
  return { kind: 'SelectInto', query, notes };
}

/** A procedure's next result set: a refcursor opened for `query`, returned to the caller. */
function openResult(query: PgSelect, g: Generator): PgStatement[] {
  const state = g.body();
  const cursor = `result_${++state.cursors}`;
  if (state.cursorParameters) return [{ kind: 'OpenCursor', cursor, query }];
  state.declarations.push({ kind: 'Variable', name: cursor, type: pgTypeNamed('refcursor') });
  return [
    { kind: 'OpenCursor', cursor, query },
    { kind: 'ReturnNext', value: pg.name(cursor) },
  ];
}

/**
 * SELECT @s = @s + x FROM ... (assignments that read what they assign) -> FOR ferry_row IN SELECT x AS c1
 * FROM ... LOOP p_s := p_s || ferry_row.c1; END LOOP (passes/assignment-fold.ts); @@ROWCOUNT counts the rows.
 */
function foldSelectAssign(
  s: S.Select,
  spec: S.QuerySpec,
  assigns: readonly S.SelectAssign[],
  g: Generator,
): PgStatement[] {
  const fold = foldAssignments(assigns);
  const one: S.Expression = { kind: 'NumberLiteral', pos: spec.pos, text: '1', numberKind: 'integer' };
  const columns: S.SelectColumn[] = (fold.parts.length ? fold.parts : [one]).map((expr, i) => ({
    kind: 'SelectColumn',
    pos: expr.pos,
    expr,
    alias: { kind: 'Identifier', pos: expr.pos, name: `c${i + 1}`, quote: 'none', text: `c${i + 1}` },
  }));
  const query = g.select({ ...s, query: { ...spec, columns } });
  const state = g.body();
  if (!state.declarations.some((d) => d.kind === 'Variable' && d.name === FOLD_ROW))
    state.declarations.push({ kind: 'Variable', name: FOLD_ROW, type: pgTypeNamed('record') });
  g.ctx.scopes.push({ aliases: new Map([[FOLD_ROW, undefined]]), relations: [] });
  const body = fold.assigns.flatMap((a) =>
    g.statements([{ kind: 'SetVariable', variable: a.variable, op: a.op, expr: a.expr, pos: a.pos }]),
  );
  g.ctx.scopes.pop();
  const counter = g.ctx.variables.get('@@rowcount');
  if (!counter) return [{ kind: 'ForQuery', target: FOLD_ROW, query, body }];
  const counted = pg.binary('+', pg.name(counter.name), pg.number(1));
  return [
    { kind: 'Assign', target: counter.name, value: pg.number(0) },
    {
      kind: 'ForQuery',
      target: FOLD_ROW,
      query,
      body: [...body, { kind: 'Assign', target: counter.name, value: counted }],
    },
  ];
}

/** A query's result set: a refcursor of a procedure, RETURN QUERY of a table function, else an action item. */
function resultSet(s: S.Select, g: Generator): PgStatement[] {
  const state = g.body();
  if (state.resultSets === 'refcursor') return openResult(g.select(s), g);
  if (state.resultSets === 'return-query') return [{ kind: 'ReturnQuery', query: g.select(s) }];
  const mark = g.ctx.mark(
    'TSQL_RESULT_SET',
    'high',
    s.pos,
    'a result set returned from a trigger or function is not supported in PostgreSQL',
  );
  const from = { kind: 'SubqueryFrom', query: g.select(s), alias: 'result_set' } as const;
  return [{ kind: 'Perform', query: pg.selectCore([{ kind: 'Star' }], [from]), notes: [mark] }];
}

/**
 * INSERT / UPDATE / DELETE / MERGE. With OUTPUT (converted to RETURNING), its rows go through a data-modifying
 * CTE: into the OUTPUT INTO table (`WITH changed AS (... RETURNING ...) INSERT INTO t SELECT * FROM
 * changed`), or, as a procedure's result set, into a temp table its refcursor reads: a cursor over the
 * data-modifying query itself would change the data only when the caller fetches.
 */
function dmlStatement(s: S.Insert | S.Update | S.Delete | S.Merge, g: Generator): PgStatement[] {
  const dml = g.ctx.emit(s.kind === 'Merge' ? lowerMerge(s, g) : lowerDml(s, g));
  if (!s.output || dml.kind === 'NoOp' || !dml.returning) return [{ kind: 'Dml', dml }, ...rowcount(g)];
  const changed: PgWith = { recursive: false, ctes: [{ name: 'changed', query: dml }] };
  const rows = pg.select(pg.selectCore([{ kind: 'Star' }], [pg.table(['changed'])]));
  const into = s.output.into;
  if (into) {
    const columns = into.columns?.map((c) => columnName(into.target, c.name, g));
    const insert: PgDml = {
      kind: 'Insert',
      notes: [],
      with: changed,
      table: targetName(into.target, g),
      columns,
      source: rows,
    };
    return [{ kind: 'Dml', dml: insert }, ...rowcount(g)];
  }
  const state = g.body();
  if (state.resultSets !== 'refcursor')
    return [
      {
        kind: 'Dml',
        dml: { ...dml, returning: undefined },
        notes: [
          g.ctx.mark(
            'TSQL_RESULT_SET',
            'high',
            s.output.pos,
            'the OUTPUT result set of a statement in a trigger or function is not supported in PostgreSQL',
          ),
        ],
      },
      ...rowcount(g),
    ];
  const table = [`output_${state.cursors + 1}`];
  const shared = sharedNames(dml.returning);
  const positions = shared?.map((_, i) => `c${i + 1}`);
  const stored: PgWith = positions
    ? { recursive: false, ctes: [{ ...changed.ctes[0]!, columns: positions }] }
    : changed;
  const from = pg.selectCore([{ kind: 'Star' }], [pg.table(table)]);
  const columns = positions?.map((p, i) => ({ expr: pg.name(p), alias: shared![i]! })) ?? from.columns;
  const read = pg.select({ ...from, columns });
  return [
    { kind: 'DropTable', name: table, ifExists: true },
    { kind: 'CreateTable', name: table, temporary: true, columns: [], as: { ...rows, with: stored } },
    ...rowcount(g),
    ...openResult(read, g),
  ];
}

/**
 * The names of a RETURNING list when two columns share one (`OUTPUT inserted.*, deleted.*`): a table
 * cannot hold both, so the rows are stored as c1, c2, ... and read back under these names.
 */
function sharedNames(returning: PgReturning): string[] | undefined {
  const names = returning.map((c) => c.alias);
  if (names.some((n) => n === undefined) || new Set(names).size === names.length) return undefined;
  return names as string[];
}

/**
 * A table variable of a table type passed to a procedure: CALL takes no subquery, so its rows are put
 * in an array variable `<variable>_rows` first, which the call passes.
 */
function tableArgument(
  arg: S.Expression,
  g: Generator,
): { arg: S.Expression; fill: PgStatement; value: PgExpression }[] {
  if (arg.kind !== 'Variable') return [];
  const variable = g.ctx.variables.get(arg.name.toLowerCase());
  if (!variable?.rowType) return [];
  const name = `${variableIdent(arg.name)}_rows`;
  const state = g.body();
  if (!state.declarations.some((d) => d.name === name))
    state.declarations.push({ kind: 'Variable', name, type: arrayOf(variable.rowType) });
  return [{ arg, fill: { kind: 'Assign', target: name, value: g.lower(arg) }, value: pg.name(name) }];
}

type Lowerings = {
  [K in S.Statement['kind']]?: (s: Extract<S.Statement, { kind: K }>, g: Generator) => PgStatement[];
};

const statementLowerings: Lowerings = {
  Declare: (s, g) =>
    s.variables.flatMap((v): PgStatement[] => {
      if (v.table) {
        const table = tableVariableIdent(v.name, g.body().routineName);
        const cols = tableColumns(v.table.columns, g, false);
        g.ctx.variables.set(v.name.toLowerCase(), { name: table, columns: cols });
        return tempTable([table], cols);
      }
      const tableType = g.ctx.names.tableType(v.dataType!.schema, v.dataType!.name);
      if (tableType) {
        // a variable of a table type: a temporary table of its columns
        const table = tableVariableIdent(v.name, g.body().routineName);
        const cols = tableType.columns.map((c) => ({ name: c.name, type: c.type, notNull: !c.nullable }));
        g.ctx.variables.set(v.name.toLowerCase(), {
          name: table,
          rowType: g.type(v.dataType!, 'declare'),
          columns: cols,
        });
        return tempTable([table], cols);
      }
      const name = variableIdent(v.name);
      const type = g.type(v.dataType!, 'declare');
      g.ctx.variables.set(v.name.toLowerCase(), { name, type });
      g.body().declarations.push({ kind: 'Variable', name, type });
      return v.init ? [{ kind: 'Assign', target: name, value: g.lower(v.init) }] : [];
    }),
  SetVariable: (s, g) => {
    if (s.mutator && s.expr.kind === 'MethodCall') {
      // SET @x.modify('XML DML'): not converted, the variable keeps its value
      const d = new Diagnostics();
      return [noOp(g.ctx.emit(d.result(xmlModifyMark(s.expr, 'the assignment', d))))];
    }
    const target = g.variableIdent(s.variable);
    if (s.op === '=') return [{ kind: 'Assign', target, value: g.lower(s.expr) }];
    const text = isText(g.ctx.variables.get(s.variable.toLowerCase())?.type);
    const op = s.op === '+=' && text ? '||' : binaryOperators[compoundOperators[s.op]];
    return [{ kind: 'Assign', target, value: pg.binary(op, pg.name(target), g.lower(s.expr)) }];
  },
  Select: (s, g) => {
    const spec = s.query.kind === 'QuerySpec' ? s.query : undefined;
    const assigns = spec?.columns.filter((c) => c.kind === 'SelectAssign') ?? [];
    if (spec && assigns.length && assigns.length === spec.columns.length) {
      // without FROM, SQL Server assigns left to right: `SELECT @t = @a + @b, @a = @b, @b = @t`
      // reads the @t just assigned
      if (!spec.from.length && !spec.where) {
        const counter = g.ctx.variables.get('@@rowcount');
        return [
          ...assigns.flatMap((a) =>
            g.statements([{ kind: 'SetVariable', variable: a.variable, op: a.op, expr: a.expr, pos: a.pos }]),
          ),
          // one row selected
          ...(counter ? [{ kind: 'Assign', target: counter.name, value: pg.number(1) } as const] : []),
        ];
      }
      if (foldsOverRows(assigns)) return foldSelectAssign(s, spec, assigns, g);
      return [selectAssign(s, spec, assigns, g), ...rowcount(g)];
    }
    if (spec?.into) return selectIntoTable(s, spec, spec.into, g);
    return resultSet(s, g);
  },
  Insert: (s, g) => {
    const rows = g.body().resultRows;
    const returned = rows && returnInserted(s, rows, g);
    return returned ? [...returned, ...rowcount(g)] : dmlStatement(s, g);
  },
  Update: dmlStatement,
  Delete: dmlStatement,
  Merge: (s, g) => {
    const statements = mergeStatements(s, g);
    return statements ? g.ctx.emit(statements) : dmlStatement(s, g);
  },
  Block: (s, g) => g.statements(s.statements),
  If: (s, g) => {
    const branches = [{ condition: g.lower(s.condition), body: g.statements([s.then]) }];
    let rest = s.else;
    while (rest?.kind === 'If') {
      branches.push({ condition: g.lower(rest.condition), body: g.statements([rest.then]) });
      rest = rest.else;
    }
    return [{ kind: 'If', branches, else: rest && g.statements([rest]) }];
  },
  While: (s, g) => [{ kind: 'While', condition: g.lower(s.condition), body: g.statements([s.body]) }],
  Break: () => [{ kind: 'Exit' }],
  Continue: () => [{ kind: 'Continue' }],
  TryCatch: (s, g) => [
    {
      kind: 'Block',
      body: insideTry(g.body(), () => g.statements(s.try)),
      onError: lowerCatch(g, s, () => g.statements(s.catch)),
      // (a CATCH that rolls back to a savepoint set just before the TRY wants its changes undone)
      ...(tryUndoesCompletedWork(s) &&
        ![...(g.body().savepoints?.values() ?? [])].includes(s) && {
          notes: [
            g.ctx.mark(
              'TSQL_TRY_UNDONE',
              'medium',
              s.pos,
              "when the TRY block fails, PostgreSQL undoes the block's completed changes (table variables and #temp tables too); SQL Server keeps them unless its transaction is rolled back",
              'run the statements that must be kept before the TRY block, or in their own BEGIN ... EXCEPTION block',
            ),
          ],
        }),
    },
  ],
  Return: (s, g) => {
    const state = g.body();
    if (!s.expr) return state.returnStatement;
    if (state.routine === 'function' && state.resultSets === 'none') {
      const value = g.lower(s.expr);
      return [{ kind: 'Return', value: state.returnType ? pg.cast(value, state.returnType) : value }];
    }
    if (s.expr.kind === 'NumberLiteral' && Number(s.expr.text) === 0) return state.returnStatement;
    const mark = g.ctx.mark(
      'TSQL_RETURN_CODE',
      'medium',
      s.pos,
      `return code ${printExpression(g.lower(s.expr))} dropped: the converted routine has no return code`,
      'return it as an OUT parameter',
    );
    const [first = { kind: 'Null' }, ...rest] = state.returnStatement;
    return [marked(mark, first), ...rest];
  },
  Raiserror: (s, g) => {
    const severity = s.severity.kind === 'NumberLiteral' ? Number(s.severity.text) : 16;
    if (severity <= 10) return [raise('NOTICE', s.message, s.args, g)];
    const hint = errorHint(pg.number(50000), g.lower(s.severity), g.lower(s.state));
    return [{ ...raise('EXCEPTION', s.message, s.args, g), using: [{ option: 'HINT', value: hint }] }];
  },
  Throw: (s, g) => {
    if (!s.message) return [{ kind: 'Raise', args: [], using: [] }];
    const message = g.lower(s.message);
    const hint = errorHint(g.lower(s.number!), pg.number(16), g.lower(s.state!));
    return [
      {
        kind: 'Raise',
        level: 'EXCEPTION',
        args: [],
        using: [
          { option: 'MESSAGE', value: message },
          { option: 'ERRCODE', value: pg.string('P0001') },
          { option: 'HINT', value: hint },
        ],
      },
    ];
  },
  Print: (s, g) => [{ kind: 'Raise', level: 'NOTICE', format: '%', args: [g.lower(s.expr)], using: [] }],
  SetOption: (s, g) => {
    const name = s.options.join(', ');
    if (s.options.length === 1 && s.options[0] === 'NOCOUNT')
      return [
        {
          kind: 'Comment',
          text: `SET NOCOUNT ${typeof s.value === 'string' ? s.value : ''} dropped: PostgreSQL sends no row-count messages from routines`,
        },
      ];
    if (s.options[0] === 'ROWCOUNT') {
      const n: PgExpression = typeof s.value === 'string' ? pg.number(s.value) : g.lower(s.value);
      g.ctx.rowcount = n.kind === 'Number' && n.text === '0' ? undefined : n;
      return [
        {
          kind: 'Comment',
          text: `SET ROWCOUNT ${printExpression(n)}: applied as LIMIT to the queries that follow`,
        },
      ];
    }
    if (
      ['ANSI_NULLS', 'QUOTED_IDENTIFIER', 'XACT_ABORT', 'ANSI_WARNINGS', 'ARITHABORT'].includes(s.options[0]!)
    )
      return [{ kind: 'Comment', text: `SET ${name} dropped` }];
    return [noOp(g.ctx.mark('TSQL_SET_OPTION', 'medium', s.pos, `SET ${name} is not converted`))];
  },
  Execute: (s, g) => {
    if (typeof s.procedure !== 'string' && s.procedure.name.name.toLowerCase() === 'sp_executesql')
      return inPlace(s, g) ?? executeSql(s, g);
    const procedure =
      typeof s.procedure === 'string' ? [g.variableIdent(s.procedure)] : g.objectNameParts(s.procedure);
    const tables = s.args.flatMap((a) => tableArgument(a.value, g));
    const args = s.args.map((a) => ({
      name: a.name && variableIdent(a.name),
      value: tables.find((t) => t.arg === a.value)?.value ?? g.lower(a.value),
    }));
    const mark = g.ctx.mark(
      'TSQL_EXEC_PROCEDURE',
      'medium',
      s.pos,
      'EXEC of a procedure: check whether the callee became a function (PERFORM/SELECT) or a procedure (CALL)',
    );
    const call: PgStatement = { kind: 'Call', procedure, args, notes: [mark] };
    if (!s.returnVariable) return [...tables.map((t) => t.fill), call];
    // EXEC @rc = p: a converted procedure has no return code; 0 is what SQL Server returns when p ends
    // without RETURN n (the callee's RETURN n is an action item of its own)
    const value = g.ctx.note(
      pg.number(0),
      'TSQL_RETURN_CODE',
      'medium',
      s.pos,
      `${s.returnVariable} = the return code of the call, taken as 0: the converted procedure has no return code`,
      'return the code as an OUT parameter if callers test it',
    );
    const rc: PgStatement = { kind: 'Assign', target: g.variableIdent(s.returnVariable), value };
    return [...tables.map((t) => t.fill), call, rc];
  },
  ExecuteString: (s, g) => {
    const converted = inPlace(s, g) ?? rebuiltAtRunTime(s, g);
    if (converted) return converted;
    const mark = g.ctx.mark(
      'TSQL_DYNAMIC_SQL',
      'high',
      s.pos,
      'dynamic SQL: the string holds T-SQL, which is not converted',
      'rewrite the generated SQL for PostgreSQL (EXECUTE format(...))',
    );
    const command = s.parts.map((p) => g.lower(p)).reduce((all, p) => pg.binary('||', all, p));
    return [{ kind: 'Execute', command, notes: [mark] }];
  },
  // ALTER SEQUENCE s RESTART [WITH n]; its other options are not converted in a routine
  AlterSequence: (s, g) => {
    const options = Object.keys(s.options);
    const restart = s.options.RESTART;
    if (options.length !== 1 || typeof restart !== 'string' || s.cycle !== undefined)
      return [
        noOp(
          g.ctx.mark('TSQL_STATEMENT', 'high', s.pos, 'ALTER SEQUENCE other than RESTART is not converted'),
        ),
      ];
    return [{ kind: 'RestartSequence', name: g.objectNameParts(s.name), restart }];
  },
  BeginTransaction: (s, g) => [
    noOp(
      g.ctx.mark(
        'TSQL_TRANSACTION',
        'medium',
        s.pos,
        'BEGIN TRANSACTION: a PostgreSQL procedure runs in the caller transaction; COMMIT/ROLLBACK end it',
        'review the transaction boundaries',
      ),
    ),
  ],
  CommitTransaction: (s, g) => {
    const state = g.body();
    if (state.routine === 'procedure' && state.tryDepth)
      return [
        noOp(
          g.ctx.mark(
            'TSQL_COMMIT_IN_TRY',
            'low',
            s.pos,
            "COMMIT inside TRY dropped: PostgreSQL cannot end a transaction inside a block with an EXCEPTION handler; the TRY block's work is committed with the procedure's transaction",
            'COMMIT after the block if the work must be committed earlier',
          ),
        ),
      ];
    if (state.routine === 'procedure') return [{ kind: 'Commit' }];
    return [
      noOp(
        g.ctx.mark(
          'TSQL_TRANSACTION',
          'medium',
          s.pos,
          'COMMIT inside a function or trigger is not allowed in PostgreSQL',
        ),
      ),
    ];
  },
  RollbackTransaction: (s, g) => {
    const toSavepoint = rollbackToSavepoint(s, g);
    if (toSavepoint) return toSavepoint;
    const routine = g.body().routine;
    if (routine === 'procedure') return [{ kind: 'Rollback' }];
    const mark =
      routine === 'trigger'
        ? g.ctx.mark(
            'TSQL_TRIGGER_ROLLBACK',
            'low',
            s.pos,
            'ROLLBACK in a trigger becomes an exception that aborts the statement',
          )
        : g.ctx.mark(
            'TSQL_TRANSACTION',
            'high',
            s.pos,
            'ROLLBACK inside a function is not allowed in PostgreSQL',
          );
    const format = routine === 'trigger' ? 'transaction rolled back by trigger' : 'rollback';
    return [{ kind: 'Raise', level: 'EXCEPTION', format, args: [], using: [], notes: [mark] }];
  },
  DeclareCursor: (s, g) => {
    g.body().declarations.push({ kind: 'Cursor', name: cursorName(s.name, g), query: g.select(s.query) });
    return [];
  },
  OpenCursor: (s, g) => [{ kind: 'OpenCursor', cursor: cursorName(s.cursor, g) }],
  FetchCursor: (s, g) => [
    {
      kind: 'Fetch',
      direction: s.direction,
      offset: s.offset && g.lower(s.offset),
      cursor: cursorName(s.cursor, g),
      into: s.into.map((v) => g.variableIdent(v)),
    },
  ],
  CloseCursor: (s, g) => [{ kind: 'CloseCursor', cursor: cursorName(s.cursor, g) }],
  DeallocateCursor: () => [{ kind: 'Comment', text: 'DEALLOCATE: PostgreSQL frees the cursor at CLOSE' }],
  CreateTable: (s, g) => {
    const name = targetName(s.name, g);
    const cols = tableColumns(s.columns, g, true);
    return s.name.name.name.startsWith('#')
      ? tempTable(name, cols)
      : [{ kind: 'CreateTable', name, temporary: false, columns: cols }];
  },
  Drop: (s, g) =>
    s.objectType === 'TABLE'
      ? s.names.map((n) => dropTable(n, s.ifExists, g))
      : [
          noOp(
            g.ctx.mark(
              'TSQL_DROP',
              'medium',
              s.pos,
              `DROP ${s.objectType} inside a routine is not converted`,
            ),
          ),
        ],
  Truncate: (s, g) => [{ kind: 'Truncate', name: targetName(s.table, g) }],
};

/** The PL/pgSQL statements of a list of T-SQL statements; a kind with no lowering is an action item. */
export function lowerStatements(list: readonly S.Statement[], g: Generator): PgStatement[] {
  const out: PgStatement[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (s.kind === 'SaveTransaction') {
      // SAVE TRANSACTION governs the statements after it in the same list
      const savepoint = lowerSavepoint(list, i, g);
      out.push(...savepoint.statements);
      i = savepoint.next - 1;
      continue;
    }
    const lower = statementLowerings[s.kind] as ((s: S.Statement, g: Generator) => PgStatement[]) | undefined;
    if (lower) out.push(...aroundSelfCall(s, lower(s, g), g));
    else out.push(noOp(g.ctx.mark('TSQL_STATEMENT', 'high', s.pos, `${s.kind} statement is not converted`)));
  }
  return out;
}
