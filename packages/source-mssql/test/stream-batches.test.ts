// Backpressure: a slow consumer keeps the rows held by the reader bounded (the request is paused),
// and stopping early cancels the request and gives the connection back.

import { FerryError, type Column, type Table } from '@ferry/core';
import { lobTable, mixedTable } from '@ferry/mssql-emulator';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';

const col = (name: string, type: Column['type'], nativeType: string): Column => ({
  name,
  type,
  nativeType,
  nullable: true,
});
const mixed: Table = {
  schema: 'gen',
  name: 'mixed',
  columns: [
    col('id', { kind: 'int64' }, 'bigint'),
    col('name', { kind: 'text', length: 50, unicode: true, fixed: false }, 'nvarchar(50)'),
    col('price', { kind: 'decimal', precision: 19, scale: 4 }, 'decimal(19,4)'),
    col('created', { kind: 'timestamp', precision: 7 }, 'datetime2(7)'),
  ],
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
};
const lobs: Table = {
  ...mixed,
  name: 'lobs',
  columns: [
    col('id', { kind: 'int32' }, 'int'),
    col('blob', { kind: 'binary', length: 'max', fixed: false }, 'varbinary(max)'),
  ],
};

describe('streaming reads with backpressure', () => {
  let env: EmulatedSource;
  beforeAll(async () => {
    env = await startEmulatedSource(
      { tables: [mixedTable(100_000), lobTable(2_000, 32 * 1024)] },
      { pool: { max: 2 } },
    );
  });
  afterAll(() => env?.close());

  it('holds at most about two batches while a slow consumer lags behind the server', async () => {
    const batchRows = 500;
    let seen = 0;
    for await (const batch of env.source.read(mixed, {
      columns: ['id', 'name', 'price', 'created'],
      batchRows,
      batchBytes: 1 << 24,
    })) {
      seen += batch.rows.length;
      await sleep(20);
      if (seen >= 20 * batchRows) break;
    }
    expect(seen).toBe(20 * batchRows);
    // One batch ready and one filling at most, plus rows tedious had already parsed when paused.
    expect(env.source.stats.maxBufferedRows).toBeGreaterThanOrEqual(batchRows);
    expect(env.source.stats.maxBufferedRows).toBeLessThanOrEqual(3 * batchRows);
  });

  it('bounds LOB rows by batchBytes as well', async () => {
    let batches = 0;
    for await (const batch of env.source.read(lobs, {
      columns: ['id', 'blob'],
      batchRows: 10_000,
      batchBytes: 256 * 1024,
    })) {
      expect(batch.rows.length).toBeLessThanOrEqual(8);
      expect(batch.bytes).toBeGreaterThanOrEqual(batch.rows.length * 32 * 1024);
      await sleep(5);
      if (++batches === 10) break;
    }
    expect(env.source.stats.maxBufferedRows).toBeLessThanOrEqual(3 * 8);
  });

  it('gives the connection back after an early stop, so later queries still run', async () => {
    for (let i = 0; i < 4; i++) {
      for await (const batch of env.source.read(mixed, {
        columns: ['id'],
        batchRows: 100,
        batchBytes: 1 << 20,
      })) {
        expect(batch.rows[0]![0]).toBe(1n);
        break;
      }
    }
    expect(await env.source.count(mixed)).toBe(100_000);
  });

  it('stops when the abort signal fires, with the abort reason', async () => {
    const controller = new AbortController();
    const reading = (async () => {
      let n = 0;
      for await (const batch of env.source.read(mixed, {
        columns: ['id'],
        batchRows: 100,
        batchBytes: 1 << 20,
        signal: controller.signal,
      })) {
        n += batch.rows.length;
        if (n === 1000) controller.abort(new Error('stop now'));
      }
    })();
    await expect(reading).rejects.toThrow(/stop now/);
    expect(await env.source.count(mixed)).toBe(100_000);
  });

  const readAll = async () => {
    let n = 0;
    for await (const batch of env.source.read(mixed, {
      columns: ['id'],
      batchRows: 100,
      batchBytes: 1 << 20,
    }))
      n += batch.rows.length;
    return n;
  };

  it('reports an error raised mid-result with the table and the server error number', async () => {
    env.emulator.faults.set({
      errorMidResult: {
        table: 'gen.mixed',
        afterRows: 1000,
        error: { number: 1205, message: 'Transaction was deadlocked' },
      },
    });
    const e = await readAll().then(
      () => undefined,
      (err: unknown) => err as FerryError,
    );
    expect(e).toBeInstanceOf(FerryError);
    expect(e!.message).toMatch(/gen\.mixed failed \(error 1205\): .*deadlocked/);
    expect(e!.code).toBe('SOURCE_QUERY_FAILED');
    expect(await readAll()).toBe(100_000);
  });

  it('reports a dropped connection as transient, and the pool recovers for the retry', async () => {
    env.emulator.faults.set({ dropConnection: { table: 'gen.mixed', afterRows: 1000 } });
    const e = await readAll().then(
      () => undefined,
      (err: unknown) => err as FerryError,
    );
    expect(e).toBeInstanceOf(FerryError);
    expect(e!.transient).toBe(true);
    expect(e!.code).toBe('SOURCE_CONNECTION_LOST');
    expect(await readAll()).toBe(100_000);
  });
});
