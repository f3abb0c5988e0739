// Range partitioning: a table on a partition scheme becomes a PostgreSQL partitioned table (PARTITION BY
// RANGE) with one partition per source partition, on the same boundaries. PostgreSQL's upper bounds are
// exclusive, as RANGE RIGHT's boundaries are; a RANGE LEFT boundary ends its partition, so the upper
// bound is the boundary's successor, which exists only for discrete types. Where the partitioning cannot
// be kept exactly, the table stays an ordinary table with an action item saying why.

import type { ActionItem, Partitioning, Table } from '@ferry/core';
import { shortenIdentifier } from '@ferry/core';
import { pg, type PgExpression, type PgPartitionBound, type PgSchemaStatement } from '../pg/ast.js';
import { mapColumnType } from '../types.js';
import { maxIdentifierBytes } from './identifiers.js';
import { targetLabel, targetPath, type PlanContext } from './plan-context.js';
import { isInteger, isNamed, numericScale, parsePgType } from '../pg/pg-type.js';

export interface PartitionDdl {
  /** The range partitioning column, or undefined when the table is not partitioned in the target. */
  column?: string;
  /** One CREATE TABLE ... PARTITION OF per partition. */
  partitions: PgSchemaStatement[];
  actionItems: ActionItem[];
}

const timeNames = ['timestamp', 'timestamptz', 'time', 'timetz'];
/** Ordered types whose values have no successor. */
const unboundedNames = ['real', 'double precision', 'numeric', 'boolean'];

/**
 * How PostgreSQL orders a type's values: `unordered` when the order may differ from SQL Server's (text
 * by collation, uuid, bytes), else the step from a value to the least greater one, when there is one.
 */
function orderOf(text: string): 'unordered' | { successorStep?: PgExpression } {
  const type = parsePgType(text);
  if (isInteger(type) || isNamed(type, 'date')) return { successorStep: pg.number(1) };
  if (timeNames.some((n) => isNamed(type, n))) return { successorStep: pg.interval('1 microsecond') };
  const scale = numericScale(type);
  if (scale !== undefined)
    return { successorStep: pg.number(scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`) };
  if (!type.modifiers && unboundedNames.some((n) => isNamed(type, n))) return {};
  return 'unordered';
}

/** Why the table cannot be partitioned exactly as at the source, or undefined when it can. */
function refusal(table: Table, p: Partitioning, type: string): string | undefined {
  const order = orderOf(type);
  if (order === 'unordered')
    return `PostgreSQL may order ${type} values differently from SQL Server (collation or byte order), so rows could land in other partitions`;
  if (p.boundaryBelongsTo === 'left' && !order.successorStep)
    return `RANGE LEFT puts a row equal to a boundary in the partition it ends, and PostgreSQL's exclusive upper bound needs the next ${type} value, which does not exist`;
  const unique = [
    ...(table.primaryKey ? [{ what: 'primary key', ...table.primaryKey }] : []),
    ...table.uniques.map((u) => ({ what: 'unique constraint', ...u })),
    ...table.indexes
      .filter((i) => i.unique)
      .map((i) => ({ what: 'unique index', name: i.name, columns: i.columns.map((c) => c.name) })),
  ].find((k) => !k.columns.includes(p.column));
  if (unique)
    return `PostgreSQL needs the partitioning column in every unique key, and ${unique.what} ${unique.name} lacks ${p.column}`;
  return undefined;
}

/** The partitioning clause and partitions of a table, or an action item when it stays unpartitioned. */
export function partitionDdl(ctx: PlanContext, table: Table): PartitionDdl {
  const p = table.partitioning;
  if (!p) return { partitions: [], actionItems: [] };
  const object = targetLabel(ctx, table);
  const column = table.columns.find((c) => c.name === p.column)!;
  const type = mapColumnType(column, ctx.types).sql;
  const why = refusal(table, p, type);
  if (why)
    return {
      partitions: [],
      actionItems: [
        {
          code: 'PARTITIONING_NOT_CONVERTED',
          severity: 'medium',
          object,
          message: `${object} is an ordinary table, not partitioned as by ${p.sourceName} on ${p.column}: ${why}`,
          suggestion: 'partition it by hand (PARTITION BY RANGE/LIST/HASH) if its size needs it',
        },
      ],
    };
  const value = (boundary: string) =>
    pg.string(type === 'bytea' ? boundary.replace(/^0x/i, '\\x') : boundary);
  // RANGE LEFT: the boundary is the last value of its partition; the next value starts the next one.
  const order = orderOf(type) as { successorStep?: PgExpression };
  const bound = (boundary: string): PgExpression =>
    p.boundaryBelongsTo === 'right'
      ? value(boundary)
      : pg.binary('+', pg.cast(value(boundary), parsePgType(type)), order.successorStep!);
  const bounds: PgPartitionBound[] = ['MINVALUE', ...p.boundaries.map(bound), 'MAXVALUE'];
  const parent = targetPath(ctx, table);
  const [schema] = parent;
  // A partition is a relation of the schema: its name must not be one the model already takes.
  const partition = (suffix: string) => {
    let name = shortenIdentifier(`${table.name}_${suffix}`, maxIdentifierBytes);
    for (let n = 2; ctx.relations?.has(`${schema}.${name}`); n++)
      name = shortenIdentifier(`${table.name}_${suffix}_${n}`, maxIdentifierBytes);
    return [schema, name];
  };
  const partitions: PgSchemaStatement[] = bounds.slice(1).map((to, i) => ({
    kind: 'CreatePartition',
    name: partition(`p${i + 1}`),
    parent,
    range: { from: bounds[i]!, to },
  }));
  // SQL Server puts NULL in the first partition; a PostgreSQL range partition takes no NULL key.
  if (column.nullable) partitions.push({ kind: 'CreatePartition', name: partition('null'), parent });
  return {
    column: p.column,
    partitions,
    actionItems: [
      {
        code: 'PARTITIONED_TABLE',
        severity: 'low',
        object,
        message: `${p.sourceName} on ${p.column} becomes PARTITION BY RANGE with ${bounds.length - 1} partitions on the same boundaries (RANGE ${p.boundaryBelongsTo.toUpperCase()})${column.nullable ? '; rows with a NULL key go to the DEFAULT partition' : ''}`,
        suggestion:
          'partition maintenance (SWITCH, SPLIT, MERGE) becomes ATTACH/DETACH PARTITION and new partitions by hand',
      },
    ],
  };
}
