import { describe, expect, it } from 'vitest';
import { validateTable } from '../src/validate/validate-table.js';
import { transfer } from '../src/pipeline/transfer.js';
import type { TableMapping } from '../src/rules/table-mapping.js';
import { collectingTarget, generatorSource, identityMapping, nullTarget } from '../src/testing/index.js';

const settings = { batchRows: 250, batchBytes: 1 << 20 };

async function loaded(mapping?: (m: TableMapping) => TableMapping) {
  const source = generatorSource({ tables: [{ schema: 'dbo', name: 'Orders', rows: 2_000 }] });
  const { model } = await source.introspect();
  const base = identityMapping(model.tables[0], { targetSchema: 'app' });
  const m = mapping ? mapping(base) : base;
  const target = collectingTarget();
  await transfer({ source, target, mapping: m, ...settings });
  const ranges = await source.ranges!(model.tables[0], 4);
  return { source, target, mapping: m, ranges };
}

describe('validateTable', () => {
  it('matches counts and checksums per key range after a load', async () => {
    const { source, target, mapping, ranges } = await loaded();
    const v = await validateTable({ source, target, mapping, ranges, ...settings });
    expect(v).toMatchObject({
      table: 'app.Orders',
      source: 'dbo.Orders',
      method: 'checksum',
      match: true,
      mismatches: [],
    });
    expect(v.ranges.map((r) => r.sourceCount)).toEqual([500, 500, 500, 500]);
    expect(v.ranges.every((r) => r.sourceChecksum === r.targetChecksum)).toBe(true);
  });

  it('names the table and the key range of a changed value', async () => {
    const { source, target, mapping, ranges } = await loaded();
    const row = target.rows('app.Orders').find((r) => r[0] === 1_200)!;
    row[3] = '1.0001'; // amount changed in range 2 (ids 1001..1500)
    const v = await validateTable({ source, target, mapping, ranges, ...settings });
    expect(v.match).toBe(false);
    expect(v.ranges.map((r) => r.match)).toEqual([true, true, false, true]);
    expect(v.mismatches).toHaveLength(1);
    expect(v.mismatches[0]).toMatch(
      /^app\.Orders \(from dbo\.Orders\), range 2 \(id >= 1001 and < 1501\): same count \(500\) but checksums differ/,
    );
  });

  it('names the key range of a missing row by its counts', async () => {
    const { source, target, mapping, ranges } = await loaded();
    const rows = target.rows('app.Orders');
    rows.splice(
      rows.findIndex((r) => r[0] === 10),
      1,
    );
    const v = await validateTable({ source, target, mapping, ranges, ...settings });
    expect(v.mismatches).toEqual([
      expect.stringContaining('range 0 (id < 501): 500 source rows, 499 target rows'),
    ]);
  });

  it('validates renamed columns and key ranges by the target names', async () => {
    const { source, target, mapping, ranges } = await loaded((m) => ({
      ...m,
      target: { ...m.target, columns: m.target.columns.map((c) => ({ ...c, name: c.name.toUpperCase() })) },
      columns: m.columns.map((c) => ({ ...c, target: c.target.toUpperCase() })),
    }));
    const v = await validateTable({ source, target, mapping, ranges, ...settings });
    expect(v.match).toBe(true);
    expect(v.ranges).toHaveLength(4);
  });

  it('compares the source rows as the row transform shaped them', async () => {
    const { source, target, mapping } = await loaded((m) => ({
      ...m,
      transform: (r) => ((r.id as number) % 2 === 0 ? null : { ...r, code: `X${String(r.code)}` }),
    }));
    const v = await validateTable({ source, target, mapping, ...settings });
    expect(v.match).toBe(true);
    expect(v.ranges[0].targetCount).toBe(1_000);
    expect(v.note).toBe(
      'compared after its row transform, which changed the source rows: "match" means a match after your transforms, not with the source as stored',
    );
  });

  it('says that checksums were turned off, not that the target cannot read rows back', async () => {
    const { source, target, mapping } = await loaded();
    const v = await validateTable({ source, target, mapping, checksums: false, ...settings });
    expect(v).toMatchObject({
      method: 'count',
      match: true,
      note: 'checksums turned off (validate.checksums: false): compared by count only',
    });
    expect(v.ranges[0].sourceChecksum).toBeUndefined();
  });

  it('compares by count only, and says so, when the target cannot read rows back', async () => {
    const source = generatorSource({ tables: [{ schema: 'dbo', name: 'T', rows: 1_234 }] });
    const { model } = await source.introspect();
    const mapping = identityMapping(model.tables[0]);
    const target = nullTarget();
    await transfer({ source, target, mapping, ...settings });
    const v = await validateTable({ source, target, mapping });
    expect(v).toMatchObject({
      method: 'count',
      match: true,
      note: 'target null cannot read rows back: compared by count only',
    });
    expect(v.ranges[0]).toMatchObject({ sourceCount: 1_234, targetCount: 1_234 });
    expect(v.ranges[0].sourceChecksum).toBeUndefined();
  });

  it('names the table and key range when reading a side fails', async () => {
    const { target, mapping, ranges } = await loaded();
    const failing = generatorSource({
      tables: [{ schema: 'dbo', name: 'Orders', rows: 2_000, failAt: 1_700 }],
    });
    await expect(validateTable({ source: failing, target, mapping, ranges, ...settings })).rejects.toThrow(
      /^validating app\.Orders \(from dbo\.Orders\), range 3 \(id >= 1501\): generated failure at row 1700$/,
    );
  });

  it('asks a source that hashes LOBs for digests only when its rows reach the checksum as read', async () => {
    const { source, target, mapping } = await loaded();
    const asked: (boolean | undefined)[] = [];
    const hashingSource = {
      ...source,
      readsLobDigests: true,
      read: (t: Parameters<typeof source.read>[0], o: Parameters<typeof source.read>[1]) => {
        asked.push(o.lobDigests);
        return source.read(t, o);
      },
    };
    const hashingTarget = { ...target, readsLobDigests: true, read: target.read!.bind(target) };
    expect(
      (await validateTable({ source: hashingSource, target: hashingTarget, mapping, ...settings })).match,
    ).toBe(true);
    const transformed: TableMapping = { ...mapping, transform: (r) => r };
    await validateTable({ source: hashingSource, target: hashingTarget, mapping: transformed, ...settings });
    // A target that cannot hash: nor is the source asked (both sides must digest the same way).
    await validateTable({ source: hashingSource, target, mapping, ...settings });
    expect(asked).toEqual([true, undefined, undefined]);
  });
});
