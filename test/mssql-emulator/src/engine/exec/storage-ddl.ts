// Storage DDL: filegroups and files (ALTER DATABASE ADD), partition functions and schemes, and the
// placement and storage options of tables and indexes (ON fg | scheme(column), TEXTIMAGE_ON,
// MEMORY_OPTIMIZED, DURABILITY, LEDGER). Placement is recorded for the catalog, not enforced.

import type {
  AlterDatabaseFiles,
  CreatePartitionFunction,
  CreatePartitionScheme,
  StorageClause,
  StorageOption,
} from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import { filegroupTypeOf, sizeInPages, type Placement } from '../storage/data-spaces.js';
import type { Index, Table, TableStorage } from '../storage/objects.js';
import { convert } from '../types/convert.js';
import { compareValues } from './compare.js';
import { resolveDataType } from './data-type.js';
import { compileExpr } from './expressions.js';
import { Scope } from './scope.js';
import type { SessionState } from './session-state.js';

export function alterDatabaseFiles(stmt: AlterDatabaseFiles, session: SessionState): void {
  const db = stmt.database ? session.database(stmt.database.name) : session.db;
  const spaces = db.dataSpaces;
  const action = stmt.action;
  if (action.kind === 'add-filegroup') {
    const type = filegroupTypeOf(action.contains);
    if (type === 'FX' && spaces.filegroups.some((f) => f.type === 'FX'))
      throw new SqlError(10797, 'Only one MEMORY_OPTIMIZED_DATA filegroup is allowed per database.', 16);
    spaces.addFilegroup(action.filegroup.name, type);
    return;
  }
  const fg = action.filegroup ? spaces.filegroup(action.filegroup.name) : spaces.filegroups[0];
  if (!fg) throw new SqlError(1921, `Invalid filegroup '${action.filegroup!.name}' specified.`, 16);
  for (const f of action.files) {
    const growth = f.growth ?? '64MB';
    spaces.addFile({
      name: f.name,
      physicalName: f.fileName ?? f.name,
      type: action.log ? 1 : fg.type === 'FG' ? 0 : 2,
      dataSpaceId: action.log ? 0 : fg.dataSpaceId,
      size: f.size ? sizeInPages(f.size) : 1024,
      maxSize: f.maxSize ? sizeInPages(f.maxSize) : -1,
      growth: growth.endsWith('%') ? Number(growth.slice(0, -1)) : sizeInPages(growth),
      isPercentGrowth: growth.endsWith('%'),
    });
  }
}

export function createPartitionFunction(stmt: CreatePartitionFunction, session: SessionState): void {
  const db = session.db;
  const name = stmt.name.name;
  if (db.dataSpaces.partitionFunction(name))
    throw new SqlError(2714, `There is already an object named '${name}' in the database.`, 16);
  const { type, userTypeId } = resolveDataType(stmt.inputType, db);
  if (stmt.values.length === 0)
    throw new SqlError(7716, 'Can not create or alter a partition function to have zero partitions.', 16);
  const scope = new Scope([]);
  const boundaries = stmt.values.map((expr, i) => {
    const compiled = compileExpr(expr, { scope, session });
    try {
      const value = compiled.eval([], { session, outer: [] });
      return convert(value, compiled.type, type, 0, { dateformat: session.dateformat });
    } catch {
      throw new SqlError(
        7705,
        `Could not implicitly convert range values type specified at ordinal ${i + 1} to partition function parameter type.`,
        16,
      );
    }
  });
  const sorted = [...boundaries].sort((a, b) => compareValues(a, b, type));
  for (let i = 1; i < sorted.length; i++)
    if (compareValues(sorted[i - 1], sorted[i], type) === 0) {
      const first = boundaries.indexOf(sorted[i - 1]) + 1;
      const second = boundaries.lastIndexOf(sorted[i]) + 1;
      throw new SqlError(
        7708,
        `Duplicate range boundary values are not allowed in partition function boundary values list. Partition boundary values at ordinal ${first} and ${second} are equal.`,
        16,
      );
    }
  db.dataSpaces.functions.push({
    functionId: db.dataSpaces.nextFunctionId(),
    name,
    type,
    userTypeId,
    boundaryOnRight: stmt.range === 'RIGHT',
    boundaries: sorted,
    createDate: db.newObject(name, 0, 'U').createDate,
  });
}

/** Creates the scheme; returns the 7712 message when a filegroup is left over as NEXT USED. */
export function createPartitionScheme(
  stmt: CreatePartitionScheme,
  session: SessionState,
): string | undefined {
  const spaces = session.db.dataSpaces;
  const name = stmt.name.name;
  if (spaces.dataSpace(name))
    throw new SqlError(2714, `There is already an object named '${name}' in the database.`, 16);
  const fn = spaces.partitionFunction(stmt.partitionFunction.name);
  if (!fn) throw new SqlError(208, `Invalid object name '${stmt.partitionFunction.name}'.`, 16);
  if (stmt.all && stmt.filegroups.length > 1)
    throw new SqlError(
      7723,
      'Only a single filegroup can be specified while creating partition scheme using option ALL to specify all the filegroups.',
      16,
    );
  const filegroups = stmt.filegroups.map((f) => {
    const fg = spaces.filegroup(f.name);
    if (!fg) throw new SqlError(208, `Invalid object name '${f.name}'.`, 16);
    return fg;
  });
  const partitions = fn.boundaries.length + 1;
  if (!stmt.all && filegroups.length < partitions)
    throw new SqlError(
      7707,
      `The associated partition function '${fn.name}' generates more partitions than there are file groups mentioned in the scheme '${name}'.`,
      16,
    );
  const destinations = stmt.all
    ? Array.from({ length: partitions + 1 }, () => filegroups[0].dataSpaceId)
    : filegroups.slice(0, partitions + 1).map((f) => f.dataSpaceId);
  spaces.schemes.push({ dataSpaceId: spaces.nextSchemeId(), name, functionId: fn.functionId, destinations });
  const nextUsed = stmt.all ? filegroups[0] : filegroups[partitions];
  return nextUsed
    ? `Partition scheme '${name}' has been created successfully. '${nextUsed.name}' is marked as the next used filegroup in partition scheme '${name}'.`
    : undefined;
}

/** The data space of `ON fg | ON scheme(column)` for a table or index; undefined without ON. */
export function placementOf(db: Database, table: Table, storage: StorageClause): Placement | undefined {
  if (!storage.on) return undefined;
  const spaces = db.dataSpaces;
  if (storage.onColumn === undefined) {
    const fg = spaces.dataSpace(storage.on);
    if (!fg || spaces.isScheme(fg.dataSpaceId))
      throw new SqlError(1921, `Invalid filegroup '${storage.on}' specified.`, 16);
    return { dataSpaceId: fg.dataSpaceId };
  }
  const scheme = spaces.scheme(storage.on);
  if (!scheme) throw new SqlError(1921, `Invalid partition scheme '${storage.on}' specified.`, 16);
  const column = table.columns.find((c) => c.name.toLowerCase() === storage.onColumn!.toLowerCase());
  if (!column)
    throw new SqlError(
      1911,
      `Column name '${storage.onColumn}' does not exist in the target table, index or view.`,
      16,
    );
  const fn = spaces.functions.find((f) => f.functionId === scheme.functionId)!;
  if (column.type.name !== fn.type.name)
    throw new SqlError(
      7726,
      `Partition column '${column.name}' has data type ${column.type.name} which is different from the partition function '${fn.name}' parameter data type ${fn.type.name}.`,
      16,
    );
  return { dataSpaceId: scheme.dataSpaceId, partitionColumnId: column.columnId };
}

/** A unique index partitioned on a column must have it among its keys (1908). */
export function checkUniquePartitioning(table: Table, index: Index): void {
  const columnId = index.placement?.partitionColumnId;
  if (!index.isUnique || columnId === undefined) return;
  if (index.columns.some((c) => c.columnId === columnId && !c.included)) return;
  const column = table.columns.find((c) => c.columnId === columnId)!;
  throw new SqlError(
    1908,
    `Column '${column.name}' is partitioning column of the index '${index.name}'. Partition columns for a unique index must be a subset of the index key.`,
    16,
  );
}

const option = (options: readonly StorageOption[], name: string) =>
  options.find((o) => o.name === name)?.value.toUpperCase();

/** Table-level storage: ON, TEXTIMAGE_ON, FILESTREAM_ON, MEMORY_OPTIMIZED / DURABILITY, LEDGER. */
export function tableStorageOf(db: Database, table: Table, storage: StorageClause): TableStorage {
  const placement = placementOf(db, table, storage);
  const filegroupId = (name: string | undefined) => {
    if (name === undefined) return undefined;
    const fg = db.dataSpaces.dataSpace(name);
    if (!fg) throw new SqlError(1921, `Invalid filegroup '${name}' specified.`, 16);
    return fg.dataSpaceId;
  };
  const memoryOptimized = option(storage.with, 'MEMORY_OPTIMIZED') === 'ON';
  const durability = option(storage.with, 'DURABILITY');
  const ledger = option(storage.with, 'LEDGER');
  const appendOnly = ledger?.replace(/\s+/g, '').includes('APPEND_ONLY=ON');
  const ledgerType = ledger?.startsWith('ON') ? (appendOnly ? 3 : 2) : undefined;
  const lobDataSpaceId = filegroupId(storage.textImageOn);
  const filestreamDataSpaceId = filegroupId(storage.filestreamOn);
  return {
    ...(placement ? { placement } : {}),
    ...(lobDataSpaceId !== undefined ? { lobDataSpaceId } : {}),
    ...(filestreamDataSpaceId !== undefined ? { filestreamDataSpaceId } : {}),
    ...(memoryOptimized
      ? { memoryOptimized: { durability: durability === 'SCHEMA_ONLY' ? 'SCHEMA_ONLY' : 'SCHEMA_AND_DATA' } }
      : {}),
    ...(ledgerType ? { ledgerType } : {}),
  };
}

/** BUCKET_COUNT rounded up to a power of two, as SQL Server stores it. */
export function bucketCountOf(options: readonly StorageOption[]): number | undefined {
  const text = option(options, 'BUCKET_COUNT');
  if (text === undefined) return undefined;
  return 2 ** Math.ceil(Math.log2(Math.max(1, Number(text))));
}
