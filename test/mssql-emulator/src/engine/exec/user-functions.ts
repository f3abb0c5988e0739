// Scalar user-defined functions (dbo.f(x)): each call runs the function's body in a scope of its
// own with the parameters declared, and RETURN gives the value in the declared return type.

import type { FunctionCall, Statement } from '@ferry/core/sql';
import type { StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Module } from '../storage/objects.js';
import { convert, type Value } from '../types/convert.js';
import { compileExpr } from './expressions.js';
import { Scope, type CompileCtx, type Compiled } from './scope.js';
import type { SessionState } from './session-state.js';

/** A call of a scalar user function, or undefined when `schema.name` is not one. */
export function compileUserFunction(
  call: FunctionCall,
  cc: CompileCtx,
  run: (body: readonly Statement[], session: SessionState) => Iterable<StatementResult>,
): Compiled | undefined {
  const session = cc.session;
  if (!call.name.schema) return undefined;
  const db = call.name.database ? session.server.database(call.name.database.name) : session.db;
  const schema = db?.schema(call.name.schema.name);
  const fn = schema ? (db!.findObject(schema.schemaId, call.name.name.name) as Module | undefined) : undefined;
  if (!fn || !['FN', 'IF', 'TF'].includes(fn.type)) return undefined;
  const label = `${call.name.schema.name}.${fn.name}`;
  if (fn.type !== 'FN')
    throw new SqlError(4121, `Cannot find either column "${call.name.schema.name}" or the user-defined function or aggregate "${label}", or the name is ambiguous.`, 16);
  if (!fn.body || !fn.returnType) throw new SqlError(40517, `Function '${label}' could not be parsed by the SQL Server emulator, so it cannot run.`, 16);
  // Every parameter needs an argument (DEFAULT for one with a default), unlike procedures.
  if (call.args.length < fn.parameters.length)
    throw new SqlError(313, `An insufficient number of arguments were supplied for the procedure or function ${label}.`, 16, 3);
  if (call.args.length > fn.parameters.length) throw new SqlError(8144, `Procedure or function ${fn.name} has too many arguments specified.`, 16, 2);
  const args = call.args.map((a) => (a.kind === 'DefaultValue' ? undefined : compileExpr(a, cc)));
  const body = fn.body;
  const returnType = fn.returnType;
  return {
    type: returnType,
    nullable: true,
    eval: (row, ctx) => {
      const values = args.map((a) => (a ? { v: a.eval(row, ctx), t: a.type } : undefined));
      return callFunction(fn, label, values, body, ctx.session, run);
    },
  };
}

function callFunction(
  fn: Module,
  label: string,
  values: ({ v: Value; t: import('../../engine-api.js').SqlType } | undefined)[],
  body: readonly Statement[],
  session: SessionState,
  run: (body: readonly Statement[], session: SessionState) => Iterable<StatementResult>,
): Value {
  if (session.modules.length >= 32) throw new SqlError(217, 'Maximum stored procedure, function, trigger, or view nesting level exceeded (limit 32).', 16, 1);
  const saved = new Map(session.variables);
  const result = session.functionResult;
  session.variables.clear();
  session.functionResult = { type: fn.returnType!, value: null };
  session.modules.push(fn.name);
  // Errors inside a function end the statement that called it.
  session.catchers++;
  try {
    fn.parameters.forEach((p, i) => {
      const a = values[i];
      let value: Value = null;
      if (a) value = convert(a.v, a.t, p.type, 0, session);
      else if (p.default) {
        const d = compileExpr(p.default, { scope: new Scope([]), session });
        value = convert(d.eval([], { session, outer: [] }), d.type, p.type, 0, session);
      } else if (!p.hasDefault) throw new SqlError(313, `An insufficient number of arguments were supplied for the procedure or function ${label}.`, 16, 3);
      session.declare(p.name, p.type, value);
    });
    for (const r of run(body, session))
      if (r.kind === 'rows') throw new SqlError(444, 'Select statements included within a function cannot return data to a client.', 16, 1);
    return session.functionResult.value;
  } finally {
    session.catchers--;
    session.modules.pop();
    session.functionResult = result;
    session.clearVariables();
    for (const [k, v] of saved) session.variables.set(k, v);
  }
}
