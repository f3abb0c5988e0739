// The PostgreSQL printer on hand-built trees: quoting of names and literals, parentheses by operator
// precedence, and the shapes of PostgreSQL's special call syntax.

import { describe, expect, it } from 'vitest';
import { pg, type PgExpression } from '../src/pg/ast.js';
import { printExpression } from '../src/pg/print-expression.js';
import { pgTypeNamed } from '../src/pg/pg-type.js';

const a = pg.name('a');
const b = pg.name('b');

describe('printExpression', () => {
  it.each<[string, PgExpression, string]>([
    ['a lower-case name bare', pg.name('orders', 'order_id'), 'orders.order_id'],
    ['a mixed-case or reserved name quoted', pg.name('Sales', 'order', 'a"b'), '"Sales"."order"."a""b"'],
    ['a string literal with its quotes doubled', pg.string("it's"), "'it''s'"],
    ['a sequence named by a literal', { kind: 'RelationLiteral', parts: ['Sales', 'seq'] }, `'"Sales".seq'`],
    ['bytea from hex, padded to whole bytes', { kind: 'Bytea', hex: 'ABC' }, "'\\x0ABC'::bytea"],
    ['an interval', pg.interval('1 day'), "INTERVAL '1 day'"],
    ['a weaker child in parentheses', pg.binary('*', pg.binary('+', a, b), pg.number(2)), '(a + b) * 2'],
    ['a stronger child without', pg.binary('+', pg.binary('*', a, b), pg.number(2)), 'a * b + 2'],
    ['OR under AND', pg.binary('AND', pg.binary('OR', a, b), a), '(a OR b) AND a'],
    [
      'a right operand of the same strength kept apart',
      pg.binary('-', a, pg.binary('-', b, a)),
      'a - (b - a)',
    ],
    ['a left operand of the same strength bare', pg.binary('-', pg.binary('-', a, b), a), 'a - b - a'],
    ['one associative operator on the right bare', pg.binary('||', a, pg.binary('||', b, a)), 'a || b || a'],
    [
      'a bitwise operator under + (weaker in PostgreSQL)',
      pg.binary('+', pg.binary('&', a, b), a),
      '(a & b) + a',
    ],
    ['+ under a bitwise operator bare', pg.binary('&', pg.binary('+', a, b), a), 'a + b & a'],
    ['NOT over OR', { kind: 'Unary', op: 'NOT', operand: pg.binary('OR', a, b) }, 'NOT (a OR b)'],
    ['NOT over a comparison', { kind: 'Unary', op: 'NOT', operand: pg.binary('=', a, b) }, 'NOT a = b'],
    ['minus over a sum', { kind: 'Unary', op: '-', operand: pg.binary('+', a, b) }, '-(a + b)'],
    ['CAST', pg.cast(a, pgTypeNamed('varchar', 10)), 'CAST(a AS varchar(10))'],
    [
      'a shorthand cast of a sum',
      { kind: 'Cast', expr: pg.binary('+', a, b), type: pgTypeNamed('text'), shorthand: true },
      '(a + b)::text',
    ],
    [
      'a keyword call',
      pg.keywordCall(
        'substring',
        { value: a },
        { keyword: 'FROM', value: pg.number(2) },
        { keyword: 'FOR', value: pg.number(3) },
      ),
      'substring(a FROM 2 FOR 3)',
    ],
    ['EXTRACT', pg.extract('YEAR', a), 'EXTRACT(YEAR FROM a)'],
    ['count(*)', { kind: 'Call', fn: { builtin: 'count' }, args: [], star: true }, 'count(*)'],
    [
      'an aggregate with DISTINCT',
      { kind: 'Call', fn: { builtin: 'sum' }, args: [a], distinct: true },
      'sum(DISTINCT a)',
    ],
    [
      'a user function, quoted',
      { kind: 'Call', fn: { schema: 'Sales', name: 'fn' }, args: [a] },
      '"Sales".fn(a)',
    ],
    [
      'a window',
      {
        kind: 'Window',
        expr: pg.call('row_number'),
        over: { partitionBy: [a], orderBy: [{ expr: b, direction: 'DESC', nulls: 'LAST' }] },
      },
      'row_number() OVER (PARTITION BY a ORDER BY b DESC NULLS LAST)',
    ],
    [
      'AT TIME ZONE in parentheses',
      pg.atTimeZone(pg.call('now'), pg.string('UTC')),
      "(now() AT TIME ZONE 'UTC')",
    ],
    [
      'a note whose text cannot end the comment',
      { kind: 'Note', code: 'X', message: 'a */ b /* c', expr: pg.null() },
      '/* ferry: X a * / b / * c */NULL',
    ],
  ])('%s', (_what, tree, sql) => {
    expect(printExpression(tree)).toBe(sql);
  });
});
