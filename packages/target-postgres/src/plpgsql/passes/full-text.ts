// Full-text search -> PostgreSQL's text search, with the English configuration (SQL Server's default
// full-text language): FREETEXT(column, text) -> to_tsvector('english', column) @@ q, and
// FREETEXTTABLE(table, column, text [, top_n]) in FROM -> a derived table of the table's matching
// rows, its KEY the table's one-column primary key (the full-text index's key index is a unique key:
// a table's usual one) and its RANK ts_rank scaled to SQL Server's 0-1000, the best top_n kept. As
// FREETEXT matches any of the words in their inflected forms, q is plainto_tsquery's stemmed words
// joined with | (plainto_tsquery joins them with &). Ranks and matches differ (word breakers,
// thesaurus, stop words): a medium action item says so. A `*` column, a column list, LANGUAGE, a
// table without a one-column primary key, CONTAINS and CONTAINSTABLE are not converted.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, type Lowered } from '../lowered.js';
import { pg, type PgExpression, type PgFromItem } from '../../pg/ast.js';
import { pgTypeNamed } from '../../pg/pg-type.js';
import type { TargetColumn, TargetRelation } from '../name-resolver.js';

const config = () => pg.string('english');
const differs =
  "full-text search -> PostgreSQL text search (to_tsvector/plainto_tsquery, 'english'): words match by PostgreSQL's stemming and stop words, without SQL Server's thesaurus, and ranks (ts_rank) differ";
const suggestion =
  'compare the results of a few searches; add a GIN index on to_tsvector(...) of the column for speed';

/** FREETEXT's query: any of the text's words, stemmed. */
export const freeTextQuery = (text: PgExpression): PgExpression =>
  pg.cast(
    pg.call(
      'replace',
      pg.cast(pg.call('plainto_tsquery', config(), text), pgTypeNamed('text')),
      pg.string(' & '),
      pg.string(' | '),
    ),
    pgTypeNamed('tsquery'),
  );

const document = (column: PgExpression) => pg.call('to_tsvector', config(), column);

/** FREETEXT(column, text) as a predicate; undefined for `*` or a column list. */
export function freeText(
  c: S.FunctionCall,
  [column, text]: PgExpression[],
  d: Diagnostics,
): PgExpression | undefined {
  if (c.args.length !== 2 || c.args[0]!.kind !== 'ColumnRef') return undefined;
  return d.note(
    pg.binary('@@', document(column!), freeTextQuery(text!)),
    'TSQL_FULL_TEXT',
    'medium',
    c.pos,
    differs,
    suggestion,
  );
}

interface FreeTextTable {
  readonly table: TargetRelation;
  readonly column: TargetColumn;
  readonly key: TargetColumn;
  readonly text: S.Expression;
  readonly top?: S.Expression;
}

/** The parts of a FREETEXTTABLE call this pass converts. */
function freeTextTable(t: S.TableFunctionRef, g: Generator): FreeTextTable | undefined {
  const { call } = t;
  if (call.name.schema || call.name.name.name.toLowerCase() !== 'freetexttable') return undefined;
  const [named, column, text, top] = call.args;
  if (call.args.length < 3 || call.args.length > 4 || named?.kind !== 'ColumnRef') return undefined;
  if (column?.kind !== 'ColumnRef' || column.table) return undefined;
  if (named.table?.schema) return undefined; // a database name
  const table = g.ctx.names.relation(named.table?.name.name, named.column.name);
  const keyName = table?.key?.length === 1 ? table.key[0] : undefined;
  const keyColumn = keyName && table?.columns?.includes(keyName) ? keyName : undefined;
  const searched = table?.column(column.column.name);
  if (!table || !keyColumn || !searched) return undefined;
  // the key column by its target name: found among the table's columns by the source name that maps to it
  const key = table.starColumns
    ?.map((source) => table.column(source))
    .find((c): c is TargetColumn => c?.name === keyColumn);
  if (!key) return undefined;
  return { table, column: searched, key, text: text!, ...(top && { top }) };
}

const keyAlias = (g: Generator) => g.ctx.names.name('KEY');
const rankAlias = (g: Generator) => g.ctx.names.name('RANK');
const aliasOf = (t: S.TableFunctionRef, g: Generator) => g.ctx.names.name(t.alias?.name ?? 'freetexttable');

/** FREETEXTTABLE(...) [AS] alias in FROM -> (SELECT key, rank FROM table WHERE ... ORDER BY rank DESC LIMIT n) AS alias. */
export function freeTextTableFrom(t: S.TableFunctionRef, g: Generator): Lowered<PgFromItem> | undefined {
  const parts = freeTextTable(t, g);
  if (!parts) return undefined;
  const d = new Diagnostics();
  const note = d.mark('TSQL_FULL_TEXT', 'medium', t.pos, `FREETEXTTABLE: ${differs}`, suggestion);
  const text = d.take(lowerExpression(parts.text, g));
  const top = parts.top && d.take(lowerExpression(parts.top, g));
  const row = 'ferry_ft';
  const words = 'ferry_q';
  const searched = document(pg.name(row, parts.column.name));
  const rank = pg.cast(
    pg.call('round', pg.binary('*', pg.call('ts_rank', searched, pg.name(words, 'q')), pg.number(1000))),
    pgTypeNamed('integer'),
  );
  const core = pg.selectCore(
    [
      { expr: pg.name(row, parts.key.name), alias: keyAlias(g) },
      { expr: rank, alias: rankAlias(g) },
    ],
    [
      pg.table([parts.table.schema, parts.table.name], row),
      {
        kind: 'SubqueryFrom',
        query: pg.select(pg.selectCore([{ expr: freeTextQuery(text), alias: 'q' }], [])),
        alias: words,
      },
    ],
    pg.binary('@@', searched, pg.name(words, 'q')),
  );
  const query = {
    ...pg.select(core),
    orderBy: top ? [{ expr: pg.name(rankAlias(g)), direction: 'DESC' as const }] : [],
    ...(top && { limit: { withTies: false, count: top } }),
    notes: [note],
  };
  return d.result({ kind: 'SubqueryFrom', query, alias: aliasOf(t, g) });
}

/** A converted FREETEXTTABLE as a relation in scope: KEY (the key's type) and RANK (integer). */
export function freeTextTableRelation(t: S.TableFunctionRef, g: Generator): TargetRelation | undefined {
  const parts = freeTextTable(t, g);
  if (!parts) return undefined;
  const columns: Record<string, TargetColumn> = {
    key: { name: keyAlias(g), ...(parts.key.type && { type: parts.key.type }) },
    rank: { name: rankAlias(g), type: pgTypeNamed('integer') },
  };
  return { schema: '', name: aliasOf(t, g), column: (sourceName) => columns[sourceName.toLowerCase()] };
}
