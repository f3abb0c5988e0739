// Benchmark helper process: one Ferry run (core run API, SQL Server source, PostgreSQL target) of one
// table, so that its peak RSS is Ferry's own; or, with mode `source`, the source ceiling (the same
// table read by Ferry's SQL Server source and discarded). Prints one JSON line of figures.
// Argv: <mode: ferry|source> <JSON {port, user, password, table, pgUrl?, parallelism?}>
// (The emulator package is not imported here: its code would count in Ferry's RSS.)

import { openMigration, parseConfig, run, type RunEvent } from '../packages/core/src/index.js';
import { mssql } from '../packages/source-mssql/src/index.js';
import { postgres } from '../packages/target-postgres/src/index.js';

interface Job {
  port: number;
  user: string;
  password: string;
  table: string;
  pgUrl?: string;
  parallelism?: number;
}

const mode = process.argv[2];
const job = JSON.parse(process.argv[3] ?? '{}') as Job;
const parallelism = job.parallelism ?? 1;
const config = parseConfig({
  source: mssql({
    host: '127.0.0.1',
    port: job.port,
    user: job.user,
    password: job.password,
    encrypt: false,
  }),
  target: postgres({ url: job.pgUrl ?? 'postgres://unused@127.0.0.1/unused' }),
  select: [job.table],
  // Generated datetime2(7) values have 100 ns ticks; PostgreSQL keeps microseconds, so the documented fix-up applies.
  load: { parallelism, onError: 'fix' },
  tables: parallelism > 1 ? { [job.table]: { ranges: parallelism } } : {},
});
const migration = await openMigration(config, { cwd: process.cwd() });
const cpu = process.cpuUsage();
let figures: Record<string, unknown>;
try {
  figures = mode === 'source' ? await sourceCeiling() : await ferryRun();
} finally {
  await migration.close();
}
const used = process.cpuUsage(cpu);
figures.cpuSeconds = (used.user + used.system) / 1e6;
figures.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(figures) + '\n');

async function ferryRun() {
  let dataSeconds = 0;
  let rows = 0;
  let bytes = 0;
  const started = performance.now();
  const onEvent = (e: RunEvent) => {
    if (e.type === 'phase-end' && e.phase === 'data') dataSeconds = e.seconds;
    if (e.type === 'task-end') {
      rows += e.rows;
      bytes += e.bytes;
    }
  };
  const result = await run(migration, { parallelism, validate: false, onEvent });
  if (result.error) throw result.error;
  const target = result.plan!.mappings[0].target;
  return {
    rows,
    bytes,
    dataSeconds,
    totalSeconds: (performance.now() - started) / 1000,
    target: `${target.schema}.${target.name}`,
  };
}

async function sourceCeiling() {
  const [schema, name] = job.table.split('.');
  const { model } = await migration.source.introspect({
    include: (o) => o.schema === schema && o.name === name,
  });
  const table = model.tables[0];
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  const batches = migration.source.read(table, {
    columns: table.columns.map((c) => c.name),
    batchRows: config.load.batchRows,
    batchBytes: config.load.batchBytes,
  });
  for await (const batch of batches) {
    rows += batch.rows.length;
    bytes += batch.bytes;
  }
  return { rows, bytes, dataSeconds: (performance.now() - started) / 1000 };
}
