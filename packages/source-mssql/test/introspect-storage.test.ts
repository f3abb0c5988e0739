// Ferry's introspection of a database holding storage and server-feature objects: filegroups and a
// partition scheme, a partitioned table, a memory-optimized table with HASH indexes, columnstore and
// XML indexes, full-text, a ledger table and a DDL trigger. Tables and keys come through; indexes with
// no portable equivalent become action items; the DDL trigger is not taken for a table trigger.

import type { SchemaModel } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';

const script = `
ALTER DATABASE CURRENT ADD FILEGROUP [USERDATA]
ALTER DATABASE CURRENT ADD FILEGROUP [MOD] CONTAINS MEMORY_OPTIMIZED_DATA
GO
CREATE PARTITION FUNCTION PF_Year (date) AS RANGE RIGHT FOR VALUES ('2020-01-01', '2021-01-01')
GO
CREATE PARTITION SCHEME PS_Year AS PARTITION PF_Year ALL TO ([USERDATA])
GO
CREATE TABLE dbo.Sale (Id bigint NOT NULL, SaleDate date NOT NULL, Amount decimal(18,2) NOT NULL,
  CONSTRAINT PK_Sale PRIMARY KEY NONCLUSTERED (Id, SaleDate) ON PS_Year (SaleDate)) ON PS_Year (SaleDate)
CREATE NONCLUSTERED COLUMNSTORE INDEX NCCX_Sale ON dbo.Sale (Amount, SaleDate) ON PS_Year (SaleDate)
GO
CREATE PARTITION FUNCTION PF_Id (int) AS RANGE LEFT FOR VALUES (100, 200, 300)
GO
CREATE PARTITION SCHEME PS_Id AS PARTITION PF_Id ALL TO ([PRIMARY])
GO
CREATE TABLE dbo.Fact (Id int NOT NULL, Amount decimal(18,2) NOT NULL)
CREATE CLUSTERED COLUMNSTORE INDEX CCX_Fact ON dbo.Fact ON PS_Id (Id)
CREATE TABLE dbo.Rollup (Day date NOT NULL, Total int NOT NULL)
CREATE CLUSTERED COLUMNSTORE INDEX CCX_Rollup ON dbo.Rollup
GO
CREATE TABLE dbo.Cart (Id int NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 1024),
  Sku nvarchar(20) NOT NULL INDEX IX_Cart_Sku HASH WITH (BUCKET_COUNT = 64)) WITH (MEMORY_OPTIMIZED = ON)
GO
CREATE TABLE dbo.Doc (Id int NOT NULL CONSTRAINT PK_Doc PRIMARY KEY, Body nvarchar(max) NULL, Raw xml NULL)
CREATE PRIMARY XML INDEX PXML_Doc ON dbo.Doc (Raw)
CREATE FULLTEXT CATALOG Docs AS DEFAULT
CREATE FULLTEXT INDEX ON dbo.Doc (Body) KEY INDEX PK_Doc
GO
CREATE TABLE dbo.Audit (Id int NOT NULL, What nvarchar(50) NOT NULL) WITH (LEDGER = ON (APPEND_ONLY = ON))
GO
CREATE TRIGGER ddlNoop ON DATABASE FOR DDL_TABLE_EVENTS AS SET NOCOUNT ON
`;

describe('introspection of storage objects', () => {
  let env: EmulatedSource;
  let model: SchemaModel;
  let codes: string[];

  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [script] });
    const result = await env.source.introspect();
    model = result.model;
    codes = result.actionItems.map((a) => `${a.code} ${a.object}`);
  });
  afterAll(() => env?.close());

  it('reads the tables and their keys', () => {
    const byName = Object.fromEntries(model.tables.map((t) => [t.name, t]));
    // dbo.Audit is a ledger table: the ledger's transactions come as the table sys.database_ledger_transactions
    expect(model.tables.map((t) => `${t.schema}.${t.name}`).sort()).toEqual([
      'dbo.Audit',
      'dbo.Cart',
      'dbo.Doc',
      'dbo.Fact',
      'dbo.Rollup',
      'dbo.Sale',
      'sys.database_ledger_transactions',
    ]);
    expect(byName.Sale.primaryKey).toEqual({
      name: 'PK_Sale',
      columns: ['Id', 'SaleDate'],
      clustered: false,
    });
    expect(byName.Cart.primaryKey?.columns).toEqual(['Id']);
    expect(byName.Doc.columns.map((c) => c.nativeType)).toEqual(['int', 'nvarchar(max)', 'xml']);
  });

  it('reads the partitioning of tables on a partition scheme: column, boundaries and their side', () => {
    const byName = Object.fromEntries(model.tables.map((t) => [t.name, t]));
    expect(byName.Sale.partitioning).toEqual({
      column: 'SaleDate',
      boundaryBelongsTo: 'right',
      boundaries: ['2020-01-01', '2021-01-01'],
      sourceName: 'partition scheme PS_Year (function PF_Year)',
    });
    // Partitioned through its clustered columnstore index.
    expect(byName.Fact.partitioning).toEqual({
      column: 'Id',
      boundaryBelongsTo: 'left',
      boundaries: ['100', '200', '300'],
      sourceName: 'partition scheme PS_Id (function PF_Id)',
    });
    expect(byName.Cart.partitioning).toBeUndefined();
    // The partitioning column listed by a partitioned index is not one of its keys.
    expect(byName.Sale.indexes).toEqual([]);
  });

  it('reports the columnstore, hash and XML indexes as action items, and no table trigger', () => {
    expect(codes).toEqual(
      expect.arrayContaining([
        'COLUMNSTORE_INDEX dbo.Sale',
        'COLUMNSTORE_INDEX dbo.Fact',
        'COLUMNSTORE_INDEX dbo.Rollup',
        'INDEX_NONCLUSTERED_HASH dbo.Cart',
        'INDEX_XML dbo.Doc',
      ]),
    );
    expect(model.triggers).toEqual([]);
  });
});
