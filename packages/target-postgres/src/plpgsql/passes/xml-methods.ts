// xml methods on an xml value -> PostgreSQL's XPath 1.0 functions: value(path, type) is the string
// value of the path's node (NULL when there is none, as SQL Server returns) cast to the type; exist(path)
// is xpath_exists as 0/1; query(path) the matching nodes as an xml fragment. PostgreSQL's xpath()
// returns a string result XML-escaped, so value() unescapes it. A path using what XQuery has and
// XPath 1.0 lacks (namespace declarations, sql:variable / sql:column, FLWOR, wildcard prefixes,
// data()) is left an action item, and so is nodes() and modify().

import type * as S from '@ferry/tsql';
import { parseExpression } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgExpression } from '../../pg/ast.js';
import { isNamed, pgTypeNamed } from '../../pg/pg-type.js';

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
export function xmlMethod(e: S.MethodCall, g: Generator): PgExpression | undefined {
  if (!isNamed(g.typeOf(e.target), 'xml')) return undefined;
  const [path, type] = e.args;
  if (path?.kind !== 'StringLiteral' || xqueryOnly.test(path.value)) return undefined;
  const x = g.lower(e.target);
  const p = pg.string(path.value);
  switch (e.method.name.toLowerCase()) {
    case 'value': {
      const target = type?.kind === 'StringLiteral' && e.args.length === 2 ? dataType(type.value) : undefined;
      if (!target) return undefined;
      const escaped = pg.call(
        'array_to_string',
        pg.call('xpath', pg.string(`string(${path.value})`), x),
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
