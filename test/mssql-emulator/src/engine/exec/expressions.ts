// Compiles IR expressions into closures over a row: name resolution, static result types,
// three-valued logic, comparisons under data type precedence, CASE, LIKE, IN, subqueries.

import { compileXmlMethodCall } from './xml-methods.js';
import type { AssignOperator, ColumnRef, Expression, FunctionCall, Select } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { compileParse } from './parse-function.js';
import { SqlError } from '../errors.js';
import { convert, converter, type Value } from '../types/convert.js';
import { isBinaryType, isCharType, isUnicodeType, precedence } from '../types/sql-type.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';
import { arithmetic, arithmeticType, type ArithOp } from './arithmetic.js';
import { caseSensitive, compareValues } from './compare.js';
import { resolveDataType } from './data-type.js';
import { compileFunction } from './functions.js';
import { compileQuery } from './query.js';
import { matchCondition } from './graph-tables.js';
import { compileNextValueFor } from './sequences.js';
import { compileClrMethod, compileClrProperty, compileStaticMethod } from './clr-types.js';
import { type Scope, type CompileCtx, type Compiled, type EvalCtx, type Row } from './scope.js';
import { parseDec } from '../types/decimal.js';

const BIT: SqlType = { name: 'bit' };
const INT: SqlType = { name: 'int' };

export function literal(type: SqlType, value: Value): Compiled {
  return { type, nullable: value === null, eval: () => value, constant: true };
}

/** Type of a numeric literal as SQL Server types it: int, bigint/numeric, numeric(p,s), float, money. */
export function numberLiteral(text: string, kind: string): Compiled {
  if (kind === 'money')
    return literal({ name: 'money' }, String(convert(text, { name: 'varchar' }, { name: 'money' })));
  if (kind === 'float') return literal({ name: 'float' }, Number(text));
  if (kind === 'integer') {
    const n = BigInt(text);
    if (n <= 2147483647n) return literal(INT, Number(n));
    const digits = text.replace(/^0+(?=\d)/, '').length;
    return literal({ name: 'numeric', precision: Math.max(digits, 1), scale: 0 }, n.toString());
  }
  const d = parseDec(text);
  const [i = '', f = ''] = text.split('.');
  const intDigits = i.replace(/^0+/, '').length;
  const scale = f.length;
  return literal(
    { name: 'numeric', precision: Math.max(intDigits + scale, 1, scale), scale },
    parseDecText(d, scale),
  );
}

function parseDecText(d: { v: bigint; s: number }, scale: number): string {
  const neg = d.v < 0n;
  const digits = (neg ? -d.v : d.v).toString().padStart(scale + 1, '0');
  return scale === 0
    ? (neg ? '-' : '') + digits
    : `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** The common type of two operands of a comparison or CASE: the higher precedence wins. */
/** The decimal an exact numeric becomes beside a decimal: SQL Server converts int to decimal(10,0), money to decimal(19,4). */
const DECIMAL_OF: Record<string, SqlType> = {
  bit: { name: 'numeric', precision: 1, scale: 0 },
  tinyint: { name: 'numeric', precision: 3, scale: 0 },
  smallint: { name: 'numeric', precision: 5, scale: 0 },
  int: { name: 'numeric', precision: 10, scale: 0 },
  bigint: { name: 'numeric', precision: 19, scale: 0 },
  smallmoney: { name: 'numeric', precision: 10, scale: 4 },
  money: { name: 'numeric', precision: 19, scale: 4 },
};

const isDecimal = (t: SqlType) => t.name === 'decimal' || t.name === 'numeric';

export function commonType(a: SqlType, b: SqlType): SqlType {
  if (isDecimal(a) && DECIMAL_OF[b.name]) return commonType(a, DECIMAL_OF[b.name]);
  if (isDecimal(b) && DECIMAL_OF[a.name]) return commonType(DECIMAL_OF[a.name], b);
  if (isCharType(a) && isCharType(b)) {
    const unicode = isUnicodeType(a) || isUnicodeType(b);
    // A column's explicit collation wins over the default one of literals and variables.
    const explicit = [a.collation, b.collation].find((c) => c !== undefined && c !== DEFAULT_COLLATION);
    return { name: unicode ? 'nvarchar' : 'varchar', length: -1, collation: explicit ?? DEFAULT_COLLATION };
  }
  if (isDecimal(a) && isDecimal(b)) {
    const s = Math.max(a.scale ?? 0, b.scale ?? 0);
    const p = Math.min(
      38,
      Math.max((a.precision ?? 18) - (a.scale ?? 0), (b.precision ?? 18) - (b.scale ?? 0)) + s,
    );
    return { name: 'numeric', precision: p, scale: s };
  }
  return precedence(a) >= precedence(b) ? a : b;
}

/** Converts a compiled expression to `type` (no-op when it already has it). */
export function coerce(e: Compiled, type: SqlType, cc: CompileCtx): Compiled {
  if (sameType(e.type, type)) return e;
  const from = e.type;
  if (e.constant) {
    const v = convert(e.eval([], { session: cc.session, outer: [] }), from, type, 0, cc.session);
    return { ...literal(type, v), name: e.name };
  }
  return {
    type,
    nullable: e.nullable,
    name: e.name,
    eval: (row, ctx) => convert(e.eval(row, ctx), from, type, 0, ctx.session),
  };
}

const sameType = (a: SqlType, b: SqlType) =>
  a.name === b.name && a.length === b.length && a.precision === b.precision && a.scale === b.scale;

/** Comparison of two compiled operands; returns true/false/null (unknown). */
export function comparison(op: string, l: Compiled, r: Compiled, cc: CompileCtx): Compiled {
  const t = commonType(l.type, r.type);
  const a = coerceForCompare(l, t, cc);
  const b = coerceForCompare(r, t, cc);
  const test = comparator(op);
  return {
    type: BIT,
    nullable: true,
    eval: (row, ctx) => {
      const x = a.eval(row, ctx);
      if (x === null) return null;
      const y = b.eval(row, ctx);
      if (y === null) return null;
      return test(compareValues(x, y, t));
    },
  };
}

function coerceForCompare(e: Compiled, t: SqlType, cc: CompileCtx): Compiled {
  // Character operands compare as text whatever their declared length.
  if (isCharType(e.type) && isCharType(t)) return e;
  return coerce(e, t, cc);
}

function comparator(op: string): (c: number) => boolean {
  switch (op) {
    case '=':
      return (c) => c === 0;
    case '<>':
    case '!=':
      return (c) => c !== 0;
    case '<':
    case '!>':
      return op === '<' ? (c) => c < 0 : (c) => c <= 0;
    case '>':
    case '!<':
      return op === '>' ? (c) => c > 0 : (c) => c >= 0;
    case '<=':
      return (c) => c <= 0;
    case '>=':
      return (c) => c >= 0;
  }
  throw new SqlError(102, `Incorrect syntax near '${op}'.`, 15);
}

/** The top-level AND conjuncts of a predicate (`a AND (b AND c)` gives a, b, c). */
export function conjuncts(e: Expression): Expression[] {
  return e.kind === 'BinaryOp' && e.op === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

export function isTrue(v: Value): boolean {
  return v === true || v === 1;
}

/**
 * The value `target op= expr` assigns (`+=`, `-=`, `*=`, `/=`, `%=`, `&=`, `|=`, `^=`): `target op expr`;
 * plain `=` assigns `expr`. The target is a variable name or a column.
 */
export function compoundAssignment(
  target: string | ColumnRef,
  op: AssignOperator,
  expr: Expression,
): Expression {
  if (op === '=') return expr;
  const left: Expression =
    typeof target === 'string' ? { kind: 'Variable', name: target, pos: expr.pos } : target;
  return { kind: 'BinaryOp', op: op.slice(0, -1) as '+', left, right: expr, pos: expr.pos };
}

export function compileExpr(node: Expression, cc: CompileCtx): Compiled {
  switch (node.kind) {
    case 'NumberLiteral':
      return numberLiteral(node.text, node.numberKind);
    case 'StringLiteral':
      return literal(
        {
          name: node.unicode ? 'nvarchar' : 'varchar',
          length: Math.max(node.value.length, 1),
          collation: DEFAULT_COLLATION,
        },
        node.value,
      );
    case 'BinaryLiteral':
      return literal(
        { name: 'varbinary', length: Math.max(1, Math.ceil(node.hex.length / 2)) },
        Buffer.from(node.hex.length % 2 ? '0' + node.hex : node.hex, 'hex'),
      );
    case 'NullLiteral':
      return { type: INT, nullable: true, eval: () => null, constant: true };
    case 'ColumnRef': {
      let depth: number, index: number;
      try {
        [depth, index] = cc.scope.resolve(node);
      } catch (err) {
        const property = compileColumnProperty(node, cc);
        if (property) return property;
        throw err;
      }
      let s: Scope = cc.scope;
      for (let i = 0; i < depth; i++) s = s.parent!;
      const b = s.bindings[index];
      if (b.xmlNode && !cc.xmlNodeAccess)
        throw new SqlError(
          493,
          `The column '${b.name}' that was returned from the nodes() method cannot be used directly. It can only be used with one of the four XML data type methods, exist(), nodes(), query(), and value(), or in IS NULL and IS NOT NULL checks.`,
          16,
        );
      const name = b.name;
      if (depth === 0) {
        if (cc.grouped && !cc.grouped.has(index))
          throw new SqlError(
            8120,
            `Column '${b.qualifier ? b.qualifier + '.' : ''}${b.name}' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.`,
            16,
          );
        return { type: b.type, nullable: b.nullable, name, eval: (row) => row[index] };
      }
      return {
        type: b.type,
        nullable: b.nullable,
        name,
        eval: (_row, ctx) => ctx.outer[ctx.outer.length - depth][index],
      };
    }
    case 'Variable':
      return compileVariable(node.name, cc);
    case 'UnaryOp': {
      const e = compileExpr(node.operand, cc);
      if (node.op === 'NOT') return { type: BIT, nullable: true, eval: (row, ctx) => not(e.eval(row, ctx)) };
      if (node.op === '+') return e;
      if (node.op === '-') {
        if (e.constant && node.operand.kind === 'NumberLiteral') {
          const v = e.eval([], { session: cc.session, outer: [] });
          return { ...literal(e.type, negate(v)) };
        }
        const zero = literal(INT, 0);
        const t = arithmeticType('-', INT, e.type);
        return {
          type: t,
          nullable: e.nullable,
          eval: (row, ctx) => {
            const v = e.eval(row, ctx);
            return v === null ? null : arithmetic('-', 0, zero.type, v, e.type, t, ctx.session);
          },
        };
      }
      const t = e.type;
      return {
        type: t,
        nullable: e.nullable,
        eval: (row, ctx) => {
          const v = e.eval(row, ctx);
          return v === null ? null : typeof v === 'bigint' ? ~v : ~Number(v);
        },
      };
    }
    case 'BinaryOp':
      return compileBinary(node.op, node.left, node.right, cc);
    case 'Like':
      return compileLike(node.expr, node.pattern, node.escape, node.not, cc);
    case 'InList': {
      const e = compileExpr(node.expr, cc);
      const items = node.list.map((x) => comparison('=', e, compileExpr(x, cc), cc));
      return {
        type: BIT,
        nullable: true,
        eval: (row, ctx) => {
          let unknown = false;
          for (const it of items) {
            const r = it.eval(row, ctx);
            if (r === true) return !node.not;
            if (r === null) unknown = true;
          }
          return unknown ? null : node.not;
        },
      };
    }
    case 'InSubquery': {
      const e = compileExpr(node.expr, cc);
      const sub = compileSubquery(node.query, cc);
      if (sub.columns.length !== 1)
        throw new SqlError(
          116,
          'Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.',
          16,
        );
      const t = commonType(e.type, sub.columns[0].type);
      const a = coerceForCompare(e, t, cc);
      const subType = sub.columns[0].type;
      return {
        type: BIT,
        nullable: true,
        eval: (row, ctx) => {
          const x = a.eval(row, ctx);
          if (x === null) return null;
          let unknown = false;
          for (const r of sub.run(row, ctx)) {
            const y =
              r[0] === null
                ? null
                : isCharType(t) && isCharType(subType)
                  ? r[0]
                  : convert(r[0], subType, t, 0, ctx.session);
            if (y === null) unknown = true;
            else if (compareValues(x, y, t) === 0) return !node.not;
          }
          return unknown ? null : node.not;
        },
      };
    }
    case 'Between': {
      const e = compileExpr(node.expr, cc);
      const lo = comparison('>=', e, compileExpr(node.low, cc), cc);
      const hi = comparison('<=', e, compileExpr(node.high, cc), cc);
      return {
        type: BIT,
        nullable: true,
        eval: (row, ctx) => {
          const r = and(lo.eval(row, ctx), hi.eval(row, ctx));
          return node.not ? not(r) : r;
        },
      };
    }
    case 'IsNull': {
      const e = compileExpr(node.expr, cc);
      return { type: BIT, nullable: false, eval: (row, ctx) => (e.eval(row, ctx) === null) !== node.not };
    }
    case 'Exists': {
      const sub = compileSubquery(node.query, cc);
      return {
        type: BIT,
        nullable: false,
        eval: (row, ctx) => {
          for (const _ of sub.run(row, ctx)) return true;
          return false;
        },
      };
    }
    case 'Case':
      return compileCase(node, cc);
    case 'FunctionCall':
      return compileCall(node, cc);
    case 'Cast':
    case 'Convert': {
      const e = compileExpr(node.expr, cc);
      const resolved = resolveDataType(node.type, cc.session.db, 'cast').type;
      // Between character types the result keeps the input's collation (and so its code page).
      const type =
        isCharType(resolved) && isCharType(e.type) && e.type.collation
          ? { ...resolved, collation: e.type.collation }
          : resolved;
      const style = node.kind === 'Convert' && node.style ? compileExpr(node.style, cc) : undefined;
      const from = e.type;
      const tryIt = node.try;
      // A constant style (the usual case) picks the conversion once, not per row.
      const fixed = style?.constant ? style.eval([], { session: cc.session, outer: [] }) : 0;
      const conv =
        !style || style.constant
          ? fixed === null
            ? () => null
            : converter(from, type, Number(fixed))
          : undefined;
      return {
        type,
        nullable: true,
        name: undefined,
        eval: (row, ctx) => {
          try {
            if (conv) return conv(e.eval(row, ctx), ctx.session);
            const s = style!.eval(row, ctx);
            return s === null ? null : convert(e.eval(row, ctx), from, type, Number(s), ctx.session);
          } catch (err) {
            if (tryIt && err instanceof SqlError) return null;
            throw err;
          }
        },
      };
    }
    case 'Parse':
      return compileParse(node, cc);
    case 'Subquery': {
      const sub = compileSubquery(node.query, cc);
      if (sub.columns.length !== 1)
        throw new SqlError(
          116,
          'Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.',
          16,
        );
      return {
        type: sub.columns[0].type,
        nullable: true,
        eval: (row, ctx) => {
          let result: Value = null;
          let n = 0;
          for (const r of sub.run(row, ctx)) {
            if (++n > 1)
              throw new SqlError(
                512,
                'Subquery returned more than 1 value. This is not permitted when the subquery follows =, !=, <, <= , >, >= or when the subquery is used as an expression.',
                16,
              );
            result = r[0];
          }
          return result;
        },
      };
    }
    case 'Collate': {
      // An explicit COLLATE decides how the value compares (case-sensitive for _CS_ / _BIN2).
      const e = compileExpr(node.expr, cc);
      if (!isCharType(e.type))
        throw new SqlError(447, 'Expression type ' + e.type.name + ' is invalid for COLLATE clause.', 16);
      return { ...e, type: { ...e.type, collation: node.collation } };
    }
    case 'NextValueFor':
      return compileNextValueFor(node, cc.session);
    case 'GraphMatch':
      return compileExpr(matchCondition(node), cc);
    case 'MethodCall': {
      const target = compileExpr(node.target, cc);
      if (node.property) {
        const property = compileClrProperty(target, node.method.name);
        if (!property) throw new SqlError(258, `Cannot call methods on ${target.type.name}.`, 15);
        return property;
      }
      const args = () => node.args.map((a) => compileExpr(a, cc));
      return (
        compileClrMethod(target, node.method.name, args()) ??
        compileXmlMethodCall(node.target, node.method.name, node.args, cc)
      );
    }
    case 'StaticMethodCall':
      return compileStaticMethod(
        node.type.name,
        node.method.name,
        node.args.map((a) => compileExpr(a, cc)),
      );
    case 'Star':
      throw new SqlError(102, `Incorrect syntax near '*'.`, 15);
    default:
      throw new SqlError(
        40517,
        `The expression ${node.kind} is not supported by the SQL Server emulator.`,
        16,
      );
  }
}

function negate(v: Value): Value {
  if (v === null) return null;
  if (typeof v === 'number') return -v;
  if (typeof v === 'bigint') return -v;
  if (typeof v === 'string') return v.startsWith('-') ? v.slice(1) : '-' + v;
  return v;
}

export function not(v: Value): Value {
  return v === null ? null : !isTrue(v);
}

export function and(a: Value, b: Value): Value {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

function or(a: Value, b: Value): Value {
  if (isTrue(a) || isTrue(b)) return true;
  if (a === null || b === null) return null;
  return false;
}

function compileBinary(op: string, left: Expression, right: Expression, cc: CompileCtx): Compiled {
  if (op === 'AND' || op === 'OR') {
    const l = compileExpr(left, cc);
    const r = compileExpr(right, cc);
    if (op === 'AND')
      return {
        type: BIT,
        nullable: true,
        eval: (row, ctx) => {
          const a = l.eval(row, ctx);
          if (a === false) return false;
          return and(a, r.eval(row, ctx));
        },
      };
    return {
      type: BIT,
      nullable: true,
      eval: (row, ctx) => {
        const a = l.eval(row, ctx);
        if (isTrue(a)) return true;
        return or(a, r.eval(row, ctx));
      },
    };
  }
  const l = compileExpr(left, cc);
  const r = compileExpr(right, cc);
  if (['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>'].includes(op)) return comparison(op, l, r, cc);
  if (op === '&' || op === '|' || op === '^') {
    // Binary operands act as integers; the result has the integer operand's type.
    const intOf = (t: SqlType) => (isBinaryType(t) ? INT : t);
    const lt = intOf(l.type);
    const rt0 = intOf(r.type);
    const t = precedence(lt) >= precedence(rt0) ? lt : rt0;
    return {
      type: t,
      nullable: l.nullable || r.nullable,
      eval: (row, ctx) => {
        const a = l.eval(row, ctx);
        const b = r.eval(row, ctx);
        if (a === null || b === null) return null;
        const x = BigInt(convert(a, l.type, { name: 'bigint' }, 0, ctx.session) as bigint);
        const y = BigInt(convert(b, r.type, { name: 'bigint' }, 0, ctx.session) as bigint);
        const v = op === '&' ? x & y : op === '|' ? x | y : x ^ y;
        return t.name === 'bigint' ? v : t.name === 'bit' ? v !== 0n : Number(BigInt.asIntN(32, v));
      },
    };
  }
  const aop = op as ArithOp;
  // An integer constant meeting a decimal is typed decimal(digits, 0), as SQL Server types literals.
  const isDec = (t: SqlType) => t.name === 'decimal' || t.name === 'numeric';
  const literalDec = (c: Compiled, other: Compiled): Compiled => {
    if (!c.constant || c.type.name !== 'int' || !isDec(other.type)) return c;
    const v = c.eval([], { session: cc.session, outer: [] });
    if (v === null) return c;
    return literal({ name: 'numeric', precision: String(Math.abs(Number(v))).length, scale: 0 }, String(v));
  };
  return arithmeticOp(aop, literalDec(l, r), literalDec(r, l), cc);
}

function arithmeticOp(aop: ArithOp, l: Compiled, r: Compiled, cc: CompileCtx): Compiled {
  const rt = arithmeticType(aop, l.type, r.type);
  const result: Compiled = {
    type: rt,
    nullable: l.nullable || r.nullable,
    eval: (row, ctx) => {
      const a = l.eval(row, ctx);
      if (a === null) return null;
      const b = r.eval(row, ctx);
      if (b === null) return null;
      return arithmetic(aop, a, l.type, b, r.type, rt, ctx.session);
    },
  };
  if (l.constant && r.constant)
    return { ...literal(rt, result.eval([], { session: cc.session, outer: [] })), nullable: result.nullable };
  return result;
}

/** LIKE pattern -> RegExp: % _ [set] [^set], optional ESCAPE, case-insensitive. */
export function likeRegex(pattern: string, escape?: string, caseSensitive = false): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (escape !== undefined && c === escape && i + 1 < pattern.length) {
      re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let set = pattern.slice(i + 1, end);
        const neg = set.startsWith('^');
        if (neg) set = set.slice(1);
        re += `[${neg ? '^' : ''}${set.replace(/[\\\]]/g, '\\$&')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, caseSensitive ? '' : 'i');
}

function compileLike(
  expr: Expression,
  pattern: Expression,
  escape: Expression | undefined,
  negated: boolean,
  cc: CompileCtx,
): Compiled {
  const e = compileExpr(expr, cc);
  const p = compileExpr(pattern, cc);
  const esc = escape ? compileExpr(escape, cc) : undefined;
  const textType: SqlType = { name: 'nvarchar', length: -1 };
  const cs = caseSensitive(e.type);
  let cached: { pat: string; re: RegExp } | undefined;
  return {
    type: BIT,
    nullable: true,
    eval: (row, ctx) => {
      const v = e.eval(row, ctx);
      const pv = p.eval(row, ctx);
      if (v === null || pv === null) return null;
      const s = String(convert(v, e.type, textType, 0, ctx.session));
      const pat = String(convert(pv, p.type, textType, 0, ctx.session));
      if (!cached || cached.pat !== pat)
        cached = { pat, re: likeRegex(pat, esc ? String(esc.eval(row, ctx)) : undefined, cs) };
      const text = e.type.name === 'char' || e.type.name === 'nchar' ? s.replace(/ +$/, '') : s;
      return cached.re.test(text) !== negated;
    },
  };
}

function compileCase(node: Extract<Expression, { kind: 'Case' }>, cc: CompileCtx): Compiled {
  const operand = node.operand ? compileExpr(node.operand, cc) : undefined;
  const whens = node.whens.map((w) => ({
    cond: operand ? comparison('=', operand, compileExpr(w.when, cc), cc) : compileExpr(w.when, cc),
    then: compileExpr(w.then, cc),
  }));
  const otherwise = node.else ? compileExpr(node.else, cc) : undefined;
  const results = [...whens.map((w) => w.then), ...(otherwise ? [otherwise] : [])];
  const nonNull = results.filter(
    (r) => !(r.constant && r.eval([], { session: cc.session, outer: [] }) === null),
  );
  let type = (nonNull[0] ?? results[0]).type;
  for (const r of nonNull) type = caseType(type, r.type);
  const thens = whens.map((w) => ({ cond: w.cond, then: coerce(w.then, type, cc) }));
  const other = otherwise ? coerce(otherwise, type, cc) : undefined;
  return {
    type,
    nullable: true,
    eval: (row, ctx) => {
      for (const w of thens) if (isTrue(w.cond.eval(row, ctx))) return w.then.eval(row, ctx);
      return other ? other.eval(row, ctx) : null;
    },
  };
}

function caseType(a: SqlType, b: SqlType): SqlType {
  if (a.name === 'xml' || b.name === 'xml') return a.name === 'xml' ? a : b;
  if (isCharType(a) && isCharType(b)) {
    const unicode = isUnicodeType(a) || isUnicodeType(b);
    const la = a.length ?? 1;
    const lb = b.length ?? 1;
    return {
      name: unicode ? 'nvarchar' : 'varchar',
      length: la === -1 || lb === -1 ? -1 : Math.max(la, lb),
      collation: DEFAULT_COLLATION,
    };
  }
  return commonType(a, b);
}

const AGGREGATES = new Set([
  'count',
  'count_big',
  'min',
  'max',
  'sum',
  'avg',
  'grouping',
  'stdev',
  'var',
  'string_agg',
  'checksum_agg',
]);

export function isAggregate(call: FunctionCall): boolean {
  return !call.name.schema && !call.over && AGGREGATES.has(call.name.name.name.toLowerCase());
}

function compileCall(call: FunctionCall, cc: CompileCtx): Compiled {
  if (call.over) {
    const w = cc.windows?.get(call);
    if (!w)
      throw new SqlError(4108, 'Windowed functions can only appear in the SELECT or ORDER BY clauses.', 15);
    return { type: w.type, nullable: w.nullable, eval: (row) => row[w.slot] };
  }
  if (isAggregate(call)) {
    const slot = cc.aggregates?.get(call);
    if (slot === undefined)
      throw new SqlError(
        147,
        'An aggregate may not appear in the WHERE clause unless it is in a subquery contained in a HAVING clause or a select list, and the column being aggregated is an outer reference.',
        15,
      );
    const t = aggregateType(call, cc);
    return { type: t, nullable: !/^count/i.test(call.name.name.name), eval: (row) => row[slot] };
  }
  return compileFunction(call, cc);
}

/** STRING_AGG: (n)varchar(max) for max input, else nvarchar(4000) or varchar(8000). */
function stringAggType(t: SqlType): SqlType {
  const unicode = t.name !== 'varchar' && t.name !== 'char';
  const max = t.length === -1;
  return {
    name: unicode ? 'nvarchar' : 'varchar',
    length: max ? -1 : unicode ? 4000 : 8000,
    collation: DEFAULT_COLLATION,
  };
}

/** Result type of an aggregate call (its argument compiled in the pre-aggregation scope). */
export function aggregateType(call: FunctionCall, cc: CompileCtx): SqlType {
  const fn = call.name.name.name.toLowerCase();
  if (fn === 'count') return INT;
  if (fn === 'grouping') return { name: 'tinyint' };
  if (fn === 'count_big') return { name: 'bigint' };
  const arg = compileExpr(call.args[0], { ...cc, aggregates: undefined, grouped: undefined });
  const t = arg.type;
  if (fn === 'min' || fn === 'max') return t;
  if (fn === 'string_agg') return stringAggType(t);
  if (fn === 'sum' || fn === 'avg') {
    if (['tinyint', 'smallint', 'int', 'bit'].includes(t.name)) return INT;
    if (t.name === 'bigint') return t;
    if (t.name === 'decimal' || t.name === 'numeric')
      return {
        name: t.name,
        precision: 38,
        scale: fn === 'avg' ? Math.max(t.scale ?? 0, 6) : (t.scale ?? 0),
      };
    if (t.name === 'money' || t.name === 'smallmoney') return { name: 'money' };
    if (t.name === 'real' || t.name === 'float') return { name: 'float' };
    throw new SqlError(8117, `Operand data type ${t.name} is invalid for ${fn} operator.`, 16);
  }
  throw new SqlError(
    40517,
    `The aggregate ${fn.toUpperCase()} is not supported by the SQL Server emulator.`,
    16,
  );
}

function compileVariable(name: string, cc: CompileCtx): Compiled {
  if (name.startsWith('@@'))
    return compileFunction(
      {
        kind: 'FunctionCall',
        name: {
          kind: 'ObjectName',
          name: { kind: 'Identifier', name, quote: 'none', text: name, pos: { line: 0, column: 0 } },
          pos: { line: 0, column: 0 },
        },
        args: [],
        distinct: false,
        star: false,
        pos: { line: 0, column: 0 },
      } as FunctionCall,
      cc,
    );
  const v = cc.session.variable(name);
  return { type: v.type, nullable: true, eval: (_row, ctx) => ctx.session.variable(name).value };
}

export interface SubqueryPlan {
  columns: { name: string; type: SqlType }[];
  run: (row: Row, ctx: EvalCtx) => Iterable<Row>;
}

function compileSubquery(select: Select, cc: CompileCtx): SubqueryPlan {
  const plan = compileQuery(select, cc.session, cc.scope, cc.ctes);
  return {
    columns: plan.columns,
    run: function* (row, ctx) {
      const inner: EvalCtx = { session: ctx.session, outer: [...ctx.outer, row] };
      yield* plan.rows(inner);
    },
  };
}

/**
 * `col.Lat`, `t.col.STSrid`: a property of a spatial column, which the parser reads as a qualified
 * column reference that does not resolve as a column. Undefined when it is not a spatial column's property.
 */
function compileColumnProperty(node: ColumnRef, cc: CompileCtx): Compiled | undefined {
  const t = node.table;
  if (!t || t.database) return undefined;
  const target: ColumnRef = {
    kind: 'ColumnRef',
    ...(t.schema ? { table: { kind: 'ObjectName', name: t.schema, pos: node.pos } } : {}),
    column: t.name,
    pos: node.pos,
  };
  let compiled: Compiled;
  try {
    compiled = compileExpr(target, cc);
  } catch {
    return undefined;
  }
  return compileClrProperty(compiled, node.column.name);
}
