// FOR XML PATH('') as string aggregation -> string_agg over the rows of the query (see for-clause.ts),
// in the query's order: with an empty row element and only unnamed columns (`', ' + name`, or the
// aliases `*` and `text()`), SQL Server writes each row's values as text one after the other; columns
// all named `data()` are separated by a space. That text is XML content, so & < > and carriage returns
// come escaped (&amp; &lt; &gt; &#x0D;); through `, TYPE).value('.' or '(./text())[1]', 'nvarchar(max)')`
// they come as they are. A named column is an XML element: such queries produce XML and are left as
// action items.

import type * as S from '@ferry/tsql';
import { parseDataType } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgExpression, type PgSelect } from '../../pg/ast.js';
import { isText, pgTypeNamed } from '../../pg/pg-type.js';
import { lowered, type Lowered } from '../lowered.js';
import { aggregateRows, forOption, forRows, selectColumns, type ForColumn } from './for-clause.js';

/** The result column SQL Server gives a FOR XML query. */
export const forXmlColumn = 'XML_F52E2B61-18A1-11d1-B105-00805F49916B';

/** XML text content as SQL Server writes it. */
export const xmlEscapes: readonly (readonly [PgExpression, string])[] = [
  [pg.string('&'), '&amp;'],
  [pg.string('<'), '&lt;'],
  [pg.string('>'), '&gt;'],
  [pg.call('chr', pg.number(13)), '&#x0D;'],
];

/** A column SQL Server writes as a text node: no name, or named `*` or `text()`. */
function isTextNode(c: S.SelectColumn): boolean {
  return c.alias ? c.alias.name === '*' || c.alias.name === 'text()' : c.expr.kind !== 'ColumnRef';
}

/** A column named `data()`: its values are atomic values, a space between each two. */
const isAtomic = (c: S.SelectColumn) => c.alias?.name === 'data()';

function columnText(c: ForColumn, escaped: boolean, g: Generator): PgExpression {
  const text = isText(g.typeOf(c.item.expr)) ? c.value : pg.cast(c.value, pgTypeNamed('text'));
  return escaped
    ? xmlEscapes.reduce((s, [from, to]) => pg.call('replace', s, from, pg.string(to)), text)
    : text;
}

/**
 * The query of a FOR XML PATH('') string aggregation, its text escaped as XML content or not, or
 * undefined when the clause produces XML (see the module comment).
 */
export function forXmlPathQuery(
  s: S.Select,
  clause: S.ForClause,
  g: Generator,
  escaped: boolean,
): Lowered<PgSelect> | undefined {
  const [path, ...rest] = clause.items;
  if (path?.name !== 'PATH' || path.arg !== '' || !rest.every((o) => o.name === 'TYPE')) return undefined;
  const items = selectColumns(s);
  const atomic = !!items?.length && items.every(isAtomic);
  if (!items || (!atomic && !items.every(isTextNode))) return undefined;
  const { node: rows, diagnostics } = forRows(s, items, g);
  const pieces = rows.columns.map((c) => columnText(c, escaped, g));
  const row =
    pieces.length === 1
      ? pieces[0]!
      : atomic
        ? pg.call('concat_ws', pg.string(' '), ...pieces)
        : pg.call('concat', ...pieces);
  const text = pg.call('string_agg', row, pg.string(atomic ? ' ' : ''));
  return lowered(aggregateRows(rows.query, text, forXmlColumn), diagnostics);
}

/** The XQuery paths that read a text-only fragment's whole text. */
const wholeText = new Set(['.', '(./text())[1]', './text()[1]', '(text())[1]']);

/**
 * `(SELECT ... FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)')`: the aggregated text unescaped (cast
 * to a bounded string type when one is named), or undefined for any other method call.
 */
export function forXmlValue(e: S.MethodCall, g: Generator): Lowered<PgExpression> | undefined {
  const target = e.target;
  if (e.method.name.toLowerCase() !== 'value' || target.kind !== 'Subquery') return undefined;
  const clause = target.query.for;
  if (clause?.mode !== 'XML' || !forOption(clause, 'TYPE')) return undefined;
  const [path, typeName] = e.args;
  if (path?.kind !== 'StringLiteral' || !wholeText.has(path.value.replace(/\s+/g, ''))) return undefined;
  if (typeName?.kind !== 'StringLiteral') return undefined;
  const type = parseDataType(typeName.value);
  if (!['varchar', 'nvarchar', 'char', 'nchar'].includes(type.name.toLowerCase())) return undefined;
  const rows = forXmlPathQuery(target.query, clause, g, false);
  if (!rows) return undefined;
  const { node: query, diagnostics } = rows;
  const text: PgExpression = { kind: 'Subquery', query };
  return lowered(type.length === 'max' ? text : pg.cast(text, g.type(type, 'cast')), diagnostics);
}
