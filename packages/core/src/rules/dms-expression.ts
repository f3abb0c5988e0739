// DMS add-column expressions (SQLite syntax), a documented subset: parsed once per rule, bound once per
// table (column types checked), evaluated per row with SQLite's NULL rules; decimals stay exact.

import { FerryError } from '../errors.js';
import type { LogicalType } from '../model/logical-type.js';
import type { Column, Table } from '../model/schema-model.js';
import type { Value } from '../pipeline/batch.js';
import { constantValue, isConstantError } from './constant-value.js';
import type { ComputedColumn } from './table-mapping.js';

export type DmsExpression =
  | { kind: 'null' }
  | { kind: 'int'; value: bigint }
  | { kind: 'decimal'; value: Decimal }
  | { kind: 'text'; value: string }
  | { kind: 'column'; name: string }
  | { kind: 'unary'; op: '-' | 'NOT'; arg: DmsExpression }
  | { kind: 'binary'; op: string; left: DmsExpression; right: DmsExpression }
  | { kind: 'is-null'; not: boolean; arg: DmsExpression }
  | { kind: 'call'; name: string; args: DmsExpression[] }
  | { kind: 'case'; base?: DmsExpression; whens: [DmsExpression, DmsExpression][]; else?: DmsExpression };

/** An exact decimal: `digits / 10^scale`. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

/** A runtime value, SQLite storage classes plus exact decimals: NULL, INTEGER, REAL, TEXT, Decimal. */
type Sql = null | bigint | number | string | Decimal;

class ExpressionProblem extends Error {}
const fail = (message: string): never => {
  throw new ExpressionProblem(message);
};

// ---- parsing ---------------------------------------------------------------------------------

const tokenRe =
  /\s*(?:(\d+(?:\.\d+)?)|'((?:[^']|'')*)'|\$([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)|(\|\||<=|>=|<>|!=|==|[-+*/()=<>,]))/y;

interface Token {
  type: 'number' | 'string' | 'column' | 'word' | 'op';
  text: string;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  tokenRe.lastIndex = 0;
  while (tokenRe.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(tokenRe.lastIndex))) break;
    const at = tokenRe.lastIndex;
    const m = tokenRe.exec(text);
    if (!m) return fail(`unsupported syntax at ${JSON.stringify(text.slice(at).trim().slice(0, 20))}`);
    if (m[1] !== undefined) out.push({ type: 'number', text: m[1] });
    else if (m[2] !== undefined) out.push({ type: 'string', text: m[2].replace(/''/g, "'") });
    else if (m[3] !== undefined) out.push({ type: 'column', text: m[3] });
    else if (m[4] !== undefined) out.push({ type: 'word', text: m[4].toUpperCase() });
    else out.push({ type: 'op', text: m[5]! });
  }
  return out;
}

const functions: Record<string, [number, number]> = {
  UPPER: [1, 1],
  LOWER: [1, 1],
  LENGTH: [1, 1],
  SUBSTR: [2, 3],
  TRIM: [1, 2],
  LTRIM: [1, 2],
  RTRIM: [1, 2],
};
const keywords = new Set(['CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'IS', 'NULL']);

/** Parses an expression of the subset; `{ error }` names the unsupported part. */
export function parseDmsExpression(text: string): DmsExpression | { error: string } {
  try {
    const tokens = tokenize(text);
    let i = 0;
    const peek = (t?: string) =>
      t === undefined ? tokens[i] : tokens[i]?.text === t ? tokens[i] : undefined;
    const accept = (t: string) =>
      peek(t) && (tokens[i]!.type === 'op' || tokens[i]!.type === 'word') ? tokens[i++] : undefined;
    const expect = (t: string) =>
      accept(t) ?? fail(`expected ${t} ${i < tokens.length ? `before ${tokens[i]!.text}` : 'at the end'}`);
    const binary = (next: () => DmsExpression, ops: string[]) => () => {
      let left = next();
      for (let op = ops.find((o) => accept(o)); op; op = ops.find((o) => accept(o)))
        left = {
          kind: 'binary',
          op: op === '==' ? '=' : op === '!=' ? '<>' : op,
          left,
          right: next(),
        } as DmsExpression;
      return left;
    };
    const primary = (): DmsExpression => {
      const t = tokens[i++] ?? fail('unexpected end of expression');
      if (t.type === 'number')
        return t.text.includes('.')
          ? {
              kind: 'decimal',
              value: { digits: BigInt(t.text.replace('.', '')), scale: t.text.split('.')[1]!.length },
            }
          : { kind: 'int', value: BigInt(t.text) };
      if (t.type === 'string') return { kind: 'text', value: t.text };
      if (t.type === 'column') return { kind: 'column', name: t.text };
      if (t.text === '(') {
        const e = or();
        expect(')');
        return e;
      }
      if (t.text === 'NULL') return { kind: 'null' };
      if (t.text === 'CASE') {
        const base = peek('WHEN') ? undefined : or();
        const whens: [DmsExpression, DmsExpression][] = [];
        while (accept('WHEN')) {
          const when = or();
          expect('THEN');
          whens.push([when, or()]);
        }
        if (!whens.length) fail('CASE needs at least one WHEN');
        const otherwise = accept('ELSE') ? or() : undefined;
        expect('END');
        return { kind: 'case', ...(base ? { base } : {}), whens, ...(otherwise ? { else: otherwise } : {}) };
      }
      if (t.type === 'word' && !keywords.has(t.text)) {
        const arity =
          functions[t.text] ??
          fail(`function ${t.text} is not supported (${Object.keys(functions).join(', ')} are)`);
        expect('(');
        const args = [or()];
        while (accept(',')) args.push(or());
        expect(')');
        if (args.length < arity[0] || args.length > arity[1])
          fail(
            `${t.text} takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]} or ${arity[1]}`} argument(s)`,
          );
        return { kind: 'call', name: t.text, args };
      }
      return fail(`unexpected ${t.text}`);
    };
    const unary = (): DmsExpression => {
      if (accept('-')) {
        const arg = unary();
        if (arg.kind === 'int') return { kind: 'int', value: -arg.value };
        if (arg.kind === 'decimal')
          return { kind: 'decimal', value: { ...arg.value, digits: -arg.value.digits } };
        return { kind: 'unary', op: '-', arg };
      }
      if (accept('+')) return unary();
      return primary();
    };
    const concat = binary(unary, ['||']);
    const mul = binary(concat, ['*', '/']);
    const add = binary(mul, ['+', '-']);
    const compare = binary(add, ['<', '<=', '>', '>=']);
    const equality = (): DmsExpression => {
      let left = compare();
      for (;;) {
        if (accept('IS')) {
          const not = Boolean(accept('NOT'));
          expect('NULL');
          left = { kind: 'is-null', not, arg: left };
          continue;
        }
        const op = ['=', '==', '<>', '!='].find((o) => accept(o));
        if (!op) return left;
        left = { kind: 'binary', op: op === '==' ? '=' : op === '!=' ? '<>' : op, left, right: compare() };
      }
    };
    const not = (): DmsExpression => (accept('NOT') ? { kind: 'unary', op: 'NOT', arg: not() } : equality());
    const and = binary(not, ['AND']);
    const or = binary(and, ['OR']);
    const e = or();
    if (i < tokens.length) fail(`unsupported syntax at ${tokens[i]!.text}`);
    return e;
  } catch (e) {
    if (e instanceof ExpressionProblem) return { error: e.message };
    throw e;
  }
}

// ---- binding (static types) --------------------------------------------------------------------

/** Static class of an expression: numbers (int, decimal, real) never mix with text in an operator. */
type Static = 'int' | 'decimal' | 'real' | 'text' | 'null' | 'mixed';

const numeric = (s: Static) => s === 'int' || s === 'decimal' || s === 'real' || s === 'null';

function columnClass(c: Column): Static {
  switch (c.type.kind) {
    case 'bool':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return 'int';
    case 'decimal':
      return 'decimal';
    case 'float32':
    case 'float64':
      return 'real';
    case 'text':
    case 'uuid':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'json':
    case 'xml':
      return 'text';
    default:
      return fail(`column $${c.name} is ${c.nativeType}, which expressions cannot use`);
  }
}

function join(a: Static, b: Static): Static {
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (a === b) return a;
  if (numeric(a) && numeric(b)) return a === 'real' || b === 'real' ? 'real' : 'decimal';
  return 'mixed';
}

/** Checks the expression against `table` and returns its static class and the columns it reads. */
function check(e: DmsExpression, table: Table, columns: string[]): Static {
  const sub = (x: DmsExpression) => check(x, table, columns);
  const needNumber = (x: DmsExpression, what: string) => {
    const s = sub(x);
    if (!numeric(s))
      fail(`${what} needs numbers, not ${s === 'text' ? 'text' : 'a mix of text and numbers'}`);
    return s;
  };
  switch (e.kind) {
    case 'null':
      return 'null';
    case 'int':
      return 'int';
    case 'decimal':
      return 'decimal';
    case 'text':
      return 'text';
    case 'column': {
      const c =
        table.columns.find((col) => col.name === e.name) ??
        fail(`column $${e.name} is not a column of ${table.schema}.${table.name}`);
      if (!columns.includes(c.name)) columns.push(c.name);
      return columnClass(c);
    }
    case 'unary':
      return e.op === '-' ? needNumber(e.arg, 'unary -') : (needNumber(e.arg, 'NOT'), 'int');
    case 'is-null':
      sub(e.arg);
      return 'int';
    case 'binary': {
      if (e.op === '||') {
        sub(e.left);
        sub(e.right);
        return 'text';
      }
      if (e.op === 'AND' || e.op === 'OR') {
        needNumber(e.left, e.op);
        needNumber(e.right, e.op);
        return 'int';
      }
      if (['+', '-', '*', '/'].includes(e.op)) {
        const s = join(needNumber(e.left, e.op), needNumber(e.right, e.op));
        if (e.op === '/' && s === 'decimal')
          fail('/ on decimal values is not supported (the quotient may not be exact)');
        return s === 'null' ? 'null' : s;
      }
      const l = sub(e.left);
      const r = sub(e.right);
      if (join(l, r) === 'mixed')
        fail(`${e.op} compares text with a number (SQLite affinity rules are not supported)`);
      return 'int';
    }
    case 'call': {
      const [, ...rest] = e.args.map(sub);
      if (e.name === 'SUBSTR' && rest.some((s) => s !== 'int' && s !== 'null'))
        fail('SUBSTR positions must be integers');
      return e.name === 'LENGTH' ? 'int' : 'text';
    }
    case 'case': {
      let out: Static = 'null';
      if (e.base) {
        const base = sub(e.base);
        for (const [w] of e.whens)
          if (join(base, sub(w)) === 'mixed') fail('CASE compares text with a number');
      } else for (const [w] of e.whens) needNumber(w, 'WHEN');
      for (const [, t] of e.whens) out = join(out, sub(t));
      if (e.else) out = join(out, sub(e.else));
      return out;
    }
  }
}

// ---- evaluation --------------------------------------------------------------------------------

const isDecimal = (v: Sql): v is Decimal => typeof v === 'object' && v !== null;

function scaled(v: bigint | Decimal, scale: number): bigint {
  return typeof v === 'bigint' ? v * 10n ** BigInt(scale) : v.digits * 10n ** BigInt(scale - v.scale);
}

/** SQLite's text of a REAL (printf "%!.15g"): 15 significant digits, at least one decimal. */
export function realText(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'Inf' : n < 0 ? '-Inf' : '';
  if (n === 0) return '0.0';
  const [mantissa, exp] = n.toExponential(14).split('e') as [string, string];
  const e = Number(exp);
  const digits = mantissa.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  const sign = n < 0 ? '-' : '';
  if (e < -4 || e >= 15) {
    const m = `${digits[0]}.${digits.slice(1) || '0'}`;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const int = digits.slice(0, e + 1).padEnd(e + 1, '0');
  return `${sign}${int}.${digits.slice(e + 1) || '0'}`;
}

function decimalText(d: Decimal): string {
  if (d.scale === 0) return String(d.digits);
  const neg = d.digits < 0n;
  const s = String(neg ? -d.digits : d.digits).padStart(d.scale + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
}

function text(v: Exclude<Sql, null>): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return realText(v);
  return decimalText(v);
}

const toNumber = (v: bigint | number | Decimal) =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(decimalText(v));

function arithmetic(op: string, a: Sql, b: Sql): Sql {
  if (a === null || b === null) return null;
  const x = a as bigint | number | Decimal;
  const y = b as bigint | number | Decimal;
  if (typeof x === 'number' || typeof y === 'number') {
    const p = toNumber(x);
    const q = toNumber(y);
    if (op === '/') return q === 0 ? null : p / q;
    return op === '+' ? p + q : op === '-' ? p - q : p * q;
  }
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : y === 0n ? null : x / y;
    if (r !== null && (r < -(2n ** 63n) || r >= 2n ** 63n)) fail(`integer overflow in ${op}`);
    return r;
  }
  const scale = Math.max(isDecimal(x) ? x.scale : 0, isDecimal(y) ? y.scale : 0);
  if (op === '*') {
    const dx = isDecimal(x) ? x : { digits: x, scale: 0 };
    const dy = isDecimal(y) ? y : { digits: y, scale: 0 };
    return { digits: dx.digits * dy.digits, scale: dx.scale + dy.scale };
  }
  const p = scaled(x, scale);
  const q = scaled(y, scale);
  return { digits: op === '+' ? p + q : p - q, scale };
}

function compareValues(a: Exclude<Sql, null>, b: Exclude<Sql, null>): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  const x = a as bigint | number | Decimal;
  const y = b as bigint | number | Decimal;
  if (typeof x === 'number' || typeof y === 'number') {
    const p = toNumber(x);
    const q = toNumber(y);
    return p < q ? -1 : p > q ? 1 : 0;
  }
  const scale = Math.max(isDecimal(x) ? x.scale : 0, isDecimal(y) ? y.scale : 0);
  const p = scaled(x, scale);
  const q = scaled(y, scale);
  return p < q ? -1 : p > q ? 1 : 0;
}

const truth = (v: Sql): boolean | null =>
  v === null ? null : isDecimal(v) ? v.digits !== 0n : v !== 0 && v !== 0n;
const bool = (b: boolean | null): Sql => (b === null ? null : b ? 1n : 0n);

/** Characters (code points) of a text, up to a NUL as SQLite counts them. */
const chars = (s: string) => [...s];

function substr(s: string, y: bigint, z: bigint | undefined): string {
  const cs = chars(s);
  let p1 = Number(y);
  let p2 = z === undefined ? cs.length : Math.abs(Number(z));
  const negP2 = z !== undefined && z < 0n;
  if (p1 < 0) {
    p1 += cs.length;
    if (p1 < 0) {
      p2 += p1;
      if (p2 < 0) p2 = 0;
      p1 = 0;
    }
  } else if (p1 > 0) p1--;
  else if (p2 > 0) p2--;
  if (negP2) {
    p1 -= p2;
    if (p1 < 0) {
      p2 += p1;
      p1 = 0;
    }
  }
  return cs.slice(p1, p1 + p2).join('');
}

function trim(s: string, set: string, left: boolean, right: boolean): string {
  const cs = chars(s);
  const drop = new Set(chars(set));
  let a = 0;
  let b = cs.length;
  while (left && a < b && drop.has(cs[a]!)) a++;
  while (right && b > a && drop.has(cs[b - 1]!)) b--;
  return cs.slice(a, b).join('');
}

function call(name: string, args: Sql[]): Sql {
  if (args.some((a) => a === null)) return null;
  const [x, y, z] = args as Exclude<Sql, null>[];
  const s = text(x!);
  switch (name) {
    case 'UPPER':
      return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
    case 'LOWER':
      return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    case 'LENGTH':
      return BigInt(chars(s.split('\0')[0]!).length);
    case 'SUBSTR':
      return substr(s, y as bigint, z as bigint | undefined);
    default:
      return trim(s, y === undefined ? ' ' : text(y), name !== 'RTRIM', name !== 'LTRIM');
  }
}

function evaluate(e: DmsExpression, row: (name: string) => Sql): Sql {
  const ev = (x: DmsExpression) => evaluate(x, row);
  switch (e.kind) {
    case 'null':
      return null;
    case 'int':
    case 'decimal':
    case 'text':
      return e.value;
    case 'column':
      return row(e.name);
    case 'unary': {
      const v = ev(e.arg);
      if (e.op === 'NOT') return bool(truth(v) === null ? null : !truth(v));
      return v === null ? null : arithmetic('-', 0n, v);
    }
    case 'is-null':
      return bool((ev(e.arg) === null) !== e.not);
    case 'binary': {
      if (e.op === 'AND' || e.op === 'OR') {
        const l = truth(ev(e.left));
        if (e.op === 'AND' && l === false) return 0n;
        if (e.op === 'OR' && l === true) return 1n;
        const r = truth(ev(e.right));
        if (e.op === 'AND') return r === false ? 0n : l === null || r === null ? null : 1n;
        return r === true ? 1n : l === null || r === null ? null : 0n;
      }
      const l = ev(e.left);
      const r = ev(e.right);
      if (e.op === '||') return l === null || r === null ? null : text(l) + text(r);
      if (['+', '-', '*', '/'].includes(e.op)) return arithmetic(e.op, l, r);
      if (l === null || r === null) return null;
      const c = compareValues(l, r);
      const ops: Record<string, boolean> = {
        '=': c === 0,
        '<>': c !== 0,
        '<': c < 0,
        '<=': c <= 0,
        '>': c > 0,
        '>=': c >= 0,
      };
      return bool(ops[e.op]!);
    }
    case 'call':
      return call(e.name, e.args.map(ev));
    case 'case': {
      const base = e.base ? ev(e.base) : undefined;
      for (const [w, t] of e.whens) {
        const v = ev(w);
        const hit = e.base ? base !== null && v !== null && compareValues(base!, v) === 0 : truth(v) === true;
        if (hit) return ev(t);
      }
      return e.else ? ev(e.else) : null;
    }
  }
}

/** A SQLite-side value of a source column's canonical value. */
function fromValue(v: Value, c: Column): Sql {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return c.type.kind === 'float32' || c.type.kind === 'float64' ? v : BigInt(v);
  if (typeof v === 'string' && c.type.kind === 'decimal') {
    const [int, frac = ''] = v.split('.');
    return { digits: BigInt(`${int}${frac}`), scale: frac.length };
  }
  return typeof v === 'string' ? v : fail(`column ${c.name} holds a value expressions cannot use`);
}

/** The result of an evaluation, as the input of `constantValue` for the added column's type. */
export type ExpressionResult = string | number | bigint | null;

export interface BoundExpression {
  /** Source columns the expression reads, in the order `evaluate` takes their values. */
  columns: string[];
  /** Evaluates on the values of `columns`; throws an Error naming the problem (e.g. integer overflow). */
  evaluate(values: Value[]): ExpressionResult;
}

/** Binds a parsed expression to a source table; `{ error }` names the column or operator that does not fit. */
export function bindDmsExpression(e: DmsExpression, table: Table): BoundExpression | { error: string } {
  const columns: string[] = [];
  try {
    check(e, table, columns);
  } catch (err) {
    if (err instanceof ExpressionProblem) return { error: err.message };
    throw err;
  }
  const cols = columns.map((n) => table.columns.find((c) => c.name === n)!);
  return {
    columns,
    evaluate(values) {
      const v = evaluate(e, (name) => {
        const i = columns.indexOf(name);
        return fromValue(values[i]!, cols[i]!);
      });
      return v === null || typeof v === 'string' || typeof v === 'bigint' || typeof v === 'number'
        ? v
        : decimalText(v);
    },
  };
}

/**
 * The computed column of an add-column rule on `table`: the expression bound to the table, its result
 * turned into the canonical value of `type` (never rounded). A result that does not fit `type` is
 * passed on as it is: the target's check of user-code values refuses it under the table's `onError`
 * policy, naming row, column and key, as it does a transform's value. An expression that cannot be
 * evaluated (integer overflow) is an error naming `what`, e.g. `column FULL_NAME added by rule-id 4 to dbo.Employees`.
 */
export function computedColumn(
  e: DmsExpression,
  table: Table,
  type: LogicalType,
  what: string,
): ComputedColumn | { error: string } {
  const bound = bindDmsExpression(e, table);
  if ('error' in bound) return bound;
  return {
    columns: bound.columns,
    compute(values) {
      let result: ExpressionResult;
      try {
        result = bound.evaluate(values);
      } catch (err) {
        if (!(err instanceof ExpressionProblem)) throw err;
        throw new FerryError(`${what}: ${err.message}`, { code: 'EXPRESSION_FAILED', where: what });
      }
      const input = typeof result === 'number' && type.kind === 'text' ? realText(result) : result;
      const v = constantValue(type, input);
      return isConstantError(v) ? input : v;
    },
  };
}
