// The xml data type's methods: value(xquery, type), query(xquery), exist(xquery) on xml values, and
// nodes(xquery) AS t(c) in FROM / APPLY, whose column holds context nodes for further methods.
// modify() (XML DML) is refused with 40517.

import type { ColumnRef, Expression, FunctionCall, TableFunctionRef } from '@ferry/tsql';
import { parseDataType } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert, toText, type Value } from '../types/convert.js';
import { parseXml, serializeDetached, serializeNode, type XmlDocument } from '../xml/xml-doc.js';
import {
  evaluate,
  isSingleton,
  itemText,
  parseXQuery,
  sqlCalls,
  unsupportedXQuery,
  type SqlValues,
  type Item,
  type XExpr,
} from '../xml/xquery.js';
import { resolveDataType } from './data-type.js';
import { compileExpr } from './expressions.js';
import type { SourcePlan } from './query.js';
import { Scope, type Binding, type CompileCtx, type Compiled, type EvalCtx } from './scope.js';

const XML_METHODS = ['value', 'query', 'exist', 'nodes', 'modify'];
const XML: SqlType = { name: 'xml', length: -1 };
const NVARCHAR_MAX: SqlType = { name: 'nvarchar', length: -1 };

/**
 * An xml value being queried: the text, whether it is a nodes() context node rather than a document,
 * and whether it is typed xml (Binding.typedXml).
 */
interface XmlTarget {
  compiled: Compiled;
  node: boolean;
  typed: boolean;
  label: string;
}

/** `x.method(...)` on any xml expression (variables, subqueries, method results). */
export function compileXmlMethodCall(
  target: Expression,
  method: string,
  args: readonly Expression[],
  cc: CompileCtx,
): Compiled {
  const label =
    target.kind === 'Variable' ? target.name : target.kind === 'ColumnRef' ? target.column.name : 'xml';
  const node = isNodeColumn(target, cc);
  const typed = isTypedXml(target, cc);
  const compiled = compileExpr(target, node ? { ...cc, xmlNodeAccess: true } : cc);
  return xmlMethod({ compiled, node, typed, label }, method, args, cc);
}

/**
 * `col.value(...)` / `t.col.value(...)`: the parser reads these as schema-qualified function calls.
 * Undefined when the name before the method is not a column in scope.
 */
export function compileXmlColumnMethod(call: FunctionCall, cc: CompileCtx): Compiled | undefined {
  const ref = columnBeforeMethod(call, cc);
  return ref ? compileXmlMethodCall(ref, call.name.name.name, call.args, cc) : undefined;
}

function columnBeforeMethod(call: FunctionCall, cc: CompileCtx): ColumnRef | undefined {
  const { schema, database, name } = call.name;
  if (!schema || call.name.server || !XML_METHODS.includes(name.name.toLowerCase())) return undefined;
  const ref: ColumnRef = {
    kind: 'ColumnRef',
    column: schema,
    ...(database ? { table: { kind: 'ObjectName', name: database, pos: call.pos } } : {}),
    pos: call.pos,
  };
  try {
    cc.scope.resolve(ref);
  } catch {
    return undefined;
  }
  return ref;
}

function bindingOf(e: Expression, cc: CompileCtx): Binding | undefined {
  if (e.kind !== 'ColumnRef') return undefined;
  const [depth, index] = cc.scope.resolve(e);
  let s: Scope = cc.scope;
  for (let i = 0; i < depth; i++) s = s.parent!;
  return s.bindings[index];
}

function isNodeColumn(e: Expression, cc: CompileCtx): boolean {
  return !!bindingOf(e, cc)?.xmlNode;
}

function isTypedXml(e: Expression, cc: CompileCtx): boolean {
  return !!bindingOf(e, cc)?.typedXml;
}

function xmlMethod(target: XmlTarget, method: string, args: readonly Expression[], cc: CompileCtx): Compiled {
  const m = method.toLowerCase();
  if (target.compiled.type.name !== 'xml')
    throw new SqlError(
      4121,
      `Cannot find either column "${target.label}" or the user-defined function or aggregate "${target.label}.${method}", or the name is ambiguous.`,
      16,
    );
  if (m === 'modify')
    throw new SqlError(
      40517,
      'The xml method modify() (XML DML) is not supported by the SQL Server emulator.',
      16,
    );
  if (m === 'nodes')
    throw new SqlError(
      40517,
      'The xml method nodes() outside FROM / APPLY is not supported by the SQL Server emulator.',
      16,
    );
  if (!XML_METHODS.includes(m))
    throw new SqlError(40517, `The xml method ${method}() is not supported by the SQL Server emulator.`, 16);
  const expected = m === 'value' ? 2 : 1;
  if (args.length !== expected)
    throw new SqlError(174, `The ${m} function requires ${expected} argument(s).`, 15);
  const query = literalArg(args[0], m, 1);
  const { expr } = parseXQuery(query, m, cc.session.xmlNamespaces);
  const sqlValues = compileSqlCalls(expr, m, cc);
  const run = (row: unknown[], ctx: EvalCtx): Item[] | null => {
    const v = target.compiled.eval(row as never, ctx);
    return v === null ? null : evaluate(expr, contextOf(String(v), target.node), m, sqlValues(row, ctx));
  };
  if (m === 'exist')
    return {
      type: { name: 'bit' },
      nullable: true,
      eval: (row, ctx) => mapNull(run(row, ctx), (r) => r.length > 0),
    };
  if (m === 'query')
    return { type: XML, nullable: true, eval: (row, ctx) => mapNull(run(row, ctx), serializeItems) };
  return valueMethod(expr, literalArg(args[1], m, 2), run, cc, target.typed);
}

function valueMethod(
  expr: XExpr,
  typeText: string,
  run: (row: unknown[], ctx: EvalCtx) => Item[] | null,
  cc: CompileCtx,
  typed: boolean,
): Compiled {
  const { type } = resolveDataType(parseDataType(typeText), cc.session.db, 'cast');
  if (['xml', 'text', 'ntext', 'image', 'timestamp', 'sql_variant'].includes(type.name))
    throw new SqlError(9500, `The data type '${typeText}' used in the VALUE method is invalid.`, 16);
  // On typed xml, SQL Server proves a path a singleton from the schemas (an element of maxOccurs 1):
  // the emulator, which does not type paths, takes the first item where SQL Server has at most one.
  if (!typed && !isSingleton(expr))
    throw new SqlError(
      2389,
      `XQuery [value()]: 'value()' requires a singleton (or empty sequence), found operand of type 'xdt:untypedAtomic *'`,
      16,
    );
  return {
    type,
    nullable: true,
    eval: (row, ctx) => {
      const items = run(row, ctx);
      if (items === null || items.length === 0) return null;
      return convert(itemText(items[0]), NVARCHAR_MAX, type, 0, ctx.session);
    },
  };
}

/** `sql:variable("@v")` and `sql:column("[t.]c")`: compiled here, their values handed to each evaluation. */
function compileSqlCalls(
  expr: XExpr,
  method: string,
  cc: CompileCtx,
): (row: unknown[], ctx: EvalCtx) => SqlValues {
  const calls = sqlCalls(expr).map((call) => {
    const arg = call.args[0];
    if (call.args.length !== 1 || arg.kind !== 'literal' || typeof arg.value !== 'string')
      throw unsupportedXQuery(method, `${call.name}() without one string literal`);
    const name = arg.value;
    const parts = name.split('.');
    const e: Expression =
      call.name === 'sql:variable'
        ? { kind: 'Variable', name, pos: { line: 0, column: 0 } }
        : {
            kind: 'ColumnRef',
            column: identifier(parts.at(-1)!),
            ...(parts.length > 1
              ? { table: { kind: 'ObjectName', name: identifier(parts.at(-2)!), pos: POS } }
              : {}),
            pos: POS,
          };
    return { call, compiled: compileExpr(e, cc) };
  });
  return (row, ctx) =>
    new Map(
      calls.map(({ call, compiled }) => {
        const v = compiled.eval(row as never, ctx);
        return [call, v === null ? undefined : xqueryAtom(v, compiled.type)];
      }),
    );
}

const POS = { line: 0, column: 0 };
const identifier = (name: string) => ({
  kind: 'Identifier' as const,
  name,
  quote: 'none' as const,
  text: name,
  pos: POS,
});

/** A SQL value as an XQuery atomic value: numbers and bits typed, anything else as text. */
function xqueryAtom(v: Value, type: SqlType): Item {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  if (['decimal', 'numeric', 'money', 'smallmoney'].includes(type.name)) return Number(v);
  return toText(v, type);
}

const mapNull = <T>(v: T | null, f: (v: T) => string | boolean): string | boolean | null =>
  v === null ? null : f(v);

function literalArg(e: Expression | undefined, method: string, n: number): string {
  if (e?.kind !== 'StringLiteral')
    throw new SqlError(
      8172,
      `The argument ${n} of the XML data type method "${method}" must be a string literal.`,
      16,
    );
  return e.value;
}

/** The context item of a query: the document, or for a nodes() value the node itself. */
function contextOf(text: string, node: boolean): Item {
  const doc: XmlDocument = parseXml(text, { unicode: true, preserveSpace: true });
  if (!node) return doc;
  const el = doc.children.find((c) => c.kind === 'element');
  return el ?? doc;
}

/** query()'s result: nodes serialised, atomic values as text separated by spaces. */
function serializeItems(items: Item[]): string {
  let out = '';
  let atomicBefore = false;
  for (const i of items) {
    if (typeof i !== 'object') {
      out += (atomicBefore ? ' ' : '') + serializeNode({ kind: 'text', value: itemText(i), parent: EMPTY });
      atomicBefore = true;
      continue;
    }
    atomicBefore = false;
    if (i.kind === 'attribute')
      throw new SqlError(2396, 'XQuery [query()]: Attribute may not appear outside of an element', 16);
    out += i.kind === 'document' ? serializeNode(i) : serializeDetached(i);
  }
  return out;
}
const EMPTY: XmlDocument = { kind: 'document', children: [] };

// ------------------------------------------------------------------------------------------ nodes()

/** `x.nodes('xquery') AS t(c)` in FROM / APPLY, or undefined when `src` is not a nodes() call. */
export function xmlNodesSource(src: TableFunctionRef, cc: CompileCtx): SourcePlan | undefined {
  if (src.call.name.name.name.toLowerCase() !== 'nodes') return undefined;
  // The target may read the row of an enclosing query or of the left side of an APPLY.
  const argScope = new Scope([], cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined);
  const acc = { ...cc, scope: argScope };
  const targetExpr: Expression | undefined = src.target ?? columnBeforeMethod(src.call, acc);
  if (!targetExpr) return undefined;
  const node = isNodeColumn(targetExpr, acc);
  const target: XmlTarget = {
    compiled: compileExpr(targetExpr, { ...acc, xmlNodeAccess: node }),
    node,
    typed: isTypedXml(targetExpr, acc),
    label: targetExpr.kind === 'Variable' ? targetExpr.name : 'xml',
  };
  if (target.compiled.type.name !== 'xml')
    throw new SqlError(
      40517,
      `nodes() over ${target.compiled.type.name} is not supported by the SQL Server emulator.`,
      16,
    );
  if (src.call.args.length !== 1) throw new SqlError(174, 'The nodes function requires 1 argument(s).', 15);
  const { expr } = parseXQuery(literalArg(src.call.args[0], 'nodes', 1), 'nodes', cc.session.xmlNamespaces);
  const sqlValues = compileSqlCalls(expr, 'nodes', acc);
  if (!src.alias || !src.columns || src.columns.length !== 1)
    throw new SqlError(
      493,
      'The nodes() method requires a table alias with exactly one column, as in nodes(...) AS T(c).',
      16,
    );
  return {
    bindings: [
      {
        qualifier: src.alias.name.toLowerCase(),
        name: src.columns[0].name,
        type: XML,
        nullable: false,
        xmlNode: true,
        ...(target.typed ? { typedXml: true } : {}),
      },
    ],
    rows: function* (ctx) {
      const v = target.compiled.eval([], ctx);
      if (v === null) return;
      for (const item of evaluate(expr, contextOf(String(v), target.node), 'nodes', sqlValues([], ctx))) {
        if (typeof item !== 'object' || item.kind !== 'element')
          throw unsupportedXQuery('nodes', 'a nodes() result that is not an element');
        yield [serializeDetached(item)];
      }
    },
  };
}
