// Turns batches read from a source (read-column order) into batches in target column order:
// projection, reordering, constants and computed columns on arrays; object rows only for tables
// with a row transform (computed columns read the row as the source gave it).

import { qualifiedName } from '../model/schema-model.js';
import type { RowObject, TableMapping } from '../rules/table-mapping.js';
import { FerryError } from '../errors.js';
import { estimateRowBytes, type Batch, type Row, type Value } from './batch.js';

export type BatchMapper = (batch: Batch) => Batch;

/** Builds the per-batch mapping function of a table mapping; validates column references once. */
export function createBatchMapper(mapping: TableMapping): BatchMapper {
  const table = qualifiedName(mapping.source);
  const readIndex = new Map(mapping.readColumns.map((c, i) => [c, i]));
  const plan = mapping.columns.map((c) => {
    if (c.computed) {
      const indexes = c.computed.columns.map((n) => {
        const i = readIndex.get(n);
        if (i === undefined)
          throw new FerryError(
            `target column ${c.target} is computed from source column ${n}, which is not read`,
            {
              where: `${table}.${n}`,
              code: 'MAPPING_INVALID',
            },
          );
        return i;
      });
      const compute = c.computed.compute;
      return {
        index: -1,
        constant: null,
        source: undefined,
        computed: (row: Row) => compute(indexes.map((i) => row[i] ?? null)),
      };
    }
    if (c.source === undefined) return { index: -1, constant: c.constant ?? null, source: undefined };
    const index = readIndex.get(c.source);
    if (index === undefined && !mapping.transform) {
      throw new FerryError(`target column ${c.target} reads source column ${c.source}, which is not read`, {
        where: `${table}.${c.source}`,
        code: 'MAPPING_INVALID',
      });
    }
    return { index: index ?? -1, constant: c.constant ?? null, source: c.source };
  });

  if (mapping.transform) {
    const transform = mapping.transform;
    const names = mapping.readColumns;
    return (batch) => {
      const rows: Row[] = [];
      for (const row of batch.rows) {
        const obj: RowObject = {};
        for (let i = 0; i < names.length; i++) obj[names[i]] = row[i];
        const out = transform(obj);
        if (out === null) continue;
        const mapped: Value[] = new Array(plan.length);
        for (let j = 0; j < plan.length; j++) {
          const p = plan[j];
          const v = p.computed ? p.computed(row) : p.source === undefined ? p.constant : out[p.source];
          mapped[j] = v === undefined ? null : v;
        }
        rows.push(mapped);
      }
      let bytes = 0;
      for (const r of rows) bytes += estimateRowBytes(r);
      return { rows, bytes };
    };
  }

  const identity = plan.length === mapping.readColumns.length && plan.every((p, i) => p.index === i);
  if (identity) return (batch) => batch;
  return (batch) => {
    const rows: Row[] = new Array(batch.rows.length);
    for (let r = 0; r < batch.rows.length; r++) {
      const src = batch.rows[r];
      const out: Value[] = new Array(plan.length);
      for (let j = 0; j < plan.length; j++) {
        const p = plan[j];
        out[j] = p.index >= 0 ? src[p.index] : p.computed ? p.computed(src) : p.constant;
      }
      rows[r] = out;
    }
    return { rows, bytes: batch.bytes };
  };
}

/** Target column names in batch order, as `TargetEndpoint.write` is told. */
export function targetColumns(mapping: TableMapping): string[] {
  return mapping.columns.map((c) => c.target);
}

/**
 * Target columns whose values user code produces: every column of a table with a row transform
 * (the transform may replace any value), and computed columns. The target checks their values.
 */
export function userColumns(mapping: TableMapping): string[] {
  return mapping.columns
    .filter((c) => c.computed || (mapping.transform && c.source !== undefined))
    .map((c) => c.target);
}
