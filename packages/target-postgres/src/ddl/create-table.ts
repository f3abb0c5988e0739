// CREATE TABLE for the pre-data phase: columns, types, identity, defaults and generated columns;
// keys, indexes, checks and FKs come in post-data, after the load.

import type { ActionItem, Column, Table } from '@ferry/core';
import type { PgColumnDefinition, PgSchemaStatement } from '../pg/ast.js';
import { mapColumnType } from '../types.js';
import { computedColumns, computedTriggerName, type ComputedMode } from './computed-columns.js';
import { convertDefault, type ConvertedExpression, type ExpressionNames } from './expressions.js';
import { partitionDdl } from './partitioning.js';
import { ledgerDefaults } from './storage-features.js';
import { expressionNames, targetLabel, targetPath, type PlanContext } from './plan-context.js';
import { parsePgType } from '../pg/pg-type.js';

/** A column default that calls user functions: set in post-data (postDataSteps), once they exist. */
export type LaterDefault = ConvertedExpression & { column: Column };

export interface TableDdl {
  /** CREATE TABLE, then its partitions when it is partitioned. */
  statements: PgSchemaStatement[];
  actionItems: ActionItem[];
  laterDefaults: LaterDefault[];
}

const integerTypes = new Set(['smallint', 'integer', 'bigint']);

/** True for a column PostgreSQL computes itself (GENERATED ALWAYS AS ... STORED): COPY must not write it. */
export function isGeneratedColumn(column: Column, table: Table): boolean {
  return column.computed !== undefined && computedColumns(table).get(column.name)?.mode === 'generated';
}

/** What the columns of one table share: its expression names, computed columns, and what they add. */
interface TableColumns {
  names: ExpressionNames | undefined;
  computed: Map<string, ComputedMode>;
  items: ActionItem[];
  laterDefaults: LaterDefault[];
}

function columnDefinition(
  ctx: PlanContext,
  table: Table,
  column: Column,
  { names, computed, items, laterDefaults }: TableColumns,
): PgColumnDefinition {
  const object = `${targetLabel(ctx, table)}.${column.name}`;
  const remarks: string[] = [];
  const note = (item: Omit<ActionItem, 'object'>) => {
    items.push({ ...item, object });
    remarks.push(`${item.code}: ${item.message}`);
  };
  let type = mapColumnType(column, ctx.types).sql;
  let clause: Pick<PgColumnDefinition, 'identity' | 'generated' | 'default'> = {};

  if (column.identity) {
    if (
      !integerTypes.has(type) &&
      column.type.kind === 'decimal' &&
      column.type.scale === 0 &&
      column.type.precision <= 18
    )
      type = 'bigint';
    if (integerTypes.has(type)) {
      clause = { identity: { seed: column.identity.seed, increment: column.identity.increment } };
    } else {
      note({
        code: 'IDENTITY_NOT_CONVERTED',
        severity: 'medium',
        message: `identity on a ${type} column has no PostgreSQL equivalent; values are copied, no identity is created`,
        suggestion: 'use a sequence and a DEFAULT nextval(...) by hand',
      });
    }
  } else if (column.computed) {
    const mode = computed.get(column.name);
    if (mode?.mode === 'generated') {
      clause = { generated: mode.expr };
      if (!column.computed.persisted && column.computed.expression.dialect !== 'postgres') {
        note({
          code: 'COMPUTED_STORED',
          severity: 'low',
          message: `non-persisted computed column ${column.computed.expression.source} becomes a STORED generated column (PostgreSQL computes on write, not on read)`,
        });
      }
    } else if (mode?.mode === 'trigger') {
      note({
        code: 'COMPUTED_BY_TRIGGER',
        severity: 'low',
        message: `computed column ${column.computed.expression.source} is a plain column that the trigger ${computedTriggerName(table)} computes on INSERT and UPDATE: PostgreSQL refuses it as a generated column (${mode.why})`,
        snippet: column.computed.expression.source,
      });
    } else {
      note({
        code: 'COMPUTED_NOT_CONVERTED',
        severity: 'medium',
        message: `computed column ${column.computed.expression.source} was not converted; it is a plain column holding the copied values`,
        snippet: column.computed.expression.source,
        suggestion: 'write a GENERATED ALWAYS AS (...) STORED column or a view by hand',
      });
    }
  } else if (column.ledger && ledgerDefaults[column.ledger]) {
    clause = { default: ledgerDefaults[column.ledger] };
  } else if (column.default) {
    const converted = convertDefault(column.default, column, table, names);
    if (!('expr' in converted)) note(converted.actionItem);
    else if (converted.calls.length) laterDefaults.push({ ...converted, column });
    else clause = { default: converted.expr };
  }
  return { name: column.name, type: parsePgType(type), ...clause, notNull: !column.nullable, remarks };
}

/** `CREATE TABLE schema.name (...)` without keys, indexes, checks or FKs, and its partitions. */
export function createTable(ctx: PlanContext, table: Table): TableDdl {
  const names = expressionNames(ctx, table);
  const shared: TableColumns = {
    names,
    computed: computedColumns(table, names),
    items: [],
    laterDefaults: [],
  };
  const columns = table.columns.map((c) => columnDefinition(ctx, table, c, shared));
  const { items: actionItems, laterDefaults } = shared;
  const partitioning = partitionDdl(ctx, table);
  actionItems.push(...partitioning.actionItems);
  return {
    statements: [
      { kind: 'CreateTable', name: targetPath(ctx, table), columns, partitionByRange: partitioning.column },
      ...partitioning.partitions,
    ],
    actionItems,
    laterDefaults,
  };
}
