import { describe, expect, it } from 'vitest';
import { ConfigError, ExitCode, FerryError } from '../src/errors.js';
import { InterruptedError } from '../src/pipeline/interrupted-error.js';
import { fromWire, reviveRejected, reviveTask, toWire } from '../src/run/task-workers/worker-protocol.js';

// What crosses between the main thread and a task worker goes through structured clone, as postMessage does.
const cloned = <T>(value: T): T => structuredClone(value);

describe('task worker messages', () => {
  it('bring binary key bounds and rejected values back as Buffers (a clone makes them plain Uint8Arrays)', () => {
    const key = Buffer.from([0, 1, 254]);
    const task = reviveTask(
      cloned({
        id: 'dbo.t#1',
        source: 'dbo.t',
        target: 'dbo.t',
        rowEstimate: 5,
        range: { index: 1, key: ['k'], lower: [key, 7n], upper: [Buffer.from([9])] },
      }),
    );
    expect(Buffer.isBuffer(task.range!.lower![0])).toBe(true);
    expect(task.range!.lower).toEqual([key, 7n]);
    expect(task.range!.upper).toEqual([Buffer.from([9])]);

    const rejected = reviveRejected(
      cloned({
        table: 'dbo.t',
        rowNumber: 3,
        key: { k: key },
        column: 'b',
        code: 'NUL_IN_TEXT',
        reason: 'text holds a NUL',
        row: [key, 'a\u0000b', null],
      }),
    );
    expect(Buffer.isBuffer(rejected.key.k)).toBe(true);
    expect(Buffer.isBuffer(rejected.row[0])).toBe(true);
    expect(rejected.row).toEqual([key, 'a\u0000b', null]);
  });

  it("keep a FerryError's code, where, hint, transient flag and exit code, and say an interrupt is one", () => {
    const config = fromWire(cloned(toWire(new ConfigError('bad config', [], { where: 'load.parallelism' }))));
    expect(config).toBeInstanceOf(FerryError);
    expect(config).toMatchObject({
      message: 'bad config',
      code: 'CONFIG_INVALID',
      where: 'load.parallelism',
      exitCode: ExitCode.usage,
    });
    const transient = fromWire(cloned(toWire(new FerryError('dropped', { transient: true, hint: 'retry' }))));
    expect(transient).toMatchObject({ transient: true, hint: 'retry', exitCode: ExitCode.failed });
    expect(fromWire(cloned(toWire(new InterruptedError('dbo.t#1'))))).toBeInstanceOf(InterruptedError);
    expect(fromWire(cloned(toWire(new TypeError('x is not a function'))))).toMatchObject({
      message: 'x is not a function',
      name: 'TypeError',
      code: 'FAILED',
    });
  });
});
