// Names the rows of a key range that differ between source and target, without holding the range's
// rows: both sides sum their rows' digests per bucket of the key (a target that digests rows does it
// on its server), then only the rows of the first buckets that differ are compared, by key (a range
// of a few buckets' rows is compared whole).

import type { LogicalType } from '../model/logical-type.js';
import type { KeyRange } from '../plugins/endpoint.js';
import type { Batch, Row } from '../pipeline/batch.js';
import { binaryData } from '../pipeline/binary-rows.js';
import { describeKey, keyText } from './digest-keys.js';
import { digestValue, RowDigester, type DigestField, type TableDigester } from './row-digest.js';

/** Rows per bucket aimed at: the rows of a bucket that differs are held on both sides. */
const rowsPerBucket = 1024;
/** Buckets whose rows are compared (the rest are counted). */
const bucketsCompared = 8;
/** Rows named in a mismatch (the rest are counted). */
const rowsNamed = 20;

type BucketSums = Map<number, { count: number; sum: bigint }>;
/** Rows by key (an id both sides make alike): the key's name and the rows' digests. */
type KeyedRows = Map<string, { name: string; digests: bigint[] }>;

/** One side's rows of a range, by bucket of their key. */
export interface RowsSide {
  buckets(count: number): Promise<BucketSums>;
  /** The rows of the buckets `only`; `unkeyed` counts rows left out (a source's value rows). */
  rows(count: number, only: ReadonlySet<number>): Promise<{ rows: KeyedRows; unkeyed: number }>;
}

/** Key columns: their names, positions among the compared columns and types. */
export interface RowKey {
  names: readonly string[];
  at: readonly number[];
  types: readonly LogicalType[];
}

/** One line per differing row (`id=5: values differ`), and a last line for those left out. */
export async function locateRows(source: RowsSide, target: RowsSide, rows: number): Promise<string[]> {
  let count = 1;
  while (count * rowsPerBucket < rows && count < 1 << 16) count *= 2;
  // A range of no more buckets than are compared is compared whole, in one bucket: its rows are
  // read once more, not twice (bucket sums, then rows). The rows alike on both sides name nothing.
  if (count <= bucketsCompared) count = 1;
  const differing = count === 1 ? new Set([0]) : await differingBuckets(source, target, count);
  const only = new Set([...differing].sort((a, b) => a - b).slice(0, bucketsCompared));
  const [s, t] = await Promise.all([source.rows(count, only), target.rows(count, only)]);

  const lines: string[] = [];
  for (const [key, { name, digests }] of t.rows) {
    const theirs = s.rows.get(key)?.digests ?? [];
    for (const digest of digests) {
      const same = theirs.indexOf(digest);
      if (same >= 0) theirs.splice(same, 1);
      else if (theirs.pop() !== undefined) lines.push(`${name}: values differ`);
      else lines.push(`${name}: only on the target`);
    }
  }
  for (const { name, digests } of s.rows.values())
    for (let i = 0; i < digests.length; i++) lines.push(`${name}: missing on the target`);
  const named = lines.slice(0, rowsNamed);
  const more: string[] = [];
  if (lines.length > named.length) more.push(`${lines.length - named.length} more rows`);
  if (differing.size > only.size)
    more.push(`the rows of ${differing.size - only.size} more key buckets that differ`);
  if (s.unkeyed) more.push(`${s.unkeyed} source rows holding a value the target cannot store as it is`);
  if (more.length) named.push(`not listed: ${more.join(', ')}`);
  return named;
}

/** The buckets whose rows differ: their counts or digest sums differ between the sides. */
async function differingBuckets(source: RowsSide, target: RowsSide, count: number): Promise<Set<number>> {
  const [sourceSums, targetSums] = await Promise.all([source.buckets(count), target.buckets(count)]);
  const differing = new Set<number>();
  for (const [bucket, s] of sourceSums) {
    const t = targetSums.get(bucket);
    if (!t || t.count !== s.count || t.sum !== s.sum) differing.add(bucket);
  }
  for (const bucket of targetSums.keys()) if (!sourceSums.has(bucket)) differing.add(bucket);
  return differing;
}

/** A target's rows digested on its server. */
export function digestedSide(
  digester: TableDigester,
  range: KeyRange | undefined,
  key: RowKey,
  signal: AbortSignal,
): RowsSide {
  const buckets = (count: number) => ({ key: key.names, count });
  return {
    async buckets(count) {
      const sums = await digester.sums(range, buckets(count), signal);
      return new Map(sums.map((s) => [s.bucket!, { count: s.count, sum: s.sum }]));
    },
    async rows(count, only) {
      const rows: KeyedRows = new Map();
      for (const row of await digester.rows(range, { ...buckets(count), only: [...only] }, signal))
        addRow(rows, row.key.toString('base64'), describeKey(row.key, key.names, key.types), row.digest);
      return { rows, unkeyed: 0 };
    },
  };
}

/** Calls `visit` with each row's bucket, digest and key (an id and a name); returns the rows left out. */
type EachRow = (
  count: number,
  visit: (bucket: number, digest: bigint, key: () => { id: string; name: string }) => void,
) => Promise<number>;

/** A side whose rows Ferry reads and digests (`each`). */
function readSide(each: EachRow): RowsSide {
  return {
    async buckets(count) {
      const sums: BucketSums = new Map();
      await each(count, (bucket, digest) => addToSum(sums, bucket, digest));
      return sums;
    },
    async rows(count, only) {
      const rows: KeyedRows = new Map();
      const unkeyed = await each(count, (bucket, digest, key) => {
        if (!only.has(bucket)) return;
        const { id, name } = key();
        addRow(rows, id, name, digest);
      });
      return { rows, unkeyed };
    },
  };
}

/** Binary rows (the fast path's), digested in Ferry as the target digests its own. */
export function binarySide(
  read: () => AsyncIterable<Batch>,
  fields: readonly DigestField[],
  key: RowKey,
): RowsSide {
  return readSide(async (count, visit) => {
    const digester = new RowDigester(fields, key.at);
    const hash = new Uint32Array(2);
    const keyOf = () => {
      const form = digester.keyForm();
      return { id: form.toString('base64'), name: describeKey(form, key.names, key.types) };
    };
    let unkeyed = 0;
    for await (const batch of read()) {
      if (!batch.binary) {
        unkeyed += batch.rows.length;
        continue;
      }
      const data = binaryData(batch.binary);
      for (let at = 0; at < data.length;) {
        const end = digester.row(data, at, hash);
        // After the row: the key's form stays in the digester for `keyForm`.
        digester.keyOf(data, at);
        visit(digester.hash[1] & (count - 1), digestValue(hash), keyOf);
        at = end;
      }
    }
    return unkeyed;
  });
}

/** Value rows, hashed by `hashRow` (checksum-rows.ts), keyed by their normalised key values. */
export function valueSide(
  read: () => AsyncIterable<Batch>,
  hashRow: (row: Row, out: Uint32Array) => void,
  key: RowKey,
): RowsSide {
  return readSide(async (count, visit) => {
    const hash = new Uint32Array(2);
    for await (const batch of read())
      for (const row of batch.rows) {
        const name = key.names
          .map((n, i) => `${n}=${keyText(key.types[i], row[key.at[i]] ?? null)}`)
          .join(', ');
        hashRow(row, hash);
        visit(stringHash(name) & (count - 1), digestValue(hash), () => ({ id: name, name }));
      }
    return 0;
  });
}

function addToSum(sums: BucketSums, bucket: number, digest: bigint): void {
  const s = sums.get(bucket);
  if (s) {
    s.count++;
    s.sum = BigInt.asUintN(64, s.sum + digest);
  } else sums.set(bucket, { count: 1, sum: digest });
}

function addRow(rows: KeyedRows, key: string, name: string, digest: bigint): void {
  const known = rows.get(key);
  if (known) known.digests.push(digest);
  else rows.set(key, { name, digests: [digest] });
}

/** FNV-1a over a string's code units (a bucket of value keys). */
function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
