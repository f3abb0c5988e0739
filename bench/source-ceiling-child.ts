// Benchmark helper process: the source ceiling, one table read by Ferry's SQL Server source and
// discarded (emulator -> source -> nothing). Prints one JSON line of figures.
// Argv: <JSON {port, user, password, table}>
// (The emulator package is not imported here: its code would count in this process.)

import { openMigration, parseConfig } from '../packages/core/src/index.js';
import { mssql } from '../packages/source-mssql/src/index.js';
import { postgres } from '../packages/target-postgres/src/index.js';

interface Job {
  port: number;
  user: string;
  password: string;
  table: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const config = parseConfig({
  source: mssql({
    host: '127.0.0.1',
    port: job.port,
    user: job.user,
    password: job.password,
    encrypt: false,
  }),
  target: postgres({ url: 'postgres://unused@127.0.0.1/unused' }),
  select: [job.table],
});
const migration = await openMigration(config, { cwd: process.cwd() });
const cpu = process.cpuUsage();
let figures: Record<string, number>;
try {
  figures = await readAll();
} finally {
  await migration.close();
}
const used = process.cpuUsage(cpu);
figures.cpuSeconds = (used.user + used.system) / 1e6;
figures.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(figures) + '\n');

async function readAll() {
  const [schema, name] = job.table.split('.');
  const { model } = await migration.source.introspect({
    include: (o) => o.schema === schema && o.name === name,
  });
  const table = model.tables[0];
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  // The fast path's raw read: the least client work per row, so the figure is the emulator's own limit.
  const batches = migration.source.read(table, {
    columns: table.columns.map((c) => c.name),
    batchRows: config.load.batchRows,
    batchBytes: config.load.batchBytes,
    binaryRows: true,
    fixValues: true,
  });
  for await (const batch of batches) {
    rows += batch.binary?.rows ?? batch.rows.length;
    bytes += batch.bytes;
  }
  return { rows, bytes, dataSeconds: (performance.now() - started) / 1000 };
}
