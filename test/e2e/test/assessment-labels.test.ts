// The assessment of a source with table triggers, a view trigger, spatial and hierarchyid columns and a table type:
// each object is labelled by what it is and gets one action item per problem; a table type counts as
// converted because it becomes a composite type that PostgreSQL accepts (no longer a comment), and the
// procedure taking it as a table-valued parameter applies too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess, type Assessment } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from '../src/fault-fixtures.js';

const script = `
CREATE TABLE dbo.Orders (id int NOT NULL PRIMARY KEY, total int NULL);
CREATE TABLE dbo.OrderLog (id int NOT NULL PRIMARY KEY, note nvarchar(40) NULL);
CREATE TABLE dbo.Places (id int NOT NULL PRIMARY KEY, Spot geography NULL, Node hierarchyid NULL);
GO
CREATE VIEW dbo.OrderView AS SELECT id, total FROM dbo.Orders;
GO
CREATE TRIGGER dbo.OrdersAudit ON dbo.Orders AFTER INSERT, UPDATE, DELETE AS
BEGIN
  UPDATE dbo.Orders SET total = 0 WHERE id = -1;
END;
GO
CREATE TRIGGER dbo.OrderViewInsert ON dbo.OrderView INSTEAD OF INSERT AS
BEGIN
  INSERT INTO dbo.Orders (id, total) SELECT id, total FROM inserted;
END;
GO
CREATE TRIGGER dbo.OrderLogKeep ON dbo.OrderLog INSTEAD OF DELETE AS
BEGIN
  UPDATE dbo.OrderLog SET note = N'kept' WHERE id IN (SELECT id FROM deleted);
END;
GO
CREATE TYPE dbo.OrderLines AS TABLE (id int NOT NULL, qty int NULL);
GO
CREATE PROCEDURE dbo.AddLines @Lines dbo.OrderLines READONLY AS
  INSERT INTO dbo.Orders (id, total) SELECT id, qty FROM @Lines;
`;

describe('assessment: labels, one item per column problem, table types', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let assessment: Assessment;
  beforeAll(async () => {
    emulator = await startEmulator({ scripts: [script] });
    db = await createTestDatabase(getTestPostgres().url);
    const migration = await openEmulatorMigration(emulator, db.url);
    try {
      assessment = await assess(migration);
    } finally {
      await migration.close();
    }
  });
  afterAll(async () => {
    await db?.drop();
    await emulator?.close();
  });

  const items = (code: string) => assessment.report.actionItems.filter((a) => a.code === code);
  const figures = (type: string) => assessment.report.objects.find((o) => o.type === type);

  it('labels each trigger by its timing and whether its parent is a table or a view', () => {
    const insteadOf = items('TSQL_INSTEAD_OF_TRIGGER').map((a) => [a.object, a.message]);
    // (INSTEAD OF triggers become row triggers: BEFORE on the table, INSTEAD OF on the view;
    // instead-of-triggers.test.ts)
    expect(insteadOf).toEqual([]);
    for (const trigger of ['OrdersAudit', 'OrderLogKeep', 'OrderViewInsert'])
      expect(assessment.report.actionItems.filter((a) => a.object.includes(trigger))).toEqual([]);
    expect(figures('trigger')).toEqual({
      type: 'trigger',
      found: 3,
      converted: 3,
      withWarnings: 0,
      manual: 0,
    });
  });

  it('gives a geography or hierarchyid column one low action item saying how it is stored', () => {
    const about = (column: string) =>
      assessment.report.actionItems.filter((a) => a.object.toLowerCase() === `dbo.places.${column}`);
    expect(about('spot').map((a) => [a.code, a.severity])).toEqual([['SPATIAL_AS_EWKB', 'low']]);
    expect(about('node').map((a) => [a.code, a.severity])).toEqual([['HIERARCHYID_AS_LTREE', 'low']]);
    expect(figures('table')).toEqual({ type: 'table', found: 3, converted: 2, withWarnings: 1, manual: 0 });
  });

  it('counts a table type as converted: it becomes a composite type, and its TVP procedure applies', () => {
    expect(items('TSQL_TABLE_TYPE')).toEqual([]);
    expect(figures('user-type')).toEqual({
      type: 'user-type',
      found: 1,
      converted: 1,
      withWarnings: 0,
      manual: 0,
    });
    expect(figures('procedure')).toEqual({
      type: 'procedure',
      found: 1,
      converted: 1,
      withWarnings: 0,
      manual: 0,
    });
    // The schema dbo, 3 tables (one with warnings), the view, the 3 triggers, the table type and the
    // procedure convert.
    expect(assessment.report.convertedPercent).toBe(100);
  });
});
