import { describe, expect, it } from 'vitest';
import { findAll, type CreateTable, type QuerySpec, type Statement, type TableRef } from '../src/index.js';
import { parseBatch, parseParameterList, parseScript, TsqlSyntaxError } from '../src/index.js';

function one<K extends Statement['kind']>(sql: string, kind: K): Extract<Statement, { kind: K }> {
  const statements = parseBatch(sql);
  expect(statements.map((s) => s.kind)).toEqual([kind]);
  return statements[0] as Extract<Statement, { kind: K }>;
}

function syntaxError(run: () => unknown): TsqlSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof TsqlSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a TsqlSyntaxError');
}

describe('INSERT, UPDATE, DELETE, MERGE, TRUNCATE', () => {
  it('reads INSERT with a column list and multi-row VALUES, DEFAULT VALUES, SELECT and EXEC sources', () => {
    expect(
      one(
        'INSERT INTO "Region" ("RegionID", RegionDescription) VALUES (1, N\'Eastern\'), (2, DEFAULT)',
        'Insert',
      ),
    ).toMatchObject({
      target: { name: { name: 'Region', quote: 'double' } },
      columns: [{ name: 'RegionID' }, { name: 'RegionDescription' }],
      source: {
        kind: 'Values',
        rows: [
          [{ text: '1' }, { value: 'Eastern', unicode: true }],
          [{ text: '2' }, { kind: 'DefaultValue' }],
        ],
      },
    });
    expect(one('insert authors values(1)', 'Insert')).toMatchObject({
      target: { name: { name: 'authors' } },
      source: { kind: 'Values' },
    });
    expect(one('INSERT t DEFAULT VALUES', 'Insert').source.kind).toBe('DefaultValues');
    expect(one('INSERT INTO t (a) SELECT a FROM u', 'Insert').source.kind).toBe('Select');
    expect(one('INSERT INTO @t EXEC dbo.p 1', 'Insert')).toMatchObject({
      target: '@t',
      source: { kind: 'Execute', procedure: { name: { name: 'p' } } },
    });
  });

  it('reads UPDATE with TOP, hints, compound and variable assignments, FROM joins and WHERE', () => {
    expect(
      one(
        'UPDATE TOP (5) o SET o.Freight += 1, @v = Freight = 2 OUTPUT inserted.OrderID FROM dbo.Orders o JOIN c ON c.id = o.cid WHERE o.x IS NULL',
        'Update',
      ),
    ).toMatchObject({
      top: { expr: { text: '5' } },
      target: { name: { name: 'o' } },
      set: [
        { target: { column: { name: 'Freight' }, table: { name: { name: 'o' } } }, op: '+=' },
        { target: '@v', alsoColumn: { column: { name: 'Freight' } }, op: '=', expr: { text: '2' } },
      ],
      output: { columns: [{ kind: 'SelectColumn', expr: { table: { name: { name: 'inserted' } } } }] },
      from: [{ kind: 'Join' }],
      where: { kind: 'IsNull' },
    });
  });

  it('reads column mutators SET col.WRITE(...) / col.modify(...) as col = col.method(...)', () => {
    expect(
      one("UPDATE t SET doc.WRITE(N'x', 0, 1), t.x.modify('delete /a'), b = 1", 'Update').set,
    ).toMatchObject([
      {
        target: { column: { name: 'doc' } },
        mutator: true,
        expr: {
          kind: 'MethodCall',
          target: { column: { name: 'doc' } },
          method: { name: 'WRITE' },
          args: [{}, {}, {}],
        },
      },
      {
        target: { column: { name: 'x' }, table: { name: { name: 't' } } },
        mutator: true,
        expr: { method: { name: 'modify' } },
      },
      { target: { column: { name: 'b' } }, op: '=' },
    ]);
  });

  it("reads SET @x.modify('...') as a mutator of the variable, and refuses another expression after the dot", () => {
    expect(one("SET @x.modify('delete /a/b')", 'MutateVariable')).toEqual({
      kind: 'MutateVariable',
      variable: '@x',
      call: {
        kind: 'MethodCall',
        target: { kind: 'Variable', name: '@x', pos: expect.anything() },
        method: expect.objectContaining({ name: 'modify' }),
        args: [expect.objectContaining({ kind: 'StringLiteral', value: 'delete /a/b' })],
        pos: expect.anything(),
      },
      pos: expect.anything(),
    });
    expect(() => parseBatch('SET @x.y = 1')).toThrow();
  });

  it('reads DELETE with or without FROM, OUTPUT INTO and WHERE CURRENT OF', () => {
    expect(one('DELETE FROM t OUTPUT deleted.* INTO @log (a) WHERE a = 1', 'Delete')).toMatchObject({
      target: { name: { name: 't' } },
      output: {
        columns: [{ kind: 'SelectStar', table: { name: { name: 'deleted' } } }],
        into: { target: '@log', columns: [{ name: 'a' }] },
      },
      where: { op: '=' },
    });
    expect(one('DELETE t WHERE CURRENT OF c', 'Delete')).toMatchObject({ currentOf: 'c' });
    expect(one('DELETE x FROM t AS x JOIN u ON u.id = x.id', 'Delete')).toMatchObject({
      target: { name: { name: 'x' } },
      from: [{ kind: 'Join' }],
    });
  });

  it('reads MERGE with all WHEN forms and OUTPUT $action', () => {
    expect(
      one(
        `MERGE INTO dbo.t AS tgt USING (SELECT id, v FROM s) AS src ON tgt.id = src.id
         WHEN MATCHED AND src.v IS NULL THEN DELETE
         WHEN MATCHED THEN UPDATE SET tgt.v = src.v
         WHEN NOT MATCHED BY TARGET THEN INSERT (id, v) VALUES (src.id, src.v)
         WHEN NOT MATCHED BY SOURCE THEN DELETE
         OUTPUT $action, inserted.id;`,
        'Merge',
      ),
    ).toMatchObject({
      target: { name: { name: 't' } },
      targetAlias: { name: 'tgt' },
      using: { kind: 'DerivedTable', alias: { name: 'src' } },
      whens: [
        { match: 'matched', condition: { kind: 'IsNull' }, action: { kind: 'delete' } },
        { match: 'matched', action: { kind: 'update', set: [{ op: '=' }] } },
        {
          match: 'not-matched-by-target',
          action: { kind: 'insert', columns: [{ name: 'id' }, { name: 'v' }], values: [{}, {}] },
        },
        { match: 'not-matched-by-source', action: { kind: 'delete' } },
      ],
      output: { columns: [{ expr: { column: { name: '$action' } } }, {}] },
    });
  });

  it('refuses a MERGE not ended by a semicolon, as SQL Server does (10713), also before another statement', () => {
    for (const text of [
      'MERGE t USING s ON s.id = t.id WHEN MATCHED THEN DELETE',
      'MERGE t USING s ON s.id = t.id WHEN MATCHED THEN DELETE SELECT 1',
    ])
      expect(() => parseBatch(text)).toThrow(
        expect.objectContaining({
          number: 10713,
          message: 'A MERGE statement must be terminated by a semi-colon (;).',
        }),
      );
  });

  it('reads MERGE whose target has no alias (USING is not taken for one), with a VALUES source', () => {
    const m = one(
      'MERGE dbo.t USING (VALUES (1, 2)) AS x (id, v) ON x.id = t.id WHEN NOT MATCHED THEN INSERT VALUES (x.id, x.v);',
      'Merge',
    );
    expect(m.targetAlias).toBeUndefined();
    expect(m.using).toMatchObject({ kind: 'ValuesTable', alias: { name: 'x' } });
    expect(one('MERGE t USING s ON s.id = t.id WHEN MATCHED THEN DELETE;', 'Merge').using).toMatchObject({
      kind: 'TableRef',
      name: { name: { name: 's' } },
    });
  });

  it('attaches a WITH clause to the DML statement that follows it', () => {
    expect(one('WITH d AS (SELECT * FROM t) DELETE FROM d', 'Delete')).toMatchObject({
      with: [{ name: { name: 'd' } }],
    });
  });

  it('reads OPTION hints after DML statements', () => {
    expect(one('DELETE FROM t WHERE a = 1 OPTION (MAXDOP 1)', 'Delete')).toMatchObject({
      options: { hints: [{ name: 'MAXDOP', text: 'MAXDOP 1' }] },
    });
    expect(one('UPDATE t SET a = 1 OPTION (RECOMPILE)', 'Update')).toMatchObject({
      options: { hints: [{ name: 'RECOMPILE', text: 'RECOMPILE' }] },
    });
  });

  it('reads COMMIT WITH (DELAYED_DURABILITY), TRUNCATE WITH (PARTITIONS), TOP (subquery), NEXT VALUE FOR ... OVER', () => {
    expect(one('COMMIT TRANSACTION t1 WITH (DELAYED_DURABILITY = ON)', 'CommitTransaction')).toMatchObject({
      name: 't1',
      delayedDurability: true,
    });
    expect(one('TRUNCATE TABLE t1 WITH (PARTITIONS (1, 2 TO 5))', 'Truncate')).toMatchObject({
      partitions: '(1, 2 TO 5)',
    });
    expect(one('SELECT TOP (SELECT 1) * FROM t', 'Select')).toMatchObject({
      query: { top: { expr: { kind: 'Subquery' } } },
    });
    expect(one('SELECT NEXT VALUE FOR dbo.s OVER (ORDER BY a) FROM t', 'Select')).toMatchObject({
      query: { columns: [{ expr: { kind: 'NextValueFor', over: { orderBy: [{}] } } }] },
    });
    expect(
      one('CREATE TABLE x ([zip_cd] VARCHAR(5) NULL NOT FOR REPLICATION)', 'CreateTable').columns[0],
    ).toMatchObject({ nullable: true });
  });

  it('reads TRUNCATE TABLE', () => {
    expect(one('TRUNCATE TABLE dbo.t', 'Truncate')).toMatchObject({ table: { schema: { name: 'dbo' } } });
  });
});

describe('CREATE TABLE', () => {
  it('reads column types, NULL/NOT NULL, IDENTITY, named defaults, checks and table constraints (Northwind style)', () => {
    const t = one(
      `CREATE TABLE "Products" (
        "ProductID" "int" IDENTITY (1, 1) NOT NULL ,
        "UnitPrice" "money" NULL CONSTRAINT "DF_Products_UnitPrice" DEFAULT (0),
        "Discontinued" "bit" NOT NULL CONSTRAINT "DF_Products_Discontinued" DEFAULT (0),
        CONSTRAINT "PK_Products" PRIMARY KEY  CLUSTERED ( "ProductID" ),
        CONSTRAINT "FK_Products_Categories" FOREIGN KEY ( "CategoryID" ) REFERENCES "dbo"."Categories" ( "CategoryID" ),
        CONSTRAINT "CK_Products_UnitPrice" CHECK (UnitPrice >= 0)
      )`,
      'CreateTable',
    );
    expect(t.columns.map((c) => [c.name.name, c.dataType?.name, c.nullable])).toEqual([
      ['ProductID', 'int', false],
      ['UnitPrice', 'money', true],
      ['Discontinued', 'bit', false],
    ]);
    expect(t.columns[0].identity).toEqual({ seed: '1', increment: '1', notForReplication: false });
    expect(t.columns[1].default).toMatchObject({
      kind: 'DefaultConstraint',
      name: { name: 'DF_Products_UnitPrice' },
      text: '(0)',
      expr: { text: '0' },
    });
    expect(t.constraints).toMatchObject([
      {
        kind: 'PrimaryKey',
        name: { name: 'PK_Products' },
        clustered: true,
        columns: [{ name: { name: 'ProductID' } }],
      },
      {
        kind: 'ForeignKey',
        name: { name: 'FK_Products_Categories' },
        columns: [{ name: 'CategoryID' }],
        refTable: { schema: { name: 'dbo' }, name: { name: 'Categories' } },
        refColumns: [{ name: 'CategoryID' }],
      },
      { kind: 'Check', name: { name: 'CK_Products_UnitPrice' }, text: 'UnitPrice >= 0', expr: { op: '>=' } },
    ]);
  });

  it('reads column-level constraints in source order, unnamed defaults and user types (pubs style)', () => {
    const t = one(
      `CREATE TABLE employee (
        emp_id empid CONSTRAINT PK_emp_id PRIMARY KEY NONCLUSTERED
          CONSTRAINT CK_emp_id CHECK (emp_id LIKE '[A-Z][A-Z][A-Z][1-9][0-9][0-9][0-9][0-9][FM]' or emp_id LIKE '[A-Z]-[A-Z][1-9][0-9][0-9][0-9][0-9][FM]'),
        job_id smallint NOT NULL DEFAULT 1 REFERENCES jobs(job_id),
        job_desc varchar(50) NOT NULL DEFAULT 'New Position - title not formalized yet',
        hire_date datetime NOT NULL DEFAULT (getdate())
      )`,
      'CreateTable',
    );
    const [empId, jobId, jobDesc, hireDate] = t.columns;
    expect(empId).toMatchObject({
      dataType: { name: 'empid', args: [] },
      constraints: [
        { kind: 'PrimaryKey', clustered: false, columns: [] },
        { kind: 'Check', name: { name: 'CK_emp_id' }, expr: { op: 'OR' } },
      ],
    });
    expect(empId).not.toHaveProperty('nullable');
    expect(jobId).toMatchObject({
      default: { text: '1' },
      constraints: [
        {
          kind: 'ForeignKey',
          columns: [],
          refTable: { name: { name: 'jobs' } },
          refColumns: [{ name: 'job_id' }],
        },
      ],
    });
    expect(jobId.default).not.toHaveProperty('name');
    expect(jobDesc.default).toMatchObject({ text: "'New Position - title not formalized yet'" });
    expect(hireDate.default).toMatchObject({ text: '(getdate())', expr: { kind: 'FunctionCall' } });
  });

  it('reads computed columns, ROWGUIDCOL, COLLATE, FK actions, and storage clauses', () => {
    const t: CreateTable = one(
      `CREATE TABLE [dbo].[x] (
        [id] int NOT NULL,
        [g] uniqueidentifier ROWGUIDCOL NOT NULL CONSTRAINT df_g DEFAULT NEWID(),
        [n] nvarchar(max) COLLATE Latin1_General_CI_AS NULL,
        [total] AS ([qty] * [price]) PERSISTED,
        [parent] int NULL,
        CONSTRAINT [uq] UNIQUE NONCLUSTERED ([n] ASC, [id] DESC) WITH (PAD_INDEX = OFF, FILLFACTOR = 90) ON [PRIMARY],
        CONSTRAINT [fk] FOREIGN KEY ([parent]) REFERENCES [dbo].[x] ([id]) ON DELETE CASCADE ON UPDATE SET NULL NOT FOR REPLICATION
      ) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]`,
      'CreateTable',
    );
    expect(t.columns[1]).toMatchObject({ rowGuidCol: true, default: { name: { name: 'df_g' } } });
    expect(t.columns[2]).toMatchObject({ collation: 'Latin1_General_CI_AS', dataType: { length: 'max' } });
    expect(t.columns[3]).toMatchObject({
      computed: { text: '([qty] * [price])', persisted: true, expr: { op: '*' } },
    });
    expect(t.columns[3]).not.toHaveProperty('dataType');
    expect(t.constraints[0]).toMatchObject({
      kind: 'Unique',
      clustered: false,
      columns: [{ direction: 'ASC' }, { direction: 'DESC' }],
      storage: {
        on: 'PRIMARY',
        with: [
          { name: 'PAD_INDEX', value: 'OFF' },
          { name: 'FILLFACTOR', value: '90' },
        ],
      },
    });
    expect(t.constraints[1]).toMatchObject({
      onDelete: 'CASCADE',
      onUpdate: 'SET NULL',
      notForReplication: true,
    });
    expect(t.storage).toEqual({ on: 'PRIMARY', textImageOn: 'PRIMARY', with: [] });
  });
});

describe('inline indexes', () => {
  it('reads table-level and column-level INDEX definitions in CREATE TABLE and table variables', () => {
    const t = one(
      'CREATE TABLE t (a int INDEX ix_a, b int, c int, INDEX ix_bc UNIQUE NONCLUSTERED (b DESC, c) INCLUDE (a) WHERE b > 0)',
      'CreateTable',
    );
    expect(t.indexes).toMatchObject([
      { kind: 'InlineIndex', name: { name: 'ix_a' }, unique: false, columns: [{ name: { name: 'a' } }] },
      {
        name: { name: 'ix_bc' },
        unique: true,
        clustered: false,
        columns: [{ direction: 'DESC' }, {}],
        include: [{ name: 'a' }],
        where: { op: '>' },
      },
    ]);
    expect(t.columns.map((c) => c.name.name)).toEqual(['a', 'b', 'c']);
    expect(
      one('DECLARE @t TABLE (id int, INDEX ix CLUSTERED (id))', 'Declare').variables[0].table?.indexes,
    ).toMatchObject([{ clustered: true }]);
  });
});

describe('ALTER TABLE, CREATE INDEX, DROP', () => {
  it('reads ADD CONSTRAINT with ON [PRIMARY], WITH NOCHECK ADD, DEFAULT ... FOR, and ADD column', () => {
    expect(
      one(
        'ALTER TABLE Region ADD CONSTRAINT [PK_Region] PRIMARY KEY NONCLUSTERED ( [RegionID] ) ON [PRIMARY]',
        'AlterTable',
      ).action,
    ).toMatchObject({
      kind: 'add',
      columns: [],
      constraints: [
        { kind: 'PrimaryKey', name: { name: 'PK_Region' }, clustered: false, storage: { on: 'PRIMARY' } },
      ],
    });
    expect(
      one('ALTER TABLE t WITH NOCHECK ADD CONSTRAINT ck CHECK (a > 0)', 'AlterTable').action,
    ).toMatchObject({ kind: 'add', withCheck: false, constraints: [{ kind: 'Check' }] });
    expect(one('ALTER TABLE t ADD CONSTRAINT df DEFAULT (0) FOR a', 'AlterTable').action).toMatchObject({
      constraints: [{ kind: 'DefaultConstraint', column: { name: 'a' }, text: '(0)' }],
    });
    expect(one('ALTER TABLE t ADD c int NULL, d AS c + 1', 'AlterTable').action).toMatchObject({
      columns: [{ name: { name: 'c' } }, { name: { name: 'd' }, computed: {} }],
    });
  });

  it('reads NOCHECK/CHECK CONSTRAINT ALL or names, DROP, ALTER COLUMN and triggers', () => {
    expect(one('ALTER TABLE "Categories" NOCHECK CONSTRAINT ALL', 'AlterTable').action).toEqual({
      kind: 'constraint-check',
      enabled: false,
      constraints: 'ALL',
    });
    expect(one('ALTER TABLE t WITH CHECK CHECK CONSTRAINT fk1, fk2', 'AlterTable').action).toMatchObject({
      enabled: true,
      withCheck: true,
      constraints: [{ name: 'fk1' }, { name: 'fk2' }],
    });
    expect(one('ALTER TABLE t DROP CONSTRAINT IF EXISTS ck, COLUMN a, b', 'AlterTable').action).toMatchObject(
      {
        kind: 'drop',
        items: [
          { type: 'CONSTRAINT', name: { name: 'ck' }, ifExists: true },
          { type: 'COLUMN', name: { name: 'a' } },
          { type: 'COLUMN', name: { name: 'b' } },
        ],
      },
    );
    expect(one('ALTER TABLE t DROP COLUMN a, PERIOD FOR SYSTEM_TIME, COLUMN s', 'AlterTable').action).toEqual(
      {
        kind: 'drop',
        period: true,
        items: [
          { type: 'COLUMN', name: expect.objectContaining({ name: 'a' }), ifExists: false },
          { type: 'COLUMN', name: expect.objectContaining({ name: 's' }), ifExists: false },
        ],
      },
    );
    expect(one('ALTER TABLE t ALTER COLUMN a nvarchar(10) NOT NULL', 'AlterTable').action).toMatchObject({
      kind: 'alter-column',
      column: { nullable: false, dataType: { length: 10 } },
    });
    expect(one('ALTER TABLE t DISABLE TRIGGER ALL', 'AlterTable').action).toEqual({
      kind: 'trigger',
      enabled: false,
      triggers: 'ALL',
    });
  });

  it('reads ALTER TABLE ... SET (options)', () => {
    expect(one('ALTER TABLE [dbo].[x] SET (LOCK_ESCALATION = TABLE)', 'AlterTable').action).toEqual({
      kind: 'set',
      options: [{ name: 'LOCK_ESCALATION', value: 'TABLE' }],
    });
  });

  it('reads old unparenthesised index options, FILESTREAM and FILESTREAM_ON', () => {
    expect(one('CREATE UNIQUE INDEX ix ON t (a) WITH IGNORE_DUP_KEY = ON', 'CreateIndex').storage).toEqual({
      with: [{ name: 'IGNORE_DUP_KEY', value: 'ON' }],
    });
    expect(
      one('CREATE TABLE t (a int, PRIMARY KEY (a) WITH DATA_COMPRESSION = NONE)', 'CreateTable')
        .constraints[0],
    ).toMatchObject({
      storage: { with: [{ name: 'DATA_COMPRESSION', value: 'NONE' }] },
    });
    const t = one(
      'CREATE TABLE t (id uniqueidentifier ROWGUIDCOL NOT NULL, doc varbinary(max) FILESTREAM NULL) FILESTREAM_ON [fs]',
      'CreateTable',
    );
    expect(t.columns[1]).toMatchObject({ filestream: true });
    expect(t.storage).toEqual({ filestreamOn: 'fs', with: [] });
  });

  it('reads columnstore indexes', () => {
    expect(one('CREATE CLUSTERED COLUMNSTORE INDEX cci ON dbo.t', 'CreateIndex')).toMatchObject({
      clustered: true,
      columnstore: true,
      columns: [],
    });
    expect(one('CREATE NONCLUSTERED COLUMNSTORE INDEX ncci ON dbo.t (a, b)', 'CreateIndex')).toMatchObject({
      columnstore: true,
      columns: [{}, {}],
    });
  });

  it('reads CREATE INDEX variants', () => {
    expect(one(' CREATE  INDEX "LastName" ON "dbo"."Employees"("LastName")', 'CreateIndex')).toMatchObject({
      unique: false,
      name: { name: 'LastName' },
      columns: [{ name: { name: 'LastName' } }],
    });
    expect(
      one('CREATE CLUSTERED INDEX employee_ind ON employee(lname, fname, minit)', 'CreateIndex'),
    ).toMatchObject({ clustered: true, columns: [{}, {}, {}] });
    expect(
      one(
        'CREATE UNIQUE NONCLUSTERED INDEX ix ON t (a DESC) INCLUDE (b, c) WHERE a IS NOT NULL WITH (ONLINE = ON) ON [PRIMARY]',
        'CreateIndex',
      ),
    ).toMatchObject({
      unique: true,
      clustered: false,
      columns: [{ direction: 'DESC' }],
      include: [{ name: 'b' }, { name: 'c' }],
      where: { kind: 'IsNull', not: true },
      storage: { on: 'PRIMARY', with: [{ name: 'ONLINE', value: 'ON' }] },
    });
  });

  it('reads DROP of each object kind, IF EXISTS and lists', () => {
    expect(one('drop procedure "dbo"."Sales by Year"', 'Drop')).toMatchObject({
      objectType: 'PROCEDURE',
      ifExists: false,
      names: [{ name: { name: 'Sales by Year' } }],
    });
    expect(one('DROP TABLE IF EXISTS a, dbo.b', 'Drop')).toMatchObject({
      objectType: 'TABLE',
      ifExists: true,
      names: [{}, { schema: { name: 'dbo' } }],
    });
    expect(one('DROP INDEX ix ON t', 'Drop')).toMatchObject({
      objectType: 'INDEX',
      onTable: { name: { name: 't' } },
    });
    expect(one('DROP database pubs', 'Drop')).toMatchObject({ objectType: 'DATABASE' });
  });
});

describe('modules: views, procedures, functions, triggers', () => {
  it('keeps the full module text and parses the view body', () => {
    const batch =
      'create view "Current Product List" AS\nSELECT ProductID FROM Products\n--ORDER BY ProductName\n';
    const view = one(batch, 'CreateView');
    expect(view).toMatchObject({
      name: { name: { name: 'Current Product List' } },
      orAlter: false,
      alter: false,
      body: { kind: 'Select' },
      text: batch,
    });
  });

  it('reads procedure parameters with defaults and OUTPUT, and the body statements', () => {
    const proc = one(
      `CREATE PROCEDURE SalesByCategory
    @CategoryName nvarchar(15), @OrdYear nvarchar(4) = '1998', @n int OUTPUT
AS
IF @OrdYear != '1996' AND @OrdYear != '1997' AND @OrdYear != '1998'
BEGIN
	SELECT @OrdYear = '1998'
END

SELECT ProductName FROM Products`,
      'CreateProcedure',
    );
    expect(proc.params.map((p) => [p.name, p.dataType.name, p.output])).toEqual([
      ['@CategoryName', 'nvarchar', false],
      ['@OrdYear', 'nvarchar', false],
      ['@n', 'int', true],
    ]);
    expect(proc.params[1].default).toMatchObject({ value: '1998' });
    expect(proc.body?.map((s) => s.kind)).toEqual(['If', 'Select']);
    expect(proc.body?.[0]).toMatchObject({
      then: {
        kind: 'Block',
        statements: [{ kind: 'Select', query: { columns: [{ kind: 'SelectAssign' }] } }],
      },
    });
  });

  it('records a body that does not parse as null with the error, without failing the batch', () => {
    const proc = one('CREATE PROCEDURE p AS\nSELECT 1\nSELECT FROM WHERE', 'CreateProcedure');
    expect(proc.body).toBeNull();
    expect(proc.bodyError).toEqual({
      number: 156,
      message: "Incorrect syntax near the keyword 'FROM'.",
      line: 3,
      column: 8,
    });
    expect(proc.text).toBe('CREATE PROCEDURE p AS\nSELECT 1\nSELECT FROM WHERE');
  });

  it('fails the batch when the module header itself is malformed', () => {
    expect(syntaxError(() => parseBatch('CREATE PROCEDURE AS SELECT 1'))).toMatchObject({
      number: 156,
      message: "Incorrect syntax near the keyword 'AS'.",
    });
  });

  it('reads scalar, inline and multi-statement functions', () => {
    const scalar = one(
      'CREATE FUNCTION dbo.f (@a int, @b int = 2) RETURNS int WITH SCHEMABINDING AS BEGIN DECLARE @r int; SET @r = @a + @b; RETURN @r; END',
      'CreateFunction',
    );
    expect(scalar).toMatchObject({
      returns: { kind: 'scalar', type: { name: 'int' } },
      options: ['SCHEMABINDING'],
      params: [{}, { default: { text: '2' } }],
    });
    expect(scalar.body?.map((s) => s.kind)).toEqual(['Declare', 'SetVariable', 'Return']);
    const inline = one(
      'CREATE FUNCTION dbo.g (@a int) RETURNS TABLE AS RETURN (SELECT * FROM t WHERE a = @a)',
      'CreateFunction',
    );
    expect(inline).toMatchObject({
      returns: { kind: 'inline-table' },
      body: [{ kind: 'Return', expr: { kind: 'Subquery' } }],
    });
    const multi = one(
      'CREATE OR ALTER FUNCTION dbo.h () RETURNS @t TABLE (a int NOT NULL) AS BEGIN INSERT @t VALUES (1); RETURN END',
      'CreateFunction',
    );
    expect(multi).toMatchObject({
      orAlter: true,
      params: [],
      returns: { kind: 'table-variable', variable: '@t', columns: [{ name: { name: 'a' } }] },
    });
    expect(multi.body?.map((s) => s.kind)).toEqual(['Insert', 'Return']);
  });

  it('reads a trigger (FOR = AFTER) with its events and body', () => {
    const trigger = one(
      `CREATE TRIGGER employee_insupd
ON employee
FOR insert, UPDATE
AS
declare @min_lvl tinyint, @job_id smallint
select @min_lvl = min_lvl from employee e, jobs j, inserted i where e.emp_id = i.emp_id
IF (@job_id = 1)
begin
   raiserror ('Job id 1 expects the default level of 10.',16,1)
   ROLLBACK TRANSACTION
end`,
      'CreateTrigger',
    );
    expect(trigger).toMatchObject({
      table: { name: { name: 'employee' } },
      timing: 'AFTER',
      events: ['INSERT', 'UPDATE'],
    });
    expect(trigger.body?.map((s) => s.kind)).toEqual(['Declare', 'Select', 'If']);
    expect(trigger.body?.[2]).toMatchObject({
      then: { statements: [{ kind: 'Raiserror' }, { kind: 'RollbackTransaction' }] },
    });
    expect(one('CREATE TRIGGER t ON v INSTEAD OF DELETE AS SELECT 1', 'CreateTrigger')).toMatchObject({
      timing: 'INSTEAD OF',
      events: ['DELETE'],
    });
  });

  it('reads ALTER VIEW/PROCEDURE as modules with alter = true, and WITH CHECK OPTION', () => {
    expect(
      one('ALTER VIEW v WITH SCHEMABINDING AS SELECT a FROM dbo.t WITH CHECK OPTION', 'CreateView'),
    ).toMatchObject({ alter: true, options: ['SCHEMABINDING'], withCheckOption: true });
    expect(one('ALTER PROC p AS RETURN 0', 'CreateProcedure')).toMatchObject({
      alter: true,
      body: [{ kind: 'Return', expr: { text: '0' } }],
    });
  });
});

describe('types, schemas, databases, sequences, synonyms', () => {
  it('reads CREATE TYPE FROM and AS TABLE, and sp_addtype as EXEC with unquoted arguments', () => {
    expect(one('CREATE TYPE dbo.phone FROM varchar(20) NOT NULL', 'CreateType')).toMatchObject({
      baseType: { name: 'varchar', length: 20 },
      nullable: false,
    });
    expect(one('CREATE TYPE dbo.tt AS TABLE (a int PRIMARY KEY)', 'CreateType')).toMatchObject({
      table: { columns: [{ constraints: [{ kind: 'PrimaryKey' }] }] },
    });
    expect(one("execute sp_addtype id      ,'varchar(11)' ,'NOT NULL'", 'Execute')).toMatchObject({
      procedure: { name: { name: 'sp_addtype' } },
      args: [
        { value: { kind: 'StringLiteral', value: 'id' } },
        { value: { value: 'varchar(11)' } },
        { value: { value: 'NOT NULL' } },
      ],
    });
  });

  it('keeps CREATE DATABASE options as text and reads ALTER DATABASE options with parentheses', () => {
    const created = parseBatch(
      "CREATE DATABASE [x] CONTAINMENT = NONE ON PRIMARY (NAME = N'x', FILENAME = N'x.mdf', SIZE = 8192KB) LOG ON (NAME = N'x_log', FILENAME = N'x.ldf') WITH CATALOG_COLLATION = DATABASE_DEFAULT\nALTER DATABASE [x] SET QUERY_STORE (OPERATION_MODE = READ_WRITE, MAX_STORAGE_SIZE_MB = 100)\nALTER DATABASE [x] SET  READ_WRITE",
    );
    expect(created).toMatchObject([
      {
        kind: 'CreateDatabase',
        options: expect.stringMatching(
          /^CONTAINMENT = NONE ON PRIMARY .* WITH CATALOG_COLLATION = DATABASE_DEFAULT$/,
        ),
      },
      {
        kind: 'AlterDatabase',
        options: ['QUERY_STORE (OPERATION_MODE = READ_WRITE, MAX_STORAGE_SIZE_MB = 100)'],
      },
      { kind: 'AlterDatabase', options: ['READ_WRITE'] },
    ]);
    expect(one('CREATE DATABASE pubs', 'CreateDatabase')).not.toHaveProperty('options');
  });

  it('reads CREATE SCHEMA/DATABASE/SEQUENCE/SYNONYM and ALTER DATABASE SET', () => {
    expect(one('CREATE SCHEMA sales AUTHORIZATION dbo', 'CreateSchema')).toMatchObject({
      name: { name: 'sales' },
      authorization: { name: 'dbo' },
    });
    expect(one('CREATE DATABASE pubs', 'CreateDatabase')).toMatchObject({ name: { name: 'pubs' } });
    expect(
      one(
        'CREATE SEQUENCE dbo.s AS bigint START WITH -5 INCREMENT BY 2 NO MAXVALUE CACHE 10 NO CYCLE',
        'CreateSequence',
      ),
    ).toMatchObject({
      dataType: { name: 'bigint' },
      options: { START: '-5', INCREMENT: '2', MAXVALUE: null, CACHE: '10' },
      cycle: false,
    });
    expect(one('CREATE SEQUENCE s CACHE NO MINVALUE', 'CreateSequence').options).toEqual({
      CACHE: '',
      MINVALUE: null,
    });
    expect(
      one('ALTER SEQUENCE seq.s RESTART WITH 7 INCREMENT BY -1 NO CACHE CYCLE', 'AlterSequence'),
    ).toMatchObject({
      name: { schema: { name: 'seq' }, name: { name: 's' } },
      options: { RESTART: '7', INCREMENT: '-1', CACHE: null },
      cycle: true,
    });
    expect(one('ALTER SEQUENCE s RESTART', 'AlterSequence').options).toEqual({ RESTART: '' });
    expect(one('CREATE SYNONYM dbo.s FOR other.dbo.t', 'CreateSynonym')).toMatchObject({
      target: { database: { name: 'other' } },
    });
    expect(one('ALTER DATABASE [pubs] SET RECOVERY SIMPLE WITH NO_WAIT', 'AlterDatabase')).toMatchObject({
      name: { name: 'pubs' },
      options: ['RECOVERY SIMPLE'],
      termination: 'NO_WAIT',
    });
  });
});

describe('procedural statements', () => {
  it('reads DECLARE of scalars with initial values and of table variables', () => {
    expect(
      one('DECLARE @x int = 1, @y nvarchar(max), @t TABLE (id int PRIMARY KEY, v varchar(10))', 'Declare')
        .variables,
    ).toMatchObject([
      { name: '@x', dataType: { name: 'int' }, init: { text: '1' } },
      { name: '@y', dataType: { length: 'max' } },
      { name: '@t', table: { columns: [{ name: { name: 'id' } }, { name: { name: 'v' } }] } },
    ]);
  });

  it('reads cursors: DECLARE CURSOR, OPEN, FETCH INTO, CLOSE, DEALLOCATE', () => {
    const statements = parseBatch(`DECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT a FROM t
      OPEN c
      FETCH NEXT FROM c INTO @a, @b
      WHILE @@FETCH_STATUS = 0 FETCH c INTO @a, @b
      CLOSE c DEALLOCATE c`);
    expect(statements.map((s) => s.kind)).toEqual([
      'DeclareCursor',
      'OpenCursor',
      'FetchCursor',
      'While',
      'CloseCursor',
      'DeallocateCursor',
    ]);
    expect(statements[0]).toMatchObject({
      name: 'c',
      options: ['LOCAL', 'FAST_FORWARD'],
      query: { kind: 'Select' },
    });
    expect(statements[2]).toMatchObject({ direction: 'NEXT', cursor: 'c', into: ['@a', '@b'] });
  });

  it('reads IF/ELSE chains, WHILE with BREAK/CONTINUE, and BEGIN...END blocks', () => {
    const [ifStatement] = parseBatch(
      'IF @a = 1 PRINT 1 ELSE IF NOT (@b BETWEEN 1 AND 2) BEGIN PRINT 2; PRINT 3 END ELSE PRINT 4',
    );
    expect(ifStatement).toMatchObject({
      kind: 'If',
      then: { kind: 'Print' },
      else: {
        kind: 'If',
        condition: { op: 'NOT', operand: { kind: 'Between' } },
        then: { kind: 'Block', statements: [{}, {}] },
        else: { kind: 'Print' },
      },
    });
    expect(one('WHILE 1 = 1 BEGIN IF @x > 1 BREAK; CONTINUE END', 'While').body).toMatchObject({
      statements: [{ kind: 'If', then: { kind: 'Break' } }, { kind: 'Continue' }],
    });
  });

  it('reads TRY/CATCH with transactions and THROW', () => {
    expect(
      one(
        'BEGIN TRY BEGIN TRAN t1; UPDATE t SET a = 1; COMMIT TRAN t1 END TRY BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK; THROW; END CATCH',
        'TryCatch',
      ),
    ).toMatchObject({
      try: [
        { kind: 'BeginTransaction', name: 't1' },
        { kind: 'Update' },
        { kind: 'CommitTransaction', name: 't1' },
      ],
      catch: [{ kind: 'If', then: { kind: 'RollbackTransaction' } }, { kind: 'Throw' }],
    });
    expect(one("THROW 50000, N'bad', 1", 'Throw')).toMatchObject({
      number: { text: '50000' },
      message: { value: 'bad' },
      state: { text: '1' },
    });
    expect(one('SAVE TRANSACTION sp1', 'SaveTransaction')).toMatchObject({ name: 'sp1' });
  });

  it('reads RAISERROR with arguments and options, PRINT, RETURN with and without a value', () => {
    expect(
      one("raiserror('Beginning InstPubs.SQL at %s ....',1,1,@dttm) with nowait", 'Raiserror'),
    ).toMatchObject({
      message: { value: 'Beginning InstPubs.SQL at %s ....' },
      severity: { text: '1' },
      state: { text: '1' },
      args: [{ name: '@dttm' }],
      options: ['NOWAIT'],
    });
    expect(parseBatch('RETURN\nSELECT 1').map((s) => s.kind)).toEqual(['Return', 'Select']);
    expect(one('RETURN -1', 'Return')).toMatchObject({ expr: { kind: 'UnaryOp' } });
  });

  it('does not take a label after a query for an alias', () => {
    expect(parseBatch('SELECT * FROM t\nretry:\nGOTO retry').map((s) => s.kind)).toEqual([
      'Select',
      'Label',
      'Goto',
    ]);
  });

  it('reads GOTO and labels, WAITFOR', () => {
    expect(parseBatch("retry: WAITFOR DELAY '00:00:01' GOTO retry").map((s) => s.kind)).toEqual([
      'Label',
      'WaitFor',
      'Goto',
    ]);
  });
});

describe('EXEC, SET, USE and session statements', () => {
  it('reads EXEC with a return variable, named, positional, OUTPUT and DEFAULT arguments', () => {
    expect(one("EXEC @rc = dbo.p @a = 1, @b = @c OUTPUT, N'x', DEFAULT, -2", 'Execute')).toMatchObject({
      returnVariable: '@rc',
      procedure: { schema: { name: 'dbo' }, name: { name: 'p' } },
      args: [
        { name: '@a', value: { text: '1' }, output: false },
        { name: '@b', value: { name: '@c' }, output: true },
        { value: { value: 'x' } },
        { value: { kind: 'DefaultValue' } },
        { value: { kind: 'UnaryOp' } },
      ],
    });
    expect(one("EXECUTE sp_executesql N'SELECT @p', N'@p int', @p = 1", 'Execute').args).toHaveLength(3);
    expect(one("EXEC ('SELECT ' + @cols)", 'ExecuteString').parts).toMatchObject([{ op: '+' }]);
  });

  it('treats a bare procedure name at the start of a batch as EXEC', () => {
    expect(parseBatch('sp_who 1\nSELECT 1').map((s) => s.kind)).toEqual(['Execute', 'Select']);
  });

  it('reads SET options, IDENTITY_INSERT, variables, isolation level', () => {
    const statements = parseBatch(`SET NOCOUNT ON
      set quoted_identifier on
      SET XACT_ABORT, ANSI_NULLS OFF
      SET DATEFORMAT mdy
      SET ROWCOUNT 10
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED
      set identity_insert "Categories" on
      SET @x += 1`);
    expect(statements).toMatchObject([
      { kind: 'SetOption', options: ['NOCOUNT'], value: 'ON' },
      { kind: 'SetOption', options: ['QUOTED_IDENTIFIER'], value: 'ON' },
      { kind: 'SetOption', options: ['XACT_ABORT', 'ANSI_NULLS'], value: 'OFF' },
      { kind: 'SetOption', options: ['DATEFORMAT'], value: 'MDY' },
      { kind: 'SetOption', options: ['ROWCOUNT'], value: { kind: 'NumberLiteral', text: '10' } },
      { kind: 'SetOption', options: ['TRANSACTION ISOLATION LEVEL'], value: 'READ COMMITTED' },
      { kind: 'SetIdentityInsert', table: { name: { name: 'Categories' } }, on: true },
      { kind: 'SetVariable', variable: '@x', op: '+=', expr: { text: '1' } },
    ]);
  });

  it('accepts PRECISION as a column name, cursor parameters and hints without commas', () => {
    expect(one('SELECT name, precision, scale FROM sys.columns', 'Select')).toMatchObject({
      query: { columns: [{}, { expr: { kind: 'ColumnRef', column: { name: 'precision' } } }, {}] },
    });
    expect(
      one('CREATE PROCEDURE p @c CURSOR VARYING OUTPUT AS RETURN', 'CreateProcedure').params,
    ).toMatchObject([{ name: '@c', dataType: { name: 'CURSOR' }, varying: true, output: true }]);
    expect(
      one('INSERT INTO t WITH (NOWAIT SERIALIZABLE) (a) VALUES (8)', 'Insert').hints.map((h) => h.name),
    ).toEqual(['NOWAIT', 'SERIALIZABLE']);
  });

  it('reads the session settings tedious sends after login', () => {
    const statements = parseBatch(
      'set textsize 2147483647\nset quoted_identifier on\nset arithabort off\nset numeric_roundabort off\nset ansi_warnings on\nset ansi_padding on\nset ansi_nulls on\nset concat_null_yields_null on\nset cursor_close_on_commit off\nset implicit_transactions off\nset language us_english\nset dateformat mdy\nset datefirst 7\nset transaction isolation level read committed',
    );
    expect(statements.map((s) => (s.kind === 'SetOption' ? s.options[0] : s.kind))).toEqual([
      'TEXTSIZE',
      'QUOTED_IDENTIFIER',
      'ARITHABORT',
      'NUMERIC_ROUNDABORT',
      'ANSI_WARNINGS',
      'ANSI_PADDING',
      'ANSI_NULLS',
      'CONCAT_NULL_YIELDS_NULL',
      'CURSOR_CLOSE_ON_COMMIT',
      'IMPLICIT_TRANSACTIONS',
      'LANGUAGE',
      'DATEFORMAT',
      'DATEFIRST',
      'TRANSACTION ISOLATION LEVEL',
    ]);
    expect(statements[0]).toMatchObject({ value: { text: '2147483647' } });
    expect(statements[10]).toMatchObject({ value: 'US_ENGLISH' });
  });

  it('reads ENABLE/DISABLE TRIGGER, also right after a query', () => {
    expect(parseBatch('SELECT * FROM t\nDISABLE TRIGGER tr ON t').map((s) => s.kind)).toEqual([
      'Select',
      'EnableTrigger',
    ]);
    expect(parseBatch('DISABLE TRIGGER ALL ON dbo.t; ENABLE TRIGGER tr1, tr2 ON DATABASE')).toMatchObject([
      { kind: 'EnableTrigger', enabled: false, triggers: 'ALL', on: { name: { name: 't' } } },
      {
        kind: 'EnableTrigger',
        enabled: true,
        triggers: [{ name: { name: 'tr1' } }, { name: { name: 'tr2' } }],
        on: 'DATABASE',
      },
    ]);
  });

  it('reads USE, CHECKPOINT, UPDATE STATISTICS and GRANT', () => {
    expect(
      parseBatch(
        'USE pubs\nCHECKPOINT\nUPDATE STATISTICS publishers\nUPDATE STATISTICS titles (titleind)\nGRANT EXECUTE ON dbo.p TO public',
      ).map((s) => s.kind),
    ).toEqual(['Use', 'Checkpoint', 'UpdateStatistics', 'UpdateStatistics', 'Permission']);
  });

  it('accepts semicolons between statements', () => {
    expect(parseBatch(';SELECT 1;;SELECT 2;').map((s) => s.kind)).toEqual(['Select', 'Select']);
  });
});

describe('syntax errors', () => {
  it('points at the offending token with script line numbers from startLine', () => {
    const error = syntaxError(() => parseBatch('SELECT a\nFROM t\nWHERE a = = 1', { startLine: 20 }));
    expect(error).toMatchObject({ number: 102, message: "Incorrect syntax near '='.", line: 22, column: 11 });
  });

  it('uses message 156 near a reserved keyword', () => {
    expect(syntaxError(() => parseBatch('SELECT * FROM WHERE x = 1'))).toMatchObject({
      number: 156,
      message: "Incorrect syntax near the keyword 'WHERE'.",
      line: 1,
      column: 15,
    });
  });

  it('reports the last token at an unexpected end of batch', () => {
    expect(syntaxError(() => parseBatch('SELECT a FROM t WHERE'))).toMatchObject({
      message: "Incorrect syntax near the keyword 'WHERE'.",
      column: 17,
    });
    expect(syntaxError(() => parseBatch('INSERT INTO t (a, b'))).toMatchObject({
      message: "Incorrect syntax near 'b'.",
    });
  });

  it('requires an alias for a derived table, as SQL Server does', () => {
    expect(syntaxError(() => parseBatch('SELECT * FROM\n(\n  SELECT a FROM t\n);'))).toMatchObject({
      message: "Incorrect syntax near ';'.",
      line: 4,
      column: 2,
    });
  });

  it('reports unknown statements at their first word', () => {
    expect(syntaxError(() => parseBatch('PRINT 1\nFROBNICATE x'))).toMatchObject({
      message: "Incorrect syntax near 'FROBNICATE'.",
      line: 2,
      column: 1,
    });
  });

  it('gives script positions for errors in later batches of parseScript', () => {
    expect(syntaxError(() => parseScript('SELECT 1\nGO\nSELECT 2\nGO\n\nSELECT (1'))).toMatchObject({
      line: 6,
      column: 9,
    });
  });
});

describe('valid T-SQL that is not supported yet', () => {
  it('fails with a syntax error that names the construct in `unsupported`', () => {
    const cases: [string, string][] = [
      ['DBCC CHECKIDENT (t)', 'DBCC'],
      ['CREATE STATISTICS s ON t (a)', 'CREATE STATISTICS'],
      ['ALTER INDEX ix ON t RESUME', 'ALTER INDEX ... RESUME'],
      ['DROP STATISTICS t.s', 'DROP STATISTICS'],
      [
        'CREATE TRIGGER tr ON ALL SERVER FOR CREATE_LOGIN AS PRINT 1',
        'server-level DDL trigger (ON ALL SERVER)',
      ],
      ['SELECT {fn NOW()}', 'ODBC escape sequence'],
      ["EXECUTE AS USER = 'x' WITH COOKIE INTO @c", 'EXECUTE AS ... WITH COOKIE'],
      ["WITH XMLNAMESPACES ('urn:x' AS x) DELETE FROM t", 'WITH XMLNAMESPACES on DELETE'],
    ];
    for (const [sql, feature] of cases) {
      const error = syntaxError(() => parseBatch(sql));
      expect(error.unsupported, sql).toBe(feature);
      expect(error.message).toMatch(/^Incorrect syntax near/);
    }
  });

  it('does not mark plain syntax errors as unsupported', () => {
    expect(syntaxError(() => parseBatch('SELECT FROM')).unsupported).toBeUndefined();
  });
});

describe('temporal tables and masking', () => {
  it('reads GENERATED ALWAYS AS ROW START/END, PERIOD FOR SYSTEM_TIME, SYSTEM_VERSIONING and MASKED WITH', () => {
    const t = one(
      `CREATE TABLE dbo.Emp (id int NOT NULL PRIMARY KEY, email nvarchar(100) MASKED WITH (FUNCTION = 'email()') NULL,
        ValidFrom datetime2 GENERATED ALWAYS AS ROW START HIDDEN NOT NULL, ValidTo datetime2 GENERATED ALWAYS AS ROW END NOT NULL,
        PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.EmpHistory))`,
      'CreateTable',
    );
    expect(t.columns.map((c) => [c.name.name, c.generatedAlways, c.hidden, c.mask])).toEqual([
      ['id', undefined, undefined, undefined],
      ['email', undefined, undefined, 'email()'],
      ['ValidFrom', 'ROW START', true, undefined],
      ['ValidTo', 'ROW END', false, undefined],
    ]);
    expect(t.period).toMatchObject({ start: { name: 'ValidFrom' }, end: { name: 'ValidTo' } });
    expect(t.storage.with).toEqual([
      { name: 'SYSTEM_VERSIONING', value: 'ON (HISTORY_TABLE = dbo.EmpHistory)' },
    ]);
  });

  it('reads ALTER INDEX name|ALL ON t DISABLE|REBUILD [PARTITION = n] [WITH (...)]|SET (...)', () => {
    expect(one('ALTER INDEX ALL ON Graph.Customers disable', 'AlterIndex')).toMatchObject({
      index: 'ALL',
      table: { schema: { name: 'Graph' }, name: { name: 'Customers' } },
      action: 'DISABLE',
      options: [],
    });
    expect(one('ALTER INDEX ix ON t REBUILD PARTITION = 2 WITH (ONLINE = ON)', 'AlterIndex')).toMatchObject({
      index: { name: 'ix' },
      action: 'REBUILD',
      partition: '2',
      options: [{ name: 'ONLINE', value: 'ON' }],
    });
    expect(one('ALTER INDEX ix ON t SET (ALLOW_PAGE_LOCKS = OFF)', 'AlterIndex').options).toEqual([
      { name: 'ALLOW_PAGE_LOCKS', value: 'OFF' },
    ]);
  });

  it('reads graph tables (AS NODE, AS EDGE without columns), MATCH patterns, SHORTEST_PATH over FOR PATH tables', () => {
    expect(
      one('CREATE TABLE dbo.Person (ID int PRIMARY KEY, name varchar(100)) AS NODE', 'CreateTable'),
    ).toMatchObject({
      graph: 'NODE',
      columns: [{ name: { name: 'ID' } }, { name: { name: 'name' } }],
    });
    expect(
      one(
        'CREATE TABLE dbo.visits (CONSTRAINT ec CONNECTION (Person TO City, dbo.Person TO Person) ON DELETE CASCADE) AS EDGE',
        'CreateTable',
      ).constraints,
    ).toMatchObject([
      {
        kind: 'EdgeConstraint',
        name: { name: 'ec' },
        clauses: [
          { from: { name: { name: 'Person' } }, to: { name: { name: 'City' } } },
          { from: { schema: { name: 'dbo' } }, to: { name: { name: 'Person' } } },
        ],
        onDeleteCascade: true,
      },
    ]);
    expect(one('CREATE TABLE dbo.likes AS EDGE', 'CreateTable')).toMatchObject({
      graph: 'EDGE',
      columns: [],
    });
    const select = one(
      'SELECT 1 FROM a, e, b, f, c WHERE MATCH(a-(e)->b<-(f)-c AND c-(e)->a) AND a.x = 1',
      'Select',
    );
    const where = (select.query as { where?: unknown }).where;
    expect(where).toMatchObject({
      kind: 'BinaryOp',
      op: 'AND',
      left: {
        kind: 'GraphMatch',
        paths: [
          {
            start: { name: 'a' },
            steps: [
              { edge: { name: 'e' }, direction: 'out', node: { name: 'b' } },
              { edge: { name: 'f' }, direction: 'in', node: { name: 'c' } },
            ],
          },
          { start: { name: 'c' }, steps: [{ edge: { name: 'e' }, direction: 'out', node: { name: 'a' } }] },
        ],
      },
    });
    const path = one(
      `SELECT LAST_VALUE(b.x) WITHIN GROUP (GRAPH PATH) FROM a, e FOR PATH f, b FOR PATH AS b
       WHERE MATCH(SHORTEST_PATH(a(<-(f)-b){1,3}) AND LAST_NODE(b)-(g)->c)`,
      'Select',
    ).query as QuerySpec;
    expect(path.from.map((f) => (f as TableRef).forPath ?? false)).toEqual([false, true, true]);
    expect(path.columns[0]).toMatchObject({
      expr: { name: { name: { name: 'LAST_VALUE' } }, graphPath: true },
    });
    expect(path.where).toMatchObject({
      kind: 'GraphMatch',
      shortestPaths: [
        {
          anchor: { name: 'a' },
          edge: { name: 'f' },
          node: { name: 'b' },
          direction: 'in',
          min: 1,
          max: 3,
          anchorAtEnd: false,
        },
      ],
      paths: [
        {
          start: { name: 'b' },
          startIsLastNode: true,
          steps: [{ edge: { name: 'g' }, node: { name: 'c' } }],
        },
      ],
    });
    expect(
      one('SELECT 1 FROM a, e FOR PATH e, b FOR PATH b WHERE MATCH(SHORTEST_PATH((b-(e)->)+a))', 'Select')
        .query,
    ).toMatchObject({
      where: {
        shortestPaths: [
          { anchor: { name: 'a' }, node: { name: 'b' }, direction: 'out', min: 1, anchorAtEnd: true },
        ],
      },
    });
  });

  it('reads ALTER TABLE ADD PERIOD FOR SYSTEM_TIME, alone or with the period columns', () => {
    expect(
      one('ALTER TABLE Product ADD PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)', 'AlterTable').action,
    ).toMatchObject({
      kind: 'add',
      columns: [],
      period: { start: { name: 'ValidFrom' }, end: { name: 'ValidTo' } },
    });
    const both = one(
      'ALTER TABLE t ADD s datetime2 GENERATED ALWAYS AS ROW START NOT NULL, e datetime2 GENERATED ALWAYS AS ROW END NOT NULL, PERIOD FOR SYSTEM_TIME (s, e)',
      'AlterTable',
    ).action;
    expect(both).toMatchObject({
      kind: 'add',
      columns: [{ generatedAlways: 'ROW START' }, { generatedAlways: 'ROW END' }],
      period: {},
    });
  });
});

describe('parseScript', () => {
  it('returns each batch with its statements, start line, text and count', () => {
    const script = parseScript('SET NOCOUNT ON\nGO\nINSERT t DEFAULT VALUES\nGO 3\n');
    expect(script.batches.map((b) => [b.startLine, b.count, b.statements.map((s) => s.kind)])).toEqual([
      [1, 1, ['SetOption']],
      [3, 3, ['Insert']],
    ]);
  });

  it('applies SET QUOTED_IDENTIFIER OFF to the following batches', () => {
    const script = parseScript(
      'SELECT "a"\nGO\nSET QUOTED_IDENTIFIER OFF\nGO\nSELECT "a"\nGO\nSET QUOTED_IDENTIFIER ON\nGO\nSELECT "a"',
    );
    const firstColumn = (batch: number) =>
      findAll(script.batches[batch].statements, 'SelectColumn')[0].expr.kind;
    expect([firstColumn(0), firstColumn(2), firstColumn(4)]).toEqual([
      'ColumnRef',
      'StringLiteral',
      'ColumnRef',
    ]);
  });
});

describe('parseParameterList', () => {
  it("reads sp_executesql's parameter declarations", () => {
    expect(parseParameterList('@p0 int, @p1 nvarchar(4000) OUTPUT,@p2 decimal(38,10) = 1.5')).toMatchObject([
      { name: '@p0', dataType: { name: 'int' }, output: false },
      { name: '@p1', dataType: { name: 'nvarchar', length: 4000 }, output: true },
      { name: '@p2', dataType: { precision: 38, scale: 10 }, default: { text: '1.5' } },
    ]);
    expect(parseParameterList('')).toEqual([]);
    expect(() => parseParameterList('@p0 int @p1 int')).toThrow(TsqlSyntaxError);
  });
});
