// xml methods on an xml value -> PostgreSQL's XPath 1.0 functions: value(path, type) is the string
// value of the path's node (NULL when there is none, as SQL Server returns) cast to the type; exist(path)
// is xpath_exists as 0/1; query(path) the matching nodes as an xml fragment. PostgreSQL's xpath()
// returns a string result XML-escaped, so value() unescapes it. `x.nodes('path') AS t(c)` in FROM is
// unnest(xpath(path, x)) AS t(c): one row per node, each an xml value whose root element is the node,
// so a path relative to the node (`@id`, `name/text()`, `.`) is read from that root (`/*/@id`). A path
// using what XQuery has and XPath 1.0 lacks (namespace declarations, sql:variable / sql:column, FLWOR,
// wildcard prefixes, data()), or, on a node, what needs the rest of its document (an absolute path,
// `..`, an axis), is left an action item, and so is modify() (XML DML: PostgreSQL's xml is immutable).

import type * as S from '@ferry/tsql';
import { parseExpression } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgDml, type PgExpression, type PgFromItem, type PgNoteMark } from '../../pg/ast.js';
import { isNamed, pgTypeNamed } from '../../pg/pg-type.js';
import type { TargetColumn, TargetRelation } from '../name-resolver.js';
import { columnMethod } from './hierarchy-methods.js';
import { columnOf } from './infer-type.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, lowered, type Lowered } from '../lowered.js';

/** XQuery that XPath 1.0 does not have. */
const xqueryOnly = /declare\s|sql:|\bdata\s*\(|\*:|\bfor\s+\$|\blet\s+\$|[{}]/i;

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
  if (path === undefined) return undefined;
  const x = lowerExpression(e.target, g);
  const node = xpathMethod(e, path, type, x.node, g);
  return node && lowered(node, x.diagnostics);
}

function xpathMethod(
  e: S.MethodCall,
  path: string,
  type: S.Expression | undefined,
  x: PgExpression,
  g: Generator,
): PgExpression | undefined {
  const p = pg.string(path);
  switch (e.method.name.toLowerCase()) {
    case 'value': {
      const target = type?.kind === 'StringLiteral' && e.args.length === 2 ? dataType(type.value) : undefined;
      if (!target) return undefined;
      const escaped = pg.call(
        'array_to_string',
        pg.call('xpath', pg.string(`string(${path})`), x),
        pg.string(''),
      );
      const text = unescapes.reduce(
        (s, [from, to]) => pg.call('replace', s, pg.string(from), pg.string(to)),
        escaped,
      );
      return pg.caseWhen(pg.call('xpath_exists', p, x), pg.cast(text, g.type(target, 'cast')), pg.null());
    }
    case 'exist':
      return e.args.length === 1 ? pg.cast(pg.call('xpath_exists', p, x), pgTypeNamed('int')) : undefined;
    case 'query':
      return e.args.length === 1
        ? pg.cast(pg.call('array_to_string', pg.call('xpath', p, x), pg.string('')), pgTypeNamed('xml'))
        : undefined;
    default:
      return undefined;
  }
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
function xpathOf(path: string, target: S.Expression, g: Generator): string | undefined {
  if (xqueryOnly.test(path)) return undefined;
  return isXmlNode(target, g) ? fromNodeRoot(path) : path;
}

const isXmlNode = (e: S.Expression, g: Generator) =>
  e.kind === 'ColumnRef' && columnOf(e, g.ctx)?.xmlNode === true;

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
  const notes =
    path === undefined
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
    call: pg.call('unnest', pg.call('xpath', pg.string(path ?? source), d.take(lowerExpression(target, g)))),
    alias: g.ctx.names.name(t.alias!.name),
    columns: [g.ctx.names.name(t.columns![0]!.name)],
    notes,
  });
}

/** The relation `t` of `x.nodes(...) AS t(c)` in scope: its one column, an xml node. */
export function xmlNodesRelation(t: S.TableFunctionRef, g: Generator): TargetRelation | undefined {
  if (nodesPath(t) === undefined) return undefined;
  const source = t.columns![0]!.name.toLowerCase();
  const node: TargetColumn = { name: g.ctx.names.name(source), type: pgTypeNamed('xml'), xmlNode: true };
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
