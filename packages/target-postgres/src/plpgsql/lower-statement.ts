// Procedural statements -> the PL/pgSQL tree (pg/ast.ts PgStatement): a table from T-SQL statement
// kind to the statements it becomes. Result sets of procedures are returned as refcursors;
// declarations are hoisted to the DECLARE section. Printed by pg/print-plpgsql.ts.
// A statement's lowering returns its statements, with its diagnostics raised into `d`; one that
// declares or opens something (a variable, a cursor, a savepoint, SET ROWCOUNT) returns the body's
// new flow too (body-state.ts), with which the statements after it are lowered.

import { ledgerProcedureMessage, ledgerSuggestion } from './passes/ledger.js';
import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import { tableVariableIdent, variableIdent } from './generator.js';
import { lowerSelect } from './lower-query.js';
import { columnName, compoundOperators, lowerDml, targetName } from './lower-dml.js';
import { lowerMerge } from './lower-merge.js';
import { aroundSelfCall } from './passes/self-calls.js';
import { xmlModifyMark } from './passes/xml-methods.js';
import { xmlModifyUpdateGuard } from './passes/xml-modify.js';
import { mergeStatements } from './passes/merge-statements.js';
import { binaryOperators, lowerExpression } from './lower-expression.js';
import { Diagnostics, type Lowered } from './lowered.js';
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
import {
  formatString,
  parameterListKnown,
  plainRuntimeText,
  runtimeParameters,
  runtimeName,
  staticBatch,
} from './passes/dynamic-sql.js';
import { printSelect } from '../pg/print-query.js';
import { printStatements } from '../pg/print-plpgsql.js';
import { returnsRows } from './returns-rows.js';
import { returnInserted } from './passes/result-rows.js';
import {
  declared,
  declaredOnce,
  rowcountUpdate,
  startFlow,
  withVariable,
  type BodyFlow,
  type Lines,
} from './body-state.js';
import { assignedValue } from './passes/bit-literals.js';
import { arrayOf, isInteger, isNamed, isText, pgTypeNamed } from '../pg/pg-type.js';

/** RAISERROR's printf-style format -> RAISE's: each `%d`, `%s`, ... is `%`; a lone `%` is `%%`. */
export function raiseFormat(format: string): string {
  return format.replace(/%%|%[-+ 0#]*(\d+|\*)?(\.(\d+|\*))?(h|l)?[dislouxX]|%/g, (m) =>
    m === '%%' || m === '%' ? '%%' : '%',
  );
}

/** The tree of an expression, its diagnostics raised into `d`. */
const expr = (d: Diagnostics, g: Generator, e: S.Expression): PgExpression => d.take(lowerExpression(e, g));

/** The tree of a query, its diagnostics raised into `d`. */
const query = (d: Diagnostics, g: Generator, s: S.Select): PgSelect => d.take(lowerSelect(s, g));

function raise(
  level: 'NOTICE' | 'EXCEPTION',
  msg: S.Expression,
  args: readonly S.Expression[],
  g: Generator,
  d: Diagnostics,
): PgRaise {
  if (msg.kind === 'StringLiteral')
    return {
      kind: 'Raise',
      level,
      format: raiseFormat(msg.value),
      args: args.map((a) => expr(d, g, a)),
      using: [],
    };
  return { kind: 'Raise', level, format: '%', args: [expr(d, g, msg)], using: [] };
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
): Lowered<PgColumnDefinition[]> {
  const d = new Diagnostics();
  const columns = cols.map((c): PgColumnDefinition => {
    const type = c.dataType ? g.type(c.dataType, 'declare') : pgTypeNamed('text');
    return {
      name: g.ctx.names.name(c.name.name),
      type,
      notNull: nullability && c.nullable === false,
      ...(c.default && { default: assignedValue(expr(d, g, c.default.expr), type) }),
      ...(c.identity &&
        isInteger(type) && { identity: { seed: c.identity.seed, increment: c.identity.increment } }),
    };
  });
  return d.result(columns);
}

/**
 * DROP TABLE; of a #temp table after a result set was opened, nothing: the caller still reads the
 * result's refcursor, which PostgreSQL's DROP refuses (55006). The next call drops it before creating it.
 */
function dropTable(n: S.ObjectName, ifExists: boolean, g: Generator): PgStatement {
  const flow = g.flow;
  const opened =
    flow.cursors > 0 || flow.declarations.some((d) => d.kind === 'Variable' && isNamed(d.type, 'refcursor'));
  if (opened && n.name.name.startsWith('#'))
    return {
      kind: 'Comment',
      text: `DROP TABLE ${n.name.name} left to the next call: a result set may still read it`,
    };
  return { kind: 'DropTable', name: targetName(n, g), ifExists };
}

/**
 * EXEC sp_executesql @sql [, N'@p type, ...', @p = v, ...]: the statement is T-SQL text, run as is by
 * EXECUTE (the parameters are not passed: PostgreSQL's are $1, $2 with USING), with a high item that
 * says when the parameter list itself is built at run time (its parameters cannot be known then).
 */
function executeSql(s: S.Execute, g: Generator, d: Diagnostics): PgStatement[] {
  const withParameters = s.args.length > 1;
  const runtimeList = !parameterListKnown(s, g.body().constants ?? new Map());
  const mark = d.mark(
    'TSQL_DYNAMIC_SQL',
    'high',
    s.pos,
    `sp_executesql: the string holds T-SQL, which is not converted${
      runtimeList
        ? '; its parameter list is built at run time, so which parameters it binds is not known'
        : withParameters
          ? '; its parameters are not passed'
          : ''
    }`,
    withParameters
      ? 'rewrite the SQL for PostgreSQL with $1, $2 ... and run it with EXECUTE sql INTO ... USING ...'
      : 'rewrite the generated SQL for PostgreSQL (EXECUTE format(...))',
  );
  const first = s.args[0];
  if (!first) return [noOp(mark)];
  return [{ kind: 'Execute', command: expr(d, g, first.value), notes: [mark] }];
}

/** Dynamic SQL whose text is known at conversion time, converted and run in place (passes/dynamic-sql.ts). */
function inPlace(s: S.Execute | S.ExecuteString, g: Generator, d: Diagnostics): Lines | undefined {
  const batch = staticBatch(s, g.body().constants ?? new Map());
  // (its result sets would be the caller's: the routine was not made to return them)
  if (!batch || batch.some(returnsRows)) return undefined;
  const converted = d.take(g.statements(batch));
  return {
    statements: [
      { kind: 'Comment', text: 'dynamic SQL known at conversion time, converted and run in place' },
      ...converted.statements,
    ],
    flow: converted.flow,
  };
}

/**
 * A text built at run time of plain SQL, converted (passes/dynamic-sql.ts): its skeleton lowered in a
 * scope of its own, as T-SQL runs it (no variables of the routine, no @@ROWCOUNT kept), printed as a
 * format() string, with the run-time pieces as its arguments; whether it is one query (a result set).
 * Undefined when it stays an action item: a high item in the skeleton, a declaration it would need, a
 * naming strategy not followed at run time, a placeholder lost.
 */
function runtimeConversion(
  text: S.Expression,
  exec: S.ExecuteString | S.Execute,
  g: Generator,
): Lowered<{ command: PgExpression; rows: boolean; using: PgExpression[] }> | undefined {
  // sp_executesql's parameters: $1, $2 ... of EXECUTE ... USING
  const parameters =
    exec.kind === 'Execute' && exec.args.length > 1
      ? runtimeParameters(exec, g.body().constants ?? new Map())
      : [];
  const accepted = parameters && plainRuntimeText(text, parameters);
  if (!parameters || !accepted) return undefined;
  const { skeleton, rows } = accepted;
  const own = new Diagnostics();
  const scope = g.withBody(g.body(), startFlow());
  let printed: string;
  if (rows) printed = printSelect(query(own, scope, skeleton.statements[0] as S.Select));
  else {
    const converted = own.take(scope.statements(skeleton.statements));
    if (converted.flow.declarations.length) return undefined;
    printed = printStatements(converted.statements).join('\n');
  }
  const format = formatString(printed, skeleton.pieces, parameters.length);
  if (!format || own.result(undefined).diagnostics.some((x) => x.severity === 'high')) return undefined;
  const args = skeleton.pieces.map((p) =>
    p.kind === 'name' ? runtimeName(g.ctx.names.naming, expr(own, g, p.value)) : expr(own, g, p.value),
  );
  if (!args.every((a) => a !== undefined)) return undefined;
  const using = parameters.map((p) => pg.cast(expr(own, g, p.value), g.type(p.type, 'declare')));
  return own.result({ command: pg.call('format', pg.string(format), ...args), rows, using });
}

/** Whether one of a procedure's texts built at run time is a query converted: the procedure returns it. */
export function runtimeResults(
  texts: ReadonlyMap<S.ExecuteString | S.Execute, S.Expression>,
  g: Generator,
): boolean {
  return [...texts].some(([exec, t]) => runtimeConversion(t, exec, g)?.node.rows === true);
}

/**
 * EXEC (@v) or EXEC sp_executesql @v of a text built at run time (SET or DECLARE @v = ... just before),
 * converted: EXECUTE format(...), after which @@ROWCOUNT is its row count; a query, a procedure's
 * result set, by OPEN result_n FOR EXECUTE.
 */
function rebuiltAtRunTime(s: S.ExecuteString | S.Execute, g: Generator, d: Diagnostics): Lines | undefined {
  const text = g.body().runtimeTexts?.get(s);
  const converted = text && runtimeConversion(text, s, g);
  if (!converted || (converted.node.rows && g.body().resultSets !== 'refcursor')) return undefined;
  // (its items are the EXEC's: positions in the text are not the routine's)
  converted.diagnostics.forEach((x) => d.add({ ...x, pos: s.pos }));
  const { command, rows, using } = converted.node;
  const comment: PgStatement = {
    kind: 'Comment',
    text: 'dynamic SQL built at run time: converted, its names and values put in when it runs',
  };
  if (rows) {
    const opened = openResult({ execute: command, using }, g);
    return { statements: [comment, ...opened.statements], flow: opened.flow };
  }
  return {
    statements: [comment, { kind: 'Execute', command, using }, ...rowcountUpdate(g.ctx.variables)],
    flow: g.flow,
  };
}

/** SELECT ... INTO t -> CREATE TABLE t AS SELECT ... (a #temp table: dropped first, created TEMP). */
function selectIntoTable(
  s: S.Select,
  spec: S.QuerySpec,
  into: S.ObjectName,
  g: Generator,
  d: Diagnostics,
): PgStatement[] {
  const name = targetName(into, g);
  const as = query(d, g, { ...s, query: { ...spec, into: undefined } });
  const create: PgStatement = { kind: 'CreateTable', name, temporary: false, columns: [], as };
  if (!into.name.name.startsWith('#')) return [create, ...rowcountUpdate(g.ctx.variables)];
  return [
    { kind: 'DropTable', name, ifExists: true },
    { ...create, temporary: true },
    ...rowcountUpdate(g.ctx.variables),
  ];
}

/** A routine's temporary table: dropped first, so a second call in the session starts empty. */
export function tempTable(name: string[], cols: PgColumnDefinition[]): PgStatement[] {
  return [
    { kind: 'DropTable', name, ifExists: true },
    { kind: 'CreateTable', name, temporary: true, columns: cols },
  ];
}

/** SELECT @a = x, @b = y FROM ... -> SELECT x, y INTO a, b FROM ... */
function selectAssign(
  s: S.Select,
  spec: S.QuerySpec,
  assigns: readonly S.SelectAssign[],
  g: Generator,
  d: Diagnostics,
): PgStatement {
  const plain: S.Select = {
    ...s,
    query: { ...spec, columns: assigns.map((a) => ({ kind: 'SelectColumn', pos: a.pos, expr: a.expr })) },
  };
  const into = assigns.map((a) => pg.name(g.variableIdent(a.variable)));
  const selected = d.take(lowerSelect(plain, g, into));
  const notes = spec.from.length
    ? [
        d.mark(
          'TSQL_SELECT_ASSIGN_NO_ROWS',
          'low',
          s.pos,
          'SELECT @v = ... assigns NULL in PostgreSQL when no row matches (SQL Server keeps the old value) and takes the first of several rows (SQL Server the last)',
        ),
      ]
    : [];
  return { kind: 'SelectInto', query: selected, notes };
}

/** A procedure's next result set: a refcursor opened for `query` (or EXECUTE text), returned to the caller. */
function openResult(
  opened: PgSelect | { execute: PgExpression; using?: PgExpression[] },
  g: Generator,
): Lines {
  const flow = { ...g.flow, cursors: g.flow.cursors + 1 };
  const cursor = `result_${flow.cursors}`;
  const open: PgStatement =
    'execute' in opened
      ? { kind: 'OpenCursor', cursor, execute: opened.execute, using: opened.using }
      : { kind: 'OpenCursor', cursor, query: opened };
  if (g.body().cursorParameters) return { statements: [open], flow };
  return {
    statements: [open, { kind: 'ReturnNext', value: pg.name(cursor) }],
    flow: declared(flow, { kind: 'Variable', name: cursor, type: pgTypeNamed('refcursor') }),
  };
}

/** `SET @v op= e` of each assignment of a SELECT, in order. */
function assignEach(assigns: readonly S.SelectAssign[], g: Generator, d: Diagnostics): Lines {
  const set: S.Statement[] = assigns.map((a) => ({
    kind: 'SetVariable',
    variable: a.variable,
    op: a.op,
    expr: a.expr,
    pos: a.pos,
  }));
  return d.take(g.statements(set));
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
  d: Diagnostics,
): Lines {
  const fold = foldAssignments(assigns);
  const one: S.Expression = { kind: 'NumberLiteral', pos: spec.pos, text: '1', numberKind: 'integer' };
  const columns: S.SelectColumn[] = (fold.parts.length ? fold.parts : [one]).map((e, i) => ({
    kind: 'SelectColumn',
    pos: e.pos,
    expr: e,
    alias: { kind: 'Identifier', pos: e.pos, name: `c${i + 1}`, quote: 'none', text: `c${i + 1}` },
  }));
  const rows = query(d, g, { ...s, query: { ...spec, columns } });
  const flow = declaredOnce(g.flow, FOLD_ROW, pgTypeNamed('record'));
  const perRow = g.continuing(flow).withScope({ aliases: new Map([[FOLD_ROW, undefined]]), relations: [] });
  const body = assignEach(fold.assigns, perRow, d);
  const counter = g.ctx.variables.get('@@rowcount');
  if (!counter)
    return {
      statements: [{ kind: 'ForQuery', target: FOLD_ROW, query: rows, body: body.statements }],
      flow: body.flow,
    };
  const counted = pg.binary('+', pg.name(counter.name), pg.number(1));
  return {
    statements: [
      { kind: 'Assign', target: counter.name, value: pg.number(0) },
      {
        kind: 'ForQuery',
        target: FOLD_ROW,
        query: rows,
        body: [...body.statements, { kind: 'Assign', target: counter.name, value: counted }],
      },
    ],
    flow: body.flow,
  };
}

/** A query's result set: a refcursor of a procedure, RETURN QUERY of a table function, else an action item. */
function resultSet(s: S.Select, g: Generator, d: Diagnostics): PgStatement[] | Lines {
  const state = g.body();
  if (state.resultSets === 'refcursor') return openResult(query(d, g, s), g);
  if (state.resultSets === 'return-query') return [{ kind: 'ReturnQuery', query: query(d, g, s) }];
  const mark = d.mark(
    'TSQL_RESULT_SET',
    'high',
    s.pos,
    'a result set returned from a trigger or function is not supported in PostgreSQL',
  );
  const from = { kind: 'SubqueryFrom', query: query(d, g, s), alias: 'result_set' } as const;
  return [{ kind: 'Perform', query: pg.selectCore([{ kind: 'Star' }], [from]), notes: [mark] }];
}

/**
 * INSERT / UPDATE / DELETE / MERGE. With OUTPUT (converted to RETURNING), its rows go through a data-modifying
 * CTE: into the OUTPUT INTO table (`WITH changed AS (... RETURNING ...) INSERT INTO t SELECT * FROM
 * changed`), or, as a procedure's result set, into a temp table its refcursor reads: a cursor over the
 * data-modifying query itself would change the data only when the caller fetches.
 */
function dmlStatement(
  s: S.Insert | S.Update | S.Delete | S.Merge,
  g: Generator,
  d: Diagnostics,
): PgStatement[] | Lines {
  const xmlModify = s.kind === 'Update' ? xmlModifyUpdateGuard(s, g, d) : undefined;
  if (xmlModify) return xmlModify;
  const dml = d.take(s.kind === 'Merge' ? lowerMerge(s, g) : lowerDml(s, g));
  if (!s.output || dml.kind === 'NoOp' || !dml.returning)
    return [{ kind: 'Dml', dml }, ...rowcountUpdate(g.ctx.variables)];
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
    return [{ kind: 'Dml', dml: insert }, ...rowcountUpdate(g.ctx.variables)];
  }
  if (g.body().resultSets !== 'refcursor')
    return [
      {
        kind: 'Dml',
        dml: { ...dml, returning: undefined },
        notes: [
          d.mark(
            'TSQL_RESULT_SET',
            'high',
            s.output.pos,
            'the OUTPUT result set of a statement in a trigger or function is not supported in PostgreSQL',
          ),
        ],
      },
      ...rowcountUpdate(g.ctx.variables),
    ];
  const table = [`output_${g.flow.cursors + 1}`];
  const shared = sharedNames(dml.returning);
  const positions = shared?.map((_, i) => `c${i + 1}`);
  const stored: PgWith = positions
    ? { recursive: false, ctes: [{ ...changed.ctes[0]!, columns: positions }] }
    : changed;
  const from = pg.selectCore([{ kind: 'Star' }], [pg.table(table)]);
  const columns = positions?.map((p, i) => ({ expr: pg.name(p), alias: shared![i]! })) ?? from.columns;
  const read = pg.select({ ...from, columns });
  const opened = openResult(read, g);
  return {
    statements: [
      { kind: 'DropTable', name: table, ifExists: true },
      { kind: 'CreateTable', name: table, temporary: true, columns: [], as: { ...rows, with: stored } },
      ...rowcountUpdate(g.ctx.variables),
      ...opened.statements,
    ],
    flow: opened.flow,
  };
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
 * The OUTPUT parameters of the called procedure (of the model) that the EXEC leaves out, each passed a
 * variable of its own (`<parameter>_out`, declared once): PL/pgSQL's CALL needs a writable argument
 * for an INOUT parameter even when it has a default.
 */
function omittedOutputs(
  s: S.Execute,
  g: Generator,
  flow: BodyFlow,
): { args: { name: string; value: PgExpression }[]; flow: BodyFlow } | undefined {
  const name = s.procedure as S.ObjectName;
  const callee = g.ctx.names.userProcedure(name.schema?.name, name.name.name);
  if (!callee) return undefined;
  const named = new Set(s.args.flatMap((a) => (a.name ? [a.name.toLowerCase()] : [])));
  const positional = s.args.filter((a) => !a.name).length;
  const omitted = callee.params.filter(
    (p, i) => p.output && i >= positional && !named.has(p.name.toLowerCase()),
  );
  if (!omitted.length) return undefined;
  let out = flow;
  const args = omitted.map((p) => {
    const variable = `${variableIdent(p.name)}_out`;
    out = declaredOnce(out, variable, g.type(p.dataType, 'declare'));
    return { name: variableIdent(p.name), value: pg.name(variable) };
  });
  return { args, flow: out };
}

/**
 * The table variables of a table type passed to a procedure: CALL takes no subquery, so the rows of
 * each are put in an array variable `<variable>_rows` first, which the call passes.
 */
function tableArguments(
  args: readonly S.Expression[],
  g: Generator,
  d: Diagnostics,
): { filled: { arg: S.Expression; fill: PgStatement; value: PgExpression }[]; flow: BodyFlow } {
  let flow = g.flow;
  const filled = args.flatMap((arg) => {
    if (arg.kind !== 'Variable') return [];
    const variable = g.ctx.variables.get(arg.name.toLowerCase());
    if (!variable?.rowType) return [];
    const name = `${variableIdent(arg.name)}_rows`;
    flow = declaredOnce(flow, name, arrayOf(variable.rowType));
    return [
      { arg, fill: { kind: 'Assign', target: name, value: expr(d, g, arg) } as const, value: pg.name(name) },
    ];
  });
  return { filled, flow };
}

/** DECLARE of one variable: a temporary table for a table variable, else a variable of the DECLARE section. */
function declareVariable(v: S.VariableDecl, g: Generator, d: Diagnostics): Lines {
  const routine = g.body().routineName;
  if (v.table) {
    const table = tableVariableIdent(v.name, routine);
    const cols = d.take(tableColumns(v.table.columns, g, false));
    return {
      statements: tempTable([table], cols),
      flow: withVariable(g.flow, v.name, { name: table, columns: cols }),
    };
  }
  const tableType = g.ctx.names.tableType(v.dataType!.schema, v.dataType!.name);
  if (tableType) {
    // a variable of a table type: a temporary table of its columns
    const table = tableVariableIdent(v.name, routine);
    const cols = tableType.columns.map((c) => ({ name: c.name, type: c.type, notNull: !c.nullable }));
    const variable = { name: table, rowType: g.type(v.dataType!, 'declare'), columns: cols };
    return { statements: tempTable([table], cols), flow: withVariable(g.flow, v.name, variable) };
  }
  const name = variableIdent(v.name);
  const type = g.type(v.dataType!, 'declare');
  const sourceType = v.dataType!.name.toLowerCase();
  const flow = declared(withVariable(g.flow, v.name, { name, type, sourceType }), {
    kind: 'Variable',
    name,
    type,
  });
  const after = g.continuing(flow);
  return {
    statements: v.init ? [{ kind: 'Assign', target: name, value: expr(d, after, v.init) }] : [],
    flow,
  };
}

/** The statements of `list` lowered in order, each with the flow the ones before it left. */
function inOrder<T>(list: readonly T[], g: Generator, lower: (item: T, g: Generator) => Lines): Lines {
  let at = g;
  const statements: PgStatement[] = [];
  for (const item of list) {
    const lines = lower(item, at);
    statements.push(...lines.statements);
    at = at.continuing(lines.flow);
  }
  return { statements, flow: at.flow };
}

type Lowerings = {
  [K in S.Statement['kind']]?: (
    s: Extract<S.Statement, { kind: K }>,
    g: Generator,
    d: Diagnostics,
  ) => PgStatement[] | Lines;
};

const statementLowerings: Lowerings = {
  Declare: (s, g, d) => inOrder(s.variables, g, (v, at) => declareVariable(v, at, d)),
  SetVariable: (s, g, d) => {
    const target = g.variableIdent(s.variable);
    if (s.op === '=') return [{ kind: 'Assign', target, value: expr(d, g, s.expr) }];
    const text = isText(g.ctx.variables.get(s.variable.toLowerCase())?.type);
    const op = s.op === '+=' && text ? '||' : binaryOperators[compoundOperators[s.op]];
    return [{ kind: 'Assign', target, value: pg.binary(op, pg.name(target), expr(d, g, s.expr)) }];
  },
  // SET @x.modify('XML DML'): not converted, the variable keeps its value
  MutateVariable: (s, _g, d) => [noOp(xmlModifyMark(s.call, 'the assignment', d))],
  Select: (s, g, d) => {
    const spec = s.query.kind === 'QuerySpec' ? s.query : undefined;
    const assigns = spec?.columns.filter((c) => c.kind === 'SelectAssign') ?? [];
    if (spec && assigns.length && assigns.length === spec.columns.length) {
      // without FROM, SQL Server assigns left to right: `SELECT @t = @a + @b, @a = @b, @b = @t`
      // reads the @t just assigned
      if (!spec.from.length && !spec.where) {
        const counter = g.ctx.variables.get('@@rowcount');
        const each = assignEach(assigns, g, d);
        return {
          statements: [
            ...each.statements,
            // one row selected
            ...(counter ? [{ kind: 'Assign', target: counter.name, value: pg.number(1) } as const] : []),
          ],
          flow: each.flow,
        };
      }
      if (foldsOverRows(assigns)) return foldSelectAssign(s, spec, assigns, g, d);
      return [selectAssign(s, spec, assigns, g, d), ...rowcountUpdate(g.ctx.variables)];
    }
    if (spec?.into) return selectIntoTable(s, spec, spec.into, g, d);
    return resultSet(s, g, d);
  },
  Insert: (s, g, d) => {
    const rows = g.body().resultRows;
    const returned = rows && returnInserted(s, rows, g);
    return returned ? [...d.take(returned), ...rowcountUpdate(g.ctx.variables)] : dmlStatement(s, g, d);
  },
  Update: dmlStatement,
  Delete: dmlStatement,
  Merge: (s, g, d) => {
    const statements = mergeStatements(s, g);
    return statements ? d.take(statements) : dmlStatement(s, g, d);
  },
  Block: (s, g, d) => d.take(g.statements(s.statements)),
  If: (s, g, d) => {
    const branches: { condition: PgExpression; body: PgStatement[] }[] = [];
    let at = g;
    let rest: S.Statement | undefined = s;
    while (rest?.kind === 'If') {
      const condition = expr(d, at, rest.condition);
      const then = d.take(at.statements([rest.then]));
      branches.push({ condition, body: then.statements });
      at = at.continuing(then.flow);
      rest = rest.else;
    }
    const otherwise = rest && d.take(at.statements([rest]));
    return {
      statements: [{ kind: 'If', branches, else: otherwise?.statements }],
      flow: otherwise?.flow ?? at.flow,
    };
  },
  While: (s, g, d) => {
    const condition = expr(d, g, s.condition);
    const body = d.take(g.statements([s.body]));
    return { statements: [{ kind: 'While', condition, body: body.statements }], flow: body.flow };
  },
  Break: () => [{ kind: 'Exit' }],
  Continue: () => [{ kind: 'Continue' }],
  TryCatch: (s, g, d) => {
    const tried = d.take(g.insideTry().statements(s.try));
    const caught = d.take(lowerCatch(g.continuing(tried.flow), s, (inside) => inside.statements(s.catch)));
    // (a CATCH that rolls back to a savepoint set just before the TRY wants its changes undone)
    const undone = tryUndoesCompletedWork(s) && ![...caught.flow.savepoints.values()].includes(s);
    const notes = undone && [
      d.mark(
        'TSQL_TRY_UNDONE',
        'medium',
        s.pos,
        "when the TRY block fails, PostgreSQL undoes the block's completed changes (table variables and #temp tables too); SQL Server keeps them unless its transaction is rolled back",
        'run the statements that must be kept before the TRY block, or in their own BEGIN ... EXCEPTION block',
      ),
    ];
    return {
      statements: [
        { kind: 'Block', body: tried.statements, onError: caught.statements, ...(notes && { notes }) },
      ],
      flow: caught.flow,
    };
  },
  Return: (s, g, d) => {
    const state = g.body();
    if (!s.expr) return [...state.returnStatement];
    if (state.routine === 'function' && state.resultSets === 'none') {
      const value = expr(d, g, s.expr);
      return [{ kind: 'Return', value: state.returnType ? pg.cast(value, state.returnType) : value }];
    }
    if (s.expr.kind === 'NumberLiteral' && Number(s.expr.text) === 0) return [...state.returnStatement];
    const code = expr(d, g, s.expr);
    const mark = d.mark(
      'TSQL_RETURN_CODE',
      'medium',
      s.pos,
      `return code ${printExpression(code)} dropped: the converted routine has no return code`,
      'return it as an OUT parameter',
    );
    const [first = { kind: 'Null' }, ...rest] = state.returnStatement;
    return [marked(mark, first), ...rest];
  },
  Raiserror: (s, g, d) => {
    const severity = s.severity.kind === 'NumberLiteral' ? Number(s.severity.text) : 16;
    if (severity <= 10) return [raise('NOTICE', s.message, s.args, g, d)];
    const hint = errorHint(pg.number(50000), expr(d, g, s.severity), expr(d, g, s.state));
    return [{ ...raise('EXCEPTION', s.message, s.args, g, d), using: [{ option: 'HINT', value: hint }] }];
  },
  Throw: (s, g, d) => {
    if (!s.message) return [{ kind: 'Raise', args: [], using: [] }];
    const message = expr(d, g, s.message);
    const hint = errorHint(expr(d, g, s.number!), pg.number(16), expr(d, g, s.state!));
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
  Print: (s, g, d) => [
    { kind: 'Raise', level: 'NOTICE', format: '%', args: [expr(d, g, s.expr)], using: [] },
  ],
  SetOption: (s, g, d) => {
    const name = s.options.join(', ');
    if (s.options.length === 1 && s.options[0] === 'NOCOUNT')
      return [
        {
          kind: 'Comment',
          text: `SET NOCOUNT ${typeof s.value === 'string' ? s.value : ''} dropped: PostgreSQL sends no row-count messages from routines`,
        },
      ];
    if (s.options[0] === 'ROWCOUNT') {
      const n: PgExpression = typeof s.value === 'string' ? pg.number(s.value) : expr(d, g, s.value);
      const limit = n.kind === 'Number' && n.text === '0' ? undefined : n;
      return {
        statements: [
          {
            kind: 'Comment',
            text: `SET ROWCOUNT ${printExpression(n)}: applied as LIMIT to the queries that follow`,
          },
        ],
        flow: { ...g.flow, rowcount: limit },
      };
    }
    if (
      ['ANSI_NULLS', 'QUOTED_IDENTIFIER', 'XACT_ABORT', 'ANSI_WARNINGS', 'ARITHABORT'].includes(s.options[0]!)
    )
      return [{ kind: 'Comment', text: `SET ${name} dropped` }];
    return [noOp(d.mark('TSQL_SET_OPTION', 'medium', s.pos, `SET ${name} is not converted`))];
  },
  Execute: (s, g, d) => {
    if (typeof s.procedure !== 'string' && s.procedure.name.name.toLowerCase() === 'sp_executesql')
      return inPlace(s, g, d) ?? rebuiltAtRunTime(s, g, d) ?? executeSql(s, g, d);
    const procedure =
      typeof s.procedure === 'string' ? [g.variableIdent(s.procedure)] : g.objectNameParts(s.procedure);
    const tables = tableArguments(
      s.args.map((a) => a.value),
      g,
      d,
    );
    const given = s.args.map((a) => ({
      name: a.name && variableIdent(a.name),
      value: tables.filled.find((t) => t.arg === a.value)?.value ?? expr(d, g, a.value),
    }));
    const outputs = typeof s.procedure === 'string' ? undefined : omittedOutputs(s, g, tables.flow);
    const args = [...given, ...(outputs?.args ?? [])];
    const ledger = typeof s.procedure !== 'string' && ledgerProcedureMessage(s.procedure);
    const mark = ledger
      ? d.mark('TSQL_LEDGER', 'high', s.pos, ledger, ledgerSuggestion)
      : d.mark(
          'TSQL_EXEC_PROCEDURE',
          'medium',
          s.pos,
          'EXEC of a procedure: check whether the callee became a function (PERFORM/SELECT) or a procedure (CALL)',
        );
    const call: PgStatement = { kind: 'Call', procedure, args, notes: [mark] };
    const fills = tables.filled.map((t) => t.fill);
    const flow = outputs?.flow ?? tables.flow;
    if (!s.returnVariable) return { statements: [...fills, call], flow };
    // EXEC @rc = p: a converted procedure has no return code; 0 is what SQL Server returns when p ends
    // without RETURN n (the callee's RETURN n is an action item of its own)
    const value = d.note(
      pg.number(0),
      'TSQL_RETURN_CODE',
      'medium',
      s.pos,
      `${s.returnVariable} = the return code of the call, taken as 0: the converted procedure has no return code`,
      'return the code as an OUT parameter if callers test it',
    );
    const rc: PgStatement = { kind: 'Assign', target: g.variableIdent(s.returnVariable), value };
    return { statements: [...fills, call, rc], flow };
  },
  ExecuteString: (s, g, d) => {
    const converted = inPlace(s, g, d) ?? rebuiltAtRunTime(s, g, d);
    if (converted) return converted;
    const mark = d.mark(
      'TSQL_DYNAMIC_SQL',
      'high',
      s.pos,
      'dynamic SQL: the string holds T-SQL, which is not converted',
      'rewrite the generated SQL for PostgreSQL (EXECUTE format(...))',
    );
    const command = s.parts.map((p) => expr(d, g, p)).reduce((all, p) => pg.binary('||', all, p));
    return [{ kind: 'Execute', command, notes: [mark] }];
  },
  // ALTER SEQUENCE s RESTART [WITH n]; its other options are not converted in a routine
  AlterSequence: (s, g, d) => {
    const options = Object.keys(s.options);
    const restart = s.options.RESTART;
    if (options.length !== 1 || typeof restart !== 'string' || s.cycle !== undefined)
      return [
        noOp(d.mark('TSQL_STATEMENT', 'high', s.pos, 'ALTER SEQUENCE other than RESTART is not converted')),
      ];
    return [{ kind: 'RestartSequence', name: g.objectNameParts(s.name), restart }];
  },
  BeginTransaction: (s, _g, d) => [
    noOp(
      d.mark(
        'TSQL_TRANSACTION',
        'medium',
        s.pos,
        'BEGIN TRANSACTION: a PostgreSQL procedure runs in the caller transaction; COMMIT/ROLLBACK end it',
        'review the transaction boundaries',
      ),
    ),
  ],
  CommitTransaction: (s, g, d) => {
    const state = g.body();
    if (state.routine === 'procedure' && state.tryDepth)
      return [
        noOp(
          d.mark(
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
        d.mark(
          'TSQL_TRANSACTION',
          'medium',
          s.pos,
          'COMMIT inside a function or trigger is not allowed in PostgreSQL',
        ),
      ),
    ];
  },
  RollbackTransaction: (s, g, d) => {
    const toSavepoint = rollbackToSavepoint(s, g);
    if (toSavepoint) return d.take(toSavepoint);
    const routine = g.body().routine;
    if (routine === 'procedure') return [{ kind: 'Rollback' }];
    // In a trigger's CATCH block, the error caught is what ends the statement (not a new one).
    if (routine === 'trigger' && g.body().catches?.length) {
      const reraise = d.mark(
        'TSQL_TRIGGER_ROLLBACK',
        'low',
        s.pos,
        "ROLLBACK in a trigger's CATCH block raises the caught error again, which aborts the statement: the rest of the CATCH block does not run (SQL Server runs it after the rollback, then ends the batch; PostgreSQL could not keep its changes anyway)",
      );
      return [{ kind: 'Raise', args: [], using: [], notes: [reraise] }];
    }
    const mark =
      routine === 'trigger'
        ? d.mark(
            'TSQL_TRIGGER_ROLLBACK',
            'low',
            s.pos,
            'ROLLBACK in a trigger becomes an exception that aborts the statement',
          )
        : d.mark(
            'TSQL_TRANSACTION',
            'high',
            s.pos,
            'ROLLBACK inside a function is not allowed in PostgreSQL',
          );
    const format = routine === 'trigger' ? 'transaction rolled back by trigger' : 'rollback';
    return [{ kind: 'Raise', level: 'EXCEPTION', format, args: [], using: [], notes: [mark] }];
  },
  DeclareCursor: (s, g, d) => ({
    statements: [],
    flow: declared(g.flow, { kind: 'Cursor', name: cursorName(s.name, g), query: query(d, g, s.query) }),
  }),
  OpenCursor: (s, g) => [{ kind: 'OpenCursor', cursor: cursorName(s.cursor, g) }],
  FetchCursor: (s, g, d) => [
    {
      kind: 'Fetch',
      direction: s.direction,
      offset: s.offset && expr(d, g, s.offset),
      cursor: cursorName(s.cursor, g),
      into: s.into.map((v) => g.variableIdent(v)),
    },
  ],
  CloseCursor: (s, g) => [{ kind: 'CloseCursor', cursor: cursorName(s.cursor, g) }],
  DeallocateCursor: () => [{ kind: 'Comment', text: 'DEALLOCATE: PostgreSQL frees the cursor at CLOSE' }],
  CreateTable: (s, g, d) => {
    const name = targetName(s.name, g);
    const cols = d.take(tableColumns(s.columns, g, true));
    return s.name.name.name.startsWith('#')
      ? tempTable(name, cols)
      : [{ kind: 'CreateTable', name, temporary: false, columns: cols }];
  },
  CreateIndex: (s, g, d) => {
    const kind = s.xml ? 'an XML' : s.columnstore ? 'a columnstore' : s.where ? 'a filtered' : undefined;
    if (kind)
      return [
        noOp(
          d.mark('TSQL_STATEMENT', 'high', s.pos, `${kind} CREATE INDEX inside a routine is not converted`),
        ),
      ];
    // CLUSTERED orders the rows physically, which results do not show: a plain index.
    return [
      {
        kind: 'CreateIndex',
        name: g.ctx.names.name(s.name.name),
        unique: s.unique,
        table: targetName(s.table, g),
        columns: s.columns.map((c) => ({
          name: columnName(s.table, c.name.name, g),
          descending: c.direction === 'DESC',
        })),
        include: s.include.map((c) => columnName(s.table, c.name, g)),
      },
    ];
  },
  Drop: (s, g, d) =>
    s.objectType === 'TABLE'
      ? s.names.map((n) => dropTable(n, s.ifExists, g))
      : [
          noOp(
            d.mark('TSQL_DROP', 'medium', s.pos, `DROP ${s.objectType} inside a routine is not converted`),
          ),
        ],
  Truncate: (s, g) => [{ kind: 'Truncate', name: targetName(s.table, g) }],
};

/**
 * The PL/pgSQL statements of a list of T-SQL statements, lowered in order, each with what the ones
 * before it left (`g.flow` at the start); a kind with no lowering is an action item.
 */
export function lowerStatements(list: readonly S.Statement[], g: Generator): Lowered<Lines> {
  const d = new Diagnostics();
  const statements: PgStatement[] = [];
  let at = g;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (s.kind === 'SaveTransaction') {
      // SAVE TRANSACTION governs the statements after it in the same list
      const savepoint = d.take(lowerSavepoint(list, i, at));
      statements.push(...savepoint.statements);
      at = at.continuing(savepoint.flow);
      i = savepoint.next - 1;
      continue;
    }
    const lower = statementLowerings[s.kind] as
      ((s: S.Statement, g: Generator, d: Diagnostics) => PgStatement[] | Lines) | undefined;
    if (!lower) {
      statements.push(noOp(d.mark('TSQL_STATEMENT', 'high', s.pos, `${s.kind} statement is not converted`)));
      continue;
    }
    const lines = lower(s, at, d);
    const own = Array.isArray(lines) ? { statements: lines, flow: at.flow } : lines;
    const wrapped = aroundSelfCall(s, own, at.continuing(own.flow), d);
    statements.push(...wrapped.statements);
    at = at.continuing(wrapped.flow);
  }
  return d.result({ statements, flow: at.flow });
}
