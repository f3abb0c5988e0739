// The commented `migration.config.ts` that `ferry init` writes: SQL Server -> PostgreSQL,
// secrets taken from environment variables, never written into the file.

export const initConfigFileName = 'migration.config.ts';

export function initConfigTemplate(): string {
  return `// Ferry migration: SQL Server / Azure SQL -> PostgreSQL.
// Run \`ferry assess\`, then \`ferry plan\`, then \`ferry run\`. Reference: \`ferry --help\`.
import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  // Source database. Keep secrets out of this file: read them from the environment, e.g.
  //   export MSSQL_URL='Server=myserver.database.windows.net;Database=Northwind;User Id=me;Password=...;Encrypt=true'
  source: mssql({ connectionString: process.env.MSSQL_URL }),

  // Target database, e.g. export DATABASE_URL='postgres://me:secret@localhost:5432/northwind'
  // Source schema dbo goes into the target schema named here.
  target: postgres({ url: process.env.DATABASE_URL, schema: 'public' }),

  // Which tables to migrate: DMS-style wildcards (% matches anything); a leading ! excludes.
  select: ['dbo.%', '!dbo.sysdiagrams'],

  // Target identifier style: 'preserve' | 'snake_case' | 'lowercase' | 'fold'.
  naming: 'snake_case',

  // Type overrides by source type name, e.g. keep money as an exact numeric:
  // types: { money: 'numeric(19,4)' },

  // Users, roles and GRANTs become target roles and grants (the target login needs CREATEROLE);
  // 'skip' leaves them out, each an action item:
  // security: { roles: 'skip' },

  load: {
    // Table preparation: 'drop-and-create' | 'truncate' | 'do-nothing' (tables already exist).
    prep: 'drop-and-create',
    // Table or key-range tasks loaded at the same time.
    parallelism: 4,
    // Bad rows: 'fail' stops the run, 'reject' sets them aside with the reason, 'fix' applies documented fix-ups.
    onError: 'fail',
  },

  // Per-table options, by source name:
  // tables: {
  //   'dbo.Order Details': { ranges: 4 },                      // split into 4 key ranges loaded in parallel
  //   'dbo.Employees': {
  //     exclude: ['Photo'],                                     // columns not migrated
  //     transform: (row) => ({ ...row, HomePhone: null }),      // row transform; return null to drop a row
  //   },
  // },
});
`;
}
