// Type inference over IR expressions, as far as the model and declarations tell: enough to know
// whether `+` concatenates strings and whether a 0/1 is compared with a bit (boolean) column.

import type { ColumnRef, Expression } from '@ferry/tsql';
import type { TargetColumn } from '../name-resolver.js';
import type { ConversionContext } from '../conversion-context.js';
import { pgType } from '../data-types.js';
import { isNamed, isText, pgTypeNamed, rankOf, type PgType } from '../../pg/pg-type.js';
import { textResultFunctions } from './builtin-functions.js';

const text = pgTypeNamed('text');

/** The PostgreSQL type of an expression when it can be told, else undefined. */
export function typeOf(e: Expression, ctx: ConversionContext): PgType | undefined {
  switch (e.kind) {
    case 'StringLiteral':
      return text;
    case 'NumberLiteral':
      return pgTypeNamed(e.numberKind === 'integer' ? 'integer' : 'numeric');
    case 'Cast':
    case 'Convert':
      return pgType(e.type, 'cast');
    case 'Variable':
      return ctx.variables.get(e.name.toLowerCase())?.type;
    case 'ColumnRef':
      return columnOf(e, ctx)?.type;
    case 'FunctionCall': {
      const name = e.name.name.name.toLowerCase();
      if (!e.name.schema && textResultFunctions.has(name)) return text;
      if (!e.name.schema && name === 'dateadd' && e.args[2] && isNamed(typeOf(e.args[2], ctx), 'date'))
        return pgTypeNamed('date');
      if (!e.name.schema && (name === 'isnull' || name === 'coalesce')) {
        for (const a of e.args) {
          const t = typeOf(a, ctx);
          if (t) return t;
        }
      }
      return undefined;
    }
    case 'BinaryOp': {
      if (!arithmetic.has(e.op)) return undefined;
      const l = typeOf(e.left, ctx);
      const r = typeOf(e.right, ctx);
      if (e.op === '+' && (isText(l) || isText(r))) return text;
      return l && r ? arithmeticType(l, r) : (l ?? r);
    }
    case 'Case': {
      for (const w of e.whens) {
        const t = typeOf(w.then, ctx);
        if (t) return t;
      }
      return e.else ? typeOf(e.else, ctx) : undefined;
    }
    case 'Collate':
      return typeOf(e.expr, ctx);
    case 'UnaryOp':
      return e.op === 'NOT' ? pgTypeNamed('boolean') : typeOf(e.operand, ctx);
    case 'StaticMethodCall': {
      // geography::Point(...), geometry::STGeomFromText(...): a value of the type, a PostGIS one with PostGIS.
      const type = e.type.name.toLowerCase();
      const spatial =
        (type === 'geography' || type === 'geometry') && ctx.names.types.spatialAs === 'postgis';
      return spatial ? pgTypeNamed(type) : undefined;
    }
    default:
      return undefined;
  }
}

/** The target column a column reference names, when its table is known. */
export function columnOf(e: ColumnRef, ctx: ConversionContext): TargetColumn | undefined {
  const table = e.table?.name.name;
  const rel = table
    ? (ctx.alias(table).relation ?? ctx.names.relation(e.table?.schema?.name, table))
    : ctx.columnOwner(e.column.name);
  return rel?.column(e.column.name);
}

/** Functions whose result is SQL Server's datetime. */
const datetimeFunctions = new Set(['getdate', 'getutcdate', 'current_timestamp']);

/**
 * Whether an expression is of SQL Server's datetime type (its values on 1/300 s ticks), which maps to
 * timestamp(3) as datetime2(3) does: a column or variable declared so, a CAST/CONVERT to it, GETDATE(),
 * or DATEADD of one (or of a string, which DATEADD reads as a datetime).
 */
export function isDatetime(e: Expression, ctx: ConversionContext): boolean {
  switch (e.kind) {
    case 'Cast':
    case 'Convert':
      return e.type.name.toLowerCase() === 'datetime' && !e.type.schema;
    case 'ColumnRef':
      return columnOf(e, ctx)?.sourceType?.toLowerCase() === 'datetime';
    case 'Variable':
      return ctx.variables.get(e.name.toLowerCase())?.sourceType === 'datetime';
    case 'FunctionCall': {
      if (e.name.schema) return false;
      const name = e.name.name.name.toLowerCase();
      if (datetimeFunctions.has(name)) return true;
      const date = e.args[2];
      return name === 'dateadd' && !!date && (date.kind === 'StringLiteral' || isDatetime(date, ctx));
    }
    case 'Collate':
      return isDatetime(e.expr, ctx);
    default:
      return false;
  }
}

const arithmetic = new Set(['+', '-', '*', '/', '%']);

/** The type of `l op r`: the operand type of higher precedence, as SQL Server types arithmetic. */
function arithmeticType(l: PgType, r: PgType): PgType {
  const a = rankOf(l);
  const b = rankOf(r);
  if (a < 0 || b < 0) return a < 0 ? l : r;
  return a >= b ? l : r;
}
