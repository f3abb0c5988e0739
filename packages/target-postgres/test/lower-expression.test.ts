// Lowering passes, each on its own: the PostgreSQL tree a T-SQL expression becomes (built-in
// functions, casts, string concatenation, bit literals, system variables), before any printing.

import { describe, expect, it } from 'vitest';
import { parseExpression } from '@ferry/tsql';
import { pg, type PgExpression } from '../src/pg/ast.js';
import { ConversionContext } from '../src/plpgsql/conversion-context.js';
import { Generator } from '../src/plpgsql/generator.js';
import { lowerExpression } from '../src/plpgsql/lower-expression.js';
import { namesFromModel } from '../src/plpgsql/name-resolver.js';
import { col, model, table } from './fixtures.js';
import { pgTypeNamed } from '../src/pg/pg-type.js';

const names = namesFromModel(
  model([
    table('dbo', 'orders', [
      col('ship_name', { kind: 'text', length: 40, unicode: true, fixed: false }),
      col('shipped', { kind: 'bool' }),
    ]),
  ]),
);

function lower(tsql: string) {
  const ctx = new ConversionContext(names, 'test');
  const rel = names.relation('dbo', 'orders')!;
  const g = new Generator(ctx).withScope({ aliases: new Map([['orders', rel]]), relations: [rel] });
  const { node, diagnostics } = lowerExpression(parseExpression(tsql), g);
  return { tree: node, items: diagnostics.map((i) => i.code) };
}

describe('built-in functions', () => {
  it('ISNULL -> COALESCE', () => {
    expect(lower('ISNULL([ShipName], 0)').tree).toEqual(
      pg.call('COALESCE', pg.name('ship_name'), pg.number(0)),
    );
  });
  it('GETDATE() -> LOCALTIMESTAMP, NEWID() -> gen_random_uuid()', () => {
    expect(lower('GETDATE()').tree).toEqual(pg.keyword('LOCALTIMESTAMP'));
    expect(lower('NEWID()').tree).toEqual(pg.call('gen_random_uuid'));
  });
  it('DATEADD: whole units of an interval added', () => {
    const units: PgExpression = {
      kind: 'Cast',
      expr: pg.call('trunc', pg.number(2)),
      type: pgTypeNamed('integer'),
      shorthand: true,
    };
    expect(lower('DATEADD(day, 2, [ShipName])').tree).toEqual(
      pg.paren(pg.binary('+', pg.name('ship_name'), pg.binary('*', units, pg.interval('1 day')))),
    );
  });
  it('COUNT(DISTINCT x) keeps DISTINCT on the aggregate', () => {
    expect(lower('COUNT(DISTINCT [ShipName])').tree).toEqual({
      kind: 'Call',
      fn: { builtin: 'count' },
      args: [pg.name('ship_name')],
      distinct: true,
    });
  });
  it('an unknown function is kept, marked with an action item', () => {
    const { tree, items } = lower('SOUNDEX([ShipName])');
    expect(tree).toMatchObject({
      kind: 'Note',
      code: 'TSQL_FUNCTION',
      expr: pg.call('soundex', pg.name('ship_name')),
    });
    expect(items).toEqual(['TSQL_FUNCTION']);
  });
  it('a DATEADD argument with an action item reports it once', () => {
    expect(lower('DATEADD(day, @@ERROR, [ShipName])').items).toEqual(['TSQL_ERROR_VARIABLE']);
  });
});

describe('operators and literals', () => {
  it('+ on a string -> ||', () => {
    expect(lower("[ShipName] + 'x'").tree).toEqual(pg.binary('||', pg.name('ship_name'), pg.string('x')));
  });
  it('0/1 compared with a bit column -> false/true', () => {
    expect(lower('[Shipped] = 1').tree).toEqual(pg.binary('=', pg.name('shipped'), pg.bool(true)));
  });
  it('!< -> >=', () => {
    expect(lower('1 !< 2').tree).toEqual(pg.binary('>=', pg.number(1), pg.number(2)));
  });
});

describe('casts and system variables', () => {
  it('CAST of a fraction to int truncates first', () => {
    expect(lower('CAST(1.5 AS int)').tree).toEqual(
      pg.cast(pg.call('trunc', pg.number('1.5')), pgTypeNamed('integer')),
    );
  });
  it('CONVERT style 112 -> to_char', () => {
    expect(lower('CONVERT(varchar(8), GETDATE(), 112)').tree).toEqual(
      pg.cast(
        pg.call('to_char', pg.keyword('LOCALTIMESTAMP'), pg.string('YYYYMMDD')),
        pgTypeNamed('varchar', 8),
      ),
    );
  });
  it('@@FETCH_STATUS -> FOUND', () => {
    expect(lower('@@FETCH_STATUS').tree).toEqual(
      pg.paren(pg.caseWhen(pg.keyword('FOUND'), pg.number(0), pg.number(-1))),
    );
  });
});
