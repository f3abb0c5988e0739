// The T-SQL parser on storage and server-feature DDL: partition functions and schemes, filegroups
// and files, memory-optimized tables with HASH and columnstore indexes, BEGIN ATOMIC, typed xml, XML
// schema collections and indexes, full-text catalogs and indexes, DDL triggers.

import { describe, expect, it } from 'vitest';
import type { Statement } from '../src/index.js';
import { parseBatch } from '../src/index.js';

function one<K extends Statement['kind']>(sql: string, kind: K): Extract<Statement, { kind: K }> {
  const statements = parseBatch(sql);
  expect(statements.map((s) => s.kind)).toEqual([kind]);
  return statements[0] as Extract<Statement, { kind: K }>;
}

describe('partitioning and files', () => {
  it('reads CREATE PARTITION FUNCTION and SCHEME (TO and ALL TO)', () => {
    const pf = one(
      "CREATE PARTITION FUNCTION [PF_Date](DATE) AS RANGE RIGHT FOR VALUES ('01/01/2012 00:00:00', '01/01/2013 00:00:00')",
      'CreatePartitionFunction',
    );
    expect(pf).toMatchObject({ name: { name: 'PF_Date' }, inputType: { name: 'DATE' }, range: 'RIGHT' });
    expect(pf.values).toHaveLength(2);
    expect(
      one('CREATE PARTITION FUNCTION pf (int) AS RANGE FOR VALUES (1)', 'CreatePartitionFunction').range,
    ).toBe('LEFT');
    expect(
      one(
        'CREATE PARTITION SCHEME [PS_Date] AS PARTITION [PF_Date] TO ([USERDATA], [PRIMARY])',
        'CreatePartitionScheme',
      ),
    ).toMatchObject({
      partitionFunction: { name: 'PF_Date' },
      all: false,
      filegroups: [{ name: 'USERDATA' }, { name: 'PRIMARY' }],
    });
    expect(
      one('CREATE PARTITION SCHEME ps AS PARTITION pf ALL TO ([PRIMARY])', 'CreatePartitionScheme').all,
    ).toBe(true);
  });

  it('reads ALTER DATABASE ADD FILEGROUP and ADD FILE ... TO FILEGROUP', () => {
    expect(
      one('ALTER DATABASE [WWI] ADD FILEGROUP [MOD] CONTAINS MEMORY_OPTIMIZED_DATA', 'AlterDatabaseFiles')
        .action,
    ).toEqual({
      kind: 'add-filegroup',
      filegroup: expect.objectContaining({ name: 'MOD' }),
      contains: 'MEMORY_OPTIMIZED_DATA',
    });
    const file = one(
      "ALTER DATABASE CURRENT ADD FILE (NAME = N'data2', FILENAME = N'D:\\d2.ndf', SIZE = 8 MB, FILEGROWTH = 10%) TO FILEGROUP [USERDATA]",
      'AlterDatabaseFiles',
    );
    expect(file.database).toBeNull();
    expect(file.action).toMatchObject({
      kind: 'add-file',
      log: false,
      files: [{ name: 'data2', fileName: 'D:\\d2.ndf', size: '8MB', growth: '10%' }],
      filegroup: { name: 'USERDATA' },
    });
  });

  it('keeps the partitioning column of ON scheme(column)', () => {
    const t = one('CREATE TABLE t (a int, d date) ON [PS_Date] ([d])', 'CreateTable');
    expect(t.storage).toEqual({ on: 'PS_Date', onColumn: 'd', with: [] });
    expect(one('CREATE INDEX ix ON t (a) ON PS_Date (d)', 'CreateIndex').storage).toEqual({
      on: 'PS_Date',
      onColumn: 'd',
      with: [],
    });
  });
});

describe('memory-optimized tables', () => {
  it('reads NONCLUSTERED HASH keys and indexes, inline and on columns', () => {
    const t = one(
      `CREATE TABLE dbo.Orders (
         O_ID bigint NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 2000000),
         O_C_ID bigint NOT NULL INDEX IX_C HASH WITH (BUCKET_COUNT = 1000),
         CONSTRAINT UQ_X UNIQUE NONCLUSTERED HASH (O_C_ID, O_ID) WITH (BUCKET_COUNT = 64),
         INDEX IX_H HASH (O_C_ID) WITH (BUCKET_COUNT = 8),
         INDEX IX_CS CLUSTERED COLUMNSTORE
       ) WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY)`,
      'CreateTable',
    );
    expect(t.columns[0].constraints[0]).toMatchObject({
      kind: 'PrimaryKey',
      clustered: false,
      hash: true,
      storage: { with: [{ name: 'BUCKET_COUNT', value: '2000000' }] },
    });
    expect(t.constraints[0]).toMatchObject({ kind: 'Unique', hash: true });
    expect(
      t.indexes.map((i) => [i.name.name, i.hash ?? false, i.columnstore ?? false, i.columns.length]),
    ).toEqual([
      ['IX_C', true, false, 1],
      ['IX_H', true, false, 1],
      ['IX_CS', false, true, 0],
    ]);
    expect(t.storage.with).toEqual([
      { name: 'MEMORY_OPTIMIZED', value: 'ON' },
      { name: 'DURABILITY', value: 'SCHEMA_ONLY' },
    ]);
  });

  it('reads natively compiled procedures with BEGIN ATOMIC WITH (...)', () => {
    const p = one(
      `CREATE PROCEDURE dbo.p (@id bigint) WITH NATIVE_COMPILATION, EXECUTE AS OWNER, SCHEMABINDING
       AS BEGIN ATOMIC WITH (TRANSACTION ISOLATION LEVEL = SNAPSHOT, LANGUAGE = N'us_english')
         SELECT @id
       END`,
      'CreateProcedure',
    );
    expect(p.options).toEqual(['NATIVE_COMPILATION', 'EXECUTE AS OWNER', 'SCHEMABINDING']);
    expect(p.executeAs).toEqual({ principal: 'OWNER' });
    const f = one(
      "CREATE FUNCTION dbo.f () RETURNS int WITH EXECUTE AS 'App' AS BEGIN RETURN 1 END",
      'CreateFunction',
    );
    expect(f.executeAs).toEqual({ user: 'App' });
    expect(p.body?.[0]).toMatchObject({
      kind: 'Block',
      atomic: [
        { name: 'TRANSACTION ISOLATION LEVEL', value: 'SNAPSHOT' },
        { name: 'LANGUAGE', value: 'us_english' },
      ],
    });
  });
});

describe('xml, full-text and DDL triggers', () => {
  it('reads typed xml, XML schema collections and XML indexes', () => {
    const t = one(
      'CREATE TABLE t (id int PRIMARY KEY, doc xml(DOCUMENT dbo.Schemas), x xml(s2), y xml)',
      'CreateTable',
    );
    expect(t.columns.map((c) => c.dataType?.xmlSchema)).toEqual([
      undefined,
      {
        collection: expect.objectContaining({ name: expect.objectContaining({ name: 'Schemas' }) }),
        document: true,
      },
      {
        collection: expect.objectContaining({ name: expect.objectContaining({ name: 's2' }) }),
        document: false,
      },
      undefined,
    ]);
    expect(
      one("CREATE XML SCHEMA COLLECTION dbo.Schemas AS N'<xsd:schema/>'", 'CreateXmlSchemaCollection'),
    ).toMatchObject({ name: { name: { name: 'Schemas' } }, schema: { kind: 'StringLiteral' } });
    expect(
      one("ALTER XML SCHEMA COLLECTION dbo.Schemas ADD N'<xsd:schema/>'", 'AlterXmlSchemaCollection'),
    ).toMatchObject({ name: { name: { name: 'Schemas' } }, schema: { kind: 'StringLiteral' } });
    expect(one('CREATE PRIMARY XML INDEX px ON t (doc)', 'CreateIndex').xml).toEqual({ primary: true });
    expect(
      one('CREATE XML INDEX sx ON t (doc) USING XML INDEX px FOR PATH', 'CreateIndex').xml,
    ).toMatchObject({
      primary: false,
      using: { name: 'px' },
      secondaryType: 'PATH',
    });
  });

  it('reads full-text catalogs and indexes', () => {
    expect(
      one('CREATE FULLTEXT CATALOG ftc WITH ACCENT_SENSITIVITY = OFF AS DEFAULT', 'CreateFulltextCatalog'),
    ).toMatchObject({ name: { name: 'ftc' }, accentSensitive: false, isDefault: true });
    expect(
      one(
        'CREATE FULLTEXT INDEX ON dbo.Doc (Title LANGUAGE 1033, Body TYPE COLUMN Ext) KEY INDEX PK_Doc ON ftc WITH (CHANGE_TRACKING = AUTO)',
        'CreateFulltextIndex',
      ),
    ).toMatchObject({
      columns: [{ name: { name: 'Title' } }, { name: { name: 'Body' }, typeColumn: { name: 'Ext' } }],
      keyIndex: { name: 'PK_Doc' },
      catalog: { name: 'ftc' },
      options: [{ name: 'CHANGE_TRACKING', value: 'AUTO' }],
    });
  });

  it('reads DDL triggers ON DATABASE', () => {
    const t = one(
      'CREATE TRIGGER [ddlLog] ON DATABASE FOR DDL_DATABASE_LEVEL_EVENTS, CREATE_TABLE AS BEGIN SET NOCOUNT ON; END;',
      'CreateDdlTrigger',
    );
    expect(t).toMatchObject({
      name: { name: 'ddlLog' },
      events: ['DDL_DATABASE_LEVEL_EVENTS', 'CREATE_TABLE'],
    });
    expect(t.body).toHaveLength(1);
  });
});
