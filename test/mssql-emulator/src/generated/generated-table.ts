// Synthetic tables declared in code: columns with deterministic generators and a row count. Rows are
// produced on demand from their index, never stored, so 10 million rows take no memory.

import type { EngineValue, ResultColumn, SqlType } from '../engine-api.js';

export interface GeneratedColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
  /** The value of this column in row `i` (0-based); must be deterministic. */
  generate(i: number): EngineValue;
}

export interface GeneratedTableDefinition {
  schema: string;
  name: string;
  columns: GeneratedColumn[];
  rows: number;
  /** The key column; its value in row i is i + 1 (int or bigint), so key ranges map to row ranges. Default: the first column. */
  key?: string;
}

export interface GeneratedTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly GeneratedColumn[];
  readonly rows: number;
  readonly key: string;
  /** Result columns, for a ResultSet. */
  resultColumns(names?: readonly string[]): ResultColumn[];
  /** Row indexes [from, to) whose key k satisfies lo <= k < hi (either bound optional). */
  indexRange(lo?: number | bigint, hi?: number | bigint): [number, number];
  /** Streams rows [from, to) lazily; `columns` picks and orders columns by name. */
  scan(from?: number, to?: number, columns?: readonly string[]): Iterable<EngineValue[]>;
}

export function defineGeneratedTable(def: GeneratedTableDefinition): GeneratedTable {
  const key = def.key ?? def.columns[0]?.name;
  const keyColumn = def.columns.find((c) => c.name.toLowerCase() === key?.toLowerCase());
  if (!keyColumn)
    throw new Error(
      `generated table ${def.schema}.${def.name}: key column '${key}' is not among its columns`,
    );
  if (!Number.isSafeInteger(def.rows) || def.rows < 0)
    throw new Error(`generated table ${def.schema}.${def.name}: rows must be a non-negative integer`);
  for (const i of [0, 1]) {
    if (Number(keyColumn.generate(i)) !== i + 1)
      throw new Error(
        `generated table ${def.schema}.${def.name}: key '${key}' must generate i + 1 for row i`,
      );
  }
  const indexesOf = (names?: readonly string[]): number[] =>
    names
      ? names.map((n) => {
          const at = def.columns.findIndex((c) => c.name.toLowerCase() === n.toLowerCase());
          if (at < 0) throw new Error(`generated table ${def.schema}.${def.name} has no column '${n}'`);
          return at;
        })
      : def.columns.map((_, i) => i);
  return {
    schema: def.schema,
    name: def.name,
    columns: def.columns,
    rows: def.rows,
    key: keyColumn.name,
    resultColumns: (names) =>
      indexesOf(names).map((i) => ({
        name: def.columns[i].name,
        type: def.columns[i].type,
        nullable: def.columns[i].nullable,
      })),
    indexRange(lo, hi) {
      const from = lo === undefined ? 0 : Math.max(0, Math.ceil(Number(lo)) - 1);
      const to = hi === undefined ? def.rows : Math.min(def.rows, Math.ceil(Number(hi)) - 1);
      return [Math.min(from, def.rows), Math.max(Math.min(from, def.rows), to)];
    },
    scan(from = 0, to = def.rows, columns) {
      const picked = indexesOf(columns).map((i) => def.columns[i].generate);
      return {
        *[Symbol.iterator]() {
          for (let i = from; i < to; i++) {
            const row = new Array<EngineValue>(picked.length);
            for (let c = 0; c < picked.length; c++) row[c] = picked[c](i);
            yield row;
          }
        },
      };
    },
  };
}
