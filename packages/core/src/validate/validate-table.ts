// Validates one migrated table: counts and order-independent checksums per key range on both
// sides, the source rows passed through the same mapping as the load. A mismatch names the
// table and the key range. A target that cannot read rows back is compared by count only.

import { FerryError } from '../errors.js';
import { qualifiedName } from '../model/schema-model.js';
import type { LogicalType } from '../model/logical-type.js';
import type { KeyRange, SourceEndpoint, TargetEndpoint } from '../plugins/endpoint.js';
import { rowSelection, type TableMapping } from '../rules/table-mapping.js';
import { placedName } from '../plugins/placed-name.js';
import type { Batch } from '../pipeline/batch.js';
import { formatRange } from '../pipeline/data-task.js';
import { InterruptedError } from '../pipeline/interrupted-error.js';
import { createBatchMapper, targetColumns } from '../pipeline/row-mapper.js';
import { defaultPipelineSettings } from '../pipeline/transfer.js';
import { readPath } from '../pipeline/read-path.js';
import { checksumBinaryRows } from './checksum-binary-rows.js';
import { checksumRows, valueRowHasher } from './checksum-rows.js';
import { FixedValues } from './fixed-values.js';
import { isLobType } from './lob-digest.js';
import {
  binarySide,
  digestedSide,
  locateRows,
  valueSide,
  type RowKey,
  type RowsSide,
} from './locate-rows.js';
import { digestField, digestHex, RowDigester, type TableDigester } from './row-digest.js';

export interface RangeValidation {
  range?: KeyRange;
  sourceCount: number;
  targetCount: number;
  sourceChecksum?: string;
  targetChecksum?: string;
  match: boolean;
  /** When the target digests rows itself: the rows that differ, by key (`id=5: values differ`). */
  rows?: string[];
}

export interface TableValidation {
  /** Target table, `schema.name`. */
  table: string;
  /** Source table, `schema.name`. */
  source: string;
  method: 'checksum' | 'count';
  match: boolean;
  ranges: RangeValidation[];
  /** One message per mismatching range, naming the table and the key range. */
  mismatches: string[];
  /**
   * Under onError "fix": the source values compared as the fix stored them (not as they are in the
   * source), by problem code.
   */
  fixedValues?: Record<string, number>;
  /** Why the comparison is weaker than usual, e.g. count only. */
  note?: string;
}

export interface ValidateTableOptions {
  source: SourceEndpoint;
  target: TargetEndpoint;
  mapping: TableMapping;
  /** Key ranges of the source table (source column names); absent = the whole table. */
  ranges?: KeyRange[];
  batchRows?: number;
  batchBytes?: number;
  signal?: AbortSignal;
  /** `false` compares counts only (`validate.checksums: false`). Default true. */
  checksums?: boolean;
  /** `load.fastPath` (default true): a table the fast path loads is checksummed on binary rows. */
  fastPath?: boolean;
}

export async function validateTable(options: ValidateTableOptions): Promise<TableValidation> {
  const { source, target, mapping } = options;
  // Named where the target put it (a PostgreSQL `schema` option moves it), as the user looks for it.
  const table = placedName(target, mapping.target);
  const sourceName = qualifiedName(mapping.source);
  const read = options.checksums === false ? undefined : target.read?.bind(target);
  const method = read ? 'checksum' : 'count';
  const readOptions = {
    batchRows: options.batchRows ?? defaultPipelineSettings.batchRows,
    batchBytes: options.batchBytes ?? defaultPipelineSettings.batchBytes,
  };
  const types = mapping.columns.map((c) => {
    const column = mapping.target.columns.find((t) => t.name === c.target);
    if (!column)
      throw new FerryError(`target table has no column ${c.target}`, { where: `${table}.${c.target}` });
    return column.type;
  });
  const mapBatch = createBatchMapper(mapping);
  const key = rowKey(mapping, types);
  // How each column's binary field is digested (used on the fast path, where every type has one).
  const fields = types.map((t) => digestField(t)!);
  // A table the fast path loads is checksummed on both sides' binary rows (no value per field),
  // except with LOB columns, whose values both sides hash where they are stored instead.
  const binary =
    read !== undefined &&
    readPath(mapping, source, target, options.fastPath).kind === 'fast' &&
    !types.some(isLobType);

  // Under the `fix` policy the source's values are compared as the load stored them (fixed-values.ts).
  const fixed = read && mapping.onError === 'fix' ? new FixedValues() : undefined;
  // Both sides hash LOB values where they are stored when they can; a source's digests are only
  // asked for when its rows reach the checksum as read (no transform or computed column sees them,
  // and no fix: the source server would hash a value with the NUL the load stripped).
  const targetDigests = target.readsLobDigests === true;
  const sourceDigests =
    targetDigests && source.readsLobDigests === true && digestsPassThrough(mapping) && !fixed;
  // Such a table's target rows are digested where they are stored when the target can: only the
  // source's rows are read (see row-digest.ts).
  const made =
    binary && target.digester ? await target.digester(mapping.target, targetColumns(mapping)) : undefined;
  const digests = typeof made === 'object' ? made : undefined;

  async function* sourceRows(range: KeyRange | undefined, signal: AbortSignal): AsyncIterable<Batch> {
    const batches = source.read(mapping.source, {
      ...readOptions,
      signal,
      columns: mapping.readColumns,
      range,
      ...rowSelection(mapping),
      ...(sourceDigests ? { lobDigests: true } : {}),
    });
    for await (const batch of batches) yield mapBatch(batch);
  }

  function sourceBinaryRows(range: KeyRange | undefined, signal: AbortSignal): AsyncIterable<Batch> {
    return source.read(mapping.source, {
      ...readOptions,
      signal,
      columns: mapping.columns.map((c) => c.source!),
      range,
      ...rowSelection(mapping),
      binaryRows: true,
      ...(fixed ? { fixValues: true } : {}),
    });
  }

  /** The target's rows of a range, read back (binary rows on the fast path, else values). */
  function targetRows(targetRange: KeyRange | undefined, signal: AbortSignal): AsyncIterable<Batch> {
    return read!(mapping.target, {
      ...readOptions,
      signal,
      columns: targetColumns(mapping),
      range: targetRange,
      ...(binary ? { binaryRows: true } : { lobDigests: targetDigests }),
    });
  }

  /** The two sides of a range that differs, by key, to name its rows. */
  function sides(
    range: KeyRange | undefined,
    targetRange: KeyRange | undefined,
    signal: AbortSignal,
  ): RowsSide[] {
    if (digests)
      return [
        binarySide(() => sourceBinaryRows(range, signal), fields, key),
        digestedSide(digests, targetRange, key, signal),
      ];
    if (binary)
      return [
        binarySide(() => sourceBinaryRows(range, signal), fields, key),
        binarySide(() => targetRows(targetRange, signal), fields, key),
      ];
    // Values fixed again here are not counted again.
    const sourceHash = valueRowHasher(types, {
      lobDigests: sourceDigests,
      fixed: fixed && new FixedValues(),
    });
    return [
      valueSide(() => sourceRows(range, signal), sourceHash, key),
      valueSide(
        () => targetRows(targetRange, signal),
        valueRowHasher(types, { lobDigests: targetDigests }),
        key,
      ),
    ];
  }

  async function compareRange(range: KeyRange | undefined, signal: AbortSignal): Promise<RangeValidation> {
    const targetRange = range && toTargetRange(range, mapping);
    if (read) {
      const [s, t] = digests
        ? await digestChecksums(digests, range, targetRange, signal)
        : binary
          ? await Promise.all([
              checksumBinaryRows(sourceBinaryRows(range, signal), types, { fixed }),
              checksumBinaryRows(targetRows(targetRange, signal), types),
            ])
          : await Promise.all([
              checksumRows(sourceRows(range, signal), types, { lobDigests: sourceDigests, fixed }),
              checksumRows(targetRows(targetRange, signal), types, { lobDigests: targetDigests }),
            ]);
      const result = {
        range,
        sourceCount: s.count,
        targetCount: t.count,
        sourceChecksum: s.checksum,
        targetChecksum: t.checksum,
        match: s.count === t.count && s.checksum === t.checksum,
      };
      // A side without rows needs no row named: every row is on the other.
      if (result.match || !s.count || !t.count) return result;
      const [sourceSide, targetSide] = sides(range, targetRange, signal);
      return { ...result, rows: await locateRows(sourceSide, targetSide, Math.max(s.count, t.count)) };
    }
    const [sourceCount, targetCount] = await Promise.all([
      // A row transform may drop rows: count what the load would have written.
      mapping.transform
        ? countRows(sourceRows(range, signal))
        : source.count(mapping.source, range, rowSelection(mapping)),
      target.count(mapping.target, targetRange),
    ]);
    return { range, sourceCount, targetCount, match: sourceCount === targetCount };
  }

  /** A range of a table the target digests: only the source's rows are read. */
  async function digestChecksums(
    digester: TableDigester,
    range: KeyRange | undefined,
    targetRange: KeyRange | undefined,
    signal: AbortSignal,
  ) {
    const rows = new RowDigester(fields);
    const [s, [t]] = await Promise.all([
      checksumBinaryRows(sourceBinaryRows(range, signal), types, {
        fixed,
        hashTuple: (data, at, out) => rows.row(data, at, out),
      }),
      digester.sums(targetRange, undefined, signal),
    ]);
    return [s, { count: t.count, checksum: digestHex(t.sum) }];
  }

  const ranges: (KeyRange | undefined)[] = options.ranges?.length ? options.ranges : [undefined];
  const results: RangeValidation[] = [];
  for (const range of ranges) {
    // One side failing stops the other side's read of this range.
    const stop = new AbortController();
    const onAbort = () => stop.abort(options.signal?.reason);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      results.push(await compareRange(range, stop.signal));
    } catch (error) {
      stop.abort(error);
      const where = `${table} (from ${sourceName}), ${formatRange(range)}`;
      // Stopped (Ctrl-C): whatever the reads failed with once cancelled (a query canceled on the server).
      if (options.signal?.aborted) throw new InterruptedError(`validate ${where}`, options.signal.reason);
      throw new FerryError(`validating ${where}: ${error instanceof Error ? error.message : String(error)}`, {
        where,
        cause: error,
        code: error instanceof FerryError ? error.code : 'VALIDATE_FAILED',
        transient: error instanceof FerryError && error.transient,
        hint: error instanceof FerryError ? error.hint : undefined,
      });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  const mismatches = results
    .filter((r) => !r.match)
    .map((r) => {
      const what =
        r.sourceCount !== r.targetCount
          ? `${r.sourceCount} source rows, ${r.targetCount} target rows`
          : `same count (${r.sourceCount}) but checksums differ (source ${r.sourceChecksum}, target ${r.targetChecksum})`;
      const rows = r.rows?.length ? `; ${r.rows.join('; ')}` : '';
      return `${table} (from ${sourceName}), ${formatRange(r.range)}: ${what}${rows}`;
    });
  return {
    table,
    source: sourceName,
    method,
    match: mismatches.length === 0,
    ranges: results,
    mismatches,
    ...(fixed?.total() ? { fixedValues: fixed.counts } : {}),
    note: validationNote(options, method, fixed, typeof made === 'string' ? made : undefined),
  };
}

/** What a match means for this table, when it means less than "the same rows". */
function validationNote(
  options: ValidateTableOptions,
  method: TableValidation['method'],
  fixed: FixedValues | undefined,
  noDigests: string | undefined,
): string | undefined {
  const { mapping, target } = options;
  const notes: string[] = [];
  if (noDigests)
    notes.push(`target rows read back to be checksummed (the target cannot digest them: ${noDigests})`);
  if (method === 'count')
    notes.push(
      options.checksums === false
        ? 'checksums turned off (validate.checksums: false): compared by count only'
        : `target ${target.name} cannot read rows back: compared by count only`,
    );
  const changes = [
    mapping.transform ? 'its row transform' : undefined,
    ...mapping.columns.filter((c) => c.computed).map((c) => `computed column ${c.target}`),
  ].filter((c) => c !== undefined);
  if (fixed?.total()) {
    const codes = Object.entries(fixed.counts).map(([code, n]) => `${code} ${n}`);
    notes.push(
      `compared with ${fixed.total()} source values as onError "fix" stored them (${codes.join(', ')}): "match" means the load stored every value as its fix says`,
    );
  }
  if (changes.length)
    notes.push(
      `compared after ${changes.join(', ')}, which changed the source rows: "match" means a match after your transforms, not with the source as stored`,
    );
  return notes.length ? notes.join('; ') : undefined;
}

async function countRows(batches: AsyncIterable<Batch>): Promise<number> {
  let n = 0;
  for await (const b of batches) n += b.rows.length;
  return n;
}

/**
 * The columns a differing row is named by: the target's primary key when it is compared, else every
 * compared column (a row then shows as missing on one side and only on the other).
 */
function rowKey(mapping: TableMapping, types: readonly LogicalType[]): RowKey {
  const names = targetColumns(mapping);
  const pk = mapping.target.primaryKey?.columns;
  const key = pk?.length && pk.every((c) => names.includes(c)) ? pk : names;
  const at = key.map((c) => names.indexOf(c));
  return { names: key, at, types: at.map((i) => types[i]) };
}

/** The same key range with target column names (the target holds the renamed columns). */
export function toTargetRange(range: KeyRange, mapping: TableMapping): KeyRange {
  const key = range.key.map((name) => {
    const column = mapping.columns.find((c) => c.source === name);
    if (!column) {
      throw new FerryError(
        `key column ${name} of a range is not copied to the target, so the range cannot be validated`,
        {
          where: `${qualifiedName(mapping.source)}.${name}`,
          code: 'VALIDATE_RANGE_KEY',
        },
      );
    }
    return column.target;
  });
  return { ...range, key };
}

/**
 * True when every LOB column of the target gets its source column's value unchanged and of the same
 * kind (no row transform, no computed column), so a source's LOB digests stand for the target's.
 */
function digestsPassThrough(mapping: TableMapping): boolean {
  if (mapping.transform) return false;
  return mapping.columns.every((c) => {
    if (c.computed) return false;
    const target = mapping.target.columns.find((t) => t.name === c.target);
    const source =
      c.source === undefined ? undefined : mapping.source.columns.find((s) => s.name === c.source);
    if (!target) return true;
    // An added constant in a LOB column would be taken for a digest.
    if (!source) return !isLobType(target.type);
    const lob = isLobType(source.type);
    return lob === isLobType(target.type) && (!lob || source.type.kind === target.type.kind);
  });
}
