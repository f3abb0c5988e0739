// hierarchyid methods on ltree values (target option hierarchyidAs: 'ltree'; a path's levels are
// labels, `.` in a level `_` and a minus sign `m`, see copy/ltree-path.ts): GetLevel, GetAncestor,
// IsDescendantOf, ToString, GetReparentedValue, and the static GetRoot and Parse. GetDescendant,
// which invents a label between two siblings, stays an action item.
//
// `col.GetLevel()` is parsed as a call of function GetLevel in schema `col` (the parser cannot tell a
// column from a schema): `columnMethod` turns such a call back into a method call when its
// qualifier names a column in scope.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgExpression } from '../../pg/ast.js';
import { spatialMethodNames } from './spatial-methods.js';
import { isNamed, pgTypeNamed } from '../../pg/pg-type.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, lowered, type Lowered } from '../lowered.js';

/** The method names of hierarchyid, xml and the spatial types that may follow a column name. */
const columnMethods = new Set([
  ...spatialMethodNames,
  'getlevel',
  'getancestor',
  'isdescendantof',
  'tostring',
  'getreparentedvalue',
  'getdescendant',
  'value',
  'query',
  'exist',
  'nodes',
  'modify',
]);

/**
 * `col.Method(args)` or `t.col.Method(args)`, parsed as a schema-qualified function call, as the
 * method call it is; undefined when the qualifier is not a column in scope.
 */
export function columnMethod(e: S.FunctionCall, g: Generator): S.MethodCall | undefined {
  const { schema, database } = e.name;
  if (!schema || e.name.server || !columnMethods.has(e.name.name.name.toLowerCase())) return undefined;
  const known = database
    ? g.ctx.alias(database.name).found || g.ctx.names.relation(undefined, database.name)
    : g.ctx.columnOwner(schema.name);
  if (!known) return undefined;
  const table: S.ObjectName | undefined = database && {
    kind: 'ObjectName',
    name: database,
    pos: database.pos,
  };
  const target: S.ColumnRef = {
    kind: 'ColumnRef',
    column: schema,
    ...(table ? { table } : {}),
    pos: schema.pos,
  };
  return { kind: 'MethodCall', target, method: e.name.name, args: e.args, pos: e.pos };
}

const replaceAll = (text: PgExpression, pairs: [string, string][]) =>
  pairs.reduce((s, [from, to]) => pg.call('replace', s, pg.string(from), pg.string(to)), text);

/** A path's text (`/1/3.5/-2/`) as ltree, in SQL: the inverse of `pathText`. */
const ltreeOfPath = (path: PgExpression) =>
  pg.call(
    'text2ltree',
    replaceAll(pg.call('btrim', pg.cast(path, pgTypeNamed('text')), pg.string('/')), [
      ['.', '_'],
      ['-', 'm'],
      ['/', '.'],
    ]),
  );

/** An ltree's path text as SQL Server's ToString() prints it; the root is `/`. */
const pathText = (x: PgExpression) =>
  pg.caseWhen(
    pg.binary('=', pg.call('nlevel', x), pg.number(0)),
    pg.string('/'),
    pg.binary(
      '||',
      pg.binary(
        '||',
        pg.string('/'),
        replaceAll(pg.call('ltree2text', x), [
          ['.', '/'],
          ['_', '.'],
          ['m', '-'],
        ]),
      ),
      pg.string('/'),
    ),
  );

/** Methods whose result is a hierarchyid again. */
const hierarchyResults = new Set(['getancestor', 'getreparentedvalue', 'getdescendant', 'getroot', 'parse']);

/** True when `e` is an ltree value: typed so, or a hierarchyid method's result (which has no inferred type). */
function isLtree(e: S.Expression, g: Generator): boolean {
  switch (e.kind) {
    case 'MethodCall':
      return hierarchyResults.has(e.method.name.toLowerCase()) && isLtree(e.target, g);
    case 'StaticMethodCall':
      return e.type.name.toLowerCase() === 'hierarchyid' && g.ctx.names.types.hierarchyidAs === 'ltree';
    case 'FunctionCall': {
      const method = columnMethod(e, g);
      return method ? isLtree(method, g) : false;
    }
    default:
      return isNamed(g.typeOf(e), 'ltree');
  }
}

/** `x.Method(args)` on an ltree value, or undefined when `x` is not one or the method has no form here. */
export function hierarchyMethod(e: S.MethodCall, g: Generator): Lowered<PgExpression> | undefined {
  if (!isLtree(e.target, g)) return undefined;
  const d = new Diagnostics();
  const x = d.take(lowerExpression(e.target, g));
  const args = d.takeAll(e.args.map((a) => lowerExpression(a, g)));
  const node = ltreeMethod(e.method.name.toLowerCase(), x, args);
  return node && d.result(node);
}

function ltreeMethod(method: string, x: PgExpression, args: PgExpression[]): PgExpression | undefined {
  const level = pg.call('nlevel', x);
  switch (method) {
    case 'getlevel':
      return args.length === 0 ? pg.cast(level, pgTypeNamed('smallint')) : undefined;
    case 'getancestor': {
      const [n] = args;
      if (!n || args.length !== 1) return undefined;
      // NULL past the root, as SQL Server returns.
      return pg.caseWhen(
        pg.binary('>=', level, n),
        pg.call('subltree', x, pg.number(0), pg.binary('-', level, n)),
        pg.null(),
      );
    }
    case 'isdescendantof': // 1 for the node itself and every node below it; bit, so 0/1
      return args.length === 1
        ? pg.cast(pg.call('ltree_isparent', args[0]!, x), pgTypeNamed('int'))
        : undefined;
    case 'tostring':
      return args.length === 0 ? pathText(x) : undefined;
    case 'getreparentedvalue': {
      const [from, to] = args;
      if (!from || !to || args.length !== 2) return undefined;
      // subltree refuses an empty range: the node `from` itself moves to `to`.
      const depth = pg.call('nlevel', from);
      return pg.caseWhen(
        pg.binary('=', level, depth),
        to,
        pg.binary('||', to, pg.call('subltree', x, depth, level)),
      );
    }
    default:
      return undefined;
  }
}

/** `hierarchyid::GetRoot()` and `hierarchyid::Parse(s)` when hierarchyid is ltree; else undefined. */
export function hierarchyStatic(e: S.StaticMethodCall, g: Generator): Lowered<PgExpression> | undefined {
  if (e.type.name.toLowerCase() !== 'hierarchyid' || g.ctx.names.types.hierarchyidAs !== 'ltree')
    return undefined;
  const method = e.method.name.toLowerCase();
  if (method === 'getroot' && e.args.length === 0)
    return lowered(pg.cast(pg.string(''), pgTypeNamed('ltree')));
  if (method === 'parse' && e.args.length === 1) {
    const path = lowerExpression(e.args[0]!, g);
    return lowered(ltreeOfPath(path.node), path.diagnostics);
  }
  return undefined;
}
