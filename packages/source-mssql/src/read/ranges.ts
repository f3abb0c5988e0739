// Splits a table into key ranges: a single integer key by MIN/MAX arithmetic, any other key by
// boundaries sampled at row-count quantiles (ORDER BY key OFFSET n ROWS FETCH NEXT 1 ROWS ONLY).

import type { Column, KeyRange, Table, Value } from '@ferry/core';
import type { ConnectionPool } from 'mssql';
import { queryRows } from '../connection.js';
import { splitKey } from './key-predicate.js';
import { quoteName, quoteTable, selectList } from './select-list.js';
import { decoderFor } from './values.js';

const integerKinds = new Set(['int8', 'int16', 'int32', 'int64']);

/** Builds ranges from sorted, distinct boundaries: [open, b1), [b1, b2), ..., [bn, open). */
export function rangesFromBoundaries(key: string[], boundaries: Value[][]): KeyRange[] {
  const out: KeyRange[] = [];
  for (let i = 0; i <= boundaries.length; i++) {
    const r: KeyRange = { index: i, key };
    if (i > 0) r.lower = boundaries[i - 1];
    if (i < boundaries.length) r.upper = boundaries[i];
    out.push(r);
  }
  return out;
}

/** Evenly spaced boundaries of [min, max] in at most `count` parts (fewer when the span is smaller). */
export function integerBoundaries(min: bigint, max: bigint, count: number): bigint[] {
  const span = max - min + 1n;
  const parts = span < BigInt(count) ? span : BigInt(count);
  const step = (span + parts - 1n) / parts;
  const out: bigint[] = [];
  for (let b = min + step; b <= max && BigInt(out.length) < parts - 1n; b += step) out.push(b);
  return out;
}

const sameValues = (a: Value[], b: Value[]) =>
  a.length === b.length &&
  a.every((v, i) => (Buffer.isBuffer(v) && Buffer.isBuffer(b[i]) ? v.equals(b[i] as Buffer) : v === b[i]));

export async function computeRanges(pool: ConnectionPool, table: Table, count: number): Promise<KeyRange[]> {
  const key = splitKey(table);
  const names = key.map((c) => c.name);
  if (key.length === 0 || count <= 1) return [{ index: 0, key: names }];
  const from = quoteTable(table);
  const object = `${table.schema}.${table.name}`;
  if (key.length === 1 && integerKinds.has(key[0]!.type.kind)) {
    const c = quoteName(key[0]!.name);
    const [row] = await queryRows<{ lo: unknown; hi: unknown }>(
      pool,
      `SELECT MIN(${c}) AS lo, MAX(${c}) AS hi FROM ${from}`,
      object,
    );
    if (row?.lo === null || row?.lo === undefined) return [{ index: 0, key: names }];
    const bounds = integerBoundaries(
      BigInt(row.lo as string | number),
      BigInt(row.hi as string | number),
      count,
    );
    const asValue = (b: bigint): Value => (key[0]!.type.kind === 'int64' ? b : Number(b));
    return rangesFromBoundaries(
      names,
      bounds.map((b) => [asValue(b)]),
    );
  }
  return rangesFromBoundaries(names, await sampledBoundaries(pool, table, key, count));
}

async function sampledBoundaries(
  pool: ConnectionPool,
  table: Table,
  key: Column[],
  count: number,
): Promise<Value[][]> {
  const from = quoteTable(table);
  const object = `${table.schema}.${table.name}`;
  const [row] = await queryRows<{ n: string | number }>(
    pool,
    `SELECT COUNT_BIG(*) AS n FROM ${from}`,
    object,
  );
  const total = Number(row?.n ?? 0);
  const orderBy = key.map((c) => quoteName(c.name)).join(', ');
  const decoders = key.map(decoderFor);
  const out: Value[][] = [];
  for (let i = 1; i < count; i++) {
    const offset = Math.floor((i * total) / count);
    if (offset === 0 || offset >= total) continue;
    const [b] = await queryRows<Record<string, unknown>>(
      pool,
      `SELECT ${selectList(key)} FROM ${from} ORDER BY ${orderBy} OFFSET ${offset} ROWS FETCH NEXT 1 ROWS ONLY`,
      object,
    );
    if (!b) continue;
    const values = key.map((c, j) => decoders[j]!(b[c.name] ?? null));
    if (out.length === 0 || !sameValues(out[out.length - 1]!, values)) out.push(values);
  }
  return out;
}
