// Validation's row digest: a 64-bit hash of a row that a target such as PostgreSQL computes where the
// rows are stored (so they never travel to Ferry) and that Ferry computes on the source's binary rows
// (no value per field). A row's canonical bytes (its digest form, below) are hashed as PostgreSQL's
// `hashtextextended(encode(form, 'base64'), seed)` hashes them: Bob Jenkins' lookup3
// (hash_bytes_extended) over the base64 text, which breaks a line after every 76 characters. The
// digest of a key range is its row count and the sum of its rows' digests modulo 2^64 (independent of
// order; a duplicate row counts twice).

import type { LogicalType } from '../model/logical-type.js';
import type { KeyRange } from '../plugins/endpoint.js';

/**
 * How a field of a binary row (see pipeline/binary-rows.ts) enters the digest form, so that every
 * field is delimited without a length where its value has none to spare:
 * - `fixed` (a type of one byte length): 0x01 then the bytes; NULL is 0x00.
 * - `text`: the UTF-8 bytes then 0x00 (text holds no NUL); NULL is 0xFF (never in UTF-8).
 *   `paddedText` (char(n)): the same without trailing spaces, which are padding on both sides.
 * - `numeric`: the numeric's binary form (its header holds its length); NULL is 0xFF.
 * - `bytes`: an int32 length then the bytes; NULL is an int32 -1.
 */
export type DigestField = 'fixed' | 'text' | 'paddedText' | 'numeric' | 'bytes';

/** The digest field of a column of this logical type, or undefined for a type binary rows do not hold. */
export function digestField(type: LogicalType): DigestField | undefined {
  switch (type.kind) {
    case 'bool':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'float32':
    case 'float64':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'uuid':
      return 'fixed';
    case 'decimal':
      return 'numeric';
    case 'text':
      return type.fixed ? 'paddedText' : 'text';
    case 'binary':
    case 'rowversion':
      return 'bytes';
    default:
      return undefined;
  }
}

/** Row count and digest sum of a key range (or of one bucket of its keys, see `DigestBuckets`). */
export interface DigestSum {
  count: number;
  /** Sum of the row digests modulo 2^64. */
  sum: bigint;
  /** With `DigestBuckets`: the bucket. */
  bucket?: number;
}

/**
 * Rows split by the digest of their key (seed 1) modulo `count` (a power of two), so that a range
 * that differs is narrowed to the keys that differ without holding the range's rows.
 */
export interface DigestBuckets {
  /** Key columns (target names), among the digested columns. */
  key: readonly string[];
  count: number;
}

/** A row of a bucket: its key's digest form and the row's digest. */
export interface DigestedRow {
  key: Buffer;
  digest: bigint;
}

/**
 * A target's digests of one table's columns (`TargetEndpoint.digester`): computed by the target's
 * server, from the rows as stored.
 */
export interface TableDigester {
  /**
   * The range's digest; with `buckets`, one per non-empty bucket of the key digest. `signal` (here
   * and in `rows`) cancels the server's work.
   */
  sums(range: KeyRange | undefined, buckets?: DigestBuckets, signal?: AbortSignal): Promise<DigestSum[]>;
  /** The rows of the range that fall in the buckets `only`. */
  rows(
    range: KeyRange | undefined,
    buckets: DigestBuckets & { only: readonly number[] },
    signal?: AbortSignal,
  ): Promise<DigestedRow[]>;
}

/** Seeds: a row's digest, its key's digest (for buckets). */
export const rowSeed = 0;
export const keySeed = 1;

const rot = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/**
 * PostgreSQL's hash_bytes_extended (src/common/hashfn.c, a little-endian server) of `k[0, len)` with
 * a seed below 2^32: the 64-bit result as two 32-bit halves in `out` (high, low).
 */
export function hashBytesExtended(k: DataView, len: number, seed: number, out: Uint32Array): void {
  let a = (0x9e3779b9 + len + 3923095) | 0;
  let b = a;
  let c = a;
  // The seed is mixed in as a 12-byte block of its own (high half into a, low half into b).
  let mix = seed !== 0;
  b = (b + seed) | 0;
  let p = 0;
  for (;;) {
    if (mix) {
      a = (a - c) | 0;
      a ^= rot(c, 4);
      c = (c + b) | 0;
      b = (b - a) | 0;
      b ^= rot(a, 6);
      a = (a + c) | 0;
      c = (c - b) | 0;
      c ^= rot(b, 8);
      b = (b + a) | 0;
      a = (a - c) | 0;
      a ^= rot(c, 16);
      c = (c + b) | 0;
      b = (b - a) | 0;
      b ^= rot(a, 19);
      a = (a + c) | 0;
      c = (c - b) | 0;
      c ^= rot(b, 4);
      b = (b + a) | 0;
    }
    if (len < 12) break;
    a = (a + k.getInt32(p, true)) | 0;
    b = (b + k.getInt32(p + 4, true)) | 0;
    c = (c + k.getInt32(p + 8, true)) | 0;
    p += 12;
    len -= 12;
    mix = true;
  }
  // The last 0-11 bytes; the lowest byte of c is left for the length.
  if (len > 8) {
    for (let i = len - 1; i >= 8; i--) c = (c + (k.getUint8(p + i) << (8 * (i - 7)))) | 0;
    len = 8;
  }
  if (len > 4) {
    for (let i = len - 1; i >= 4; i--) b = (b + (k.getUint8(p + i) << (8 * (i - 4)))) | 0;
    len = 4;
  }
  for (let i = len - 1; i >= 0; i--) a = (a + (k.getUint8(p + i) << (8 * i))) | 0;
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  out[0] = b >>> 0;
  out[1] = c >>> 0;
}

const alphabet = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
/** 12 bits -> their two base64 characters (low byte first). */
const pairs = new Uint16Array(4096).map((_, i) => alphabet[i >> 6] | (alphabet[i & 63] << 8));

/** The most characters the base64 text of `n` bytes takes. */
export const base64Length = (n: number) => Math.ceil(n / 3) * 4 + Math.floor(n / 57) + 1;

/**
 * PostgreSQL's `encode(bytes, 'base64')` of bytes written in pieces (a row's digest form is written
 * straight from its tuple): a line break after every 76 characters, also at the very end.
 */
export class Base64Text {
  view: DataView;
  /** The text's length so far. */
  length = 0;
  private lineEnd = 76;
  /** Bytes not yet written (0-2 of them, big-endian in `held`). */
  private held = 0;
  private holding = 0;

  constructor(bytes: number) {
    this.view = new DataView(new ArrayBuffer(base64Length(bytes)));
  }

  /** Starts a new text, room made for `bytes` more bytes. */
  start(bytes: number): void {
    if (base64Length(bytes) > this.view.byteLength)
      this.view = new DataView(new ArrayBuffer(base64Length(bytes)));
    this.length = 0;
    this.lineEnd = 76;
    this.held = 0;
    this.holding = 0;
  }

  byte(b: number): void {
    this.held = (this.held << 8) | b;
    if (++this.holding === 3) {
      this.group(this.held);
      this.held = 0;
      this.holding = 0;
    }
  }

  int32(n: number): void {
    this.byte((n >>> 24) & 255);
    this.byte((n >>> 16) & 255);
    this.byte((n >>> 8) & 255);
    this.byte(n & 255);
  }

  bytes(data: Uint8Array, p: number, end: number): void {
    while (this.holding !== 0 && p < end) this.byte(data[p++]);
    const view = this.view;
    let length = this.length;
    let lineEnd = this.lineEnd;
    for (; p + 3 <= end; p += 3) {
      const v = (data[p] << 16) | (data[p + 1] << 8) | data[p + 2];
      view.setUint32(length, pairs[v >> 12] | (pairs[v & 4095] << 16), true);
      length += 4;
      if (length >= lineEnd) {
        view.setUint8(length++, 10);
        lineEnd = length + 76;
      }
    }
    this.length = length;
    this.lineEnd = lineEnd;
    while (p < end) this.byte(data[p++]);
  }

  /** Ends the text (padded with `=`); returns its length. */
  end(): number {
    if (this.holding !== 0) {
      const v = this.held << (this.holding === 1 ? 16 : 8);
      const third = this.holding === 2 ? alphabet[(v >> 6) & 63] : 61;
      this.view.setUint32(
        this.length,
        alphabet[v >> 18] | (alphabet[(v >> 12) & 63] << 8) | (third << 16) | (61 << 24),
        true,
      );
      this.length += 4;
    }
    return this.length;
  }

  private group(v: number): void {
    this.view.setUint32(this.length, pairs[v >> 12] | (pairs[v & 4095] << 16), true);
    this.length += 4;
    if (this.length >= this.lineEnd) {
      this.view.setUint8(this.length++, 10);
      this.lineEnd = this.length + 76;
    }
  }
}

/** The digest (`seed`) of bytes, as PostgreSQL's hashtextextended(encode(bytes, 'base64'), seed). */
export function digestOfBytes(bytes: Uint8Array, seed: number, out: Uint32Array): void {
  const text = new Base64Text(bytes.length);
  text.bytes(bytes, 0, bytes.length);
  hashBytesExtended(text.view, text.end(), seed, out);
}

/**
 * Digests of binary rows: `row` hashes a tuple's digest form, `keyOf` its key columns' form (for
 * buckets). The form is written as base64 straight from the tuple. One digester per stream.
 */
export class RowDigester {
  /** The last digest, high and low halves. */
  readonly hash = new Uint32Array(2);
  private readonly text = new Base64Text(1 << 12);
  /** Where each field of the tuple being framed starts (reused from tuple to tuple). */
  private readonly starts: number[] = [];

  /** `key`: positions of the key columns among `fields`. */
  constructor(
    private readonly fields: readonly DigestField[],
    private readonly key: readonly number[] = [],
  ) {}

  /** Hashes the tuple at `at` of `data` (seed 0, into `out`); returns where the tuple ends. */
  row(data: Buffer, at: number, out: Uint32Array = this.hash): number {
    const end = this.frame(data, at, undefined);
    hashBytesExtended(this.text.view, this.text.end(), rowSeed, out);
    return end;
  }

  /** Hashes the key form of the tuple at `at` (seed 1, into `hash`). */
  keyOf(data: Buffer, at: number): void {
    this.frame(data, at, this.key);
    hashBytesExtended(this.text.view, this.text.end(), keySeed, this.hash);
  }

  /** The key form the last `keyOf` hashed. */
  keyForm(): Buffer {
    const text = Buffer.from(this.text.view.buffer, 0, this.text.length).toString('latin1');
    return Buffer.from(text, 'base64');
  }

  /**
   * Writes the digest form of the tuple's fields (or of the fields `only`, in that order) as base64;
   * returns where the tuple ends. A form is no longer than its tuple, so room for the tuple is enough.
   */
  private frame(data: Buffer, at: number, only: readonly number[] | undefined): number {
    const count = (data[at] << 8) | data[at + 1];
    const starts = this.starts;
    let p = at + 2;
    for (let i = 0; i < count; i++) {
      starts[i] = p;
      const n = (data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3];
      p += 4 + (n > 0 ? n : 0);
    }
    const text = this.text;
    text.start(p - at);
    const n = only ? only.length : count;
    for (let i = 0; i < n; i++) {
      const f = only ? only[i] : i;
      const q = starts[f];
      const length = (data[q] << 24) | (data[q + 1] << 16) | (data[q + 2] << 8) | data[q + 3];
      writeField(this.fields[f], data, q + 4, length, text);
    }
    return p;
  }
}

/** Writes the digest form of one field (its `n` bytes at `p`, NULL when n < 0). */
function writeField(field: DigestField, data: Buffer, p: number, n: number, to: Base64Text): void {
  if (n < 0) {
    if (field === 'fixed') to.byte(0);
    else if (field === 'bytes') to.int32(-1);
    else to.byte(0xff);
    return;
  }
  if (field === 'fixed') to.byte(1);
  else if (field === 'bytes') to.int32(n);
  let end = p + n;
  if (field === 'paddedText') while (end > p && data[end - 1] === 0x20) end--;
  to.bytes(data, p, end);
  if (field === 'text' || field === 'paddedText') to.byte(0);
}

/** The digest `hash` holds, as one unsigned 64-bit integer. */
export function digestValue(hash: Uint32Array): bigint {
  return (BigInt(hash[0]) << 32n) | BigInt(hash[1]);
}

/** A sum of digests (PostgreSQL's exact sum of signed int8 values, as text) modulo 2^64. */
export function digestSum(text: string): bigint {
  return BigInt.asUintN(64, BigInt(text));
}

/** 16 lower-case hex digits: the form of `RangeValidation` checksums. */
export const digestHex = (sum: bigint) => sum.toString(16).padStart(16, '0');
