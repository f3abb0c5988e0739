// Benchmark: the COPY writer on 2M generated mixed-type rows, in text and binary format, next to the raw
// ceiling measured in the same run (the same rows pre-rendered to a file, streamed with COPY FROM STDIN).
// Run: npx tsx packages/target-postgres/bench/copy.bench.ts [rows]   (prints figures, asserts nothing)

import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Batch, Column, Row, Table } from '@ferry/core';
import { emptyModel, estimateRowBytes } from '@ferry/core';
import { createTestDatabase, startPostgres } from '@ferry/test-harness';
import { postgres, postgresConfigSchema, type PostgresTarget } from '../src/index.js';
import { fieldEncoder } from '../src/copy/text-encoder.js';
import { BinaryBuffer } from '@ferry/core';
import { binaryFieldEncoder, binaryHeader, binaryTrailer } from '../src/copy/binary-encoder.js';
import { mapColumnType } from '../src/types.js';

const totalRows = Number(process.argv[2] ?? 2_000_000);
const batchRows = 5_000;

const c = (name: string, type: Column['type']): Column => ({
  name,
  type,
  nativeType: type.kind,
  nullable: true,
});
const bench: Table = {
  schema: 'bench',
  name: 'mixed',
  columns: [
    c('id', { kind: 'int64' }),
    c('qty', { kind: 'int32' }),
    c('price', { kind: 'decimal', precision: 19, scale: 4 }),
    c('name', { kind: 'text', length: 40, unicode: true, fixed: false }),
    c('note', { kind: 'text', length: 'max', unicode: true, fixed: false }),
    c('created', { kind: 'timestamp', precision: 3 }),
    c('flag', { kind: 'bool' }),
    c('guid', { kind: 'uuid' }),
    c('payload', { kind: 'binary', length: 16, fixed: false }),
    c('ratio', { kind: 'float64' }),
  ],
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
};
const columns = bench.columns.map((x) => x.name);

/** A pool of 10 000 distinct deterministic rows; batches reuse them with unique ids. */
function rowPool(): Row[] {
  const pool: Row[] = [];
  for (let i = 0; i < 10_000; i++) {
    const hex = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
    pool.push([
      null,
      i % 1000,
      `${(i * 37) % 100000}.${String(i % 10000).padStart(4, '0')}`,
      `Product ${i} ${'ÄÖÜ'[i % 3]}`,
      i % 7 === 0 ? null : `note ${i}\twith tab\\and backslash\nand newline ${'x'.repeat(i % 50)}`,
      `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} 12:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}`,
      i % 2 === 0,
      `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`.toUpperCase(),
      Buffer.from(hex + hex + hex + hex, 'hex'),
      i / 7,
    ]);
  }
  return pool;
}

/**
 * Generates the batches the way a source hands them over: one at a time, so memory stays bounded
 * (holding 2M rows would load the writer's run with garbage-collection work the raw run does not have).
 */
async function* generate(pool: Row[]): AsyncGenerator<Batch> {
  for (let start = 0; start < totalRows; start += batchRows) {
    const rows: Row[] = [];
    for (let i = start; i < Math.min(start + batchRows, totalRows); i++) {
      const row = pool[i % pool.length].slice();
      row[0] = BigInt(i + 1);
      rows.push(row);
    }
    yield { rows, bytes: rows.reduce((n, r) => n + estimateRowBytes(r), 0) };
  }
}

type Format = 'text' | 'binary';

/** The same rows pre-rendered as COPY data (with the writer's own field encoders, before any timing). */
async function render(pool: Row[], file: string, format: Format): Promise<void> {
  const fail = Object.assign(
    (): never => {
      throw new Error('unexpected value problem');
    },
    { everyPolicy: () => undefined },
  );
  const out = createWriteStream(file);
  const put = async (buf: Buffer) => {
    if (!out.write(buf)) await once(out, 'drain');
  };
  if (format === 'text') {
    const encoders = bench.columns.map((col, i) => fieldEncoder(col, mapColumnType(col), i));
    for await (const b of generate(pool)) {
      let text = '';
      for (const row of b.rows)
        text += row.map((v, j) => (v === null ? '\\N' : encoders[j](v, fail))).join('\t') + '\n';
      await put(Buffer.from(text, 'utf8'));
    }
  } else {
    const encoders = bench.columns.map((col, i) => binaryFieldEncoder(col, mapColumnType(col), i)!);
    const buf = new BinaryBuffer();
    await put(binaryHeader);
    for await (const b of generate(pool)) {
      for (const row of b.rows) {
        buf.int16(row.length);
        row.forEach((v, j) => (v === null ? buf.int32(-1) : encoders[j](buf, v, fail)));
      }
      for (const part of buf.take()) await put(part);
    }
    await put(binaryTrailer);
  }
  out.end();
  await finished(out);
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  const server = await startPostgres();
  const dir = await mkdtemp(join(tmpdir(), 'ferry-copy-bench-'));
  try {
    const db = await createTestDatabase(server.url, 'ferry_bench');
    const pool = rowPool();
    let t0 = performance.now();
    let generated = 0;
    for await (const b of generate(pool)) generated += b.rows.length;
    const generationMs = performance.now() - t0;

    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const results: { what: string; ms: number; bytes: number; cpuMs: number }[] = [];
    for (const format of ['text', 'binary'] as const) {
      const target = (await postgres.create(postgresConfigSchema.parse({ url: db.url, copyFormat: format }), {
        log: () => undefined,
        notice: () => undefined,
        cwd: process.cwd(),
      })) as PostgresTarget;
      const plan = await target.plan(
        { ...emptyModel(), schemas: ['bench'], tables: [bench] },
        { prep: () => 'drop-and-create' },
      );
      for (const s of plan.steps.filter((x) => x.phase === 'pre-data')) await target.apply(s);
      const file = join(dir, `mixed.${format}`);
      await render(pool, file, format);
      const fileBytes = (await stat(file)).size;
      console.log(
        `${format}: ${fmt(totalRows)} rows rendered to ${fmt(fileBytes / 1e6, 1)} MB of COPY ${format} data`,
      );
      const copyOptions = format === 'binary' ? ' (FORMAT binary)' : '';
      for (let round = 1; round <= 2; round++) {
        await admin.query('TRUNCATE bench.mixed');
        await admin.query('CHECKPOINT');
        t0 = performance.now();
        let cpu = process.cpuUsage();
        await admin.query('BEGIN');
        await pipeline(
          createReadStream(file, { highWaterMark: 1 << 20 }),
          admin.query(copyFrom(`COPY bench.mixed (${columns.join(', ')}) FROM STDIN${copyOptions}`)),
        );
        await admin.query('COMMIT');
        results.push({
          what: `${format}: raw COPY FROM file (${round})`,
          ms: performance.now() - t0,
          bytes: fileBytes,
          cpuMs: cpuMs(cpu),
        });

        await admin.query('TRUNCATE bench.mixed');
        await admin.query('CHECKPOINT');
        t0 = performance.now();
        cpu = process.cpuUsage();
        const r = await target.write(bench, generate(pool), { columns });
        results.push({
          what: `${format}: Ferry COPY writer (${round})`,
          ms: performance.now() - t0,
          bytes: r.bytes,
          cpuMs: cpuMs(cpu),
        });
        if (r.rows !== totalRows) throw new Error(`writer wrote ${r.rows} rows, expected ${totalRows}`);
      }
      await target.close();
    }
    const count = await admin.query('SELECT count(*)::int AS n FROM bench.mixed');
    if (count.rows[0].n !== totalRows)
      throw new Error(`table holds ${count.rows[0].n} rows, expected ${totalRows}`);
    await admin.end();

    console.log(
      `\nPostgreSQL 17 (embedded, fsync off), server startup ${fmt(server.startupMs)} ms, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `\n${'run'.padEnd(34)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(11)} ${'MB/s'.padStart(7)} ${'node CPU s'.padStart(10)}`,
    );
    for (const r of results) {
      console.log(
        `${r.what.padEnd(34)} ${fmt(r.ms / 1000, 2).padStart(8)} ${fmt(totalRows / (r.ms / 1000)).padStart(11)} ${fmt(r.bytes / 1e6 / (r.ms / 1000), 1).padStart(7)} ${fmt(r.cpuMs / 1000, 2).padStart(10)}`,
      );
    }
    console.log(
      `(row generation alone, included in the writer's time: ${fmt(generationMs / 1000, 2)} s for ${fmt(generated)} rows)`,
    );
    const best = (prefix: string) =>
      Math.min(...results.filter((r) => r.what.startsWith(prefix)).map((r) => r.ms));
    for (const format of ['text', 'binary']) {
      console.log(
        `${format}: ratio writer / raw ceiling (best of 2 each): ${fmt(best(`${format}: raw`) / best(`${format}: Ferry`), 3)}  (goal >= 0.9)`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await server.stop();
  }
}

await main();
