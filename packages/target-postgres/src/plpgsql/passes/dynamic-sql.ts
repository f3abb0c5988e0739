// Dynamic SQL whose text is known at conversion time: EXEC ('...'), EXEC sp_executesql N'...'
// [, N'@p type [OUTPUT], ...', @p = value, ...], the text given as a literal or through a variable that
// only its declaration assigns (a literal). The text is T-SQL: it is parsed and converted like the
// routine's own statements and runs in place; an input parameter reads its argument's value, an OUTPUT
// parameter is the caller's variable. Any other dynamic SQL stays an action item (lower-statement.ts).

import type * as S from '@ferry/tsql';
import { isNode, parseBatch, walk } from '@ferry/tsql';

/** The variables of a routine body that hold one string literal throughout: their declaration's. */
export function constantTexts(statements: readonly S.Statement[]): Map<string, string> {
  const texts = new Map<string, string>();
  const assigned = new Set<string>();
  const assign = (name: string) => assigned.add(name.toLowerCase());
  walk(statements, (node) => {
    if (node.kind === 'Declare')
      for (const v of node.variables)
        if (v.init?.kind === 'StringLiteral') texts.set(v.name.toLowerCase(), v.init.value);
    if (node.kind === 'SetVariable' || node.kind === 'SelectAssign') assign(node.variable);
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

/** EXEC sp_executesql's statements with their parameters bound, when its text is known. */
function executeSqlBatch(s: S.Execute, constants: ReadonlyMap<string, string>): S.Statement[] | undefined {
  const [statement, definitions, ...args] = s.args;
  const text = textOf(statement?.value, constants);
  const statements = text === undefined ? undefined : parse(text);
  if (!statements) return undefined;
  if (!definitions) return statements;
  const defs = textOf(definitions.value, constants);
  const declared =
    defs === undefined ? undefined : parse(`CREATE PROCEDURE ferry_dynamic_sql ${defs} AS RETURN`)?.[0];
  if (declared?.kind !== 'CreateProcedure') return undefined;
  const bindings = new Map<string, Binding>();
  for (const [i, p] of declared.params.entries()) {
    const arg =
      args.find((a) => a.name?.toLowerCase() === p.name.toLowerCase()) ??
      (args[i]?.name ? undefined : args[i]);
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
