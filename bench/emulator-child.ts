// Benchmark helper process: the SQL Server emulator serving generated tables (never materialised):
// one mixed-type table per requested size (`gen.mixed_<rows>`) and a LOB-heavy table (`gen.lobs`).
// Argv: <mixed rows, comma-separated> <lob rows> <lob bytes>. Prints `{ port, user, password }` as JSON when listening.

import { lobTable, mixedTable, startEmulator } from '../test/mssql-emulator/src/index.js';

const sizes = (process.argv[2] ?? '').split(',').filter(Boolean).map(Number);
const lobRows = Number(process.argv[3] ?? 0);
const lobBytes = Number(process.argv[4] ?? 64 * 1024);
const tables = sizes.map((n) => mixedTable(n, `mixed_${n}`));
if (lobRows > 0) tables.push(lobTable(lobRows, lobBytes));
const emulator = await startEmulator({ tables, tls: false });
const { port, user, password } = emulator.config;
process.stdout.write(JSON.stringify({ port, user, password }) + '\n');
process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
