// FOR XML RAW and FOR XML AUTO over one table -> the XML text SQL Server writes, aggregated over the
// rows of the query in its order (for-clause.ts): one element per row, named `row` or RAW('name') (AUTO:
// the table's alias, or its name as written), each column not NULL an attribute (`<row Id="1"/>`), or
// with ELEMENTS a child element (`<row><Id>1</Id></row>`, `<row/>` when all are NULL); ROOT('name')
// around the rows; TYPE makes it xml. Values are written as SQL Server writes them: text with & < >
// escaped and carriage returns as &#x0D; (attributes also " tab and newline), bit as 1/0, exact numbers
// of a known scale and dates as their text, binary as base64 with BINARY BASE64. Names that are not
// XML names are encoded as SQL Server encodes them (_xHHHH_). A column of another type, or without a
// name, XMLDATA / XMLSCHEMA / XSINIL, and AUTO over joined tables leave the query an action item.

import type * as S from '@ferry/tsql';
import { xmlName } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgExpression, type PgSelect } from '../../pg/ast.js';
import { isInteger, isNamed, isText, numericScale, pgTypeNamed, type PgType } from '../../pg/pg-type.js';
import { lowered, type Lowered } from '../lowered.js';
import { scopeOf } from '../lower-query.js';
import { aggregateRows, concatenate, forOption, forRows, selectColumns } from './for-clause.js';
import { forXmlColumn, xmlEscapes } from './for-xml-path.js';

/** What an attribute value escapes besides text content's escapes. */
const attributeEscapes: readonly (readonly [PgExpression, string])[] = [
  [pg.string('"'), '&quot;'],
  [pg.call('chr', pg.number(9)), '&#x09;'],
  [pg.call('chr', pg.number(10)), '&#x0A;'],
];

const escape = (text: PgExpression, escapes: readonly (readonly [PgExpression, string])[]) =>
  escapes.reduce((s, [from, to]) => pg.call('replace', s, from, pg.string(to)), text);

/** A column's value as the XML text SQL Server writes; undefined for a type whose text differs. */
function valueText(
  value: PgExpression,
  type: PgType | undefined,
  options: { base64: boolean; attribute: boolean },
): PgExpression | undefined {
  if (isText(type))
    return escape(value, options.attribute ? [...xmlEscapes, ...attributeEscapes] : xmlEscapes);
  if (isInteger(type) || (isNamed(type, 'numeric') && numericScale(type) !== undefined))
    return pg.cast(value, pgTypeNamed('text'));
  if (isNamed(type, 'boolean')) return pg.caseWhen(value, pg.string('1'), pg.string('0'));
  if (isNamed(type, 'date')) return pg.call('to_char', value, pg.string('YYYY-MM-DD'));
  if (isNamed(type, 'bytea') && options.base64)
    return pg.call(
      'translate',
      pg.call('encode', value, pg.string('base64')),
      pg.call('chr', pg.number(10)),
      pg.string(''),
    );
  return undefined;
}

/** A select item's name as SQL Server names the XML attribute or element; undefined when it has none. */
const columnName = (c: S.SelectColumn) =>
  c.alias?.name ?? (c.expr.kind === 'ColumnRef' ? c.expr.column.name : undefined);

/** The element of each row: RAW's name, or AUTO's one table (its alias or its name as written). */
function rowName(s: S.Select, mode: S.ForOption): string | undefined {
  if (mode.name === 'RAW') return mode.arg ?? 'row';
  if (s.query.kind !== 'QuerySpec' || s.query.from.length !== 1) return undefined;
  const [t] = s.query.from;
  if (t?.kind !== 'TableRef') return undefined;
  return t.alias?.name ?? [t.name.schema?.name, t.name.name.name].filter((x) => x !== undefined).join('.');
}

const supported = new Set(['RAW', 'AUTO', 'ELEMENTS', 'ROOT', 'TYPE', 'BINARY BASE64']);

/** The query of a FOR XML RAW / AUTO (one table), or undefined when it is not converted (module comment). */
export function forXmlRawQuery(
  s: S.Select,
  clause: S.ForClause,
  g: Generator,
): Lowered<PgSelect> | undefined {
  const [mode, ...rest] = clause.items;
  if (!mode || !clause.items.every((o) => supported.has(o.name)) || rest.some((o) => o.name === mode.name))
    return undefined;
  const name = mode.name === 'RAW' || mode.name === 'AUTO' ? rowName(s, mode) : undefined;
  const items = selectColumns(s);
  if (name === undefined || name === '' || !items?.length) return undefined;
  const names = items.map(columnName);
  if (!names.every((n) => n !== undefined)) return undefined;
  const elements = !!forOption(clause, 'ELEMENTS');
  const { node: rows, diagnostics } = forRows(s, items, g);
  const options = { base64: !!forOption(clause, 'BINARY BASE64'), attribute: !elements };
  const inner = s.query.kind === 'QuerySpec' ? g.withScope(scopeOf(s.query.from, g)) : g;
  const texts = rows.columns.map((c) => valueText(c.value, inner.typeOf(c.item.expr), options));
  if (!texts.every((t) => t !== undefined)) return undefined;
  const row = xmlName(name);
  const pieces = texts.map((text, i) => {
    const tag = xmlName(names[i]!);
    return elements
      ? concatenate(pg.string(`<${tag}>`), text, pg.string(`</${tag}>`))
      : concatenate(pg.string(` ${tag}="`), text, pg.string('"'));
  });
  const content = pg.call('concat', ...pieces);
  const element = elements
    ? pg.call(
        'coalesce',
        concatenate(pg.string(`<${row}>`), pg.call('nullif', content, pg.string('')), pg.string(`</${row}>`)),
        pg.string(`<${row}/>`),
      )
    : concatenate(pg.string(`<${row}`), content, pg.string('/>'));
  const root = forOption(clause, 'ROOT');
  const all = pg.call('string_agg', element, pg.string(''));
  const rooted = root
    ? concatenate(
        pg.string(`<${xmlName(root.arg ?? 'root')}>`),
        all,
        pg.string(`</${xmlName(root.arg ?? 'root')}>`),
      )
    : all;
  const text = forOption(clause, 'TYPE') ? pg.cast(rooted, pgTypeNamed('xml')) : rooted;
  return lowered(aggregateRows(rows.query, text, forXmlColumn), diagnostics);
}
