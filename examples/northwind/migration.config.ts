// Azure SQL Northwind -> PostgreSQL, as a user writes it: `ferry run` in this folder.
//   MSSQL_URL='Server=tcp:myserver.database.windows.net,1433;Initial Catalog=Northwind;User ID=ferry;Password=...;Encrypt=True;'
//   DATABASE_URL='postgres://ferry:...@localhost:5432/app'
import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ connectionString: process.env.MSSQL_URL }),
  target: postgres({ url: process.env.DATABASE_URL ?? '' }),

  // Selection, DMS style: every dbo table except SQL Server's diagram table.
  select: ['dbo.%', '!dbo.sysdiagrams'],
  // dbo becomes the `northwind` schema; names become snake_case (`Order Details` -> order_details).
  schemaMap: { dbo: 'northwind' },
  naming: 'snake_case',
  // money keeps its 4 decimal places.
  types: { money: 'numeric(19,4)' },
  rules: [
    // Employee photos are OLE-wrapped bitmaps nobody reads: leave them behind.
    { action: 'remove-column', match: 'dbo.Employees.Photo' },
  ],
  load: { prep: 'drop-and-create', parallelism: 4, onError: 'fail' },
  tables: {
    'dbo.Order Details': { ranges: 4 },
    // A row transform: spell out the UK, as the rest of the target application does.
    'dbo.Customers': {
      transform: (row) => ({ ...row, Country: row.Country === 'UK' ? 'United Kingdom' : row.Country }),
    },
  },
});
