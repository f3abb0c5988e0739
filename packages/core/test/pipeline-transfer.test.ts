import { describe, expect, it } from 'vitest';
import { transfer } from '../src/pipeline/transfer.js';
import { InterruptedError } from '../src/pipeline/interrupted-error.js';
import type { Row } from '../src/pipeline/batch.js';
import type { TableMapping } from '../src/rules/table-mapping.js';
import type { TargetEndpoint } from '../src/plugins/endpoint.js';
import { collectingTarget, generatorSource, identityMapping, nullTarget } from '../src/testing/index.js';

const columns = [
  { name: 'id', type: { kind: 'int32' as const } },
  { name: 'name', type: { kind: 'text' as const, length: 20, unicode: true, fixed: false } },
  { name: 'price', type: { kind: 'decimal' as const, precision: 10, scale: 2 } },
];
const row = (i: number): Row => [i + 1, `n${i}`, `${i}.50`];

async function setup(rows: number, extra: { failAt?: number } = {}) {
  const source = generatorSource({
    tables: [{ schema: 'dbo', name: 'Items', columns, rows, generate: row, ...extra }],
  });
  const { model } = await source.introspect();
  return { source, table: model.tables[0] };
}

const settings = { batchRows: 100, batchBytes: 1 << 20 };

describe('transfer', () => {
  it('copies every row of a table in target column order, with constants for added columns', async () => {
    const { source, table } = await setup(1_050);
    const target = collectingTarget();
    const mapping: TableMapping = {
      ...identityMapping(table, { targetSchema: 'app' }),
      columns: [
        { source: 'price', target: 'unit_price' },
        { source: 'id', target: 'item_id' },
        { target: 'origin', constant: 'mssql' },
      ],
      readColumns: ['id', 'price'],
    };
    const result = await transfer({ source, target, mapping, ...settings });
    expect(result.rows).toBe(1_050);
    expect(result.rowsRead).toBe(1_050);
    expect(result.bytes).toBeGreaterThan(0);
    expect(target.tables.get('app.Items')?.columns).toEqual(['unit_price', 'item_id', 'origin']);
    const rows = target.rows('app.Items');
    expect(rows).toHaveLength(1_050);
    expect(rows[0]).toEqual(['0.50', 1, 'mssql']);
    expect(rows[1_049]).toEqual(['1049.50', 1_050, 'mssql']);
  });

  it('calls a row transform with an object keyed by source column name and drops rows it nulls', async () => {
    const { source, table } = await setup(300);
    const target = collectingTarget();
    const seen: string[][] = [];
    const mapping = identityMapping(table, {
      transform: (r) => {
        if (seen.length < 1) seen.push(Object.keys(r));
        return (r.id as number) % 3 === 0 ? null : { ...r, name: String(r.name).toUpperCase() };
      },
    });
    const result = await transfer({ source, target, mapping, ...settings });
    expect(seen[0]).toEqual(['id', 'name', 'price']);
    expect(result.rowsRead).toBe(300);
    expect(result.rows).toBe(200);
    const rows = target.rows('dbo.Items');
    expect(rows.some((r) => (r[0] as number) % 3 === 0)).toBe(false);
    expect(rows[0]).toEqual([1, 'N0', '0.50']);
  });

  it('reports a source failure naming the table and the key range, and commits nothing', async () => {
    const { source, table } = await setup(1_000, { failAt: 700 });
    const target = collectingTarget();
    const [, second] = await source.ranges!(table, 2);
    const failure = transfer({ source, target, mapping: identityMapping(table), range: second, ...settings });
    await expect(failure).rejects.toThrow(
      /dbo\.Items -> dbo\.Items, range 1 \(id >= 501\): generated failure at row 700/,
    );
    expect(target.rows('dbo.Items')).toHaveLength(0);
  });

  it('stops reading when the target fails, and reports the target error', async () => {
    const { source, table } = await setup(10_000);
    const failing: TargetEndpoint = {
      ...nullTarget(),
      async write(_table, batches) {
        let n = 0;
        for await (const b of batches) {
          n += b.rows.length;
          if (n >= 300) throw new Error('disk full');
        }
        return { rows: n, bytes: 0 };
      },
    };
    await expect(
      transfer({ source, target: failing, mapping: identityMapping(table), ...settings }),
    ).rejects.toThrow(/dbo\.Items -> dbo\.Items, whole table: disk full/);
    // The reader stopped within a queue's worth of batches after the failure.
    expect(source.produced).toBeLessThan(300 + 4 * 100 + 2 * 100 + 1);
  });

  it('fails when the target returns before reading all rows', async () => {
    const { source, table } = await setup(2_000);
    const lazy: TargetEndpoint = { ...nullTarget(), write: async () => ({ rows: 0, bytes: 0 }) };
    await expect(
      transfer({ source, target: lazy, mapping: identityMapping(table), ...settings }),
    ).rejects.toThrow(/stopped before reading all rows/);
  });

  it('is interrupted by its abort signal: the target stream ends with an error and nothing is committed', async () => {
    const { source, table } = await setup(100_000);
    const target = collectingTarget();
    const ac = new AbortController();
    const run = transfer({
      source,
      target,
      mapping: identityMapping(table),
      ...settings,
      signal: ac.signal,
      onProgress: (rows) => rows >= 1_000 && ac.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect(target.rows('dbo.Items')).toHaveLength(0);
    expect(source.produced).toBeLessThan(100_000);
  });

  it('names a target column whose source column is not read', async () => {
    const { source, table } = await setup(10);
    const mapping: TableMapping = { ...identityMapping(table), readColumns: ['id'] };
    await expect(transfer({ source, target: nullTarget(), mapping, ...settings })).rejects.toThrow(
      /target column name reads source column name, which is not read/,
    );
  });
});

describe('transfer with a target that throws at once', () => {
  it('rejects and leaves no reader waiting', async () => {
    const { source, table } = await setup(5_000);
    const broken: TargetEndpoint = {
      ...nullTarget(),
      write: () => {
        throw new Error('not connected');
      },
    };
    await expect(
      transfer({ source, target: broken, mapping: identityMapping(table), ...settings }),
    ).rejects.toThrow(/dbo\.Items -> dbo\.Items, whole table: not connected/);
  });
});

describe('transfer and the error policy', () => {
  it("passes the table's policy to the target and reports its fixes and rejected rows", async () => {
    const { source, table } = await setup(10);
    const seen: unknown[] = [];
    const rejects: number[] = [];
    const policyTarget: TargetEndpoint = {
      ...nullTarget(),
      async write(_table, batches, options) {
        seen.push(options.onError);
        let rows = 0;
        for await (const b of batches) {
          for (const r of b.rows) {
            if ((r[0] as number) % 5 === 0) {
              await options.onReject?.({
                table: 'dbo.Items',
                rowNumber: rows + 1,
                key: { id: r[0] },
                column: 'name',
                code: 'TEST',
                reason: 'refused',
                row: r,
              });
            } else rows++;
          }
        }
        return { rows, bytes: 0, rejected: 2, fixes: { NUL_IN_TEXT: 3 } };
      },
    };
    const result = await transfer({
      source,
      target: policyTarget,
      mapping: identityMapping(table, { onError: 'reject' }),
      ...settings,
      onReject: (r) => void rejects.push(r.key.id as number),
    });
    expect(seen).toEqual(['reject']);
    expect(rejects).toEqual([5, 10]);
    expect(result).toMatchObject({ rows: 8, rowsRead: 10, rejected: 2, fixes: { NUL_IN_TEXT: 3 } });
  });
});
