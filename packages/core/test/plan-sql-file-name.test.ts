import { describe, expect, it } from 'vitest';
import { sqlFileName } from '../src/plan/sql-file-name.js';

describe('sqlFileName', () => {
  it('names a step by number, phase, kind and object', () => {
    expect(
      sqlFileName(4, {
        id: 'x',
        phase: 'pre-data',
        kind: 'create-table',
        object: 'app.Order Line',
        statements: [],
      }),
    ).toBe('005-pre-data-create-table-app.Order_Line.sql');
  });

  it('shortens a step over many tables to a name the file system accepts (255 bytes)', () => {
    const object = Array.from({ length: 13 }, (_, i) => `northwind.größe_table_${i}`).join(', ');
    const name = sqlFileName(80, { id: 'x', phase: 'post-data', kind: 'analyze', object, statements: [] });
    expect(name).toBe('081-post-data-analyze-northwind.größe_table_0_northwind.größe__etc.sql');
    expect(Buffer.byteLength(name)).toBeLessThan(255);
  });
});
