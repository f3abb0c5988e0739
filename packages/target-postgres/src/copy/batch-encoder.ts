// Encodes a batch of rows into one Buffer of COPY data (text or binary), applying the table's error
// policy to each value; the rows it leaves out are returned as data, for the writer to report or reject.

import { BinaryBuffer, FieldFixes, type FieldFix, type Row } from '@ferry/core';
import { binaryFieldEncoder, type BinaryFieldEncoder } from './binary-encoder.js';
import { fieldEncoder, type FieldEncoder } from './text-encoder.js';
import { valueCheck, type CheckedField } from './value-checks.js';
import { problemHandler, ValueProblem, type ErrorPolicy, type ProblemHandler } from './value-problem.js';

/** What a table's COPY writes: its fields (column, target type, whether user code made the values) and their batch positions. */
export interface EncoderSpec {
  fields: (CheckedField & { position: number })[];
  format: 'text' | 'binary';
  policy: ErrorPolicy;
}

/** A row the encoder left out: a value problem (with its code) or a bad value (no code; rejected under `reject`, fatal otherwise). */
export interface RowFailure {
  /** Index of the row in its batch. */
  index: number;
  /** Index of the field (in `EncoderSpec.fields`) whose value failed. */
  field: number;
  code?: string;
  message: string;
  /** False when no documented fix repairs the value (the `fix` policy fails on it too). */
  fixable?: boolean;
}

export interface EncodedBatch {
  /** The COPY data, in parts (see BinaryBuffer.take). */
  data: Buffer[];
  /** Rows left out, in row order. Except under `reject`, the first failure ends the batch. */
  failures: RowFailure[];
  /** Values changed in this batch's rows written, per field and rule (the `fix` policy's fixes, END_OF_TIME). */
  fixes: FieldFix[] | undefined;
}

/** True when every field has a binary form (otherwise the table loads as text). */
export function hasBinaryForm(fields: EncoderSpec['fields']): boolean {
  return fields.every((f, i) => binaryFieldEncoder(f.column, f.mapping, i) !== undefined);
}

/** Writes one row of COPY data; throws (leaving nothing of the row behind) with `field()` on the failing field. */
interface RowWriter {
  add(row: Row): void;
  field(): number;
  take(): Buffer[];
}

function textRows(spec: EncoderSpec, onProblem: ProblemHandler): RowWriter {
  const encoders = spec.fields.map((f, i): FieldEncoder => {
    const encode = fieldEncoder(f.column, f.mapping, i);
    const check = valueCheck(f, i, spec.format);
    return check ? (v, p) => encode(check(v, p), p) : encode;
  });
  const positions = spec.fields.map((f) => f.position);
  let text = '';
  let j = 0;
  return {
    add(row) {
      let line = '';
      for (j = 0; j < positions.length; j++) {
        const v = row[positions[j]];
        if (j) line += '\t';
        line += v === null || v === undefined ? '\\N' : encoders[j](v, onProblem);
      }
      text += line + '\n';
    },
    field: () => j,
    take() {
      const buf = Buffer.from(text, 'utf8');
      text = '';
      return [buf];
    },
  };
}

function binaryRows(spec: EncoderSpec, onProblem: ProblemHandler): RowWriter {
  const encoders = spec.fields.map((f, i): BinaryFieldEncoder => {
    const encode = binaryFieldEncoder(f.column, f.mapping, i)!;
    const check = valueCheck(f, i, spec.format);
    return check ? (out, v, p) => encode(out, check(v, p), p) : encode;
  });
  const positions = spec.fields.map((f) => f.position);
  const out = new BinaryBuffer();
  let j = 0;
  return {
    add(row) {
      const start = out.mark();
      try {
        out.int16(positions.length);
        for (j = 0; j < positions.length; j++) {
          const v = row[positions[j]];
          if (v === null || v === undefined) out.int32(-1);
          else encoders[j](out, v, onProblem);
        }
      } catch (err) {
        out.rollback(start);
        throw err;
      }
    },
    field: () => j,
    take: () => out.take(),
  };
}

/** The encoder of one table's COPY: call it with each batch's rows, in order. */
export function batchEncoder(spec: EncoderSpec): (rows: Row[]) => EncodedBatch {
  const fixes = new FieldFixes();
  const onProblem = problemHandler(spec.policy, fixes);
  const writer = spec.format === 'binary' ? binaryRows(spec, onProblem) : textRows(spec, onProblem);
  return (rows) => {
    const failures: RowFailure[] = [];
    for (let index = 0; index < rows.length; index++) {
      fixes.startRow(index);
      try {
        writer.add(rows[index]);
      } catch (err) {
        fixes.dropRow();
        if (err instanceof ValueProblem) {
          failures.push({
            index,
            field: err.columnIndex,
            code: err.code,
            message: err.reason,
            ...(err.fixable ? {} : { fixable: false }),
          });
          if (spec.policy === 'reject') continue;
        } else {
          failures.push({ index, field: writer.field(), message: (err as Error).message });
          if (spec.policy === 'reject') continue;
        }
        break;
      }
    }
    return { data: writer.take(), failures, fixes: fixes.take() };
  };
}
