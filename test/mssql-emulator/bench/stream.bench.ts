// Streams a generated mixed-type table from the emulator (in a child process) to a discarding tedious
// client and prints rows/s, MB/s, CPU seconds and the peak RSS of both processes. Figures only.
//   npx tsx test/mssql-emulator/bench/stream.bench.ts [rows=5000000] [packetSize=4096] [mixed|ferry|lobs]
// `ferry` reads the mixed table with the query Ferry's SQL Server source sends for one key range
// (exact-value CONVERTs in the select list, a key-range WHERE). FERRY_EMULATOR_CPU_PROF=<dir> writes
// a V8 CPU profile of the emulator process there.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Connection, Request } from 'tedious';
import { DEFAULT_PASSWORD, DEFAULT_USER } from '../src/start-emulator.js';

const rows = Number(process.argv[2] ?? 5_000_000);
const packetSize = Number(process.argv[3] ?? 4096);
const mode = process.argv[4] === 'lobs' || process.argv[4] === 'ferry' ? process.argv[4] : 'mixed';
const table = mode === 'lobs' ? 'lobs' : 'mixed';
const QUERIES = {
  ferry: [
    'SELECT [id], [code], [name], CONVERT(varchar(50), [price]) AS [price], [ratio], [flag], ' +
      'CONVERT(varchar(40), [created], 121) AS [created], [note], [uid] FROM [gen].[mixed] ' +
      `WHERE ([id] >= 1) AND ([id] < ${rows + 1})`,
    "gen.mixed as Ferry's source reads it (CONVERT of price and created, key-range WHERE)",
  ],
  mixed: [
    'SELECT id, code, name, price, ratio, flag, created, note, uid FROM gen.mixed',
    'gen.mixed (9 columns: bigint, int, nvarchar(50), decimal(19,4), float, bit, datetime2(7), varchar(100) NULL, uniqueidentifier)',
  ],
  lobs: [
    'SELECT id, doc, blob FROM gen.lobs',
    'gen.lobs (int, nvarchar(max) and varbinary(max) of 64 KB each)',
  ],
} as const;
const bin = fileURLToPath(new URL('../bin/ferry-mssql-emulator.js', import.meta.url));

/** CPU seconds (user + system) a process has used (Linux /proc stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Peak resident set size of a process in MB (Linux /proc VmHWM). */
function peakRssMb(pid: number | 'self'): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const profile = process.env.FERRY_EMULATOR_CPU_PROF;
const nodeFlags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
const child = spawn(
  process.execPath,
  [...nodeFlags, bin, '--port', '0', '--no-tls', '--generated', `${table}:${rows}`],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const port = await new Promise<number>((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /listening on [^:]+:(\d+)/.exec(out);
    if (m) resolve(Number(m[1]));
  });
  child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
});

const connection = await new Promise<Connection>((resolve, reject) => {
  const c = new Connection({
    server: '127.0.0.1',
    authentication: { type: 'default', options: { userName: DEFAULT_USER, password: DEFAULT_PASSWORD } },
    options: { port, encrypt: false, packetSize, requestTimeout: 0 },
  });
  c.on('connect', (err) => (err ? reject(err) : resolve(c)));
  c.connect();
});

const socket = (connection as unknown as { socket: { bytesRead: number } }).socket;
const bytesBefore = socket.bytesRead;
const emulatorCpuBefore = cpuSeconds(child.pid!);
const clientCpuBefore = process.cpuUsage();
let received = 0;
const started = process.hrtime.bigint();
await new Promise<void>((resolve, reject) => {
  const request = new Request(QUERIES[mode][0], (err) => (err ? reject(err) : resolve()));
  request.on('row', () => received++);
  connection.execSqlBatch(request);
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const mb = (socket.bytesRead - bytesBefore) / 1024 / 1024;
const emulatorRss = peakRssMb(child.pid!);
const emulatorCpu = cpuSeconds(child.pid!) - emulatorCpuBefore;
const clientCpuUsage = process.cpuUsage(clientCpuBefore);
const clientCpu = (clientCpuUsage.user + clientCpuUsage.system) / 1e6;
connection.close();
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));

console.log(QUERIES[mode][1]);
console.log(`rows:               ${received.toLocaleString('en')} of ${rows.toLocaleString('en')}`);
console.log(`packet size:        ${packetSize}`);
console.log(`time:               ${seconds.toFixed(1)} s`);
console.log(`rows/s:             ${Math.round(received / seconds).toLocaleString('en')}`);
console.log(`MB/s (TDS bytes):   ${(mb / seconds).toFixed(1)} (${mb.toFixed(0)} MB)`);
console.log(
  `CPU emulator:       ${emulatorCpu.toFixed(1)} s (${Math.round(received / emulatorCpu).toLocaleString('en')} rows per CPU second)`,
);
console.log(
  `CPU client:         ${clientCpu.toFixed(1)} s (${Math.round(received / clientCpu).toLocaleString('en')} rows per CPU second)`,
);
console.log(
  `load average:       ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs`,
);
console.log(`peak RSS emulator:  ${emulatorRss.toFixed(0)} MB`);
console.log(`peak RSS client:    ${peakRssMb('self').toFixed(0)} MB`);
