// Dynamic SQL whose text is known at conversion time: EXEC ('...'), EXEC sp_executesql N'...'
// [, N'@p type [OUTPUT], ...', @p = value, ...], the text given as a literal or through a variable that
// only its declaration assigns (a literal). The text is T-SQL: it is parsed and converted like the
// routine's own statements and runs in place; an input parameter reads its argument's value, an OUTPUT
// parameter is the caller's variable.
// A text built at run time (SET @sql = N'...' + QUOTENAME(@t) + N'...' + @n, or DECLARE @sql ... = that,
// directly before EXEC (@sql) or EXEC sp_executesql @sql) is converted the same way with a placeholder
// for each run-time piece, then rebuilt when it runs by format(): a QUOTENAME'd name as %I after the
// naming strategy, any other piece spliced as it is (%s), as T-SQL splices it; a text that is one query
// is a procedure's result set (a cursor opened FOR EXECUTE).
// sp_executesql's parameters (a parameter list known at conversion time, input parameters only) are
// $1, $2 ... of EXECUTE ... USING, their values cast to the declared types: an @p in the literal parts of
// the text is converted to its $n; an @p inside a run-time piece (a variable holding SQL) is spliced as
// it is and fails when it runs. Any other dynamic SQL stays an action item (lower-statement.ts).

import type * as S from '@ferry/tsql';
import { isNode, parseBatch, walk } from '@ferry/tsql';
import type { NamingStrategyName } from '@ferry/core';
import { pg, type PgExpression } from '../../pg/ast.js';
import { returnsRows } from '../returns-rows.js';

/** The variables of a routine body that hold one string literal throughout: their declaration's. */
export function constantTexts(statements: readonly S.Statement[]): Map<string, string> {
  const texts = new Map<string, string>();
  const assigned = new Set<string>();
  const assign = (name: string) => assigned.add(name.toLowerCase());
  walk(statements, (node) => {
    if (node.kind === 'Declare')
      for (const v of node.variables)
        if (v.init?.kind === 'StringLiteral') texts.set(v.name.toLowerCase(), v.init.value);
    if (node.kind === 'SetVariable' || node.kind === 'MutateVariable' || node.kind === 'SelectAssign')
      assign(node.variable);
    if (node.kind === 'FetchCursor') node.into.forEach(assign);
    if (node.kind === 'Execute' && node.returnVariable) assign(node.returnVariable);
    if (node.kind === 'ExecArgument' && node.output && node.value.kind === 'Variable')
      assign(node.value.name);
  });
  for (const name of assigned) texts.delete(name);
  return texts;
}

const textOf = (e: S.Expression | undefined, constants: ReadonlyMap<string, string>) =>
  e?.kind === 'StringLiteral'
    ? e.value
    : e?.kind === 'Variable'
      ? constants.get(e.name.toLowerCase())
      : undefined;

function parse(text: string): S.Statement[] | undefined {
  try {
    return parseBatch(text);
  } catch {
    return undefined;
  }
}

/** A parameter of the dynamic text: its argument's value (input), or the caller's variable (OUTPUT). */
type Binding = { input: S.Expression } | { output: string };

/** `node` with the parameters replaced by their bindings; undefined when an input parameter is assigned. */
function bind<T>(node: T, bindings: ReadonlyMap<string, Binding>): T | undefined {
  let refused = false;
  const rename = (name: string) => {
    const b = bindings.get(name.toLowerCase());
    if (!b) return name;
    if ('input' in b) refused = true;
    return 'output' in b ? b.output : name;
  };
  const map = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => map(v, key));
    if (typeof value === 'string' && (key === 'variable' || key === 'into' || key === 'returnVariable'))
      return rename(value);
    if (value === null || typeof value !== 'object') return value;
    if (isNode(value) && value.kind === 'Variable') {
      const b = bindings.get(value.name.toLowerCase());
      if (b) return 'input' in b ? b.input : { ...value, name: b.output };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'pos' ? v : map(v, k)]));
  };
  const bound = map(node) as T;
  return refused ? undefined : bound;
}

/**
 * Whether EXEC sp_executesql's parameter list (its second argument, `N'@p int, ...'`), if it has one,
 * is known at conversion time: a literal, or a variable that only its declaration assigns.
 */
export function parameterListKnown(s: S.Execute, constants: ReadonlyMap<string, string>): boolean {
  const definitions = s.args[1];
  return !definitions || textOf(definitions.value, constants) !== undefined;
}

/**
 * EXEC sp_executesql's declared parameters (its parameter list, known at conversion time), each with
 * the argument passed for it (by name or position, else its default); undefined when the list is not known.
 */
function declaredParameters(
  s: S.Execute,
  constants: ReadonlyMap<string, string>,
): { parameter: S.ParameterDef; arg?: S.ExecArgument }[] | undefined {
  const [, definitions, ...args] = s.args;
  const defs = definitions && textOf(definitions.value, constants);
  const declared =
    defs === undefined ? undefined : parse(`CREATE PROCEDURE ferry_dynamic_sql ${defs} AS RETURN`)?.[0];
  if (declared?.kind !== 'CreateProcedure') return undefined;
  return declared.params.map((p, i) => ({
    parameter: p,
    arg:
      args.find((a) => a.name?.toLowerCase() === p.name.toLowerCase()) ??
      (args[i]?.name ? undefined : args[i]),
  }));
}

/** EXEC sp_executesql's statements with their parameters bound, when its text is known. */
function executeSqlBatch(s: S.Execute, constants: ReadonlyMap<string, string>): S.Statement[] | undefined {
  const text = textOf(s.args[0]?.value, constants);
  const statements = text === undefined ? undefined : parse(text);
  if (!statements) return undefined;
  if (!s.args[1]) return statements;
  const declared = declaredParameters(s, constants);
  if (!declared) return undefined;
  const bindings = new Map<string, Binding>();
  for (const { parameter: p, arg } of declared) {
    const value = arg?.value ?? p.default;
    if (!value) return undefined;
    if (!p.output) bindings.set(p.name.toLowerCase(), { input: value });
    else if (arg?.output && value.kind === 'Variable')
      bindings.set(p.name.toLowerCase(), { output: value.name });
    else return undefined;
  }
  return bind(statements, bindings);
}

/** The statements of dynamic SQL whose text is known at conversion time, or undefined. */
export function staticBatch(
  s: S.Execute | S.ExecuteString,
  constants: ReadonlyMap<string, string>,
): S.Statement[] | undefined {
  if (s.kind === 'Execute') return executeSqlBatch(s, constants);
  if (s.at) return undefined;
  const parts = s.parts.map((p) => textOf(p, constants));
  return parts.every((p) => p !== undefined) ? parse(parts.join('')) : undefined;
}

/** A dynamic SQL statement whose text may be built at run time. */
type DynamicExec = S.ExecuteString | S.Execute;

/** The variable EXEC (@v) or EXEC sp_executesql @v [, parameters ...] runs, when it is one variable. */
function executedVariable(s: unknown): string | undefined {
  if (!isNode(s)) return undefined;
  const text =
    s.kind === 'ExecuteString' && !s.at && s.parts.length === 1
      ? s.parts[0]
      : s.kind === 'Execute' &&
          typeof s.procedure !== 'string' &&
          s.procedure.name.name.toLowerCase() === 'sp_executesql' &&
          s.args.length >= 1 &&
          !s.args[0]!.name
        ? s.args[0]!.value
        : undefined;
  return text?.kind === 'Variable' ? text.name.toLowerCase() : undefined;
}

/** The text `statement` gives variable `name` (SET @v = text, or DECLARE @v ... = text). */
function assignedText(statement: unknown, name: string): S.Expression | undefined {
  if (!isNode(statement)) return undefined;
  if (statement.kind === 'SetVariable')
    return statement.op === '=' && statement.variable.toLowerCase() === name ? statement.expr : undefined;
  if (statement.kind === 'Declare')
    return statement.variables.find((v) => v.name.toLowerCase() === name)?.init;
  return undefined;
}

/**
 * Each EXEC (@v) or EXEC sp_executesql @v that directly follows SET @v = text or DECLARE @v ... = text,
 * with that text (built at run time or not).
 */
export function runtimeTexts(statements: readonly S.Statement[]): Map<DynamicExec, S.Expression> {
  const texts = new Map<DynamicExec, S.Expression>();
  const pairs = (list: readonly unknown[]) => {
    for (let i = 1; i < list.length; i++) {
      const exec = list[i];
      const name = executedVariable(exec);
      const text = name && assignedText(list[i - 1], name);
      if (text) texts.set(exec as DynamicExec, text);
    }
  };
  pairs(statements);
  walk(statements, (node) => {
    for (const value of Object.values(node)) if (Array.isArray(value)) pairs(value);
  });
  return texts;
}

/** A piece of a text built at run time: a name (QUOTENAME(x)) or text spliced in as it is. */
export interface RuntimePiece {
  readonly kind: 'name' | 'text';
  readonly value: S.Expression;
}

const placeholderName = (i: number) => `ferry_dynamic_${i}`;
// a column name in the converted text, printed as it is, replaced by $N+1 once printed
const parameterPlaceholder = (i: number) => `ferry_parameter_${i}`;

const placeholderColumn = (name: string, pos: S.SourcePos): S.Expression => ({
  kind: 'ColumnRef',
  column: { kind: 'Identifier', name, quote: 'none', text: name, pos },
  pos,
});

/**
 * The parameters of EXEC sp_executesql @v, N'@p type, ...', @p = value, ... whose text is built at run
 * time: each an input with its declared type and the value passed (EXECUTE ... USING). Undefined when
 * the list is not known at conversion time, a parameter is OUTPUT, or one has no value.
 */
export function runtimeParameters(
  s: S.Execute,
  constants: ReadonlyMap<string, string>,
): { name: string; type: S.DataType; value: S.Expression }[] | undefined {
  const declared = declaredParameters(s, constants);
  if (!declared || declared.some((d) => d.parameter.output)) return undefined;
  const parameters = declared.map(({ parameter: p, arg }) => ({
    name: p.name,
    type: p.dataType,
    value: arg?.value ?? p.default,
  }));
  return parameters.every((p) => p.value !== undefined)
    ? (parameters as { name: string; type: S.DataType; value: S.Expression }[])
    : undefined;
}
// a number, so that a value spliced where T-SQL expects one (RESTART WITH n, TOP n) still parses
const placeholderValue = (i: number) => `91827364500${i}`;

/**
 * A text built at run time by `+` of literals, QUOTENAME(x) and other values, as T-SQL statements with
 * each run-time piece a placeholder (a name ferry_dynamic_N, a value 91827364500N); undefined when it
 * is not such a concatenation or does not parse.
 */
function runtimeSkeleton(
  text: S.Expression,
): { statements: S.Statement[]; pieces: RuntimePiece[] } | undefined {
  const pieces: RuntimePiece[] = [];
  const flatten = (e: S.Expression): string => {
    if (e.kind === 'BinaryOp' && e.op === '+') return flatten(e.left) + flatten(e.right);
    if (e.kind === 'StringLiteral') return e.value;
    const quoted =
      e.kind === 'FunctionCall' && !e.name.schema && e.name.name.name.toLowerCase() === 'quotename';
    if (quoted && e.args.length === 1) {
      pieces.push({ kind: 'name', value: e.args[0]! });
      return `[${placeholderName(pieces.length - 1)}]`;
    }
    pieces.push({ kind: 'text', value: e });
    return placeholderValue(pieces.length - 1);
  };
  const skeleton = flatten(text);
  if (text.kind !== 'BinaryOp' || !pieces.length) return undefined;
  const statements = parse(skeleton);
  return statements && { statements, pieces };
}

// statements that are plain SQL, which run in EXECUTE's scope as they run in T-SQL's dynamic batch
// (variables, control flow and cursors need the batch's own declarations, which are not converted)
const plainSql = new Set<S.Statement['kind']>([
  'Select',
  'Insert',
  'Update',
  'Delete',
  'Merge',
  'Truncate',
  'CreateTable',
  'AlterTable',
  'CreateIndex',
  'AlterIndex',
  'Drop',
  'CreateSequence',
  'AlterSequence',
]);

const isPlainSql = (st: S.Statement) =>
  plainSql.has(st.kind) &&
  !(
    st.kind === 'Select' &&
    st.query.kind === 'QuerySpec' &&
    st.query.columns.some((c) => c.kind === 'SelectAssign')
  );

/**
 * A text built at run time that may be converted (rebuilt by format()): its skeleton, plain SQL, and
 * whether it returns a result set (one query, run by a cursor); undefined when it stays an action item.
 */
export function plainRuntimeText(
  text: S.Expression,
  parameters: readonly { name: string }[] = [],
): { skeleton: { statements: S.Statement[]; pieces: RuntimePiece[] }; rows: boolean } | undefined {
  const built = runtimeSkeleton(text);
  // each parameter a placeholder column (a parameter assigned refuses the text)
  const placeholders = new Map<string, Binding>(
    parameters.map((p, i) => [
      p.name.toLowerCase(),
      { input: placeholderColumn(parameterPlaceholder(i), text.pos) },
    ]),
  );
  const statements = built && bind(built.statements, placeholders);
  const skeleton = built && statements && { ...built, statements };
  if (!skeleton || !skeleton.statements.every(isPlainSql)) return undefined;
  if (!skeleton.statements.some(returnsRows)) return { skeleton, rows: false };
  const one = skeleton.statements.length === 1 && skeleton.statements[0]!.kind === 'Select';
  return one ? { skeleton, rows: true } : undefined;
}

/**
 * PostgreSQL text with runtimeSkeleton's placeholders -> a format() string: `%` doubled, a name
 * placeholder %N$I, a value %N$s; undefined when a placeholder did not come through as written.
 */
export function formatString(
  text: string,
  pieces: readonly RuntimePiece[],
  parameters = 0,
): string | undefined {
  let out = text.replaceAll('%', '%%');
  for (let i = 0; i < parameters; i++)
    out = out.split(new RegExp(`\\b${parameterPlaceholder(i)}\\b`)).join(`$${i + 1}`);
  for (const [i, p] of pieces.entries()) {
    const placeholder = p.kind === 'name' ? placeholderName(i) : placeholderValue(i);
    const parts = out.split(new RegExp(`\\b${placeholder}\\b`));
    if (parts.length < 2) return undefined;
    out = parts.join(`%${i + 1}$${p.kind === 'name' ? 'I' : 's'}`);
  }
  return out;
}

/**
 * A name received at run time after the naming strategy, in SQL (snake_case as core's toSnakeCase:
 * breaks at case changes and non-alphanumerics); undefined for a strategy not known. Names the rules
 * or a collision named otherwise are not followed.
 */
export function runtimeName(
  naming: NamingStrategyName | undefined,
  name: PgExpression,
): PgExpression | undefined {
  const replace = (e: PgExpression, from: string, to: string) =>
    pg.call('regexp_replace', e, pg.string(from), pg.string(to), pg.string('g'));
  switch (naming) {
    case 'preserve':
      return name;
    case 'lowercase':
    case 'fold':
      return pg.call('lower', name);
    case 'snake_case': {
      const words = replace(
        replace(
          replace(name, '([[:lower:][:digit:]])([[:upper:]])', '\\1_\\2'),
          '([[:upper:]])([[:upper:]][[:lower:]])',
          '\\1_\\2',
        ),
        '[^[:alnum:]_]+',
        '_',
      );
      const snake = pg.call('btrim', replace(pg.call('lower', words), '_+', '_'), pg.string('_'));
      return pg.call('coalesce', pg.call('nullif', snake, pg.string('')), pg.call('lower', name));
    }
    default:
      return undefined;
  }
}
