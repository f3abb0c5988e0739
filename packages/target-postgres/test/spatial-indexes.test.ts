// A spatial index of the source (CREATE SPATIAL INDEX on a geography/geometry column) becomes a GiST
// index on its column when the target keeps spatial values in PostGIS (spatialAs: 'postgis'); kept as
// EWKB bytes (the default), no index serves them spatially: an action item, and no index.

import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'libpg-query';
import type { Table } from '@ferry/core';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const places: Table = table(
  'dbo',
  'places',
  [
    col('id', { kind: 'int32' }, { nullable: false }),
    col('spot', { kind: 'spatial', geodetic: true }, { nativeType: 'geography' }),
  ],
  { indexes: [{ name: 'six_spot', columns: [{ name: 'spot' }], unique: false, spatial: true }] },
);

describe('spatial indexes', () => {
  const targets: TestTarget[] = [];
  afterAll(async () => Promise.all(targets.map((t) => t.close())));
  const planOf = async (spatialAs?: 'postgis') => {
    const t = await newTarget(spatialAs ? { spatialAs } : {});
    targets.push(t);
    return t.target.plan(model([places]), { prep: () => 'drop-and-create' });
  };

  it('with PostGIS: a GiST index on the column', async () => {
    const plan = await planOf('postgis');
    const index = plan.steps.find((s) => s.kind === 'index')!;
    expect(index.statements).toEqual(['CREATE INDEX six_spot ON dbo.places USING gist (spot)']);
    await parse(index.statements[0]!);
    expect(plan.actionItems.map((a) => a.code)).not.toContain('SPATIAL_INDEX_NOT_CREATED');
  });

  it('as EWKB bytes: an action item naming the option, and no index', async () => {
    const plan = await planOf();
    const index = plan.steps.find((s) => s.kind === 'index')!;
    expect(index.statements).toEqual([]);
    const item = plan.actionItems.find((a) => a.code === 'SPATIAL_INDEX_NOT_CREATED');
    expect(item?.object).toBe('dbo.places.six_spot');
    expect(item?.suggestion).toContain("spatialAs: 'postgis'");
  });
});
