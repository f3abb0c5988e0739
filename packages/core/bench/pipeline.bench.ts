// Pipeline benchmark: 5M generated mixed-type rows through transfer() into a no-op target, at a
// few batch sizes. Prints rows/s, MB/s, CPU time and peak RSS (each setting in its own process,
// so the peak is that setting's own). Figures are printed, never asserted. Rows per CPU-second
// is the figure to compare on a busy machine, where wall-clock rates depend on the load.
//   pnpm bench:pipeline            (ROWS=1000000 pnpm bench:pipeline for a quicker run)

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { queueBounds, transfer } from '../src/pipeline/transfer.js';
import { generatorSource, identityMapping, nullTarget } from '../src/testing/index.js';

const rows = Number(process.env.ROWS ?? 5_000_000);
const settings = [
  { batchRows: 250, batchBytes: 4 * 1024 * 1024 },
  { batchRows: 1_000, batchBytes: 4 * 1024 * 1024 },
  { batchRows: 10_000, batchBytes: 8 * 1024 * 1024 },
];
const MB = 1024 * 1024;

async function measure(batchRows: number, batchBytes: number): Promise<void> {
  const source = generatorSource({ tables: [{ schema: 'bench', name: 'mixed', rows }] });
  const { model } = await source.introspect();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await transfer({
    source,
    target: nullTarget(),
    mapping: identityMapping(model.tables[0]),
    batchRows,
    batchBytes,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const q = queueBounds({ batchRows, batchBytes });
  console.log(
    JSON.stringify({
      rows: result.rows,
      batchRows,
      batchMB: batchBytes / MB,
      queueRows: q.maxRows,
      queueMB: q.maxBytes / MB,
      seconds: +seconds.toFixed(2),
      rowsPerSec: Math.round(result.rows / seconds),
      cpuSeconds: +cpuSeconds.toFixed(2),
      rowsPerCpuSec: Math.round(result.rows / cpuSeconds),
      mbPerSec: +(result.bytes / MB / seconds).toFixed(1),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

if (process.argv[2] === '--one') {
  await measure(Number(process.argv[3]), Number(process.argv[4]));
} else {
  console.log(
    `Pipeline benchmark: ${rows.toLocaleString('en-US')} generated mixed-type rows (9 columns) -> transfer() -> null target`,
  );
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  console.log('');
  console.log(
    'batch rows  batch MB  queue rows  queue MB  seconds     rows/s    MB/s  CPU s  rows/CPU-s  peak RSS MB',
  );
  for (const s of settings) {
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--one',
        String(s.batchRows),
        String(s.batchBytes),
      ],
      {
        encoding: 'utf8',
        env: process.env,
      },
    );
    if (child.status !== 0) throw new Error(`benchmark run failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    console.log(
      [
        String(r.batchRows).padStart(10),
        String(r.batchMB).padStart(8),
        String(r.queueRows).padStart(10),
        String(r.queueMB).padStart(8),
        String(r.seconds).padStart(7),
        r.rowsPerSec.toLocaleString('en-US').padStart(10),
        String(r.mbPerSec).padStart(7),
        String(r.cpuSeconds).padStart(5),
        r.rowsPerCpuSec.toLocaleString('en-US').padStart(10),
        String(r.peakRssMB).padStart(11),
      ].join('  '),
    );
  }
}
