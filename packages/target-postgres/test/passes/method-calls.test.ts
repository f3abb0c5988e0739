// The method call passes on their own (hierarchyid on ltree, xml, spatial): a pass converts the call
// on a value of its type, or declines (undefined) without raising anything.

import { describe, expect, it } from 'vitest';
import { parseExpression, type ColumnRef, type FunctionCall } from '@ferry/tsql';
import { defaultTypeMapOptions } from '../../src/types.js';
import { columnMethod, hierarchyMethod } from '../../src/plpgsql/passes/hierarchy-methods.js';
import { xmlMethod } from '../../src/plpgsql/passes/xml-methods.js';
import { spatialMethod, spatialProperty } from '../../src/plpgsql/passes/spatial-methods.js';
import { passGenerator } from './pass-context.js';

describe('method call passes', () => {
  const ltree = passGenerator({ types: { ...defaultTypeMapOptions, hierarchyidAs: 'ltree' } });
  // `col.Method()` is parsed as a call of a schema-qualified function; columnMethod reads it back.
  const method = (tsql: string) => columnMethod(parseExpression(tsql) as FunctionCall, ltree)!;
  it('hierarchyid GetLevel on an ltree column: nlevel, no diagnostic', () => {
    expect(hierarchyMethod(method('Node.GetLevel()'), ltree)?.diagnostics).toEqual([]);
  });
  it('a method the pass has no form for declines: undefined, nothing raised', () => {
    expect(hierarchyMethod(method('Node.GetDescendant(NULL, NULL)'), ltree)).toBeUndefined();
    expect(xmlMethod(method("Spec.modify('delete /a')"), ltree)).toBeUndefined();
    expect(spatialMethod(method('Node.STArea()'), ltree)).toBeUndefined();
  });
  it("xml value(): the value's diagnostics are the pass's", () => {
    const r = xmlMethod(method("Spec.value('(/a)[1]', 'int')"), ltree);
    expect(r?.node).toMatchObject({ kind: 'Case' });
    expect(r?.diagnostics).toEqual([]);
  });
  it('a spatial property without PostGIS is NULL with a high diagnostic naming the option', () => {
    const g = passGenerator();
    const r = spatialProperty(parseExpression('Spot.Lat') as ColumnRef, g);
    expect(r?.diagnostics).toMatchObject([{ code: 'TSQL_SPATIAL', severity: 'high' }]);
    expect(r?.diagnostics[0]!.message).toContain('without PostGIS');
  });
});
