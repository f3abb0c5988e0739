// Source-only read throughput: emulator -> Ferry SQL Server source -> discard, for a 2M-row
// mixed-type generated table and a LOB-heavy table. Prints rows/s and MB/s (never asserted).
// Run: npx tsx packages/source-mssql/bench/read.bench.ts [mixedRows] [lobRows]

import type { Table } from '@ferry/core';
import { lobTable, mixedTable, startEmulator, type GeneratedTable } from '@ferry/mssql-emulator';
import { MssqlSource } from '../src/mssql-source.js';
import { resolveMssqlSettings } from '../src/mssql-config.js';
import { formatNativeType, logicalType, type NativeType } from '../src/types.js';

/** The table model of a generated table, from its declared column types. */
function tableOf(g: GeneratedTable): Table {
  return {
    schema: g.schema,
    name: g.name,
    columns: g.columns.map((c) => {
      const native: NativeType = {
        name: c.type.name,
        ...(c.type.length !== undefined ? { length: c.type.length === -1 ? 'max' : c.type.length } : {}),
        ...(c.type.precision !== undefined ? { precision: c.type.precision } : {}),
        ...(c.type.scale !== undefined ? { scale: c.type.scale } : {}),
      };
      return { name: c.name, type: logicalType(native), nativeType: formatNativeType(native), nullable: c.nullable };
    }),
    primaryKey: { name: `PK_${g.name}`, columns: [g.key] },
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
}

async function measure(source: MssqlSource, table: Table): Promise<void> {
  const columns = table.columns.map((c) => c.name);
  const start = process.hrtime.bigint();
  let rows = 0;
  let bytes = 0;
  for await (const batch of source.read(table, { columns, batchRows: 5_000, batchBytes: 8 << 20 })) {
    rows += batch.rows.length;
    bytes += batch.bytes;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const mb = bytes / 1e6;
  console.log(
    `${`${table.schema}.${table.name}`.padEnd(10)} ${String(rows).padStart(9)} rows  ${seconds.toFixed(2).padStart(7)} s  ` +
      `${Math.round(rows / seconds).toLocaleString('en-US').padStart(10)} rows/s  ${(mb / seconds).toFixed(1).padStart(7)} MB/s  (${mb.toFixed(0)} MB)`,
  );
}

const mixedRows = Number(process.argv[2] ?? 2_000_000);
const lobRows = Number(process.argv[3] ?? 4_000);
const mixed = mixedTable(mixedRows);
const lobs = lobTable(lobRows, 64 * 1024);
const emulator = await startEmulator({ tables: [mixed, lobs] });
const c = emulator.config;
const source = new MssqlSource(resolveMssqlSettings({ host: c.server, port: c.port, user: c.user, password: c.password, database: c.database, encrypt: false }));
try {
  console.log(`Ferry SQL Server source read benchmark (Node ${process.version}, emulator on 127.0.0.1:${c.port})`);
  await measure(source, tableOf(mixed));
  await measure(source, tableOf(lobs));
} finally {
  await source.close();
  await emulator.close();
}
