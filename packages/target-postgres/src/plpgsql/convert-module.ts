// convertModule: one parsed T-SQL module (view, procedure, function, trigger, alias type) -> PostgreSQL
// statements plus the action items raised on the way; convertExpression for defaults/checks/computed columns.

import type { ActionItem, UserType } from '@ferry/core';
import { mapLogicalType } from '../types.js';
import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import { ConversionContext, type Variable } from './conversion-context.js';
import { Generator, tableVariableIdent, variableIdent } from './generator.js';
import type { NameResolver, TargetRelation } from './name-resolver.js';
import { declared, startFlow, withVariable, type BodyState } from './body-state.js';
import { Diagnostics, diagnostic, type Lowered } from './lowered.js';
import { lowerExpression } from './lower-expression.js';
import { lowerSelect } from './lower-query.js';
import {
  pg,
  type PgBody,
  type PgColumnDefinition,
  type PgExpression,
  type PgModuleStatement,
  type PgParameter,
  type PgStatement,
} from '../pg/ast.js';
import { printExpression } from '../pg/print-expression.js';
import { printDdl } from '../pg/print-ddl.js';
import { runtimeResults, tableColumns, tempTable } from './lower-statement.js';
import { queryColumns } from './query-columns.js';
import { securityDefiner as runsAsOwner } from './passes/execute-as.js';
import { assignedValue } from './passes/bit-literals.js';
import { arrayOf, parsePgType, pgTypeNamed, type PgType } from '../pg/pg-type.js';
import { constantTexts, runtimeTexts } from './passes/dynamic-sql.js';
import { returnsRows } from './returns-rows.js';
import { insertsOnly } from './passes/result-rows.js';
import { triggerFunction } from '../ddl/row-trigger.js';
import { inlineQuery } from './routine-columns.js';
import { missingRelations, resolvedWhenCalled } from './passes/missing-relations.js';
import { insteadOfReturn, insteadOfStart, perRowDiagnostics, viewRowReturn } from './instead-of-trigger.js';
import { directRecursionReturn, directRecursionStart } from './trigger-recursion.js';

export interface ConvertedModule {
  statements: string[];
  actionItems: ActionItem[];
}

export interface ModuleSource {
  /** The parsed CREATE statement. */
  statement: S.Statement;
  /** The module's original text (for action item snippets). */
  text?: string;
  /** Line of the text's first line in the script its positions refer to. */
  startLine?: number;
  /** A trigger's parent as the source model says (default: a table when the names know it). */
  parent?: TriggerParent;
}

export type TriggerParent = 'table' | 'view';

/** `schema.name` as the source names the object (the schema dbo when it names none). */
const sourceName = (o: S.ObjectName) => `${o.schema?.name ?? 'dbo'}.${o.name.name}`;

function label(kind: string, o: S.ObjectName): string {
  return `${kind} ${sourceName(o)}`;
}

/** A routine body lowered from the parameters' variables on: its PL/pgSQL and how many result sets it opened. */
function body(
  module: Generator,
  statements: readonly S.Statement[],
  routine: BodyState,
  parameters: ReadonlyMap<string, Variable>,
): Lowered<{ body: PgBody; cursors: number }> {
  const state = { ...routine, constants: constantTexts(statements), runtimeTexts: runtimeTexts(statements) };
  let flow = startFlow(parameters);
  if (findAll(statements as S.Statement[], 'Variable').some((v) => v.name.toLowerCase() === '@@rowcount')) {
    const type = pgTypeNamed('bigint');
    flow = declared(withVariable(flow, '@@rowcount', { name: 'v_rowcount', type }), {
      kind: 'Variable',
      name: 'v_rowcount',
      type,
    });
  }
  const g = module.withBody(state, flow);
  const d = new Diagnostics();
  const start = triggerRowcount(g, state);
  const lines = d.take(g.statements(statements));
  return d.result({
    body: {
      columnsWin: state.columnsWin ?? false,
      declarations: [...lines.flow.declarations],
      statements: [...start, ...(state.prologue ?? []), ...lines.statements, ...state.returnStatement],
    },
    cursors: lines.flow.cursors,
  });
}

/** A trigger starts with @@ROWCOUNT = the rows its statement affected: its transition table's count. */
function triggerRowcount(g: Generator, state: BodyState): PgStatement[] {
  const table = g.ctx.transitionTables;
  const rows = table?.inserted ?? table?.deleted;
  if (state.routine !== 'trigger' || !rows || !g.ctx.variables.has('@@rowcount')) return [];
  // (a row trigger's statement is its one row)
  if (table?.row) return [{ kind: 'Assign', target: g.variableIdent('@@rowcount'), value: pg.number(1) }];
  const count: PgExpression = { kind: 'Call', fn: { builtin: 'count' }, args: [], star: true };
  const core = pg.selectCore([count], [pg.table([rows])]);
  const query = pg.select({ ...core, into: [pg.name(g.variableIdent('@@rowcount'))] });
  return [{ kind: 'SelectInto', query }];
}

/** A routine's parameters (a default fitted to its type). */
export function params(
  g: Generator,
  list: readonly S.ParameterDef[],
  inout: boolean,
): Lowered<PgParameter[]> {
  const d = new Diagnostics();
  const firstDefault = list.findIndex((p) => p.default);
  const parameters = list.map((p, i): PgParameter => {
    const name = variableIdent(p.name);
    // A table-valued parameter (READONLY, of a table type) is an array of the type's composite.
    const element = g.type(p.dataType, 'declare');
    const type = p.readonly ? arrayOf(element) : element;
    const mode = p.output ? (inout ? 'INOUT' : 'OUT') : undefined;
    const value = p.default
      ? assignedValue(d.take(lowerExpression(p.default, g)), type)
      : firstDefault >= 0 && i > firstDefault && mode !== 'OUT'
        ? requiredAfterDefault(p, list[firstDefault]!, d)
        : undefined;
    return { mode, name, type, default: value };
  });
  return d.result(parameters);
}

/**
 * PostgreSQL wants a default on every input parameter after one that has a default; T-SQL does not.
 * Such a parameter gets DEFAULT NULL: every call SQL Server accepts runs the same; one that leaves it
 * out, which SQL Server refuses (201), passes NULL.
 */
function requiredAfterDefault(p: S.ParameterDef, first: S.ParameterDef, d: Diagnostics): PgExpression {
  return d.note(
    pg.null(),
    'TSQL_PARAMETER_DEFAULT',
    'medium',
    p.pos,
    `${p.name} has no default but follows ${first.name}, which has one: PostgreSQL requires defaults after the first, so it is DEFAULT NULL (a call leaving it out passes NULL instead of being refused)`,
    'check that callers pass it, or reorder the parameters',
  );
}

/** The variables of a routine's parameters, by lower-cased T-SQL name. */
export function parameterVariables(
  list: readonly S.ParameterDef[],
  parameters: readonly PgParameter[],
): Map<string, Variable> {
  return new Map(
    list.map((p, i) => [
      p.name.toLowerCase(),
      { name: parameters[i]!.name, type: parameters[i]!.type, sourceType: p.dataType.name.toLowerCase() },
    ]),
  );
}

type Routine = Pick<
  Extract<PgModuleStatement, { kind: 'CreateRoutine' }>,
  'kind' | 'name' | 'securityDefiner'
>;

/**
 * A procedure: a PROCEDURE (OUTPUT -> INOUT); with result sets a function RETURNS SETOF refcursor, or,
 * when it has OUTPUT parameters too, a PROCEDURE whose result sets are INOUT refcursor parameters
 * `result_1`, `result_2`, ... (DEFAULT NULL) after its own: CALL returns the OUTPUT values and the
 * cursors in one row, a cursor NULL when its statement did not run.
 */
function procedure(s: S.CreateProcedure, g: Generator, routine: Routine): Lowered<PgModuleStatement> {
  const d = new Diagnostics();
  const base: BodyState = {
    resultSets: 'refcursor',
    sourceName: sourceName(s.name),
    routineName: g.objectNameParts(s.name),
    routine: 'procedure',
    returnStatement: [{ kind: 'Return' }],
  };
  const hasResults =
    s.body!.some(returnsRows) ||
    runtimeResults(
      runtimeTexts(s.body!),
      g.withBody({ ...base, constants: constantTexts(s.body!) }, startFlow()),
    );
  const withOutput = s.params.some((p) => p.output);
  const state: BodyState = { ...base, resultSets: hasResults ? 'refcursor' : 'none' };
  if (hasResults && !withOutput) {
    const p = d.take(params(g, s.params, false));
    const b = d.take(body(g, s.body!, { ...state, routine: 'function' }, parameterVariables(s.params, p)));
    const returns = { kind: 'SetOf', type: pgTypeNamed('refcursor') } as const;
    return d.result({
      ...routine,
      routine: 'FUNCTION',
      params: p,
      returns,
      body: { language: 'plpgsql', body: b.body },
    });
  }
  const p = d.take(params(g, s.params, true));
  const b = d.take(
    body(g, s.body!, { ...state, cursorParameters: hasResults }, parameterVariables(s.params, p)),
  );
  const cursors = Array.from({ length: b.cursors }, (_, i): PgParameter => ({
    mode: 'INOUT',
    name: `result_${i + 1}`,
    type: pgTypeNamed('refcursor'),
    default: pg.null(),
  }));
  return d.result({
    ...routine,
    routine: 'PROCEDURE',
    params: [...p, ...cursors],
    body: { language: 'plpgsql', body: b.body },
  });
}

/** Converts one module. Never throws for an unsupported construct: it becomes an action item. */
/** The source schema of a module, in which its code's unqualified names are looked up first: a trigger's is its table's. */
function moduleSchema(s: S.Statement): string | undefined {
  if (s.kind === 'CreateTrigger') return s.table.schema?.name ?? s.name.schema?.name;
  if (s.kind === 'CreateView' || s.kind === 'CreateProcedure' || s.kind === 'CreateFunction')
    return s.name.schema?.name;
  return undefined;
}

export function convertModule(source: ModuleSource, names: NameResolver): ConvertedModule {
  const s = source.statement;
  const object =
    s.kind === 'CreateView'
      ? label('view', s.name)
      : s.kind === 'CreateProcedure'
        ? label('procedure', s.name)
        : s.kind === 'CreateFunction'
          ? label('function', s.name)
          : s.kind === 'CreateTrigger'
            ? label('trigger', s.name)
            : s.kind === 'CreateType'
              ? label('type', s.name)
              : s.kind;
  const ctx = new ConversionContext(
    names.within?.(moduleSchema(s)) ?? names,
    object,
    source.text,
    source.startLine ?? 1,
  );
  const d = new Diagnostics();
  const out = (statements: PgModuleStatement[]): ConvertedModule => ({
    statements: statements.map(printDdl),
    actionItems: d.result(undefined).diagnostics.map((x) => ctx.actionItem(x)),
  });
  const flag = (...args: Parameters<typeof diagnostic>) => d.add(diagnostic(...args));
  const g = new Generator(ctx);
  if (
    (s.kind === 'CreateView' ||
      s.kind === 'CreateProcedure' ||
      s.kind === 'CreateFunction' ||
      s.kind === 'CreateTrigger') &&
    s.body === null
  ) {
    const e = s.bodyError;
    flag(
      'TSQL_PARSE_ERROR',
      'critical',
      e && { line: e.line, column: e.column },
      `the module body did not parse: ${e?.message ?? 'unknown error'}`,
      'convert this module by hand',
    );
    return out([]);
  }
  const securityDefiner =
    s.kind === 'CreateProcedure' || s.kind === 'CreateFunction' ? d.take(runsAsOwner(s)) : false;
  switch (s.kind) {
    case 'CreateView': {
      return out([
        {
          kind: 'CreateView',
          name: g.objectNameParts(s.name),
          columns: s.columns?.map((c) => names.name(c.name)),
          query: d.take(lowerSelect(s.body!, g)),
          checkOption: !!s.withCheckOption,
        },
      ]);
    }
    case 'CreateProcedure':
      return out([
        d.take(procedure(s, g, { kind: 'CreateRoutine', name: g.objectNameParts(s.name), securityDefiner })),
      ]);
    case 'CreateFunction': {
      const p = d.take(params(g, s.params, false));
      const parameters = parameterVariables(s.params, p);
      const fn = {
        kind: 'CreateRoutine',
        routine: 'FUNCTION',
        name: g.objectNameParts(s.name),
        params: p,
        securityDefiner,
      } as const;
      if (s.returns.kind === 'scalar') {
        const returnType = g.type(s.returns.type, 'declare');
        const state: BodyState = {
          resultSets: 'none',
          sourceName: sourceName(s.name),
          routineName: fn.name,
          routine: 'function',
          returnStatement: [],
          returnType,
        };
        const b = d.take(body(g, s.body!, state, parameters));
        return out([
          { ...fn, returns: { kind: 'Type', type: returnType }, body: { language: 'plpgsql', body: b.body } },
        ]);
      }
      if (s.returns.kind === 'inline-table') {
        const query = inlineQuery(s);
        if (!query) {
          flag('TSQL_INLINE_FUNCTION', 'high', s.pos, 'inline table-valued function body not understood');
          return out([]);
        }
        const inline = g.continuing(startFlow(parameters));
        const columns = queryColumns(query, inline);
        const sql = { language: 'sql', query: d.take(lowerSelect(query, inline)) } as const;
        missingRelations(query, inline).forEach((x) => d.add(x));
        if (columns)
          return resolvedWhenCalled(out([{ ...fn, returns: { kind: 'Table', columns }, body: sql }]));
        flag(
          'TSQL_TVF_COLUMNS',
          'medium',
          s.pos,
          'inline table-valued function returns SETOF record (the type of a column could not be told): callers must give a column definition list',
          'replace RETURNS SETOF record with RETURNS TABLE (...) naming the column types',
        );
        return resolvedWhenCalled(
          out([{ ...fn, returns: { kind: 'SetOf', type: pgTypeNamed('record') }, body: sql }]),
        );
      }
      const table = s.returns;
      const tableVar = tableVariableIdent(table.variable, fn.name);
      const stored = d.take(tableColumns(table.columns, g.continuing(startFlow(parameters)), false));
      const variables = new Map([
        ...parameters,
        [table.variable.toLowerCase(), { name: tableVar, columns: stored }],
      ]);
      const cols: PgColumnDefinition[] = stored.map((c) => ({ name: c.name, type: c.type }));
      const rows = pg.selectCore([{ kind: 'Star' }], [pg.table([tableVar])]);
      const state: BodyState = {
        resultSets: 'none',
        sourceName: sourceName(s.name),
        routineName: fn.name,
        routine: 'function',
        returnStatement: [{ kind: 'ReturnQuery', query: pg.select(rows) }, { kind: 'Return' }],
        columnsWin: true,
        prologue: tempTable([tableVar], stored),
      };
      const direct = insertsOnly(s.body!, table.variable, table.columns);
      const b = d.take(
        body(
          g,
          s.body!,
          direct
            ? {
                ...state,
                resultRows: { variable: table.variable.toLowerCase(), columns: cols },
                returnStatement: [{ kind: 'Return' }],
                prologue: [],
              }
            : state,
          variables,
        ),
      );
      return out([
        { ...fn, returns: { kind: 'Table', columns: cols }, body: { language: 'plpgsql', body: b.body } },
      ]);
    }
    case 'CreateTrigger':
      return out(d.take(convertTrigger(s, g, source.parent)));
    case 'CreateType': {
      if (!s.baseType) {
        flag(
          'TSQL_TABLE_TYPE',
          'high',
          s.pos,
          'table types have no PostgreSQL equivalent',
          'use a composite type and arrays, or a temporary table',
        );
        return out([]);
      }
      return out([domain(g.objectNameParts(s.name), g.type(s.baseType, 'declare'), s.nullable)]);
    }
    default:
      flag('TSQL_MODULE', 'high', s.pos, `${s.kind} is not a module`);
      return out([]);
  }
}

/**
 * A domain for an alias type. NOT NULL of an alias type is only the default nullability of the
 * columns declared with it (a column may say NULL), so it stays on the columns, not the domain.
 */
function domain(
  name: string[],
  type: PgType,
  nullable: boolean | undefined,
): Extract<PgStatement, { kind: 'CreateDomain' }> {
  const remark =
    nullable === false
      ? 'NOT NULL of the alias type is kept on each column, where SQL Server applies it'
      : undefined;
  return { kind: 'CreateDomain', name, type, remark };
}

/**
 * A user-defined alias type of the model -> a domain; a table type -> a composite type of its columns
 * (a table-valued parameter becomes an array of it). `rerunnable`: in a block that skips the type when
 * it exists (the plan's steps, which a re-run applies again).
 */
export function convertUserType(u: UserType, names: NameResolver, rerunnable = false): ConvertedModule {
  const print = (create: Extract<PgStatement, { kind: 'CreateDomain' | 'CreateCompositeType' }>) =>
    printDdl(
      rerunnable
        ? {
            kind: 'Do',
            body: [create],
            onError: [{ kind: 'Null' }],
            catches: { conditions: ['duplicate_object'] },
          }
        : create,
    );
  // A name the rules gave otherwise than the naming strategy is kept (the strategy again would undo
  // a reserved word's rename: order_ -> order).
  const name = [names.schema(u.schema), u.sourceName ? u.name : names.name(u.name)];
  const tableType = u.kind === 'table' ? names.tableType(u.schema, u.name) : undefined;
  if (tableType) {
    const columns = tableType.columns.map((c) => ({ name: c.name, type: c.type }));
    return {
      statements: [print({ kind: 'CreateCompositeType', name: tableType.name, columns })],
      actionItems: [],
    };
  }
  if (!u.type) {
    const ctx = new ConversionContext(names, `type ${u.schema}.${u.name}`);
    const item = diagnostic(
      'TSQL_USER_TYPE',
      'high',
      undefined,
      'the alias type has no base type to convert',
    );
    return { statements: [], actionItems: [ctx.actionItem(item)] };
  }
  return {
    statements: [print(domain(name, parsePgType(mapLogicalType(u.type, names.types).sql), u.nullable))],
    actionItems: [],
  };
}

function convertTrigger(
  s: S.CreateTrigger,
  g: Generator,
  parent: TriggerParent | undefined,
): Lowered<PgModuleStatement[]> {
  const d = new Diagnostics();
  const rel: TargetRelation | undefined = g.ctx.names.relation(s.table.schema?.name, s.table.name.name);
  const table = g.objectNameParts(s.table);
  const onParent = parent ?? (rel ? 'table' : 'unknown');
  // (an INSTEAD OF trigger becomes a row trigger: BEFORE on a table, INSTEAD OF on a view; instead-of-trigger.ts)
  const perRow = s.timing === 'INSTEAD OF' && ((onParent === 'table' && !!rel) || onParent === 'view');
  const onTable = perRow && onParent === 'table';
  if (s.timing === 'INSTEAD OF' && !perRow) {
    d.add(
      diagnostic(
        'TSQL_INSTEAD_OF_TRIGGER',
        'high',
        s.pos,
        'INSTEAD OF trigger on an object that is neither a table nor a view of the migration',
        'convert it by hand once its table or view is migrated',
      ),
    );
    return d.result([]);
  }
  if (perRow) perRowDiagnostics(s.body!, s.pos).forEach((x) => d.add(x));
  const usesUpdateFn = findAll(s.body!, 'FunctionCall').some(
    (f) => !f.name.schema && f.name.name.name.toLowerCase() === 'update',
  );
  if (usesUpdateFn)
    d.add(
      diagnostic(
        'TSQL_UPDATE_FUNCTION',
        'medium',
        s.pos,
        'UPDATE(column) is true in the INSERT trigger, false in the DELETE trigger, and taken as true in the UPDATE trigger: PostgreSQL statement triggers do not tell which columns were set',
        'compare old and new rows (inserted/deleted), or use CREATE TRIGGER ... UPDATE OF column',
      ),
    );
  const fnBase = `${g.ctx.names.name(s.name.name.name)}`;
  const schema = rel?.schema ?? g.ctx.names.schema(s.table.schema?.name);
  const statements: PgModuleStatement[] = [];
  for (const event of s.events) {
    const name = s.events.length > 1 ? `${fnBase}_${event.toLowerCase()}` : fnBase;
    const fn: [string, string] = [schema, name];
    const tg = new Generator(
      g.ctx.forTrigger({
        table: s.table.name.name,
        schema: s.table.schema?.name,
        inserted: event !== 'DELETE' ? (perRow ? 'new' : 'inserted') : undefined,
        deleted: event !== 'INSERT' ? (perRow ? 'old' : 'deleted') : undefined,
        row: perRow,
      }),
    );
    const state: BodyState = {
      resultSets: 'none',
      sourceName: sourceName(s.name),
      routineName: fn,
      routine: 'trigger',
      returnStatement: !perRow ? directRecursionReturn() : onTable ? insteadOfReturn() : viewRowReturn(event),
      prologue: !perRow
        ? directRecursionStart(`${schema}.${fnBase}`)
        : onTable
          ? insteadOfStart(event)
          : undefined,
    };
    const b = d.take(body(tg, s.body!, state, new Map()));
    statements.push(
      triggerFunction([schema, name], b.body),
      perRow
        ? {
            kind: 'CreateTrigger',
            name,
            event,
            table,
            function: fn,
            eachRow: onTable ? 'BEFORE' : 'INSTEAD OF',
          }
        : {
            kind: 'CreateTrigger',
            name,
            event,
            table,
            newTable: event !== 'DELETE' ? 'inserted' : undefined,
            oldTable: event !== 'INSERT' ? 'deleted' : undefined,
            function: fn,
          },
    );
  }
  return d.result(statements);
}

/** One expression of a table (default, check, computed column, index filter) as a PostgreSQL tree, with its action items. */
export function lowerTableExpression(
  expr: S.Expression,
  names: NameResolver,
  table: { schema: string; name: string },
  object: string,
): { tree: PgExpression; actionItems: ActionItem[] } {
  const ctx = new ConversionContext(names, object);
  const rel = names.relation(table.schema, table.name);
  const g = new Generator(ctx).withScope({
    aliases: new Map(rel ? [[table.name.toLowerCase(), rel]] : []),
    relations: rel ? [rel] : [],
  });
  const tree = lowerExpression(expr, g);
  return {
    tree: tree.node,
    actionItems: tree.diagnostics.map((d) => ctx.actionItem(d)),
  };
}

/** One expression of a table in PostgreSQL text, with its action items. */
export function convertExpression(
  expr: S.Expression,
  names: NameResolver,
  table: { schema: string; name: string },
  object: string,
): { sql: string; actionItems: ActionItem[] } {
  const { tree, actionItems } = lowerTableExpression(expr, names, table, object);
  return { sql: printExpression(tree), actionItems };
}
