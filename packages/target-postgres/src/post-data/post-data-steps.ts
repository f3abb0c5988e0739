// Post-data DDL of a table created by Ferry: primary key, unique constraints, indexes, checks,
// foreign keys and comments, added after the load (building them on loaded data is faster), and the
// defaults that call user functions (after the routines, like the checks that call them).

import type {
  ActionItem,
  ForeignKey,
  Index,
  PlanStep,
  ReferentialAction,
  SchemaModel,
  Table,
} from '@ferry/core';
import { qualifiedName } from '@ferry/core';
import type { LaterDefault } from '../ddl/create-table.js';
import { convertCheck, convertExpression, type ExpressionNames } from '../ddl/expressions.js';
import {
  expressionNames,
  routineStepId,
  targetLabel,
  targetPath,
  type PlanContext,
} from '../ddl/plan-context.js';
import type { RelationNames } from '../ddl/relation-names.js';
import { mapColumnType } from '../types.js';
import type { PgAlterTableAction, PgReferentialAction, PgSchemaStatement } from '../pg/ast.js';
import { printExpression } from '../pg/print-expression.js';
import { printDdl } from '../pg/print-ddl.js';
import { tableStepId } from '../prep/prep-steps.js';

export function stepId(phase: PlanStep['phase'], kind: string, object: string): string {
  return `${phase}:${kind}:${object}`;
}

function step(
  ctx: PlanContext,
  table: Table,
  kind: string,
  name: string,
  statements: PgSchemaStatement[],
  extra: Partial<PlanStep> = {},
): PlanStep {
  const object = `${targetLabel(ctx, table)}${name ? `.${name}` : ''}`;
  const requires = [tableStepId(ctx, table), ...(extra.requires ?? [])];
  return {
    id: stepId('post-data', kind, object),
    phase: 'post-data',
    kind,
    object,
    statements: statements.map(printDdl),
    ...extra,
    requires,
  };
}

/**
 * A spatial index: GiST on its column when the column is a PostGIS geography/geometry (spatialAs:
 * 'postgis'); an action item when the values are EWKB bytes, which no index serves spatially.
 */
function spatialIndex(
  ctx: PlanContext,
  table: Table,
  index: Index,
  name: string,
): PgSchemaStatement | ActionItem {
  const column = table.columns.find((c) => c.name === index.columns[0]?.name);
  const type = column && (column.targetType ?? mapColumnType(column, ctx.types).sql);
  if (type === 'geography' || type === 'geometry')
    return {
      kind: 'CreateIndex',
      name,
      unique: false,
      table: targetPath(ctx, table),
      columns: [{ name: column!.name, descending: false }],
      include: [],
      using: 'gist',
    };
  return {
    code: 'SPATIAL_INDEX_NOT_CREATED',
    severity: 'medium',
    object: `${targetLabel(ctx, table)}.${index.name}`,
    message: `spatial index ${index.name} on ${index.columns.map((c) => c.name).join(', ')} is not created: the spatial values are kept as ${type ?? 'an unknown type'}, which no index serves spatially`,
    suggestion:
      "install PostGIS on the target and set the target option spatialAs: 'postgis' (the index becomes a GiST index)",
  };
}

/** CREATE INDEX, partial when it is filtered; an action item instead when its filter does not convert. */
function createIndex(
  ctx: PlanContext,
  table: Table,
  index: Index,
  name: string,
  names: ExpressionNames | undefined,
): PgSchemaStatement | ActionItem {
  if (index.spatial) return spatialIndex(ctx, table, index, name);
  const where = index.where && convertExpression(index.where, table, names);
  if (index.where && !where)
    return {
      code: 'INDEX_FILTER_NOT_CONVERTED',
      severity: 'high',
      object: `${targetLabel(ctx, table)}.${index.name}`,
      message: `filtered index predicate ${index.where.source} (${index.where.dialect}) was not converted; the index is not created`,
      snippet: index.where.source,
      suggestion: 'create it by hand as a partial index (CREATE INDEX ... WHERE ...)',
    };
  return {
    kind: 'CreateIndex',
    name,
    unique: index.unique,
    table: targetPath(ctx, table),
    columns: index.columns.map((c) => ({ name: c.name, descending: !!c.descending })),
    include: index.include ?? [],
    where: where?.expr,
  };
}

const referentialActions: Record<ReferentialAction, PgReferentialAction> = {
  'no action': 'NO ACTION',
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
  restrict: 'RESTRICT',
};

function addForeignKey(fk: ForeignKey, referenced: string[], notValid: boolean): PgAlterTableAction {
  return {
    kind: 'AddConstraint',
    name: fk.name,
    constraint: {
      kind: 'ForeignKey',
      columns: fk.columns,
      references: referenced,
      referencedColumns: fk.references.columns,
      onDelete: referentialActions[fk.onDelete],
      onUpdate: referentialActions[fk.onUpdate],
    },
    notValid,
  };
}

/**
 * Post-data steps of one table Ferry created (prep mode drop-and-create); `laterDefaults`: its
 * defaults that call user functions (createTable's).
 */
export function postDataSteps(
  ctx: PlanContext,
  model: SchemaModel,
  table: Table,
  names: RelationNames,
  laterDefaults: readonly LaterDefault[],
): { steps: PlanStep[]; actionItems: ActionItem[] } {
  const steps: PlanStep[] = [];
  const actionItems: ActionItem[] = [];
  const path = targetPath(ctx, table);
  const otherNames = expressionNames(ctx, table);
  const alter = (action: PgAlterTableAction): PgSchemaStatement => ({
    kind: 'AlterTable',
    table: path,
    action,
  });
  const addKey = (kind: 'PrimaryKey' | 'Unique', key: { name: string; columns: string[] }) =>
    alter({
      kind: 'AddConstraint',
      name: names.of(table, key.name),
      constraint: { kind, columns: key.columns },
      notValid: false,
    });

  if (table.primaryKey)
    steps.push(
      step(ctx, table, 'primary-key', table.primaryKey.name, [addKey('PrimaryKey', table.primaryKey)]),
    );
  for (const u of table.uniques) steps.push(step(ctx, table, 'unique', u.name, [addKey('Unique', u)]));
  for (const index of table.indexes) {
    const ddl = createIndex(ctx, table, index, names.of(table, index.name), otherNames);
    if ('kind' in ddl) steps.push(step(ctx, table, 'index', index.name, [ddl]));
    else {
      actionItems.push(ddl);
      steps.push(step(ctx, table, 'index', index.name, [], { actionItems: [ddl] }));
    }
  }
  for (const check of table.checks) {
    const converted = convertCheck(check.expression, table, otherNames);
    if ('expr' in converted) {
      const constraint = { kind: 'Check', expr: converted.expr } as const;
      steps.push(
        step(
          ctx,
          table,
          'check',
          check.name,
          [alter({ kind: 'AddConstraint', name: check.name, constraint, notValid: !!check.disabled })],
          { requires: converted.calls.map(routineStepId) },
        ),
      );
    } else {
      const item = { ...converted.actionItem, object: `${targetLabel(ctx, table)}.${check.name}` };
      actionItems.push(item);
      steps.push(step(ctx, table, 'check', check.name, [], { actionItems: [item] }));
    }
  }
  const routines = new Set(model.routines.map((r) => targetLabel(ctx, r)));
  for (const converted of laterDefaults) {
    const { column } = converted;
    const source = column.default!.source;
    const missing = converted.calls.filter((c) => !routines.has(c));
    if (missing.length) {
      const item: ActionItem = {
        code: 'DEFAULT_NOT_CONVERTED',
        severity: 'medium',
        object: `${targetLabel(ctx, table)}.${column.name}`,
        message: `default ${source} calls ${missing.join(', ')}, which is not part of the migration; the column has no default`,
        snippet: source,
        suggestion: `migrate the function, then ALTER TABLE ... ALTER COLUMN ... SET DEFAULT ${printExpression(converted.expr)}`,
      };
      actionItems.push(item);
      continue;
    }
    steps.push(
      step(
        ctx,
        table,
        'default',
        column.name,
        [alter({ kind: 'SetDefault', column: column.name, default: converted.expr })],
        { requires: converted.calls.map(routineStepId) },
      ),
    );
  }
  for (const fk of table.foreignKeys) {
    const referenced = model.tables.find((t) => qualifiedName(t) === qualifiedName(fk.references));
    const object = `${targetLabel(ctx, table)}.${fk.name}`;
    if (!referenced) {
      const item: ActionItem = {
        code: 'FK_TARGET_NOT_MIGRATED',
        severity: 'medium',
        object,
        message: `foreign key ${fk.name} references ${qualifiedName(fk.references)}, which is not part of the migration; it is not created`,
      };
      actionItems.push(item);
      steps.push(step(ctx, table, 'foreign-key', fk.name, [], { actionItems: [item] }));
      continue;
    }
    const untrusted = fk.disabled || fk.notTrusted;
    const deferValidation = ctx.foreignKeys === 'not-valid-then-validate';
    const fkStep = step(
      ctx,
      table,
      'foreign-key',
      fk.name,
      [alter(addForeignKey(fk, targetPath(ctx, fk.references), untrusted || deferValidation))],
      { requires: [tableStepId(ctx, referenced), ...referencedKeySteps(ctx, referenced)] },
    );
    steps.push(fkStep);
    if (untrusted) {
      actionItems.push({
        code: 'FK_NOT_TRUSTED_AT_SOURCE',
        severity: 'low',
        object,
        message: `foreign key ${fk.name} is ${fk.disabled ? 'disabled' : 'not trusted'} at the source; it is created NOT VALID (existing rows are not checked)`,
      });
    } else if (deferValidation) {
      steps.push(
        step(
          ctx,
          table,
          'foreign-key-validate',
          fk.name,
          [alter({ kind: 'ValidateConstraint', name: fk.name })],
          { requires: [fkStep.id] },
        ),
      );
    }
  }
  const comments: PgSchemaStatement[] = [];
  if (table.comment !== undefined)
    comments.push({ kind: 'CommentOn', target: 'TABLE', name: path, text: table.comment });
  for (const c of table.columns) {
    if (c.comment !== undefined)
      comments.push({ kind: 'CommentOn', target: 'COLUMN', name: [...path, c.name], text: c.comment });
  }
  if (comments.length) steps.push(step(ctx, table, 'comment', '', comments));
  return { steps, actionItems };
}

/** Ids of the steps creating a table's PK and unique constraints (what FKs to it need). */
function referencedKeySteps(ctx: PlanContext, table: Table): string[] {
  const ids: string[] = [];
  if (table.primaryKey)
    ids.push(stepId('post-data', 'primary-key', `${targetLabel(ctx, table)}.${table.primaryKey.name}`));
  for (const u of table.uniques)
    ids.push(stepId('post-data', 'unique', `${targetLabel(ctx, table)}.${u.name}`));
  for (const i of table.indexes)
    if (i.unique) ids.push(stepId('post-data', 'index', `${targetLabel(ctx, table)}.${i.name}`));
  return ids;
}
