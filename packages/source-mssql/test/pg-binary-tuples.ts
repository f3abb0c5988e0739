// Test helper: reads binary rows (PostgreSQL's binary COPY tuples) back into canonical values with
// core's binaryRowValues (the target's reader of refused tuples), not with the fast path's encoder.

import { binaryRowValues, tupleEnd, type Column, type Row } from '@ferry/core';

const EPOCH_2000 = Date.UTC(2000, 0, 1);

/** The rows of `data` (concatenated tuples of `columns`); timestamptz as microseconds since 2000 UTC, a bigint. */
export function readTuples(data: Buffer, columns: Column[]): Row[] {
  const types = columns.map((c) => c.type);
  const rows: Row[] = [];
  for (let at = 0; at < data.length; at = tupleEnd(data, at)) {
    const n = data.readInt16BE(at);
    if (n !== columns.length) throw new Error(`tuple of ${n} fields, expected ${columns.length}`);
    const row = binaryRowValues(data, at, types);
    rows.push(
      row.map((v, i) => (types[i].kind === 'timestamptz' && typeof v === 'string' ? instantMicros(v) : v)),
    );
  }
  return rows;
}

/** Microseconds since 2000-01-01 UTC of a canonical timestamptz (`YYYY-MM-DD HH:MM:SS[.f]+HH:MM`), to 1 µs. */
export function instantMicros(text: string): bigint {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?([+-])(\d\d):(\d\d)$/.exec(text)!;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  const offset = (Number(m[9]) * 60 + Number(m[10])) * (m[8] === '-' ? -1 : 1);
  const us = BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  return (BigInt(d.getTime() - EPOCH_2000) / 1000n - BigInt(offset * 60)) * 1_000_000n + us;
}
