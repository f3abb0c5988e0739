import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { corpus, rows, run } from './engine-helpers.js';

// Expected values written by hand from Microsoft's INFORMATION_SCHEMA.COLUMNS and
// REFERENTIAL_CONSTRAINTS documentation (the views pgloader reads).
const script = `
CREATE TYPE dbo.Phone FROM nvarchar(24) NULL;
CREATE TABLE dbo.Kinds (
  id int NOT NULL PRIMARY KEY,
  amount decimal(9,2) NULL,
  ratio float NULL,
  small real NULL,
  price money NULL,
  code char(3) COLLATE Latin1_General_CI_AS NULL,
  utf varchar(10) COLLATE Latin1_General_100_CI_AS_SC_UTF8 NULL,
  name nvarchar(40) NULL,
  notes nvarchar(max) NULL,
  blob varbinary(16) NULL,
  at datetime2(3) NULL,
  clock time NULL,
  phone dbo.Phone
);
GO
CREATE VIEW dbo.KindNames AS SELECT id, name FROM dbo.Kinds;
`;

const DEFAULT = 'SQL_Latin1_General_CP1_CI_AS';
/** The COLUMNS values (from COLUMN_NAME on, as selected below) of a character column. */
const textColumn = (
  name: string,
  type: string,
  chars: number,
  octets: number,
  charset: string,
  collation: string,
  domain: unknown[] = [null, null, null],
) => [name, type, chars, octets, null, null, null, null, 'master', charset, collation, ...domain];

describe('INFORMATION_SCHEMA views for third-party tools', () => {
  let s: EngineSession;
  let northwind: EngineSession;
  beforeAll(async () => {
    const engine = await createEngine({ scripts: [script] });
    s = engine.openSession({ user: 'sa', database: 'master' });
    const nw = await createEngine({ scripts: [corpus('northwind-azure.sql')], database: 'Northwind' });
    northwind = nw.openSession({ user: 'sa', database: 'Northwind' });
  });

  it('COLUMNS has the 23 documented columns, in order', async () => {
    const r = await run(s, `SELECT * FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'Kinds'`);
    expect(r.sets[0].columns.map((c) => c.name)).toEqual([
      'TABLE_CATALOG',
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'COLUMN_NAME',
      'ORDINAL_POSITION',
      'COLUMN_DEFAULT',
      'IS_NULLABLE',
      'DATA_TYPE',
      'CHARACTER_MAXIMUM_LENGTH',
      'CHARACTER_OCTET_LENGTH',
      'NUMERIC_PRECISION',
      'NUMERIC_PRECISION_RADIX',
      'NUMERIC_SCALE',
      'DATETIME_PRECISION',
      'CHARACTER_SET_CATALOG',
      'CHARACTER_SET_SCHEMA',
      'CHARACTER_SET_NAME',
      'COLLATION_CATALOG',
      'COLLATION_SCHEMA',
      'COLLATION_NAME',
      'DOMAIN_CATALOG',
      'DOMAIN_SCHEMA',
      'DOMAIN_NAME',
    ]);
  });

  it('COLUMNS gives precision, radix, scale, lengths, character set, collation and domain per type', async () => {
    expect(
      await rows(
        s,
        `SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION,
                NUMERIC_PRECISION_RADIX, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_CATALOG,
                CHARACTER_SET_NAME, COLLATION_NAME, DOMAIN_CATALOG, DOMAIN_SCHEMA, DOMAIN_NAME
         FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'Kinds' ORDER BY ORDINAL_POSITION`,
      ),
    ).toEqual([
      ['id', 'int', null, null, 10, 10, 0, null, null, null, null, null, null, null],
      ['amount', 'decimal', null, null, 9, 10, 2, null, null, null, null, null, null, null],
      ['ratio', 'float', null, null, 53, 2, null, null, null, null, null, null, null, null],
      ['small', 'real', null, null, 24, 2, null, null, null, null, null, null, null, null],
      ['price', 'money', null, null, 19, 10, 4, null, null, null, null, null, null, null],
      textColumn('code', 'char', 3, 3, 'iso_1', 'Latin1_General_CI_AS'),
      textColumn('utf', 'varchar', 10, 10, 'UTF8', 'Latin1_General_100_CI_AS_SC_UTF8'),
      textColumn('name', 'nvarchar', 40, 80, 'UNICODE', DEFAULT),
      textColumn('notes', 'nvarchar', -1, -1, 'UNICODE', DEFAULT),
      ['blob', 'varbinary', 16, 16, null, null, null, null, null, null, null, null, null, null],
      ['at', 'datetime2', null, null, null, null, null, 3, null, null, null, null, null, null],
      ['clock', 'time', null, null, null, null, null, 7, null, null, null, null, null, null],
      textColumn('phone', 'nvarchar', 24, 48, 'UNICODE', DEFAULT, ['master', 'dbo', 'Phone']),
    ]);
  });

  it('COLUMNS lists the columns of views too, as SQL Server does', async () => {
    expect(
      await rows(
        s,
        `SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'KindNames' ORDER BY ORDINAL_POSITION`,
      ),
    ).toEqual([
      ['id', 'int'],
      ['name', 'nvarchar'],
    ]);
  });

  it('REFERENTIAL_CONSTRAINTS names the key each foreign key refers to, and its rules', async () => {
    expect(
      await rows(
        northwind,
        `SELECT CONSTRAINT_CATALOG, CONSTRAINT_SCHEMA, CONSTRAINT_NAME, UNIQUE_CONSTRAINT_CATALOG,
                UNIQUE_CONSTRAINT_SCHEMA, UNIQUE_CONSTRAINT_NAME, MATCH_OPTION, UPDATE_RULE, DELETE_RULE
         FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_NAME IN ('FK_Orders_Customers', 'FK_Order_Details_Products')
         ORDER BY CONSTRAINT_NAME`,
      ),
    ).toEqual([
      [
        'Northwind',
        'dbo',
        'FK_Order_Details_Products',
        'Northwind',
        'dbo',
        'PK_Products',
        'SIMPLE',
        'NO ACTION',
        'NO ACTION',
      ],
      [
        'Northwind',
        'dbo',
        'FK_Orders_Customers',
        'Northwind',
        'dbo',
        'PK_Customers',
        'SIMPLE',
        'NO ACTION',
        'NO ACTION',
      ],
    ]);
    expect(await rows(northwind, `SELECT COUNT(*) FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS`)).toEqual([
      [13],
    ]);
  });

  it('answers pgloader 3.6.9 foreign-key query: FK columns joined to the referenced key columns', async () => {
    expect(
      await rows(
        northwind,
        `SELECT KCU1.CONSTRAINT_NAME, KCU1.TABLE_NAME, KCU1.COLUMN_NAME, KCU2.TABLE_NAME, KCU2.COLUMN_NAME, RC.UPDATE_RULE
         FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS RC
         JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE KCU1 ON KCU1.CONSTRAINT_CATALOG = RC.CONSTRAINT_CATALOG
           AND KCU1.CONSTRAINT_SCHEMA = RC.CONSTRAINT_SCHEMA AND KCU1.CONSTRAINT_NAME = RC.CONSTRAINT_NAME
         JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE KCU2 ON KCU2.CONSTRAINT_CATALOG = RC.UNIQUE_CONSTRAINT_CATALOG
           AND KCU2.CONSTRAINT_SCHEMA = RC.UNIQUE_CONSTRAINT_SCHEMA AND KCU2.CONSTRAINT_NAME = RC.UNIQUE_CONSTRAINT_NAME
         WHERE KCU1.ORDINAL_POSITION = KCU2.ORDINAL_POSITION AND KCU1.TABLE_NAME = 'Order Details'
         ORDER BY KCU1.CONSTRAINT_NAME`,
      ),
    ).toEqual([
      ['FK_Order_Details_Orders', 'Order Details', 'OrderID', 'Orders', 'OrderID', 'NO ACTION'],
      ['FK_Order_Details_Products', 'Order Details', 'ProductID', 'Products', 'ProductID', 'NO ACTION'],
    ]);
  });
});
