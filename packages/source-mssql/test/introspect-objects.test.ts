// Introspection of the object kinds the samples do not have: computed and sparse columns, filtered
// indexes with included and descending columns, FK actions, NOCHECK, functions, INSTEAD OF and disabled
// triggers, an indexed view's indexes, sequences, synonyms, table types, MS_Description comments; and the snapshot option.

import type { SchemaModel, Table } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsqlExpression } from '@ferry/tsql';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';

const script = `
CREATE SCHEMA sales
GO
CREATE TABLE sales.Head (id int NOT NULL, region char(2) NOT NULL, CONSTRAINT PK_Head PRIMARY KEY (id, region))
GO
CREATE TABLE sales.Line (
  id bigint IDENTITY(1000, 5) NOT NULL CONSTRAINT PK_Line PRIMARY KEY NONCLUSTERED,
  head_id int NULL, region char(2) NULL,
  qty int NOT NULL CONSTRAINT DF_Line_qty DEFAULT (1),
  price decimal(10,2) NOT NULL,
  total AS (qty * price) PERSISTED,
  label AS (CONVERT(nvarchar(20), qty)),
  note nvarchar(200) SPARSE NULL,
  status tinyint NOT NULL,
  created datetime2(3) NOT NULL CONSTRAINT DF_Line_created DEFAULT (sysdatetime()),
  CONSTRAINT UQ_Line_note UNIQUE (note),
  CONSTRAINT FK_Line_Head FOREIGN KEY (head_id, region) REFERENCES sales.Head (id, region) ON DELETE CASCADE ON UPDATE SET NULL,
  CONSTRAINT CK_Line_qty CHECK (qty > 0)
)
GO
CREATE CLUSTERED INDEX CX_Line_created ON sales.Line (created DESC, id)
GO
CREATE UNIQUE NONCLUSTERED INDEX IX_Line_open ON sales.Line (status, created DESC) INCLUDE (qty, price) WHERE status = 1
GO
ALTER TABLE sales.Line NOCHECK CONSTRAINT CK_Line_qty
GO
CREATE FUNCTION sales.LineTotal (@qty int, @price decimal(10,2)) RETURNS decimal(20,2) AS BEGIN RETURN @qty * @price END
GO
CREATE FUNCTION sales.OpenLines () RETURNS TABLE AS RETURN SELECT id FROM sales.Line WHERE status = 1
GO
CREATE VIEW sales.OpenLineView AS SELECT id, qty FROM sales.Line WHERE status = 1
GO
CREATE VIEW sales.StatusCount WITH SCHEMABINDING AS SELECT status, COUNT_BIG(*) AS n FROM sales.Line GROUP BY status
GO
CREATE UNIQUE CLUSTERED INDEX UX_StatusCount ON sales.StatusCount (status)
GO
CREATE NONCLUSTERED INDEX IX_StatusCount_n ON sales.StatusCount (n DESC)
GO
CREATE TRIGGER sales.Head_ins ON sales.Head INSTEAD OF INSERT AS SET NOCOUNT ON
GO
CREATE TRIGGER sales.Line_audit ON sales.Line AFTER UPDATE, DELETE AS SET NOCOUNT ON
GO
ALTER TABLE sales.Line DISABLE TRIGGER Line_audit
GO
CREATE SEQUENCE sales.Numbers AS bigint START WITH 100 INCREMENT BY 10 MINVALUE 1 MAXVALUE 1000000 CYCLE CACHE 50
GO
CREATE SEQUENCE sales.Tickets AS int START WITH 5 INCREMENT BY 3
GO
DECLARE @a int = NEXT VALUE FOR sales.Tickets, @b int = NEXT VALUE FOR sales.Tickets
GO
CREATE SYNONYM sales.Lines FOR sales.Line
GO
CREATE TYPE sales.LineList AS TABLE (id bigint NOT NULL, qty int NULL)
GO
CREATE TYPE sales.Code FROM nvarchar(12) NULL
GO
EXEC sp_addextendedproperty @name = N'MS_Description', @value = N'Order lines', @level0type = N'SCHEMA', @level0name = N'sales', @level1type = N'TABLE', @level1name = N'Line'
GO
EXEC sp_addextendedproperty @name = N'MS_Description', @value = N'Quantity ordered', @level0type = N'SCHEMA', @level0name = N'sales', @level1type = N'TABLE', @level1name = N'Line', @level2type = N'COLUMN', @level2name = N'qty'
GO
`;

describe('introspection of other object kinds', () => {
  let env: EmulatedSource;
  let model: SchemaModel;
  let line: Table;
  const col = (name: string) => line.columns.find((c) => c.name === name)!;

  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [script] });
    model = (await env.source.introspect()).model;
    line = model.tables.find((t) => t.name === 'Line')!;
  });
  afterAll(() => env?.close());

  it('reads the schema, identity seed/increment, defaults, computed and sparse columns, comments', () => {
    expect(model.schemas).toEqual(expect.arrayContaining(['dbo', 'sales']));
    expect(line.comment).toBe('Order lines');
    expect(col('qty').comment).toBe('Quantity ordered');
    expect(col('id')).toMatchObject({ nativeType: 'bigint', identity: { seed: '1000', increment: '5' } });
    expect(col('qty').default?.source).toBe('((1))');
    expect(col('created').default?.source).toBe('(sysdatetime())');
    expect(col('created').nativeType).toBe('datetime2(3)');
    expect(col('total').computed).toMatchObject({
      expression: { source: '([qty]*[price])', dialect: 'tsql' },
      persisted: true,
    });
    expect(tsqlExpression(col('total').computed!.expression)?.kind).toBe('BinaryOp'); // parsed by @ferry/tsql
    expect(col('label').computed?.persisted).toBe(false);
    expect(col('note').sparse).toBe(true);
  });

  it('reads keys, the clustered index with a descending key, and the filtered index with included columns', () => {
    expect(line.primaryKey).toEqual({ name: 'PK_Line', columns: ['id'], clustered: false });
    expect(line.uniques).toEqual([{ name: 'UQ_Line_note', columns: ['note'], clustered: false }]);
    const byName = Object.fromEntries(line.indexes.map((i) => [i.name, i]));
    expect(byName.CX_Line_created).toEqual({
      name: 'CX_Line_created',
      columns: [{ name: 'created', descending: true }, { name: 'id' }],
      unique: false,
      clustered: true,
    });
    expect(byName.IX_Line_open).toMatchObject({
      name: 'IX_Line_open',
      columns: [{ name: 'status' }, { name: 'created', descending: true }],
      include: ['qty', 'price'],
      unique: true,
      clustered: false,
      where: { source: '([status]=(1))', dialect: 'tsql' },
    });
  });

  it('reads a two-column FK with its actions and a disabled, untrusted check', () => {
    expect(line.foreignKeys).toEqual([
      {
        name: 'FK_Line_Head',
        columns: ['head_id', 'region'],
        references: { schema: 'sales', name: 'Head', columns: ['id', 'region'] },
        onDelete: 'cascade',
        onUpdate: 'set null',
      },
    ]);
    expect(line.checks).toMatchObject([
      { name: 'CK_Line_qty', expression: { source: '([qty]>(0))', dialect: 'tsql' }, disabled: true },
    ]);
  });

  it('reads functions by kind, the view, and triggers with timing, events and disabled state', () => {
    expect(model.routines.map((r) => [r.schema, r.name, r.kind])).toEqual([
      ['sales', 'LineTotal', 'scalar-function'],
      ['sales', 'OpenLines', 'inline-table-function'],
    ]);
    expect(model.views.map((v) => v.name)).toEqual(['OpenLineView', 'StatusCount']);
    const triggers = Object.fromEntries(model.triggers.map((t) => [t.name, t]));
    expect(triggers.Head_ins).toMatchObject({
      table: { schema: 'sales', name: 'Head' },
      timing: 'instead of',
      events: ['insert'],
    });
    expect(triggers.Head_ins!.disabled).toBeUndefined();
    expect(triggers.Line_audit).toMatchObject({
      table: { schema: 'sales', name: 'Line' },
      timing: 'after',
      events: ['update', 'delete'],
      disabled: true,
    });
  });

  it("reads an indexed view's indexes onto the view, and none onto a plain view or the base table", () => {
    const views = Object.fromEntries(model.views.map((v) => [v.name, v]));
    expect(views.StatusCount!.indexes).toEqual([
      { name: 'UX_StatusCount', columns: [{ name: 'status' }], unique: true, clustered: true },
      {
        name: 'IX_StatusCount_n',
        columns: [{ name: 'n', descending: true }],
        unique: false,
        clustered: false,
      },
    ]);
    expect(views.OpenLineView!.indexes).toBeUndefined();
    expect(line.indexes.map((i) => i.name)).toEqual(['CX_Line_created', 'IX_Line_open']);
  });

  it('reads the sequences (with the value last handed out), the synonym, the table type and the alias type', () => {
    expect(model.sequences).toEqual([
      {
        schema: 'sales',
        name: 'Numbers',
        type: { kind: 'int64' },
        start: '100',
        increment: '10',
        min: '1',
        max: '1000000',
        cycle: true,
        cache: 50,
      },
      {
        schema: 'sales',
        name: 'Tickets',
        type: { kind: 'int32' },
        start: '5',
        increment: '3',
        min: '-2147483648',
        max: '2147483647',
        cycle: false,
        last: '8',
      },
    ]);
    expect(model.synonyms).toEqual([{ schema: 'sales', name: 'Lines', target: '[sales].[Line]' }]);
    expect(model.userTypes).toEqual([
      {
        schema: 'sales',
        name: 'Code',
        kind: 'alias',
        nativeType: 'nvarchar(12)',
        type: {
          kind: 'text',
          length: 12,
          unicode: true,
          fixed: false,
          collation: 'SQL_Latin1_General_CP1_CI_AS',
        },
        nullable: true,
      },
      {
        schema: 'sales',
        name: 'LineList',
        kind: 'table',
        columns: [
          { name: 'id', type: { kind: 'int64' }, nativeType: 'bigint', nullable: false },
          { name: 'qty', type: { kind: 'int32' }, nativeType: 'int', nullable: true },
        ],
      },
    ]);
  });

  it('refuses snapshot reads with a clear message when the database does not allow SNAPSHOT isolation', async () => {
    const c = env.emulator.config;
    const { MssqlSource } = await import('../src/mssql-source.js');
    const { resolveMssqlSettings } = await import('../src/mssql-config.js');
    const source = new MssqlSource(
      resolveMssqlSettings({
        host: c.server,
        port: c.port,
        user: c.user,
        password: c.password,
        database: c.database,
        encrypt: false,
        snapshot: true,
      }),
    );
    try {
      await expect(source.count(line)).rejects.toMatchObject({
        code: 'SOURCE_SNAPSHOT_NOT_ALLOWED',
        hint: expect.stringContaining('ALLOW_SNAPSHOT_ISOLATION ON'),
      });
    } finally {
      await source.close();
    }
  });
});

// NOTE for the emulator: `ALTER DATABASE shop SET ALLOW_SNAPSHOT_ISOLATION ON` is accepted but
// sys.databases.snapshot_isolation_state stays 0. Once it is recorded, add the positive case: with
// `snapshot: true` on such a database, read and count succeed under SET TRANSACTION ISOLATION LEVEL SNAPSHOT.
