import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RejectedRow } from '../src/plugins/endpoint.js';
import { RejectSpool } from '../src/pipeline/reject-spool.js';

const row = (id: number, secret: string): RejectedRow => ({
  table: 'app.accounts',
  rowNumber: id,
  key: { id },
  row: [id, secret],
  column: 'secret',
  code: 'VALUE_TOO_LONG',
  reason: `row ${id} is too long`,
});

describe('RejectSpool', () => {
  const previous = process.env.TMPDIR;
  afterEach(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  });

  it('leaves no file behind once open (a terminated thread or killed process leaves no rows), and reads its rows back', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'ferry-spool-test-'));
    process.env.TMPDIR = temp;
    const spool = new RejectSpool();
    try {
      await spool.add(row(1, 'p@ssw0rd'));
      expect(await readdir(temp)).toEqual([]);
      await spool.add(row(2, 'x'.repeat(100_000)));
      const read: RejectedRow[] = [];
      for await (const r of spool.rows()) read.push(r);
      expect(read).toEqual([row(1, 'p@ssw0rd'), row(2, 'x'.repeat(100_000))]);
      expect(await readdir(temp)).toEqual([]);
    } finally {
      await spool.close();
      await rm(temp, { recursive: true, force: true });
    }
  });
});
