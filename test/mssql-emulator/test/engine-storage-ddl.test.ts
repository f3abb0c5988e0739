// Storage DDL through the unmodified mssql client: filegroups and files, partition functions and
// schemes with tables and indexes placed on them, memory-optimized tables with HASH and columnstore
// indexes, natively compiled procedures, extended properties on indexes and constraints,
// ENABLE/DISABLE TRIGGER and computed columns - with the catalog values SQL Server documents.

import sql from 'mssql';
import { describe, expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
ALTER DATABASE CURRENT ADD FILEGROUP [USERDATA]
ALTER DATABASE CURRENT ADD FILEGROUP [MOD] CONTAINS MEMORY_OPTIMIZED_DATA
ALTER DATABASE CURRENT ADD FILE (NAME = N'userdata1', FILENAME = N'D:\\data\\userdata1.ndf', SIZE = 16MB, FILEGROWTH = 10%) TO FILEGROUP [USERDATA]
GO
CREATE PARTITION FUNCTION [PF_Date](date) AS RANGE RIGHT FOR VALUES ('01/01/2013 00:00:00', '01/01/2012 00:00:00', '01/01/2014')
GO
CREATE PARTITION SCHEME [PS_Date] AS PARTITION [PF_Date] TO ([USERDATA], [USERDATA], [PRIMARY], [USERDATA], [PRIMARY])
GO
CREATE TABLE dbo.Sale (
  SaleKey bigint IDENTITY(1,1) NOT NULL,
  InvoiceDate date NOT NULL,
  Amount decimal(18,2) NOT NULL,
  Notes nvarchar(max) NULL,
  CONSTRAINT PK_Sale PRIMARY KEY NONCLUSTERED (SaleKey, InvoiceDate) ON [PS_Date] (InvoiceDate)
) ON [PS_Date] (InvoiceDate)
GO
CREATE NONCLUSTERED INDEX IX_Sale_Amount ON dbo.Sale (Amount) ON [USERDATA]
GO
CREATE CLUSTERED COLUMNSTORE INDEX CCX_Sale ON dbo.Sale ON [PS_Date] (InvoiceDate)
GO
INSERT INTO dbo.Sale (InvoiceDate, Amount) VALUES ('2011-06-30', 1), ('2012-01-01', 2), ('2012-12-31', 3), ('2014-01-01', 4), ('2020-05-05', 5)
GO
CREATE TABLE dbo.Staging (
  StagingKey bigint IDENTITY(1,1) NOT NULL,
  Code nvarchar(20) NOT NULL INDEX IX_Staging_Code HASH WITH (BUCKET_COUNT = 1000),
  CONSTRAINT PK_Staging PRIMARY KEY NONCLUSTERED HASH (StagingKey) WITH (BUCKET_COUNT = 2000000),
  INDEX IX_Staging_Range NONCLUSTERED (Code)
) WITH (DURABILITY = SCHEMA_ONLY, MEMORY_OPTIMIZED = ON)
GO
CREATE TABLE dbo.Orders (
  OrderId int NOT NULL PRIMARY KEY NONCLUSTERED,
  Total decimal(9,2) NOT NULL,
  Filled datetime NOT NULL
) WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_AND_DATA)
GO
CREATE TYPE dbo.OrderIds AS TABLE (OrderId int NOT NULL PRIMARY KEY NONCLUSTERED) WITH (MEMORY_OPTIMIZED = ON)
GO
CREATE PROCEDURE dbo.FillOrder (@id int, @total decimal(9,2))
WITH NATIVE_COMPILATION, SCHEMABINDING, EXECUTE AS OWNER
AS BEGIN ATOMIC WITH (TRANSACTION ISOLATION LEVEL = SNAPSHOT, LANGUAGE = N'us_english')
  INSERT INTO dbo.Orders (OrderId, Total, Filled) VALUES (@id, @total, '2024-01-02')
  IF @total < 0 THROW 50001, 'negative total', 1
  SELECT COUNT(*) AS orders FROM dbo.Orders
END
GO
CREATE TABLE dbo.Audit (Id int NOT NULL CONSTRAINT PK_Audit PRIMARY KEY, Note varchar(20) NULL)
CREATE TABLE dbo.AuditLog (Id int NOT NULL)
GO
CREATE TRIGGER dbo.Audit_log ON dbo.Audit AFTER INSERT AS INSERT INTO dbo.AuditLog SELECT Id FROM inserted
GO
EXECUTE sp_addextendedproperty @name = N'Description', @value = 'Amount index', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'Sale', @level2type = N'INDEX', @level2name = N'IX_Sale_Amount'
EXECUTE sp_addextendedproperty @name = N'Description', @value = 'Audit key', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'Audit', @level2type = N'CONSTRAINT', @level2name = N'PK_Audit'
GO
CREATE TABLE dbo.Line (Total AS Qty * Price, Qty int NOT NULL, Price decimal(9,2) NOT NULL)
GO
CREATE TYPE dbo.Ids AS TABLE (Id int NOT NULL)
GO
CREATE PROCEDURE dbo.CountIds (@ids dbo.Ids READONLY) AS SELECT COUNT(*) AS n, SUM(Id) AS total FROM @ids
GO
CREATE FUNCTION dbo.SumIds (@ids dbo.Ids READONLY) RETURNS int AS BEGIN RETURN (SELECT SUM(Id) FROM @ids) END
GO
CREATE XML SCHEMA COLLECTION dbo.Settings AS N'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element name="s"/></xsd:schema>'
ALTER XML SCHEMA COLLECTION dbo.Settings ADD N'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:more"><xsd:element name="m"/></xsd:schema>'
GO
CREATE TABLE dbo.Doc (Id int NOT NULL CONSTRAINT PK_Doc PRIMARY KEY, Settings xml(DOCUMENT dbo.Settings) NULL, Body nvarchar(max) NULL, Raw xml NULL)
CREATE PRIMARY XML INDEX PXML_Doc_Raw ON dbo.Doc (Raw)
CREATE XML INDEX SXML_Doc_Raw_Path ON dbo.Doc (Raw) USING XML INDEX PXML_Doc_Raw FOR PATH
CREATE FULLTEXT CATALOG DocCatalog WITH ACCENT_SENSITIVITY = OFF AS DEFAULT
CREATE FULLTEXT INDEX ON dbo.Doc (Body LANGUAGE 1033) KEY INDEX PK_Doc WITH CHANGE_TRACKING AUTO
GO
CREATE TABLE dbo.Events (Id int NOT NULL, What nvarchar(50) NOT NULL) WITH (LEDGER = ON (APPEND_ONLY = ON))
CREATE TABLE dbo.Salaries (Id int NOT NULL PRIMARY KEY, Amount money NOT NULL) WITH (SYSTEM_VERSIONING = ON, LEDGER = ON)
INSERT INTO dbo.Events (Id, What) VALUES (1, 'created')
`;

const em = emulatorWithPool([script], 'StorageDb');
const query = async (text: string) => (await em.pool.request().query(text)).recordset;
const failure = (text: string) =>
  em.pool
    .request()
    .query(text)
    .then(
      () => {
        throw new Error(`no error from: ${text}`);
      },
      (e: sql.RequestError) => ({ number: e.number, message: e.message }),
    );

describe('filegroups, files and partitioning', () => {
  it('lists filegroups and files as sys.filegroups, sys.data_spaces and sys.database_files do', async () => {
    expect(
      await query(
        'SELECT name, data_space_id, type, type_desc, is_default FROM sys.filegroups ORDER BY data_space_id',
      ),
    ).toEqual([
      { name: 'PRIMARY', data_space_id: 1, type: 'FG', type_desc: 'ROWS_FILEGROUP', is_default: true },
      { name: 'USERDATA', data_space_id: 2, type: 'FG', type_desc: 'ROWS_FILEGROUP', is_default: false },
      {
        name: 'MOD',
        data_space_id: 3,
        type: 'FX',
        type_desc: 'MEMORY_OPTIMIZED_DATA_FILEGROUP',
        is_default: false,
      },
    ]);
    expect(await query("SELECT name, type FROM sys.data_spaces WHERE type = 'PS'")).toEqual([
      { name: 'PS_Date', type: 'PS' },
    ]);
    expect(
      await query(
        "SELECT f.name, f.type_desc, f.physical_name, f.size, f.growth, f.is_percent_growth, g.name AS fg FROM sys.database_files f JOIN sys.filegroups g ON g.data_space_id = f.data_space_id WHERE f.name = 'userdata1'",
      ),
    ).toEqual([
      {
        name: 'userdata1',
        type_desc: 'ROWS',
        physical_name: 'D:\\data\\userdata1.ndf',
        size: 2048,
        growth: 10,
        is_percent_growth: true,
        fg: 'USERDATA',
      },
    ]);
  });

  it('keeps partition function boundaries sorted as sql_variant values of the input type', async () => {
    expect(
      await query(
        'SELECT name, type, type_desc, fanout, boundary_value_on_right FROM sys.partition_functions',
      ),
    ).toEqual([
      { name: 'PF_Date', type: 'R ', type_desc: 'RANGE', fanout: 4, boundary_value_on_right: true },
    ]);
    expect(
      await query(
        "SELECT v.boundary_id, CONVERT(varchar(10), v.value, 23) AS value, SQL_VARIANT_PROPERTY(v.value, 'BaseType') AS base FROM sys.partition_range_values v JOIN sys.partition_functions f ON f.function_id = v.function_id ORDER BY v.boundary_id",
      ),
    ).toEqual([
      { boundary_id: 1, value: '2012-01-01', base: 'date' },
      { boundary_id: 2, value: '2013-01-01', base: 'date' },
      { boundary_id: 3, value: '2014-01-01', base: 'date' },
    ]);
  });

  it('maps scheme destinations to filegroups, the extra one as NEXT USED', async () => {
    expect(
      await query(
        'SELECT d.destination_id, g.name FROM sys.destination_data_spaces d JOIN sys.partition_schemes s ON s.data_space_id = d.partition_scheme_id JOIN sys.filegroups g ON g.data_space_id = d.data_space_id ORDER BY d.destination_id',
      ),
    ).toEqual([
      { destination_id: 1, name: 'USERDATA' },
      { destination_id: 2, name: 'USERDATA' },
      { destination_id: 3, name: 'PRIMARY' },
      { destination_id: 4, name: 'USERDATA' },
      { destination_id: 5, name: 'PRIMARY' },
    ]);
    expect(
      await query(
        'SELECT s.name, s.data_space_id, f.name AS fn FROM sys.partition_schemes s JOIN sys.partition_functions f ON f.function_id = s.function_id',
      ),
    ).toEqual([{ name: 'PS_Date', data_space_id: 65601, fn: 'PF_Date' }]);
  });

  it('places indexes on their data space and counts rows per partition', async () => {
    expect(
      await query(
        "SELECT i.name, i.type, i.type_desc, ds.name AS ds FROM sys.indexes i JOIN sys.data_spaces ds ON ds.data_space_id = i.data_space_id WHERE i.object_id = OBJECT_ID('dbo.Sale') ORDER BY i.index_id",
      ),
    ).toEqual([
      { name: 'CCX_Sale', type: 5, type_desc: 'CLUSTERED COLUMNSTORE', ds: 'PS_Date' },
      { name: 'PK_Sale', type: 2, type_desc: 'NONCLUSTERED', ds: 'PS_Date' },
      { name: 'IX_Sale_Amount', type: 2, type_desc: 'NONCLUSTERED', ds: 'USERDATA' },
    ]);
    expect(
      await query(
        "SELECT partition_number, rows, data_compression_desc FROM sys.partitions WHERE object_id = OBJECT_ID('dbo.Sale') AND index_id = 1 ORDER BY partition_number",
      ),
    ).toEqual([
      { partition_number: 1, rows: '1', data_compression_desc: 'COLUMNSTORE' },
      { partition_number: 2, rows: '2', data_compression_desc: 'COLUMNSTORE' },
      { partition_number: 3, rows: '0', data_compression_desc: 'COLUMNSTORE' },
      { partition_number: 4, rows: '2', data_compression_desc: 'COLUMNSTORE' },
    ]);
  });

  it('lists indexes in the legacy sysindexes view too (old scripts test it before CREATE INDEX)', async () => {
    expect(
      await query(
        "SELECT name, indid, status & 2 AS uniq, status & 16 AS clust, status & 2048 AS pk, rows FROM sysindexes WHERE id = OBJECT_ID('dbo.Sale') ORDER BY indid",
      ),
    ).toEqual([
      { name: 'CCX_Sale', indid: 1, uniq: 0, clust: 16, pk: 0, rows: 5 },
      { name: 'PK_Sale', indid: 2, uniq: 2, clust: 0, pk: 2048, rows: 5 },
      { name: 'IX_Sale_Amount', indid: 3, uniq: 0, clust: 0, pk: 0, rows: 5 },
    ]);
  });

  it('refuses what SQL Server refuses', async () => {
    expect(await failure('CREATE TABLE dbo.Bad1 (a int) ON [NOFG]')).toEqual({
      number: 1921,
      message: "Invalid filegroup 'NOFG' specified.",
    });
    expect(await failure('CREATE TABLE dbo.Bad2 (d date) ON [NOPS] (d)')).toEqual({
      number: 1921,
      message: "Invalid partition scheme 'NOPS' specified.",
    });
    expect(await failure('CREATE TABLE dbo.Bad3 (d datetime) ON [PS_Date] (d)')).toMatchObject({
      number: 7726,
    });
    expect(
      await failure('CREATE TABLE dbo.Bad4 (id int, d date, CONSTRAINT UQ_Bad4 UNIQUE (id) ON PS_Date (d))'),
    ).toEqual({
      number: 1908,
      message:
        "Column 'd' is partitioning column of the index 'UQ_Bad4'. Partition columns for a unique index must be a subset of the index key.",
    });
    expect(await failure('CREATE PARTITION SCHEME PS_Few AS PARTITION PF_Date TO ([PRIMARY])')).toEqual({
      number: 7707,
      message:
        "The associated partition function 'PF_Date' generates more partitions than there are file groups mentioned in the scheme 'PS_Few'.",
    });
    expect(
      await failure('CREATE PARTITION FUNCTION PF_Dup (int) AS RANGE LEFT FOR VALUES (1, 5, 1)'),
    ).toEqual({
      number: 7708,
      message:
        'Duplicate range boundary values are not allowed in partition function boundary values list. Partition boundary values at ordinal 1 and 3 are equal.',
    });
  });
});

describe('memory-optimized tables and types, natively compiled procedures', () => {
  it('flags memory-optimized tables and their durability in sys.tables', async () => {
    expect(
      await query(
        "SELECT name, is_memory_optimized, durability, durability_desc FROM sys.tables WHERE name IN ('Staging', 'Orders', 'Sale') ORDER BY name",
      ),
    ).toEqual([
      { name: 'Orders', is_memory_optimized: true, durability: 0, durability_desc: 'SCHEMA_AND_DATA' },
      { name: 'Sale', is_memory_optimized: false, durability: 0, durability_desc: 'SCHEMA_AND_DATA' },
      { name: 'Staging', is_memory_optimized: true, durability: 1, durability_desc: 'SCHEMA_ONLY' },
    ]);
    expect(
      await query("SELECT name, is_memory_optimized FROM sys.table_types WHERE name = 'OrderIds'"),
    ).toEqual([{ name: 'OrderIds', is_memory_optimized: true }]);
  });

  it('lists HASH indexes with their bucket count rounded up to a power of two', async () => {
    expect(
      await query(
        "SELECT name, type, type_desc, data_space_id, allow_row_locks FROM sys.indexes WHERE object_id = OBJECT_ID('dbo.Staging') AND index_id > 0 ORDER BY index_id",
      ),
    ).toEqual([
      {
        name: 'PK_Staging',
        type: 7,
        type_desc: 'NONCLUSTERED HASH',
        data_space_id: 0,
        allow_row_locks: false,
      },
      {
        name: 'IX_Staging_Code',
        type: 7,
        type_desc: 'NONCLUSTERED HASH',
        data_space_id: 0,
        allow_row_locks: false,
      },
      {
        name: 'IX_Staging_Range',
        type: 2,
        type_desc: 'NONCLUSTERED',
        data_space_id: 0,
        allow_row_locks: false,
      },
    ]);
    expect(await query('SELECT name, bucket_count FROM sys.hash_indexes ORDER BY name')).toEqual([
      { name: 'IX_Staging_Code', bucket_count: '1024' },
      { name: 'PK_Staging', bucket_count: '2097152' },
    ]);
  });

  it('refuses a durable memory-optimized table without a primary key, and HASH on a disk table', async () => {
    expect(
      await failure(
        'CREATE TABLE dbo.NoKey (a int NOT NULL INDEX ix NONCLUSTERED) WITH (MEMORY_OPTIMIZED = ON)',
      ),
    ).toEqual({
      number: 41321,
      message: "The memory optimized table 'NoKey' with DURABILITY=SCHEMA_AND_DATA must have a primary key.",
    });
    expect(
      await failure(
        'CREATE TABLE dbo.DiskHash (a int NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 8))',
      ),
    ).toMatchObject({ number: 12317 });
  });

  it('runs a natively compiled procedure as one atomic block', async () => {
    const ok = await em.pool
      .request()
      .input('id', sql.Int, 1)
      .input('total', sql.Decimal(9, 2), 10)
      .execute('dbo.FillOrder');
    expect(ok.recordset).toEqual([{ orders: 1 }]);
    const e = await failure('EXEC dbo.FillOrder 2, -1');
    expect(e).toEqual({ number: 50001, message: 'negative total' });
    expect(await query('SELECT OrderId FROM dbo.Orders')).toEqual([{ OrderId: 1 }]);
    expect(await query('SELECT @@TRANCOUNT AS n')).toEqual([{ n: 0 }]);
    expect(
      await query(
        "SELECT uses_native_compilation, is_schema_bound FROM sys.sql_modules WHERE object_id = OBJECT_ID('dbo.FillOrder')",
      ),
    ).toEqual([{ uses_native_compilation: true, is_schema_bound: true }]);
  });
});

describe('extended properties, triggers and computed columns', () => {
  it('keeps extended properties of indexes (class 7) and constraints (class 1)', async () => {
    expect(
      await query(
        'SELECT ep.class, ep.class_desc, ep.minor_id, CAST(ep.value AS varchar(20)) AS value, COALESCE(i.name, OBJECT_NAME(ep.major_id)) AS target FROM sys.extended_properties ep LEFT JOIN sys.indexes i ON ep.class = 7 AND i.object_id = ep.major_id AND i.index_id = ep.minor_id ORDER BY ep.class',
      ),
    ).toEqual([
      { class: 1, class_desc: 'OBJECT_OR_COLUMN', minor_id: 0, value: 'Audit key', target: 'PK_Audit' },
      { class: 7, class_desc: 'INDEX', minor_id: 3, value: 'Amount index', target: 'IX_Sale_Amount' },
    ]);
  });

  it('stops a disabled trigger from firing (ENABLE/DISABLE TRIGGER ... ON table)', async () => {
    await query('DISABLE TRIGGER dbo.Audit_log ON dbo.Audit');
    expect(await query("SELECT is_disabled FROM sys.triggers WHERE name = 'Audit_log'")).toEqual([
      { is_disabled: true },
    ]);
    await query('INSERT INTO dbo.Audit (Id) VALUES (1)');
    await query('ENABLE TRIGGER ALL ON dbo.Audit');
    await query('INSERT INTO dbo.Audit (Id) VALUES (2)');
    expect(await query('SELECT Id FROM dbo.AuditLog')).toEqual([{ Id: 2 }]);
    expect(await failure('DISABLE TRIGGER dbo.Nope ON dbo.Audit')).toMatchObject({ number: 3701 });
  });

  it('accepts a computed column on later columns and refuses one on another computed column (1759)', async () => {
    await query('INSERT INTO dbo.Line (Qty, Price) VALUES (3, 2.50)');
    expect(await query('SELECT Total FROM dbo.Line')).toEqual([{ Total: 7.5 }]);
    expect(await failure('CREATE TABLE dbo.Twice (a int, b AS a * 2, c AS b + 1)')).toEqual({
      number: 1759,
      message:
        "Computed column 'b' in table 'Twice' is not allowed to be used in another computed-column definition.",
    });
  });
});

describe('table-valued parameters', () => {
  it('binds a table variable of the type to a READONLY parameter (no 2715), and an empty table when omitted', async () => {
    expect(
      await query('DECLARE @t dbo.Ids; INSERT INTO @t VALUES (4), (5); EXEC dbo.CountIds @ids = @t'),
    ).toEqual([{ n: 2, total: 9 }]);
    expect(await query('EXEC dbo.CountIds')).toEqual([{ n: 0, total: null }]);
    expect(
      await query(
        "SELECT p.name, p.system_type_id, TYPE_NAME(p.user_type_id) AS type, p.is_readonly FROM sys.parameters p WHERE p.object_id = OBJECT_ID('dbo.CountIds')",
      ),
    ).toEqual([{ name: '@ids', system_type_id: 243, type: 'Ids', is_readonly: true }]);
    expect(await failure('CREATE PROCEDURE dbo.NotReadonly (@ids dbo.Ids) AS SELECT 1')).toEqual({
      number: 352,
      message: 'The table-valued parameter "@ids" must be declared with the READONLY option.',
    });
  });
  it("binds a scalar function's READONLY parameter to the caller's table variable", async () => {
    expect(
      await query('DECLARE @t dbo.Ids; INSERT INTO @t VALUES (4), (6); SELECT dbo.SumIds(@t) AS total'),
    ).toEqual([{ total: 10 }]);
  });
});

describe('XML schema collections, XML indexes and full-text', () => {
  it('keeps XML schema collections and the typed column that uses one', async () => {
    expect(
      await query(
        'SELECT xml_collection_id, SCHEMA_NAME(schema_id) AS s, name FROM sys.xml_schema_collections ORDER BY 1',
      ),
    ).toEqual([
      { xml_collection_id: 1, s: 'sys', name: 'sys' },
      { xml_collection_id: 65536, s: 'dbo', name: 'Settings' },
    ]);
    expect(
      await query(
        "SELECT name, xml_collection_id, is_xml_document FROM sys.columns WHERE object_id = OBJECT_ID('dbo.Doc') AND system_type_id = 241 ORDER BY column_id",
      ),
    ).toEqual([
      { name: 'Settings', xml_collection_id: 65536, is_xml_document: true },
      { name: 'Raw', xml_collection_id: 0, is_xml_document: false },
    ]);
    expect(await failure('CREATE TABLE dbo.BadXml (x xml(dbo.Nope))')).toEqual({
      number: 6314,
      message: "Collection specified does not exist in metadata : 'Nope'",
    });
    expect(await failure("ALTER XML SCHEMA COLLECTION dbo.Nope ADD N'<xsd:schema/>'")).toEqual({
      number: 6314,
      message: "Collection specified does not exist in metadata : 'Nope'",
    });
    // Typed xml: each top-level element must be declared by a schema of the collection, for its namespace.
    await query(
      `INSERT INTO dbo.Doc (Id, Settings) VALUES (9, '<s>a</s>'), (10, '<m xmlns="urn:more"/>'), (11, NULL)`,
    );
    expect(
      await query('SELECT Id, CAST(Settings AS nvarchar(100)) AS s FROM dbo.Doc WHERE Id >= 9 ORDER BY Id'),
    ).toEqual([
      { Id: 9, s: '<s>a</s>' },
      { Id: 10, s: '<m xmlns="urn:more" />' },
      { Id: 11, s: null },
    ]);
    expect(await failure("INSERT INTO dbo.Doc (Id, Settings) VALUES (12, '<m/>')")).toEqual({
      number: 6913,
      message: "XML Validation: Declaration not found for element 'm'. Location: /*:m[1]",
    });
    expect(await failure(`UPDATE dbo.Doc SET Settings = '<s xmlns="urn:more"/>' WHERE Id = 9`)).toMatchObject(
      {
        number: 6913,
      },
    );
    await query('DELETE FROM dbo.Doc WHERE Id >= 9');
  });

  it('lists primary and secondary XML indexes', async () => {
    expect(
      await query(
        'SELECT name, index_id, type, type_desc, using_xml_index_id, secondary_type, secondary_type_desc, xml_index_type_description FROM sys.xml_indexes ORDER BY index_id',
      ),
    ).toEqual([
      {
        name: 'PXML_Doc_Raw',
        index_id: 256000,
        type: 3,
        type_desc: 'XML',
        using_xml_index_id: null,
        secondary_type: null,
        secondary_type_desc: null,
        xml_index_type_description: 'PRIMARY_XML_INDEX',
      },
      {
        name: 'SXML_Doc_Raw_Path',
        index_id: 256001,
        type: 3,
        type_desc: 'XML',
        using_xml_index_id: 256000,
        secondary_type: 'P',
        secondary_type_desc: 'PATH',
        xml_index_type_description: 'SECONDARY_XML_INDEX',
      },
    ]);
    expect(await failure('CREATE PRIMARY XML INDEX PX_Body ON dbo.Doc (Body)')).toMatchObject({
      number: 6330,
    });
  });

  it('catalogs full-text catalogs and indexes, which CONTAINS and CONTAINSTABLE search', async () => {
    expect(
      await query(
        'SELECT fulltext_catalog_id, name, is_default, is_accent_sensitivity_on FROM sys.fulltext_catalogs',
      ),
    ).toEqual([
      { fulltext_catalog_id: 5, name: 'DocCatalog', is_default: true, is_accent_sensitivity_on: false },
    ]);
    expect(
      await query(
        "SELECT i.unique_index_id, c.name AS catalog, i.change_tracking_state_desc, col.name AS col, ic.language_id FROM sys.fulltext_indexes i JOIN sys.fulltext_catalogs c ON c.fulltext_catalog_id = i.fulltext_catalog_id JOIN sys.fulltext_index_columns ic ON ic.object_id = i.object_id JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id WHERE i.object_id = OBJECT_ID('dbo.Doc')",
      ),
    ).toEqual([
      {
        unique_index_id: 1,
        catalog: 'DocCatalog',
        change_tracking_state_desc: 'AUTO',
        col: 'Body',
        language_id: 1033,
      },
    ]);
    await query("INSERT INTO dbo.Doc (Id, Body) VALUES (20, N'full-text search'), (21, N'other words')");
    expect(await query("SELECT Id FROM dbo.Doc WHERE CONTAINS(Body, 'search')")).toEqual([{ Id: 20 }]);
    // A procedure searching every column (`*`) in a given LANGUAGE runs (LANGUAGE is not applied).
    await query(
      'CREATE PROCEDURE dbo.FindDocs @s nvarchar(100) AS SELECT d.Id, k.[RANK] FROM dbo.Doc AS d INNER JOIN CONTAINSTABLE(dbo.Doc, *, @s, LANGUAGE 1033) AS k ON d.Id = k.[KEY]',
    );
    expect(await query("SELECT COUNT(*) AS n FROM sys.procedures WHERE name = 'FindDocs'")).toEqual([
      { n: 1 },
    ]);
    expect(await query("EXEC dbo.FindDocs N'words'")).toEqual([{ Id: 21, RANK: 16 }]);
    await query('DELETE FROM dbo.Doc WHERE Id >= 20');
  });
});

describe('ledger tables', () => {
  it('shows the ledger type and refuses changes to an append-only ledger table (37359)', async () => {
    expect(
      await query(
        "SELECT name, ledger_type, ledger_type_desc FROM sys.tables WHERE name IN ('Events', 'Salaries') ORDER BY name",
      ),
    ).toEqual([
      { name: 'Events', ledger_type: 3, ledger_type_desc: 'APPEND_ONLY_LEDGER_TABLE' },
      { name: 'Salaries', ledger_type: 2, ledger_type_desc: 'UPDATABLE_LEDGER_TABLE' },
    ]);
    const refused = {
      number: 37359,
      message: "Updates are not allowed for the append only Ledger table 'dbo.Events'.",
    };
    expect(await failure("UPDATE dbo.Events SET What = 'x'")).toEqual(refused);
    expect(await failure('DELETE FROM dbo.Events')).toEqual(refused);
    await query("INSERT INTO dbo.Events (Id, What) VALUES (2, 'appended')");
    expect(await query('SELECT COUNT(*) AS n FROM dbo.Events')).toEqual([{ n: 2 }]);
  });

  it('keeps every change of an updatable ledger table in its history, ledger view and sys.database_ledger_transactions', async () => {
    await query('INSERT INTO dbo.Salaries (Id, Amount) VALUES (1, 10), (2, 20)');
    await query(
      'BEGIN TRAN; UPDATE dbo.Salaries SET Amount = Amount + 5 WHERE Id = 1; DELETE FROM dbo.Salaries WHERE Id = 2; COMMIT',
    );
    await query('BEGIN TRAN; DELETE FROM dbo.Salaries; ROLLBACK');
    expect(await query('SELECT * FROM dbo.Salaries')).toEqual([{ Id: 1, Amount: 15 }]);
    const changes =
      await query(`SELECT l.Id, l.Amount, l.ledger_operation_type AS op, l.ledger_operation_type_desc AS what,
        l.ledger_sequence_number AS seq, t.principal_name AS who
      FROM dbo.Salaries_Ledger l JOIN sys.database_ledger_transactions t ON t.transaction_id = l.ledger_transaction_id
      ORDER BY l.ledger_transaction_id, l.ledger_sequence_number`);
    expect(changes).toEqual([
      { Id: 1, Amount: 10, op: 1, what: 'INSERT', seq: '0', who: 'sa' },
      { Id: 2, Amount: 20, op: 1, what: 'INSERT', seq: '1', who: 'sa' },
      { Id: 1, Amount: 10, op: 2, what: 'DELETE', seq: '0', who: 'sa' },
      { Id: 1, Amount: 15, op: 1, what: 'INSERT', seq: '1', who: 'sa' },
      { Id: 2, Amount: 20, op: 2, what: 'DELETE', seq: '2', who: 'sa' },
    ]);
    // The rolled-back transaction left no entry: every one is a change of one of the two ledger tables.
    expect(
      await query(`SELECT COUNT(*) AS n FROM sys.database_ledger_transactions t
        WHERE NOT EXISTS (SELECT 1 FROM dbo.Salaries_Ledger l WHERE l.ledger_transaction_id = t.transaction_id)
          AND NOT EXISTS (SELECT 1 FROM dbo.Events_Ledger l WHERE l.ledger_transaction_id = t.transaction_id)`),
    ).toEqual([{ n: 0 }]);
    expect(
      await query(`SELECT t.name, t.ledger_type_desc, OBJECT_NAME(t.ledger_view_id) AS ledger_view FROM sys.tables t
        WHERE t.name = 'Salaries' OR t.name LIKE 'MSSQL_LedgerHistoryFor_%'`),
    ).toEqual([
      { name: 'Salaries', ledger_type_desc: 'UPDATABLE_LEDGER_TABLE', ledger_view: 'Salaries_Ledger' },
      {
        name: expect.stringMatching(/^MSSQL_LedgerHistoryFor_\d+$/),
        ledger_type_desc: 'HISTORY_TABLE',
        ledger_view: null,
      },
    ]);
    expect(await failure('UPDATE dbo.Salaries SET ledger_start_transaction_id = 1')).toMatchObject({
      number: 13537,
    });
    expect(
      await query(`SELECT name, generated_always_type_desc AS g, is_hidden FROM sys.columns
        WHERE object_id = OBJECT_ID('dbo.Salaries') AND column_id > 2 ORDER BY column_id`),
    ).toEqual([
      { name: 'ledger_start_transaction_id', g: 'AS_TRANSACTION_ID_START', is_hidden: true },
      { name: 'ledger_end_transaction_id', g: 'AS_TRANSACTION_ID_END', is_hidden: true },
      { name: 'ledger_start_sequence_number', g: 'AS_SEQUENCE_NUMBER_START', is_hidden: true },
      { name: 'ledger_end_sequence_number', g: 'AS_SEQUENCE_NUMBER_END', is_hidden: true },
    ]);
  });
});

describe('ledger tables: what SQL Server refuses', () => {
  it('names the history table after HISTORY_TABLE, refuses DML on a history table, versioning changes (37356) and TRUNCATE (13545)', async () => {
    await query(`CREATE TABLE dbo.Award (Id int NOT NULL PRIMARY KEY, Amount decimal(10,2) NOT NULL)
      WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.Award_History), LEDGER = ON)`);
    await query(
      'INSERT INTO dbo.Award VALUES (1, 5000), (2, 1200); UPDATE dbo.Award SET Amount = 5500 WHERE Id = 1',
    );
    expect(
      await query(`SELECT name, ledger_type_desc FROM sys.tables WHERE name LIKE 'Award%' ORDER BY name`),
    ).toEqual([
      { name: 'Award', ledger_type_desc: 'UPDATABLE_LEDGER_TABLE' },
      { name: 'Award_History', ledger_type_desc: 'HISTORY_TABLE' },
    ]);
    expect(await query('SELECT Id, Amount FROM dbo.Award_History')).toEqual([{ Id: 1, Amount: 5000 }]);
    expect(
      await query("SELECT COUNT(*) AS n FROM dbo.Award_Ledger WHERE ledger_operation_type_desc = 'DELETE'"),
    ).toEqual([{ n: 1 }]);
    for (const dml of [
      'DELETE FROM dbo.Award_History',
      'UPDATE dbo.Award_History SET Amount = 1',
      'INSERT INTO dbo.Award_History (Id, Amount) VALUES (9, 1)',
    ])
      expect(await failure(dml)).toMatchObject({ number: 40517 });
    expect(await failure('ALTER TABLE dbo.Award SET (SYSTEM_VERSIONING = OFF)')).toEqual({
      number: 37356,
      message: 'System Versioning cannot be altered for Ledger Tables.',
    });
    expect(await failure('ALTER TABLE dbo.Events SET (SYSTEM_VERSIONING = OFF)')).toMatchObject({
      number: 37356,
    });
    expect(await failure('TRUNCATE TABLE dbo.Award')).toEqual({
      number: 13545,
      message:
        "Truncate failed on table 'StorageDb.dbo.Award' because it is not a supported operation on system-versioned tables.",
    });
    expect(
      await failure(
        "MERGE dbo.Events t USING (SELECT 9 AS Id) s ON t.Id = s.Id WHEN NOT MATCHED THEN INSERT (Id, What) VALUES (9, 'm');",
      ),
    ).toMatchObject({
      number: 37359,
    });
    expect(await query('SELECT COUNT(*) AS n FROM dbo.Award')).toEqual([{ n: 2 }]);
  });

  it('keeps a dropped ledger table, renamed with its history table and ledger view', async () => {
    await query(`CREATE TABLE dbo.Grant2 (Id int NOT NULL PRIMARY KEY) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.Grant2_History), LEDGER = ON)
      CREATE TABLE dbo.Plain2 (Id int NOT NULL)`);
    await query('DROP TABLE dbo.Grant2, dbo.Plain2');
    const tables = (await query(`SELECT name, is_dropped_ledger_table AS dropped FROM sys.tables
      WHERE name LIKE '%Grant2%' OR name LIKE '%Plain2%' ORDER BY name`)) as {
      name: string;
      dropped: boolean;
    }[];
    const guid = /_([0-9A-F]{32})$/.exec(tables[0]?.name ?? '')?.[1];
    expect(tables).toEqual([
      { name: `MSSQL_DroppedLedgerHistory_Grant2_History_${guid}`, dropped: false },
      { name: `MSSQL_DroppedLedgerTable_Grant2_${guid}`, dropped: true },
    ]);
    expect(await query("SELECT name FROM sys.views WHERE name LIKE '%Grant2%'")).toEqual([
      { name: `MSSQL_DroppedLedgerView_Grant2_Ledger_${guid}` },
    ]);
  });
});

describe('DDL triggers', () => {
  it('fire after the DDL they cover with EVENTDATA(), are cataloged with parent_class 0 and can be disabled', async () => {
    await query(
      `CREATE TABLE dbo.SchemaLog (Id int IDENTITY(1,1) NOT NULL, EventType sysname NOT NULL, ObjectName sysname NULL, Command nvarchar(max) NULL)`,
    );
    await query(`CREATE TRIGGER ddlLog ON DATABASE FOR DDL_TABLE_VIEW_EVENTS AS
BEGIN
  DECLARE @data xml = EVENTDATA();
  INSERT INTO dbo.SchemaLog (EventType, ObjectName, Command)
  VALUES (@data.value('(/EVENT_INSTANCE/EventType)[1]', 'sysname'), @data.value('(/EVENT_INSTANCE/ObjectName)[1]', 'sysname'), @data.value('(/EVENT_INSTANCE/TSQLCommand)[1]', 'nvarchar(max)'))
END`);
    await query('CREATE TABLE dbo.Watched (a int)');
    await query('ALTER TABLE dbo.Watched ADD b int');
    await query('CREATE PROCEDURE dbo.NotWatched AS SELECT 1');
    expect(await query('SELECT EventType, ObjectName, Command FROM dbo.SchemaLog ORDER BY Id')).toEqual([
      { EventType: 'CREATE_TABLE', ObjectName: 'Watched', Command: 'CREATE TABLE dbo.Watched (a int)' },
      { EventType: 'ALTER_TABLE', ObjectName: 'Watched', Command: 'ALTER TABLE dbo.Watched ADD b int' },
    ]);
    expect(
      await query(
        "SELECT name, parent_class, parent_class_desc, parent_id FROM sys.triggers WHERE name = 'ddlLog'",
      ),
    ).toEqual([{ name: 'ddlLog', parent_class: 0, parent_class_desc: 'DATABASE', parent_id: 0 }]);
    expect(await query("SELECT OBJECT_ID('ddlLog') AS id")).toEqual([{ id: null }]);
    expect(await query('SELECT EVENTDATA() AS e')).toEqual([{ e: null }]);
    await query('DISABLE TRIGGER ddlLog ON DATABASE');
    await query('CREATE TABLE dbo.Unwatched (a int)');
    expect(await query('SELECT COUNT(*) AS n FROM dbo.SchemaLog')).toEqual([{ n: 2 }]);
    expect(await query("SELECT is_disabled FROM sys.triggers WHERE name = 'ddlLog'")).toEqual([
      { is_disabled: true },
    ]);
    // Described at level 0 TRIGGER (its object), as a filegroup is at level 0 FILEGROUP (its data space).
    await query(`EXECUTE sys.sp_addextendedproperty N'MS_Description', N'Logs DDL', N'TRIGGER', [ddlLog]
      EXECUTE sys.sp_addextendedproperty N'MS_Description', N'Main filegroup', N'FILEGROUP', [PRIMARY]`);
    expect(
      await query(
        `SELECT ep.class_desc, COALESCE(t.name, ds.name) AS target, CAST(ep.value AS nvarchar(20)) AS value
         FROM sys.extended_properties ep
         LEFT JOIN sys.triggers t ON ep.class = 1 AND t.object_id = ep.major_id
         LEFT JOIN sys.data_spaces ds ON ep.class = 20 AND ds.data_space_id = ep.major_id
         WHERE ep.class IN (1, 20) AND (t.name IS NOT NULL OR ds.name IS NOT NULL) ORDER BY ep.class`,
      ),
    ).toEqual([
      { class_desc: 'OBJECT_OR_COLUMN', target: 'ddlLog', value: 'Logs DDL' },
      { class_desc: 'DATASPACE', target: 'PRIMARY', value: 'Main filegroup' },
    ]);
    expect(
      await failure(
        `EXECUTE sys.sp_addextendedproperty N'MS_Description', N'x', N'TRIGGER', [noSuchTrigger]`,
      ),
    ).toMatchObject({ number: 15135 });
    expect(await failure('CREATE TRIGGER ddlBad ON DATABASE FOR NOT_AN_EVENT AS PRINT 1')).toEqual({
      number: 1084,
      message: "'NOT_AN_EVENT' is an invalid event type.",
    });
  });
});

describe('database collation', () => {
  it('compares object names by the database collation: Foo and FOO coexist in a _CS_ database only', async () => {
    const rows =
      await query(`CREATE DATABASE CaseDb ON PRIMARY (NAME = CaseDb_root, FILENAME = 'D:\\CaseDb.mdf'), FILEGROUP CaseDb_mod CONTAINS MEMORY_OPTIMIZED_DATA (NAME = CaseDb_mod, FILENAME = 'D:\\mod') COLLATE Latin1_General_CS_AS
      EXEC ('USE CaseDb; CREATE TABLE dbo.Foo (a int); CREATE TABLE dbo.FOO (b int); SELECT name FROM sys.tables')`);
    expect(rows.map((r) => r.name as string).sort()).toEqual(['FOO', 'Foo']);
    expect(await query("EXEC ('USE CaseDb; SELECT name, type FROM sys.filegroups')")).toEqual([
      { name: 'PRIMARY', type: 'FG' },
      { name: 'CaseDb_mod', type: 'FX' },
    ]);
    expect(await query("SELECT collation_name FROM sys.databases WHERE name = 'CaseDb'")).toEqual([
      { collation_name: 'Latin1_General_CS_AS' },
    ]);
    expect(await failure("EXEC ('USE CaseDb; SELECT * FROM dbo.foo')")).toMatchObject({ number: 208 });
    await query('USE StorageDb; CREATE TABLE dbo.Bar (a int)');
    expect(await failure('USE StorageDb; CREATE TABLE dbo.BAR (a int)')).toMatchObject({ number: 2714 });
  });
});
