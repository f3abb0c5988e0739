// The migration `pnpm bench` (bench/e2e.bench.ts) runs with the `ferry` bin, as a user would
// (`ferry run --config test/e2e/bench/migration.config.ts`): one table of the benchmark's emulator
// into PostgreSQL. The benchmark sets the FERRY_BENCH_JOB_* variables. It lives in this package,
// whose dependencies are Ferry's packages, so that it imports them by name as a user's config does.
import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

const env = (name: string) => process.env[`FERRY_BENCH_JOB_${name}`] ?? '';
const table = env('TABLE');
const parallelism = Number(env('PARALLELISM') || 1);
// FASTPATH=false loads on the value path; CHECKSUMS=true for the validation runs.
const fastPath = env('FASTPATH') !== 'false';
const checksums = env('CHECKSUMS') === 'true';
// The replication runs: load.mode 'full-load-and-cdc' on the workload's tables (TABLE lists them) of DATABASE.
const mode = (env('MODE') || 'full-load') as 'full-load' | 'full-load-and-cdc';
const onError = (env('ON_ERROR') || 'fix') as 'fail' | 'reject' | 'fix';

export default defineMigration({
  source: mssql({
    host: '127.0.0.1',
    port: Number(env('PORT')),
    user: env('USER'),
    password: env('PASSWORD'),
    ...(env('DATABASE') ? { database: env('DATABASE') } : {}),
    encrypt: false,
  }),
  target: postgres({ url: env('PG_URL') }),
  select: table.split(','),
  // The error policy: ON_ERROR, fix by default (the mixed table's datetime2(7) values have 100 ns ticks
  // unless the benchmark runs under fail or reject; PostgreSQL keeps microseconds, so fix rounds them).
  load: { parallelism, onError, fastPath, mode },
  tables: parallelism > 1 ? { [table]: { ranges: parallelism } } : {},
  // Counts only for `ferry run`: the figures are about the load; the validation runs (`ferry validate`) turn checksums on.
  validate: { checksums },
});
