import { describe, expect, it } from 'vitest';
import type { Batch, Row } from '../src/pipeline/batch.js';
import { NotSupportedError } from '../src/errors.js';
import {
  collectingTarget,
  generator,
  generatorSource,
  memory,
  mixedColumns,
  mixedRow,
  nullEndpoint,
} from '../src/testing/index.js';

const read = async (batches: AsyncIterable<Batch>) => {
  const rows: Row[] = [];
  for await (const b of batches) rows.push(...b.rows);
  return rows;
};
const opts = { batchRows: 64, batchBytes: 1 << 20 };

describe('generatorSource', () => {
  it('describes its tables with an integer primary key and the row estimate', async () => {
    const source = generatorSource({ tables: [{ schema: 'gen', name: 'T', rows: 42 }] });
    const { model } = await source.introspect();
    expect(model.schemas).toEqual(['gen']);
    expect(model.tables[0]).toMatchObject({
      schema: 'gen',
      name: 'T',
      rowEstimate: 42,
      primaryKey: { columns: ['id'] },
    });
    expect(model.tables[0].columns.map((c) => c.name)).toEqual(mixedColumns.map((c) => c.name));
  });

  it('splits a table into key ranges that together read every row exactly once, and counts them', async () => {
    const source = generatorSource({ tables: [{ schema: 'gen', name: 'T', rows: 1_001 }] });
    const { model } = await source.introspect();
    const table = model.tables[0];
    const ranges = await source.ranges!(table, 3);
    expect(ranges).toHaveLength(3);
    const ids: number[] = [];
    let counted = 0;
    for (const range of ranges) {
      const rows = await read(source.read(table, { ...opts, columns: ['id'], range }));
      ids.push(...rows.map((r) => r[0] as number));
      counted += await source.count(table, range);
    }
    expect(ids).toEqual(Array.from({ length: 1_001 }, (_, i) => i + 1));
    expect(counted).toBe(1_001);
  });

  it('yields batches of at most batchRows, with values in the asked column order', async () => {
    const source = generatorSource({ tables: [{ schema: 'gen', name: 'T', rows: 200 }] });
    const { model } = await source.introspect();
    const sizes: number[] = [];
    for await (const b of source.read(model.tables[0], { ...opts, columns: ['uid', 'id'] })) {
      sizes.push(b.rows.length);
      expect(b.rows[0]).toEqual([mixedRow((b.rows[0][1] as number) - 1)[7], b.rows[0][1]]);
    }
    expect(sizes).toEqual([64, 64, 64, 8]);
  });

  it('refuses a where filter and a generator whose key is not i + 1', async () => {
    const source = generatorSource({
      tables: [
        {
          schema: 'gen',
          name: 'T',
          rows: 5,
          columns: [{ name: 'id', type: { kind: 'int64' } }],
          generate: (i) => [BigInt(i)],
        },
      ],
    });
    const { model } = await source.introspect();
    await expect(
      read(source.read(model.tables[0], { ...opts, columns: ['id'], where: 'id > 1' })),
    ).rejects.toBeInstanceOf(NotSupportedError);
    await expect(read(source.read(model.tables[0], { ...opts, columns: ['id'] }))).rejects.toThrow(
      /generated row 0 has key 0, expected 1/,
    );
  });
});

describe('collectingTarget', () => {
  it('records the plan steps it applied and stores committed rows', async () => {
    const source = generatorSource({ tables: [{ schema: 'gen', name: 'T', rows: 3 }] });
    const { model } = await source.introspect();
    const target = collectingTarget();
    const plan = await target.plan(model, { prep: () => 'drop-and-create' });
    for (const step of plan.steps) await target.apply(step);
    expect(target.applied.map((s) => `${s.phase} ${s.kind} ${s.object}`)).toEqual([
      'pre-data schema gen',
      'pre-data table gen.T',
      'post-data primary-key gen.T',
    ]);
    async function* two(): AsyncIterable<Batch> {
      yield { rows: [[1], [2]], bytes: 2 };
    }
    const result = await target.write(model.tables[0], two(), { columns: ['id'] });
    expect(result).toEqual({ rows: 2, bytes: 2 });
    expect(target.rows('gen.T')).toEqual([[1], [2]]);
  });

  it('commits nothing of a write whose batch stream fails', async () => {
    const target = collectingTarget();
    const table = {
      schema: 'gen',
      name: 'T',
      columns: [],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    };
    async function* broken(): AsyncIterable<Batch> {
      yield { rows: [[1]], bytes: 1 };
      throw new Error('reader failed');
    }
    await expect(target.write(table, broken(), { columns: ['id'] })).rejects.toThrow('reader failed');
    expect(target.rows('gen.T')).toEqual([]);
  });
});

describe('test plugins', () => {
  it('are defined as plugins named generator, memory and null, with validated options', async () => {
    expect([generator.name, generator.kind, memory.name, memory.kind, nullEndpoint.name]).toEqual([
      'generator',
      'source',
      'memory',
      'target',
      'null',
    ]);
    const ref = generator({ tables: [{ name: 'T', rows: 10 }] });
    expect(ref.plugin).toMatchObject({ name: 'generator', kind: 'source' });
    const config = generator.configSchema.parse(ref.options);
    const source = await generator.create(config, { log: () => {}, notice: () => {}, cwd: '.' });
    const { model } = await source.introspect();
    expect(await source.count(model.tables[0])).toBe(10);
    expect(model.tables[0].schema).toBe('dbo');
    const bad = generator.configSchema.safeParse({ tables: [{ name: 'T', rows: -1 }] });
    expect(bad.success).toBe(false);
  });
});

describe('@ferry/core/testing exports', () => {
  it('offers the discarding target under the name configs use, null', async () => {
    const testing: Record<string, unknown> = await import('../src/testing/index.js');
    expect(testing.null).toBe(nullEndpoint);
  });
});
