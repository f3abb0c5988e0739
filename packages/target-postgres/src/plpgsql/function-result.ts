// A table-valued function of the model read in FROM (`SELECT * FROM dbo.Lines(@id) WHERE IsOpen = 1`):
// its result columns named and typed as its own conversion returns them, so the query reading it
// knows them (`*` expands to them, a bit column compared with 1 is a boolean).

import type * as S from '@ferry/tsql';
import type { ConversionContext } from './conversion-context.js';
import { Generator } from './generator.js';
import type { TargetColumn, TargetRelation } from './name-resolver.js';
import { queryColumns, type QueryColumn } from './query-columns.js';
import { inlineQuery } from './routine-columns.js';
import { tableColumns } from './lower-statement.js';
import { startFlow } from './body-state.js';
import { params, parameterVariables } from './convert-module.js';

/** The result columns of a table-valued function, converted in a context of its own; undefined when not all are known. */
function resultColumns(
  s: S.CreateFunction,
  outer: ConversionContext,
  key: string,
): QueryColumn[] | undefined {
  const names = outer.names.within?.(s.name.schema?.name) ?? outer.names;
  const g = new Generator(outer.forFunctionResult(key, names));
  const inner = g.continuing(startFlow(parameterVariables(s.params, params(g, s.params, false).node)));
  if (s.returns.kind === 'table-variable') {
    const declared = s.returns.columns;
    return tableColumns(declared, inner, false).node.map((c, i) => ({
      name: c.name,
      type: c.type,
      source: declared[i]!.name.name,
    }));
  }
  const query = s.returns.kind === 'inline-table' ? inlineQuery(s) : undefined;
  return query && queryColumns(query, inner);
}

/**
 * resultColumns, told once per function for all the modules of a conversion (by the resolver's memo):
 * they depend on the function alone, except while functions are being told (a function reading one
 * that reads it back), when they are told again.
 */
function memoisedColumns(
  s: S.CreateFunction,
  ctx: ConversionContext,
  key: string,
): QueryColumn[] | undefined {
  const memo = ctx.names.memo?.bind(ctx.names);
  if (!memo || ctx.functionsResolving.size) return resultColumns(s, ctx, key);
  const [schema, name] = [ctx.names.schema(s.name.schema?.name), s.name.name.name.toLowerCase()];
  return memo(`function-result ${schema}.${name}`, () => resultColumns(s, ctx, key));
}

/**
 * The relation a table-valued function of the model is in FROM, as `schema.name` names it at the
 * source; undefined when it is not one, its columns are not all known, or it is already being read
 * (a function reading itself).
 */
export function tableFunctionRelation(
  call: S.FunctionCall,
  ctx: ConversionContext,
): TargetRelation | undefined {
  const schema = call.name.schema?.name;
  const name = call.name.name.name;
  const key = `${schema ?? ''}.${name}`.toLowerCase();
  if (ctx.functionsResolving.has(key)) return undefined;
  const s = ctx.names.userFunction(schema, name);
  const columns = s && s.returns.kind !== 'scalar' ? memoisedColumns(s, ctx, key) : undefined;
  if (!columns) return undefined;
  const bySource = new Map<string, TargetColumn>(
    columns.map((c) => [c.source.toLowerCase(), { name: c.name, type: c.type }]),
  );
  return {
    schema: ctx.names.schema(schema, name),
    name: ctx.names.name(name),
    column: (sourceName) => bySource.get(sourceName.toLowerCase()),
    columns: columns.map((c) => c.name),
    visible: columns.map((c) => c.name),
    starColumns: columns.map((c) => c.source),
  };
}
