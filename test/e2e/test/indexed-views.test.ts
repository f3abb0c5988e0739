// An indexed view through `ferry assess` and `ferry run`: SQL Server materializes a view WITH
// SCHEMABINDING that has a unique clustered index and keeps it current on every write; on PostgreSQL
// it stays a plain view (always current), and each of its indexes is a medium action item, in the
// assessment as in the run, so the lost materialization is reported, never dropped silently.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { ActionItem, Assessment, RunResult } from '@ferry/core';
import { assessAndRunScripts, type ScriptedMigration } from '../src/scripted-migration.js';

const SCRIPT = `
CREATE DATABASE Shop
GO
USE Shop
CREATE TABLE dbo.Sale (id int PRIMARY KEY, region varchar(10) NOT NULL, amount int NOT NULL);
INSERT dbo.Sale VALUES (1, 'north', 5), (2, 'north', 7), (3, 'south', 1);
GO
CREATE VIEW dbo.RegionTotal WITH SCHEMABINDING AS
  SELECT region, SUM(amount) AS total, COUNT_BIG(*) AS n FROM dbo.Sale GROUP BY region
GO
CREATE UNIQUE CLUSTERED INDEX UX_RegionTotal ON dbo.RegionTotal (region)
GO
CREATE NONCLUSTERED INDEX IX_RegionTotal_total ON dbo.RegionTotal (total DESC)
GO
CREATE VIEW dbo.Plain AS SELECT id FROM dbo.Sale
`;

describe('an indexed view through ferry assess and run', () => {
  let migrated: ScriptedMigration | undefined;
  let result: RunResult;
  let assessment: Assessment;
  let client: pg.Client;
  beforeAll(async () => {
    migrated = await assessAndRunScripts([SCRIPT], 'Shop');
    ({ result, assessment, client } = migrated);
  });
  afterAll(() => migrated?.close());

  const indexed = (items: readonly ActionItem[]) => items.filter((a) => a.code === 'INDEXED_VIEW');

  it('reports each index of the view as a medium action item, naming the index and its columns', () => {
    const items = indexed(result.report.actionItems);
    expect(items.map((a) => [a.severity, a.object])).toEqual([
      ['medium', 'view dbo.region_total'],
      ['medium', 'view dbo.region_total'],
    ]);
    expect(items.map((a) => a.message)).toEqual([
      expect.stringContaining(
        'indexed (materialized) on SQL Server: unique clustered index UX_RegionTotal (region)',
      ),
      expect.stringContaining('nonclustered index IX_RegionTotal_total (total DESC)'),
    ]);
    expect(items[0]!.suggestion).toMatch(/materialized view .*REFRESH.*index the base tables/);
  });

  it('the assessment reports the same items, and the view applies with action items', () => {
    expect(indexed(assessment.report.actionItems)).toEqual(indexed(result.report.actionItems));
    const view = assessment.report.objectDetails!.find((o) => o.name === 'dbo.RegionTotal')!;
    expect(view).toMatchObject({
      kind: 'view',
      category: 'with-warnings',
      verified: 'applies-with-action-items',
    });
    const plain = assessment.report.objectDetails!.find((o) => o.name === 'dbo.Plain')!;
    expect(plain.actionItems).toEqual([]);
  });

  it('creates the view as a plain view that is current with its table', async () => {
    expect(result.report.failedObjects).toEqual([]);
    const kind = await client.query(`SELECT relkind FROM pg_class WHERE relname = 'region_total'`);
    expect(kind.rows).toEqual([{ relkind: 'v' }]);
    await client.query(`INSERT INTO dbo.sale VALUES (4, 'south', 2)`);
    const rows = await client.query(
      `SELECT region, total::int, n::int FROM dbo.region_total ORDER BY region`,
    );
    expect(rows.rows).toEqual([
      { region: 'north', total: 12, n: 2 },
      { region: 'south', total: 3, n: 2 },
    ]);
  });
});
