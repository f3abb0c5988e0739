import { describe, expect, it } from 'vitest';
import type { DataTask } from '../src/pipeline/data-task.js';
import { parseValueJson, reviveValueJson, stringifyValueJson } from '../src/plugins/value-json.js';

describe('value JSON', () => {
  const task: DataTask = {
    id: 'app.t#1',
    source: 'dbo.t',
    target: 'app.t',
    range: {
      index: 1,
      key: ['id', 'tag'],
      lower: [9007199254740993n, Buffer.from([0, 255])],
      upper: [9007199254740999n, null],
    },
    rowEstimate: 10,
  };

  it('round-trips tasks with bigint and binary key bounds exactly', () => {
    const back = parseValueJson(stringifyValueJson(task)) as DataTask;
    expect(back).toEqual(task);
    expect(back.range!.lower![0]).toBe(9007199254740993n);
    expect(Buffer.isBuffer(back.range!.lower![1])).toBe(true);
  });

  it('writes bigint and Buffer as tagged objects that plain JSON readers can still parse', () => {
    expect(JSON.parse(stringifyValueJson([1n, Buffer.from('hi'), 'text\u0000', null]))).toEqual([
      { $bigint: '1' },
      { $hex: '6869' },
      'text\u0000',
      null,
    ]);
  });

  it('revives values already parsed by a driver (e.g. a jsonb column)', () => {
    expect(reviveValueJson({ lower: [{ $bigint: '-5' }], key: ['id'] })).toEqual({
      lower: [-5n],
      key: ['id'],
    });
  });
});
