// An in-test source endpoint whose tables are generated row by row (never materialised):
// row i of a table is `generate(i)`; a first integer column is the key and holds i + 1,
// so the source can split tables into key ranges and count them without reading.

import { FerryError, NotSupportedError } from '../errors.js';
import { formatLogicalType, type LogicalType } from '../model/logical-type.js';
import { emptyModel, qualifiedName, type Column, type Table } from '../model/schema-model.js';
import { estimateRowBytes, type Batch, type Row, type Value } from '../pipeline/batch.js';
import type { KeyRange, RowSelection, SourceEndpoint } from '../plugins/endpoint.js';
import { mixedColumns, mixedRow } from './mixed-rows.js';

export interface GeneratedColumn {
  name: string;
  type: LogicalType;
  nullable?: boolean;
}

export interface GeneratedTable {
  schema: string;
  name: string;
  /** Column definitions; default: the mixed-type columns of `mixedColumns`. */
  columns?: GeneratedColumn[];
  rows: number;
  /** Row i (0-based), values in column order; default `mixedRow`. */
  generate?: (i: number) => Row;
  /**
   * Fault injection: reading row `failAt` throws. A permanent failure on every read, unless
   * `failTimes` is set: then the first `failTimes` reads fail with a transient error (a dropped
   * connection) and later reads pass.
   */
  failAt?: number;
  failTimes?: number;
}

export interface GeneratorSourceOptions {
  tables: GeneratedTable[];
  /** Called as each batch is produced, with the running totals of rows and bytes produced. */
  onBatch?: (producedRows: number, producedBytes: number) => void;
}

export interface GeneratorSource extends SourceEndpoint {
  /** Rows yielded so far, over all reads. */
  readonly produced: number;
  /** Bytes (batch estimates) yielded so far. */
  readonly producedBytes: number;
}

const integerKinds = new Set(['int8', 'int16', 'int32', 'int64']);

export function generatorSource(options: GeneratorSourceOptions): GeneratorSource {
  const specs = new Map(options.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  /** Transient failures left per table (`failTimes`). */
  const failures = new Map<GeneratedTable, number>();
  let produced = 0;
  let producedBytes = 0;

  const spec = (table: Table) => {
    const s = specs.get(qualifiedName(table));
    if (!s)
      throw new FerryError(`generator source has no table ${qualifiedName(table)}`, {
        where: qualifiedName(table),
      });
    return s;
  };
  const columnsOf = (s: GeneratedTable) => s.columns ?? mixedColumns;
  const keyed = (s: GeneratedTable) => integerKinds.has(columnsOf(s)[0]?.type.kind ?? '');
  const keyValue = (s: GeneratedTable, k: number): Value =>
    columnsOf(s)[0].type.kind === 'int64' ? BigInt(k) : k;
  /** Row positions [start, end) of a range (key k lives at position k - 1). */
  const span = (s: GeneratedTable, range?: KeyRange): [number, number] => {
    const bound = (v: Value | undefined, open: number) =>
      v === undefined ? open : Math.min(Math.max(Number(v) - 1, 0), s.rows);
    return [bound(range?.lower?.[0], 0), bound(range?.upper?.[0], s.rows)];
  };

  return {
    name: 'generator',
    get produced() {
      return produced;
    },
    get producedBytes() {
      return producedBytes;
    },

    async introspect() {
      const model = emptyModel();
      model.source = { engine: 'generator' };
      for (const s of options.tables) {
        if (!model.schemas.includes(s.schema)) model.schemas.push(s.schema);
        const columns: Column[] = columnsOf(s).map((c) => ({
          name: c.name,
          type: c.type,
          nativeType: formatLogicalType(c.type),
          nullable: c.nullable ?? true,
        }));
        if (keyed(s)) columns[0].nullable = false;
        model.tables.push({
          schema: s.schema,
          name: s.name,
          columns,
          primaryKey: keyed(s) ? { name: `pk_${s.name}`, columns: [columns[0].name] } : undefined,
          uniques: [],
          indexes: [],
          foreignKeys: [],
          checks: [],
          rowEstimate: s.rows,
        });
      }
      return { model, actionItems: [] };
    },

    async ranges(table, count) {
      const s = spec(table);
      const key = [columnsOf(s)[0].name];
      if (!keyed(s) || count <= 1 || s.rows <= 1) return [{ index: 0, key }];
      const n = Math.min(count, s.rows);
      return Array.from({ length: n }, (_, index): KeyRange => {
        const lower = 1 + Math.floor((s.rows * index) / n);
        const upper = 1 + Math.floor((s.rows * (index + 1)) / n);
        return {
          index,
          key,
          lower: index === 0 ? undefined : [keyValue(s, lower)],
          upper: index === n - 1 ? undefined : [keyValue(s, upper)],
        };
      });
    },

    async *read(table, readOptions): AsyncIterable<Batch> {
      const s = spec(table);
      refuseRowSelection(table, readOptions);
      if (readOptions.range && (readOptions.range.lower || readOptions.range.upper) && !keyed(s)) {
        throw new FerryError('generator table has no integer key to read a range of', {
          where: qualifiedName(table),
        });
      }
      const all = columnsOf(s).map((c) => c.name);
      const pick = readOptions.columns.map((c) => {
        const i = all.indexOf(c);
        if (i < 0)
          throw new FerryError(`generator table has no column ${c}`, {
            where: `${qualifiedName(table)}.${c}`,
          });
        return i;
      });
      const identity = pick.length === all.length && pick.every((p, i) => p === i);
      const generate = s.generate ?? mixedRow;
      const checkKey = keyed(s) && s.generate !== undefined;
      const [start, end] = span(s, readOptions.range);
      let i = start;
      while (i < end) {
        if (readOptions.signal?.aborted) throw readOptions.signal.reason;
        const rows: Row[] = [];
        let bytes = 0;
        while (i < end && rows.length < readOptions.batchRows && bytes < readOptions.batchBytes) {
          if (i === s.failAt && (s.failTimes === undefined || failures.get(s) !== 0)) {
            const left = failures.get(s) ?? s.failTimes;
            if (left !== undefined) failures.set(s, left - 1);
            throw new FerryError(`generated failure at row ${i}`, {
              where: qualifiedName(table),
              transient: s.failTimes !== undefined,
            });
          }
          const full = generate(i);
          if (checkKey && Number(full[0]) !== i + 1) {
            throw new FerryError(`generated row ${i} has key ${String(full[0])}, expected ${i + 1}`, {
              where: qualifiedName(table),
            });
          }
          const row = identity ? full : pick.map((p) => full[p]);
          bytes += estimateRowBytes(row);
          rows.push(row);
          i++;
        }
        produced += rows.length;
        producedBytes += bytes;
        options.onBatch?.(produced, producedBytes);
        yield { rows, bytes };
      }
    },

    async count(table, range, rows) {
      const s = spec(table);
      refuseRowSelection(table, rows);
      const [start, end] = span(s, range);
      return Math.max(0, end - start);
    },

    async close() {},
  };
}

/** The generator produces every row of a table: a `where` or a filter is refused, not ignored. */
function refuseRowSelection(table: Table, rows: RowSelection | undefined): void {
  if (rows?.where || rows?.filters?.length)
    throw new NotSupportedError(`a ${rows.where ? 'where' : 'filter'} on the generator source`, {
      where: qualifiedName(table),
    });
}
