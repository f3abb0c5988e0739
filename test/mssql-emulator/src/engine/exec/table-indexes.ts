// Indexes declared inside CREATE TABLE (`INDEX ix [HASH|COLUMNSTORE] (...)`), XML indexes, and the
// rules memory-optimized tables add. Index kinds are kept for the catalog (sys.indexes type 3/5/6/7,
// sys.hash_indexes, sys.xml_indexes); lookups do not depend on them.

import type { CreateIndex, InlineIndex } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { Index, Table } from '../storage/objects.js';
import { definitionText } from './definition-text.js';
import { findColumn } from './graph-tables.js';
import { bucketCountOf, checkUniquePartitioning, placementOf } from './storage-ddl.js';

const nextIndexId = (table: Table) => Math.max(1, ...table.indexes.map((i) => i.indexId)) + 1;

function columnIdOf(table: Table, name: string): number {
  const column = findColumn(table, name);
  if (!column)
    throw new SqlError(1911, `Column name '${name}' does not exist in the target table or view.`, 16);
  return column.columnId;
}

function ensureNewIndexName(db: Database, table: Table, name: string): void {
  if (table.indexes.some((i) => i.name?.toLowerCase() === name.toLowerCase()))
    throw new SqlError(
      1913,
      `The operation failed because an index or statistics with name '${name}' already exists on table '${db.schemaById(table.schemaId)!.name}.${table.name}'.`,
      16,
    );
}

/** `INDEX ix [UNIQUE] [CLUSTERED|NONCLUSTERED] [HASH|COLUMNSTORE] (...)` of CREATE TABLE. */
export function addInlineIndex(db: Database, table: Table, i: InlineIndex): void {
  ensureNewIndexName(db, table, i.name.name);
  const clustered = i.clustered === true;
  if (clustered && table.indexes.some((x) => x.indexId === 1))
    throw new SqlError(
      1902,
      `Cannot create more than one clustered index on table '${table.name}'. Drop the existing clustered index before creating another.`,
      16,
    );
  const type = i.hash ? 7 : i.columnstore ? (clustered ? 5 : 6) : clustered ? 1 : 2;
  const placement = placementOf(db, table, i.storage);
  const bucketCount = i.hash ? bucketCountOf(i.storage.with) : undefined;
  const index: Index = {
    indexId: clustered ? 1 : nextIndexId(table),
    name: i.name.name,
    type,
    isUnique: i.unique,
    isPrimaryKey: false,
    isUniqueConstraint: false,
    columns: [
      ...(type === 5 ? [] : i.columns).map((c) => ({
        columnId: columnIdOf(table, c.name.name),
        descending: c.direction === 'DESC',
        included: false,
      })),
      ...i.include.map((c) => ({ columnId: columnIdOf(table, c.name), descending: false, included: true })),
    ],
    ...(i.where ? { filter: definitionText(i.where) } : {}),
    isDisabled: false,
    ...(placement ? { placement } : {}),
    ...(bucketCount ? { bucketCount } : {}),
  };
  checkUniquePartitioning(table, index);
  if (clustered) table.indexes = table.indexes.filter((x) => x.type !== 0);
  table.indexes.push(index);
  table.indexes.sort((a, b) => a.indexId - b.indexId);
}

/** A memory-optimized table needs a primary key unless its durability is SCHEMA_ONLY (41321), and a hash index a bucket count. */
export function checkMemoryOptimized(table: Table): void {
  const mo = table.storage?.memoryOptimized;
  if (!mo) {
    if (table.indexes.some((i) => i.type === 7))
      throw new SqlError(
        12317,
        'Hash indexes are only supported on memory optimized tables. Remove the HASH keyword or make the table memory optimized.',
        16,
      );
    return;
  }
  if (mo.durability === 'SCHEMA_AND_DATA' && !table.indexes.some((i) => i.isPrimaryKey))
    throw new SqlError(
      41321,
      `The memory optimized table '${table.name}' with DURABILITY=SCHEMA_AND_DATA must have a primary key.`,
      16,
    );
  if (table.indexes.some((i) => i.type === 7 && i.bucketCount === undefined))
    throw new SqlError(
      8186,
      'Function BUCKET_COUNT is required for hash indexes on memory optimized tables.',
      16,
    );
}

/** `CREATE [PRIMARY] XML INDEX`: on an xml column; a primary XML index needs a clustered primary key (6332). */
export function createXmlIndex(stmt: CreateIndex, db: Database, table: Table): void {
  const xml = stmt.xml!;
  ensureNewIndexName(db, table, stmt.name.name);
  const columnId = columnIdOf(table, stmt.columns[0].name.name);
  const column = table.columns.find((c) => c.columnId === columnId)!;
  if (column.type.name !== 'xml')
    throw new SqlError(
      6330,
      `Column '${column.name}' on table '${table.name}' is not of type XML, which is required to create an XML index on it.`,
      16,
    );
  const clusteredPk = table.indexes.find((i) => i.indexId === 1 && i.isPrimaryKey);
  if (xml.primary && !clusteredPk)
    throw new SqlError(
      6332,
      `Table '${table.name}' needs to have a clustered primary key with less than 32 columns in it in order to create a primary XML index on it.`,
      16,
    );
  let usingIndexId: number | undefined;
  if (!xml.primary) {
    if (!xml.using)
      throw new SqlError(
        6343,
        `Cannot create secondary xml index '${stmt.name.name}' without a USING XML INDEX clause.`,
        16,
      );
    const primary = table.indexes.find(
      (i) =>
        i.type === 3 &&
        i.xml?.usingIndexId === undefined &&
        i.name?.toLowerCase() === xml.using?.name.toLowerCase(),
    );
    if (!primary)
      throw new SqlError(
        6344,
        `The primary xml index '${xml.using?.name}' does not exist on table '${table.name}' column '${column.name}'.`,
        16,
      );
    usingIndexId = primary.indexId;
  }
  table.indexes.push({
    indexId: Math.max(256000, nextIndexId(table)),
    name: stmt.name.name,
    type: 3,
    isUnique: false,
    isPrimaryKey: false,
    isUniqueConstraint: false,
    columns: [{ columnId, descending: false, included: false }],
    isDisabled: false,
    xml: {
      ...(usingIndexId !== undefined ? { usingIndexId } : {}),
      ...(xml.secondaryType ? { secondaryType: xml.secondaryType } : {}),
    },
  });
}
