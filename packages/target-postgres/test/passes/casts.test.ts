// The cast pass on its own: CAST / CONVERT / TRY_CAST / TRY_CONVERT in, the tree and diagnostics out.

import { describe, expect, it } from 'vitest';
import { parseExpression, type Cast, type Convert } from '@ferry/tsql';
import { pg } from '../../src/pg/ast.js';
import { pgTypeNamed } from '../../src/pg/pg-type.js';
import { lowerCast, lowerConvert } from '../../src/plpgsql/passes/casts.js';
import { passGenerator } from './pass-context.js';

const g = passGenerator();
const cast = (tsql: string) => lowerCast(parseExpression(tsql) as Cast, g);
const convert = (tsql: string) => lowerConvert(parseExpression(tsql) as Convert, g);

describe('casts', () => {
  it('CAST of a fraction to an integer truncates first, with no diagnostic', () => {
    expect(cast('CAST(2.5 AS int)')).toEqual({
      node: pg.cast(pg.call('trunc', pg.number('2.5')), pgTypeNamed('integer')),
      diagnostics: [],
    });
  });
  it('TRY_CAST of a number: a cast, its diagnostic before those of the value', () => {
    const { node, diagnostics } = cast('TRY_CAST(@@ERROR AS int)');
    expect(node).toMatchObject({ kind: 'Note', code: 'TSQL_TRY_CAST' });
    expect(diagnostics.map((d) => d.code)).toEqual(['TSQL_TRY_CAST', 'TSQL_ERROR_VARIABLE']);
  });
  it('TRY_CAST of a string on PostgreSQL 16: the cast guarded by pg_input_is_valid, no diagnostic', () => {
    const { node, diagnostics } = cast("TRY_CAST('12' AS int)");
    expect(node).toMatchObject({ kind: 'Cast', expr: { kind: 'Case' } });
    expect(diagnostics).toEqual([]);
  });
  it('TRY_CAST of a string on PostgreSQL 15: a cast with the diagnostic, the value lowered once', () => {
    const old = passGenerator({ serverVersion: 15 });
    const { diagnostics } = lowerCast(parseExpression("TRY_CAST('12' + @@ERROR AS int)") as Cast, old);
    expect(diagnostics.map((d) => d.code)).toEqual(['TSQL_TRY_CAST', 'TSQL_ERROR_VARIABLE']);
  });
  it('CONVERT with a date style -> to_char; an unknown style is a cast with a diagnostic', () => {
    expect(convert('CONVERT(varchar(10), ShipName, 112)').diagnostics).toEqual([]);
    expect(convert('CONVERT(varchar(10), ShipName, 999)').diagnostics).toMatchObject([
      { code: 'TSQL_CONVERT_STYLE', severity: 'medium' },
    ]);
  });
});
