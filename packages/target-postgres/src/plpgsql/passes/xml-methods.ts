// xml methods on an xml value -> PostgreSQL's XPath 1.0 functions: value(path, type) is the string
// value of the path's node (NULL when there is none, as SQL Server returns) cast to the type; exist(path)
// is xpath_exists as 0/1; query(path) the matching nodes as an xml fragment. PostgreSQL's xpath()
// returns a string result XML-escaped, so value() unescapes it. `x.nodes('path') AS t(c)` in FROM is
// unnest(xpath(path, x)) AS t(c): one row per node, each an xml value whose root element is the node,
// so a path relative to the node (`@id`, `name/text()`, `.`) is read from that root (`/*/@id`); a node
// that is its document's root element (nodes('/Root')) reads an absolute path too. The prolog's
// namespace declarations (`declare namespace p="uri";`, `declare default element namespace "uri";`)
// become xpath()'s namespace array, the default one as a prefix given to the path's unprefixed element
// names. XQuery's string(path), also string(path)[1], is XPath's string(path). A path using what
// XQuery has and XPath 1.0 lacks (sql:variable / sql:column, FLWOR, wildcard prefixes, data()), or, on
// a node, what needs the rest of its document (an absolute path, `..`, an axis), is left an action
// item, and so is modify() (XML DML: PostgreSQL's xml is immutable).

import type * as S from '@ferry/tsql';
import { parseExpression } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgDml, type PgExpression, type PgFromItem, type PgNoteMark } from '../../pg/ast.js';
import { arrayOf, isNamed, pgTypeNamed } from '../../pg/pg-type.js';
import type { TargetColumn, TargetRelation } from '../name-resolver.js';
import { columnMethod } from './hierarchy-methods.js';
import { columnOf } from './infer-type.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, lowered, type Lowered } from '../lowered.js';

/** XQuery that XPath 1.0 does not have. */
const xqueryOnly = /declare\s|sql:|\bdata\s*\(|\*:|\bfor\s+\$|\blet\s+\$|[{}]/i;

/** An XPath 1.0 path and the namespaces (prefix, URI) its prefixes stand for. */
interface XPath {
  path: string;
  namespaces: readonly (readonly [string, string])[];
}

/** The prefix the default element namespace's names get (XPath 1.0 has no default namespace). */
const DEFAULT_PREFIX = 'dflt';

/** The text PostgreSQL's xpath() escapes in a string result, unescaped (&amp; last). */
const unescapes: readonly [string, string][] = [
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&#x0d;', '\r'],
  ['&amp;', '&'],
];

/** `x.value(...)`, `x.exist(...)`, `x.query(...)` on an xml value, or undefined. */
export function xmlMethod(e: S.MethodCall, g: Generator): Lowered<PgExpression> | undefined {
  if (!isNamed(g.typeOf(e.target), 'xml')) return undefined;
  const [literal, type] = e.args;
  const path = literal?.kind === 'StringLiteral' ? xpathOf(literal.value, e.target, g) : undefined;
  if (!path) return undefined;
  const x = lowerExpression(e.target, g);
  const node = xpathMethod(e, path, type, x.node, g);
  return node && lowered(node, x.diagnostics);
}

function xpathMethod(
  e: S.MethodCall,
  path: XPath,
  type: S.Expression | undefined,
  x: PgExpression,
  g: Generator,
): PgExpression | undefined {
  switch (e.method.name.toLowerCase()) {
    case 'value': {
      const target = type?.kind === 'StringLiteral' && e.args.length === 2 ? dataType(type.value) : undefined;
      if (!target) return undefined;
      const escaped = joinedText({ ...path, path: `string(${path.path})` }, x);
      const text = unescapes.reduce(
        (s, [from, to]) => pg.call('replace', s, pg.string(from), pg.string(to)),
        escaped,
      );
      return pg.caseWhen(
        xpathCall('xpath_exists', path, x),
        pg.cast(text, g.type(target, 'cast')),
        pg.null(),
      );
    }
    case 'exist':
      return e.args.length === 1
        ? pg.cast(xpathCall('xpath_exists', path, x), pgTypeNamed('int'))
        : undefined;
    case 'query':
      return e.args.length === 1 ? pg.cast(joinedText(path, x), pgTypeNamed('xml')) : undefined;
    default:
      return undefined;
  }
}

/**
 * The text of xpath()'s results, joined. Each is cast to text first: array_to_string would write each
 * xml element with xml's output function, which drops a leading newline (PostgreSQL's xml_out eats
 * one, meant for the line after an XML declaration), and a text node's leading newline is content.
 */
function joinedText(path: XPath, x: PgExpression): PgExpression {
  return pg.call(
    'array_to_string',
    pg.cast(xpathCall('xpath', path, x), arrayOf(pgTypeNamed('text'))),
    pg.string(''),
  );
}

/** `xpath(path, x)` or `xpath_exists(path, x)`, with the namespace array when the path has prefixes to bind. */
function xpathCall(fn: 'xpath' | 'xpath_exists', path: XPath, x: PgExpression): PgExpression {
  if (!path.namespaces.length) return pg.call(fn, pg.string(path.path), x);
  const namespaces: PgExpression = {
    kind: 'Array',
    items: path.namespaces.map(([prefix, uri]) => ({
      kind: 'Array',
      items: [pg.string(prefix), pg.string(uri)],
    })),
  };
  return pg.call(fn, pg.string(path.path), x, namespaces);
}

/** The type named by value()'s second argument (`'nvarchar(50)'`), parsed as T-SQL; undefined if it is none. */
function dataType(text: string): S.DataType | undefined {
  try {
    const cast = parseExpression(`CAST(NULL AS ${text})`);
    return cast.kind === 'Cast' ? cast.type : undefined;
  } catch {
    return undefined;
  }
}

/** The XPath 1.0 that reads `path` on `target` (a node of nodes() from its root), or undefined. */
function xpathOf(source: string, target: S.Expression, g: Generator): XPath | undefined {
  const read = withoutProlog(source);
  if (!read) return undefined;
  const argument = stringArgument(read.path);
  if (argument === undefined) return onTarget(read, target, g);
  const inner = onTarget({ ...read, path: argument }, target, g);
  return inner && { ...inner, path: `string(${inner.path})` };
}

/**
 * The argument of XQuery's `string(path)`, also as `string(path)[1]` (a singleton's first item, which
 * XPath 1.0 cannot filter: a predicate on a string is an error there), or undefined for another path.
 * The string value of the path's first node, "" when there is none, in both languages.
 */
function stringArgument(path: string): string | undefined {
  const call = /^\s*string\s*\((.*)\)\s*(?:\[\s*1\s*\])?\s*$/s.exec(path);
  if (!call) return undefined;
  let depth = 0;
  for (const c of call[1]!) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) return undefined;
  }
  return depth === 0 ? call[1]!.trim() || '.' : undefined;
}

/** `read` on `target`: as it is, or, on a node of nodes(), from the node's root. */
function onTarget(read: XPath, target: S.Expression, g: Generator): XPath | undefined {
  const node = target.kind === 'ColumnRef' ? columnOf(target, g.ctx) : undefined;
  if (!node?.xmlNode) return read;
  if (node.xmlRoot && /^[\s(]*\//.test(read.path) && !/\.\.|::|\|/.test(read.path)) return read;
  const path = fromNodeRoot(read.path);
  return path === undefined ? undefined : { ...read, path };
}

/**
 * The path of an XQuery text without its prolog (namespace declarations, taken as the namespaces; the
 * default element namespace given to the unprefixed element names), or undefined when what is left
 * is XQuery that XPath 1.0 lacks.
 */
function withoutProlog(text: string): XPath | undefined {
  const namespaces: [string, string][] = [];
  let rest = text;
  let defaultNamespace: string | undefined;
  for (;;) {
    const declared = /^\s*declare\s+namespace\s+([A-Za-z_][\w.-]*)\s*=\s*(["'])([^"']*)\2\s*;/.exec(rest);
    const byDefault = /^\s*declare\s+default\s+element\s+namespace\s+(["'])([^"']*)\1\s*;/.exec(rest);
    if (declared) namespaces.push([declared[1]!, declared[3]!]);
    else if (byDefault) defaultNamespace = byDefault[2]!;
    else break;
    rest = rest.slice((declared ?? byDefault)![0].length);
  }
  rest = rest.trim();
  if (xqueryOnly.test(rest)) return undefined;
  if (defaultNamespace === undefined || defaultNamespace === '') return { path: rest, namespaces };
  if (namespaces.some(([prefix]) => prefix === DEFAULT_PREFIX)) return undefined;
  // An axis step's name (`child::N`) would keep no prefix, and match nothing: not converted.
  if (rest.includes('::')) return undefined;
  return {
    path: prefixElementNames(rest, DEFAULT_PREFIX),
    namespaces: [...namespaces, [DEFAULT_PREFIX, defaultNamespace]],
  };
}

/** XPath operators spelled as names. */
const operatorNames = new Set(['and', 'or', 'div', 'mod']);

/**
 * `path` with `prefix:` before each unprefixed element name test: a name that is not an attribute
 * (`@a`, `attribute::a`), a function or node test (`text()`), an operator, a prefix, or in a string.
 */
export function prefixElementNames(path: string, prefix: string): string {
  return path.replace(
    /("[^"]*"|'[^']*')|([@:]?)([A-Za-z_][\w.-]*)(\s*[(:])?/g,
    (
      all: string,
      quoted: string | undefined,
      before: string,
      name: string,
      after: string | undefined,
      at: number,
    ) => {
      if (quoted || before || after) return all;
      if (operatorNames.has(name) && /\s/.test(path[at - 1] ?? '')) return all;
      return `${prefix}:${name}`;
    },
  );
}

/** XPath node tests that look like calls (`text()`): a relative path may start with them. */
const nodeTests = new Set(['text', 'node', 'comment', 'processing-instruction']);

// A path relative to a node of nodes(), read from the root of the node's own xml value (PostgreSQL's
// context node is that document, whose root element is the node): the root element step `/*` goes
// first (`(@id)[1]` -> `(/*/@id)[1]`, a leading `.` is that step: `.` -> `/*`). Undefined for what
// needs the node's original document: an absolute path, `..`, an axis, a union, or a path that starts
// with a function.
export function fromNodeRoot(path: string): string | undefined {
  if (/\.\.|::|\|/.test(path)) return undefined;
  const start = /^[\s(]*/.exec(path)![0].length;
  const rest = path.slice(start);
  const call = /^([A-Za-z][\w-]*)\s*\(/.exec(rest);
  if (rest === '' || rest.startsWith('/') || (call && !nodeTests.has(call[1]!))) return undefined;
  const head = path.slice(0, start);
  if (rest.startsWith('.')) return `${head}/*${rest.slice(1)}`;
  return `${head}/*/${rest}`;
}

/**
 * The path of `x.nodes('path') AS t(c)` in FROM (a variable's method, or a column's, which parses as a
 * schema-qualified call), else undefined. Told by its shape: the FROM scope is not open yet.
 */
function nodesPath(t: S.TableFunctionRef): string | undefined {
  const { call } = t;
  const [path] = call.args;
  if (
    call.name.name.name.toLowerCase() !== 'nodes' ||
    call.args.length !== 1 ||
    path?.kind !== 'StringLiteral'
  )
    return undefined;
  if (!t.alias || t.columns?.length !== 1 || !(t.target ?? call.name.schema)) return undefined;
  return path.value;
}

/** `x.nodes('path') AS t(c)` -> `unnest(xpath('path', x)) AS t(c)`, or an action item. */
export function xmlNodesFrom(t: S.TableFunctionRef, g: Generator): Lowered<PgFromItem> | undefined {
  const source = nodesPath(t);
  const target = source !== undefined ? (t.target ?? columnMethod(t.call, g)?.target) : undefined;
  if (source === undefined || !target) return undefined;
  const path = isNamed(g.typeOf(target), 'xml') ? xpathOf(source, target, g) : undefined;
  const d = new Diagnostics();
  const notes = !path
    ? [
        d.mark(
          'TSQL_XML_METHOD',
          'high',
          t.pos,
          `nodes('${source}') is not converted: the path uses XQuery that XPath 1.0 lacks, or needs the rest of the document of a node`,
          'rewrite with xpath() / XMLTABLE over the whole document',
        ),
      ]
    : [];
  return d.result({
    kind: 'FunctionFrom',
    call: pg.call(
      'unnest',
      xpathCall('xpath', path ?? { path: source, namespaces: [] }, d.take(lowerExpression(target, g))),
    ),
    alias: g.ctx.names.name(t.alias!.name),
    columns: [g.ctx.names.name(t.columns![0]!.name)],
    notes,
  });
}

/** The relation `t` of `x.nodes(...) AS t(c)` in scope: its one column, an xml node. */
export function xmlNodesRelation(t: S.TableFunctionRef, g: Generator): TargetRelation | undefined {
  if (nodesPath(t) === undefined) return undefined;
  const source = t.columns![0]!.name.toLowerCase();
  const root = /^\/[A-Za-z_][\w.:-]*$/.test(withoutProlog(nodesPath(t)!)?.path ?? '');
  const node: TargetColumn = {
    name: g.ctx.names.name(source),
    type: pgTypeNamed('xml'),
    xmlNode: true,
    ...(root ? { xmlRoot: true } : {}),
  };
  return {
    schema: '',
    name: g.ctx.names.name(t.alias!.name),
    column: (sourceName) => (sourceName.toLowerCase() === source ? node : undefined),
  };
}

/**
 * UPDATE ... SET col.modify('XML DML'): PostgreSQL's xml is not changed in place and XML DML (insert,
 * delete, replace value of) has no exact conversion; the UPDATE is left out with a high item (lowered
 * as an expression, the column would be set NULL).
 */
export function xmlModifyUpdate(s: S.Update, notes: readonly PgNoteMark[]): Lowered<PgDml> | undefined {
  const modify = s.set.find(
    (a) => a.mutator && a.expr.kind === 'MethodCall' && a.expr.method.name.toLowerCase() === 'modify',
  );
  if (!modify || modify.expr.kind !== 'MethodCall') return undefined;
  const d = new Diagnostics();
  const mark = xmlModifyMark(modify.expr, 'the UPDATE', d);
  return d.result({ kind: 'NoOp', notes: [...notes, mark] });
}

/** The high item of an xml modify() call (XML DML), which is not converted: `statement` is left out. */
export function xmlModifyMark(call: S.MethodCall, statement: string, d: Diagnostics): PgNoteMark {
  const [dml] = call.args;
  return d.mark(
    'TSQL_XML_MODIFY',
    'high',
    call.pos,
    `xml modify(${dml?.kind === 'StringLiteral' ? `'${dml.value}'` : '...'}) (XML DML) is not converted: ${statement} is left out`,
    'rebuild the document with xpath() and xmlelement(), or change it as text',
  );
}
