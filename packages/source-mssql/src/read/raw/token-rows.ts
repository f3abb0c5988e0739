// Reads a response's TDS token stream (MS-TDS 2.2.7) and turns its ROW/NBCROW tokens into batches
// of binary rows, without a JS value per field. A row holding a value the binary row format cannot
// hold exactly is decoded into values instead and sent as a value row, in its place in the stream.
// Under `fix` and `fail`, a row with a large PLP value is streamed: from that value on, its fields are
// written as their bytes arrive, and the response's bytes read are let go. Under `fail`, a value
// problem in a streamed row still sends the row as values (the policy then stops the load, so the
// part of it already written is rolled back with the task's transaction): its values are kept as it
// is read (but those of its streamed values, which are not held), and from the problem on, the rest
// of the row is read as values.
// Tokens around the rows (DONE*, INFO, ENVCHANGE, ORDER, RETURNSTATUS) are skipped; ERROR fails the read.

import { BinaryBuffer, type Batch, type Row } from '@ferry/core';
import { Cursor, FixCounts, NeedMore, valueProblemFound } from './cursor.js';
import { fieldDecoder, type FieldDecoder } from './field-decoders.js';
import type { PlpStream, RestOfText } from './plp-stream.js';
import { valueDecoder, type ValueDecoder } from './value-decoders.js';
import { readColumns, type WireColumn } from './wire-columns.js';

const Token = {
  ColMetadata: 0x81,
  ReturnStatus: 0x79,
  TabName: 0xa4,
  ColInfo: 0xa5,
  Order: 0xa9,
  Error: 0xaa,
  Info: 0xab,
  Row: 0xd1,
  NbcRow: 0xd2,
  EnvChange: 0xe3,
  Done: 0xfd,
  DoneProc: 0xfe,
  DoneInProc: 0xff,
} as const;

/** An ERROR token, shaped as tedious's RequestError (what queryError reads). */
export class ServerError extends Error {
  readonly code = 'EREQUEST';
  constructor(
    message: string,
    readonly number: number,
    readonly state: number,
    readonly class_: number,
  ) {
    super(message);
  }
}

export interface RowLimits {
  batchRows: number;
  batchBytes: number;
  /** Columns the query selects (the result set must have exactly these many). */
  columns: number;
  /** Under the `fix` policy: make the fixes in the binary rows (see ReadOptions.fixValues). */
  fixValues?: boolean;
  /**
   * A row with a large value is streamed and its batches may end inside it, by `batchBytes` (see
   * ReadOptions.splitRows); under `fix`, such a row is streamed in any case.
   */
  splitRows?: boolean;
}

interface ResultSet {
  columns: WireColumn[];
  fields: FieldDecoder[];
  values: ValueDecoder[];
}

/** A row being streamed: the field to decode next, its NULL bitmap (NBCROW), and the PLP value being read. */
interface StreamedRow {
  next: number;
  nulls: Uint8Array | undefined;
  plp: PlpStream | undefined;
  /** Not under `fix`: its values so far, for its value row (a streamed value's is null). */
  values?: Row;
  /** Once a value problem was found: the column that has it; the rest of the row is read as values. */
  problem?: number;
  /** The text of the streamed value that has the problem, being read. */
  rest?: RestOfText;
}

/** Decodes the rows of a response whose token bytes arrive as `chunks`. */
export async function* tokenRows(chunks: AsyncIterable<Buffer>, limits: RowLimits): AsyncGenerator<Batch> {
  const c = new Cursor();
  const out = new BinaryBuffer();
  const fx = new FixCounts(limits.fixValues === true);
  const ready: Batch[] = [];
  let set: ResultSet | undefined;
  let binaryRows = 0;
  let valueRows: Row[] = [];
  let valueBytes = 0;
  let streamed: StreamedRow | undefined;
  /** Hands the binary rows written as a batch; `inRow`: they end inside a streamed row. */
  const flushBinary = (inRow = false) => {
    if (binaryRows === 0 && !inRow) return;
    const { parts, release } = out.takeReleasable();
    const data = parts.length === 1 ? parts[0] : parts;
    const fixes = fx.take();
    ready.push({
      rows: [],
      bytes: parts.reduce((n, p) => n + p.length, 0),
      binary: {
        data,
        rows: binaryRows,
        ...(fixes ? { fixes } : {}),
        ...(inRow ? { partial: true } : {}),
        release,
      },
    });
    binaryRows = 0;
  };
  const rowWritten = () => {
    flushValues();
    if (++binaryRows >= limits.batchRows || out.length >= limits.batchBytes || out.mark().parts)
      flushBinary();
  };
  /** Whether the NULL bitmap at `bits[at]` marks column `i` NULL. */
  const nullAt = (bits: Uint8Array, at: number, i: number) => (bits[at + (i >> 3)] >> (i & 7)) & 1;
  const flushValues = () => {
    if (valueRows.length === 0) return;
    ready.push({ rows: valueRows, bytes: valueBytes });
    valueRows = [];
    valueBytes = 0;
  };

  /** One ROW (nulls undefined) or NBCROW (nulls: its bitmap's offset) body at the cursor. */
  const row = (nulls: number | undefined) => {
    const { fields } = set!;
    const start = c.pos;
    const outStart = out.mark();
    fx.save(binaryRows);
    try {
      out.int16(fields.length);
      for (let i = 0; i < fields.length; i++) {
        if (nulls !== undefined && nullAt(c.buf, nulls, i)) out.int32(-1);
        else {
          const plp = fields[i](c, out);
          if (plp) {
            const bitmap = nulls === undefined ? undefined : c.buf.subarray(nulls, start);
            streamed = { next: i + 1, nulls: bitmap && Uint8Array.from(bitmap), plp };
            if (!fx.enabled) streamed.values = valuesBefore(start, nulls, i);
            return;
          }
        }
      }
    } catch (e) {
      out.rollback(outStart);
      fx.restore();
      if (e !== valueProblemFound) throw e;
      c.pos = start;
      flushBinary();
      const values: Row = [];
      readValues(values, fields.length, nulls === undefined ? undefined : c.buf, nulls ?? 0);
      valueRows.push(values);
      valueBytes += c.pos - start;
      if (valueRows.length >= limits.batchRows) flushValues();
      return;
    }
    rowWritten();
  };

  /**
   * Goes on with the streamed row: the rest of its PLP value, then its next fields. A field whose
   * bytes are not all there is decoded again once they are (NeedMore leaves the cursor at its start).
   */
  const streamRow = (r: StreamedRow) => {
    const { fields } = set!;
    for (;;) {
      if (r.problem !== undefined) return restAsValues(r);
      if (r.plp) {
        try {
          r.plp.read(c, out);
        } catch (e) {
          r.rest = e === valueProblemFound ? r.plp.stop() : undefined;
          if (!r.rest) throw e;
          r.problem = r.next - 1;
          continue;
        }
        r.plp = undefined;
      }
      if (r.next === fields.length) break;
      const i = r.next++;
      if (r.nulls && nullAt(r.nulls, 0, i)) {
        out.int32(-1);
        if (r.values) r.values[i] = null;
        continue;
      }
      const at = c.pos;
      const mark = out.mark();
      fx.save(binaryRows);
      try {
        r.plp = fields[i](c, out) ?? undefined;
      } catch (e) {
        c.pos = at;
        out.rollback(mark);
        fx.restore();
        r.next = i;
        // (Under `fix`, no value problem is found: each is fixed.)
        if (e === valueProblemFound) r.problem = i;
        else throw e;
        continue;
      }
      if (r.values) r.values[i] = r.plp ? null : valueAt(at, i);
    }
    streamed = undefined;
    rowWritten();
  };

  /** The value of column `i`, whose bytes are at `at` (the cursor is left where it is). */
  const valueAt = (at: number, i: number) => {
    const end = c.pos;
    c.pos = at;
    const value = set!.values[i](c);
    c.pos = end;
    return value;
  };

  /**
   * Decodes the row's columns from `values.length` up to `to` at the cursor into `values`, NULL
   * where the bitmap `bits` (from `at`; none: a ROW) says so. Stopped by NeedMore, it leaves the
   * cursor at the column it did not decode, and goes on from there when called again.
   */
  const readValues = (values: Row, to: number, bits: Uint8Array | undefined, at: number) => {
    for (let i = values.length; i < to; i++) {
      if (bits && nullAt(bits, at, i)) {
        values.push(null);
        continue;
      }
      const from = c.pos;
      try {
        values.push(set!.values[i](c));
      } catch (e) {
        c.pos = from;
        throw e;
      }
    }
  };

  /** The values of the columns before `i` of the row whose body starts at `start`. */
  const valuesBefore = (start: number, nulls: number | undefined, i: number): Row => {
    const end = c.pos;
    c.pos = start;
    const values: Row = [];
    readValues(values, i, nulls === undefined ? undefined : c.buf, nulls ?? 0);
    c.pos = end;
    values.push(null);
    return values;
  };

  /**
   * Reads the rest of a streamed row that has a value problem as values (the text that has it
   * whole), and sends the row as values after the part of it written.
   */
  const restAsValues = (r: StreamedRow) => {
    const values = r.values!;
    if (r.rest) {
      r.plp!.read(c, out);
      values[r.problem!] = r.rest.text();
      r.rest = r.plp = undefined;
    }
    readValues(values, set!.values.length, r.nulls, 0);
    streamed = undefined;
    flushBinary(true);
    valueRows.push(values);
    flushValues();
  };

  const token = () => {
    const type = c.u8();
    switch (type) {
      case Token.Row:
        return row(undefined);
      case Token.NbcRow: {
        const n = Math.ceil(set!.fields.length / 8);
        c.want(n);
        c.pos += n;
        return row(c.pos - n);
      }
      case Token.ColMetadata: {
        const columns = readColumns(c);
        if (!columns) return;
        if (set) throw new Error('the query returned more than one result set');
        if (columns.length !== limits.columns)
          throw new Error(`the query returned ${columns.length} columns, not ${limits.columns}`);
        set = {
          columns,
          fields: columns.map((col, i) =>
            fieldDecoder(col, fx.column(i), fx.enabled || limits.splitRows === true),
          ),
          values: columns.map(valueDecoder),
        };
        return;
      }
      case Token.Done:
      case Token.DoneProc:
      case Token.DoneInProc:
        return c.skip(12);
      case Token.ReturnStatus:
        return c.skip(4);
      case Token.Error: {
        const length = c.u16();
        c.want(length);
        const number = c.u32();
        const state = c.u8();
        const severity = c.u8();
        throw new ServerError(c.utf16(c.u16()), number, state, severity);
      }
      case Token.Info:
      case Token.EnvChange:
      case Token.Order:
      case Token.TabName:
      case Token.ColInfo:
        return c.skip(c.u16());
      default:
        throw new Error(`unexpected TDS token 0x${type.toString(16)} in a table read`);
    }
  };

  /** Bytes from the cursor the token being read needs (0: try at once). */
  let need = 0;
  const decode = () => {
    for (;;) {
      if (streamed) {
        try {
          streamRow(streamed);
        } catch (e) {
          if (!(e instanceof NeedMore)) throw e;
          need = e.need - c.pos;
          if (limits.splitRows && (out.length >= limits.batchBytes || out.mark().parts)) flushBinary(true);
          return;
        }
        continue;
      }
      if (c.pos >= c.end) return;
      const at = c.pos;
      try {
        token();
      } catch (e) {
        if (!(e instanceof NeedMore)) throw e;
        c.pos = at;
        need = e.need - at;
        return;
      }
    }
  };
  for await (const chunk of chunks) {
    c.append(chunk, need);
    if (c.end - c.pos < need) continue;
    need = 0;
    decode();
    for (const batch of ready.splice(0)) yield batch;
  }
  // A guessed need (see plpEnd in field-decoders.ts) may pass the response's end.
  need = 0;
  decode();
  if (c.pos < c.end || streamed) throw new Error('the response ended inside a token');
  flushValues();
  flushBinary();
  for (const batch of ready.splice(0)) yield batch;
}
