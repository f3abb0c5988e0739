import { describe, expect, it } from 'vitest';
import { formatRange, mappingForTask } from '../src/pipeline/data-task.js';
import { generatorSource, identityMapping } from '../src/testing/index.js';

describe('formatRange', () => {
  it('renders single and composite key bounds readably, quoting text and showing binary as hex', () => {
    expect(formatRange(undefined)).toBe('whole table');
    expect(formatRange({ index: 0, key: ['id'] })).toBe('range 0 (all keys)');
    expect(formatRange({ index: 0, key: ['id'], upper: [100n] })).toBe('range 0 (id < 100)');
    expect(formatRange({ index: 3, key: ['region', 'id'], lower: ["O'Hare", 7], upper: ['Zurich', 1] })).toBe(
      "range 3 ((region, id) >= ('O''Hare', 7) and < ('Zurich', 1))",
    );
    expect(formatRange({ index: 1, key: ['hash'], lower: [Buffer.from([0xab, 0x01])] })).toBe(
      'range 1 (hash >= 0xab01)',
    );
  });
});

describe('mappingForTask', () => {
  it('finds the mapping by source and target name, and names an unknown one', async () => {
    const source = generatorSource({ tables: [{ schema: 'dbo', name: 'A', rows: 1 }] });
    const { model } = await source.introspect();
    const mapping = identityMapping(model.tables[0], { targetSchema: 'app' });
    expect(mappingForTask({ id: 'app.A', source: 'dbo.A', target: 'app.A', rowEstimate: 1 }, [mapping])).toBe(
      mapping,
    );
    expect(() =>
      mappingForTask({ id: 'app.B', source: 'dbo.B', target: 'app.B', rowEstimate: 1 }, [mapping]),
    ).toThrow('no table mapping for data task app.B (dbo.B -> app.B)');
  });
});
