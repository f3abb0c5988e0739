// Names the rows of a key range whose digests differ between source and target, without holding the
// range's rows: both sides sum their digests per bucket of the key's digest (the target on its
// server), then only the rows of the first buckets that differ are compared, by key.

import type { LogicalType } from '../model/logical-type.js';
import type { KeyRange } from '../plugins/endpoint.js';
import type { Batch } from '../pipeline/batch.js';
import { binaryData } from '../pipeline/binary-rows.js';
import { describeKey } from './digest-keys.js';
import { digestValue, RowDigester, type DigestField, type TableDigester } from './row-digest.js';

/** Rows per bucket aimed at: the rows of a bucket that differs are held on both sides. */
const rowsPerBucket = 1024;
/** Buckets whose rows are compared (the rest are counted). */
const bucketsCompared = 8;
/** Rows named in a mismatch (the rest are counted). */
const rowsNamed = 20;

export interface LocateOptions {
  digester: TableDigester;
  range: KeyRange | undefined;
  /** Reads the range's source rows again, in the binary row format. */
  sourceRows: () => AsyncIterable<Batch>;
  fields: readonly DigestField[];
  /** Key columns (target names), their positions among the fields and their types. */
  key: readonly string[];
  keyAt: readonly number[];
  keyTypes: readonly LogicalType[];
  /** The larger of the two sides' row counts. */
  rows: number;
}

/** One line per differing row (`id=5: values differ`), and a last line for those left out. */
export async function locateRows(options: LocateOptions): Promise<string[]> {
  const { digester, range } = options;
  let count = 1;
  while (count * rowsPerBucket < options.rows && count < 1 << 16) count *= 2;
  const buckets = { key: options.key, count };
  const [targetSums, sourceSums] = await Promise.all([
    digester.sums(range, buckets),
    sourceBuckets(options, count),
  ]);
  const differing = new Set<number>();
  const target = new Map(targetSums.map((s) => [s.bucket!, s]));
  for (const [bucket, s] of sourceSums) {
    const t = target.get(bucket);
    if (!t || t.count !== s.count || t.sum !== s.sum) differing.add(bucket);
  }
  for (const bucket of target.keys()) if (!sourceSums.has(bucket)) differing.add(bucket);
  const only = [...differing].sort((a, b) => a - b).slice(0, bucketsCompared);
  const [targetRows, sourceRows] = await Promise.all([
    digester.rows(range, { ...buckets, only }),
    sourceRowsOf(options, count, new Set(only)),
  ]);

  const lines: string[] = [];
  const name = (key: Buffer) => describeKey(key, options.key, options.keyTypes);
  for (const row of targetRows) {
    const k = row.key.toString('base64');
    const digests = sourceRows.rows.get(k);
    const same = digests?.indexOf(row.digest) ?? -1;
    if (same >= 0) digests!.splice(same, 1);
    else if (digests?.length) {
      digests.pop();
      lines.push(`${name(row.key)}: values differ`);
    } else lines.push(`${name(row.key)}: only on the target`);
    if (digests && !digests.length) sourceRows.rows.delete(k);
  }
  for (const [k, digests] of sourceRows.rows)
    for (let i = 0; i < digests.length; i++)
      lines.push(`${name(Buffer.from(k, 'base64'))}: missing on the target`);
  const named = lines.slice(0, rowsNamed);
  const more: string[] = [];
  if (lines.length > named.length) more.push(`${lines.length - named.length} more rows`);
  if (differing.size > only.length)
    more.push(`the rows of ${differing.size - only.length} more key buckets that differ`);
  if (sourceRows.valueRows)
    more.push(`${sourceRows.valueRows} source rows holding a value the target cannot store as it is`);
  if (more.length) named.push(`not listed: ${more.join(', ')}`);
  return named;
}

/** The source's row count and digest sum per bucket of the key digest. */
async function sourceBuckets(options: LocateOptions, count: number) {
  const sums = new Map<number, { count: number; sum: bigint }>();
  await eachSourceRow(options, count, (bucket, digest) => {
    const s = sums.get(bucket);
    if (s) {
      s.count++;
      s.sum = BigInt.asUintN(64, s.sum + digest());
    } else sums.set(bucket, { count: 1, sum: digest() });
  });
  return sums;
}

/** The source rows of the buckets `only`: their digests by key (base64 of its digest form). */
async function sourceRowsOf(options: LocateOptions, count: number, only: ReadonlySet<number>) {
  const rows = new Map<string, bigint[]>();
  const valueRows = await eachSourceRow(options, count, (bucket, digest, key) => {
    if (!only.has(bucket)) return;
    const k = key().toString('base64');
    const digests = rows.get(k);
    if (digests) digests.push(digest());
    else rows.set(k, [digest()]);
  });
  return { rows, valueRows };
}

/** Calls `each` with every binary source row's bucket; returns the number of value rows (no digest). */
async function eachSourceRow(
  options: LocateOptions,
  count: number,
  each: (bucket: number, digest: () => bigint, key: () => Buffer) => void,
): Promise<number> {
  const digester = new RowDigester(options.fields, options.keyAt);
  const rowHash = new Uint32Array(2);
  const digest = () => digestValue(rowHash);
  const key = () => digester.keyForm();
  let valueRows = 0;
  for await (const batch of options.sourceRows()) {
    if (!batch.binary) {
      valueRows += batch.rows.length;
      continue;
    }
    const data = binaryData(batch.binary);
    for (let at = 0; at < data.length;) {
      const end = digester.row(data, at, rowHash);
      // After the row: the key's form stays in the digester for `key`.
      digester.keyOf(data, at);
      each(digester.hash[1] & (count - 1), digest, key);
      at = end;
    }
  }
  return valueRows;
}
