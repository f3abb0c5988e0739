// The files of one table in the plugin's directory: `<schema>.<table>.ndjson` (one JSON object per
// row, keyed by column name) and the sidecar `<schema>.<table>.schema.json` (the Table model).

import { createReadStream } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  BatchBuilder,
  FerryError,
  keyRangeFilter,
  qualifiedName,
  type Batch,
  type KeyRange,
  type QualifiedName,
  type ReadOptions,
  type Table,
} from '@ferry/core';
import { fromJsonValue, type JsonValue } from './json-value.js';

const SCHEMA_SUFFIX = '.schema.json';
const FORMAT = 'ferry-ndjson/1';

interface Sidecar {
  format: typeof FORMAT;
  table: Table;
}

/** File-name-safe stem of a table: `schema.name`, each part percent-encoded. */
function stem(t: QualifiedName): string {
  return `${encodeURIComponent(t.schema)}.${encodeURIComponent(t.name)}`;
}

export const dataFile = (dir: string, t: QualifiedName) => join(dir, `${stem(t)}.ndjson`);
export const schemaFile = (dir: string, t: QualifiedName) => join(dir, `${stem(t)}${SCHEMA_SUFFIX}`);

export async function writeSidecar(dir: string, table: Table): Promise<void> {
  const sidecar: Sidecar = { format: FORMAT, table };
  await writeFile(schemaFile(dir, table), JSON.stringify(sidecar, null, 2) + '\n');
}

/** Every table described by a sidecar file in `dir`. */
export async function readSidecars(dir: string): Promise<Table[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith(SCHEMA_SUFFIX)).sort();
  const tables: Table[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let sidecar: Partial<Sidecar>;
    try {
      sidecar = JSON.parse(await readFile(file, 'utf8')) as Partial<Sidecar>;
    } catch (e) {
      throw new FerryError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, {
        where: file,
      });
    }
    if (sidecar.format !== FORMAT || !Array.isArray(sidecar.table?.columns)) {
      throw new FerryError(`${file} is not a ${FORMAT} schema file`, { where: file });
    }
    tables.push(sidecar.table);
  }
  return tables;
}

/** Reads the rows of a table file as batches of canonical values, in `options.columns` order. */
export async function* readRows(
  dir: string,
  table: Table,
  options: Pick<
    ReadOptions,
    'columns' | 'range' | 'batchRows' | 'batchBytes' | 'signal' | 'where' | 'filters'
  >,
): AsyncGenerator<Batch> {
  const name = qualifiedName(table);
  if (options.where || options.filters?.length) {
    throw new FerryError(`a where filter or a source filter cannot be applied to NDJSON files`, {
      where: name,
    });
  }
  const types = options.columns.map((c) => {
    const column = table.columns.find((x) => x.name === c);
    if (!column) throw new FerryError(`table has no column ${c}`, { where: `${name}.${c}` });
    return column.type;
  });
  const inRange = keyRangeFilter(table, options.columns, options.range);
  const file = dataFile(dir, table);
  const builder = new BatchBuilder(options);
  let line = 0;
  for await (const text of lines(file)) {
    line++;
    if (text === '') continue;
    options.signal?.throwIfAborted();
    const object = parseLine(text, () => `${file}:${line}`);
    const row = options.columns.map((c, i) =>
      fromJsonValue(object[c], types[i], () => `${name}.${c}, ${file}:${line}`),
    );
    if (!inRange(row)) continue;
    const full = builder.add(row);
    if (full) yield full;
  }
  const last = builder.flush();
  if (last) yield last;
}

/** Rows of the table file (within `range`, when given). */
export async function countRows(dir: string, table: Table, range?: KeyRange): Promise<number> {
  if (!range || (!range.lower && !range.upper)) {
    let n = 0;
    for await (const text of lines(dataFile(dir, table))) if (text !== '') n++;
    return n;
  }
  let n = 0;
  const options = { columns: range.key, range, batchRows: 10_000, batchBytes: 1 << 24 };
  for await (const batch of readRows(dir, table, options)) n += batch.rows.length;
  return n;
}

/** Lines of a file; a missing file has none (a table planned but never written). */
async function* lines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const missing = new Promise<boolean>((resolve) => {
    input.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT'));
    input.once('open', () => resolve(false));
  });
  if (await missing) return;
  yield* createInterface({ input, crlfDelay: Infinity });
}

function parseLine(text: string, where: () => string): Record<string, JsonValue> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FerryError(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`, { where: where() });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FerryError('expected one JSON object per line', { where: where() });
  }
  return value as Record<string, JsonValue>;
}
