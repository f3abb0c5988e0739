// FOR JSON and FOR XML PATH('') -> one text value aggregated over the query's rows: the query without
// its FOR clause becomes the derived table `r` (its ORDER BY, TOP, DISTINCT and GROUP BY kept inside,
// so the rows reach the aggregate sorted), and a pass serialises each row as SQL Server does
// (for-json.ts, for-xml-path.ts). No rows: no row, as SQL Server returns none (NULL as a subquery).

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { lowerSelect } from '../lower-query.js';
import { lowered, type Lowered } from '../lowered.js';
import { pg, type PgExpression, type PgSelect } from '../../pg/ast.js';

/** A column of the query: its T-SQL select item and its value in the derived table (`r.name`). */
export interface ForColumn {
  readonly item: S.SelectColumn;
  readonly value: PgExpression;
}

/** The derived table's alias. */
const rows = 'r';

/** The select items of a query whose columns can be told one by one (not a set operation, no assignment). */
export function selectColumns(s: S.Select): readonly S.SelectColumn[] | undefined {
  if (s.query.kind !== 'QuerySpec') return undefined;
  const items = s.query.columns;
  return items.every((c): c is S.SelectColumn => c.kind === 'SelectColumn') ? items : undefined;
}

/** A table of a FROM clause: the name that qualifies its columns, and their source names when known. */
export interface FromSource {
  readonly qualifier: S.ObjectName;
  readonly columns: readonly string[] | undefined;
}

/** A table of a FROM clause whose columns `*` names. */
type StarSource = FromSource & { readonly columns: readonly string[] };

const aliasName = (alias: S.Identifier): S.ObjectName => ({
  kind: 'ObjectName',
  name: alias,
  pos: alias.pos,
});

/**
 * The sources of a FROM clause in order, with their columns when the model tells them (tables, views,
 * table-valued functions); a derived table, a CTE or a built-in rowset function (FREETEXTTABLE,
 * OPENJSON) has columns undefined. Undefined when a source has no name to qualify its columns.
 */
export function fromSources(from: readonly S.TableSource[], g: Generator): FromSource[] | undefined {
  const sources: FromSource[] = [];
  const add = (t: S.TableSource): boolean => {
    if (t.kind === 'Join') return add(t.left) && add(t.right);
    const named = t.kind === 'TableRef' ? t.name : t.kind === 'TableFunctionRef' ? t.call.name : undefined;
    const alias = 'alias' in t ? t.alias : undefined;
    if (!named || (!named.schema && g.ctx.ctes.has(named.name.name.toLowerCase()))) {
      if (!alias) return false;
      sources.push({ qualifier: aliasName(alias), columns: undefined });
      return true;
    }
    const columns =
      t.kind === 'TableRef'
        ? g.ctx.names.relation(named.schema?.name, named.name.name)?.starColumns
        : g.ctx.names.functionColumns(named.schema?.name, named.name.name);
    sources.push({ qualifier: alias ? aliasName(alias) : named, columns });
    return true;
  };
  return from.every(add) ? sources : undefined;
}

/** The tables and table-valued functions of a FROM clause in order; undefined when a source's columns are not known (a derived table, a CTE). */
export function starSources(from: readonly S.TableSource[], g: Generator): StarSource[] | undefined {
  const sources = fromSources(from, g);
  return sources?.every((x): x is StarSource => x.columns !== undefined) ? sources : undefined;
}

/** Whether a column's qualifier names a FROM clause's table (by alias or name, its schema when written). */
export const sameQualifier = (a: S.ObjectName, b: S.ObjectName) =>
  a.name.name.toLowerCase() === b.name.name.toLowerCase() &&
  (!a.schema || a.schema.name.toLowerCase() === b.schema?.name.toLowerCase());

/**
 * The query with each `*` or `t.*` of its select list written out as the columns SQL Server returns
 * for it, by their source names (FOR JSON names its properties after them); undefined when a star's
 * tables are not all known. A query without a star is returned as it is.
 */
export function expandStars(s: S.Select, g: Generator): S.Select | undefined {
  const spec = s.query;
  if (spec.kind !== 'QuerySpec' || !spec.columns.some((c) => c.kind === 'SelectStar')) return s;
  const sources = starSources(spec.from, g);
  if (!sources) return undefined;
  const qualified = sources.length > 1;
  const columns = spec.columns.flatMap((c): S.SelectItem[] => {
    if (c.kind !== 'SelectStar') return [c];
    const named = c.table ? sources.filter((x) => sameQualifier(c.table!, x.qualifier)) : sources;
    return named.flatMap((x) =>
      x.columns.map((name): S.SelectColumn => {
        const column: S.Identifier = {
          kind: 'Identifier',
          name,
          quote: 'bracket',
          text: `[${name}]`,
          pos: c.pos,
        };
        const ref: S.ColumnRef = {
          kind: 'ColumnRef',
          column,
          pos: c.pos,
          ...((qualified || c.table) && { table: x.qualifier }),
        };
        return { kind: 'SelectColumn', expr: ref, pos: c.pos };
      }),
    );
  });
  return { ...s, query: { ...spec, columns } };
}

/** The query without its FOR clause as the derived table `r`, and its columns (`items`: its select items). */
export function forRows(
  s: S.Select,
  items: readonly S.SelectColumn[],
  g: Generator,
): Lowered<{ query: PgSelect; columns: ForColumn[] }> {
  const { for: _clause, ...rest } = s;
  const { node: query, diagnostics } = lowerSelect(rest, g);
  const core = query.body;
  if (core.kind !== 'SelectCore') throw new Error('a query block was not lowered to a SELECT block');
  const used = new Set<string>();
  const names = core.columns.map((c, i) => {
    let name = c.alias ?? (c.expr.kind === 'Name' ? c.expr.parts[c.expr.parts.length - 1] : undefined);
    if (name === undefined || used.has(name)) name = `column_${i + 1}`;
    used.add(name);
    return name;
  });
  // A column keeps its own name when it has one; the others are named for the outer query.
  const columns = core.columns.map((c, i) =>
    c.expr.kind === 'Name' && c.expr.parts[c.expr.parts.length - 1] === names[i]
      ? c
      : { ...c, alias: names[i] },
  );
  return lowered(
    {
      query: { ...query, body: { ...core, columns } },
      columns: names.map((name, i) => ({ item: items[i]!, value: pg.name(rows, name) })),
    },
    diagnostics,
  );
}

/** `SELECT text AS column FROM (query) AS r HAVING count(*) > 0`: the serialised rows, no row when there are none. */
export function aggregateRows(query: PgSelect, text: PgExpression, column: string): PgSelect {
  const count: PgExpression = { kind: 'Call', fn: { builtin: 'count' }, args: [], star: true };
  return pg.select({
    ...pg.selectCore([{ expr: text, alias: column }], [{ kind: 'SubqueryFrom', query, alias: rows }]),
    having: pg.binary('>', count, pg.number(0)),
  });
}

/** `a || b || ...`, adjacent string literals joined into one. */
export function concatenate(first: PgExpression, ...rest: PgExpression[]): PgExpression {
  return rest.reduce((left, right) => {
    const last = left.kind === 'Binary' ? left.right : left;
    if (last.kind !== 'String' || right.kind !== 'String') return pg.binary('||', left, right);
    const joined = pg.string(last.value + right.value);
    return left.kind === 'Binary' ? { ...left, right: joined } : joined;
  }, first);
}

/** The option of a FOR clause by name (upper case). */
export const forOption = (clause: S.ForClause, name: string) => clause.items.find((o) => o.name === name);
