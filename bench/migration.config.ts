// The migration `pnpm bench` runs with the `ferry` bin, as a user would (`ferry run --config
// bench/migration.config.ts`): one table of the benchmark's emulator into PostgreSQL. The benchmark
// sets the FERRY_BENCH_JOB_* variables. (A user imports '@ferry/core' etc.; bench/ is not a package,
// so the same modules are imported by path.)
import { defineMigration } from '../packages/core/src/index.js';
import { mssql } from '../packages/source-mssql/src/index.js';
import { postgres } from '../packages/target-postgres/src/index.js';

const env = (name: string) => process.env[`FERRY_BENCH_JOB_${name}`] ?? '';
const table = env('TABLE');
const parallelism = Number(env('PARALLELISM') || 1);

export default defineMigration({
  source: mssql({
    host: '127.0.0.1',
    port: Number(env('PORT')),
    user: env('USER'),
    password: env('PASSWORD'),
    encrypt: false,
  }),
  target: postgres({ url: env('PG_URL') }),
  select: [table],
  // Generated datetime2(7) values have 100 ns ticks; PostgreSQL keeps microseconds, so the documented fix-up applies.
  load: { parallelism, onError: 'fix' },
  tables: parallelism > 1 ? { [table]: { ranges: parallelism } } : {},
  // Counts only: the figures are about the load; checksums would stream both tables again.
  validate: { checksums: false },
});
