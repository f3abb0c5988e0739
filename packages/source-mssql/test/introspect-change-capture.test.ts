// Ferry's introspection of a database with change data capture (issue 20): a captured table is
// marked (sys.tables.is_tracked_by_cdc), and CDC's own objects in the cdc schema (is_ms_shipped) are
// not taken for tables to migrate.

import type { SchemaModel } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';

const script = `
CREATE TABLE dbo.Orders (Id int NOT NULL PRIMARY KEY, Customer nvarchar(20) NOT NULL)
CREATE TABLE dbo.Plain (Id int NOT NULL PRIMARY KEY)
GO
EXEC sys.sp_cdc_enable_db
GO
EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Orders', @role_name = NULL, @supports_net_changes = 1
`;

describe('introspection of a database with change data capture', () => {
  let env: EmulatedSource;
  let model: SchemaModel;

  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [script] });
    model = (await env.source.introspect()).model;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('marks the captured table and leaves CDC objects out', () => {
    expect(model.tables.map((t) => [`${t.schema}.${t.name}`, t.changeCapture ?? false])).toEqual([
      ['dbo.Orders', true],
      ['dbo.Plain', false],
    ]);
    // Nor do CDC's functions and system tables appear anywhere in the model.
    expect(JSON.stringify(model)).not.toMatch(/fn_cdc_get|_CT\b|lsn_time_mapping|change_tables/);
  });
});
