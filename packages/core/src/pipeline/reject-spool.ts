// The rows a task attempt rejected, held in a file until the attempt commits (a retried attempt's
// rows were rolled back, so they are never handed on): written as they are rejected and read back
// one at a time, so that memory holds one row, however many rows (or however large values) are
// rejected. The file is made at the first row and removed from its directory at once, only its handle
// kept: the rows' values (which may be secrets) are gone with the handle, closed by `close` or the
// end of the process, even when its thread is terminated or the process killed.

import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { RejectedRow } from '../plugins/endpoint.js';

export class RejectSpool {
  private file?: FileHandle;
  /** Bytes written so far. */
  private length = 0;

  /** Adds a row at the end of the file (its length, then its structured-clone bytes). */
  async add(row: RejectedRow): Promise<void> {
    this.file ??= await this.create();
    const body = serialize(row);
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    await this.file.write(head, 0, 4, this.length);
    await this.file.write(body, 0, body.length, this.length + 4);
    this.length += 4 + body.length;
  }

  /** The rows added, in order. */
  async *rows(): AsyncGenerator<RejectedRow> {
    if (!this.file) return;
    const head = Buffer.alloc(4);
    for (let at = 0; at < this.length;) {
      await this.file.read(head, 0, 4, at);
      const body = Buffer.alloc(head.readUInt32LE(0));
      await this.file.read(body, 0, body.length, at + 4);
      yield deserialize(body) as RejectedRow;
      at += 4 + body.length;
    }
  }

  /** Closes the file, which frees its space. */
  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    this.length = 0;
    await file?.close();
  }

  /** An open file that no path names. */
  private async create(): Promise<FileHandle> {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-rejected-'));
    try {
      return await open(join(dir, 'rows'), 'w+');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
