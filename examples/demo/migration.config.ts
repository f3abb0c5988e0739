// The demo migration: the built-in SQL Server emulator's FerryDemo database -> embedded PostgreSQL.
// `pnpm demo` starts both and sets the two URLs below; against real servers, set them yourself.
import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ connectionString: process.env.FERRY_DEMO_MSSQL_URL }),
  target: postgres({ url: process.env.FERRY_DEMO_DATABASE_URL ?? '' }),
  select: ['sales.%'],
  naming: 'snake_case',
  load: { prep: 'drop-and-create', parallelism: 4, onError: 'fail' },
  tables: {
    'sales.Order Line': { ranges: 4 },
    'sales.Order': { ranges: 2 },
  },
});
