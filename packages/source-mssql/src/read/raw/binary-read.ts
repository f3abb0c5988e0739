// The fast path of a table read: which columns it can take, and the read itself (the query's raw
// response decoded by token-rows.ts).

import { binaryRowKinds, type Batch, type Column } from '@ferry/core';
import type { ConnectionPool } from 'mssql';
import type { SourceQuery } from '../query-parameters.js';
import { nativeName } from '../select-list.js';
import { canHookTedious, rawResponse } from './raw-response.js';
import { tokenRows } from './token-rows.js';

/** Legacy LOB types, sent with text pointers: read on the value path. */
const textPointerTypes = new Set(['text', 'ntext', 'image']);

/** Why the fast path cannot read `column`, or undefined when it can. */
export function binaryReadProblem(column: Column): string | undefined {
  if (!canHookTedious()) return 'this tedious version has no hook for raw reads';
  const native = nativeName(column);
  if (!binaryRowKinds.has(column.type.kind) || textPointerTypes.has(native))
    return `column ${column.name} is ${column.nativeType}, which the fast path does not decode`;
  return undefined;
}

export interface BinaryReadLimits {
  batchRows: number;
  batchBytes: number;
  fixValues?: boolean;
  signal?: AbortSignal;
}

/** Runs `query` (a plain SELECT of `columns` columns) and yields its rows as binary rows. */
export async function* readBinaryRows(
  pool: ConnectionPool,
  query: SourceQuery,
  columns: number,
  limits: BinaryReadLimits,
): AsyncGenerator<Batch> {
  const { signal } = limits;
  signal?.throwIfAborted();
  for await (const batch of tokenRows(rawResponse(pool, query, signal), { ...limits, columns })) {
    signal?.throwIfAborted();
    yield batch;
  }
}
