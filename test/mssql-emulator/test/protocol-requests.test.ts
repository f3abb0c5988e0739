// SQL batches and RPC requests: multiple result sets and row counts (DONE/DONEINPROC/DONEPROC),
// errors and messages, typed sp_executesql parameters, output parameters, ATTENTION, packet splitting.

import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcParameter, StatementResult } from '../src/engine-api.js';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { FIXTURE_PASSWORD, fixtureEngine, select, type FixtureEngine } from './protocol-fixture-engine.js';

const INT = { name: 'int' };
let aborted = 0;
let lastRpcParams: RpcParameter[] = [];

async function* endless(signal: AbortSignal): AsyncIterable<unknown[]> {
  signal.addEventListener('abort', () => aborted++);
  for (let i = 1; ; i++) {
    if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    yield [i];
  }
}

const batches: Record<string, (signal: AbortSignal) => StatementResult[] | AsyncIterable<StatementResult>> = {
  'two results': () => [
    ...select([{ name: 'a', type: INT, nullable: false }], [[1], [2]]),
    { kind: 'done', rowCount: 5 },
    ...select([{ name: 'b', type: { name: 'nvarchar', length: 5 }, nullable: true }], [['x']]),
  ],
  'bad object': () => [
    {
      kind: 'error',
      error: { number: 208, state: 1, class: 16, message: "Invalid object name 'nope'.", lineNumber: 3 },
    },
  ],
  'rows then error': () => [
    ...select([{ name: 'a', type: INT, nullable: false }], [[1]]),
    {
      kind: 'error',
      error: {
        number: 8134,
        state: 1,
        class: 16,
        message: 'Divide by zero error encountered.',
        lineNumber: 2,
      },
    },
  ],
  'info then rows': () => [
    { kind: 'info', info: { number: 50000, state: 1, class: 0, message: 'hello from PRINT', lineNumber: 1 } },
    ...select([{ name: 'a', type: INT, nullable: false }], [[1]]),
  ],
  'unsupported type': () => select([{ name: 'g', type: { name: 'cursor' }, nullable: true }], [[null]]),
  'bad value': () => select([{ name: 'n', type: INT, nullable: false }], [[1], ['two']], 'dbo.t'),
  'engine throws': () => {
    throw new Error('boom in the engine');
  },
  'use db': () => [{ kind: 'envchange-database', database: 'pubs' }, { kind: 'done' }],
  endless: (signal) => [
    {
      kind: 'rows',
      resultSet: { columns: [{ name: 'i', type: INT, nullable: false }], rows: endless(signal) },
    },
  ],
  'big result': () =>
    select(
      [{ name: 's', type: { name: 'nvarchar', length: 4000 }, nullable: false }],
      Array.from({ length: 50 }, (_, i) => [`${i}:${'é😀'.repeat(1000)}`]),
    ),
};

describe('requests', () => {
  let em: RunningEmulator;
  let pool: sql.ConnectionPool;
  let engine: FixtureEngine;
  beforeAll(async () => {
    engine = fixtureEngine({
      batch: (q, signal) =>
        batches[q]?.(signal) ??
        (q.startsWith('echo ')
          ? select([{ name: 'len', type: INT, nullable: false }], [[q.length]])
          : undefined),
      rpc: (procedure, params) => {
        if (procedure === 'sp_executesql' && String(params[0].value) === 'typed params') {
          lastRpcParams = params;
          return [
            ...select([{ name: 'n', type: INT, nullable: false }], [[params.length]]),
            {
              kind: 'return-value',
              name: '@doubled',
              type: INT,
              value: 2 * Number(params.find((p) => p.name === '@i')?.value),
            },
          ];
        }
        if (procedure === 'dbo.answer') return [{ kind: 'return-status', status: 42 }];
        return undefined;
      },
    });
    em = await startEmulator({ engine, password: FIXTURE_PASSWORD });
    pool = await new sql.ConnectionPool(em.config).connect();
  });
  afterAll(async () => {
    await pool?.close();
    await em?.close();
  });

  it('returns several result sets and the row counts of each statement', async () => {
    const r = await pool.request().batch('two results');
    expect((r.recordsets as sql.IRecordSet<unknown>[]).map((s) => [...s])).toEqual([
      [{ a: 1 }, { a: 2 }],
      [{ b: 'x' }],
    ]);
    expect(r.rowsAffected).toEqual([2, 5, 1]);
  });

  it('raises SQL Server errors with number, state, class and line', async () => {
    const err = await pool
      .request()
      .batch('bad object')
      .catch((e) => e);
    expect(err).toBeInstanceOf(sql.RequestError);
    expect(err.message).toBe("Invalid object name 'nope'.");
    expect([err.number, err.state, err.class, err.lineNumber, err.serverName]).toEqual([
      208,
      1,
      16,
      3,
      'ferry-mssql-emulator',
    ]);
  });

  it('an error after rows ends that statement with DONE_ERROR; the connection stays usable', async () => {
    const err = await pool
      .request()
      .batch('rows then error')
      .catch((e) => e);
    expect(err.number).toBe(8134);
    expect((await pool.request().batch('two results')).rowsAffected).toEqual([2, 5, 1]);
  });

  it('passes INFO messages (PRINT) to the client', async () => {
    const request = pool.request();
    const infos: string[] = [];
    request.on('info', (m) => infos.push(m.message));
    const r = await request.batch('info then rows');
    expect(infos).toEqual(['hello from PRINT']);
    expect(r.recordset).toEqual([{ a: 1 }]);
  });

  it('reports a database change with ENVCHANGE and message 5701', async () => {
    const request = pool.request();
    const infos: number[] = [];
    request.on('info', (m) => infos.push(m.number));
    await request.batch('use db');
    expect(infos).toEqual([5701]);
  });

  it('a type the TDS layer cannot send and a wrong value become errors naming the column and row', async () => {
    await expect(pool.request().batch('unsupported type')).rejects.toThrow(
      /column 'g': SQL Server type 'cursor' is not supported/,
    );
    await expect(pool.request().batch('bad value')).rejects.toThrow(
      /row 2 of dbo\.t, column 'n': int value must be an integer/,
    );
  });

  it('decodes typed sp_executesql parameters into canonical values', async () => {
    const r = pool.request();
    r.input('i', sql.Int, -5);
    r.input('big', sql.BigInt, '9007199254740993');
    r.input('dec', sql.Decimal(38, 4), 12345.6789);
    r.input('money', sql.Money, 12.34);
    r.input('f', sql.Float, 0.1);
    r.input('b', sql.Bit, true);
    r.input('s', sql.NVarChar(50), 'héllo 😀');
    r.input('vc', sql.VarChar(50), 'café €');
    r.input('max', sql.NVarChar(sql.MAX), 'x'.repeat(10_000));
    r.input('bin', sql.VarBinary(sql.MAX), Buffer.from([1, 2, 3]));
    r.input('u', sql.UniqueIdentifier, '6F9619FF-8B86-D011-B42D-00C04FC964FF');
    r.input('d', sql.Date, new Date(Date.UTC(2024, 1, 29)));
    r.input('dt2', sql.DateTime2(7), new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789)));
    r.input('dto', sql.DateTimeOffset(3), new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 5)));
    r.input('dt', sql.DateTime, new Date(Date.UTC(2024, 1, 29, 1, 2, 3, 997)));
    r.input('t', sql.Time(3), new Date(Date.UTC(1970, 0, 1, 23, 59, 59, 999)));
    r.input('nul', sql.Int, null);
    r.output('doubled', sql.Int);
    const result = await r.query('typed params');
    expect(result.output.doubled).toBe(-10);
    const byName = Object.fromEntries(lastRpcParams.map((p) => [p.name, p.value]));
    expect(byName).toMatchObject({
      '@i': -5,
      '@big': 9007199254740993n,
      '@dec': '12345.6789',
      '@money': '12.3400',
      '@f': 0.1,
      '@b': true,
      '@s': 'héllo 😀',
      '@vc': 'café €',
      '@max': 'x'.repeat(10_000),
      '@u': '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      '@d': '2024-02-29',
      '@dt2': '2024-02-29 12:34:56.7890000',
      '@dto': '2024-02-29 12:00:00.005+00:00',
      '@dt': '2024-02-29 01:02:03.997',
      '@t': '23:59:59.999',
      '@nul': null,
    });
    expect(byName['@bin']).toEqual(Buffer.from([1, 2, 3]));
    expect(lastRpcParams.find((p) => p.name === '@dec')?.type).toEqual({
      name: 'decimal',
      precision: 38,
      scale: 4,
    });
    expect(lastRpcParams.find((p) => p.name === '@doubled')?.output).toBe(true);
  });

  it('runs transactions begun and committed through the TDS transaction manager API', async () => {
    const tx = new sql.Transaction(pool);
    await tx.begin(sql.ISOLATION_LEVEL.SNAPSHOT);
    expect((await new sql.Request(tx).batch('two results')).rowsAffected).toEqual([2, 5, 1]);
    await tx.commit();
    const rolledBack = new sql.Transaction(pool);
    await rolledBack.begin();
    await rolledBack.rollback();
    expect(engine.batches.filter((b) => /TRANSACTION/.test(b)).slice(-4)).toEqual([
      'SET TRANSACTION ISOLATION LEVEL SNAPSHOT;\nBEGIN TRANSACTION',
      'COMMIT TRANSACTION',
      'SET TRANSACTION ISOLATION LEVEL READ COMMITTED;\nBEGIN TRANSACTION',
      'ROLLBACK TRANSACTION',
    ]);
  });

  it('an exception inside the engine becomes an error for the request, not a dropped connection', async () => {
    await expect(pool.request().batch('engine throws')).rejects.toThrow('Emulator error: boom in the engine');
    expect((await pool.request().batch('two results')).rowsAffected).toEqual([2, 5, 1]);
  });

  it('calls other procedures by name and returns their RETURN status', async () => {
    const r = await pool.request().execute('dbo.answer');
    expect(r.returnValue).toBe(42);
  });

  it('cancels a streaming result (ATTENTION): the engine is told to stop and the connection is reused', async () => {
    const before = aborted;
    const request = pool.request();
    request.stream = true;
    let rows = 0;
    const outcome = new Promise<Error>((resolve) => {
      request.on('row', () => {
        if (++rows === 1000) request.cancel();
      });
      request.on('error', (e) => resolve(e));
      request.on('done', () => resolve(new Error('finished without cancel')));
    });
    void request.batch('endless');
    const err = await outcome;
    expect((err as sql.RequestError).code).toBe('ECANCEL');
    await expect.poll(() => aborted).toBe(before + 1);
    expect((await pool.request().batch('two results')).rowsAffected).toEqual([2, 5, 1]);
  });

  it('splits responses and reassembles requests at a small negotiated packet size', async () => {
    const small = await new sql.ConnectionPool({
      ...em.config,
      options: { ...em.config.options, packetSize: 512 },
    }).connect();
    try {
      const r = await small.request().batch('big result');
      expect(r.recordset).toHaveLength(50);
      expect(r.recordset[49].s).toBe(`49:${'é😀'.repeat(1000)}`);
      const text = `echo ${'ü'.repeat(20_000)}`;
      expect((await small.request().batch(text)).recordset).toEqual([{ len: text.length }]);
    } finally {
      await small.close();
    }
  });
});
