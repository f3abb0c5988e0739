// Benchmark helper process: the SQL Server emulator serving generated tables (never materialised):
// one mixed-type table per requested size (`gen.mixed_<rows>`) and a LOB-heavy table (`gen.lobs`).
// Argv: <mixed rows, comma-separated> <lob rows> <lob bytes> [<large rows> <large bytes>] (a second
// LOB table, `gen.large_lobs`, of multi-MB values) [whole-microseconds] (the mixed tables' datetime2(7)
// values without 100 ns ticks, for loads under the fail and reject policies). Prints `{ port, user, password }` as JSON
// when listening; then answers each `cpu` line on stdin with `{ "cpuSeconds": n }` (its CPU time so
// far), and exits when stdin ends or on SIGTERM.

import { createInterface } from 'node:readline';
import { lobTable, mixedTable, startEmulator } from '../test/mssql-emulator/src/index.js';

const sizes = (process.argv[2] ?? '').split(',').filter(Boolean).map(Number);
const lobRows = Number(process.argv[3] ?? 0);
const lobBytes = Number(process.argv[4] ?? 64 * 1024);
const wholeMicroseconds = process.argv[7] === 'whole-microseconds';
const tables = sizes.map((n) => mixedTable(n, `mixed_${n}`, { wholeMicroseconds }));
if (lobRows > 0) tables.push(lobTable(lobRows, lobBytes));
const largeRows = Number(process.argv[5] ?? 0);
if (largeRows > 0) tables.push(lobTable(largeRows, Number(process.argv[6]), 'large_lobs'));
const emulator = await startEmulator({ tables, tls: false });
const { port, user, password } = emulator.config;
process.stdout.write(JSON.stringify({ port, user, password }) + '\n');

const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
const requests = createInterface({ input: process.stdin });
requests.on('line', (line) => {
  if (line.trim() !== 'cpu') return;
  const used = process.cpuUsage();
  process.stdout.write(JSON.stringify({ cpuSeconds: (used.user + used.system) / 1e6 }) + '\n');
});
requests.on('close', stop);
