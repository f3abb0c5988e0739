// User-defined functions. Scalar ones (dbo.f(x)): each call runs the function's body in a scope of
// its own with the parameters declared, and RETURN gives the value in the declared return type.
// Inline table-valued ones (FROM dbo.f(x)): their query, run with the parameters declared;
// multi-statement ones: their body fills the declared RETURNS @t TABLE, whose rows are the result.

import type { FunctionCall, Statement, TableFunctionRef } from '@ferry/tsql';
import type { SqlType, StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Module } from '../storage/objects.js';
import { convert, type Value } from '../types/convert.js';
import { compileExpr } from './expressions.js';
import { compileQuery, type SourcePlan } from './query.js';
import { cachedPlan, compileKey } from './plan-cache.js';
import { Scope, type CompileCtx, type Compiled, type EvalCtx, type Row } from './scope.js';
import { buildTable } from './ddl.js';
import { declareTableVariable } from './table-variables.js';
import { bindTableParameter } from './table-valued-parameters.js';
import { runStatements } from './statements.js';
import type { SessionState } from './session-state.js';

/** The user function `schema.name` names, if any. */
function findFunction(call: FunctionCall, session: SessionState): Module | undefined {
  if (!call.name.schema) return undefined;
  const db = call.name.database ? session.server.database(call.name.database.name) : session.db;
  const schema = db?.schema(call.name.schema.name);
  const fn = schema
    ? (db!.findObject(schema.schemaId, call.name.name.name) as Module | undefined)
    : undefined;
  return fn && ['FN', 'IF', 'TF'].includes(fn.type) ? fn : undefined;
}

/** Runs `f` with the function's parameters as the only variables (values given, or NULL to compile). */
function withParameters<T>(
  fn: Module,
  values: (Value | undefined)[] | undefined,
  session: SessionState,
  f: () => T,
): T {
  const saved = new Map(session.variables);
  session.variables.clear();
  try {
    fn.parameters.forEach((p, i) => session.declare(p.name, p.type, values?.[i] ?? null));
    return f();
  } finally {
    session.variables.clear();
    for (const [k, v] of saved) session.variables.set(k, v);
  }
}

/** FROM schema.f(args) for an inline table-valued function; undefined when it names no user function. */
export function userTableFunctionSource(ref: TableFunctionRef, cc: CompileCtx): SourcePlan | undefined {
  const session = cc.session;
  const fn = findFunction(ref.call, session);
  if (!fn) return undefined;
  const label = `${ref.call.name.schema!.name}.${fn.name}`;
  if (fn.type === 'FN') throw new SqlError(208, `Invalid object name '${label}'.`, 16);
  const ret = fn.body?.[0];
  const inline =
    fn.type === 'IF' && ret?.kind === 'Return' && ret.expr?.kind === 'Subquery' ? ret.expr.query : undefined;
  if (!fn.body || (fn.type === 'IF' ? !inline : !fn.returnsTable))
    throw new SqlError(
      40517,
      `Function '${label}' could not be parsed by the SQL Server emulator, so it cannot run.`,
      16,
    );
  if (ref.call.args.length !== fn.parameters.length)
    throw new SqlError(
      ref.call.args.length < fn.parameters.length ? 313 : 8144,
      ref.call.args.length < fn.parameters.length
        ? `An insufficient number of arguments were supplied for the procedure or function ${label}.`
        : `Procedure or function ${fn.name} has too many arguments specified.`,
      16,
    );
  // Arguments may read the row of an enclosing query or of the left side of an APPLY (an outer row).
  const argScope = new Scope([], cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined);
  const args = ref.call.args.map((a) =>
    a.kind === 'DefaultValue' ? undefined : compileExpr(a, { ...cc, scope: argScope }),
  );
  const values = (ctx: EvalCtx) =>
    args.map((a, i) => {
      const p = fn.parameters[i];
      if (!a) {
        if (!p.default) return null;
        const d = compileExpr(p.default, { scope: new Scope([]), session });
        return convert(d.eval([], ctx), d.type, p.type, 0, session);
      }
      return convert(a.eval([], ctx), a.type, p.type, 0, session);
    });
  const qualifier = (ref.alias?.name ?? fn.name).toLowerCase();
  if (!inline) {
    const returns = fn.returnsTable!;
    // The declared table's columns, from a definition built once and dropped.
    const tempdb = session.database('tempdb');
    const probe = buildTable(tempdb, 1, `#tf${session.spid}`, returns, session);
    tempdb.remove(probe.objectId);
    return {
      bindings: probe.columns.map((c, i) => ({
        qualifier,
        name: ref.columns?.[i]?.name ?? c.name,
        type: c.type,
        nullable: c.nullable,
      })),
      rows: (ctx) => runTableFunction(fn, returns, values(ctx), ctx.session),
    };
  }
  const plan = cachedPlan(fn, compileKey(session), () =>
    withParameters(fn, undefined, session, () => compileQuery(inline, session)),
  );
  return {
    bindings: plan.columns.map((c, i) => ({
      qualifier,
      name: ref.columns?.[i]?.name ?? c.name,
      type: c.type,
      nullable: c.nullable,
    })),
    // Faults target the function's rows by its name (e.g. CDC's cdc.fn_cdc_get_all_changes_<ci>).
    source: label,
    // Read at once: the function's parameters are its only variables while its query runs.
    rows: (ctx) =>
      withParameters(fn, values(ctx), ctx.session, () => [...plan.rows({ session: ctx.session, outer: [] })]),
  };
}

/** Runs a multi-statement function's body in a scope of its own and returns the rows of its table. */
function runTableFunction(
  fn: Module,
  returns: NonNullable<Module['returnsTable']>,
  values: Value[],
  session: SessionState,
): Row[] {
  return inFunctionScope(fn, { name: 'int' }, session, () => {
    fn.parameters.forEach((p, i) => session.declare(p.name, p.type, values[i]));
    declareTableVariable(session, {
      kind: 'VariableDecl',
      name: returns.variable,
      table: returns,
      pos: { line: 0, column: 0 },
    });
    const table = session.variable(returns.variable).table!;
    refuseResultSets(runStatements(fn.body!, session));
    return [...table.rows];
  });
}

/**
 * Runs `body` as a function call: nesting checked (217), the caller's variables and function result
 * put aside and given back, and an error inside ending the statement that called the function.
 */
/** Runs `body` in a function's own scope; it is given the caller's variables (as they were on entry). */
function inFunctionScope<T>(
  fn: Module,
  resultType: SqlType,
  session: SessionState,
  body: (callerVariables: SessionState['variables']) => T,
): T {
  if (session.modules.length >= 32)
    throw new SqlError(
      217,
      'Maximum stored procedure, function, trigger, or view nesting level exceeded (limit 32).',
      16,
      1,
    );
  const saved = new Map(session.variables);
  const result = session.functionResult;
  session.variables.clear();
  session.functionResult = { type: resultType, value: null };
  session.modules.push(fn);
  session.catchers++;
  try {
    return body(saved);
  } finally {
    session.catchers--;
    session.modules.pop();
    session.functionResult = result;
    session.clearVariables();
    for (const [k, v] of saved) session.variables.set(k, v);
  }
}

/** A function body may not return rows to the client (444). */
function refuseResultSets(results: Iterable<StatementResult>): void {
  for (const r of results)
    if (r.kind === 'rows')
      throw new SqlError(
        444,
        'Select statements included within a function cannot return data to a client.',
        16,
        1,
      );
}

/** A call of a scalar user function, or undefined when `schema.name` is not one. */
export function compileUserFunction(
  call: FunctionCall,
  cc: CompileCtx,
  run: (body: readonly Statement[], session: SessionState) => Iterable<StatementResult>,
): Compiled | undefined {
  const session = cc.session;
  const fn = findFunction(call, session);
  if (!fn) return undefined;
  const label = `${call.name.schema!.name}.${fn.name}`;
  if (fn.type !== 'FN')
    throw new SqlError(
      4121,
      `Cannot find either column "${call.name.schema!.name}" or the user-defined function or aggregate "${label}", or the name is ambiguous.`,
      16,
    );
  if (!fn.body || !fn.returnType)
    throw new SqlError(
      40517,
      `Function '${label}' could not be parsed by the SQL Server emulator, so it cannot run.`,
      16,
    );
  // Every parameter needs an argument (DEFAULT for one with a default), unlike procedures.
  if (call.args.length < fn.parameters.length)
    throw new SqlError(
      313,
      `An insufficient number of arguments were supplied for the procedure or function ${label}.`,
      16,
      3,
    );
  if (call.args.length > fn.parameters.length)
    throw new SqlError(8144, `Procedure or function ${fn.name} has too many arguments specified.`, 16, 2);
  const args = call.args.map((a) => (a.kind === 'DefaultValue' ? undefined : compileExpr(a, cc)));
  const variables = call.args.map((a) => (a.kind === 'Variable' ? a.name : undefined));
  const body = fn.body;
  const returnType = fn.returnType;
  return {
    type: returnType,
    nullable: true,
    eval: (row, ctx) => {
      const values = args.map((a, i) =>
        a ? { v: a.eval(row, ctx), t: a.type, variable: variables[i] } : undefined,
      );
      return callFunction(fn, label, values, body, ctx.session, run);
    },
  };
}

type ArgumentValue = { v: Value; t: SqlType; variable?: string | undefined };

function callFunction(
  fn: Module,
  label: string,
  values: (ArgumentValue | undefined)[],
  body: readonly Statement[],
  session: SessionState,
  run: (body: readonly Statement[], session: SessionState) => Iterable<StatementResult>,
): Value {
  return inFunctionScope(fn, fn.returnType!, session, (callerTables) => {
    fn.parameters.forEach((p, i) => {
      const a = values[i];
      if (p.tableType !== undefined) {
        const arg = a && { value: a.v, type: a.t, output: false, variable: a.variable };
        // A READONLY table-valued parameter is bound to the caller's table variable.
        return bindTableParameter(session, p, arg, callerTables, session.db);
      }
      let value: Value = null;
      if (a) value = convert(a.v, a.t, p.type, 0, session);
      else if (p.default) {
        const d = compileExpr(p.default, { scope: new Scope([]), session });
        value = convert(d.eval([], { session, outer: [] }), d.type, p.type, 0, session);
      } else if (!p.hasDefault)
        throw new SqlError(
          313,
          `An insufficient number of arguments were supplied for the procedure or function ${label}.`,
          16,
          3,
        );
      session.declare(p.name, p.type, value);
    });
    refuseResultSets(run(body, session));
    return session.functionResult!.value; // set by inFunctionScope
  });
}
