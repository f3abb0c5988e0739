// Writes the rows a target rejected under the `reject` policy to an NDJSON file (one row a line,
// with its table, key, column and reason), opened only when the first row is rejected.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { redact, type RejectedRow, type Value } from '@ferry/core';

export interface RejectFile {
  readonly path: string;
  readonly count: number;
  /** Resolves once the file can take more (its buffer drained), so that rows wait on disk, not in memory. */
  write(rejected: RejectedRow, task: string): Promise<void>;
  close(): Promise<void>;
}

/** JSON-safe form of a value: bigint as a decimal string, binary as `\x` + hex (PostgreSQL's bytea text). */
function jsonValue(v: Value): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  return v;
}

export function rejectFile(path: string): RejectFile {
  let stream: WriteStream | undefined;
  let count = 0;
  return {
    path,
    get count() {
      return count;
    },
    async write(r, task) {
      if (!stream) {
        mkdirSync(dirname(path), { recursive: true });
        stream = createWriteStream(path);
      }
      count++;
      const key = Object.fromEntries(Object.entries(r.key).map(([k, v]) => [k, jsonValue(v)]));
      const line = {
        task,
        table: r.table,
        rowNumber: r.rowNumber,
        key,
        column: r.column,
        code: r.code,
        reason: r.reason,
        row: r.row.map(jsonValue),
      };
      // A row is data, but a value equal to a registered secret (a password stored in a table) is masked.
      if (!stream.write(`${redact(JSON.stringify(line))}\n`)) await once(stream, 'drain');
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        stream ? stream.end((e?: Error | null) => (e ? reject(e) : resolve())) : resolve(),
      ),
  };
}
